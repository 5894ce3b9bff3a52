"""Posting, editing, closing and marking filled an enterprise's positions, as forms.

A form validates as the API does (the record's own schema, :class:`api.schemas.PositionCreate`)
and answers problems with the form again, an error summary at the top linking to each field;
valid answers go to a page to check them (on an edit, only what changed), and only its
confirmation writes, through the API's own create, update and close
(:mod:`api.routes.positions`): closing hides the position from students at once and has the
engine rebuilt. Between the steps the answers travel in the form itself, so the pages keep no
state and work without JavaScript.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import Response
from pydantic import ValidationError

from api.deps import ServedDep, StoreDep
from api.routes.positions import close_position, create_position, update_position
from api.schemas import PositionClose, PositionCreate, PositionUpdate
from api.web.common import PageUser, done, language_of, page
from api.web.enterprise_pipeline import enterprise_of, own_position, recruiter
from matcher.messages import message
from matcher.schemas import Degree, Position, PositionStatus, PositionType, User

router = APIRouter(include_in_schema=False)

#: The fields of the form, in the order it asks for them.
FIELDS: tuple[str, ...] = (
    "title", "type", "description", "required_skills", "preferred_skills", "accepted_majors",
    "min_degree", "city", "district", "openings", "salary_min", "salary_max",
    "application_start", "deadline",
)  # fmt: skip
#: Fields holding a list, written one item a line (or separated by commas).
LISTS = frozenset({"required_skills", "preferred_skills", "accepted_majors"})
#: Fields that may be left empty.
OPTIONAL = frozenset({"district", "salary_min", "salary_max", "application_start", "deadline"})
SEPARATORS = re.compile(r"[\n,，、;；]+")


def new_id() -> str:
    """An id for a new position."""
    return f"p{uuid.uuid4().hex[:12]}"


async def posted(request: Request) -> dict[str, str]:
    """The form's answers as typed (read here, so the route itself runs on a worker thread)."""
    form = await request.form()
    return {name: str(form.get(name) or "") for name in (*FIELDS, "step")}


Posted = Annotated[dict[str, str], Depends(posted)]


def record_fields(values: dict[str, str]) -> dict[str, Any]:
    """The position's fields from the typed answers: lists split, empty optional ones unset."""
    out: dict[str, Any] = {}
    for name in FIELDS:
        raw = values.get(name, "").strip()
        if name in LISTS:
            out[name] = list(dict.fromkeys(s.strip() for s in SEPARATORS.split(raw) if s.strip()))
        elif name in OPTIONAL and not raw:
            out[name] = None
        else:
            out[name] = raw
    return out


def validated(data: dict[str, Any]) -> tuple[Position | None, dict[str, str]]:
    """The position, or the problem of each field (its message key), checked as the API
    checks a position it is sent."""
    try:
        return PositionCreate.model_validate(data), {}
    except ValidationError as exc:
        problems: dict[str, str] = {}
        for error in exc.errors():
            loc = error["loc"]
            if loc and loc[0] in FIELDS:
                name, key = str(loc[0]), f"ent_err_{loc[0]}"
            elif "salary" in error["msg"]:
                name, key = "salary_max", "ent_err_salary_range"
            else:
                name, key = "deadline", "ent_err_dates"
            problems.setdefault(name, key)
        return None, {name: problems[name] for name in FIELDS if name in problems}


def typed(position: Position) -> dict[str, str]:
    """A position's fields as the form shows them."""
    out = {}
    for name in FIELDS:
        value = getattr(position, name)
        if name in LISTS:
            out[name] = "\n".join(value)
        elif value is None:
            out[name] = ""
        else:
            out[name] = value.value if hasattr(value, "value") else str(value)
    return out


def shown(position: Position, name: str, lang: str) -> str:
    """One field of a position as the check page says it."""
    value = getattr(position, name)
    if name == "type":
        return message(f"type_{value.value}", lang)
    if name == "min_degree":
        return message(f"degree_{value.value}", lang)
    if name in LISTS:
        empty = "ent_any_major" if name == "accepted_majors" else "ent_none_given"
        return ("、" if lang == "zh" else ", ").join(value) or message(empty, lang)
    if name in ("salary_min", "salary_max"):
        return message("ent_salary_yuan", lang, n=value) if value is not None else "—"
    return "—" if value in (None, "") else str(value)


def _form(
    request: Request, user: User, *, action: str, heading: str, values: dict[str, str],
    errors: dict[str, str] | None = None, position: Position | None = None,
    notes: dict[str, dict[str, Any]] | None = None,
) -> Response:  # fmt: skip
    """The position form; ``notes``: per field, where a draft's value came from
    (:mod:`api.web.enterprise_draft`)."""
    return page(
        request,
        "enterprise/form.html",
        user,
        status_code=422 if errors else 200,
        action=action,
        heading=heading,
        values=values,
        errors=errors or {},
        position=position,
        notes=notes or {},
        types=[t.value for t in PositionType],
        degrees=[d.value for d in Degree],
    )


def _check(
    request: Request, user: User, *, action: str, heading: str, values: dict[str, str],
    rows: list[dict[str, str]], position: Position | None = None,
) -> Response:  # fmt: skip
    return page(
        request, "enterprise/check.html", user,
        action=action, heading=heading, values=values, rows=rows, position=position,
    )  # fmt: skip


@router.get("/me/positions/new")
def new_form(request: Request, user: PageUser, store: StoreDep) -> Response:
    """The form to post a position (the enterprise's city filled in)."""
    user = recruiter(user)
    enterprise = enterprise_of(store, user)
    values = {name: "" for name in FIELDS}
    values.update(type="job", min_degree="bachelor", openings="1", city=enterprise.city,
                  district=enterprise.district or "")  # fmt: skip
    return _form(request, user, action="/me/positions/new", heading="ent_new_title", values=values)


@router.post("/me/positions/new")
def new_post(
    request: Request, user: PageUser, store: StoreDep, served: ServedDep, values: Posted
) -> Response:
    """Check the answers (``step=check``), show the form again (``edit``), or post (``confirm``)."""
    user = recruiter(user)
    lang = language_of(request)
    draft = {"id": "new", "enterprise_id": user.enterprise_id, **record_fields(values)}
    position, errors = validated(draft)
    common = {"action": "/me/positions/new", "heading": "ent_new_title", "values": values}
    if position is None or values["step"] == "edit":
        return _form(request, user, errors=errors, **common)
    if values["step"] != "confirm":
        rows = [{"name": n, "value": shown(position, n, lang)} for n in FIELDS]
        return _check(request, user, rows=rows, **common)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    body = PositionCreate.model_validate({**draft, "id": new_id(), "posted_at": now})
    create_position(body, user, store, served)
    return done(f"/me/positions/{body.id}", "ent_posted")


@router.get("/me/positions/{position_id}/edit")
def edit_form(request: Request, position_id: str, user: PageUser, store: StoreDep) -> Response:
    """The form to change a position, filled in with what it says now."""
    user = recruiter(user)
    position = own_position(store, user, position_id)
    return _form(
        request, user, action=f"/me/positions/{position_id}/edit", heading="ent_edit_title",
        values=typed(position), position=position,
    )  # fmt: skip


@router.post("/me/positions/{position_id}/edit")
def edit_post(
    request: Request,
    position_id: str,
    user: PageUser,
    store: StoreDep,
    served: ServedDep,
    values: Posted,
) -> Response:
    """Check the changes (only what changed is shown), the form again, or save them."""
    user = recruiter(user)
    lang = language_of(request)
    current = own_position(store, user, position_id)
    changed, errors = validated({**current.model_dump(), **record_fields(values)})
    common = {
        "action": f"/me/positions/{position_id}/edit", "heading": "ent_edit_title",
        "values": values, "position": current,
    }  # fmt: skip
    if changed is None or values["step"] == "edit":
        return _form(request, user, errors=errors, **common)
    names = [n for n in FIELDS if getattr(changed, n) != getattr(current, n)]
    if not names:
        return done(f"/me/positions/{position_id}", "ent_unchanged")
    if values["step"] != "confirm":
        rows = [{"name": n, "before": shown(current, n, lang), "value": shown(changed, n, lang)}
                for n in names]  # fmt: skip
        return _check(request, user, rows=rows, **common)
    update = PositionUpdate.model_validate({n: getattr(changed, n) for n in names})
    update_position(position_id, update, user, store, served)
    return done(f"/me/positions/{position_id}", "ent_saved")


@router.get("/me/positions/{position_id}/close")
def close_form(
    request: Request, position_id: str, user: PageUser, store: StoreDep, status: str = "closed"
) -> Response:
    """Confirm closing a position, or marking it filled (``status=filled``)."""
    user = recruiter(user)
    position = own_position(store, user, position_id)
    if status not in (PositionStatus.closed, PositionStatus.filled):
        raise HTTPException(422, "status: closed or filled")
    return page(request, "enterprise/close.html", user, position=position, status=status)


@router.post("/me/positions/{position_id}/close")
def close(
    position_id: str,
    user: PageUser,
    store: StoreDep,
    served: ServedDep,
    status: Annotated[PositionStatus, Form()] = PositionStatus.closed,
) -> Response:
    """Close it (or mark it filled): students stop seeing it at once; applications stay."""
    user = recruiter(user)
    own_position(store, user, position_id)
    if status == PositionStatus.open:
        raise HTTPException(422, "status: closing needs closed or filled")
    close_position(position_id, user, store, served, PositionClose(status=status))
    return done("/me", f"ent_{status.value}")
