"""The enterprise's pages: its positions, who applied and who would fit, and each next step.

Home lists its positions (open first) with their applicants per stage and openings left; a
position's page lists its applicants grouped by stage, each with the one action of that stage
(interview, offer, reject, hire or internship completed), a bulk action for new applicants,
and then the consenting candidates the engine recommends, each with an invitation to apply.
Every action is an interaction recorded through the API's own rule
(:func:`api.routes.interactions.record_event`), after a confirmation page for anything with
consequences. Posting, editing and closing positions is :mod:`api.web.enterprise_forms`; a
student as a recruiter sees her is :mod:`api.web.enterprise_profile`.
"""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import Response

from api.audit import audit_views
from api.deps import EngineDep, StoreDep
from api.routes.interactions import record_event
from api.schemas import InteractionCreate
from api.web import enterprise_draft, enterprise_forms, enterprise_profile
from api.web.common import MENUS, PageUser, done, language_of, notice, page
from api.web.enterprise_pipeline import (
    COUNTS,
    GROUPS,
    HOLDS_OPENING,
    enterprise_of,
    grouped,
    matches,
    next_steps,
    openings_left,
    own_position,
    own_positions,
    pairs_of,
    recruiter,
    stages_of,
    students,
)
from api.web.views import record_facts
from matcher.errors import MatcherError
from matcher.recommend import recommend_candidates
from matcher.schemas import Event, PositionStatus, Role, User
from matcher.store.database import Store

router = APIRouter(include_in_schema=False)
router.include_router(enterprise_forms.router)  # /me/positions/new before /me/positions/{id}
router.include_router(enterprise_draft.router)  # and /me/positions/draft
router.include_router(enterprise_profile.router)
MENUS[Role.enterprise] = (
    ("/me", "menu_home"),
    ("/me/positions/new", "ent_menu_new"),
    ("/me/analytics", "ent_menu_analytics"),
)

#: Candidates shown on a position's page.
CANDIDATES = 10
#: Applicants a stage shows before a link to show them all.
SHOWN = 20
#: The actions a recruiter takes on applications.
ACTIONS = (Event.interview, Event.offer, Event.reject, Event.hire, Event.internship_completed)
#: What a record id looks like (:data:`matcher.schemas.RecordId`).
RECORD_ID = r"^[A-Za-z0-9_.:-]{1,64}$"
#: Applicants one bulk action takes at most.
BULK_MAX = 100


def home(request: Request, user: User, engine: EngineDep, store: StoreDep) -> Response:
    """Its positions, open first, each with applicants per stage and openings left."""
    user = recruiter(user)
    lang = language_of(request)
    enterprise = enterprise_of(store, user)
    positions = own_positions(store, enterprise.id)
    stages = stages_of(store, [p.id for p in positions])
    cards = [
        {
            "position": p,
            "facts": record_facts(p, enterprise, lang),
            "counts": grouped(stages[p.id], COUNTS),
            "left": openings_left(p, stages[p.id]),
        }
        for p in positions
    ]
    return page(
        request,
        "enterprise/home.html",
        user,
        enterprise=enterprise,
        open_cards=[c for c in cards if c["position"].status == PositionStatus.open],
        ended_cards=[c for c in cards if c["position"].status != PositionStatus.open],
        waiting=sum(c["counts"]["new"] for c in cards if c["facts"].is_open),
        notice=notice(request),
    )


@router.get("/me/positions/{position_id}")
def manage(
    request: Request,
    position_id: str,
    user: PageUser,
    engine: EngineDep,
    store: StoreDep,
    show: str | None = None,
) -> Response:
    """A position's applicants by stage, each with its next step, then recommended candidates.

    Each stage shows its best-matching :data:`SHOWN` applicants (``show=<group>``: all of
    that group); closed applications are not ranked, newest first.
    """
    user = recruiter(user)
    lang = language_of(request)
    position = own_position(store, user, position_id)
    enterprise = enterprise_of(store, user)
    pairs = pairs_of(store, position_id)
    applied = {sid: pair for sid, pair in pairs.items() if pair.stage is not None}
    closed = dict(GROUPS)["closed"]
    fit = matches(engine, [s for s, p in applied.items() if p.stage not in closed], position_id,
                  lang)  # fmt: skip

    def rank(sid: str) -> tuple[float, str]:
        found = fit.get(sid)
        return (-found.score if found else float("inf"), str(applied[sid].applied or ""))

    groups = []
    for key, members in GROUPS:
        ids = sorted((sid for sid, p in applied.items() if p.stage in members), key=rank)
        if key == "closed":
            ids.reverse()  # unranked: the newest application first
        groups.append({"key": key, "ids": ids if show == key else ids[:SHOWN], "total": len(ids)})
    shown = [sid for g in groups for sid in g["ids"]]
    records = students(store, shown)
    for g in groups:
        g["people"] = [
            {"id": sid, "student": records.get(sid), "pair": applied[sid], "match": fit.get(sid),
             "steps": next_steps(applied[sid].stage, position)}
            for sid in g["ids"]
        ]  # fmt: skip
    candidates, invited = _candidates(engine, store, position, pairs, lang)
    audit_views(store, user, "view_applicant", shown, position_id)
    audit_views(store, user, "view_candidate", [c["id"] for c in candidates], position_id)
    stages = Counter(p.stage for p in pairs.values())
    return page(
        request,
        "enterprise/position.html",
        user,
        position=position,
        facts=record_facts(position, enterprise, lang),
        left=openings_left(position, stages),
        held=sum(stages[s] for s in HOLDS_OPENING),
        groups=groups,
        total=len(applied),
        candidates=candidates,
        invited=invited,
        indexed=position_id in engine.positions.index,
        notice=notice(request),
    )


def _candidates(
    engine: EngineDep, store: Store, position: Any, pairs: dict, lang: str
) -> tuple[list[dict[str, Any]], int]:
    """Recommended consenting students who have not applied (each marked if invited), and how
    many of them were invited."""
    if position.status != PositionStatus.open or position.id not in engine.positions.index:
        return [], 0
    applied = {sid for sid, pair in pairs.items() if pair.stage is not None}
    recs = recommend_candidates(
        engine, position.id, k=min(CANDIDATES + len(applied), 100), lang=lang
    )
    recs = [r for r in recs if r.student_id not in applied][:CANDIDATES]
    records = students(store, [str(r.student_id) for r in recs])
    out = [
        {"id": r.student_id, "rec": r, "student": records.get(str(r.student_id)),
         "invited": pairs[r.student_id].invited if r.student_id in pairs else None}
        for r in recs
    ]  # fmt: skip
    return out, sum(c["invited"] is not None for c in out)


def _chosen(
    store: Store, position: Any, event: Event, student_ids: list[str]
) -> tuple[list[str], int]:
    """Of the students asked for, those whose application ``event`` may move on now (in the
    order asked), and how many others were asked for (their stage has moved)."""
    if event not in ACTIONS:
        raise HTTPException(422, "event: not an action on applications")
    asked = list(dict.fromkeys(s for s in student_ids if s))[:BULK_MAX]
    pairs = pairs_of(store, position.id)
    ready = [s for s in asked if s in pairs and event in next_steps(pairs[s].stage, position)]
    if not ready:
        raise HTTPException(409, "the stage has moved on") from MatcherError(
            "the applications are no longer at that stage", key="ent_stage_moved"
        )
    return ready, len(asked) - len(ready)


@router.get("/me/positions/{position_id}/decide")
def decide_form(
    request: Request,
    position_id: str,
    user: PageUser,
    store: StoreDep,
    event: Annotated[Event, Query()],
    student: Annotated[list[str], Query()] = [],  # noqa: B006
) -> Response:
    """The confirmation of an action on one or several applications, with a note to them."""
    user = recruiter(user)
    position = own_position(store, user, position_id)
    path = f"/me/positions/{position_id}"
    if not any(student):
        return done(path, "ent_pick")
    ready, moved = _chosen(store, position, event, student)
    records = students(store, ready)
    audit_views(store, user, "view_applicant", ready, position_id)
    stages = Counter(p.stage for p in pairs_of(store, position_id).values())
    return page(
        request,
        "enterprise/decide.html",
        user,
        position=position,
        event=event.value,
        people=[{"id": sid, "student": records.get(sid)} for sid in ready],
        moved=moved,
        left=openings_left(position, stages),
    )


@router.post("/me/positions/{position_id}/decide")
def decide(
    position_id: str,
    user: PageUser,
    store: StoreDep,
    event: Annotated[Event, Form()],
    student: Annotated[list[str], Form()],
    note: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Record the confirmed action on each chosen application (those still at its stage)."""
    user = recruiter(user)
    position = own_position(store, user, position_id)
    ready, _ = _chosen(store, position, event, student)
    for sid in ready:
        body = InteractionCreate(
            student_id=sid, position_id=position_id, event=event, note=note.strip() or None
        )
        record_event(store, user, body)
    return done(f"/me/positions/{position_id}", f"ent_{event.value}", n=str(len(ready)))


@router.post("/me/positions/{position_id}/invite")
def invite(
    position_id: str,
    user: PageUser,
    store: StoreDep,
    student_id: Annotated[str, Form(pattern=RECORD_ID)],
) -> Response:
    """Invite a consenting candidate to apply (an ``invite`` event; once is enough)."""
    user = recruiter(user)
    own_position(store, user, position_id)
    if Event.invite not in store.pair_events(student_id, position_id):
        body = InteractionCreate(student_id=student_id, position_id=position_id, event="invite")
        record_event(store, user, body)
    return done(f"/me/positions/{position_id}", "ent_invite")
