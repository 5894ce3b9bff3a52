"""Pseudonymised data for researchers: no names, numbers or protected attributes, ever.

A student appears as a keyed pseudonym (HMAC-SHA256 of her id under the service's secret key),
stable while ``MATCHER_SECRET_KEY`` stays the same, so interactions can be joined to profiles
without revealing whose they are. Profiles keep only what matching uses and nothing from
:data:`matcher.schemas.PERSONAL_FIELDS`; free text is left out because it can name people.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from sqlalchemy import select

from api.deps import CurrentUser, StoreDep
from api.schemas import PseudonymousInteraction, PseudonymousStudent, errors
from matcher.schemas import Role, Student, User
from matcher.store.rows import InteractionRow, StudentRow

router = APIRouter(prefix="/research", tags=["research"])

Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip")]
Limit = Annotated[int, Query(ge=1, le=1000, description="Rows to return")]
_ERRORS = errors(401, (403, "researchers and admins only"))


def pseudonym(secret: str, student_id: str) -> str:
    """The stable keyed pseudonym of a student id (16 hex digits)."""
    return hmac.new(secret.encode(), student_id.encode(), hashlib.sha256).hexdigest()[:16]


def _researcher(user: User) -> None:
    if user.role not in (Role.researcher, Role.admin):
        raise HTTPException(403, "pseudonymised data is for researchers and admins")


@router.get("/students", response_model=list[PseudonymousStudent], responses=_ERRORS)
def students(
    request: Request,
    user: CurrentUser,
    store: StoreDep,
    offset: Offset = 0,
    limit: Limit = 100,
) -> list[PseudonymousStudent]:
    """Student profiles without anything that identifies a person, by pseudonym."""
    _researcher(user)
    secret = request.app.state.secret
    query = select(StudentRow.data).order_by(StudentRow.id).offset(offset).limit(limit)
    with store.session() as session:
        rows = session.execute(query).scalars().all()
    out = []
    for row in rows:
        s = Student.model_validate(row)
        out.append(
            PseudonymousStudent(
                pseudonym=pseudonym(secret, s.id),
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
    user: CurrentUser,
    store: StoreDep,
    offset: Offset = 0,
    limit: Limit = 100,
) -> list[PseudonymousInteraction]:
    """Interactions in time order, students by pseudonym, without notes (free text)."""
    _researcher(user)
    secret = request.app.state.secret
    query = (
        select(InteractionRow.data)
        .order_by(InteractionRow.timestamp, InteractionRow.id)
        .offset(offset)
        .limit(limit)
    )
    with store.session() as session:
        rows = session.execute(query).scalars().all()
    return [
        PseudonymousInteraction(
            student=pseudonym(secret, r["student_id"]),
            position_id=r["position_id"],
            event=r["event"],
            day=str(r["timestamp"])[:10],
            actor=r.get("actor", "student"),
            reason=r.get("reason"),
        )
        for r in rows
    ]
