"""What the advisor's pages read: her cohorts' students by name, their season, the plan.

Students and their events come from the store, so what an enterprise or a student recorded a
moment ago shows at once; the season, status and risks of each student are
:func:`matcher.cohorts.season_status`; the plan is :mod:`matcher.placement.cohort`'s, with the
advisor's saved locks and forbids (:meth:`matcher.store.database.Store.plan_overrides`) applied
where they still can be. Names and student numbers are read here for the pages only: never
logged, and every student shown is audited (:func:`api.audit.audit_views`).
"""

from __future__ import annotations

import datetime as dt
import functools
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from fastapi import HTTPException
from pydantic import BaseModel, Field
from sqlalchemy import bindparam, func, select

from api.web.views import PositionFacts, position_facts
from matcher.cohorts import FUNNEL_EVENTS, OWN_EVENTS, Step, StudentSeason, season_status
from matcher.engine.snapshot import Engine
from matcher.errors import NobodyToPlace
from matcher.placement.cohort import cohort_rows, plan_cohort
from matcher.placement.problem import free_openings, open_positions
from matcher.rules import merge, recommendation_day, refused_positions
from matcher.schemas import Event, User
from matcher.store.database import Store
from matcher.store.rows import InteractionRow, StudentRow

#: A planned pair below this match probability is flagged: she is unlikely to apply, or the
#: enterprise to interview her.
LOW_PROBABILITY = 0.05
#: The methods of a plan, the recommended one first.
METHODS: tuple[str, ...] = ("optimal", "stable", "greedy")


class PairForm(BaseModel):
    """A student and a position the advisor acts on, and the plan she acts from."""

    student_id: str = Field(min_length=1, max_length=64)
    position_id: str = Field(min_length=1, max_length=64)
    cohort: str = Field(default="", max_length=200)
    method: str = Field(default="", max_length=16)


@dataclass
class Member:
    """A student of the advisor's cohorts as her pages show her."""

    id: str
    name: str
    number: str
    major: str
    cohort: str
    steps: list[Step]
    season: StudentSeason


@functools.cache
def _roster_query() -> Any:
    """Students of some cohorts: id, cohort, major, and the name and number out of the record."""
    c = StudentRow.__table__.c
    return (
        select(
            c.id,
            c.cohort,
            c.major,
            c.data["name"].as_string(),
            c.data["student_number"].as_string(),
        )
        .where(c.cohort.in_(bindparam("cohorts", expanding=True)))
        .order_by(c.id)
    )


#: The events a student's season is read from: her applications and their answers, and her
#: advisor's suggestions and shortlists (views, saves and dismissals count only as activity).
SEASON_EVENTS: tuple[str, ...] = tuple(
    sorted(e.value for e in (*FUNNEL_EVENTS, Event.suggest, Event.shortlist))
)


def _unindexed(column: Any) -> Any:
    """``column || ''``: the same value, but no index of its own for the planner to pick.

    On the per-student queries below SQLite otherwise walks the index on ``event`` through
    every event of those kinds in the store (200 ms for two classes of the sample world)
    instead of the few hundred of the students on ``(student_id, timestamp)`` (6 ms).
    """
    return column + ""


@functools.cache
def _steps_query() -> Any:
    """The season's kinds of event (:data:`SEASON_EVENTS`) of some students: four columns."""
    c = InteractionRow.__table__.c
    return select(c.student_id, c.position_id, c.event, c.timestamp).where(
        c.student_id.in_(bindparam("students", expanding=True)),
        _unindexed(c.event).in_(SEASON_EVENTS),
    )


@functools.cache
def _activity_query() -> Any:
    """Each student's latest event of her own (:data:`matcher.cohorts.OWN_EVENTS`)."""
    c = InteractionRow.__table__.c
    return (
        select(c.student_id, func.max(c.timestamp))
        .where(
            c.student_id.in_(bindparam("students", expanding=True)),
            _unindexed(c.event).in_(sorted(e.value for e in OWN_EVENTS)),
        )
        .group_by(c.student_id)
    )


def the_day(engine: Engine) -> dt.date:
    """The day of recommendation (:func:`matcher.rules.recommendation_day`) as a date."""
    day: dt.date = recommendation_day(engine.clock).astype("datetime64[D]").item()
    return day


def chosen_cohorts(user: User, cohort: str | None) -> list[str]:
    """The cohorts a page shows: the one asked for (403 when not hers), else all of hers."""
    if cohort:
        if cohort not in set(user.cohorts):
            raise HTTPException(403, "advisors see only their own cohorts")
        return [cohort]
    return list(user.cohorts)


def members(store: Store, cohorts: Sequence[str], day: dt.date) -> list[Member]:
    """The students of ``cohorts`` with their events and season, by student number."""
    if not cohorts:
        return []
    students = store.fetch(_roster_query(), {"cohorts": list(cohorts)})
    steps: dict[str, list[Step]] = {row[0]: [] for row in students}
    last: dict[str, dt.datetime] = {}
    for start in range(0, len(students), 500):
        ids = [row[0] for row in students[start : start + 500]]
        for sid, pid, event, ts in store.fetch(_steps_query(), {"students": ids}):
            steps[sid].append(Step(pid, event, ts))
        last.update((sid, ts) for sid, ts in store.fetch(_activity_query(), {"students": ids}))
    out = [
        Member(
            id=sid,
            name=name or sid,
            number=number or "",
            major=major,
            cohort=cohort or "",
            steps=steps[sid],
            season=season_status(steps[sid], day, last_activity=last.get(sid)),
        )
        for sid, cohort, major, name, number in students
    ]
    out.sort(key=lambda m: (m.number or m.id, m.id))
    return out


def member(store: Store, user: User, student_id: str, day: dt.date) -> Member:
    """One student of the advisor's cohorts (404 unknown, 403 another advisor's)."""
    record = store.get("students", student_id)
    if record is None:
        raise HTTPException(404, "unknown student")
    cohort = getattr(record, "cohort", None)
    if cohort not in set(user.cohorts):
        raise HTTPException(403, "advisors see only their own cohorts")
    found = [m for m in members(store, [cohort], day) if m.id == student_id]
    return found[0]


# -- the plan -----------------------------------------------------------------------------------


@dataclass
class CohortPlan:
    """A cohort's plan by every method, the advisor's overrides, and what kept any from use."""

    method: str
    plans: dict[str, dict[str, Any]] = field(default_factory=dict)
    error: Exception | None = None
    overrides: list[dict[str, Any]] = field(default_factory=list)
    problem: dict[str, Any] = field(default_factory=dict)

    @property
    def chosen(self) -> dict[str, Any] | None:
        """The plan of the chosen method, if any could be made."""
        return self.plans.get(self.method)


#: Per engine, the positions each student refused in its history (an engine never changes).
_REFUSED: weakref.WeakKeyDictionary[Engine, dict[str, set[str]]] = weakref.WeakKeyDictionary()


def _engine_refusals(engine: Engine) -> dict[str, set[str]]:
    found = _REFUSED.get(engine)
    if found is None:
        found = _REFUSED[engine] = refused_positions(engine.pairs)
    return found


def override_state(
    engine: Engine,
    overrides: list[dict[str, Any]],
    to_place: set[str],
    day: dt.date,
    refused_since: dict[str, set[str]],
) -> None:
    """Mark each override ``applies`` or, with ``why``, why it no longer can: the student is
    placed or out of the plan, the position closed or full, or she refused it (in the engine's
    history or, ``refused_since``, recorded since)."""
    P = engine.positions
    rows = open_positions(engine, np.datetime64(day, "D"))
    free = {P.ids[r]: int(n) for r, n in zip(rows, free_openings(engine, rows), strict=True)}
    refused = merge(_engine_refusals(engine), refused_since)
    locks: dict[str, int] = {}
    for o in overrides:
        sid, pid = o["student_id"], o["position_id"]
        why = None
        if sid not in to_place:
            why = "placed"
        elif free.get(pid, 0) < 1:
            why = "closed"
        elif o["kind"] == "lock" and pid in refused.get(sid, ()):
            why = "refused"
        elif o["kind"] == "lock":
            locks[pid] = locks.get(pid, 0) + 1
            if locks[pid] > free[pid]:
                why = "full"
        o["applies"], o["why"] = why is None, why


def cohort_plan(
    engine: Engine,
    store: Store,
    user: User,
    cohorts: Sequence[str],
    method: str,
    placed: set[str],
) -> CohortPlan:
    """The plan of ``cohorts`` (hers) by every method, showing ``method``.

    Students placed by the store's events (``placed``) are left out even before the engine
    knows it. The advisor's overrides that still apply are honoured; should the planner refuse
    them all the same, the plan is made without them and ``error`` says why.
    """
    out = CohortPlan(method=method)
    out.overrides = store.plan_overrides(user.id, list(cohorts))
    day = the_day(engine)
    selected: list[int] = []
    for cohort in cohorts:
        try:
            rows, _ = cohort_rows(engine, cohort=cohort, within=user.cohorts)
        except NobodyToPlace:  # everyone placed, or nobody indexed yet: nothing to plan there
            continue
        selected.extend(int(r) for r in rows if engine.students.ids[r] not in placed)
    if not selected:
        out.error = NobodyToPlace("nobody in this selection is left to place", key="nobody_left")
        override_state(engine, out.overrides, set(), day, {})
        return out
    ids = [engine.students.ids[r] for r in selected]
    refused = store.hidden_positions(ids, refused_only=True)
    override_state(engine, out.overrides, set(ids), day, refused)
    used = [o for o in out.overrides if o["applies"]]
    locked = [(o["student_id"], o["position_id"]) for o in used if o["kind"] == "lock"]
    forbidden = [(o["student_id"], o["position_id"]) for o in used if o["kind"] == "forbid"]
    rows_ = np.array(selected, dtype=np.int64)
    try:
        result = plan_cohort(
            engine,
            rows_,
            compare_all=True,
            locked=locked,
            forbidden=forbidden,
            refused_since=refused,
        )
    except ValueError as exc:
        out.error = exc
        try:
            result = plan_cohort(engine, rows_, compare_all=True, refused_since=refused)
        except ValueError:
            return out
        for o in out.overrides:
            o["applies"], o["why"] = False, o["why"] or "clash"
    out.plans = result["plans"]
    out.problem = dict(result["problem"].info)
    return out


# -- how the pages write things ------------------------------------------------------------


def date_text(when: dt.date | dt.datetime | None, lang: str, day: dt.date) -> str:
    """A date as people write it: 4月14日 (with the year when not the day's), 14 Apr 2027."""
    if when is None:
        return "–"
    d = when.date() if isinstance(when, dt.datetime) else when
    if lang == "zh":
        return f"{d.month}月{d.day}日" if d.year == day.year else f"{d.year}年{d.month}月{d.day}日"
    return f"{d.day} {d.strftime('%b')}" + ("" if d.year == day.year else f" {d.year}")


def percent(p: float | None) -> str:
    """A probability as a percentage: 34%, 4.2%, 5%, <0.1%."""
    if p is None:
        return "–"
    if p < 0.001:
        return "<0.1%"
    text = f"{p * 100:.0f}" if p >= 0.1 else f"{p * 100:.1f}".removesuffix(".0")
    return f"{text}%"


def formats(engine: Engine, lang: str, day: dt.date) -> dict[str, Any]:
    """What every advisor template writes with: dates, percentages, majors in the language."""

    def major(name: str) -> str:
        known = engine.taxonomy.major(name)
        return name if known is None else known.label(lang)

    return {"date": lambda d: date_text(d, lang, day), "pct": percent, "day": day, "major": major}


def place_facts(engine: Engine, position_id: str, lang: str) -> PositionFacts | None:
    """A position's facts, when the engine has it."""
    row = engine.positions.index.get(position_id)
    return None if row is None else position_facts(engine, row, lang)


def place_text(engine: Engine, store: Store, position_id: str, lang: str) -> str:
    """A position in a few words: enterprise · title (from the store when not yet indexed)."""
    facts = place_facts(engine, position_id, lang)
    if facts is not None:
        return f"{facts.enterprise} · {facts.title}"
    record = store.get("positions", position_id)
    return getattr(record, "title", position_id)
