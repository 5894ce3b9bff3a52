"""The domain rules, each decided once (matcher.rules)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from matcher.config import get_settings
from matcher.rules import (
    EVENT_ACTORS,
    applied_students,
    hidden_positions,
    hides,
    may_record,
    placed_students,
    recommendation_day,
    refused_positions,
    refuses,
)
from matcher.schemas import DismissReason, Enterprise, Event, Interaction, Position, Role, Student
from matcher.store.database import Store
from matcher.store.history import pair_outcomes


def _it(i: int, s: str, p: str, event: str, reason: str | None = None) -> Interaction:
    return Interaction(
        id=f"i{i}",
        student_id=s,
        position_id=p,
        event=Event(event),
        timestamp=dt.datetime(2026, 9, 1 + i),
        reason=DismissReason(reason) if reason else None,
    )


EVENTS = [
    _it(0, "s1", "p1", "apply"),
    _it(1, "s1", "p2", "dismiss", "wrong_city"),
    _it(2, "s1", "p3", "dismiss", "expired"),
    _it(3, "s2", "p1", "view"),
    _it(4, "s2", "p2", "hire"),
    _it(5, "s3", "p3", "dismiss"),
    _it(6, "s3", "p1", "shortlist"),
]


def test_what_hides_and_what_refuses() -> None:
    assert hides(Event.apply, None) and not refuses(Event.apply, None)
    assert hides("dismiss", "not_interested") and refuses("dismiss", "not_interested")
    assert hides(Event.dismiss, None) and refuses(Event.dismiss, None)
    assert not hides(Event.dismiss, DismissReason.expired)
    assert not refuses("dismiss", "expired")
    for event in (Event.view, Event.save, Event.shortlist, Event.interview, Event.hire):
        assert not hides(event, None) and not refuses(event, None)


def test_the_engine_and_the_store_apply_the_same_rule() -> None:
    pairs = pair_outcomes(EVENTS)
    hidden = {"s1": {"p1", "p2"}, "s3": {"p3"}}
    assert hidden_positions(pairs) == hidden
    assert refused_positions(pairs) == {"s1": {"p2"}, "s3": {"p3"}}
    store = Store("sqlite://")
    enterprise = Enterprise(id="e1", name="光", sectors=["optics"], city="长春")
    positions = [
        Position(id=p, enterprise_id="e1", title="t", city="长春", openings=1)
        for p in ("p1", "p2", "p3")
    ]
    students = [
        Student(id=s, major="光电", degree="bachelor", graduation_year=2027)
        for s in ("s1", "s2", "s3")
    ]
    with store.session() as session:
        store.upsert(session, "enterprises", [enterprise])
        store.upsert(session, "positions", positions)
        store.upsert(session, "students", students)
        store.upsert(session, "interactions", EVENTS)
    assert store.hidden_positions(["s1", "s2", "s3"]) == hidden
    assert store.hidden_positions(["s1", "s3"], refused_only=True) == refused_positions(pairs)
    assert placed_students(pairs) == {"s2"}
    assert applied_students(pairs) == {"s1", "s2", "s3"}  # a shortlist grades as applied


def test_who_records_which_event() -> None:
    assert may_record(Role.student, Event.apply) and not may_record(Role.student, Event.hire)
    assert may_record(Role.enterprise, Event.offer) and not may_record(Role.enterprise, Event.apply)
    assert may_record(Role.advisor, Event.shortlist)
    assert all(may_record(Role.admin, e) for e in Event)
    assert not may_record(Role.researcher, Event.view)
    assert set(EVENT_ACTORS) == set(Event) - {Event.impression}


def test_the_day_of_recommendation(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = np.datetime64("2027-04-14", "D")
    assert recommendation_day(clock) == clock
    assert recommendation_day(clock, np.datetime64("2027-01-02")) == np.datetime64("2027-01-02")
    monkeypatch.setenv("MATCHER_TODAY", "2027-05-14")
    get_settings.cache_clear()
    assert recommendation_day(clock) == np.datetime64("2027-05-14")
    assert recommendation_day(clock, clock) == clock  # an explicit day wins

