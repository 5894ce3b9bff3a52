"""Server-rendered pages (Jinja2, no front-end build): Chinese by default, English by a switch.

Logging in sets an HttpOnly, SameSite=Lax cookie holding the same signed token the API issues
(so a form on another site cannot post with it). Each role gets its own page at ``/me``:
students their recommended positions and enterprises with reasons, and save, apply and dismiss
buttons; enterprises their positions with consenting candidates; advisors a cohort board;
researchers the latest offline evaluation report; admins the model status.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import numpy as np
from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import ValidationError

from api.audit import audit_views
from api.deps import EngineDep, SettingsDep, StoreDep, account
from api.routes.interactions import record_event
from api.routes.placements import cohort_plan, plan_csv
from api.routes.students import exclusions
from api.schemas import InteractionCreate, Pair, PlanCreate
from api.security import issue_token
from api.web.i18n import DISMISS_REASONS, LANGS, words
from matcher.config import Settings
from matcher.engine.snapshot import Engine
from matcher.errors import MatcherError
from matcher.recommend import recommend_candidates, recommend_enterprises, recommend_positions
from matcher.rules import applied_students
from matcher.schemas import Event, Role, User
from matcher.store.accounts import authenticate
from matcher.store.database import Store

COOKIE = "matcher_session"
LANG_COOKIE = "matcher_lang"
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
router = APIRouter(include_in_schema=False)


async def get_page_user(request: Request) -> User | None:
    """The account of the session cookie, or ``None`` (not logged in, or the token expired)."""
    return await account(request, request.cookies.get(COOKIE))


PageUser = Annotated[User | None, Depends(get_page_user)]


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


@router.get("/", response_class=HTMLResponse)
def index(request: Request, user: PageUser) -> Response:
    """The landing page with the login form (or on to ``/me`` when logged in)."""
    if user is not None:
        return RedirectResponse("/me", status_code=303)
    return _page(request, "index.html", None)


@router.post("/login")
def login(
    request: Request,
    store: StoreDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=256)],
) -> Response:
    """Check the password; set the session cookie and go to ``/me``."""
    user = authenticate(store, username, password)
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
def me(
    request: Request,
    user: PageUser,
    engine: EngineDep,
    store: StoreDep,
    settings: SettingsDep,
    notice: str | None = None,
) -> Response:
    """The page of the logged-in account's role."""
    if user is None:
        return RedirectResponse("/", status_code=303)
    lang = _lang(request)
    if user.role == Role.student:
        sid = user.student_id or ""
        if sid not in engine.students.index:
            return _page(
                request, "student.html", user, recs=[], ents=[], names={}, reasons=DISMISS_REASONS
            )
        gone = exclusions(store, sid)
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
            audit_views(store, user, "view_candidate", shown, str(item["id"]))
        return _page(request, "enterprise.html", user, positions=positions)
    if user.role == Role.advisor:
        return _page(request, "advisor.html", user, **_cohort_board(request, user, engine, store))
    if user.role in (Role.researcher, Role.admin):
        report, plots = _latest_report(settings)
        model = (
            f"{engine.directory.name if engine.directory else '–'} · "
            f"{'learned' if engine.ranker is not None else 'prior'}"
        )
        return _page(request, "researcher.html", user, report=report, plots=plots, model=model)
    raise HTTPException(403, "no page for this role")


@router.post("/me/act")
def act(
    user: PageUser,
    store: StoreDep,
    position_id: Annotated[str, Form(min_length=1, max_length=64)],
    event: Annotated[Event, Form()],
    reason: Annotated[str | None, Form()] = None,
) -> Response:
    """A student's save, apply or dismiss from her page."""
    if user is None:
        return RedirectResponse("/", status_code=303)
    if user.role != Role.student or not user.student_id:
        raise HTTPException(403, "only students act on their recommendations here")
    try:
        body = InteractionCreate(
            student_id=user.student_id,
            position_id=position_id,
            event=event,
            reason=reason if event == Event.dismiss else None,
        )
    except ValidationError as exc:
        raise HTTPException(422, exc.errors(include_url=False, include_context=False)) from None
    record_event(store, user, body)
    return RedirectResponse("/me?notice=1", status_code=303)


@router.get("/me/placements.csv")
def placements_csv(
    request: Request, user: PageUser, engine: EngineDep, store: StoreDep
) -> Response:
    """The advisor's current plan (same query as the board) as a CSV download."""
    if user is None:
        return RedirectResponse("/", status_code=303)
    return plan_csv(engine, cohort_plan(store, engine, user, _placement_request(request)))


@router.get("/reports/{name:path}")
def report_file(name: str, user: PageUser, settings: SettingsDep) -> Response:
    """A plot of the latest report (researchers and admins only)."""
    if user is None or user.role not in (Role.researcher, Role.admin):
        raise HTTPException(403, "researchers only")
    folder = _report_dir(settings).resolve()
    path = (folder / name).resolve()
    if folder not in path.parents or not path.is_file():
        raise HTTPException(404, "no such report file")
    return FileResponse(path)


def _report_dir(settings: Settings) -> Path:
    return Path(settings.models_dir) / "report"


def _latest_report(settings: Settings) -> tuple[str | None, list[str]]:
    folder = _report_dir(settings)
    report = folder / "report.md"
    if not report.is_file():
        return None, []
    plots = sorted(str(p.relative_to(folder)) for p in (folder / "plots").glob("*.png"))
    return report.read_text(encoding="utf-8"), plots


def _placement_request(request: Request) -> PlanCreate:
    """The advisor's plan settings from the query: method, cohort, and locked / forbidden pairs.

    Locks and forbids travel as ``lock=STUDENT:POSITION`` / ``forbid=…`` query parameters, so
    the plan is re-run from the link itself and the page keeps no hidden state.
    """

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
        return PlanCreate(
            method=method,  # type: ignore[arg-type]
            cohort=cohort,
            locked=pairs("lock"),
            forbidden=pairs("forbid"),
        )
    except ValidationError as exc:
        raise HTTPException(422, exc.errors(include_url=False, include_context=False)) from None


def _cohort_board(request: Request, user: User, engine: Engine, store: Store) -> dict[str, Any]:
    """The cohort's placement plan (status, planned position, lock / forbid) and open slots."""
    wanted = _placement_request(request)
    try:
        plan = cohort_plan(store, engine, user, wanted)
        error = None
    except HTTPException as exc:
        if exc.status_code == 403:
            raise
        cause = exc.__cause__
        plan = None
        if isinstance(cause, MatcherError):
            error = cause.localized(_lang(request))
        else:
            error = str(exc.detail)
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
