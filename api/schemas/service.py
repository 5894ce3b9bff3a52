"""The service's own answers: health, bearer tokens and the signed-in account."""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.schemas.common import fields_of
from matcher.schemas import User


class Health(BaseModel):
    """Whether the service is up and which model it serves."""

    status: str
    engine_version: str | None
    store_generation: int | None = Field(
        default=None,
        description="The store's write count the served engine includes (versions and the "
        "changes since); equal across workers and hosts that serve the same writes",
    )
    scorer: str = Field(description="'learned' with a trained ranker, else 'prior'")


class Token(BaseModel):
    """A bearer token for the ``Authorization`` header."""

    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds until the token expires")


class Account(
    fields_of(User, "username", "role", "student_id", "enterprise_id", "cohorts")  # type: ignore[misc]
):
    """The signed-in account: its role and the records it acts for (never its password hash)."""
