"""Domain rules that the command line, the service, the pages and the evaluation share.

Each rule has one function here, and nothing else decides it again: the funnel's grades and
stages, what an event needs before it (an offer needs an application, an acceptance an offer),
what hides a position from a student for good, what counts as refusing it, who is placed or has
applied, who may record which event, who may see a student's name, and the day
recommendations are made at. Where a rule
is applied to rows of the database, the store selects the rows and this module decides
(:meth:`matcher.store.database.Store.hidden_positions`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from matcher.schemas import DismissReason, Event, Position, Role, Student, User

if TYPE_CHECKING:
    from matcher.store.history import PairOutcomes

#: Grade of each event; a (student, position) pair's grade is the highest of its events.
GRADES: dict[Event, int] = {
    Event.impression: 0,
    Event.dismiss: 0,
    Event.view: 1,
    Event.save: 1,
    Event.apply: 2,
    Event.shortlist: 2,
    Event.reject: 2,  # the student applied; the enterprise said no
    Event.decline: 4,  # the student was offered and declined
    Event.interview: 3,
    Event.offer: 4,
    Event.accept: 5,
    Event.hire: 5,
    Event.internship_completed: 5,
    Event.invite: 1,  # the enterprise's interest: exposure, as a view is
    Event.suggest: 1,  # an advisor's suggestion: exposure, as a view is
}
#: From this grade on, the student wanted the position (she applied).
APPLY_GRADE = 2
#: From this grade on, the enterprise wanted the student (an interview or better).
ACCEPT_GRADE = 3
#: From this grade on, the student holds a place (hired, an offer accepted, an internship done).
PLACED_GRADE = GRADES[Event.hire]

#: The recruiting funnel's stages in order (the centre's analytics), each with the events that
#: reach it: shown (an impression, an enterprise's invitation, an advisor's suggestion), viewed,
#: applied (an application, or its rejection), interviewed, offered (an offer, or the student
#: declining it) and placed. A pair's stage is the furthest of its events; dismissals and
#: advisors' shortlists move no pair forward.
FUNNEL_STAGES: dict[str, tuple[Event, ...]] = {
    "shown": (Event.impression, Event.invite, Event.suggest),
    "viewed": (Event.view, Event.save),
    "applied": (Event.apply, Event.reject),
    "interviewed": (Event.interview,),
    "offered": (Event.offer, Event.decline),
    "placed": (Event.hire, Event.accept, Event.internship_completed),
}
#: The funnel stage (1 = shown) each event reaches; an event not here reaches none (0).
FUNNEL_STAGE_OF: dict[Event, int] = {
    event: rank for rank, events in enumerate(FUNNEL_STAGES.values(), start=1) for event in events
}
#: Events by which an enterprise answers an application.
ANSWERING_EVENTS: tuple[Event, ...] = (Event.interview, Event.offer, Event.reject, Event.hire)

#: The events that can hide a position (what the store selects before :func:`hides` decides).
HIDING_EVENTS: tuple[Event, ...] = (Event.apply, Event.dismiss)

#: Who may record which event: the student herself, her advisor, or the position's enterprise
#: (admins may record any).
EVENT_ACTORS: dict[Event, tuple[Role, ...]] = {
    Event.view: (Role.student,),
    Event.save: (Role.student,),
    Event.dismiss: (Role.student,),
    Event.apply: (Role.student,),
    Event.accept: (Role.student,),
    Event.decline: (Role.student,),
    Event.shortlist: (Role.advisor,),
    Event.interview: (Role.enterprise,),
    Event.offer: (Role.enterprise,),
    Event.reject: (Role.enterprise,),
    Event.hire: (Role.enterprise,),
    Event.internship_completed: (Role.enterprise,),
    Event.invite: (Role.enterprise,),
    Event.suggest: (Role.advisor,),
}

#: The event a pair must already have before this one may be recorded: the enterprise answers
#: only an application, and the student answers only an offer.
PREREQUISITES: dict[Event, Event] = {
    Event.interview: Event.apply,
    Event.offer: Event.apply,
    Event.reject: Event.apply,
    Event.hire: Event.apply,
    Event.internship_completed: Event.apply,
    Event.accept: Event.offer,
    Event.decline: Event.offer,
}

#: Stages of an application, in funnel order (see :func:`funnel_stage`).
STAGES: tuple[str, ...] = (
    "applied", "interview", "offered", "accepted", "placed", "rejected", "declined",
)  # fmt: skip


def refuses(event: Event | str, reason: DismissReason | str | None) -> bool:
    """Whether an event refuses the position: a dismissal for any reason but expiry.

    An expired position is no judgement of it; a refusal is, and nobody may place the student
    there against it.
    """
    return Event(event) == Event.dismiss and reason != DismissReason.expired


def hides(event: Event | str, reason: DismissReason | str | None) -> bool:
    """Whether an event hides the position from the student's recommendations for good: an
    application (she has it already) or a refusal (:func:`refuses`)."""
    return Event(event) == Event.apply or refuses(event, reason)


def missing_prerequisite(event: Event, earlier: set[Event] | set[str]) -> Event | None:
    """The event the pair still lacks for ``event`` to be recorded (:data:`PREREQUISITES`), or
    ``None`` when ``event`` may follow the pair's ``earlier`` events."""
    needed = PREREQUISITES.get(Event(event))
    if needed is None or needed in {Event(e) for e in earlier}:
        return None
    return needed


def with_article(word: str) -> str:
    """``an offer``, ``a hire``: an event's name as a sentence reads it."""
    return ("an " if word[:1] in "aeiou" else "a ") + word


def out_of_order(events: Iterable[tuple[Any, str, str]]) -> list[tuple[str, Event]]:
    """The events of one pair that come before their prerequisite: ``(id, needed event)``.

    ``events`` are ``(time, event, id)``; events at the same time are taken in funnel order
    (by grade), so an application and its interview stamped alike are in order. An import
    checks its interactions with this, as :func:`check_event` checks one event of the service.
    """
    order = sorted(events, key=lambda e: (e[0], GRADES[Event(e[1])]))
    seen: set[str] = set()
    wrong = []
    for _, event, event_id in order:
        needed = missing_prerequisite(Event(event), seen)
        if needed is not None:
            wrong.append((event_id, needed))
        seen.add(str(Event(event)))
    return wrong


def funnel_stage(events: set[Event] | set[str]) -> str | None:
    """Where an application stands given the pair's events: ``None`` before an application,
    else one of :data:`STAGES` (a rejection or a declined offer ends it, a hire places)."""
    seen = {Event(e) for e in events}
    if Event.apply not in seen:
        return None
    if seen & {Event.hire, Event.internship_completed}:
        return "placed"
    if Event.accept in seen:
        return "accepted"
    if Event.decline in seen:
        return "declined"
    if Event.reject in seen:
        return "rejected"
    if Event.offer in seen:
        return "offered"
    if Event.interview in seen:
        return "interview"
    return "applied"


def sees_identity(events_with_enterprise: Iterable[Event | str]) -> bool:
    """Whether an enterprise may see a student's name and contact, given the events between
    her and its positions: only once she has applied to one of them (an accepted invitation is
    an application). Before that it sees a profile summary."""
    return any(Event(e) == Event.apply for e in events_with_enterprise)


#: Fields of a student's record that the school keeps: she sees them but only her advisor or an
#: admin changes them (her cohort decides which advisor sees her).
SCHOOL_FIELDS: frozenset[str] = frozenset(
    {"name", "student_number", "id_number", "cohort", "college", "major_code", "gpa",
     "rank_percentile"}
)  # fmt: skip


def fields_refused(role: Role, changes: dict[str, object], current: Student) -> list[str]:
    """The fields of ``changes`` an account of ``role`` may not change on ``current``: for a
    student, those of :data:`SCHOOL_FIELDS` whose value would differ."""
    if role != Role.student:
        return []
    return sorted(
        f for f, v in changes.items() if f in SCHOOL_FIELDS and getattr(current, f, None) != v
    )


def may_record(role: Role, event: Event) -> bool:
    """Whether an account of ``role`` may record ``event`` at all (whose it is, aside)."""
    return role == Role.admin or role in EVENT_ACTORS.get(event, ())


def check_event(
    user: User, event: Event, student: Student, position: Position, earlier: Iterable[str]
) -> None:
    """Refuse (:class:`~matcher.errors.EventRefused`) an event ``user`` may not record now.

    The event must be one of the account's role (:data:`EVENT_ACTORS`; admins record any) and
    about what is its own: a student her own events, an advisor her cohorts' students', an
    enterprise its own positions'. An invitation goes only to a student who agreed to be seen.
    And the pair's ``earlier`` events must hold the event's prerequisite
    (:data:`PREREQUISITES`): an interview, offer, rejection or hire answers an application,
    an acceptance or a decline answers an offer, once; an application goes only to an open
    position. The service, its pages and every other
    writer call this one function.
    """
    from matcher.errors import EventRefused

    event = Event(event)
    if not may_record(user.role, event):
        who = ", ".join(r.value for r in EVENT_ACTORS.get(event, ())) or "the system"
        raise EventRefused(
            f"{with_article(event.value)} event is recorded by {who}",
            kind="not_allowed",
            key="event_not_yours",
        )
    if user.role == Role.student and user.student_id != student.id:
        raise EventRefused(
            "students record only their own events", kind="not_allowed", key="event_not_yours"
        )
    if user.role == Role.enterprise and position.enterprise_id != user.enterprise_id:
        raise EventRefused(
            "enterprises record events on their own positions",
            kind="not_allowed",
            key="event_not_yours",
        )
    if user.role == Role.advisor and student.cohort not in set(user.cohorts):
        raise EventRefused(
            "advisors record events for their cohorts", kind="not_allowed", key="event_not_yours"
        )
    if event == Event.invite and not student.visible_to_enterprises:
        raise EventRefused(
            "only students who agreed to be seen can be invited",
            kind="not_allowed",
            key="invite_needs_consent",
        )
    earlier = set(earlier)
    if event == Event.apply and position.status != "open":
        raise EventRefused(
            "the position no longer takes applications",
            kind="out_of_order",
            key="position_closed",
        )
    if event in (Event.accept, Event.decline) and earlier & {"accept", "decline"}:
        raise EventRefused(
            "the offer has been answered already", kind="out_of_order", key="offer_answered"
        )
    needed = missing_prerequisite(event, earlier)
    if needed is not None:
        raise EventRefused(
            f"{with_article(event.value)} event needs an earlier {needed.value} event on this pair",
            kind="out_of_order",
            key=f"needs_{needed.value}",
        )


def _pairs_where(pairs: PairOutcomes, flags: np.ndarray) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for i in np.flatnonzero(flags).tolist():
        out.setdefault(pairs.student_ids[i], set()).add(pairs.position_ids[i])
    return out


def hidden_positions(pairs: PairOutcomes) -> dict[str, set[str]]:
    """Per student, the positions her recorded events hide (:func:`hides`)."""
    return _pairs_where(pairs, pairs.hidden)


def refused_positions(pairs: PairOutcomes) -> dict[str, set[str]]:
    """Per student, the positions she refused (:func:`refuses`)."""
    return _pairs_where(pairs, pairs.dismissed)


def placed_students(pairs: PairOutcomes) -> set[str]:
    """Students who already hold a place (:data:`PLACED_GRADE`)."""
    return {pairs.student_ids[i] for i in np.flatnonzero(pairs.grade >= PLACED_GRADE).tolist()}


def applied_students(pairs: PairOutcomes) -> set[str]:
    """Students who have applied to any position (:data:`APPLY_GRADE`)."""
    return {pairs.student_ids[i] for i in np.flatnonzero(pairs.grade >= APPLY_GRADE).tolist()}


def merge(*parts: dict[str, set[str]]) -> dict[str, set[str]]:
    """The union, per student, of several position sets (the engine's and the store's since)."""
    out: dict[str, set[str]] = {}
    for part in parts:
        for sid, pids in part.items():
            out.setdefault(sid, set()).update(pids)
    return out


def event_time(latest: dt.datetime | None, now: dt.datetime | None = None) -> dt.datetime:
    """When an event recorded now happened, in the product's present (naive UTC).

    ``MATCHER_TODAY`` when set (at the current time of day); else now, but never before the
    store's ``latest`` event: a simulated world that runs ahead of the calendar keeps the
    events its users record in its own season, after everything it already holds.
    """
    from matcher.config import get_settings

    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    today = get_settings().today
    if today is not None:
        return dt.datetime.combine(today, now.time())
    if latest is not None and latest >= now:
        return latest + dt.timedelta(seconds=1)
    return now


def recommendation_day(clock: np.datetime64, as_of: np.datetime64 | None = None) -> np.datetime64:
    """The moment recommendations are made at: ``as_of`` when given, else ``MATCHER_TODAY``,
    else ``clock`` (the time of the store's latest event, so that a replayed or simulated world
    is seen as of its own time)."""
    if as_of is not None:
        return np.datetime64(as_of)
    from matcher.config import get_settings

    today = get_settings().today
    return clock if today is None else np.datetime64(today, "D")


__all__ = [
    "ACCEPT_GRADE",
    "ANSWERING_EVENTS",
    "APPLY_GRADE",
    "EVENT_ACTORS",
    "FUNNEL_STAGES",
    "FUNNEL_STAGE_OF",
    "GRADES",
    "HIDING_EVENTS",
    "PLACED_GRADE",
    "PREREQUISITES",
    "STAGES",
    "applied_students",
    "check_event",
    "event_time",
    "funnel_stage",
    "hidden_positions",
    "hides",
    "may_record",
    "merge",
    "missing_prerequisite",
    "placed_students",
    "recommendation_day",
    "refused_positions",
    "refuses",
    "sees_identity",
]
