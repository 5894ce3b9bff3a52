"""Cohort placements for advisors: a capacity-aware plan, with pairs locked in or forbidden.

``POST /api/v1/placements`` places an advisor's cohort (or part of it) into the open positions'
free openings with :mod:`matcher.placement.problem`: ``optimal`` (most total match probability),
``stable`` (student-proposing deferred acceptance) or ``greedy`` (each student her best open
position, the baseline). Students already placed (hired, accepted, internship done) are left
out. The plan is derived from students' data, so each student in it is audited as viewed.
"""

from __future__ import annotations

import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from api.app import PREFIX, audit_views, current_user, engine_of
from matcher.errors import NobodyToPlace
from matcher.schemas import Role, User

router = APIRouter(prefix=PREFIX, tags=["placements"])


class Pair(BaseModel):
    """A student and a position."""

    student_id: str = Field(min_length=1, max_length=64)
    position_id: str = Field(min_length=1, max_length=64)


class PlacementIn(BaseModel):
    """Who to place and how; every filter given must hold."""

    cohort: str | None = Field(default=None, max_length=200, description="One of your cohorts")
    major: str | None = Field(default=None, max_length=200, description="Major name or code")
    graduation_year: int | None = Field(default=None, ge=1990, le=2100)
    method: Literal["optimal", "stable", "greedy"] = "optimal"
    locked: list[Pair] = Field(default_factory=list, max_length=5000)
    forbidden: list[Pair] = Field(default_factory=list, max_length=5000)


class Assignment(BaseModel):
    """One student placed in one position."""

    student_id: str
    position_id: str
    title: str
    enterprise: str
    probability: float
    locked: bool


class PlanOut(BaseModel):
    """A placement plan with its measures (fill rate, probabilities, blocking pairs, …)."""

    method: str
    scorer: str
    assignments: list[Assignment]
    unassigned: list[str]
    already_placed: list[str]
    metrics: dict[str, Any]


def cohort_plan(state: Any, user: User, wanted: PlacementIn) -> dict[str, Any]:
    """The plan for ``user``'s cohort selection (403 outside her cohorts, 422 for bad pairs)."""
    from matcher.placement.cohort import cohort_rows, plan_cohort

    if user.role not in (Role.advisor, Role.admin):
        raise HTTPException(403, "advisors and admins place cohorts")
    engine = engine_of(state)
    if user.role == Role.advisor:
        if wanted.cohort is not None and wanted.cohort not in set(user.cohorts):
            raise HTTPException(403, "advisors place their own cohorts")
        if not user.cohorts:
            raise HTTPException(403, "this advisor account runs no cohort")
    try:
        rows, already = cohort_rows(
            engine,
            major=wanted.major,
            graduation_year=wanted.graduation_year,
            cohort=wanted.cohort,
            within=user.cohorts if user.role == Role.advisor else None,
        )
    except NobodyToPlace as exc:
        raise HTTPException(404, str(exc)) from None
    ids = [engine.students.ids[r] for r in rows]
    try:
        plan = plan_cohort(
            engine,
            rows,
            method=wanted.method,
            locked=[(p.student_id, p.position_id) for p in wanted.locked],
            forbidden=[(p.student_id, p.position_id) for p in wanted.forbidden],
            refused_since=state.store.hidden_positions(ids, refused_only=True),
        )
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    audit_views(state, user, "view_placement", ids)
    plan["already_placed"] = already
    return plan


@router.post(
    "/placements",
    response_model=PlanOut,
    responses={
        401: {"description": "no login"},
        403: {"description": "not your cohort"},
        404: {"description": "nobody to place"},
        422: {"description": "invalid selection or pairs"},
    },
)
def placements(
    request: Request, body: PlacementIn, user: Annotated[User, Depends(current_user)]
) -> dict[str, Any]:
    """Place a cohort into the open positions' free openings, honouring locks and forbids.

    Each student gets at most one position and no position more students than its free
    openings; positions a student dismissed are never used. ``metrics`` has fill rate, slots
    filled, total and mean match probability, greedy's total for comparison, blocking pairs,
    the worst-off student's rank and the seconds taken.
    """
    return cohort_plan(request.app.state, user, body)


def plan_csv(state: Any, plan: dict[str, Any]) -> Response:
    """The plan as a CSV download for spreadsheets (UTF-8 with a byte-order mark)."""
    from matcher.placement.plans import write_csv

    out = io.StringIO()
    write_csv(plan, engine_of(state), out)
    return Response(
        "\ufeff" + out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="placements.csv"'},
    )
