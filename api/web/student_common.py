"""What the student's pages share: her history with each position, job cards, where to go back.

Her history is read from the store on every page (one query of her own events), so what she
or an enterprise has just recorded shows at once, whatever the engine's version. Each position
she has to do with is a :class:`Track`: its events, the stage of her application
(:func:`matcher.rules.funnel_stage`) and what the page calls its status.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import Request
from fastapi.responses import Response

from api.web.common import done, notice, require
from api.web.views import PositionFacts, position_facts
from matcher.engine.snapshot import Engine
from matcher.recommend import Recommendation
from matcher.rules import GRADES, PLACED_GRADE, funnel_stage, hides, recommendation_day
from matcher.schemas import Event, Role, User
from matcher.store.database import Store

#: The events her pages show (impressions and views are left in the store).
SHOWN_EVENTS: tuple[Event, ...] = (
    Event.save, Event.dismiss, Event.apply, Event.interview, Event.offer, Event.accept,
    Event.decline, Event.reject, Event.hire, Event.internship_completed, Event.invite,
    Event.suggest,
)  # fmt: skip
#: The event that brought an application to each stage.
STAGE_EVENTS: dict[str, tuple[Event, ...]] = {
    "applied": (Event.apply,),
    "interview": (Event.interview,),
    "offered": (Event.offer,),
    "accepted": (Event.accept,),
    "placed": (Event.hire, Event.internship_completed),
    "rejected": (Event.reject,),
    "declined": (Event.decline,),
}
#: The event that gave each status of her applications page its date.
STATUS_EVENTS: dict[str, tuple[Event, ...]] = {
    **STAGE_EVENTS,
    "invited": (Event.invite,),
    "suggested": (Event.suggest,),
    "saved": (Event.save,),
}
#: Events of an application's timeline, in funnel order.
TIMELINE: tuple[Event, ...] = (
    Event.invite, Event.suggest, Event.save, Event.apply, Event.interview, Event.offer,
    Event.accept, Event.decline, Event.reject, Event.hire, Event.internship_completed,
)  # fmt: skip


def student_of(user: User | None) -> User:
    """The logged-in student (401 page without a login, 403 for another role)."""
    return require(user, Role.student)  # a student account always names its student


@dataclass
class Track:
    """A student's history with one position."""

    position_id: str
    times: dict[Event, dt.datetime] = field(default_factory=dict)  # latest of each kind
    saves: list[str] = field(default_factory=list)  # ids of her save events
    hidden: bool = False  # an application or a refusal hides it from her recommendations

    @property
    def stage(self) -> str | None:
        """Where her application stands, or ``None`` before she applies."""
        return funnel_stage(set(self.times))

    @property
    def placed(self) -> bool:
        """Whether she holds a place here (an accepted offer, a hire, a completed internship)."""
        return any(GRADES[e] >= PLACED_GRADE for e in self.times)

    @property
    def saved(self) -> bool:
        """Whether she keeps it in her saved list (saved, not applied, not dismissed)."""
        return bool(self.saves) and self.stage is None and not self.hidden

    @property
    def status(self) -> str | None:
        """What her applications page calls it: a stage, or invited, suggested, saved."""
        stage = self.stage
        if stage is not None:
            return stage
        if self.hidden:
            return None
        if Event.invite in self.times:
            return "invited"
        if Event.suggest in self.times:
            return "suggested"
        return "saved" if self.saves else None

    @property
    def since(self) -> dt.datetime | None:
        """When it reached its status."""
        events = STATUS_EVENTS.get(self.status or "", ())
        times = [self.times[e] for e in events if e in self.times]
        return max(times) if times else None

    def timeline(self) -> list[tuple[Event, dt.datetime]]:
        """Her events with the position in funnel order, each with its (latest) time."""
        return [(e, self.times[e]) for e in TIMELINE if e in self.times]


def journey(store: Store, student_id: str) -> dict[str, Track]:
    """Per position, her history with it, as the store has it now."""
    tracks: dict[str, Track] = {}
    for event in store.interactions_of(student_ids=[student_id], events=SHOWN_EVENTS):
        track = tracks.setdefault(event.position_id, Track(event.position_id))
        kind = Event(event.event)
        track.times[kind] = max(track.times.get(kind, event.timestamp), event.timestamp)
        if kind == Event.save:
            track.saves.append(event.id)
        if hides(kind, event.reason):
            track.hidden = True
    return tracks


def hidden_of(tracks: dict[str, Track]) -> set[str]:
    """The positions her events hide from her recommendations (:func:`matcher.rules.hides`)."""
    return {pid for pid, track in tracks.items() if track.hidden}


def placement_of(tracks: dict[str, Track]) -> Track | None:
    """The position she holds a place at (the latest), or ``None``."""
    placed = [t for t in tracks.values() if t.placed]
    return max(placed, key=lambda t: max(t.times.values())) if placed else None


@dataclass
class Card:
    """A position as a job card shows it to her: its facts, her match, her history with it."""

    facts: PositionFacts
    match: Recommendation | None = None
    track: Track | None = None

    @property
    def id(self) -> str:
        """The position's id."""
        return self.facts.id


def cards(
    engine: Engine, matches: list[Recommendation], tracks: dict[str, Track], lang: str
) -> list[Card]:
    """Job cards of ranked positions."""
    index = engine.positions.index
    return [
        Card(position_facts(engine, index[m.position_id], lang), m, tracks.get(m.position_id))
        for m in matches
    ]


def open_now(engine: Engine, row: int) -> bool:
    """Whether position row ``row`` takes applications on the recommendation day."""
    return bool(engine.open_on(recommendation_day(engine.clock))[row])


def local_path(value: str | None, default: str = "/me") -> str:
    """``value`` if it is a path on this site (a form's ``next``), else ``default``."""
    if not value or not value.startswith("/") or value.startswith(("//", "/\\")):
        return default
    return value[:500]


def back(next_path: str | None, key: str, **extra: str) -> Response:
    """Redirect to the page a form came from (its query kept) with the notice ``key``."""
    parts = urlsplit(local_path(next_path))
    query = {k: v for k, v in parse_qsl(parts.query) if k not in ("done", "undo", "lang")}
    return done(parts.path, key, **{**query, **extra})


def next_of(path: str, query: str) -> str:
    """The ``next`` a page's forms send: the page itself, without its notice."""
    kept = [(k, v) for k, v in parse_qsl(query) if k not in ("done", "undo", "lang")]
    return f"{path}?{urlencode(kept)}" if kept else path


#: Notices that offer to undo what was just recorded.
UNDOABLE = frozenset({"stu_saved", "stu_dismissed"})


def chrome(request: Request) -> dict[str, Any]:
    """What every student page passes its template besides its own: the notice (with an undo
    for a save or a dismissal) and ``here``, the page itself, which its forms come back to."""
    key = request.query_params.get("done", "")
    undo = request.query_params.get("undo", "")[:64] if key in UNDOABLE else ""
    return {
        "notice": None,  # shown by the student's own templates, with the undo button
        "student_notice": notice(request),
        "undo": undo,
        "here": next_of(request.url.path, request.url.query),
    }
