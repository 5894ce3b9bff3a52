"""Records through the API: students, enterprises and positions — create, read, update, close.

Every write goes to the store at once and asks the engine's background thread to rebuild (see
:mod:`matcher.serving`); requests keep being answered from the previous version until the new
one is published, so none sees a half-updated index. Closing a position also hides it from
this process's recommendations immediately. Reads of a student profile by anyone but the
student are audited.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Request, status
from pydantic import BaseModel, Field, ValidationError

from api.app import PREFIX, audit_view, current_user, engine_of
from matcher.schemas import Enterprise, Position, PositionStatus, Record, Role, Student, User

router = APIRouter(prefix=PREFIX)

#: A partial update: the fields to change, each as in the record's schema.
Patch = Annotated[
    dict[str, Any],
    Body(
        description="The fields to change, as in the record's schema; others are kept",
        examples=[{"openings": 3, "deadline": "2026-12-31"}],
    ),
]


class CloseIn(BaseModel):
    """How a position ends."""

    status: PositionStatus = Field(
        default=PositionStatus.closed, description="closed or filled (not open)"
    )


def _errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    text = {
        401: "no login",
        403: "not allowed",
        404: "unknown record",
        409: "the id is taken",
        422: "invalid record",
    }
    return {c: {"description": text[c]} for c in codes}


def _merge(kind: type[Record], current: Record, patch: dict[str, Any]) -> Record:
    """``current`` with ``patch`` applied and validated as a whole (422 naming each problem)."""
    if "id" in patch and patch["id"] != current.id:  # type: ignore[attr-defined]
        raise HTTPException(422, "id: cannot be changed")
    data = {**current.model_dump(mode="json"), **patch}
    try:
        return kind.model_validate(data)
    except ValidationError as exc:
        problems = [
            f"{'.'.join(str(x) for x in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors()
        ]
        raise HTTPException(422, problems) from None


def _found(request: Request, kind: str, record_id: str) -> Any:
    """The stored record of ``kind`` (students, enterprises, positions), or 404 naming it."""
    found = request.app.state.store.get(kind, record_id)
    if found is None:
        raise HTTPException(404, f"unknown {kind[:-1]} {record_id!r}")
    return found


def _save(request: Request, kind: str, record: Record) -> None:
    store = request.app.state.store
    with store.session() as session:
        store.upsert(session, kind, [record])
    request.app.state.served.request_rebuild()


def _may_edit_student(user: User, student: Student) -> None:
    if user.role == Role.admin:
        return
    if user.role == Role.student and user.student_id == student.id:
        return
    if user.role == Role.advisor and student.cohort in set(user.cohorts):
        return
    raise HTTPException(403, "only the student, her advisor or an admin change a profile")


# -- students -----------------------------------------------------------------------------
@router.get(
    "/students/{student_id}",
    response_model=Student,
    tags=["students"],
    responses=_errors(401, 403, 404),
)
def read_student(
    request: Request, student_id: str, user: Annotated[User, Depends(current_user)]
) -> Student:
    """A student's profile: the student herself, an advisor of her cohort, or an admin."""
    student = _found(request, "students", student_id)
    _may_edit_student(user, student)
    audit_view(request.app.state, user, "view_profile", student_id)
    return student


@router.post(
    "/students",
    response_model=Student,
    status_code=status.HTTP_201_CREATED,
    tags=["students"],
    responses=_errors(401, 403, 409, 422),
)
def create_student(
    request: Request, body: Student, user: Annotated[User, Depends(current_user)]
) -> Student:
    """Add a student (an admin, or an advisor for one of her cohorts)."""
    if user.role not in (Role.admin, Role.advisor):
        raise HTTPException(403, "advisors and admins add students")
    if user.role == Role.advisor and body.cohort not in set(user.cohorts):
        raise HTTPException(403, "advisors add students to their own cohorts")
    if request.app.state.store.get("students", body.id) is not None:
        raise HTTPException(409, f"student {body.id!r} exists; PATCH it instead")
    _save(request, "students", body)
    return body


@router.patch(
    "/students/{student_id}",
    response_model=Student,
    tags=["students"],
    responses=_errors(401, 403, 404, 422),
)
def update_student(
    request: Request, student_id: str, patch: Patch, user: Annotated[User, Depends(current_user)]
) -> Student:
    """Change fields of a profile (the student, her advisor or an admin); re-indexed at once."""
    current = _found(request, "students", student_id)
    _may_edit_student(user, current)
    updated = _merge(Student, current, patch)
    if user.role == Role.advisor and updated.cohort not in set(user.cohorts):  # type: ignore[attr-defined]
        raise HTTPException(403, "advisors keep students in their own cohorts")
    _save(request, "students", updated)
    return updated  # type: ignore[return-value]


# -- enterprises --------------------------------------------------------------------------
def _may_edit_enterprise(user: User, enterprise_id: str) -> None:
    if user.role == Role.admin:
        return
    if user.role == Role.enterprise and user.enterprise_id == enterprise_id:
        return
    raise HTTPException(403, "only the enterprise itself or an admin change it")


@router.get(
    "/enterprises/{enterprise_id}",
    response_model=Enterprise,
    tags=["enterprises"],
    responses=_errors(401, 404),
)
def read_enterprise(
    request: Request, enterprise_id: str, user: Annotated[User, Depends(current_user)]
) -> Enterprise:
    """An enterprise's public record (any account)."""
    return _found(request, "enterprises", enterprise_id)


@router.post(
    "/enterprises",
    response_model=Enterprise,
    status_code=status.HTTP_201_CREATED,
    tags=["enterprises"],
    responses=_errors(401, 403, 409, 422),
)
def create_enterprise(
    request: Request, body: Enterprise, user: Annotated[User, Depends(current_user)]
) -> Enterprise:
    """Add an enterprise (admins)."""
    if user.role != Role.admin:
        raise HTTPException(403, "admins add enterprises")
    if request.app.state.store.get("enterprises", body.id) is not None:
        raise HTTPException(409, f"enterprise {body.id!r} exists; PATCH it instead")
    _save(request, "enterprises", body)
    return body


@router.patch(
    "/enterprises/{enterprise_id}",
    response_model=Enterprise,
    tags=["enterprises"],
    responses=_errors(401, 403, 404, 422),
)
def update_enterprise(
    request: Request,
    enterprise_id: str,
    patch: Patch,
    user: Annotated[User, Depends(current_user)],
) -> Enterprise:
    """Change fields of an enterprise (itself or an admin)."""
    current = _found(request, "enterprises", enterprise_id)
    _may_edit_enterprise(user, enterprise_id)
    updated = _merge(Enterprise, current, patch)
    _save(request, "enterprises", updated)
    return updated  # type: ignore[return-value]


@router.get(
    "/enterprises/{enterprise_id}/positions",
    response_model=list[Position],
    tags=["enterprises"],
    responses=_errors(401, 404),
)
def enterprise_positions(
    request: Request,
    enterprise_id: str,
    user: Annotated[User, Depends(current_user)],
    open_only: bool = True,
) -> list[Position]:
    """An enterprise's positions as the store has them now (open ones by default)."""
    from sqlalchemy import select

    from matcher.store.rows import PositionRow

    _found(request, "enterprises", enterprise_id)
    store = request.app.state.store
    query = select(PositionRow.data).where(PositionRow.enterprise_id == enterprise_id)
    if open_only:
        query = query.where(PositionRow.status == PositionStatus.open.value)
    with store.session() as session:
        rows = session.execute(query.order_by(PositionRow.id)).scalars().all()
    return [Position.model_validate(r) for r in rows]


# -- positions ----------------------------------------------------------------------------
@router.get(
    "/positions/{position_id}",
    response_model=Position,
    tags=["positions"],
    responses=_errors(401, 404),
)
def read_position(
    request: Request, position_id: str, user: Annotated[User, Depends(current_user)]
) -> Position:
    """A position as the store has it now (any account)."""
    return _found(request, "positions", position_id)


@router.post(
    "/positions",
    response_model=Position,
    status_code=status.HTTP_201_CREATED,
    tags=["positions"],
    responses=_errors(401, 403, 404, 409, 422),
)
def create_position(
    request: Request, body: Position, user: Annotated[User, Depends(current_user)]
) -> Position:
    """Post a position (its enterprise or an admin); recommended once the rebuild publishes."""
    _may_edit_enterprise(user, body.enterprise_id)
    _found(request, "enterprises", body.enterprise_id)
    if request.app.state.store.get("positions", body.id) is not None:
        raise HTTPException(409, f"position {body.id!r} exists; PATCH it instead")
    _save(request, "positions", body)
    return body


@router.patch(
    "/positions/{position_id}",
    response_model=Position,
    tags=["positions"],
    responses=_errors(401, 403, 404, 422),
)
def update_position(
    request: Request,
    position_id: str,
    patch: Patch,
    user: Annotated[User, Depends(current_user)],
) -> Position:
    """Change fields of a position (its enterprise or an admin); re-indexed at once."""
    current = _found(request, "positions", position_id)
    _may_edit_enterprise(user, current.enterprise_id)
    updated: Position = _merge(Position, current, patch)  # type: ignore[assignment]
    if updated.enterprise_id != current.enterprise_id:
        raise HTTPException(422, "enterprise_id: cannot be changed")
    _save(request, "positions", updated)
    if updated.status != PositionStatus.open:
        _hide_now(request, position_id)
    return updated


@router.post(
    "/positions/{position_id}/close",
    response_model=Position,
    tags=["positions"],
    responses=_errors(401, 403, 404, 422),
)
def close_position(
    request: Request,
    position_id: str,
    user: Annotated[User, Depends(current_user)],
    body: CloseIn | None = None,
) -> Position:
    """Close a position (or mark it filled): it leaves every recommendation list at once.

    Closing is not a dislike: applications to it stay as they were, and students who had
    it in their lists are not taught anything about their taste.
    """
    current = _found(request, "positions", position_id)
    _may_edit_enterprise(user, current.enterprise_id)
    wanted = (body or CloseIn()).status
    if wanted == PositionStatus.open:
        raise HTTPException(422, "status: closing needs closed or filled")
    updated = current.model_copy(update={"status": wanted})
    _save(request, "positions", updated)
    _hide_now(request, position_id)
    return updated


def _hide_now(request: Request, position_id: str) -> None:
    """Stop recommending a position in this process before the rebuild publishes.

    Copy on write: a request ranking right now keeps the array it read, and one attribute
    assignment publishes the new one.
    """
    engine = engine_of(request.app.state)
    P = engine.positions
    i = P.index.get(position_id)
    if i is not None and P.is_open[i]:
        is_open = P.is_open.copy()
        is_open[i] = False
        P.is_open = is_open
