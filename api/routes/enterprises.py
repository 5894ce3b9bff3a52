"""Enterprises: their records (create, read, update) and their positions as stored now."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status
from sqlalchemy import select

from api.access import may_edit_enterprise
from api.crud import create, found, merged, save
from api.deps import CurrentUser, ServedDep, StoreDep
from api.schemas import (
    EnterpriseCreate,
    EnterprisePublic,
    EnterpriseUpdate,
    PositionPublic,
    errors,
)
from matcher.schemas import Enterprise, Position, PositionStatus, Role
from matcher.store.rows import PositionRow

router = APIRouter(prefix="/enterprises", tags=["enterprises"])


@router.get("/{enterprise_id}", response_model=EnterprisePublic, responses=errors(401, 404))
def read_enterprise(enterprise_id: str, user: CurrentUser, store: StoreDep) -> Enterprise:
    """An enterprise's public record (any account)."""
    return found(store, "enterprises", enterprise_id)  # type: ignore[no-any-return]


@router.post(
    "",
    response_model=EnterprisePublic,
    status_code=status.HTTP_201_CREATED,
    responses=errors(401, 403, 409, 422),
)
def create_enterprise(
    body: EnterpriseCreate, user: CurrentUser, store: StoreDep, served: ServedDep
) -> Enterprise:
    """Add an enterprise (admins)."""
    if user.role != Role.admin:
        raise HTTPException(403, "admins add enterprises")
    return create(store, served, "enterprises", Enterprise, body)


@router.patch(
    "/{enterprise_id}", response_model=EnterprisePublic, responses=errors(401, 403, 404, 422)
)
def update_enterprise(
    enterprise_id: str,
    body: EnterpriseUpdate,
    user: CurrentUser,
    store: StoreDep,
    served: ServedDep,
) -> Enterprise:
    """Change fields of an enterprise (itself or an admin)."""
    current: Enterprise = found(store, "enterprises", enterprise_id)
    may_edit_enterprise(user, enterprise_id)
    updated = merged(Enterprise, current, body)
    save(store, served, "enterprises", updated)
    return updated


@router.get(
    "/{enterprise_id}/positions",
    response_model=list[PositionPublic],
    responses=errors(401, 404),
)
def enterprise_positions(
    enterprise_id: str, user: CurrentUser, store: StoreDep, open_only: bool = True
) -> list[Position]:
    """An enterprise's positions as the store has them now (open ones by default)."""
    found(store, "enterprises", enterprise_id)
    query = select(PositionRow.data).where(PositionRow.enterprise_id == enterprise_id)
    if open_only:
        query = query.where(PositionRow.status == PositionStatus.open.value)
    with store.session() as session:
        rows = session.execute(query.order_by(PositionRow.id)).scalars().all()
    return [Position.model_validate(r) for r in rows]
