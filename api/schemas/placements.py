"""Cohort placement plans: who to place and how, and the plan with its measures."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class Pair(BaseModel):
    """A student and a position."""

    student_id: str = Field(min_length=1, max_length=64)
    position_id: str = Field(min_length=1, max_length=64)


class PlanCreate(BaseModel):
    """Who to place and how; every filter given must hold."""

    cohort: str | None = Field(default=None, max_length=200, description="One of your cohorts")
    major: str | None = Field(default=None, max_length=200, description="Major name or code")
    graduation_year: int | None = Field(default=None, ge=1990, le=2100)
    method: Literal["optimal", "stable", "greedy"] = "optimal"
    locked: list[Pair] = Field(default_factory=list, max_length=5000)
    forbidden: list[Pair] = Field(default_factory=list, max_length=5000)


class Assignment(BaseModel):
    """One student placed in one position."""

    student_id: str
    position_id: str
    title: str
    enterprise: str
    probability: float
    locked: bool


class PlanPublic(BaseModel):
    """A placement plan with its measures (fill rate, probabilities, blocking pairs, …)."""

    method: str
    scorer: str
    assignments: list[Assignment]
    unassigned: list[str]
    already_placed: list[str]
    metrics: dict[str, Any]
