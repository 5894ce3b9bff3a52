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


def _user(role: str, **links: object) -> object:
    from matcher.schemas import User

    return User(id=f"u-{role}", username=f"{role}-1", role=role, password_hash="x", **links)


def test_the_funnel_holds_for_every_writer() -> None:
    from matcher.errors import EventRefused
    from matcher.rules import check_event

    student = Student(id="s1", major="光电", degree="bachelor", graduation_year=2027, cohort="c1")
    shy = student.model_copy(update={"id": "s2"})
    seen = student.model_copy(update={"id": "s3", "visible_to_enterprises": True})
    position = Position(id="p1", enterprise_id="e1", title="t", city="长春", openings=1)
    me = _user("student", student_id="s1")
    firm = _user("enterprise", enterprise_id="e1")
    rival = _user("enterprise", enterprise_id="e2")
    advisor = _user("advisor", cohorts=["c1"])
    admin = _user("admin")

    def refused(user: object, event: str, who: Student, earlier: set[str]) -> str | None:
        try:
            check_event(user, Event(event), who, position, earlier)  # type: ignore[arg-type]
        except EventRefused as exc:
            return exc.kind
        return None

    assert refused(me, "apply", student, set()) is None
    assert refused(me, "hire", student, {"apply"}) == "not_allowed"
    assert refused(me, "accept", student, {"apply"}) == "out_of_order"  # no offer was made
    assert refused(me, "accept", student, {"apply", "offer"}) is None
    assert refused(me, "view", shy, set()) == "not_allowed"  # not her own
    assert refused(firm, "offer", student, set()) == "out_of_order"  # nobody applied
    assert refused(firm, "interview", student, {"apply"}) is None
    assert refused(rival, "interview", student, {"apply"}) == "not_allowed"
    assert refused(firm, "invite", shy, set()) == "not_allowed"  # did not agree to be seen
    assert refused(firm, "invite", seen, set()) is None
    assert refused(advisor, "suggest", student, set()) is None
    assert refused(advisor, "suggest", shy.model_copy(update={"cohort": "c9"}), set()) == (
        "not_allowed"
    )
    assert refused(admin, "hire", student, set()) == "out_of_order"  # the order binds admins too


def test_stages_of_an_application() -> None:
    from matcher.rules import funnel_stage, sees_identity

    assert funnel_stage({"view", "save"}) is None
    assert funnel_stage({"apply"}) == "applied"
    assert funnel_stage({"apply", "interview"}) == "interview"
    assert funnel_stage({"apply", "interview", "offer"}) == "offered"
    assert funnel_stage({"apply", "offer", "accept"}) == "accepted"
    assert funnel_stage({"apply", "offer", "accept", "hire"}) == "placed"
    assert funnel_stage({"apply", "reject"}) == "rejected"
    assert funnel_stage({"apply", "offer", "decline"}) == "declined"
    assert not sees_identity(["invite", "view"]) and sees_identity(["invite", "apply"])


def test_the_store_reads_and_undoes_a_pair_history() -> None:
    store = Store("sqlite://")
    enterprise = Enterprise(id="e1", name="光", sectors=["optics"], city="长春")
    position = Position(id="p1", enterprise_id="e1", title="t", city="长春", openings=1)
    student = Student(id="s1", major="光电", degree="bachelor", graduation_year=2027)
    with store.session() as session:
        store.upsert(session, "enterprises", [enterprise])
        store.upsert(session, "positions", [position])
        store.upsert(session, "students", [student])
        events = [_it(0, "s1", "p1", "save"), _it(1, "s1", "p1", "apply")]
        store.upsert(session, "interactions", events)
    assert store.pair_events("s1", "p1") == {"save", "apply"}
    assert [i.event for i in store.interactions_of(student_ids=["s1"])] == ["save", "apply"]
    assert [i.event for i in store.interactions_of(position_ids=["p1"], limit=1)] == ["apply"]
    before = store.generation()
    assert store.delete_interaction("i0") and not store.delete_interaction("i0")
    assert store.pair_events("s1", "p1") == {"apply"} and store.generation() == before + 1


def test_events_happen_in_the_products_present(monkeypatch: pytest.MonkeyPatch) -> None:
    """An event recorded now is stamped now, but never before the store's latest event (a
    simulated world ahead of the calendar), and on MATCHER_TODAY when it is set."""
    from matcher.rules import event_time

    now = dt.datetime(2026, 12, 6, 9, 30)
    assert event_time(None, now) == now
    assert event_time(dt.datetime(2026, 11, 1), now) == now
    ahead = dt.datetime(2027, 4, 14, 22, 50, 19)
    assert event_time(ahead, now) == ahead + dt.timedelta(seconds=1)
    assert event_time(now, now) == now + dt.timedelta(seconds=1)  # never at the latest's time
    monkeypatch.setenv("MATCHER_TODAY", "2027-05-14")
    get_settings.cache_clear()
    assert event_time(ahead, now) == dt.datetime(2027, 5, 14, 9, 30)


def test_events_are_stamped_in_utc_on_a_server_in_china(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from matcher.rules import event_time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        stamped = event_time(None)
        utc = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    finally:
        monkeypatch.undo()
        time.tzset()
    assert abs(utc - stamped) < dt.timedelta(minutes=1)  # not eight hours ahead


def test_no_application_to_a_closed_position_and_an_offer_answered_once() -> None:
    from matcher.errors import EventRefused
    from matcher.rules import check_event

    student = Student(id="s1", major="光电", degree="bachelor", graduation_year=2027)
    closed = Position(
        id="p1", enterprise_id="e1", title="t", city="长春", openings=1, status="closed"
    )
    me = _user("student", student_id="s1")
    with pytest.raises(EventRefused, match="no longer takes"):
        check_event(me, Event.apply, student, closed, set())  # type: ignore[arg-type]
    answered = {"apply", "offer", "decline"}
    with pytest.raises(EventRefused, match="answered already"):
        check_event(me, Event.accept, student, closed, answered)  # type: ignore[arg-type]


def test_each_refusal_says_what_and_why() -> None:
    """The kind, the catalogue key and the English text of every refusal of check_event."""
    from matcher.errors import EventRefused
    from matcher.rules import check_event

    student = Student(id="s1", major="光电", degree="bachelor", graduation_year=2027, cohort="c1")
    other = student.model_copy(update={"id": "s2", "cohort": "c2"})
    position = Position(id="p1", enterprise_id="e1", title="t", city="长春", openings=1)
    closed = position.model_copy(update={"status": "closed"})
    me, firm = _user("student", student_id="s1"), _user("enterprise", enterprise_id="e1")
    rival, advisor = _user("enterprise", enterprise_id="e2"), _user("advisor", cohorts=["c1"])

    def why(user: object, event: str, who: Student, where: Position, earlier: set[str]) -> tuple:
        with pytest.raises(EventRefused) as caught:
            check_event(user, Event(event), who, where, earlier)  # type: ignore[arg-type]
        return caught.value.kind, caught.value.key, str(caught.value)

    mine = "not_allowed", "event_not_yours"
    assert why(me, "hire", student, position, {"apply"}) == (
        *mine,
        "a hire event is recorded by enterprise",
    )
    assert why(me, "impression", student, position, set()) == (
        *mine,
        "an impression event is recorded by the system",
    )
    assert why(firm, "apply", student, position, set()) == (
        *mine,
        "an apply event is recorded by student",
    )
    assert why(me, "view", other, position, set()) == (
        *mine,
        "students record only their own events",
    )
    assert why(rival, "interview", student, position, {"apply"}) == (
        *mine,
        "enterprises record events on their own positions",
    )
    assert why(advisor, "suggest", other, position, set()) == (
        *mine,
        "advisors record events for their cohorts",
    )
    assert why(firm, "invite", student, position, set()) == (
        "not_allowed",
        "invite_needs_consent",
        "only students who agreed to be seen can be invited",
    )
    assert why(me, "apply", student, closed, set()) == (
        "out_of_order",
        "position_closed",
        "the position no longer takes applications",
    )
    for answered in ({"apply", "offer", "accept"}, {"apply", "offer", "decline"}):
        assert why(me, "decline", student, position, answered) == (
            "out_of_order",
            "offer_answered",
            "the offer has been answered already",
        )
    assert why(firm, "offer", student, position, {"view"}) == (
        "out_of_order",
        "needs_apply",
        "an offer event needs an earlier apply event on this pair",
    )
    assert why(me, "accept", student, position, {"apply"}) == (
        "out_of_order",
        "needs_offer",
        "an accept event needs an earlier offer event on this pair",
    )
    # What is allowed passes: her acceptance of an offer, an application to an open position.
    check_event(me, Event.accept, student, position, {"apply", "offer"})  # type: ignore[arg-type]
    check_event(me, Event.apply, student, position, set())  # type: ignore[arg-type]
    check_event(firm, Event.hire, student, closed, {"apply"})  # type: ignore[arg-type]


def test_prerequisites_and_events_out_of_order() -> None:
    from matcher.rules import missing_prerequisite, out_of_order, with_article

    assert missing_prerequisite(Event.hire, set()) == Event.apply
    assert missing_prerequisite(Event.hire, {"apply"}) is None
    assert missing_prerequisite(Event.decline, {Event.apply}) == Event.offer
    assert missing_prerequisite(Event.view, set()) is None
    assert [with_article(w) for w in ("offer", "hire", "interview", "accept", "save")] == [
        "an offer", "a hire", "an interview", "an accept", "a save"
    ]  # fmt: skip
    t = dt.datetime(2026, 9, 1)
    later = t + dt.timedelta(hours=1)
    # Stamped alike, events are taken in funnel order (not by name: accept < apply < offer).
    assert out_of_order([(t, "interview", "i2"), (t, "apply", "i1")]) == []
    assert out_of_order([(t, "offer", "i2"), (t, "accept", "i3"), (t, "apply", "i1")]) == []
    assert out_of_order([(t, "interview", "i1"), (later, "apply", "i2")]) == [("i1", Event.apply)]
    assert (
        out_of_order(
            [(later, "accept", "i3"), (t, "apply", "i1"), (t, "offer", "i2"), (t, "hire", "i4")]
        )
        == []
    )
    assert out_of_order([(t, "apply", "i1"), (t, "accept", "i2"), (later, "decline", "i3")]) == [
        ("i2", Event.offer),
        ("i3", Event.offer),
    ]


def test_what_a_student_may_not_change_of_her_record() -> None:
    from matcher.rules import fields_refused

    her = Student(
        id="s1", major="光电", degree="bachelor", graduation_year=2027, gpa=3.2, cohort="c1"
    )
    changes = {"gpa": 3.9, "cohort": "c1", "skills": ["Zemax"], "name": "新名字"}
    assert fields_refused(Role.student, changes, her) == ["gpa", "name"]
    assert fields_refused(Role.student, {"gpa": 3.2, "skills": []}, her) == []
    assert fields_refused(Role.advisor, changes, her) == []
    assert fields_refused(Role.admin, changes, her) == []


def test_who_is_placed_applied_and_merged() -> None:
    pairs = pair_outcomes(EVENTS[:6])  # s1 applied, s2 was hired, s3 only dismissed
    assert placed_students(pairs) == {"s2"}
    assert applied_students(pairs) == {"s1", "s2"}
    from matcher.rules import merge

    assert merge({"s1": {"p1"}}, {"s1": {"p2"}, "s2": {"p3"}}, {}) == {
        "s1": {"p1", "p2"},
        "s2": {"p3"},
    }
    first = {"s1": {"p1"}}
    merge(first, {"s1": {"p2"}})
    assert first == {"s1": {"p1"}}, "the parts are not changed"
