"""What the enterprise's pages read: its positions, their applicants by stage, why each fits.

The store is the truth for a position's fields and for where each application stands (an
edit or an event shows at once); the engine ranks and explains. Where an application stands
is :func:`matcher.rules.funnel_stage` over the pair's events, and a position's openings left
are its openings minus the students placed on it (an accepted offer, a hire, a completed
internship).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException
from sqlalchemy import bindparam, case, func, select

from api.crud import found
from api.web.common import require
from matcher.engine.snapshot import Engine
from matcher.recommend import Recommendation, explain_matches
from matcher.rules import funnel_stage
from matcher.schemas import (
    Enterprise,
    Event,
    Position,
    PositionStatus,
    PositionType,
    Role,
    Student,
    User,
)
from matcher.store.database import Store
from matcher.store.rows import InteractionRow, PositionRow, StudentRow

#: The events of an application's funnel, and the enterprise's invitation.
FUNNEL_EVENTS: tuple[Event, ...] = (
    Event.apply, Event.interview, Event.offer, Event.accept, Event.decline, Event.reject,
    Event.hire, Event.internship_completed, Event.invite,
)  # fmt: skip

#: The manage page's groups of applicants, in the order a recruiter works through them.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("new", ("applied",)),
    ("interview", ("interview",)),
    ("offered", ("offered",)),
    ("accepted", ("accepted",)),
    ("placed", ("placed",)),
    ("closed", ("rejected", "declined")),
)
#: The counts on the home page: accepted offers count as placed, as they take an opening.
COUNTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("new", ("applied",)),
    ("interview", ("interview",)),
    ("offered", ("offered",)),
    ("placed", ("accepted", "placed")),
    ("closed", ("rejected", "declined")),
)
#: Stages whose student holds one of the position's openings.
HOLDS_OPENING = frozenset({"accepted", "placed"})


def completion(position: Position) -> Event:
    """The event that places a student who accepted: a hire for a job, a completed internship
    (or practice project) otherwise."""
    return Event.hire if position.type == PositionType.job else Event.internship_completed


def next_steps(stage: str | None, position: Position) -> tuple[Event, ...]:
    """The enterprise's actions on an application at ``stage`` (none while she decides)."""
    if stage == "applied":
        return (Event.interview, Event.reject)
    if stage == "interview":
        return (Event.offer, Event.reject)
    if stage == "accepted":
        return (completion(position),)
    return ()


#: A bit per funnel event: the events of a pair are summed (each kind once) in SQL, so a
#: pair is one row and a position's stages one row per kind of pair.
BITS: dict[str, int] = {e.value: 1 << i for i, e in enumerate(FUNNEL_EVENTS)}


@functools.cache
def events_of(mask: int) -> frozenset[str]:
    """The kinds of event whose bits are set in ``mask``."""
    return frozenset(e for e, bit in BITS.items() if mask & bit)


@functools.cache
def stage_of(mask: int) -> str | None:
    """Where an application with the events of ``mask`` stands (:func:`funnel_stage`)."""
    return funnel_stage(set(events_of(mask)))


@dataclass
class Pair:
    """A student and one position: the kinds of event they had, and when she applied."""

    events: frozenset[str] = frozenset()
    applied: dt.datetime | None = None
    invited: dt.datetime | None = None

    @property
    def stage(self) -> str | None:
        """Where her application stands (``None`` before she applies)."""
        return funnel_stage(set(self.events))


def _funnel(rows: Any) -> tuple[Any, tuple[Any, Any]]:
    """The sum of a pair's funnel events' bits (each kind once), and the rows it reads."""
    bit = case(BITS, value=rows.event, else_=0)
    where = (
        rows.position_id.in_(bindparam("positions", expanding=True)),
        rows.event.in_(bindparam("events", expanding=True)),
    )
    return func.sum(bit.distinct()), where


@functools.cache
def _positions_query() -> Any:
    return select(PositionRow.data).where(PositionRow.enterprise_id == bindparam("enterprise"))


@functools.cache
def _pairs_query() -> Any:
    rows = InteractionRow.__table__.c
    mask, where = _funnel(rows)
    first = func.min(case((rows.event == Event.apply.value, rows.timestamp)))
    invited = func.min(case((rows.event == Event.invite.value, rows.timestamp)))
    return (
        select(rows.student_id, mask, first, invited)
        .where(*where)
        .group_by(rows.position_id, rows.student_id)
    )


@functools.cache
def _stages_query() -> Any:
    rows = InteractionRow.__table__.c
    mask, where = _funnel(rows)
    pairs = (
        select(rows.position_id, mask.label("mask"))
        .where(*where)
        .group_by(rows.position_id, rows.student_id)
        .subquery()
    )
    return select(pairs.c.position_id, pairs.c.mask, func.count()).group_by(
        pairs.c.position_id, pairs.c.mask
    )


@functools.cache
def _students_query() -> Any:
    return select(StudentRow.data).where(StudentRow.id.in_(bindparam("ids", expanding=True)))


def own_positions(store: Store, enterprise_id: str) -> list[Position]:
    """The enterprise's positions as the store has them: open first, newest first."""
    rows = store.fetch(_positions_query(), {"enterprise": enterprise_id})
    positions = [Position.model_validate(r[0]) for r in rows]
    newest = sorted(positions, key=lambda p: (p.posted_at or dt.datetime.min, p.id), reverse=True)
    return sorted(newest, key=lambda p: p.status != PositionStatus.open)


def own_position(store: Store, user: User, position_id: str) -> Position:
    """The position if it is the account's enterprise's: 404 unknown, 403 another's."""
    position: Position = found(store, "positions", position_id)
    if position.enterprise_id != user.enterprise_id:
        raise HTTPException(403, "enterprises manage their own positions")
    return position


def recruiter(user: User | None) -> User:
    """The logged-in enterprise account (401 or 403 page otherwise)."""
    user = require(user, Role.enterprise)
    if not user.enterprise_id:
        raise HTTPException(403, "this account has no enterprise")
    return user


def enterprise_of(store: Store, user: User) -> Enterprise:
    """The account's enterprise."""
    return found(store, "enterprises", user.enterprise_id or "")  # type: ignore[no-any-return]


def pairs_of(store: Store, position_id: str) -> dict[str, Pair]:
    """Per student with a funnel event on the position: the pair's events, when she applied
    and when she was invited."""
    params = {"positions": [position_id], "events": list(BITS)}
    rows = store.fetch(_pairs_query(), params)
    return {sid: Pair(events_of(int(mask)), first, invited) for sid, mask, first, invited in rows}


def stages_of(store: Store, position_ids: Iterable[str]) -> dict[str, Counter[str | None]]:
    """Per position, how many students are at each stage (``None``: invited, not applied)."""
    ids = list(position_ids)
    out: dict[str, Counter[str | None]] = {pid: Counter() for pid in ids}
    if ids:
        params = {"positions": ids, "events": list(BITS)}
        for pid, mask, n in store.fetch(_stages_query(), params):
            out[pid][stage_of(int(mask))] += int(n)
    return out


def students(store: Store, student_ids: Iterable[str]) -> dict[str, Student]:
    """The stored records of these students, by id."""
    ids = sorted(set(student_ids))
    out: dict[str, Student] = {}
    for start in range(0, len(ids), 500):
        rows = store.fetch(_students_query(), {"ids": ids[start : start + 500]})
        for (data,) in rows:
            record = Student.model_validate(data)
            out[record.id] = record
    return out


def grouped(stages: Counter[str | None], groups: tuple[tuple[str, tuple[str, ...]], ...]) -> dict:
    """How many applicants each group holds."""
    return {key: sum(stages[s] for s in members) for key, members in groups}


def openings_left(position: Position, stages: Counter[str | None]) -> int:
    """Its openings minus the students placed on it (never below zero)."""
    return max(position.openings - sum(stages[s] for s in HOLDS_OPENING), 0)


def matches(
    engine: Engine, student_ids: Iterable[str], position_id: str, lang: str
) -> dict[str, Recommendation]:
    """The match of each indexed student with an indexed position, explained for its
    recruiter (:func:`matcher.recommend.explain_matches`)."""
    found = explain_matches(
        engine, [(sid, position_id) for sid in student_ids], lang=lang, viewer="enterprise"
    )
    return {sid: rec for (sid, _), rec in found.items()}
