"""Outcome grades, semesters and leak-free popularity."""

from __future__ import annotations

import datetime as dt

import numpy as np

from matcher.rules import GRADES
from matcher.schemas import Event, Interaction
from matcher.store.history import (
    pair_outcomes,
    popularity_before,
    semester_of,
    semester_start,
)


def _it(i: int, s: str, p: str, event: str, day: str, reason: str | None = None) -> Interaction:
    return Interaction(
        id=f"i{i}",
        student_id=s,
        position_id=p,
        event=event,
        timestamp=f"{day}T10:00:00",
        reason=reason,
    )


def test_grades_are_ordered_as_the_issue_says() -> None:
    assert (
        GRADES[Event.hire]
        > GRADES[Event.offer]
        > GRADES[Event.interview]
        > GRADES[Event.apply]
        > GRADES[Event.view]
        > GRADES[Event.impression]
    )


def test_semesters() -> None:
    assert semester_of(dt.date(2026, 9, 3)) == "2026A"
    assert semester_of(dt.date(2027, 1, 10)) == "2026A"
    assert semester_of(dt.date(2027, 3, 10)) == "2027S"
    assert semester_start("2026A") == dt.date(2026, 8, 1)
    assert sorted(["2026A", "2026S", "2025A"], key=semester_start) == ["2025A", "2026S", "2026A"]


def test_pair_takes_best_grade_and_expired_is_not_a_dislike() -> None:
    pairs = pair_outcomes(
        [
            _it(1, "s1", "p1", "impression", "2026-09-01"),
            _it(2, "s1", "p1", "apply", "2026-09-02"),
            _it(3, "s1", "p1", "interview", "2026-09-10"),
            _it(4, "s1", "p2", "dismiss", "2026-09-03", "expired"),
            _it(5, "s1", "p3", "dismiss", "2026-09-03", "not_interested"),
        ]
    )
    got = dict(zip(pairs.position_ids, pairs.grade.tolist(), strict=True))
    assert got == {"p1": 3, "p3": 0}
    assert pairs.dismissed.tolist() == [False, True]


def test_popularity_uses_only_earlier_pairs() -> None:
    pairs = pair_outcomes(
        [
            _it(1, "s1", "p1", "apply", "2026-03-02"),
            _it(2, "s2", "p1", "apply", "2026-09-02"),
        ]
    )
    stats = popularity_before(pairs, {"p1": "e1"}, np.datetime64("2026-08-01T00:00:00"))
    assert stats.position_applied == {"p1": 1}
