"""Students: profiles (create, read, update) and what is recommended to each.

A student sees only her own data, an advisor that of the students of her cohorts, an admin
everyone's (:mod:`api.access`); every view by someone other than the student is audited.
Routes that rank are plain ``def`` functions, which FastAPI runs in its thread pool, so CPU-bound
work never blocks the event loop.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status

from api.access import editable_student, may_view_student
from api.audit import audit_view
from api.crud import create, merged, save
from api.deps import CurrentUser, EngineDep, LangQuery, ServedDep, StoreDep
from api.schemas import (
    EnterpriseRecommendation,
    RecommendationPublic,
    StudentCreate,
    StudentPublic,
    StudentUpdate,
    errors,
    links,
)
from matcher.engine.snapshot import Engine
from matcher.recommend import recommend_enterprises, recommend_positions
from matcher.rules import fields_refused
from matcher.schemas import Role, Student, User
from matcher.store.database import Store

router = APIRouter(prefix="/students", tags=["students"])


def exclusions(store: Store, student_id: str) -> set[str]:
    """Positions the store's events hide from a student now (:func:`matcher.rules.hides`).

    Read per request, so a dismissal recorded by any server process takes effect at once.
    """
    return store.hidden_positions([student_id]).get(student_id, set())


@router.get("/{student_id}", response_model=StudentPublic, responses=errors(401, 403, 404))
def read_student(student_id: str, user: CurrentUser, store: StoreDep) -> Student:
    """A student's profile: the student herself, an advisor of her cohort, or an admin."""
    student = editable_student(store, user, student_id)
    audit_view(store, user, "view_profile", student_id)
    return student


@router.post(
    "",
    response_model=StudentPublic,
    status_code=status.HTTP_201_CREATED,
    responses=errors(401, 403, 409, 422),
)
def create_student(
    body: StudentCreate, user: CurrentUser, store: StoreDep, served: ServedDep
) -> Student:
    """Add a student (an admin, or an advisor for one of her cohorts)."""
    if user.role not in (Role.admin, Role.advisor):
        raise HTTPException(403, "advisors and admins add students")
    if user.role == Role.advisor and body.cohort not in set(user.cohorts):
        raise HTTPException(403, "advisors add students to their own cohorts")
    return create(store, served, "students", Student, body)


@router.patch("/{student_id}", response_model=StudentPublic, responses=errors(401, 403, 404, 422))
def update_student(
    student_id: str, body: StudentUpdate, user: CurrentUser, store: StoreDep, served: ServedDep
) -> Student:
    """Change fields of a profile (the student, her advisor or an admin); re-indexed at once."""
    current = editable_student(store, user, student_id)
    refused = fields_refused(user.role, body.model_dump(exclude_unset=True), current)
    if refused:
        raise HTTPException(403, f"the school keeps these fields: {', '.join(refused)}")
    updated = merged(Student, current, body)
    if user.role == Role.advisor and updated.cohort not in set(user.cohorts):
        raise HTTPException(403, "advisors keep students in their own cohorts")
    save(store, served, "students", updated)
    return updated


@router.get(
    "/{student_id}/recommendations",
    response_model=list[RecommendationPublic],
    responses={
        **errors(401, 403, (404, "unknown student")),
        **links(
            200,
            TopPosition={
                "operationId": "read_position",
                "parameters": {"position_id": "$response.body#/0/position_id"},
            },
            ApplyToTop={
                "operationId": "record_interaction",
                "requestBody": {
                    "student_id": "$request.path.student_id",
                    "position_id": "$response.body#/0/position_id",
                    "event": "apply",
                },
            },
        ),
    },
)
def recommendations(
    student_id: str,
    user: CurrentUser,
    engine: EngineDep,
    store: StoreDep,
    k: Annotated[int, Query(ge=1, le=100, description="How many positions")] = 10,
    lang: LangQuery = None,
) -> list[dict[str, Any]]:
    """Ranked positions for a student, with matched and missing skills and reasons."""
    hidden = _recommending(user, student_id, engine, store)
    recs = recommend_positions(engine, student_id, k=k, lang=lang, exclude=hidden)
    return [r.as_dict() for r in recs]


@router.get(
    "/{student_id}/enterprises",
    response_model=list[EnterpriseRecommendation],
    responses=errors(401, 403, (404, "unknown student")),
)
def recommended_enterprises(
    student_id: str,
    user: CurrentUser,
    engine: EngineDep,
    store: StoreDep,
    k: Annotated[int, Query(ge=1, le=50, description="How many enterprises")] = 5,
) -> list[dict[str, Any]]:
    """Enterprises ranked by their best position for the student, with those positions."""
    hidden = _recommending(user, student_id, engine, store)
    return recommend_enterprises(engine, student_id, k=k, exclude=hidden)


def _recommending(user: User, student_id: str, engine: Engine, store: Store) -> set[str]:
    """Check ``user`` may see the student's recommendations, audit the view, and return the
    positions to leave out (:func:`exclusions`)."""
    may_view_student(user, student_id, engine)
    audit_view(store, user, "view_recommendations", student_id)
    return exclusions(store, student_id)
