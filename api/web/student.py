"""The student's pages: her recommended positions with reasons, and what she does with them.

Every action is an interaction event recorded through the same rule as the API
(:func:`api.routes.interactions.record_event`), so what she does here is the ranker's next
training data.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import Response
from pydantic import ValidationError

from api.deps import EngineDep, StoreDep
from api.routes.interactions import record_event
from api.routes.students import exclusions
from api.schemas import InteractionCreate
from api.web.common import PageUser, done, language_of, login_first, notice, page
from matcher.recommend import recommend_enterprises, recommend_positions
from matcher.schemas import Event, Role, User

router = APIRouter(include_in_schema=False)


def home(request: Request, user: User, engine: EngineDep, store: StoreDep) -> Response:
    """Her recommended positions and enterprises."""
    lang = language_of(request)
    sid = user.student_id or ""
    if sid not in engine.students.index:
        return page(request, "student/home.html", user, recs=[], ents=[], names={})
    gone = exclusions(store, sid)
    recs = recommend_positions(engine, sid, k=10, lang=lang, exclude=gone)
    ents = recommend_enterprises(engine, sid, k=5, exclude=gone)
    E = engine.enterprises
    names = {eid: E.name[i] for eid, i in E.index.items()}
    return page(
        request,
        "student/home.html",
        user,
        recs=recs,
        ents=ents,
        names=names,
        notice=notice(request),
    )


@router.post("/me/act")
def act(
    user: PageUser,
    store: StoreDep,
    position_id: Annotated[str, Form(min_length=1, max_length=64)],
    event: Annotated[Event, Form()],
    reason: Annotated[str | None, Form()] = None,
) -> Response:
    """A student's save, apply or dismiss from her page."""
    if user is None:
        return login_first()
    if user.role != Role.student or not user.student_id:
        raise HTTPException(403, "only students act on their recommendations here")
    try:
        body = InteractionCreate(
            student_id=user.student_id,
            position_id=position_id,
            event=event,
            reason=reason if event == Event.dismiss else None,
        )
    except ValidationError as exc:
        raise HTTPException(422, exc.errors(include_url=False, include_context=False)) from None
    record_event(store, user, body)
    return done("/me", "recorded")


