"""Positions: create, read, update and close them; the candidates recommended for each.

Closing a position (or updating it to closed or filled) also hides it from this process's
recommendations at once, before the rebuild publishes.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status

from api.access import may_edit_enterprise
from api.audit import audit_views
from api.crud import create, found, merged, save
from api.deps import CurrentUser, EngineDep, LangQuery, ServedDep, StoreDep
from api.schemas import (
    CandidatePublic,
    PositionClose,
    PositionCreate,
    PositionPublic,
    PositionUpdate,
    errors,
    links,
)
from matcher.recommend import recommend_candidates
from matcher.schemas import Position, PositionStatus, Role

router = APIRouter(prefix="/positions", tags=["positions"])


@router.get("/{position_id}", response_model=PositionPublic, responses=errors(401, 404))
def read_position(position_id: str, user: CurrentUser, store: StoreDep) -> Position:
    """A position as the store has it now (any account)."""
    return found(store, "positions", position_id)  # type: ignore[no-any-return]


@router.post(
    "",
    response_model=PositionPublic,
    status_code=status.HTTP_201_CREATED,
    responses=errors(401, 403, 404, 409, 422),
)
def create_position(
    body: PositionCreate, user: CurrentUser, store: StoreDep, served: ServedDep
) -> Position:
    """Post a position (its enterprise or an admin); recommended once the rebuild publishes."""
    may_edit_enterprise(user, body.enterprise_id)
    found(store, "enterprises", body.enterprise_id)
    return create(store, served, "positions", Position, body)


@router.patch("/{position_id}", response_model=PositionPublic, responses=errors(401, 403, 404, 422))
def update_position(
    position_id: str,
    body: PositionUpdate,
    user: CurrentUser,
    store: StoreDep,
    served: ServedDep,
) -> Position:
    """Change fields of a position (its enterprise or an admin); re-indexed at once."""
    current: Position = found(store, "positions", position_id)
    may_edit_enterprise(user, current.enterprise_id)
    updated = merged(Position, current, body)
    if updated.enterprise_id != current.enterprise_id:
        raise HTTPException(422, "enterprise_id: cannot be changed")
    save(store, served, "positions", updated)
    if updated.status != PositionStatus.open:
        served.hide_position(position_id)
    else:
        served.forget_hidden(position_id)
    return updated


@router.post(
    "/{position_id}/close",
    response_model=PositionPublic,
    responses=errors(401, 403, 404, 422),
)
def close_position(
    position_id: str,
    user: CurrentUser,
    store: StoreDep,
    served: ServedDep,
    body: PositionClose | None = None,
) -> Position:
    """Close a position (or mark it filled): it leaves every recommendation list at once.

    Closing is not a dislike: applications to it stay as they were, and students who had
    it in their lists are not taught anything about their taste.
    """
    current: Position = found(store, "positions", position_id)
    may_edit_enterprise(user, current.enterprise_id)
    wanted = (body or PositionClose()).status
    if wanted == PositionStatus.open:
        raise HTTPException(422, "status: closing needs closed or filled")
    updated = current.model_copy(update={"status": wanted})
    save(store, served, "positions", updated)
    served.hide_position(position_id)
    return updated


@router.get(
    "/{position_id}/candidates",
    response_model=list[CandidatePublic],
    responses={
        **errors(401, 403, (404, "unknown position")),
        **links(
            200,
            TopCandidate={
                "operationId": "read_student",
                "parameters": {"student_id": "$response.body#/0/student_id"},
            },
            InviteTop={
                "operationId": "record_interaction",
                "requestBody": {
                    "student_id": "$response.body#/0/student_id",
                    "position_id": "$request.path.position_id",
                    "event": "interview",
                },
            },
        ),
    },
)
def candidates(
    position_id: str,
    user: CurrentUser,
    engine: EngineDep,
    store: StoreDep,
    k: Annotated[int, Query(ge=1, le=100, description="How many students")] = 10,
    lang: LangQuery = None,
) -> list[dict[str, Any]]:
    """Students who consented to be seen, ranked for a position (its enterprise or admin)."""
    p = engine.positions.index.get(position_id)
    if user.role not in (Role.enterprise, Role.admin):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "only enterprises see candidates")
    if p is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"unknown position {position_id!r}")
    owner = engine.enterprises.ids[engine.positions.enterprise[p]]
    if user.role == Role.enterprise and owner != user.enterprise_id:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "enterprises see their own positions")
    recs = recommend_candidates(engine, position_id, k=k, lang=lang)
    audit_views(store, user, "view_candidate", [str(r.student_id) for r in recs], position_id)
    return [r.as_dict() for r in recs]
