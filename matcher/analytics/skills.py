"""Skill supply and demand: what the open positions ask for against what the students have.

Counted over the served engine's canonical skill matrices, not over rows of the store: a
position's and a student's canonical skills exist only there (the taxonomy's aliases and its
extractor applied once, when a record is written), so the figures use the same skills the
matching uses, and each is two sparse-matrix products (milliseconds at 100k positions).

- **Demand** of a skill: the open positions that ask for it as required or preferred, and the
  openings they offer (a position with three openings counts three); ``required_openings``
  those asking for it as required.
- **Supply**: the students who have it, among those chosen (by major, degree, cohort or year of
  graduation, e.g. the class graduating in the window). A count of 1 to 4 students is
  suppressed, as is every count when fewer than five students are chosen.
- **Shortage** ranks skills by openings per student who has it; **surplus** by students per
  opening.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from matcher.analytics.privacy import MIN_GROUP, shown
from matcher.engine.tables import SECTORS
from matcher.schemas import Degree
from matcher.store.history import semester_bounds, semester_of, semester_start

if TYPE_CHECKING:
    from matcher.engine.snapshot import Engine


@dataclass(frozen=True)
class SkillBalance:
    """One skill's demand and supply."""

    skill_id: str
    label: str
    category: str
    positions: int  # open positions asking for it (required or preferred)
    openings: int  # their openings
    required_openings: int
    students: int | None  # students who have it; None where suppressed

    @property
    def openings_per_student(self) -> float:
        """Openings per student who has the skill (one added to both: no division by zero)."""
        return (self.openings + 1) / ((self.students or 0) + 1)

    def as_dict(self) -> dict[str, Any]:
        """The row as JSON wants it."""
        return {
            "skill_id": self.skill_id,
            "label": self.label,
            "category": self.category,
            "positions": self.positions,
            "openings": self.openings,
            "required_openings": self.required_openings,
            "students": self.students,
            "suppressed": self.students is None,
            "openings_per_student": round(self.openings_per_student, 3),
        }


@dataclass(frozen=True)
class StudentFilter:
    """Which students the supply counts (every live student when empty)."""

    majors: Sequence[str] | None = None
    degree: Degree | None = None
    cohorts: Sequence[str] | None = None
    graduation_year: int | None = None
    colleges: Sequence[str] | None = None

    def mask(self, engine: Engine) -> np.ndarray:
        """The chosen student rows."""
        S = engine.students
        keep = engine.live_students.copy()
        if self.majors is not None:
            keep &= np.asarray(S.major.isin(self.majors))
        if self.cohorts is not None:
            keep &= np.asarray(S.cohort.isin(self.cohorts))
        if self.colleges is not None:
            keep &= np.asarray(S.college.isin(self.colleges))
        if self.degree is not None:
            keep &= S.degree == self.degree.rank
        if self.graduation_year is not None:
            keep &= S.graduation_year == self.graduation_year
        return keep


def major_code(engine: Engine, major: str | None) -> str | None:
    """The engine's key of a major given by code or by Chinese or English name (its own text,
    trimmed and lower-cased, for a major the taxonomy does not know); ``None`` for none."""
    if not major:
        return None
    found = engine.taxonomy.major(major)
    return found.code if found else major.strip().lower()


def skill_balance(
    engine: Engine,
    students: StudentFilter | None = None,
    *,
    sector: str | None = None,
    enterprise_id: str | None = None,
    posted_in: str | None = None,
    lang: str = "zh",
) -> list[SkillBalance]:
    """Demand and supply of every skill asked for or held, most openings first.

    ``sector`` keeps the positions of enterprises in that industry, ``enterprise_id`` one
    enterprise's (its own view); ``posted_in`` counts the positions posted in that semester
    (open or not: a past semester's demand) instead of those open now; ``students`` chooses the
    supply.
    """
    P, E = engine.positions, engine.enterprises
    if posted_in is None:
        demand_rows = P.is_open.copy()
    else:
        start, end = semester_bounds(posted_in)
        day = P.posted
        demand_rows = (
            ~np.isnat(day)
            & (day >= np.datetime64(start.date()))
            & (day < np.datetime64(end.date()))
        )
    if sector is not None:
        bit = 1 << SECTORS.index(sector)  # ValueError for an unknown industry
        demand_rows &= (E.sectors[P.enterprise] & bit) != 0
    if enterprise_id is not None:
        row = E.index.get(enterprise_id)
        demand_rows &= P.enterprise == (-1 if row is None else row)
    asks = ((P.required + P.preferred) > 0).astype(np.int64).tocsr()
    required = (P.required > 0).astype(np.int64).tocsr()
    weights = np.where(demand_rows, P.openings, 0).astype(np.int64)
    positions = np.asarray(asks.T @ demand_rows.astype(np.int64)).ravel()
    openings = np.asarray(asks.T @ weights).ravel()
    required_openings = np.asarray(required.T @ weights).ravel()
    chosen = (students or StudentFilter()).mask(engine)
    holders = np.asarray(
        (engine.students.skills > 0).astype(np.int64).T @ chosen.astype(np.int64)
    ).ravel()
    population_shown = shown(int(chosen.sum()))
    taxonomy = engine.taxonomy
    out = []
    for j in np.flatnonzero((positions > 0) | (holders > 0)).tolist():
        skill_id = engine.skill_ids[j]
        skill = taxonomy.skills.get(skill_id)
        held = int(holders[j])
        visible = population_shown and (held == 0 or held >= MIN_GROUP)
        out.append(
            SkillBalance(
                skill_id=skill_id,
                label=taxonomy.label(skill_id, lang),
                category=skill.category if skill else "",
                positions=int(positions[j]),
                openings=int(openings[j]),
                required_openings=int(required_openings[j]),
                students=held if visible else None,
            )
        )
    out.sort(key=lambda b: (-b.openings, b.skill_id))
    return out


def shortages(
    balance: Sequence[SkillBalance], n: int = 20, min_openings: int = 5
) -> list[SkillBalance]:
    """The skills many openings ask for and few chosen students have, worst first."""
    asked = [b for b in balance if b.openings >= min_openings and b.students is not None]
    return sorted(asked, key=lambda b: (-b.openings_per_student, b.skill_id))[:n]


def surpluses(balance: Sequence[SkillBalance], n: int = 20) -> list[SkillBalance]:
    """The skills many chosen students have and few openings ask for, most in excess first."""
    held = [b for b in balance if b.students]
    return sorted(held, key=lambda b: (b.openings_per_student, b.skill_id))[:n]


def hiring_class(semester: str) -> int:
    """The year of graduation a semester recruits for: a spring semester (``2026S``) that
    summer's graduates, an autumn one (``2026A``) the next summer's."""
    year = int(semester[:4])
    return year if semester.endswith("S") else year + 1


def posting_semesters(engine: Engine) -> list[str]:
    """The semesters in which the engine's positions were posted, oldest first."""
    days = engine.positions.posted
    days = days[~np.isnat(days)]
    if not days.size:
        return []
    months = days.astype("datetime64[M]")
    return sorted({semester_of(m.astype(object)) for m in np.unique(months)}, key=semester_start)


@dataclass(frozen=True)
class TrendPoint:
    """One skill in one semester: the openings posted asking for it, and the students of the
    class that semester recruits who have it (``None`` where suppressed)."""

    semester: str
    skill_id: str
    label: str
    openings: int
    students: int | None

    def as_dict(self) -> dict[str, Any]:
        """The point as JSON wants it."""
        return {
            "semester": self.semester,
            "skill_id": self.skill_id,
            "label": self.label,
            "openings": self.openings,
            "students": self.students,
            "suppressed": self.students is None,
        }


def skill_trend(
    engine: Engine,
    students: StudentFilter | None = None,
    *,
    semesters: Sequence[str] | None = None,
    skills: Sequence[str] | None = None,
    top: int = 8,
    sector: str | None = None,
    lang: str = "zh",
) -> list[TrendPoint]:
    """Demand and supply of some skills semester by semester: the positions posted in each,
    against the chosen students of the class it recruits (:func:`hiring_class`).

    ``skills`` defaults to the ``top`` skills with the most openings over the semesters;
    ``semesters`` to every semester a position was posted in.
    """
    chosen = students or StudentFilter()
    per: dict[str, dict[str, SkillBalance]] = {}
    counted: dict[str, bool] = {}  # whether the semester's class is large enough to show
    for semester in semesters or posting_semesters(engine):
        of_class = dataclasses.replace(chosen, graduation_year=hiring_class(semester))
        balance = skill_balance(engine, of_class, sector=sector, posted_in=semester, lang=lang)
        per[semester] = {b.skill_id: b for b in balance}
        counted[semester] = shown(int(of_class.mask(engine).sum()))
    if skills is None:
        total: dict[str, int] = {}
        for balance in per.values():
            for b in balance.values():
                total[b.skill_id] = total.get(b.skill_id, 0) + b.openings
        skills = sorted(total, key=lambda s: (-total[s], s))[:top]
    out = []
    for semester, balance in per.items():
        for skill_id in skills:
            b = balance.get(skill_id)
            label = engine.taxonomy.label(skill_id, lang)
            held = b.students if b else (0 if counted[semester] else None)
            out.append(TrendPoint(semester, skill_id, label, b.openings if b else 0, held))
    return out
