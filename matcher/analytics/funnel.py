"""The recruiting funnel: how far each (student, position) pair went, counted by group.

A pair's stage is the furthest of its events (:data:`matcher.rules.FUNNEL_STAGES`): shown,
viewed, applied, interviewed, offered, placed. Each stage counts the pairs that reached at least
it, so the funnel never widens. A pair belongs to the semester of its first event. ``students``
is the number of distinct students with a pair in the group: a group of fewer than
:data:`~matcher.analytics.privacy.MIN_GROUP` is suppressed.

The counts come from the served engine's pair table (one row per pair, its stage kept by every
write through the change feed), with ``numpy`` over integer group codes: on the benchmark world
of 2.6 million pairs a grouping costs milliseconds, where SQL's GROUP BY over the same pairs
joined to their students took seconds (``docs/analytics.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from matcher.analytics.derived import students_per_enterprise
from matcher.analytics.groups import (
    POSITION_SIDE,
    STUDENT_SIDE,
    industry_bits,
    position_groups,
    student_groups,
)
from matcher.analytics.privacy import shown
from matcher.columnar import Strings
from matcher.engine.snapshot import Engine
from matcher.rules import FUNNEL_STAGES

#: The funnel's stages in order.
STAGES: tuple[str, ...] = tuple(FUNNEL_STAGES)
#: What a funnel can be grouped by.
DIMENSIONS: tuple[str, ...] = (*STUDENT_SIDE, *POSITION_SIDE)


@dataclass(frozen=True)
class FunnelRow:
    """One group's funnel: pairs reaching each stage (``None`` where suppressed)."""

    group: str | None
    students: int | None
    stages: dict[str, int | None] = field(default_factory=dict)
    suppressed: bool = False
    label: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The row as JSON wants it."""
        return {
            "group": self.group,
            "label": self.label if self.label is not None else self.group,
            "students": self.students,
            "suppressed": self.suppressed,
            **self.stages,
        }


def chosen_pairs(
    engine: Engine,
    *,
    semester: str | None = None,
    cohorts: Sequence[str] | None = None,
    enterprise_id: str | None = None,
) -> np.ndarray:
    """A mask of the pairs that reached a stage, of live records, within the filters: first
    seen in ``semester``, of students of ``cohorts``, of positions of ``enterprise_id``."""
    P = engine.pairs
    s_row, p_row = engine.pair_rows
    mask = (P.stage > 0) & (s_row >= 0) & (p_row >= 0)
    if semester is not None:
        mask &= np.asarray(P.semester.isin([semester]))
    if cohorts is not None:
        in_cohorts = np.asarray(engine.students.cohort.isin(list(cohorts)))
        mask &= in_cohorts[np.where(s_row >= 0, s_row, 0)]
    if enterprise_id is not None:
        row = engine.enterprises.index.get(enterprise_id)
        if row is None:
            return np.zeros(len(P), dtype=bool)
        mask &= engine.positions.enterprise[np.where(p_row >= 0, p_row, 0)] == row
    return mask


def _stage_counts(codes: np.ndarray, stage: np.ndarray, n: int) -> np.ndarray:
    """Pairs per group reaching at least each stage: shape (n groups, len(STAGES))."""
    exact = np.bincount(codes * (len(STAGES) + 1) + stage, minlength=n * (len(STAGES) + 1))
    exact = exact.reshape(n, len(STAGES) + 1)[:, 1:]
    return np.cumsum(exact[:, ::-1], axis=1)[:, ::-1]


def _students_per_group(codes: np.ndarray, students: np.ndarray, n: int) -> np.ndarray:
    """Distinct students per group of a student-side dimension (each student is in one)."""
    seen = np.zeros(codes.size, dtype=bool)
    seen[students] = True
    return np.bincount(codes[seen & (codes >= 0)], minlength=n)


def _rows(
    keys: Sequence[str | None],
    labels: Sequence[str | None],
    students: np.ndarray,
    counts: np.ndarray,
) -> list[FunnelRow]:
    out = []
    groups = np.flatnonzero(students)
    # A table's column gives the groups' values in one read; a list one by one.
    names = keys[groups] if isinstance(keys, Strings) else [keys[g] for g in groups]
    titles = labels[groups] if isinstance(labels, Strings) else [labels[g] for g in groups]
    for g, key, label in zip(groups.tolist(), names, titles, strict=True):
        n = int(students[g])
        if shown(n):
            stages = {s: int(counts[g, i]) for i, s in enumerate(STAGES)}
            out.append(FunnelRow(key, n, stages, label=label))
        else:
            out.append(FunnelRow(key, None, dict.fromkeys(STAGES), True, label))
    out.sort(key=lambda r: (-(r.students or 0), r.group or ""))
    return out


def funnel(
    engine: Engine,
    by: str,
    *,
    semester: str | None = None,
    cohorts: Sequence[str] | None = None,
    enterprise_id: str | None = None,
    lang: str = "zh",
) -> list[FunnelRow]:
    """The funnel of every group of ``by`` (one of :data:`DIMENSIONS`), largest group first.

    ``semester`` keeps the pairs first seen in it; ``cohorts`` only those students' pairs (an
    advisor's view), ``enterprise_id`` only that enterprise's positions (its own view).
    """
    if by not in DIMENSIONS:
        raise ValueError(f"cannot group a funnel by {by!r}; one of {sorted(DIMENSIONS)}")
    mask = chosen_pairs(engine, semester=semester, cohorts=cohorts, enterprise_id=enterprise_id)
    s_row, p_row = (rows[mask] for rows in engine.pair_rows)
    stage = engine.pairs.stage[mask].astype(np.int64)
    if by in STUDENT_SIDE:
        groups = student_groups(engine, by, lang)
        codes = groups.codes[s_row]
        keep = codes >= 0
        n = len(groups.keys)
        return _rows(
            groups.keys,
            groups.labels,
            _students_per_group(groups.codes, s_row[keep], n),
            _stage_counts(codes[keep], stage[keep], n),
        )
    if by == "industry":  # a pair counts in each industry of its position's enterprise
        bits, keys, labels = industry_bits(engine, lang)
        n_ent = len(engine.enterprises.ids)
        e_row = engine.positions.enterprise[p_row].astype(np.int64)
        # Pairs reaching each stage per enterprise, then summed over each industry's.
        per_enterprise = _stage_counts(e_row, stage, n_ent)
        ent_bits = engine.enterprises.sectors.astype(np.int64)
        # Each student's industries: the union of her pairs' (one pass, no sort).
        student_bits = np.zeros(len(engine.students), dtype=np.int64)
        np.bitwise_or.at(student_bits, s_row, bits[p_row])
        members = [(ent_bits >> i) & 1 == 1 for i in range(len(keys))]
        counts = np.stack([per_enterprise[m].sum(axis=0) for m in members])
        students = np.array(
            [int(((student_bits >> i) & 1).sum()) for i in range(len(keys))], dtype=np.int64
        )
        return _rows(keys, labels, students, counts)
    groups = position_groups(engine, by)
    codes = groups.codes[p_row]
    n = len(groups.keys)
    if by == "enterprise":
        students = students_per_enterprise(engine, mask)
    else:  # a position's pairs are of distinct students
        students = np.bincount(codes, minlength=n)
    return _rows(groups.keys, groups.labels, students, _stage_counts(codes, stage, n))
