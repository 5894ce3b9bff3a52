"""Cohort placements for advisors: a capacity-aware plan, with pairs locked in or forbidden.

``POST /api/v1/placements`` places an advisor's cohort (or part of it) into the open positions'
free openings with :mod:`matcher.placement.cohort`: ``optimal`` (most total match probability),
``stable`` (student-proposing deferred acceptance) or ``greedy`` (each student her best open
position, the baseline). Students already placed (hired, accepted, internship done) are left
out. The plan is derived from students' data, so each student in it is audited as viewed.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from api.audit import audit_views
from api.deps import CurrentUser, EngineDep, StoreDep
from api.schemas import PlanCreate, PlanPublic, errors
from matcher.engine.snapshot import Engine
from matcher.errors import NobodyToPlace
from matcher.placement.cohort import cohort_rows, plan_cohort
from matcher.schemas import Role, User
from matcher.store.database import Store

router = APIRouter(prefix="/placements", tags=["placements"])


@router.post(
    "",
    response_model=PlanPublic,
    responses=errors(
        401,
        (403, "not your cohort"),
        (404, "nobody to place"),
        (422, "invalid selection or pairs"),
    ),
)
def placements(
    body: PlanCreate, user: CurrentUser, engine: EngineDep, store: StoreDep
) -> dict[str, Any]:
    """Place a cohort into the open positions' free openings, honouring locks and forbids.

    Each student gets at most one position and no position more students than its free
    openings; positions a student dismissed are never used. ``metrics`` has fill rate, slots
    filled, total and mean match probability, greedy's total for comparison, blocking pairs,
    the worst-off student's rank and the seconds taken.
    """
    return cohort_plan(store, engine, user, body)


def cohort_plan(store: Store, engine: Engine, user: User, wanted: PlanCreate) -> dict[str, Any]:
    """The plan for ``user``'s cohort selection (403 outside her cohorts, 422 for bad pairs)."""
    if user.role not in (Role.advisor, Role.admin):
        raise HTTPException(403, "advisors and admins place cohorts")
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
        raise HTTPException(404, str(exc)) from exc  # the pages show exc in their language
    ids = [engine.students.ids[r] for r in rows]
    try:
        plan = plan_cohort(
            engine,
            rows,
            method=wanted.method,
            locked=[(p.student_id, p.position_id) for p in wanted.locked],
            forbidden=[(p.student_id, p.position_id) for p in wanted.forbidden],
            refused_since=store.hidden_positions(ids, refused_only=True),
        )
    except ValueError as exc:
        raise HTTPException(422, str(exc)) from None
    audit_views(store, user, "view_placement", ids)
    plan["already_placed"] = already
    return plan
