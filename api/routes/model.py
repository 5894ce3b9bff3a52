"""The served model: its status (admins, researchers) and retraining (admins)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, status

from api import PREFIX
from api.deps import CurrentUser, ServedDep
from api.schemas import ModelStatus, Queued, errors
from matcher.schemas import Role

router = APIRouter(prefix="/model", tags=["model"])


@router.get("", response_model=ModelStatus, responses=errors(401, 403))
def model_status(user: CurrentUser, served: ServedDep) -> Any:
    """The served model, its validation metrics and the refresh job (admins, researchers)."""
    if user.role not in (Role.admin, Role.researcher):
        raise HTTPException(403, "admins and researchers see the model status")
    return served.status()


@router.post(
    "/retrain",
    response_model=Queued,
    status_code=status.HTTP_202_ACCEPTED,
    responses=errors(401, 403, (409, "a retraining is already queued or running")),
)
def retrain(user: CurrentUser, served: ServedDep) -> Queued:
    """Rebuild from the store and retrain on every outcome so far, in the background (admins).

    The current model keeps serving until the new one is validated and published; a failed
    run leaves it in use and shows why in ``GET /api/v1/model``.
    """
    if user.role != Role.admin:
        raise HTTPException(403, "admins retrain the model")
    if not served.request_retrain():
        raise HTTPException(409, "a retraining is already queued or running")
    return Queued(queued="retrain", status_url=f"{PREFIX}/model")
