"""Interactions: views, saves, dismissals, applications and outcomes, recorded as they happen.

Who may record which event is :data:`matcher.rules.EVENT_ACTORS`; a student records her own,
an advisor those of her cohorts, an enterprise those on its positions, an admin any.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter, HTTPException, status

from api.deps import CurrentUser, StoreDep
from api.schemas import InteractionCreate, InteractionPublic, errors
from matcher.errors import EventRefused
from matcher.rules import check_event, event_time
from matcher.schemas import Actor, Event, Interaction, Role, User
from matcher.store.database import Store

router = APIRouter(prefix="/interactions", tags=["interactions"])

#: Who an event recorded by an account of each role is from (the rest: the student).
ACTORS: dict[Role, Actor] = {Role.enterprise: Actor.enterprise, Role.advisor: Actor.advisor}


@router.post(
    "",
    response_model=InteractionPublic,
    status_code=status.HTTP_201_CREATED,
    responses=errors(
        401, 403, (404, "unknown student or position"), (409, "the funnel has not reached it")
    ),
)
def record_interaction(body: InteractionCreate, user: CurrentUser, store: StoreDep) -> Interaction:
    """Record a view, save, dismissal (with a reason), application, shortlist or outcome.

    It goes to the store (and so into the next training) at once, and a dismissal or an
    application removes the position from the student's recommendations right away; a
    dismissal because the position expired is not counted as a dislike.
    """
    return record_event(store, user, body)


def record_event(store: Store, user: User, body: InteractionCreate) -> Interaction:
    """Store an interaction ``user`` may record (:func:`matcher.rules.check_event`): 403 when it
    is not theirs to record, 409 when the funnel has not reached it (an offer before any
    application), 404 for an unknown student or position."""
    if body.reason is not None and body.event != Event.dismiss:
        raise HTTPException(422, "reason: only a dismiss event has a reason")
    student = store.get("students", body.student_id)
    if student is None:
        raise HTTPException(404, f"unknown student {body.student_id!r}")
    position = store.get("positions", body.position_id)
    if position is None:
        raise HTTPException(404, f"unknown position {body.position_id!r}")
    earlier = store.pair_events(body.student_id, body.position_id)
    try:
        check_event(user, body.event, student, position, earlier)  # type: ignore[arg-type]
    except EventRefused as exc:
        code = 409 if exc.kind == "out_of_order" else 403
        raise HTTPException(code, str(exc)) from exc
    record = Interaction(
        id=f"api{uuid.uuid4().hex[:16]}",
        timestamp=event_time(store.latest_event_time()),
        actor=ACTORS.get(user.role, Actor.student),
        **body.model_dump(),
    )
    with store.session() as session:
        store.upsert(session, "interactions", [record])
    return record
