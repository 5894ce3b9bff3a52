"""The service's own answers: health, bearer tokens and the signed-in account."""

from __future__ import annotations

from pydantic import BaseModel, Field

from matcher.schemas import Role


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


class Account(BaseModel):
    """The signed-in account: its role and the records it acts for (never its password hash)."""

    username: str
    role: Role
    student_id: str | None = Field(default=None, description="The student record of a student")
    enterprise_id: str | None = Field(
        default=None, description="The enterprise record of an enterprise account"
    )
    cohorts: list[str] = Field(default_factory=list, description="Cohorts an advisor runs")
