"""Answers of the analytics routes: aggregates only, with suppressed groups marked."""

from __future__ import annotations

from pydantic import BaseModel, Field


class FunnelGroup(BaseModel):
    """One group's funnel: (student, position) pairs that reached at least each stage."""

    group: str | None = Field(description="The group's key (a major's code, a cohort, ...)")
    label: str | None = Field(description="The group's name in the language asked for")
    suppressed: bool = Field(description="Fewer than min_group students: every count left out")
    students: int | None = Field(description="Distinct students in the group's pairs")
    shown: int | None
    viewed: int | None
    applied: int | None
    interviewed: int | None
    offered: int | None
    placed: int | None = Field(description="Hired, offer accepted, or internship completed")


class Funnel(BaseModel):
    """The funnel by one dimension, for what the reader may see."""

    by: str
    semester: str | None = Field(description="Pairs whose first event falls in it; all when null")
    min_group: int = Field(description="Smallest group of students shown")
    suppressed_groups: int = Field(description="Groups left out for having too few students")
    groups: list[FunnelGroup]


class SkillRow(BaseModel):
    """One skill's demand and supply."""

    skill_id: str
    label: str = Field(description="In the language asked for")
    category: str
    positions: int = Field(description="Open positions asking for it, required or preferred")
    openings: int = Field(description="Their openings")
    required_openings: int
    students: int | None = Field(description="Chosen students who have it; null if suppressed")
    suppressed: bool
    openings_per_student: float = Field(description="(openings + 1) / (students + 1)")


class SkillMarket(BaseModel):
    """Skill demand against supply, with the shortage and surplus lists."""

    students_chosen: int | None = Field(description="Students the supply counts; null if < 5")
    min_group: int
    skills: list[SkillRow] = Field(description="Every skill asked for or held, most openings first")
    shortage: list[SkillRow] = Field(description="Most openings per student who has the skill")
    surplus: list[SkillRow] = Field(description="Most students per opening")


class PlacementGroup(BaseModel):
    """One group's students and how many hold a place."""

    group: str | None
    label: str | None = Field(description="The group's name in the language asked for")
    students: int | None = Field(description="Every student of the group; null if suppressed")
    placed: int | None = Field(description="Hired, offer accepted or internship completed")
    rate: float | None = Field(description="placed / students")
    suppressed: bool


class Placements(BaseModel):
    """Placement rates by one dimension."""

    by: str
    graduation_year: int | None
    min_group: int
    groups: list[PlacementGroup]


class EnterpriseAnswer(BaseModel):
    """One enterprise's applications and how many it answered."""

    enterprise_id: str
    name: str
    applicants: int | None = Field(description="Distinct students who applied; null if < 5")
    applications: int | None
    answered: int | None = Field(
        description="Applications with an interview, offer, rejection or hire"
    )
    rate: float | None = Field(description="answered / applications")
    suppressed: bool


class TrendRow(BaseModel):
    """One skill in one semester."""

    semester: str
    skill_id: str
    label: str
    openings: int = Field(description="Openings of the positions posted in the semester asking it")
    students: int | None = Field(
        description="Chosen students of the class the semester recruits who have it"
    )
    suppressed: bool


class SkillTrend(BaseModel):
    """Skills' demand against supply semester by semester."""

    min_group: int
    semesters: list[str]
    skills: list[str] = Field(description="The skills followed, by id")
    points: list[TrendRow]


class PostingTimingRow(BaseModel):
    """One group's posted positions: applied to, filled, and how soon (median days)."""

    group: str
    label: str
    positions: int
    applied: int = Field(description="Positions that drew at least one application")
    days_to_application: float | None
    filled: int = Field(description="Positions with as many placements as openings")
    days_to_fill: float | None


class QuietPositionRow(BaseModel):
    """An open position nobody applied to."""

    position_id: str
    title: str
    enterprise_id: str
    enterprise: str
    posted: str
    days: int = Field(description="Days since it was posted")
    shown_to: int | None = Field(description="Students it was shown to; null for 1 to 4")
    viewed_by: int | None = Field(description="Students who viewed it; null for 1 to 4")
