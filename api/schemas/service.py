"""The service's own answers: health and bearer tokens."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Health(BaseModel):
    """Whether the service is up and which model it serves."""

    status: str
    engine_version: str | None
    scorer: str = Field(description="'learned' with a trained ranker, else 'prior'")


class Token(BaseModel):
    """A bearer token for the ``Authorization`` header."""

    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds until the token expires")
