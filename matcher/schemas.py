"""Record types of the matcher (pydantic v2): students, enterprises, positions, interactions, users.

Every record has a string ``id``. Fields that identify a person (name, phone, student and ID
numbers) and protected attributes (gender, ethnicity, hometown, birth year) are listed in
:data:`PERSONAL_FIELDS`; they are stored so that the owner can see them and so that evaluation can
measure fairness, but they never enter a document, a feature or a log line.

Cross-record references (a position's enterprise, an interaction's student and position) are
checked by :mod:`matcher.store.ingest` against the store, not here.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from matcher.text.normal import control_character


def _no_control(text: str | None) -> str | None:
    """Refuse text holding a control character (:func:`matcher.text.normal.control_character`).

    ``None`` passes: a PATCH body's optional fields keep this check (see ``optional_fields``).
    """
    if text is None:
        return None
    found = control_character(text)
    if found is not None:
        raise ValueError(f"contains a control character ({found})")
    return text


RecordId = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$"
    ),
]
ShortText = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=200), AfterValidator(_no_control)
]
LongText = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=20_000), AfterValidator(_no_control)
]

#: Earliest and latest graduation year accepted.
MIN_GRADUATION_YEAR = 1980
MAX_GRADUATION_YEAR = 2100


class Degree(StrEnum):
    """Degree levels in order: associate 专科 < bachelor 本科 < master 硕士 < doctor 博士."""

    associate = "associate"
    bachelor = "bachelor"
    master = "master"
    doctor = "doctor"

    @property
    def rank(self) -> int:
        """Position in the order associate < bachelor < master < doctor."""
        return list(Degree).index(self)


#: Chinese and common English spellings accepted for each degree level.
DEGREE_ALIASES: dict[str, Degree] = {
    "专科": Degree.associate,
    "大专": Degree.associate,
    "高职": Degree.associate,
    "associate": Degree.associate,
    "diploma": Degree.associate,
    "本科": Degree.bachelor,
    "学士": Degree.bachelor,
    "bachelor": Degree.bachelor,
    "undergraduate": Degree.bachelor,
    "硕士": Degree.master,
    "研究生": Degree.master,
    "master": Degree.master,
    "博士": Degree.doctor,
    "doctor": Degree.doctor,
    "phd": Degree.doctor,
}


class Sector(StrEnum):
    """Sectors of enterprises and positions."""

    optics = "optics"  # 光电/光学
    mechatronics = "mechatronics"  # 机电/智能制造
    icv = "icv"  # 智能网联汽车与汽车电子
    software = "software"
    semiconductor = "semiconductor"
    new_energy = "new_energy"


class Tier(StrEnum):
    """专精特新 recognition: none, provincial tier, national “little giant” (小巨人)."""

    none = "none"
    provincial = "provincial"
    little_giant = "little_giant"


class EnterpriseSize(StrEnum):
    """Enterprise size bands (Chinese SME classification, simplified)."""

    micro = "micro"
    small = "small"
    medium = "medium"
    large = "large"


class PositionType(StrEnum):
    """Full-time job, internship or enterprise practice project."""

    job = "job"
    internship = "internship"
    project = "project"


class PositionStatus(StrEnum):
    """Whether a position still takes applications."""

    open = "open"
    closed = "closed"
    filled = "filled"


class Event(StrEnum):
    """Interaction events, from exposure to outcome."""

    impression = "impression"
    view = "view"
    save = "save"
    dismiss = "dismiss"
    apply = "apply"
    shortlist = "shortlist"  # advisor shortlist
    interview = "interview"
    offer = "offer"
    accept = "accept"
    decline = "decline"  # the student declines an offer
    reject = "reject"  # the enterprise rejects an application
    hire = "hire"
    internship_completed = "internship_completed"
    invite = "invite"  # the enterprise invites a consenting student to apply
    suggest = "suggest"  # an advisor suggests the position to her student


class DismissReason(StrEnum):
    """Why a student dismissed a position; ``expired`` is not a dislike."""

    not_interested = "not_interested"
    wrong_city = "wrong_city"
    already_applied = "already_applied"
    expired = "expired"
    salary = "salary"
    other = "other"


class Actor(StrEnum):
    """Who caused an interaction."""

    student = "student"
    enterprise = "enterprise"
    advisor = "advisor"
    system = "system"


class Role(StrEnum):
    """Roles of user accounts."""

    student = "student"
    advisor = "advisor"
    enterprise = "enterprise"
    researcher = "researcher"
    admin = "admin"


#: Student fields that identify a person or are protected: never matched on, never logged.
PERSONAL_FIELDS: frozenset[str] = frozenset(
    {
        "name",
        "student_number",
        "id_number",
        "phone",
        "email",
        "gender",
        "ethnicity",
        "hometown",
        "birth_year",
    }
)


class Record(BaseModel):
    """Base of every record: strict about unknown fields, strips whitespace."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, use_enum_values=False)


class Course(Record):
    """A course a student took, with an optional grade on a 0–100 scale."""

    name: ShortText = Field(min_length=1)
    grade: float | None = Field(default=None, ge=0, le=100)


class Project(Record):
    """A project (course, lab, personal or enterprise practice)."""

    title: ShortText = Field(min_length=1)
    role: ShortText | None = None
    description: LongText = ""


class Competition(Record):
    """A contest entry, e.g. 全国大学生电子设计竞赛, 智能汽车竞赛, 挑战杯."""

    name: ShortText = Field(min_length=1)
    level: Literal["school", "provincial", "national", "international"] | None = None
    award: ShortText | None = None
    year: int | None = Field(default=None, ge=1980, le=2100)


class Internship(Record):
    """A past internship."""

    organisation: ShortText = Field(min_length=1)
    role: ShortText = ""
    description: LongText = ""
    months: float | None = Field(default=None, gt=0, le=60)


class Preferences(Record):
    """What a student looks for; every field is optional."""

    cities: list[ShortText] = Field(default_factory=list)
    sectors: list[Sector] = Field(default_factory=list)
    position_types: list[PositionType] = Field(default_factory=list)
    enterprise_sizes: list[EnterpriseSize] = Field(default_factory=list)
    min_salary: int | None = Field(default=None, ge=0, le=1_000_000, description="CNY per month")


def _normalise_degree(value: Any) -> Any:
    if isinstance(value, str):
        key = unicodedata.normalize("NFKC", value).strip().lower()
        return DEGREE_ALIASES.get(key, key)
    return value


class Student(Record):
    """A student profile; personal fields (:data:`PERSONAL_FIELDS`) are never used for matching."""

    id: RecordId
    # Personal: stored for the owner and for fairness measurement only.
    name: ShortText | None = None
    student_number: ShortText | None = None
    id_number: ShortText | None = None
    phone: ShortText | None = None
    email: ShortText | None = None
    gender: Literal["female", "male", "other"] | None = None
    ethnicity: ShortText | None = None
    hometown: ShortText | None = None
    birth_year: int | None = Field(default=None, ge=1950, le=2100)
    # Study.
    major: ShortText = Field(min_length=1, description="Major name, Chinese or English")
    major_code: ShortText | None = Field(default=None, description="National catalogue code")
    college: ShortText | None = None
    cohort: ShortText | None = Field(default=None, description="Class or cohort an advisor runs")
    degree: Degree
    graduation_year: int = Field(ge=MIN_GRADUATION_YEAR, le=MAX_GRADUATION_YEAR)
    gpa: float | None = Field(default=None, ge=0, le=4.0, description="GPA on a 4.0 scale")
    rank_percentile: float | None = Field(
        default=None, ge=0, le=100, description="Class rank percentile, 0 = top"
    )
    courses: list[Course] = Field(default_factory=list)
    skills: list[ShortText] = Field(default_factory=list, description="Skills as written")
    skill_ids: list[ShortText] = Field(default_factory=list, description="Canonical skill ids")
    certificates: list[ShortText] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    competitions: list[Competition] = Field(default_factory=list)
    internships: list[Internship] = Field(default_factory=list)
    preferences: Preferences = Field(default_factory=Preferences)
    languages: list[ShortText] = Field(default_factory=list)
    self_description: LongText = ""
    visible_to_enterprises: bool = Field(
        default=False, description="Consent to be shown to enterprises as a candidate"
    )

    _degree = field_validator("degree", mode="before")(_normalise_degree)


class Enterprise(Record):
    """An enterprise (SME) that posts positions."""

    id: RecordId
    name: ShortText = Field(min_length=1)
    sectors: list[Sector] = Field(min_length=1)
    tier: Tier = Tier.none
    city: ShortText = Field(min_length=1)
    district: ShortText | None = None
    size: EnterpriseSize = EnterpriseSize.small
    description: LongText = ""
    partner: bool = Field(default=False, description="Partner of the practice base")
    founded_year: int | None = Field(default=None, ge=1900, le=2100)


class Position(Record):
    """A job, internship or practice project of an enterprise."""

    id: RecordId
    enterprise_id: RecordId
    type: PositionType = PositionType.job
    title: ShortText = Field(min_length=1)
    description: LongText = ""
    required_skills: list[ShortText] = Field(default_factory=list)
    preferred_skills: list[ShortText] = Field(default_factory=list)
    accepted_majors: list[ShortText] = Field(
        default_factory=list, description="Major names or codes; empty means any major"
    )
    min_degree: Degree = Degree.associate
    city: ShortText = Field(min_length=1)
    district: ShortText | None = None
    openings: int = Field(ge=1, le=10_000, description="How many people the position takes")
    salary_min: int | None = Field(default=None, ge=0, le=1_000_000, description="CNY per month")
    salary_max: int | None = Field(default=None, ge=0, le=1_000_000, description="CNY per month")
    application_start: dt.date | None = None
    deadline: dt.date | None = None
    status: PositionStatus = PositionStatus.open
    posted_at: dt.datetime | None = None

    _degree = field_validator("min_degree", mode="before")(_normalise_degree)

    @model_validator(mode="after")
    def _check_ranges(self) -> Position:
        if (
            self.salary_min is not None
            and self.salary_max is not None
            and self.salary_max < self.salary_min
        ):
            raise ValueError("salary_max must not be below salary_min")
        if (
            self.application_start is not None
            and self.deadline is not None
            and self.deadline < self.application_start
        ):
            raise ValueError("deadline must not be before application_start")
        return self


class Interaction(Record):
    """Something that happened between a student and a position, at a time."""

    id: RecordId
    student_id: RecordId
    position_id: RecordId
    event: Event
    timestamp: dt.datetime
    actor: Actor = Actor.student
    reason: DismissReason | None = Field(default=None, description="Only for dismiss events")
    note: ShortText | None = None

    @model_validator(mode="after")
    def _check_reason(self) -> Interaction:
        if self.reason is not None and self.event != Event.dismiss:
            raise ValueError("reason is only allowed on dismiss events")
        return self


class User(Record):
    """A login account; students and enterprises are linked to their record."""

    id: RecordId
    username: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=64)]
    role: Role
    password_hash: str = Field(min_length=1)
    student_id: RecordId | None = None
    enterprise_id: RecordId | None = None
    cohorts: list[ShortText] = Field(default_factory=list, description="Cohorts an advisor runs")
    created_at: dt.datetime | None = None
    disabled: bool = Field(default=False, description="A disabled account cannot log in")
    token_version: int = Field(
        default=0, ge=0, description="Tokens name it; raising it ends every session of the account"
    )

    @model_validator(mode="after")
    def _check_links(self) -> User:
        if self.role == Role.student and not self.student_id:
            raise ValueError("a student account needs student_id")
        if self.role == Role.enterprise and not self.enterprise_id:
            raise ValueError("an enterprise account needs enterprise_id")
        return self


#: Importable record types by their plural name (the file stem).
RECORD_TYPES: dict[str, type[Record]] = {
    "enterprises": Enterprise,
    "students": Student,
    "positions": Position,
    "interactions": Interaction,
}

#: Order in which record types are written so references resolve.
IMPORT_ORDER: tuple[str, ...] = ("enterprises", "students", "positions", "interactions")


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schema of each importable record type and the user account, keyed by plural name."""
    models: dict[str, type[Record]] = {**RECORD_TYPES, "users": User}
    return {name: model.model_json_schema() for name, model in models.items()}


def today() -> dt.date:
    """Today's date (a function so that tests and the simulator can reason about it)."""
    return dt.date.today()
