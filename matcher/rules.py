"""Domain rules that the command line, the service, the pages and the evaluation share.

Each rule has one function here, and nothing else decides it again: the funnel's grades, what
hides a position from a student for good, what counts as refusing it, who is placed or has
applied, who may record which event, and the day recommendations are made at. Where a rule
is applied to rows of the database, the store selects the rows and this module decides
(:meth:`matcher.store.database.Store.hidden_positions`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from matcher.schemas import DismissReason, Event, Role

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
}
#: From this grade on, the student wanted the position (she applied).
APPLY_GRADE = 2
#: From this grade on, the enterprise wanted the student (an interview or better).
ACCEPT_GRADE = 3
#: From this grade on, the student holds a place (hired, an offer accepted, an internship done).
PLACED_GRADE = GRADES[Event.hire]

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
}


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


def may_record(role: Role, event: Event) -> bool:
    """Whether an account of ``role`` may record ``event`` at all (whose it is, aside)."""
    return role == Role.admin or role in EVENT_ACTORS.get(event, ())


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
    "APPLY_GRADE",
    "EVENT_ACTORS",
    "GRADES",
    "HIDING_EVENTS",
    "PLACED_GRADE",
    "applied_students",
    "hidden_positions",
    "hides",
    "may_record",
    "merge",
    "placed_students",
    "recommendation_day",
    "refused_positions",
    "refuses",
]

