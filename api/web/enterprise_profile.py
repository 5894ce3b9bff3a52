"""A student as a recruiter may see her, in the context of one of its positions.

An enterprise sees only students who applied to one of its positions or agreed to be seen by
enterprises. It sees what she studied and can do (major, degree, graduation year, skills,
projects, competitions, internships, certificates) and why she fits the position; her name
and contact only once she has applied to one of its positions
(:func:`matcher.rules.sees_identity`). Never her gender, ethnicity, hometown or age. Every
view is audited.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from api.audit import audit_view
from api.crud import found
from api.deps import EngineDep, StoreDep
from api.web.common import PageUser, language_of, page
from api.web.enterprise_pipeline import (
    Pair,
    matches,
    next_steps,
    own_position,
    own_positions,
    recruiter,
)
from matcher.errors import MatcherError
from matcher.rules import sees_identity
from matcher.schemas import Event, PositionStatus, Student

router = APIRouter(include_in_schema=False)


@router.get("/me/candidates/{student_id}")
def profile(
    request: Request,
    student_id: str,
    user: PageUser,
    engine: EngineDep,
    store: StoreDep,
    position: str | None = None,
) -> Response:
    """Her profile for a recruiter, with why she fits ``position`` and where her application
    to it stands."""
    user = recruiter(user)
    lang = language_of(request)
    context = own_position(store, user, position) if position else None
    student: Student = found(store, "students", student_id)
    own = [p.id for p in own_positions(store, user.enterprise_id or "")]
    applied = store.interactions_of(
        student_ids=[student_id], position_ids=own, events=[Event.apply]
    )
    identity = sees_identity(e.event for e in applied)
    if not identity and not student.visible_to_enterprises:
        raise HTTPException(403, "not an applicant and not visible") from MatcherError(
            "she has not applied to your positions nor agreed to be seen", key="ent_profile_refused"
        )
    audit_view(store, user, "view_profile", student_id, context.id if context else "")
    pair = Pair(frozenset(store.pair_events(student_id, context.id))) if context else None
    fit = matches(engine, [student_id], context.id, lang).get(student_id) if context else None
    return page(
        request,
        "enterprise/student.html",
        user,
        student=student,
        identity=identity,
        position=context,
        pair=pair,
        steps=next_steps(pair.stage, context) if pair and context else (),
        can_invite=bool(
            context is not None
            and pair is not None
            and context.status == PositionStatus.open
            and student.visible_to_enterprises
            and not pair.events & {Event.apply, Event.invite}
        ),
        match=fit,
    )
