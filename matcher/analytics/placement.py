"""Placement rates: the share of a group's students who hold a place.

A student is placed once any of her pairs reached the funnel's last stage: a hire, an accepted
offer or a completed internship (:data:`matcher.rules.FUNNEL_STAGES`). Groups are of every
student of the served engine (placed or not), by cohort, major, degree, year of graduation or
college: ``graduation_year`` picks a graduating class. A group of fewer than five students is
suppressed. Counted with ``numpy`` over the engine's columns, as the funnel is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from matcher.analytics.funnel import STAGES
from matcher.analytics.groups import student_groups
from matcher.analytics.privacy import shown
from matcher.engine.snapshot import Engine

#: What placement rates can be grouped by.
GROUPS: tuple[str, ...] = ("cohort", "major", "degree", "graduation_year", "college")


@dataclass(frozen=True)
class PlacementRow:
    """One group's students and how many of them are placed (``None`` where suppressed)."""

    group: str | None
    students: int | None
    placed: int | None
    label: str | None = None

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
            "label": self.label if self.label is not None else self.group,
            "students": self.students,
            "placed": self.placed,
            "rate": None if rate is None else round(rate, 4),
            "suppressed": self.suppressed,
        }


def placed_students(engine: Engine) -> np.ndarray:
    """A mask of the student rows holding a place."""
    P = engine.pairs
    s_row, _ = engine.pair_rows
    placed = np.zeros(len(engine.students), dtype=bool)
    placed[s_row[(P.stage == len(STAGES)) & (s_row >= 0)]] = True
    return placed


def placement_rates(
    engine: Engine,
    by: str,
    *,
    graduation_year: int | None = None,
    cohorts: Sequence[str] | None = None,
    lang: str = "zh",
) -> list[PlacementRow]:
    """Every group's placement rate, largest group first."""
    if by not in GROUPS:
        raise ValueError(f"cannot group placements by {by!r}; one of {sorted(GROUPS)}")
    S = engine.students
    chosen = engine.live_students.copy()
    if graduation_year is not None:
        chosen &= S.graduation_year == graduation_year
    if cohorts is not None:
        chosen &= np.asarray(S.cohort.isin(list(cohorts)))
    groups = student_groups(engine, by, lang)
    chosen &= groups.codes >= 0
    n = len(groups.keys)
    students = np.bincount(groups.codes[chosen], minlength=n)
    placed = np.bincount(groups.codes[chosen & placed_students(engine)], minlength=n)
    out = []
    for g in np.flatnonzero(students).tolist():
        if shown(int(students[g])):
            row = PlacementRow(groups.keys[g], int(students[g]), int(placed[g]), groups.labels[g])
        else:
            row = PlacementRow(groups.keys[g], None, None, groups.labels[g])
        out.append(row)
    out.sort(key=lambda r: (-(r.students or 0), r.group or ""))
    return out
