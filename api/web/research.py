"""The researcher's and the admin's pages: the evaluation report, the served model, and for
admins the audit log and the accounts.

- ``/me``: the latest offline evaluation report as tables (:mod:`api.web.research_report`),
  marked stale when it evaluated another model than the one served;
- ``/me/model``: the served version, its validation figures, the background job; admins
  retrain from there (``/me/model/retrain`` asks first, then queues it: Post/Redirect/Get);
- ``/me/audit`` (admins): who viewed which student's data, newest first, by student, by page;
- ``/me/users`` (admins): every account without its password hash;
- ``/reports/...``: the report's files (``metrics.json``, ``report.md``, plots); runs and qrels
  hold raw student ids and are not served.

Researchers see the report and the model; admins everything; any other role a 403 page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from api.deps import EngineDep, ServedDep, SettingsDep, StoreDep
from api.web.common import MENUS, PageUser, done, language_of, notice, page, require
from api.web.research_report import (
    MEASURE_LABELS,
    Cell,
    Table,
    china_time,
    load_report,
    number,
    report_dir,
    word,
)
from matcher.engine.snapshot import Engine
from matcher.schemas import Role, User
from matcher.serving import ServedEngine
from matcher.store.accounts import list_users
from matcher.store.database import Store

router = APIRouter(include_in_schema=False)

MENUS[Role.researcher] = (
    ("/me", "res_menu_report"),
    ("/me/market", "res_menu_market"),
    ("/me/model", "res_menu_model"),
)
MENUS[Role.admin] = (
    *MENUS[Role.researcher],
    ("/me/audit", "res_menu_audit"),
    ("/me/users", "res_menu_users"),
)

#: Rows per page of the audit log and of the accounts.
AUDIT_PAGE = 25
USERS_PAGE = 50
#: Deepest page of the audit log (the store reads every newer entry before a page).
AUDIT_PAGES = 400
#: A student id as records have them (:data:`matcher.schemas.RecordId`).
STUDENT_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
#: The report's files served as text, so that a browser shows them.
TEXT_FILES = {".md": "text/markdown", ".run": "text/plain", ".qrels": "text/plain"}
#: Validation measures of the model page, by column: first the one rankers are chosen by.
VALIDATION = (("match_ndcg@10", "res_col_match_ndcg"), ("ndcg@10", None), ("map", None))

PageNo = Annotated[int, Query(alias="page", ge=1, le=AUDIT_PAGES)]


def _models_dir(request: Request) -> Path:
    """The served engine's models folder (``MATCHER_MODELS_DIR`` unless the app was given one)."""
    return Path(request.app.state.served.models_dir)


def _served_version(engine: Engine) -> str | None:
    version = engine.manifest.get("version")
    if version:
        return str(version)
    return engine.directory.name if engine.directory else None


# -- the report -----------------------------------------------------------------------------


def home(request: Request, user: User, engine: EngineDep, settings: SettingsDep) -> Response:
    """The latest offline evaluation report, checked against the served model."""
    require(user, Role.researcher, Role.admin)
    lang = language_of(request)
    report = load_report(_models_dir(request), _served_version(engine), lang)
    return page(request, "research/report.html", user, report=report, notice=notice(request))


#: The report's files a browser may fetch: none of them holds a student id.
SERVED_REPORT_FILES = frozenset({"metrics.json", "report.md"})


def served_report_file(name: str) -> bool:
    """Whether ``name`` (relative to the report folder) is one of the files served."""
    parts = name.split("/")
    if len(parts) == 1:
        return name in SERVED_REPORT_FILES
    return len(parts) == 2 and parts[0] == "plots" and parts[1].endswith(".png")


@router.get("/reports/{name:path}")
def report_file(request: Request, name: str, user: PageUser) -> Response:
    """A file of the latest report (researchers and admins): ``metrics.json``, ``report.md`` and
    the plots only. Runs, qrels and per-query files hold raw student ids and stay on the server."""
    require(user, Role.researcher, Role.admin)
    if not served_report_file(name):
        raise HTTPException(404, "no such report file")
    folder = report_dir(_models_dir(request)).resolve()
    path = (folder / name).resolve()
    if folder not in path.parents or not path.is_file():
        raise HTTPException(404, "no such report file")
    text = TEXT_FILES.get(path.suffix)
    if text is not None:
        return FileResponse(path, media_type=f"{text}; charset=utf-8")
    return FileResponse(path)


# -- the served model -----------------------------------------------------------------------


def _validation_table(validation: dict[str, Any], lang: str) -> Table:
    """Every system of the validation semester × nDCG@10, MAP, matches nDCG@10."""
    table = Table(
        [
            word("res_col_system", lang),
            *(word(key, lang) if key else MEASURE_LABELS[m] for m, key in VALIDATION),
        ]
    )
    best = {m: max(v.get(m, float("-inf")) for v in validation.values()) for m, _ in VALIDATION}
    for name, figures in validation.items():
        cells = [Cell(name, "code")]
        for m, _ in VALIDATION:
            value = figures.get(m)
            cells.append(Cell(number(value), "best" if value == best[m] else "num"))
        table.add(cells, "learned" if name == "learned" else "")
    return table


def _model_view(
    request: Request, engine: Engine, served: ServedEngine, lang: str
) -> dict[str, Any]:
    status = served.status()
    training = engine.manifest.get("training") or {}
    counts = status.get("counts") or {}
    facts = [
        (word("res_version", lang), status.get("version") or "–"),
        (word("res_built", lang), china_time(status.get("created_at"))),
        (word("res_scorer", lang), word(f"res_scorer_{status.get('scorer')}", lang)),
        (word("res_ranker", lang), status.get("ranker") or "–"),
        (word("res_embedding_model", lang), engine.manifest.get("embedding_model") or "–"),
    ]
    if training:
        semesters = ", ".join(training.get("train_semesters") or ()) or "–"
        facts += [
            (
                word("res_trained_on", lang),
                f"{semesters} / {training.get('validation_semester') or '–'}",
            ),
            (word("res_train_rows", lang), number(training.get("train_rows"))),
        ]
    facts.append((word("res_store_generation", lang), number(status.get("store_generation"))))
    count_facts = [
        (word(f"res_count_{kind}", lang), number(counts[kind]))
        for kind in ("students", "positions", "enterprises", "interactions")
        if kind in counts
    ]
    job = [
        (word("res_state", lang), word(f"res_state_{status.get('state')}", lang)),
        (
            word("res_queued", lang),
            word("res_list_sep", lang).join(
                word(f"res_job_{j}", lang) for j in status.get("queued") or ()
            )
            or word("res_none", lang),
        ),
        (word("res_builds", lang), number(status.get("builds"))),
    ]
    if status.get("last_built_at"):
        job.append(
            (
                word("res_last_build", lang),
                word(
                    "res_last_build_value",
                    lang,
                    when=china_time(status["last_built_at"]),
                    seconds=number(status.get("last_build_seconds"), 1),
                ),
            )
        )
    if status.get("last_training"):
        last = status["last_training"]
        job.append(
            (
                word("res_last_training", lang),
                word(
                    "res_last_training_value",
                    lang,
                    kind=last.get("chosen"),
                    semester=last.get("validation_semester"),
                ),
            )
        )
    validation = status.get("validation") or {}
    report = load_report(_models_dir(request), _served_version(engine), lang)
    return {
        "facts": facts,
        "counts": count_facts,
        "job": job,
        "last_error": status.get("last_error"),
        "validation": _validation_table(validation, lang) if validation else None,
        "kind": status.get("ranker") or "–",
        "report_state": report.state,
        "version": status.get("version") or "–",
        "busy": _retraining(status),
    }


def _retraining(status: dict[str, Any]) -> bool:
    """Whether a retraining is queued or running (another would not be queued)."""
    return status.get("state") == "retraining" or "retrain" in (status.get("queued") or ())


@router.get("/me/model", response_class=HTMLResponse)
def model_page(request: Request, user: PageUser, engine: EngineDep, served: ServedDep) -> Response:
    """The served model: version, validation figures, counts, the background job."""
    user = require(user, Role.researcher, Role.admin)
    view = _model_view(request, engine, served, language_of(request))
    return page(request, "research/model.html", user, notice=notice(request), **view)


@router.get("/me/model/retrain", response_class=HTMLResponse)
def retrain_question(request: Request, user: PageUser, served: ServedDep) -> Response:
    """Ask before retraining: what it does, how long, what keeps serving (admins)."""
    user = require(user, Role.admin)
    status = served.status()
    version = status.get("version") or "–"
    return page(request, "research/retrain.html", user, version=version, busy=_retraining(status))


@router.post("/me/model/retrain")
def retrain(user: PageUser, served: ServedDep) -> Response:
    """Queue a retraining (admins); the model page says whether one was already queued."""
    require(user, Role.admin)
    queued = served.request_retrain()
    return done("/me/model", "res_retrain_queued" if queued else "res_retrain_already")


# -- the audit log --------------------------------------------------------------------------


def _usernames(store: Store, ids: set[str]) -> dict[str, str]:
    """Usernames of the accounts ``ids`` (an id stays as it is when its account is gone)."""
    out = {}
    for viewer in ids:
        account = store.get("users", viewer)
        out[viewer] = account.username if isinstance(account, User) else viewer
    return out


def _role(role: str, lang: str) -> str:
    return word(f"res_role_{role}", lang, role)


@router.get("/me/audit", response_class=HTMLResponse)
def audit_log(
    request: Request,
    user: PageUser,
    store: StoreDep,
    student: Annotated[str, Query(max_length=200)] = "",
    page_no: PageNo = 1,
) -> Response:
    """Who viewed which student's data, newest first; one student's entries; by page (admins)."""
    user = require(user, Role.admin)
    lang = language_of(request)
    student = student.strip()
    if student and not STUDENT_ID.match(student):
        return page(
            request,
            "research/audit.html",
            user,
            status_code=422,
            error=word("res_bad_student", lang),
            student=student,
            rows=[],
            page_no=1,
            has_next=False,
        )
    skip = (page_no - 1) * AUDIT_PAGE
    entries = store.audit_entries(student or None, limit=AUDIT_PAGE + 1, offset=skip)
    shown = entries[:AUDIT_PAGE]
    names = _usernames(store, {e["viewer_id"] for e in shown})
    rows = [
        {
            "at": china_time(e["at"]),
            "viewer": names[e["viewer_id"]],
            "viewer_id": e["viewer_id"],
            "role": _role(e["viewer_role"], lang),
            "action": word(f"res_action_{e['action']}", lang, e["action"]),
            "student": e["subject_student_id"],
            "detail": e["detail"],
        }
        for e in shown
    ]
    return page(
        request,
        "research/audit.html",
        user,
        error=None,
        student=student,
        rows=rows,
        page_no=page_no,
        has_next=len(entries) > AUDIT_PAGE and page_no < AUDIT_PAGES,
    )


# -- the accounts ---------------------------------------------------------------------------


@router.get("/me/users", response_class=HTMLResponse)
def users_page(
    request: Request,
    user: PageUser,
    store: StoreDep,
    engine: EngineDep,
    role: Annotated[Role | None, Query()] = None,
    page_no: PageNo = 1,
) -> Response:
    """Every account: username, role, the student or enterprise it is linked to, cohorts."""
    user = require(user, Role.admin)
    lang = language_of(request)
    accounts = list_users(store)
    by_role = {r: sum(a["role"] == r for a in accounts) for r in Role}
    chosen = [a for a in accounts if role is None or a["role"] == role]
    skip = (page_no - 1) * USERS_PAGE
    E = engine.enterprises
    rows = []
    for a in chosen[skip : skip + USERS_PAGE]:
        if a["student_id"]:
            linked = word("res_linked_student", lang, id=a["student_id"])
        elif a["enterprise_id"]:
            row = E.index.get(a["enterprise_id"])
            name = E.name[row] if row is not None else ""
            linked = (
                word("res_linked_enterprise", lang, name=name, id=a["enterprise_id"])
                if name
                else a["enterprise_id"]
            )
        else:
            linked = ""
        rows.append(
            {
                "username": a["username"],
                "role": _role(a["role"].value, lang),
                "linked": linked,
                "cohorts": word("res_list_sep", lang).join(a["cohorts"]),
                "created": china_time(a["created_at"]) if a["created_at"] else "–",
            }
        )
    return page(
        request,
        "research/users.html",
        user,
        rows=rows,
        total=len(chosen),
        by_role=[(r.value, _role(r.value, lang), n) for r, n in by_role.items() if n],
        role=role.value if role else "",
        page_no=page_no,
        has_next=len(chosen) > skip + USERS_PAGE,
    )
