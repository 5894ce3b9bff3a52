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


def test_pairs_before_a_cutoff_keep_only_pairs_that_began_before_it() -> None:
    pairs = pair_outcomes(
        [
            _it(1, "s1", "p1", "view", "2026-07-20"),
            _it(2, "s1", "p1", "apply", "2026-07-25"),
            _it(3, "s1", "p2", "apply", "2026-08-03"),  # begins after the cut-off
            _it(4, "s2", "p1", "dismiss", "2026-07-30", "not_interested"),
            _it(5, "s2", "p3", "impression", "2026-08-01"),  # exactly at it: left out
        ]
    )
    cut = np.datetime64("2026-08-01T00:00:00")
    before = pairs.before(cut)
    assert list(zip(before.student_ids, before.position_ids, strict=True)) == [
        ("s1", "p1"),
        ("s2", "p1"),
    ]
    assert (before.first_seen < cut).all()
    assert before.grade.tolist() == [GRADES[Event.apply], GRADES[Event.dismiss]]
    assert before.semester == ["2026S", "2026S"]
    assert before.hidden.tolist() == [True, True] and before.dismissed.tolist() == [False, True]
    # The statistics of the kept pairs are those counted before the same cut-off.
    owner = {"p1": "e1", "p2": "e1", "p3": "e2"}
    assert popularity_before(before, owner, None) == popularity_before(pairs, owner, cut)
    assert len(pairs.grade) == 4  # the original is untouched


#: A pair that applied in the spring semester (2025S) and was hired in the autumn (2025A), and
#: a pair that began in the autumn; cut at the autumn's start.
SPRING_APPLY_AUTUMN_HIRE = [
    _it(1, "s1", "p1", "view", "2025-03-10"),
    _it(2, "s1", "p1", "apply", "2025-03-12"),
    _it(3, "s1", "p1", "interview", "2025-09-05"),
    _it(4, "s1", "p1", "hire", "2025-10-01"),
    _it(5, "s2", "p1", "apply", "2025-09-02"),
]
AUTUMN = np.datetime64("2025-08-01T00:00:00")


def test_a_pair_is_graded_as_of_a_cutoff() -> None:
    pairs = pair_outcomes(SPRING_APPLY_AUTUMN_HIRE)
    assert list(pairs.student_ids) == ["s1", "s2"] and pairs.semester == ["2025S", "2025A"]
    assert pairs.grade.tolist() == [5, 2]  # every event
    # Training cut at the autumn's start sees the application, not the hire; the pair that
    # began after the cut-off has no grade yet (-1).
    assert pairs.grade_before(AUTUMN).tolist() == [2, -1]
    # Strictly before: the interview counts from the second after it.
    assert pairs.grade_before(np.datetime64("2025-09-05T10:00:00")).tolist() == [2, 2]
    assert pairs.grade_before(np.datetime64("2025-09-05T10:00:01")).tolist() == [3, 2]
    assert pairs.grade_before(np.datetime64("2025-03-10T10:00:00")).tolist() == [-1, -1]
    # When each grade level was first reached (a level is reached by any event at or above it).
    day = np.datetime64
    assert pairs.reached[0].tolist() == [
        day(t, "s").item()
        for t in (
            "2025-03-10T10:00:00",  # 0: the first event
            "2025-03-10T10:00:00",  # 1: the view
            "2025-03-12T10:00:00",  # 2: the application
            "2025-09-05T10:00:00",  # 3: the interview
            "2025-10-01T10:00:00",  # 4: the hire is above an offer
            "2025-10-01T10:00:00",  # 5: the hire
        )
    ]
    assert pairs.first_seen.tolist() == [
        day("2025-03-10T10:00:00", "s").item(),
        day("2025-09-02T10:00:00", "s").item(),
    ]


def test_the_history_before_a_cutoff_counts_no_later_event() -> None:
    pairs = pair_outcomes(
        [
            *SPRING_APPLY_AUTUMN_HIRE,
            _it(6, "s3", "p2", "view", "2025-04-01"),
            _it(7, "s3", "p2", "dismiss", "2025-09-01", "not_interested"),  # refused later
        ]
    )
    before = pairs.before(AUTUMN)
    assert list(zip(before.student_ids, before.position_ids, strict=True)) == [
        ("s1", "p1"),
        ("s3", "p2"),
    ]
    assert before.grade.tolist() == [2, 1]
    assert before.applied_at.tolist() == [np.datetime64("2025-03-12T10:00:00", "s").item(), None]
    assert np.isnat(before.placed_at).all()  # the hire came after
    # The application hides p1 by then; the refusal of p2 came after the cut-off.
    assert before.hidden.tolist() == [True, False]
    assert before.dismissed.tolist() == [False, False]
    assert pairs.dismissed.tolist() == [False, False, True]
    assert (before.reached < AUTUMN).sum(axis=1).tolist() == [3, 2]  # NaT after the cut-off


def test_popularity_before_a_cutoff_ignores_later_events() -> None:
    owner = {"p1": "e1", "p2": "e1"}
    pairs = pair_outcomes(SPRING_APPLY_AUTUMN_HIRE)
    stats = popularity_before(pairs, owner, AUTUMN)
    # s1 applied in the spring; its interview and hire were in the autumn, so by the autumn's
    # start e1 had one pair shown, one application and no interview.
    assert stats.enterprise_exposed == {"e1": 1}
    assert stats.enterprise_applied == {"e1": 1} and stats.position_applied == {"p1": 1}
    assert stats.enterprise_accepted == {}
    everything = popularity_before(pairs, owner, None)
    assert everything.enterprise_applied == {"e1": 2}
    assert everything.enterprise_accepted == {"e1": 1}
