"""Answers of the recommendation-health routes: the snapshot of the served model's
recommendations (:mod:`matcher.analytics.health`), aggregates only, small groups left out."""

from __future__ import annotations

from pydantic import BaseModel, Field


class HealthModel(BaseModel):
    """The model a snapshot was computed from."""

    version: str | None = Field(description="Engine version folder")
    ranker_file: str | None = Field(description="The version's ranker file; null: prior score")
    ranker: str | None = Field(description="Which model training kept (e.g. ranker, prior)")
    validation_semester: str | None = None
    store_generation: int | None = None
    created_at: str | None = Field(default=None, description="When the version was built")


class HealthStudents(BaseModel):
    """Which students were recommended."""

    population: int = Field(description="Live students of the version")
    sampled: int = Field(description="Students recommended (all, or the stratified sample)")
    sample_limit: int = Field(description="All students up to this many, else a sample of it")
    seed: int
    with_recommendations: int = Field(description="Sampled students given at least one position")
    scale: float = Field(description="population / sampled, applied to students per opening")


class Coverage(BaseModel):
    """How much of the open catalogue appears in some student's top k."""

    open_positions: int = Field(description="Positions open on the recommendation day")
    positions: int = Field(description="Of them, recommended to at least one student")
    position_share: float
    open_openings: int
    openings: int = Field(description="Openings of the positions recommended")
    opening_share: float


class CongestedPosition(BaseModel):
    """A position recommended to many students per opening (five students or more)."""

    position_id: str
    title: str
    enterprise_id: str
    openings: int
    students: int = Field(description="Sampled students recommended it")
    per_opening: float = Field(description="students × scale / openings")


class CongestionBin(BaseModel):
    """Openings whose students per opening fall in one bin."""

    upto: float | None = Field(description="Upper edge (above the previous); null: past the last")
    openings: int


class Congestion(BaseModel):
    """Students recommended per opening, over the open positions' openings (zeros included)."""

    threshold: int = Field(description="Students per opening past which an opening is congested")
    mean: float
    median: float
    p90: float
    max: float
    openings_congested: int
    share_congested: float = Field(description="Share of openings past the threshold")
    histogram: list[CongestionBin] = Field(description="Openings by students per opening")
    positions: list[CongestedPosition] = Field(description="The most congested, highest first")


class EnterpriseExposure(BaseModel):
    """One enterprise's exposures: its positions' places in the students' top k."""

    enterprise_id: str
    enterprise_name: str
    students: int = Field(description="Students shown at least one of its positions")
    exposures: int
    share: float = Field(description="Its share of all exposures")


class Exposure(BaseModel):
    """How exposures spread over enterprises and positions."""

    total: int = Field(description="(student, position) pairs in the top k lists")
    enterprises_open: int = Field(description="Enterprises with a position open on the day")
    enterprises_shown: int
    gini_enterprises: float = Field(description="0: all shown alike; near 1: a few take all")
    gini_positions: float
    suppressed_enterprises: int = Field(description="Shown to 1–4 students: not listed")
    enterprises: list[EnterpriseExposure] = Field(description="Most exposed first (top ones)")


class FigureChange(BaseModel):
    """A headline figure of this model beside the previous model's."""

    figure: str = Field(description="Its path, e.g. coverage.position_share")
    label: str = Field(description="In the language asked for")
    value: float | None
    previous: float | None
    change: float | None = Field(description="value − previous; null without a previous model")


class PreviousHealth(BaseModel):
    """The snapshot the changes are measured against."""

    model: HealthModel
    computed_at: str
    k: int
    day: str


class RecommendationHealth(BaseModel):
    """Coverage, exposure and congestion of the served model's recommendations."""

    model: HealthModel
    computed_at: str
    seconds: float = Field(description="Time the snapshot took to compute")
    k: int = Field(description="Positions recommended to each student")
    day: str = Field(description="The day recommendations were made at")
    students: HealthStudents
    scorer: list[str] = Field(description="What ranked: ranker (learned) or prior")
    min_group: int
    coverage: Coverage
    exposure: Exposure
    congestion: Congestion
    previous: PreviousHealth | None = Field(description="The previous model's snapshot, if any")
    changes: list[FigureChange]


class GapSkill(BaseModel):
    """A skill the major's students lack for the positions recommended to them."""

    skill_id: str
    label: str = Field(description="In the language asked for")
    label_zh: str
    label_en: str
    category: str
    students: int = Field(description="Distinct students of the major missing it in their top k")
    share: float = Field(description="students / the major's students counted")


class MajorGaps(BaseModel):
    """One major's most missed skills."""

    major: str = Field(description="Major code (or its normalised name)")
    label: str
    students: int | None = Field(description="The major's students counted; null if < 5")
    suppressed: bool
    suppressed_skills: int = Field(description="Skills missed by 1–4 students: not listed")
    skills: list[GapSkill]


class CurriculumGaps(BaseModel):
    """Per major, the skills its students most often miss, from the served model."""

    model: HealthModel
    computed_at: str
    k: int
    day: str
    students: HealthStudents
    min_group: int
    majors: list[MajorGaps]
