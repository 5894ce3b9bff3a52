"""Interaction history: outcome grades, semesters, and leak-free popularity statistics.

Outcomes are graded (:data:`matcher.rules.GRADES`): hire/accept/internship completed > offer >
interview > apply > view/save > an impression that was ignored or dismissed. A dismissal because
the position had expired is no judgement of the position and is dropped, not counted as a
negative.

Popularity and selectivity statistics (how often an enterprise's positions are applied to, how
often it interviews applicants) are computed from interactions strictly before a cut-off, so a
pair's features never contain its own outcome.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from matcher.columnar import Strings, as_columns
from matcher.rules import (
    ACCEPT_GRADE,
    ANSWERING_EVENTS,
    APPLY_GRADE,
    FUNNEL_STAGE_OF,
    GRADES,
    hides,
    refuses,
)
from matcher.schemas import Event, Interaction

logger = logging.getLogger(__name__)


def semester_of(ts: dt.datetime | dt.date) -> str:
    """Recruiting semester of a time: ``2026S`` (Feb–Jul) or ``2026A`` (Aug–Jan)."""
    if ts.month >= 8:
        return f"{ts.year}A"
    if ts.month == 1:
        return f"{ts.year - 1}A"
    return f"{ts.year}S"


def semester_start(semester: str) -> dt.date:
    """First day of a semester key such as ``2026A``."""
    year, kind = int(semester[:4]), semester[4]
    return dt.date(year, 8, 1) if kind == "A" else dt.date(year, 2, 1)


def semester_bounds(semester: str) -> tuple[dt.datetime, dt.datetime]:
    """The first instant of ``semester`` and of the semester after it."""
    start = semester_start(semester)
    after = dt.date(start.year + 1, 2, 1) if semester.endswith("A") else dt.date(start.year, 8, 1)
    return dt.datetime.combine(start, dt.time()), dt.datetime.combine(after, dt.time())


@dataclass
class PairOutcomes:
    """One row per (student, position) pair that had any interaction.

    ``grade`` is the ranker's label (:data:`matcher.rules.GRADES`); ``stage`` the recruiting
    funnel's (:data:`matcher.rules.FUNNEL_STAGES`), which the centre's analytics count; the
    times are those of the pair's first application and first placement (``NaT`` when none).
    """

    student_ids: Strings
    position_ids: Strings
    grade: np.ndarray  # int8
    first_seen: np.ndarray  # datetime64[s] of the pair's first event
    semester: Strings  # semester of the first event
    dismissed: np.ndarray  # bool: refused (matcher.rules.refuses)
    hidden: np.ndarray  # bool: hidden from her recommendations (matcher.rules.hides)
    stage: np.ndarray  # int8: the furthest funnel stage, 1 = shown, 0 = none
    applied_at: np.ndarray  # datetime64[s] of the first application, NaT when none
    answered: np.ndarray  # bool: the enterprise answered (matcher.rules.ANSWERING_EVENTS)
    placed_at: np.ndarray  # datetime64[s] of the first placing event, NaT when none

    def __post_init__(self) -> None:
        as_columns(self)

    def __len__(self) -> int:
        return len(self.grade)

    def take(self, rows: np.ndarray) -> PairOutcomes:
        """These rows, in this order."""
        return PairOutcomes(
            **{f.name: getattr(self, f.name)[rows] for f in _ARRAYS}
            | {f.name: getattr(self, f.name).take(rows) for f in _STRINGS}
        )

    def concat(self, other: PairOutcomes) -> PairOutcomes:
        """These rows followed by ``other``'s."""
        return PairOutcomes(
            **{
                f.name: np.concatenate([getattr(self, f.name), getattr(other, f.name)])
                for f in _ARRAYS
            }
            | {f.name: getattr(self, f.name).concat(getattr(other, f.name)) for f in _STRINGS}
        )

    def before(self, cutoff: np.datetime64) -> PairOutcomes:
        """The pairs first seen strictly before ``cutoff``: the history as a replay at that time
        knows it (no pair that began at or after ``cutoff`` is kept).

        A kept pair keeps its collapsed grade and flags; they may count events of the same pair
        at or after ``cutoff`` (a view before, an application after), since pairs keep no time
        per event.
        """
        return self.take(np.flatnonzero(self.first_seen < np.datetime64(cutoff, "s")))


_STRINGS = [f for f in dataclasses.fields(PairOutcomes) if f.type == "Strings"]
_ARRAYS = [f for f in dataclasses.fields(PairOutcomes) if f.type != "Strings"]


def _earliest(
    times: dict[tuple[str, str], dt.datetime], key: tuple[str, str], ts: dt.datetime
) -> None:
    if key not in times or ts < times[key]:
        times[key] = ts


def _time_column(
    times: dict[tuple[str, str], dt.datetime], keys: list[tuple[str, str]]
) -> np.ndarray:
    return np.array(
        [np.datetime64(times[k], "s") if k in times else np.datetime64("NaT", "s") for k in keys],
        dtype="datetime64[s]",
    )


def pair_outcomes(interactions: Iterable[Interaction]) -> PairOutcomes:
    """Collapse events into graded pairs; expired-position dismissals are dropped."""
    best: dict[tuple[str, str], int] = {}
    stage: dict[tuple[str, str], int] = {}
    first: dict[tuple[str, str], dt.datetime] = {}
    applied: dict[tuple[str, str], dt.datetime] = {}
    placed: dict[tuple[str, str], dt.datetime] = {}
    dismissed: set[tuple[str, str]] = set()
    hidden: set[tuple[str, str]] = set()
    answered: set[tuple[str, str]] = set()
    placing = FUNNEL_STAGE_OF[Event.hire]
    for it in interactions:
        key = (it.student_id, it.position_id)
        ts = it.timestamp.replace(tzinfo=None)
        reached = FUNNEL_STAGE_OF.get(it.event, 0)
        if reached > stage.get(key, 0):
            stage[key] = reached
        if it.event == Event.apply:
            _earliest(applied, key, ts)
        if reached == placing:
            _earliest(placed, key, ts)
        if it.event in ANSWERING_EVENTS:
            answered.add(key)
        if hides(it.event, it.reason):
            hidden.add(key)
        if it.event == Event.dismiss:
            if not refuses(it.event, it.reason):
                continue  # an expired position is no judgement of it: dropped
            dismissed.add(key)
        grade = GRADES[it.event]
        if grade > best.get(key, -1):
            best[key] = grade
        _earliest(first, key, ts)
    keys = sorted(best)
    return PairOutcomes(
        student_ids=[k[0] for k in keys],
        position_ids=[k[1] for k in keys],
        grade=np.array([best[k] for k in keys], dtype=np.int8),
        first_seen=_time_column(first, keys),
        semester=[semester_of(first[k]) for k in keys],
        dismissed=np.array([k in dismissed for k in keys], dtype=bool),
        hidden=np.array([k in hidden for k in keys], dtype=bool),
        stage=np.array([stage.get(k, 0) for k in keys], dtype=np.int8),
        applied_at=_time_column(applied, keys),
        answered=np.array([k in answered for k in keys], dtype=bool),
        placed_at=_time_column(placed, keys),
    )


@dataclass
class PopularityStats:
    """Counts per enterprise and position from interactions before a cut-off."""

    enterprise_exposed: dict[str, int]
    enterprise_applied: dict[str, int]
    enterprise_accepted: dict[str, int]
    position_applied: dict[str, int]

    @classmethod
    def empty(cls) -> PopularityStats:
        """No history (the first semester, or a new store)."""
        return cls({}, {}, {}, {})

    def enterprise_apply_rate(self, enterprise_id: str) -> float:
        """Smoothed share of exposures that led to an application (nan without history)."""
        n = self.enterprise_exposed.get(enterprise_id, 0)
        if not self.enterprise_exposed:
            return float("nan")
        return (self.enterprise_applied.get(enterprise_id, 0) + 1.0) / (n + 10.0)

    def enterprise_accept_rate(self, enterprise_id: str) -> float:
        """Smoothed share of applications answered with an interview or better."""
        if not self.enterprise_exposed:
            return float("nan")
        n = self.enterprise_applied.get(enterprise_id, 0)
        return (self.enterprise_accepted.get(enterprise_id, 0) + 1.0) / (n + 4.0)


def popularity_before(
    pairs: PairOutcomes, position_enterprise: dict[str, str], cutoff: np.datetime64 | None
) -> PopularityStats:
    """Statistics from pairs first seen strictly before ``cutoff`` (all pairs when ``None``)."""
    mask = np.ones(len(pairs.grade), dtype=bool) if cutoff is None else pairs.first_seen < cutoff
    stats = PopularityStats.empty()
    for i in np.flatnonzero(mask):
        pid = pairs.position_ids[i]
        eid = position_enterprise.get(pid)
        if eid is None:
            continue
        g = int(pairs.grade[i])
        stats.enterprise_exposed[eid] = stats.enterprise_exposed.get(eid, 0) + 1
        if g >= APPLY_GRADE:
            stats.enterprise_applied[eid] = stats.enterprise_applied.get(eid, 0) + 1
            stats.position_applied[pid] = stats.position_applied.get(pid, 0) + 1
        if g >= ACCEPT_GRADE:
            stats.enterprise_accepted[eid] = stats.enterprise_accepted.get(eid, 0) + 1
    return stats
