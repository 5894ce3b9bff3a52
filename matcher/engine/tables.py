"""Column tables of the records that matching reads, built once from the store.

Recommendation at 100k positions must not touch the database per request, so the fields that
filters and pair features need are held as numpy columns (one row per record), with canonical
skills as sparse matrices. Personal fields of students are never copied into these tables.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from scipy import sparse

from matcher.columnar import IdIndex, Strings, StringSets, as_columns
from matcher.schemas import (
    Degree,
    Enterprise,
    EnterpriseSize,
    Position,
    PositionStatus,
    PositionType,
    Sector,
    Student,
    Tier,
)
from matcher.text.documents import position_document, student_document
from matcher.text.skillcache import SkillCache
from matcher.text.taxonomy import Taxonomy
from matcher.text.tokens import detect_language

logger = logging.getLogger(__name__)

SECTORS: tuple[Sector, ...] = tuple(Sector)
TYPES: tuple[PositionType, ...] = tuple(PositionType)
SIZES: tuple[EnterpriseSize, ...] = tuple(EnterpriseSize)
TIERS: tuple[Tier, ...] = tuple(Tier)
LANGS: tuple[str, ...] = ("zh", "en", "mixed", "none")


def sector_mask(sectors: Iterable[Sector | str]) -> int:
    """Bit mask of sectors (bit i = :data:`SECTORS`\\[i])."""
    mask = 0
    for s in sectors:
        mask |= 1 << SECTORS.index(Sector(s))
    return mask


def _skill_matrix(rows: Sequence[Sequence[str]], vocab: dict[str, int]) -> sparse.csr_matrix:
    indptr, indices = [0], []
    for row in rows:
        cols = sorted({vocab[s] for s in row if s in vocab})
        indices.extend(cols)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return sparse.csr_matrix(
        (data, np.asarray(indices, dtype=np.int32), np.asarray(indptr, dtype=np.int64)),
        shape=(len(rows), len(vocab)),
    )


def _date_col(values: Sequence[dt.date | None]) -> np.ndarray:
    return np.array(
        [np.datetime64(v, "D") if v else np.datetime64("NaT") for v in values],
        dtype="datetime64[D]",
    )


@dataclass
class EnterpriseTable:
    """Enterprises as columns."""

    ids: Strings
    name: Strings
    sectors: np.ndarray  # uint8 bit mask
    tier: np.ndarray  # int8, index into TIERS
    size: np.ndarray  # int8, index into SIZES
    partner: np.ndarray  # bool
    city: Strings

    def __post_init__(self) -> None:
        as_columns(self)

    @cached_property
    def index(self) -> IdIndex:
        """Row of each id."""
        return IdIndex(self.ids)

    @classmethod
    def build(cls, enterprises: Sequence[Enterprise]) -> EnterpriseTable:
        """Columns of ``enterprises`` in the given order."""
        return cls(
            ids=[e.id for e in enterprises],
            name=[e.name for e in enterprises],
            sectors=np.array([sector_mask(e.sectors) for e in enterprises], dtype=np.uint8),
            tier=np.array([TIERS.index(e.tier) for e in enterprises], dtype=np.int8),
            size=np.array([SIZES.index(e.size) for e in enterprises], dtype=np.int8),
            partner=np.array([e.partner for e in enterprises], dtype=bool),
            city=[e.city for e in enterprises],
        )


@dataclass
class PositionTable:
    """Positions as columns, with their documents and canonical skills (``enterprise`` is the
    row of each position's enterprise in the :class:`EnterpriseTable` built from the same list)."""

    ids: Strings
    title: Strings
    documents: Strings
    enterprise: np.ndarray  # int32 row in the EnterpriseTable
    type: np.ndarray  # int8, index into TYPES
    is_open: np.ndarray  # bool: status == open
    min_degree: np.ndarray  # int8 Degree.rank
    openings: np.ndarray  # int32
    salary_min: np.ndarray  # float32, nan when unknown
    salary_max: np.ndarray  # float32, nan when unknown
    start: np.ndarray  # datetime64[D], NaT when unknown
    deadline: np.ndarray  # datetime64[D], NaT when unknown
    posted: np.ndarray  # datetime64[D] the position was posted, NaT when unknown
    city: Strings
    lang: np.ndarray  # int8, index into LANGS
    required: sparse.csr_matrix  # positions x skills
    preferred: sparse.csr_matrix  # positions x skills (required ones excluded)
    mentioned: sparse.csr_matrix  # every skill found anywhere in the position's text
    accepted_majors: StringSets

    def __post_init__(self) -> None:
        as_columns(self)

    @cached_property
    def index(self) -> IdIndex:
        """Row of each id."""
        return IdIndex(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class StudentTable:
    """Students as columns (no personal field), with documents and canonical skills."""

    ids: Strings
    documents: Strings
    degree: np.ndarray  # int8 Degree.rank
    graduation_year: np.ndarray  # int16
    gpa: np.ndarray  # float32, nan when unknown
    rank_percentile: np.ndarray  # float32, nan when unknown
    major: Strings  # normalised major name
    major_code: Strings  # None where unknown
    major_sectors: np.ndarray  # uint8 bit mask of the major's sectors (taxonomy)
    major_skills: sparse.csr_matrix  # typical skills of the major
    skills: sparse.csr_matrix  # canonical skills found in the profile
    listed: np.ndarray  # int16: number of written skills (profile richness)
    doc_length: np.ndarray  # int32 characters of the document
    n_internships: np.ndarray  # int8
    n_competitions: np.ndarray  # int8
    n_projects: np.ndarray  # int8
    pref_cities: StringSets
    pref_sectors: np.ndarray  # uint8 mask, 0 = no preference
    pref_types: np.ndarray  # uint8 mask over TYPES, 0 = no preference
    pref_sizes: np.ndarray  # uint8 mask over SIZES, 0 = no preference
    min_salary: np.ndarray  # float32, nan when none
    visible: np.ndarray  # bool consent
    cohort: Strings  # None where none
    college: Strings  # None where none
    lang: np.ndarray  # int8 index into LANGS

    def __post_init__(self) -> None:
        as_columns(self)

    @cached_property
    def index(self) -> IdIndex:
        """Row of each id."""
        return IdIndex(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


def _mask(values: Iterable[Any], universe: Sequence[Any]) -> int:
    mask = 0
    for v in values:
        mask |= 1 << universe.index(v)
    return mask


def build_position_table(
    positions: Sequence[Position],
    enterprises: Sequence[Enterprise],
    taxonomy: Taxonomy,
    vocab: dict[str, int],
    *,
    progress: bool = False,
    skills: SkillCache | None = None,
) -> PositionTable:
    """Columns, documents and canonical skills of ``positions``."""
    from tqdm.auto import tqdm

    skills = skills or SkillCache(taxonomy)
    by_id = {e.id: e for e in enterprises}
    row = {e.id: i for i, e in enumerate(enterprises)}
    docs, req, pref, ment, langs = [], [], [], [], []
    for p in tqdm(positions, desc="positions", disable=not progress, unit="pos"):
        doc = position_document(p, by_id[p.enterprise_id])
        docs.append(doc)
        r = skills.canonicalise(p.required_skills)
        req.append(r)
        pref.append([s for s in skills.canonicalise(p.preferred_skills) if s not in r])
        ment.append(skills.extract_ids(doc))
        langs.append(LANGS.index(detect_language(f"{p.title} {p.description}")))
    return PositionTable(
        ids=[p.id for p in positions],
        title=[p.title for p in positions],
        documents=docs,
        enterprise=np.array([row[p.enterprise_id] for p in positions], np.int32),
        type=np.array([TYPES.index(p.type) for p in positions], dtype=np.int8),
        is_open=np.array([p.status == PositionStatus.open for p in positions], dtype=bool),
        min_degree=np.array([p.min_degree.rank for p in positions], dtype=np.int8),
        openings=np.array([p.openings for p in positions], dtype=np.int32),
        salary_min=np.array(
            [np.nan if p.salary_min is None else p.salary_min for p in positions], dtype=np.float32
        ),
        salary_max=np.array(
            [np.nan if p.salary_max is None else p.salary_max for p in positions], dtype=np.float32
        ),
        start=_date_col([p.application_start for p in positions]),
        deadline=_date_col([p.deadline for p in positions]),
        posted=_date_col([p.posted_at.date() if p.posted_at else None for p in positions]),
        city=[p.city for p in positions],
        lang=np.array(langs, dtype=np.int8),
        required=_skill_matrix(req, vocab),
        preferred=_skill_matrix(pref, vocab),
        mentioned=_skill_matrix(ment, vocab),
        accepted_majors=[
            frozenset(_major_keys(m, taxonomy) for m in p.accepted_majors) for p in positions
        ],
    )


def _major_keys(name: str, taxonomy: Taxonomy) -> str:
    """A major's catalogue code when the taxonomy knows it, else its normalised name."""
    major = taxonomy.major(name)
    return major.code if major else name.strip().lower()


def build_student_table(
    students: Sequence[Student],
    taxonomy: Taxonomy,
    vocab: dict[str, int],
    *,
    progress: bool = False,
    skills: SkillCache | None = None,
) -> StudentTable:
    """Columns, documents and canonical skills of ``students`` (never a personal field)."""
    from tqdm.auto import tqdm

    cache = skills or SkillCache(taxonomy)
    docs, skills_of, major_skills, majors, codes, msect, langs = [], [], [], [], [], [], []
    for s in tqdm(students, desc="students", disable=not progress, unit="stu"):
        doc = student_document(s)
        docs.append(doc)
        found = cache.canonicalise(s.skills) + list(s.skill_ids) + cache.extract_ids(doc)
        skills_of.append(list(dict.fromkeys(found)))
        major = (taxonomy.major(s.major_code) if s.major_code else None) or taxonomy.major(s.major)
        majors.append(major.code if major else s.major.strip().lower())
        codes.append(major.code if major else s.major_code)
        major_skills.append(list(major.skills) if major else [])
        msect.append(_mask([Sector(x) for x in major.sectors], SECTORS) if major else 0)
        langs.append(LANGS.index(detect_language(doc)))
    return StudentTable(
        ids=[s.id for s in students],
        documents=docs,
        degree=np.array([s.degree.rank for s in students], dtype=np.int8),
        graduation_year=np.array([s.graduation_year for s in students], dtype=np.int16),
        gpa=np.array([np.nan if s.gpa is None else s.gpa for s in students], dtype=np.float32),
        rank_percentile=np.array(
            [np.nan if s.rank_percentile is None else s.rank_percentile for s in students],
            dtype=np.float32,
        ),
        major=majors,
        major_code=codes,
        major_sectors=np.array(msect, dtype=np.uint8),
        major_skills=_skill_matrix(major_skills, vocab),
        skills=_skill_matrix(skills_of, vocab),
        listed=np.array([len(s.skills) for s in students], dtype=np.int16),
        doc_length=np.array([len(d) for d in docs], dtype=np.int32),
        n_internships=np.array([min(len(s.internships), 100) for s in students], dtype=np.int8),
        n_competitions=np.array([min(len(s.competitions), 100) for s in students], np.int8),
        n_projects=np.array([min(len(s.projects), 100) for s in students], dtype=np.int8),
        pref_cities=[frozenset(c.strip() for c in s.preferences.cities) for s in students],
        pref_sectors=np.array([_mask(s.preferences.sectors, SECTORS) for s in students], np.uint8),
        pref_types=np.array(
            [_mask(s.preferences.position_types, TYPES) for s in students], dtype=np.uint8
        ),
        pref_sizes=np.array(
            [_mask(s.preferences.enterprise_sizes, SIZES) for s in students], dtype=np.uint8
        ),
        min_salary=np.array(
            [
                np.nan if s.preferences.min_salary is None else s.preferences.min_salary
                for s in students
            ],
            dtype=np.float32,
        ),
        visible=np.array([s.visible_to_enterprises for s in students], dtype=bool),
        cohort=[s.cohort for s in students],
        college=[s.college for s in students],
        lang=np.array(langs, dtype=np.int8),
    )


def skill_idf(
    positions: PositionTable,
    students: StudentTable,
    *,
    live_positions: np.ndarray | None = None,
    live_students: np.ndarray | None = None,
) -> np.ndarray:
    """Smoothed inverse document frequency of each skill over positions and students (only the
    rows marked live, when masks are given: the others are replaced records)."""

    def df(matrix: sparse.csr_matrix, live: np.ndarray | None) -> tuple[np.ndarray, int]:
        rows = matrix if live is None else matrix[np.flatnonzero(live)]
        return np.asarray((rows > 0).sum(axis=0)).ravel(), rows.shape[0]

    (p_df, p_n), (s_df, s_n) = (
        df(positions.mentioned, live_positions),
        df(students.skills, live_students),
    )
    n = p_n + s_n
    return np.log1p((n + 1) / (p_df + s_df + 1)).astype(np.float32)


def skill_vocabulary(taxonomy: Taxonomy) -> dict[str, int]:
    """Column of each canonical skill in the skill matrices."""
    return {sid: i for i, sid in enumerate(taxonomy.skills)}


def content_hash(records: Iterable[Any]) -> str:
    """A short sha256 over the JSON of records (the store snapshot in a manifest)."""
    h = hashlib.sha256()
    for r in records:
        h.update(r.model_dump_json(exclude_none=True).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()[:16]


__all__ = [
    "LANGS",
    "SECTORS",
    "SIZES",
    "TIERS",
    "TYPES",
    "Degree",
    "EnterpriseTable",
    "PositionTable",
    "StudentTable",
    "build_position_table",
    "build_student_table",
    "content_hash",
    "sector_mask",
    "skill_idf",
    "skill_vocabulary",
]
