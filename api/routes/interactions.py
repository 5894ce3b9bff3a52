"""Interactions: views, saves, dismissals, applications and outcomes, recorded as they happen.

Who may record which event is :data:`matcher.rules.EVENT_ACTORS`; a student records her own,
an advisor those of her cohorts, an enterprise those on its positions, an admin any.
"""

from __future__ import annotations

import datetime as dt
import uuid

from fastapi import APIRouter, HTTPException, status

from api.deps import CurrentUser, StoreDep
from api.schemas import InteractionCreate, InteractionPublic, errors
from matcher.rules import EVENT_ACTORS, may_record
from matcher.schemas import Actor, Event, Interaction, Role, User
from matcher.store.database import Store

router = APIRouter(prefix="/interactions", tags=["interactions"])

#: Who an event recorded by an account of each role is from (the rest: the student).
ACTORS: dict[Role, Actor] = {Role.enterprise: Actor.enterprise, Role.advisor: Actor.advisor}


@router.post(
    "",
    response_model=InteractionPublic,
    status_code=status.HTTP_201_CREATED,
    responses=errors(401, 403, (404, "unknown student or position")),
)
def record_interaction(body: InteractionCreate, user: CurrentUser, store: StoreDep) -> Interaction:
    """Record a view, save, dismissal (with a reason), application, shortlist or outcome.

    It goes to the store (and so into the next training) at once, and a dismissal or an
    application removes the position from the student's recommendations right away; a
    dismissal because the position expired is not counted as a dislike.
    """
    return record_event(store, user, body)


def record_event(store: Store, user: User, body: InteractionCreate) -> Interaction:
    """Store an interaction ``user`` may record, and stop showing an applied or disliked one."""
    if body.reason is not None and body.event != Event.dismiss:
        raise HTTPException(422, "reason: only a dismiss event has a reason")
    if store.get("students", body.student_id) is None:
        raise HTTPException(404, f"unknown student {body.student_id!r}")
    position = store.get("positions", body.position_id)
    if position is None:
        raise HTTPException(404, f"unknown position {body.position_id!r}")
    if not may_record(user.role, body.event):
        who = ", ".join(r.value for r in EVENT_ACTORS.get(body.event, ())) or "the system"
        raise HTTPException(403, f"a {body.event.value} event is recorded by {who}")
    if user.role == Role.student and user.student_id != body.student_id:
        raise HTTPException(403, "students record only their own events")
    if user.role == Role.enterprise and position.enterprise_id != user.enterprise_id:
        raise HTTPException(403, "enterprises record events on their own positions")
    if user.role == Role.advisor:
        student = store.get("students", body.student_id)
        if student.cohort not in set(user.cohorts):
            raise HTTPException(403, "advisors record events for their cohorts")
    record = Interaction(
        id=f"api{uuid.uuid4().hex[:16]}",
        timestamp=dt.datetime.now(dt.UTC).replace(tzinfo=None),
        actor=ACTORS.get(user.role, Actor.student),
        **body.model_dump(),
    )
    with store.session() as session:
        store.upsert(session, "interactions", [record])
    return record
