"""The career advisor's pages: her cohorts by name and status, each student, her advice.

``/me`` lists the students of her cohorts (name, student number, major, class) with this
season's status and the risks that make one worth a call, sortable and filterable so that one
is on top; ``/me/students/{id}`` is one student: her applications and their stages, and the
positions recommended to her, each of which the advisor may suggest to her or shortlist after a
confirmation (``/me/advise``). The plan of a whole cohort is :mod:`api.web.advisor_plan`.

An advisor sees only her own cohorts' students; each view of a student is audited. Every
suggestion or shortlist is an interaction recorded through
:func:`api.routes.interactions.record_event`, so the rules of the funnel hold here as in the API.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import Response

from api.audit import audit_views
from api.deps import EngineDep, StoreDep
from api.routes.interactions import record_event
from api.routes.students import exclusions
from api.schemas import InteractionCreate
from api.web import advisor_plan
from api.web.advisor_data import (
    Member,
    PairForm,
    chosen_cohorts,
    date_text,
    formats,
    member,
    members,
    place_text,
    the_day,
)
from api.web.common import MENUS, PageUser, done, language_of, notice, page, require
from api.web.views import position_facts
from matcher.cohorts import STATUSES, applications, season_of, suggestions, urgency
from matcher.engine.snapshot import Engine
from matcher.messages import message
from matcher.recommend import recommend_positions
from matcher.schemas import Event, Role, User
from matcher.store.database import Store

router = APIRouter(include_in_schema=False)
router.include_router(advisor_plan.router)

MENUS[Role.advisor] = (
    ("/me", "adv_menu_students"),
    ("/me/plan", "adv_menu_plan"),
    ("/me/analytics", "adv_menu_analytics"),
)

#: How the roster sorts: the one to call first, by student number, most applications, quietest.
SORTS: tuple[str, ...] = ("urgency", "number", "applications", "quiet")
#: What the roster can be filtered to: everyone, those at risk, or one status.
SHOWS: tuple[str, ...] = ("", "risk", *STATUSES)
#: The advice an advisor gives from her pages.
ADVICE: tuple[Event, ...] = (Event.suggest, Event.shortlist)


def home(request: Request, user: User, engine: EngineDep, store: StoreDep) -> Response:
    """Her students: name, number, major, class, this season's status and risks."""
    user = require(user, Role.advisor)
    q = request.query_params
    cohort = q.get("cohort") or None
    show = q.get("show", "") if q.get("show", "") in SHOWS else ""
    sort = q.get("sort", "urgency") if q.get("sort") in SORTS else "urgency"
    cohorts = chosen_cohorts(user, cohort)
    day = the_day(engine)
    everyone = members(store, cohorts, day)
    counts = {s: sum(m.season.status == s for m in everyone) for s in STATUSES}
    counts["risk"] = sum(m.season.at_risk for m in everyone)
    shown = [m for m in everyone if _shows(m, show)]
    shown.sort(key=_sort_key(sort))
    audit_views(store, user, "view_cohort", [m.id for m in shown])
    lang = language_of(request)
    return page(
        request,
        "advisor/home.html",
        user,
        students=shown,
        total=len(everyone),
        counts=counts,
        cohorts=user.cohorts,
        cohort=cohort or "",
        show=show,
        sort=sort,
        sorts=SORTS,
        statuses=STATUSES,
        season=_season_words(day, lang),
        places=_places(engine, store, shown, lang),
        notice=notice(request),
        **formats(engine, lang, day),
    )


def _shows(m: Member, show: str) -> bool:
    if show == "risk":
        return m.season.at_risk
    return not show or m.season.status == show


def _sort_key(sort: str) -> Any:
    if sort == "number":
        return lambda m: (m.number or m.id, m.id)
    if sort == "applications":
        return lambda m: (-m.season.applications, m.number or m.id)
    if sort == "quiet":
        return lambda m: (
            -(m.season.quiet_days if m.season.quiet_days is not None else 10**6),
            m.number or m.id,
        )
    return lambda m: (urgency(m.season), m.number or m.id)


def _season_words(day: dt.date, lang: str) -> str:
    """This season in words: 2027年春季招聘（2月1日起）· 截至4月14日."""
    key, start = season_of(day)
    name = message(f"adv_season_{key[4]}", lang, year=key[:4])
    return message(
        "adv_season_line",
        lang,
        season=name,
        start=date_text(start, lang, day),
        day=date_text(day, lang, day),
    )


def _places(engine: Engine, store: Store, shown: list[Member], lang: str) -> dict[str, str]:
    """Where each placed student holds her place: enterprise · title."""
    out = {}
    for m in shown:
        pid = m.season.placed_position
        if pid is not None:
            out[m.id] = place_text(engine, store, pid, lang)
    return out


@router.get("/me/students/{student_id}")
def student_page(
    request: Request, student_id: str, user: PageUser, engine: EngineDep, store: StoreDep
) -> Response:
    """One of her students: season, applications with their stages, recommended positions."""
    user = require(user, Role.advisor)
    day = the_day(engine)
    m = member(store, user, student_id, day)
    record = store.get("students", student_id)
    lang = language_of(request)
    audit_views(store, user, "view_profile", [student_id])
    apps = []
    for a in applications(m.steps):
        row = engine.positions.index.get(a.position_id)
        facts = position_facts(engine, row, lang) if row is not None else None
        apps.append({
            "app": a,
            "facts": facts,
            "place": place_text(engine, store, a.position_id, lang),
            "current": a.updated_at.date() >= season_of(day)[1],
        })  # fmt: skip
    recs = []
    if student_id in engine.students.index:
        audit_views(store, user, "view_recommendations", [student_id])
        gone = exclusions(store, student_id)
        for r in recommend_positions(engine, student_id, k=10, lang=lang, exclude=gone):
            recs.append(
                {
                    "rec": r,
                    "facts": position_facts(engine, engine.positions.index[r.position_id], lang),
                }
            )
    return page(
        request,
        "advisor/student.html",
        user,
        m=m,
        record=record,
        apps=apps,
        recs=recs,
        suggested=suggestions(m.steps),
        shortlisted=suggestions(m.steps, Event.shortlist),
        notice=notice(request),
        **formats(engine, lang, day),
    )


# -- advice: suggest a position to a student, or shortlist it, after a check -------------------

Back = Literal["plan", "student"]


def _back(back: str, student_id: str, cohort: str, method: str) -> tuple[str, dict[str, str]]:
    """Where an advice returns, path and query: her page, or the plan it came from."""
    if back == "plan":
        return "/me/plan", {k: v for k, v in (("cohort", cohort), ("method", method)) if v}
    return f"/me/students/{student_id}", {}


#: The notice after each advice.
ADVISED: dict[str, str] = {"suggest": "adv_suggested", "shortlist": "adv_shortlisted"}


def _advice_target(
    engine: Engine, store: Store, user: User, student_id: str, position_id: str
) -> tuple[Member, int]:
    """Her student and the position's row (403 another's student, 404 unknown position)."""
    m = member(store, user, student_id, the_day(engine))
    row = engine.positions.index.get(position_id)
    if row is None:
        raise HTTPException(404, "unknown position")
    return m, row


class Advice(PairForm):
    """Advice on a pair: suggest the position to her, or shortlist it; and where to go back."""

    event: Literal["suggest", "shortlist"]
    back: Back = "student"


@router.get("/me/advise")
def confirm_advice(
    request: Request,
    user: PageUser,
    engine: EngineDep,
    store: StoreDep,
    advice: Annotated[Advice, Query()],
) -> Response:
    """Check before advising: who, which position, and what she will see."""
    user = require(user, Role.advisor)
    a = advice
    m, row = _advice_target(engine, store, user, a.student_id, a.position_id)
    audit_views(store, user, "view_profile", [a.student_id], "advise")
    return page(
        request,
        "advisor/advise.html",
        user,
        m=m,
        facts=position_facts(engine, row, language_of(request)),
        advice=a,
        done_before=a.event in store.pair_events(a.student_id, a.position_id),
        cancel=_url(*_back(a.back, a.student_id, a.cohort, a.method)),
    )


@router.post("/me/advise")
def advise(
    user: PageUser, engine: EngineDep, store: StoreDep, advice: Annotated[Advice, Form()]
) -> Response:
    """Record the suggestion or shortlist (once per pair) and go back where it came from."""
    user = require(user, Role.advisor)
    a = advice
    _advice_target(engine, store, user, a.student_id, a.position_id)
    path, query = _back(a.back, a.student_id, a.cohort, a.method)
    if a.event in store.pair_events(a.student_id, a.position_id):
        return done(path, "adv_already", **query)
    body = InteractionCreate(
        student_id=a.student_id, position_id=a.position_id, event=Event(a.event)
    )
    record_event(store, user, body)
    return done(path, ADVISED[a.event], **query)


def _url(path: str, query: dict[str, str]) -> str:
    return path + (f"?{urlencode(query)}" if query else "")
