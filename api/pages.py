"""Server-rendered pages (Jinja2, no front-end build): Chinese by default, English by a switch.

Logging in sets an HttpOnly, SameSite=Lax cookie holding the same signed token the API issues
(so a form on another site cannot post with it). Each role gets its own page at ``/me``:
students their recommended positions and enterprises with reasons, and save, apply and dismiss
buttons; enterprises their positions with consenting candidates; advisors a cohort board;
researchers the latest offline evaluation report; admins the model status.
"""

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import numpy as np
from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError

from api.app import (
    InteractionIn,
    audit_views,
    engine_of,
    exclusions,
    issue_token,
    record_event,
    user_of_token,
)
from api.i18n import DISMISS_REASONS, LANGS, words
from matcher.rules import applied_students
from matcher.schemas import Event, Role, User
from matcher.store.accounts import authenticate

COOKIE = "matcher_session"
LANG_COOKIE = "matcher_lang"
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
router = APIRouter(include_in_schema=False)


def _lang(request: Request) -> str:
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "zh"
    return asked if asked in LANGS else "zh"


def _page(
    request: Request, name: str, user: User | None, status_code: int = 200, **context: Any
) -> HTMLResponse:
    lang = _lang(request)
    response = templates.TemplateResponse(
        request,
        name,
        {"lang": lang, "t": words(lang), "user": user, **context},
        status_code=status_code,
    )
    response.set_cookie(LANG_COOKIE, lang, samesite="lax")
    return response


def _user(request: Request) -> User | None:
    token = request.cookies.get(COOKIE)
    return user_of_token(request.app.state, token) if token else None


@router.get("/", response_class=HTMLResponse)
def index(request: Request) -> Response:
    """The landing page with the login form (or on to ``/me`` when logged in)."""
    if _user(request) is not None:
        return RedirectResponse("/me", status_code=303)
    return _page(request, "index.html", None)


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
) -> Response:
    """Check the password; set the session cookie and go to ``/me``."""
    user = authenticate(request.app.state.store, username, password)
    if user is None:
        lang = _lang(request)
        return _page(request, "index.html", None, error=words(lang)["bad_login"], status_code=401)
    token = issue_token(request.app.state, user)
    response = RedirectResponse("/me", status_code=303)
    response.set_cookie(
        COOKIE, token.access_token, max_age=token.expires_in, httponly=True, samesite="lax"
    )
    return response


@router.post("/logout")
def logout() -> Response:
    """Forget the session."""
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE)
    return response


@router.get("/me", response_class=HTMLResponse)
def me(request: Request, notice: str | None = None) -> Response:
    """The page of the logged-in account's role."""
    user = _user(request)
    if user is None:
        return RedirectResponse("/", status_code=303)
    state = request.app.state
    engine = engine_of(state)
    lang = _lang(request)
    if user.role == Role.student:
        from matcher.recommend import recommend_enterprises, recommend_positions

        sid = user.student_id or ""
        if sid not in engine.students.index:
            return _page(
                request, "student.html", user, recs=[], ents=[], names={}, reasons=DISMISS_REASONS
            )
        gone = exclusions(state, sid)
        recs = recommend_positions(engine, sid, k=10, lang=lang, exclude=gone)
        ents = recommend_enterprises(engine, sid, k=5, exclude=gone)
        E = engine.enterprises
        names = {eid: E.name[i] for eid, i in E.index.items()}
        text = words(lang)["recorded"] if notice else None
        return _page(
            request,
            "student.html",
            user,
            recs=recs,
            ents=ents,
            names=names,
            reasons=DISMISS_REASONS,
            notice=text,
        )
    if user.role == Role.enterprise:
        from matcher.recommend import recommend_candidates

        P = engine.positions
        own = [
            i
            for i in range(len(P.ids))
            if engine.enterprises.ids[P.enterprise[i]] == user.enterprise_id and P.is_open[i]
        ]
        positions = [
            {
                "id": P.ids[i],
                "title": P.title[i],
                "candidates": recommend_candidates(engine, P.ids[i], k=5, lang=lang),
            }
            for i in own[:20]
        ]
        for item in positions:
            shown = [str(c.student_id) for c in item["candidates"]]
            audit_views(state, user, "view_candidate", shown, str(item["id"]))
        return _page(request, "enterprise.html", user, positions=positions)
    if user.role == Role.advisor:
        return _page(request, "advisor.html", user, **_cohort_board(request, user))
    if user.role in (Role.researcher, Role.admin):
        report, plots = _latest_report(request)
        model = (
            f"{engine.directory.name if engine.directory else '–'} · "
            f"{'learned' if engine.ranker is not None else 'prior'}"
        )
        return _page(request, "researcher.html", user, report=report, plots=plots, model=model)
    raise HTTPException(403, "no page for this role")


@router.post("/me/act")
def act(
    request: Request,
    position_id: Annotated[str, Form(min_length=1, max_length=64)],
    event: Annotated[Event, Form()],
    reason: Annotated[str | None, Form()] = None,
) -> Response:
    """A student's save, apply or dismiss from her page."""
    user = _user(request)
    if user is None:
        return RedirectResponse("/", status_code=303)
    if user.role != Role.student or not user.student_id:
        raise HTTPException(403, "only students act on their recommendations here")
    try:
        body = InteractionIn(
            student_id=user.student_id,
            position_id=position_id,
            event=event,
            reason=reason if event == Event.dismiss else None,
        )
    except ValidationError as exc:
        raise HTTPException(422, exc.errors(include_url=False, include_context=False)) from None
    record_event(request.app.state, user, body)
    return RedirectResponse("/me?notice=1", status_code=303)


@router.get("/me/placements.csv")
def placements_csv(request: Request) -> Response:
    """The advisor's current plan (same query as the board) as a CSV download."""
    from api.placements import cohort_plan, plan_csv

    user = _user(request)
    if user is None:
        return RedirectResponse("/", status_code=303)
    state = request.app.state
    return plan_csv(state, cohort_plan(state, user, _placement_request(request)))


@router.get("/reports/{name:path}")
def report_file(request: Request, name: str) -> Response:
    """A plot of the latest report (researchers and admins only)."""
    user = _user(request)
    if user is None or user.role not in (Role.researcher, Role.admin):
        raise HTTPException(403, "researchers only")
    folder = _report_dir().resolve()
    path = (folder / name).resolve()
    if folder not in path.parents or not path.is_file():
        raise HTTPException(404, "no such report file")
    return FileResponse(path)


def _report_dir() -> Path:
    from matcher.config import get_settings

    return Path(get_settings().models_dir) / "report"


def _latest_report(request: Request) -> tuple[str | None, list[str]]:
    folder = _report_dir()
    report = folder / "report.md"
    if not report.is_file():
        return None, []
    plots = sorted(str(p.relative_to(folder)) for p in (folder / "plots").glob("*.png"))
    return report.read_text(encoding="utf-8"), plots


def _placement_request(request: Request) -> Any:
    """The advisor's plan settings from the query: method, cohort, and locked / forbidden pairs.

    Locks and forbids travel as ``lock=STUDENT:POSITION`` / ``forbid=…`` query parameters, so
    the plan is re-run from the link itself and the page keeps no hidden state.
    """
    from api.placements import Pair, PlacementIn

    def pairs(name: str) -> list[Pair]:
        out = []
        for value in request.query_params.getlist(name)[:200]:
            sid, _, pid = value.partition(":")
            if sid and pid:
                out.append(Pair(student_id=sid[:64], position_id=pid[:64]))
        return out

    method = request.query_params.get("method", "optimal")
    cohort = request.query_params.get("cohort") or None
    try:
        return PlacementIn(
            method=method, cohort=cohort, locked=pairs("lock"), forbidden=pairs("forbid")
        )
    except ValidationError as exc:
        raise HTTPException(422, exc.errors(include_url=False, include_context=False)) from None


def _cohort_board(request: Request, user: User) -> dict[str, Any]:
    """The cohort's placement plan (status, planned position, lock / forbid) and open slots."""
    from api.placements import cohort_plan

    state = request.app.state
    engine = engine_of(state)
    wanted = _placement_request(request)
    try:
        plan = cohort_plan(state, user, wanted)
        error = None
    except HTTPException as exc:
        if exc.status_code == 403:
            raise
        plan, error = None, str(exc.detail)
    applied = applied_students(engine.pairs)
    rows = []
    if plan is not None:
        for a in plan["assignments"]:
            status = "applied" if a["student_id"] in applied else "unplaced"
            rows.append({**a, "status": status})
        for sid in plan["unassigned"]:
            status = "applied" if sid in applied else "unplaced"
            rows.append({"student_id": sid, "status": status, "position_id": None})
        rows.extend({"student_id": sid, "status": "placed", "position_id": None}
                    for sid in plan["already_placed"])  # fmt: skip
    P, E = engine.positions, engine.enterprises
    slots: dict[int, int] = {}
    for i in np.flatnonzero(P.is_open):
        slots[int(P.enterprise[i])] = slots.get(int(P.enterprise[i]), 0) + int(P.openings[i])
    ranked = sorted(slots.items(), key=lambda kv: -kv[1])[:30]
    query = [("method", wanted.method)] + ([("cohort", wanted.cohort)] if wanted.cohort else [])
    query += [("lock", f"{p.student_id}:{p.position_id}") for p in wanted.locked]
    query += [("forbid", f"{p.student_id}:{p.position_id}") for p in wanted.forbidden]
    return {
        "plan": plan,
        "rows": rows,
        "error": error,
        "wanted": wanted,
        "query": urlencode(query),
        "cohorts": user.cohorts,
        "slots": [{"name": E.name[e], "openings": n} for e, n in ranked],
    }
