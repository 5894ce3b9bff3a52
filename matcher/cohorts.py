"""A cohort's recruiting season: where each student stands, and who is at risk.

Advisors run cohorts (classes) and need to know, each season, whom to call. Pure functions over
one student's events and the day (no store, no engine), so the advisor's pages, exports and
tests read the same answer:

- **The season** is the recruiting semester of the day
  (:func:`matcher.store.history.semester_of`): ``2027S`` from 1 February, ``2026A`` from
  1 August. Events from its first day on count; an event recorded later than the day (the
  service records events at the wall clock, the day may be a snapshot's) still counts.
- **Her applications** (:func:`applications`): one per position she applied to, with its funnel
  stage (:func:`matcher.rules.funnel_stage`), whether her advisor suggested or shortlisted it.
- **Her status** (:func:`season_status`): placed (she holds a place, from any season), else the
  furthest stage among this season's applications: an offer to answer, interviews, applications
  waiting, every application turned down, or nothing applied this season.
- **Risks** (:data:`RISKS`): many rejections this season and no offer; no activity of her own
  for weeks; nothing applied once the season is under way. A placed student has none.

>>> import datetime as dt
>>> day = dt.date(2027, 4, 14)
>>> steps = [Step("p1", "apply", dt.datetime(2027, 3, 1)),
...          Step("p1", "interview", dt.datetime(2027, 3, 20))]
>>> s = season_status(steps, day)
>>> (s.season, s.status, s.applications, s.interviews, s.risks)
('2027S', 'interviewing', 1, 1, ('inactive',))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from matcher.rules import EVENT_ACTORS, GRADES, PLACED_GRADE, funnel_stage
from matcher.schemas import Event, Role
from matcher.store.history import semester_of, semester_start

#: Statuses of a student in a season, the one to act on first (after risks) first.
STATUSES: tuple[str, ...] = (
    "not_applied",  # nothing applied this season
    "rejected",  # every application of the season turned down (or an offer declined)
    "applied",  # applications waiting for an answer
    "interviewing",  # at least one interview under way
    "offered",  # an offer to answer
    "placed",  # holds a place (hired, an offer accepted, an internship done)
)
#: Why a student may need a call, most pressing first.
RISKS: tuple[str, ...] = ("rejections", "inactive", "no_applications")
#: Rejections in a season, with no offer, from which a student is flagged.
REJECTIONS_AT_RISK = 5
#: Days without an event of her own from which a student is flagged as inactive.
QUIET_DAYS = 21
#: Days into a season after which having applied to nothing is flagged.
SEASON_GRACE_DAYS = 14

#: Events a student records herself: her activity (an impression or an enterprise's answer is
#: not hers).
OWN_EVENTS: frozenset[Event] = frozenset(
    e for e, roles in EVENT_ACTORS.items() if roles == (Role.student,)
)
#: Events of the funnel from the application on (what makes an application this season's).
FUNNEL_EVENTS: frozenset[Event] = frozenset(
    {Event.apply, Event.interview, Event.offer, Event.reject, Event.accept, Event.decline,
     Event.hire, Event.internship_completed}
)  # fmt: skip


class Step(NamedTuple):
    """One event of a student: which position, what, when (an ``Interaction`` reads the same)."""

    position_id: str
    event: str
    timestamp: dt.datetime


@dataclass(frozen=True)
class Application:
    """One position a student applied to, and how far it went."""

    position_id: str
    stage: str  # one of matcher.rules.STAGES
    applied_at: dt.datetime
    updated_at: dt.datetime  # the pair's latest funnel event
    suggested: bool  # her advisor suggested the position
    shortlisted: bool  # her advisor shortlisted it


@dataclass(frozen=True)
class StudentSeason:
    """Where a student stands in a season, with the counts an advisor reads."""

    season: str
    status: str  # one of STATUSES
    applications: int  # positions applied to this season
    interviews: int  # positions that interviewed her this season
    offers: int  # offers this season
    rejections: int  # rejections this season
    last_activity: dt.datetime | None  # her own latest event, of any season
    quiet_days: int | None  # days from it to the day (None: never active)
    placed_position: str | None  # where she holds a place
    risks: tuple[str, ...]  # of RISKS, most pressing first

    @property
    def at_risk(self) -> bool:
        """Whether any risk is flagged."""
        return bool(self.risks)


def season_of(day: dt.date) -> tuple[str, dt.date]:
    """The recruiting season of ``day`` and its first day.

    >>> season_of(dt.date(2027, 1, 10))
    ('2026A', datetime.date(2026, 8, 1))
    """
    key = semester_of(day)
    return key, semester_start(key)


def _kind(step: Step) -> Event:
    return Event(step.event)


def _naive(ts: dt.datetime) -> dt.datetime:
    return ts.astimezone(dt.UTC).replace(tzinfo=None) if ts.tzinfo is not None else ts


def applications(steps: Iterable[Step]) -> list[Application]:
    """Her applications, newest first: each position she applied to with its stage.

    A suggestion or a shortlist by her advisor is noted on the application it led to; a position
    suggested but not applied to is not an application (see :func:`suggestions`).
    """
    by_position: dict[str, list[Step]] = {}
    for step in steps:
        by_position.setdefault(step.position_id, []).append(step)
    out = []
    for pid, pair in by_position.items():
        kinds = {_kind(s) for s in pair}
        stage = funnel_stage(kinds)
        if stage is None:
            continue
        funnel = [_naive(s.timestamp) for s in pair if _kind(s) in FUNNEL_EVENTS]
        applied = [_naive(s.timestamp) for s in pair if _kind(s) == Event.apply]
        out.append(
            Application(
                position_id=pid,
                stage=stage,
                applied_at=min(applied),
                updated_at=max(funnel),
                suggested=Event.suggest in kinds,
                shortlisted=Event.shortlist in kinds,
            )
        )
    out.sort(key=lambda a: (a.updated_at, a.position_id), reverse=True)
    return out


def suggestions(steps: Iterable[Step], event: Event = Event.suggest) -> set[str]:
    """Positions her advisor suggested (or, with ``event=Event.shortlist``, shortlisted)."""
    return {s.position_id for s in steps if _kind(s) == event}


def season_status(
    steps: Sequence[Step], day: dt.date, *, last_activity: dt.datetime | None = None
) -> StudentSeason:
    """Where a student stands in the season of ``day``, given her events (any order).

    Counts are of this season's events; the status is ``placed`` when she holds a place from
    any season, else the furthest stage among the applications with a funnel event this
    season (:data:`STATUSES`). Risks, for a student not placed: at least
    :data:`REJECTIONS_AT_RISK` rejections this season and no offer (``rejections``); no event of
    her own for :data:`QUIET_DAYS` days or more, or none ever (``inactive``); nothing applied
    this season once :data:`SEASON_GRACE_DAYS` days of it have passed (``no_applications``).

    ``last_activity`` is her latest event of her own when ``steps`` leave such events out (a
    caller reading only the funnel's events); the later of it and those in ``steps`` counts.
    """
    season, start = season_of(day)
    since = dt.datetime.combine(start, dt.time())
    applied: set[str] = set()
    interviewed: set[str] = set()
    offers = rejections = 0
    in_season: set[str] = set()
    placed: tuple[dt.datetime, str] | None = None
    last = None if last_activity is None else _naive(last_activity)
    pairs: dict[str, set[Event]] = {}
    for step in steps:
        kind, ts = _kind(step), _naive(step.timestamp)
        pairs.setdefault(step.position_id, set()).add(kind)
        if kind in OWN_EVENTS and (last is None or ts > last):
            last = ts
        if GRADES[kind] >= PLACED_GRADE and (placed is None or ts > placed[0]):
            placed = (ts, step.position_id)
        if ts < since or kind not in FUNNEL_EVENTS:
            continue
        in_season.add(step.position_id)
        if kind == Event.apply:
            applied.add(step.position_id)
        elif kind == Event.interview:
            interviewed.add(step.position_id)
        elif kind == Event.offer:
            offers += 1
        elif kind == Event.reject:
            rejections += 1
    stages = {funnel_stage(pairs[pid]) for pid in in_season}
    quiet = None if last is None else max(0, (day - last.date()).days)
    status = _status(stages, placed is not None)
    risks: list[str] = []
    if status != "placed":
        if rejections >= REJECTIONS_AT_RISK and offers == 0:
            risks.append("rejections")
        if quiet is None or quiet >= QUIET_DAYS:
            risks.append("inactive")
        if not applied and (day - start).days >= SEASON_GRACE_DAYS:
            risks.append("no_applications")
    return StudentSeason(
        season=season,
        status=status,
        applications=len(applied),
        interviews=len(interviewed),
        offers=offers,
        rejections=rejections,
        last_activity=last,
        quiet_days=quiet,
        placed_position=None if placed is None else placed[1],
        risks=tuple(risks),
    )


def _status(stages: set[str | None], placed: bool) -> str:
    """The status of a student from the stages of her season's applications."""
    if placed or "placed" in stages or "accepted" in stages:
        return "placed"
    for stage, status in (("offered", "offered"), ("interview", "interviewing"),
                          ("applied", "applied")):  # fmt: skip
        if stage in stages:
            return status
    return "rejected" if stages - {None} else "not_applied"


def urgency(s: StudentSeason) -> tuple[int, int, int, int]:
    """Sort key putting the student to call first: at risk before not, more risks first, then
    by status (:data:`STATUSES` order), the longest quiet first."""
    quiet = 10**6 if s.quiet_days is None else s.quiet_days
    return (
        0 if s.risks else 1,
        -len(s.risks),
        STATUSES.index(s.status),
        -quiet,
    )


__all__ = [
    "FUNNEL_EVENTS",
    "OWN_EVENTS",
    "QUIET_DAYS",
    "REJECTIONS_AT_RISK",
    "RISKS",
    "SEASON_GRACE_DAYS",
    "STATUSES",
    "Application",
    "Step",
    "StudentSeason",
    "applications",
    "season_of",
    "season_status",
    "suggestions",
    "urgency",
]
