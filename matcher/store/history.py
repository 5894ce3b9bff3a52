"""Interaction history: outcome grades, semesters, and leak-free popularity statistics.

Outcomes are graded (:data:`matcher.rules.GRADES`): hire/accept/internship completed > offer >
interview > apply > view/save > an impression that was ignored or dismissed. A dismissal because
the position had expired is no judgement of the position and is dropped, not counted as a
negative.

Each pair keeps the time it first reached each grade, so it can be graded as of any cut-off
(:meth:`PairOutcomes.grade_before`): training labels, replays and popularity and selectivity
statistics (how often an enterprise's positions are applied to, how often it interviews
applicants) count only events strictly before their cut-off, so neither a pair's features nor a
training label contain what happened later.
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


#: Grade levels a pair can reach (0 to the highest of :data:`matcher.rules.GRADES`).
GRADE_LEVELS = max(GRADES.values()) + 1


@dataclass
class PairOutcomes:
    """One row per (student, position) pair that had any interaction.

    ``grade`` is the ranker's label (:data:`matcher.rules.GRADES`) from all the pair's events;
    ``reached`` keeps when the pair first reached each grade level, so it can be graded as of
    any time (:meth:`grade_before`). ``stage`` is the recruiting funnel's
    (:data:`matcher.rules.FUNNEL_STAGES`), which the centre's analytics count; the times are
    those of the pair's first application, refusal, hiding event and placement (``NaT`` when
    none).
    """

    student_ids: Strings
    position_ids: Strings
    grade: np.ndarray  # int8: the best grade of all its events
    reached: np.ndarray  # datetime64[s], (pairs, GRADE_LEVELS): first event of that grade or more
    semester: Strings  # semester of the first event
    stage: np.ndarray  # int8: the furthest funnel stage, 1 = shown, 0 = none
    applied_at: np.ndarray  # datetime64[s] of the first application, NaT when none
    refused_at: np.ndarray  # datetime64[s] of the first refusal, NaT when none
    hidden_at: np.ndarray  # datetime64[s] of the first event that hides it, NaT when none
    answered: np.ndarray  # bool: the enterprise answered (matcher.rules.ANSWERING_EVENTS)
    placed_at: np.ndarray  # datetime64[s] of the first placing event, NaT when none

    def __post_init__(self) -> None:
        as_columns(self)

    def __len__(self) -> int:
        return len(self.grade)

    @property
    def first_seen(self) -> np.ndarray:
        """Time of each pair's first event (datetime64[s]): when it reached grade 0."""
        return self.reached[:, 0]

    @property
    def dismissed(self) -> np.ndarray:
        """Whether the student refused the position (:func:`matcher.rules.refuses`)."""
        return ~np.isnat(self.refused_at)

    @property
    def hidden(self) -> np.ndarray:
        """Whether her events hide the position from her recommendations
        (:func:`matcher.rules.hides`)."""
        return ~np.isnat(self.hidden_at)

    def grade_before(self, cutoff: np.datetime64) -> np.ndarray:
        """Each pair's best grade from its events strictly before ``cutoff`` (int8); -1 for a
        pair whose events are all at or after it (it did not exist yet).

        >>> pairs = pair_outcomes([])
        >>> pairs.grade_before(np.datetime64("2026-08-01")).tolist()
        []
        """
        # A level is reached no later than the levels above it, so the reached levels are
        # 0..g: their count less one is the grade.
        before = self.reached < np.datetime64(cutoff, "s")  # NaT compares False
        return (before.sum(axis=1) - 1).astype(np.int8)

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
        """The history as a replay at ``cutoff`` knows it: the pairs first seen strictly before
        it, each graded, timed, refused and hidden by its events before it only.

        ``stage`` and ``answered`` (the analytics' funnel, which no replay reads) still count
        every event of a kept pair.
        """
        cut = np.datetime64(cutoff, "s")
        kept = self.take(np.flatnonzero(self.first_seen < cut))

        def until(times: np.ndarray) -> np.ndarray:
            return np.where(times < cut, times, np.datetime64("NaT", "s"))

        return dataclasses.replace(
            kept,
            grade=kept.grade_before(cut),
            reached=until(kept.reached),
            applied_at=until(kept.applied_at),
            refused_at=until(kept.refused_at),
            hidden_at=until(kept.hidden_at),
            placed_at=until(kept.placed_at),
        )


_STRINGS = [f for f in dataclasses.fields(PairOutcomes) if f.type == "Strings"]
_ARRAYS = [f for f in dataclasses.fields(PairOutcomes) if f.type != "Strings"]


def _earliest(
    times: dict[tuple[str, str], dt.datetime], key: tuple[str, str], ts: dt.datetime
) -> None:
    if key not in times or ts < times[key]:
        times[key] = ts


_EPOCH, _SECOND = dt.datetime(1970, 1, 1), dt.timedelta(seconds=1)
#: A time not reached yet, as whole seconds: the largest int64, so that minima skip it.
_NEVER = np.iinfo(np.int64).max


def _seconds(ts: dt.datetime) -> int:
    return (ts - _EPOCH) // _SECOND


def _as_times(seconds: np.ndarray) -> np.ndarray:
    """Whole seconds since 1970 as datetime64[s], :data:`_NEVER` as ``NaT``."""
    out = np.array(seconds, dtype=np.int64, order="C")  # a copy
    out[out == _NEVER] = np.iinfo(np.int64).min  # NaT's integer
    return out.view("datetime64[s]")


def _time_column(
    times: dict[tuple[str, str], dt.datetime], keys: list[tuple[str, str]]
) -> np.ndarray:
    return _as_times(
        np.array([_seconds(times[k]) if k in times else _NEVER for k in keys], dtype=np.int64)
    )


def pair_outcomes(interactions: Iterable[Interaction]) -> PairOutcomes:
    """Collapse events into graded pairs; expired-position dismissals are dropped."""
    # Per pair, the first time (in seconds) of each exact grade.
    firsts: dict[tuple[str, str], list[int]] = {}
    stage: dict[tuple[str, str], int] = {}
    applied: dict[tuple[str, str], dt.datetime] = {}
    refused: dict[tuple[str, str], dt.datetime] = {}
    hidden: dict[tuple[str, str], dt.datetime] = {}
    placed: dict[tuple[str, str], dt.datetime] = {}
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
            _earliest(hidden, key, ts)
        if it.event == Event.dismiss:
            if not refuses(it.event, it.reason):
                continue  # an expired position is no judgement of it: dropped
            _earliest(refused, key, ts)
        times = firsts.setdefault(key, [_NEVER] * GRADE_LEVELS)
        grade, at = GRADES[it.event], _seconds(ts)
        if at < times[grade]:
            times[grade] = at
    keys = sorted(firsts)
    at_grade = np.array([firsts[k] for k in keys], dtype=np.int64).reshape(-1, GRADE_LEVELS)
    # A level is first reached by the earliest event of that grade or a higher one.
    reached = _as_times(np.minimum.accumulate(at_grade[:, ::-1], axis=1)[:, ::-1])
    return PairOutcomes(
        student_ids=[k[0] for k in keys],
        position_ids=[k[1] for k in keys],
        grade=((~np.isnat(reached)).sum(axis=1) - 1).astype(np.int8),
        reached=reached,
        semester=[semester_of(t) for t in reached[:, 0].tolist()],
        stage=np.array([stage.get(k, 0) for k in keys], dtype=np.int8),
        applied_at=_time_column(applied, keys),
        refused_at=_time_column(refused, keys),
        hidden_at=_time_column(hidden, keys),
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
    """Statistics from the events strictly before ``cutoff`` (every event when ``None``): each
    pair first seen before it counts with its grade as of it (:meth:`PairOutcomes.grade_before`).
    """
    grades = pairs.grade if cutoff is None else pairs.grade_before(cutoff)
    stats = PopularityStats.empty()
    for i in np.flatnonzero(grades >= 0):
        pid = pairs.position_ids[i]
        eid = position_enterprise.get(pid)
        if eid is None:
            continue
        g = int(grades[i])
        stats.enterprise_exposed[eid] = stats.enterprise_exposed.get(eid, 0) + 1
        if g >= APPLY_GRADE:
            stats.enterprise_applied[eid] = stats.enterprise_applied.get(eid, 0) + 1
            stats.position_applied[pid] = stats.position_applied.get(pid, 0) + 1
        if g >= ACCEPT_GRADE:
            stats.enterprise_accepted[eid] = stats.enterprise_accepted.get(eid, 0) + 1
    return stats
