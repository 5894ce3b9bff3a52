"""Model status and retraining for admins (status also for researchers)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, status
from pydantic import BaseModel, Field

from api.app import PREFIX, current_user
from matcher.schemas import Role, User

router = APIRouter(prefix=PREFIX, tags=["model"])


class ModelStatus(BaseModel):
    """The served version and the background job that keeps it current."""

    version: str | None = Field(description="Folder name of the served version")
    scorer: str = Field(description="'learned' with a trained ranker, else 'prior'")
    ranker: str | None = Field(description="Which ranker training kept (pointwise or listwise)")
    state: str = Field(description="idle, rebuilding or retraining")
    queued: list[str] = Field(description="Jobs waiting: rebuild and/or retrain")
    builds: int = Field(description="Versions this process built since it started")
    last_build_seconds: float | None
    last_built_at: str | None
    last_error: str | None = Field(description="Why the last build failed; the old one serves")
    last_training: dict[str, Any] | None
    validation: dict[str, Any] | None = Field(description="Validation metrics of the ranker")
    counts: dict[str, int] | None
    store_generation: int | None
    created_at: str | None


class Queued(BaseModel):
    """A job was queued."""

    queued: str
    status_url: str


@router.get(
    "/model",
    response_model=ModelStatus,
    responses={401: {"description": "no login"}, 403: {"description": "not allowed"}},
)
def model_status(request: Request, user: Annotated[User, Depends(current_user)]) -> Any:
    """The served model, its validation metrics and the refresh job (admins, researchers)."""
    if user.role not in (Role.admin, Role.researcher):
        raise HTTPException(403, "admins and researchers see the model status")
    return request.app.state.served.status()


@router.post(
    "/model/retrain",
    response_model=Queued,
    status_code=status.HTTP_202_ACCEPTED,
    responses={
        401: {"description": "no login"},
        403: {"description": "not allowed"},
        409: {"description": "a retraining is already queued or running"},
    },
)
def retrain(request: Request, user: Annotated[User, Depends(current_user)]) -> Queued:
    """Rebuild from the store and retrain on every outcome so far, in the background (admins).

    The current model keeps serving until the new one is validated and published; a failed
    run leaves it in use and shows why in ``GET /api/v1/model``.
    """
    if user.role != Role.admin:
        raise HTTPException(403, "admins retrain the model")
    if not request.app.state.served.request_retrain():
        raise HTTPException(409, "a retraining is already queued or running")
    return Queued(queued="retrain", status_url=f"{PREFIX}/model")
