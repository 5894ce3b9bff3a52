"""Placement rates: the share of a group's students who hold a place, counted in SQL.

A student is placed once any of her pairs has a hire, an accepted offer or a completed
internship (the funnel's last stage, :data:`~matcher.analytics.funnel.STAGE_EVENTS`). Groups are
of every student of the store (placed or not), by cohort, major, degree or year of graduation:
``graduation_year`` picks a graduating class. A group of fewer than five students is suppressed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, cast, func, select

from matcher.analytics.funnel import STAGE_EVENTS
from matcher.analytics.privacy import shown
from matcher.store.database import Store
from matcher.store.rows import InteractionRow, StudentRow

#: What placement rates can be grouped by.
GROUPS: dict[str, Any] = {
    "cohort": StudentRow.cohort,
    "major": StudentRow.major,
    "degree": StudentRow.degree,
    "graduation_year": StudentRow.graduation_year,
}


@dataclass(frozen=True)
class PlacementRow:
    """One group's students and how many of them are placed (``None`` where suppressed)."""

    group: str | None
    students: int | None
    placed: int | None

    @property
    def suppressed(self) -> bool:
        """Whether the group is too small to show."""
        return self.students is None

    @property
    def rate(self) -> float | None:
        """Placed students over all students of the group."""
        if self.students is None or self.placed is None:
            return None
        return self.placed / self.students

    def as_dict(self) -> dict[str, Any]:
        """The row as JSON wants it."""
        rate = self.rate
        return {
            "group": self.group,
            "students": self.students,
            "placed": self.placed,
            "rate": None if rate is None else round(rate, 4),
            "suppressed": self.suppressed,
        }


def placement_rates(
    store: Store,
    by: str,
    *,
    graduation_year: int | None = None,
    cohorts: Sequence[str] | None = None,
) -> list[PlacementRow]:
    """Every group's placement rate, largest group first."""
    try:
        dimension = GROUPS[by]
    except KeyError:
        raise ValueError(f"cannot group placements by {by!r}; one of {sorted(GROUPS)}") from None
    placed_events = [e.value for e in STAGE_EVENTS["placed"]]
    placed = (
        select(InteractionRow.student_id.label("student_id"))
        .where(InteractionRow.event.in_(placed_events))
        .distinct()
        .subquery("placed")
    )
    students = func.count(StudentRow.id).label("students")
    query = (
        select(
            dimension.label("grp"),
            students,
            func.sum(cast(placed.c.student_id.is_not(None), Integer)).label("placed"),
        )
        .select_from(StudentRow)
        .outerjoin(placed, placed.c.student_id == StudentRow.id)
        .group_by(dimension)
        .order_by(students.desc(), dimension)
    )
    if graduation_year is not None:
        query = query.where(StudentRow.graduation_year == graduation_year)
    if cohorts is not None:
        query = query.where(StudentRow.cohort.in_(list(cohorts)))
    out = []
    for row in store.fetch(query):
        group = None if row.grp is None else str(row.grp)
        if shown(row.students):
            out.append(PlacementRow(group, int(row.students), int(row.placed or 0)))
        else:
            out.append(PlacementRow(group, None, None))
    return out
