"""The served model's status and the retraining job."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


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
