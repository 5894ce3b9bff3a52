"""The student's pages: find and understand positions, apply, follow each application, accept.

``/me`` is her home: what waits for her answer, then the positions recommended for her as
full job cards (or, once she holds a place, that place and no more pushed positions). The other
pages live in their own modules and are included here: ``/jobs`` and ``/positions/{id}``
(:mod:`api.web.student_jobs`), what she does with a position (:mod:`api.web.student_actions`),
``/me/applications`` (:mod:`api.web.student_applications`) and ``/me/profile``
(:mod:`api.web.student_profile`).

Every action is an interaction event recorded through the same rule as the API
(:func:`api.routes.interactions.record_event`), so what she does here is the ranker's next
training data.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import EngineDep, StoreDep
from api.web import (
    student_actions,
    student_applications,
    student_jobs,
    student_profile,
    student_resume,
)
from api.web.common import MENUS, language_of, page
from api.web.student_common import (
    cards,
    chrome,
    hidden_of,
    journey,
    placement_of,
    student_of,
)
from api.web.views import position_facts
from matcher.recommend import recommend_enterprises, recommend_positions
from matcher.schemas import Role, Student, User

#: How many positions her home page recommends.
HOME_POSITIONS = 10

MENUS[Role.student] = (
    ("/me", "menu_home"),
    ("/jobs", "stu_menu_jobs"),
    ("/me/applications", "stu_menu_applications"),
    ("/me/profile", "stu_menu_profile"),
)

router = APIRouter(include_in_schema=False)
# The résumé's routes before the profile's /me/profile/{part}, which would take 'resume'.
for module in (
    student_jobs,
    student_actions,
    student_applications,
    student_resume,
    student_profile,
):
    router.include_router(module.router)


def home(request: Request, user: User, engine: EngineDep, store: StoreDep) -> Response:
    """Her home: what waits for her, her place once she holds one, else her recommendations."""
    user = student_of(user)
    sid = user.student_id or ""
    lang = language_of(request)
    tracks = journey(store, sid)
    me: Student | None = store.get("students", sid)  # type: ignore[assignment]
    placed = placement_of(tracks)
    context = {
        **chrome(request),
        "offers": sum(1 for t in tracks.values() if t.stage == "offered"),
        "invitations": sum(1 for t in tracks.values() if t.status in ("invited", "suggested")),
        "visible": bool(me and me.visible_to_enterprises),
        "indexed": sid in engine.students.index,
        "placed": None,
        "recs": [],
        "ents": [],
    }
    if placed is not None:
        row = engine.positions.index.get(placed.position_id)
        context["placed"] = (
            position_facts(engine, row, lang) if row is not None else None,
            placed,
        )
    elif context["indexed"]:
        gone = hidden_of(tracks)
        recs = recommend_positions(engine, sid, k=HOME_POSITIONS, lang=lang, exclude=gone)
        context["recs"] = cards(engine, recs, tracks, lang)
        context["ents"] = recommend_enterprises(engine, sid, k=5, exclude=gone)
    return page(request, "student/home.html", user, **context)
