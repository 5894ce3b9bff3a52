"""Pseudonymised data for researchers: no names, numbers or protected attributes, ever.

A student appears as a keyed pseudonym (HMAC-SHA256 of her id under the service's secret key),
stable while ``MATCHER_SECRET_KEY`` stays the same, so interactions can be joined to profiles
without revealing whose they are. Profiles keep only what matching uses and nothing from
:data:`matcher.schemas.PERSONAL_FIELDS`; free text is left out because it can name people.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field
from sqlalchemy import select

from api.app import PREFIX, current_user
from matcher.schemas import Role, Student, User
from matcher.store.rows import InteractionRow, StudentRow

router = APIRouter(prefix=f"{PREFIX}/research", tags=["research"])

Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip")]
Limit = Annotated[int, Query(ge=1, le=1000, description="Rows to return")]
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "no login"},
    403: {"description": "researchers and admins only"},
}


class PseudonymousStudent(BaseModel):
    """A profile as a researcher sees it."""

    pseudonym: str = Field(description="Keyed hash of the student id")
    major: str
    degree: str
    graduation_year: int
    skill_ids: list[str]
    projects: int
    internships: int
    competitions: int
    visible_to_enterprises: bool


class PseudonymousInteraction(BaseModel):
    """An interaction as a researcher sees it (the day, not the time)."""

    student: str = Field(description="Pseudonym of the student")
    position_id: str
    event: str
    day: str
    actor: str
    reason: str | None


def pseudonym(state: Any, student_id: str) -> str:
    """The stable keyed pseudonym of a student id (16 hex digits)."""
    key = state.secret.encode()
    return hmac.new(key, student_id.encode(), hashlib.sha256).hexdigest()[:16]


def _researcher(user: User) -> None:
    if user.role not in (Role.researcher, Role.admin):
        raise HTTPException(403, "pseudonymised data is for researchers and admins")


@router.get("/students", response_model=list[PseudonymousStudent], responses=_ERRORS)
def students(
    request: Request,
    user: Annotated[User, Depends(current_user)],
    offset: Offset = 0,
    limit: Limit = 100,
) -> list[PseudonymousStudent]:
    """Student profiles without anything that identifies a person, by pseudonym."""
    _researcher(user)
    state = request.app.state
    query = select(StudentRow.data).order_by(StudentRow.id).offset(offset).limit(limit)
    with state.store.session() as session:
        rows = session.execute(query).scalars().all()
    out = []
    for row in rows:
        s = Student.model_validate(row)
        out.append(
            PseudonymousStudent(
                pseudonym=pseudonym(state, s.id),
                major=s.major,
                degree=s.degree.value,
                graduation_year=s.graduation_year,
                skill_ids=list(s.skill_ids),
                projects=len(s.projects),
                internships=len(s.internships),
                competitions=len(s.competitions),
                visible_to_enterprises=s.visible_to_enterprises,
            )
        )
    return out


@router.get("/interactions", response_model=list[PseudonymousInteraction], responses=_ERRORS)
def interactions(
    request: Request,
    user: Annotated[User, Depends(current_user)],
    offset: Offset = 0,
    limit: Limit = 100,
) -> list[PseudonymousInteraction]:
    """Interactions in time order, students by pseudonym, without notes (free text)."""
    _researcher(user)
    state = request.app.state
    query = (
        select(InteractionRow.data)
        .order_by(InteractionRow.timestamp, InteractionRow.id)
        .offset(offset)
        .limit(limit)
    )
    with state.store.session() as session:
        rows = session.execute(query).scalars().all()
    return [
        PseudonymousInteraction(
            student=pseudonym(state, r["student_id"]),
            position_id=r["position_id"],
            event=r["event"],
            day=str(r["timestamp"])[:10],
            actor=r.get("actor", "student"),
            reason=r.get("reason"),
        )
        for r in rows
    ]
