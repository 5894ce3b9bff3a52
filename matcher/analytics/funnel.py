"""The recruiting funnel: how far each (student, position) pair went, counted by group in SQL.

A pair's stage is the furthest of its events (:data:`STAGE_EVENTS`): shown (an impression, an
enterprise's invitation or an advisor's suggestion), viewed (a view or a save), applied (an
application, or its rejection), interviewed, offered (an offer, or the student declining it) and
placed (a hire, an accepted offer, or a completed internship). Each stage counts the pairs that
reached at least it, so the funnel never widens. A pair belongs to the semester of its first
event. Dismissals and advisors' shortlists move no pair forward.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Integer, and_, case, cast, func, literal, select
from sqlalchemy.sql.elements import ColumnElement

from matcher.analytics.privacy import shown
from matcher.schemas import Event
from matcher.store.database import Store
from matcher.store.history import semester_bounds
from matcher.store.rows import InteractionRow, PositionRow, StudentRow

#: The funnel's stages in order, each with the events that reach it.
STAGE_EVENTS: dict[str, tuple[Event, ...]] = {
    "shown": (Event.impression, Event.invite, Event.suggest),
    "viewed": (Event.view, Event.save),
    "applied": (Event.apply, Event.reject),
    "interviewed": (Event.interview,),
    "offered": (Event.offer, Event.decline),
    "placed": (Event.hire, Event.accept, Event.internship_completed),
}
STAGES: tuple[str, ...] = tuple(STAGE_EVENTS)
#: What a funnel can be grouped by: student columns, and the position's enterprise.
DIMENSIONS: dict[str, Any] = {
    "major": StudentRow.major,
    "degree": StudentRow.degree,
    "cohort": StudentRow.cohort,
    "graduation_year": StudentRow.graduation_year,
    "enterprise": PositionRow.enterprise_id,
}


@dataclass(frozen=True)
class FunnelRow:
    """One group's funnel: pairs reaching each stage (``None`` where suppressed)."""

    group: str | None
    students: int | None
    stages: dict[str, int | None] = field(default_factory=dict)
    suppressed: bool = False

    def as_dict(self) -> dict[str, Any]:
        """The row as JSON wants it."""
        return {
            "group": self.group,
            "students": self.students,
            "suppressed": self.suppressed,
            **self.stages,
        }


def _stage_of_event() -> ColumnElement[int]:
    """The stage number (1 = shown) an event reaches; 0 for one that moves no pair."""
    whens = [
        (InteractionRow.event.in_([e.value for e in events]), literal(rank))
        for rank, events in enumerate(STAGE_EVENTS.values(), start=1)
    ]
    return case(*whens, else_=literal(0))


def funnel(
    store: Store,
    by: str,
    *,
    semester: str | None = None,
    cohorts: Sequence[str] | None = None,
    enterprise_id: str | None = None,
) -> list[FunnelRow]:
    """The funnel of every group of ``by`` (a key of :data:`DIMENSIONS`), largest group first.

    ``semester`` keeps the pairs whose first event falls in it; ``cohorts`` only those
    students' pairs (an advisor's view), ``enterprise_id`` only that enterprise's positions.
    A group of fewer than five distinct students is returned suppressed.
    """
    try:
        dimension = DIMENSIONS[by]
    except KeyError:
        raise ValueError(f"cannot group a funnel by {by!r}; one of {sorted(DIMENSIONS)}") from None
    pairs = (
        select(
            InteractionRow.student_id.label("student_id"),
            InteractionRow.position_id.label("position_id"),
            func.max(_stage_of_event()).label("stage"),
            func.min(InteractionRow.timestamp).label("first"),
        )
        .group_by(InteractionRow.student_id, InteractionRow.position_id)
        .subquery("pairs")
    )
    counts = [
        func.sum(cast(pairs.c.stage >= rank, Integer)).label(name)
        for rank, name in enumerate(STAGES, start=1)
    ]
    students = func.count(func.distinct(pairs.c.student_id)).label("students")
    query = (
        select(dimension.label("grp"), students, *counts)
        .select_from(pairs)
        .join(StudentRow, StudentRow.id == pairs.c.student_id)
        .join(PositionRow, PositionRow.id == pairs.c.position_id)
        .where(pairs.c.stage > 0)
        .group_by(dimension)
        .order_by(students.desc(), dimension)
    )
    if semester is not None:
        start, end = semester_bounds(semester)
        query = query.where(and_(pairs.c.first >= start, pairs.c.first < end))
    if cohorts is not None:
        query = query.where(StudentRow.cohort.in_(list(cohorts)))
    if enterprise_id is not None:
        query = query.where(PositionRow.enterprise_id == enterprise_id)
    rows = []
    for row in store.fetch(query):
        group = None if row.grp is None else str(row.grp)
        if shown(row.students):
            stages = {name: int(getattr(row, name) or 0) for name in STAGES}
            rows.append(FunnelRow(group, int(row.students), stages))
        else:
            rows.append(FunnelRow(group, None, dict.fromkeys(STAGES), suppressed=True))
    return rows
