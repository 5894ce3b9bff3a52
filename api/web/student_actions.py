"""What she does with a position: save, dismiss (and undo either), apply, answer an offer.

Saving and dismissing are one tap each (a dismissal may say why) and the notice after them
offers to undo: the undo deletes that interaction of hers (only her own save or dismissal).
Applying and answering an offer have consequences, so each has a page of its own first: what
will happen, and what the enterprise will see; the confirm button records the event. Every
event goes through :func:`api.routes.interactions.record_event`, the API's own rule.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from api.deps import EngineDep, ServedDep, StoreDep
from api.routes.interactions import record_event
from api.schemas import InteractionCreate
from api.web.common import PageUser, done, language_of, page
from api.web.student_common import Track, back, chrome, journey, open_now, student_of
from api.web.views import position_facts
from matcher.engine.snapshot import Engine
from matcher.errors import MatcherError
from matcher.schemas import DismissReason, Event, Interaction, User
from matcher.store.database import Store

router = APIRouter(include_in_schema=False)

Answer = Literal["accept", "decline"]
#: The notice after each answer to an offer.
ANSWERED: dict[str, str] = {"accept": "stu_accepted", "decline": "stu_declined"}
NextField = Annotated[str | None, Form(max_length=500)]
#: Events that the one-tap form records at once, with the notice each shows.
ONE_TAP: dict[Event, str] = {Event.save: "stu_saved", Event.dismiss: "stu_dismissed"}


def _record(
    store: Store, user: User, position_id: str, event: Event, reason: DismissReason | None = None
) -> Interaction:
    """Record ``event`` of hers on ``position_id`` (403/404/409/422 pages as the API says)."""
    try:
        body = InteractionCreate(
            student_id=user.student_id, position_id=position_id, event=event, reason=reason
        )
    except ValidationError as exc:
        raise HTTPException(422, exc.errors(include_url=False, include_context=False)) from None
    return record_event(store, user, body)


@router.post("/me/act")
def act(
    user: PageUser,
    store: StoreDep,
    position_id: Annotated[str, Form(min_length=1, max_length=64)],
    event: Annotated[Event, Form()],
    reason: Annotated[DismissReason | None, Form()] = None,
    next: NextField = None,
) -> Response:
    """A one-tap action on a job card: save, or dismiss (with an optional reason). Applying
    and answering an offer go to their confirmation pages first."""
    user = student_of(user)
    if event == Event.apply:
        return RedirectResponse(f"/positions/{quote(position_id, safe='')}/apply", 303)
    if event in (Event.accept, Event.decline):
        return RedirectResponse(f"/me/offers/{quote(position_id, safe='')}/{event.value}", 303)
    recorded = _record(store, user, position_id, event, reason if event == Event.dismiss else None)
    return back(next, ONE_TAP.get(event, "stu_recorded"), undo=recorded.id)


@router.post("/positions/{position_id}/unsave")
def unsave(position_id: str, user: PageUser, store: StoreDep, next: NextField = None) -> Response:
    """Take a position off her saved list (her save events on it are deleted)."""
    user = student_of(user)
    track = journey(store, user.student_id or "").get(position_id)
    for interaction_id in track.saves if track else ():
        store.delete_interaction(interaction_id)
    return back(next, "stu_unsaved")


@router.post("/me/undo")
def undo(
    user: PageUser,
    store: StoreDep,
    served: ServedDep,
    interaction_id: Annotated[str, Form(min_length=1, max_length=64)],
    next: NextField = None,
) -> Response:
    """Undo a save or a dismissal of hers: that interaction is deleted (and the engine told, so
    a dismissal it had already read stops hiding the position)."""
    user = student_of(user)
    found: Interaction | None = store.get("interactions", interaction_id)  # type: ignore[assignment]
    if found is None:
        raise HTTPException(404, "nothing to undo")
    if found.student_id != user.student_id or found.event not in ONE_TAP:
        raise HTTPException(403, "only her own save or dismissal can be undone")
    store.delete_interaction(interaction_id)
    if found.event == Event.dismiss:
        served.refresh()
    return back(next, "stu_undone")


def _position_row(engine: Engine, store: Store, position_id: str) -> int:
    """The engine row of a stored position (404 for one unknown to either)."""
    row = engine.positions.index.get(position_id)
    if row is None or store.get("positions", position_id) is None:
        raise HTTPException(404, "unknown position")
    return row


def _open_or_409(engine: Engine, row: int) -> None:
    if not open_now(engine, row):
        raise HTTPException(409, "closed") from MatcherError(
            "the position no longer takes applications", key="stu_position_closed"
        )


def _applied(store: Store, user: User, position_id: str) -> bool:
    """Whether she has applied to the position already."""
    track = journey(store, user.student_id or "").get(position_id)
    return track is not None and track.stage is not None


def _check_page(
    request: Request, user: User, name: str, engine: Engine, row: int, **context: Any
) -> Response:
    """A page to check before a step with consequences: the position, and ``context``."""
    facts = position_facts(engine, row, language_of(request))
    return page(request, name, user, **chrome(request), facts=facts, **context)


@router.get("/positions/{position_id}/apply")
def confirm_apply(
    request: Request, position_id: str, user: PageUser, engine: EngineDep, store: StoreDep
) -> Response:
    """Check before applying: the position, and what its enterprise will see of her."""
    user = student_of(user)
    row = _position_row(engine, store, position_id)
    if _applied(store, user, position_id):
        return done("/me/applications", "stu_already_applied")
    _open_or_409(engine, row)
    me = store.get("students", user.student_id or "")
    return _check_page(request, user, "student/apply.html", engine, row, me=me)


@router.post("/positions/{position_id}/apply")
def apply(position_id: str, user: PageUser, engine: EngineDep, store: StoreDep) -> Response:
    """Apply (after the check page): the enterprise now sees her name and contact."""
    user = student_of(user)
    row = _position_row(engine, store, position_id)
    if _applied(store, user, position_id):
        return done("/me/applications", "stu_already_applied")
    _open_or_409(engine, row)
    _record(store, user, position_id, Event.apply)
    return done("/me/applications", "stu_applied")


def _offer(store: Store, user: User, position_id: str) -> Track:
    """Her track of a position whose offer waits for her answer (409 page without an offer)."""
    track = journey(store, user.student_id or "").get(position_id)
    if track is None or Event.offer not in track.times:
        raise HTTPException(409, "no offer") from MatcherError("no offer", key="needs_offer")
    return track


@router.get("/me/offers/{position_id}/{answer}")
def confirm_answer(
    request: Request,
    position_id: str,
    answer: Answer,
    user: PageUser,
    engine: EngineDep,
    store: StoreDep,
) -> Response:
    """Check before accepting or declining an offer: what it means."""
    user = student_of(user)
    row = _position_row(engine, store, position_id)
    track = _offer(store, user, position_id)
    if track.stage != "offered":
        return done("/me/applications", "stu_already_answered")
    return _check_page(request, user, "student/offer.html", engine, row, answer=answer, track=track)


@router.post("/me/offers/{position_id}/{answer}")
def answer_offer(
    position_id: str, answer: Answer, user: PageUser, engine: EngineDep, store: StoreDep
) -> Response:
    """Accept or decline an offer (after the check page)."""
    user = student_of(user)
    _position_row(engine, store, position_id)
    if _offer(store, user, position_id).stage != "offered":
        return done("/me/applications", "stu_already_answered")
    _record(store, user, position_id, Event(answer))
    return done("/me/applications", ANSWERED[answer])
