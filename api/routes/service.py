"""The service itself: liveness and the served model, for anyone."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import EngineDep
from api.schemas import Health

router = APIRouter(tags=["service"])


@router.get("/health", response_model=Health)
def health(engine: EngineDep) -> Health:
    """Liveness and the served model (no login needed)."""
    return Health(
        status="ok",
        engine_version=engine.directory.name if engine.directory else None,
        store_generation=engine.manifest.get("store_generation"),
        scorer="learned" if engine.ranker is not None else "prior",
    )
