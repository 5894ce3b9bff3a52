"""Explanations of a match: matched and missing skills and the main reasons, in both directions.

Addressed to the student (why a position suits her) or to the position's recruiter (why a
candidate suits it), in Chinese or English from the catalogue of :mod:`matcher.messages`.
Reasons read only pair features and the position's own fields, never a personal attribute.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np

from matcher.engine.tables import LANGS, TIERS
from matcher.messages import message
from matcher.ranking.features import FEATURE_NAMES

if TYPE_CHECKING:
    from matcher.engine.snapshot import Engine

_COL = {name: i for i, name in enumerate(FEATURE_NAMES)}
Viewer = Literal["student", "enterprise"]


def student_language(engine: Engine, s: int) -> str:
    """The language a student's explanations are written in: 'zh' unless the profile is English."""
    return "en" if LANGS[engine.students.lang[s]] == "en" else "zh"


def position_language(engine: Engine, p: int) -> str:
    """The language a position's recruiter reads: 'zh' unless the position is English."""
    return "en" if LANGS[engine.positions.lang[p]] == "en" else "zh"


def _row_columns(matrix: object, row: int) -> np.ndarray:
    """Column indices of one row of a CSR matrix (a slice, not a new sparse matrix)."""
    return matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]]  # type: ignore[attr-defined]


def _skill_labels(engine: Engine, columns: list[int], lang: str) -> list[str]:
    ids = engine.skill_ids
    return [engine.taxonomy.label(ids[c], lang) for c in columns]


def explain_pair(
    engine: Engine, s: int, p: int, f: np.ndarray, lang: str, viewer: Viewer = "student"
) -> tuple[list[str], list[str], list[str]]:
    """(matched skills, missing required skills, reasons) of student row ``s`` and position
    row ``p`` with pair features ``f``, in ``lang``, for ``viewer``."""
    stu = set(_row_columns(engine.students.skills, s).tolist())
    req = _row_columns(engine.positions.required, p).tolist()
    pref = _row_columns(engine.positions.preferred, p).tolist()
    matched = [c for c in req if c in stu] + [c for c in pref if c in stu]
    missing = [c for c in req if c not in stu]
    hit = len([c for c in req if c in stu])
    if viewer == "enterprise":
        reasons = candidate_reasons(hit, len(req), f, lang)
    else:
        reasons = position_reasons(engine.positions.city[p], hit, len(req), f, lang)
    return (
        _skill_labels(engine, matched, lang),
        _skill_labels(engine, missing, lang),
        reasons,
    )


def _known(value: float) -> bool:
    return not np.isnan(value)


def _fit(hit: int, required: int, f: np.ndarray, lang: str, prefix: str) -> list[str]:
    """Required skills matched and the major's fit, in the words of the reader (``prefix``
    ``""`` for the student, ``"candidate_"`` for the recruiter)."""
    out: list[str] = []
    if required:
        out.append(message(f"{prefix}required_skills", lang, hit=hit, total=required))
    if f[_COL["major_accepted"]] == 1:
        out.append(message(f"{prefix}major_accepted", lang))
    elif f[_COL["major_sector_overlap"]] == 1:
        out.append(message(f"{prefix}major_sector", lang))
    return out


def position_reasons(city: str, hit: int, required: int, f: np.ndarray, lang: str) -> list[str]:
    """Why a position suits the student, addressed to her."""
    out = _fit(hit, required, f, lang, "")
    if f[_COL["city_preferred"]] == 1:
        out.append(message("city_preferred", lang, city=city))
    if f[_COL["sector_preferred"]] == 1:
        out.append(message("sector_preferred", lang))
    tier = TIERS[int(f[_COL["tier"]])].value
    if tier in ("little_giant", "provincial"):
        out.append(message(tier, lang))
    days = f[_COL["days_to_deadline"]]
    if _known(days) and 0 <= days <= 14:
        out.append(message("closes_in", lang, days=int(days)))
    apo = f[_COL["applicants_per_opening"]]
    if _known(apo) and apo < 1:
        out.append(message("few_applicants", lang))
    if f[_COL["dense_cosine"]] >= 0.5:
        out.append(message("reads_close", lang))
    return out


def candidate_reasons(hit: int, required: int, f: np.ndarray, lang: str) -> list[str]:
    """Why a student suits the position, for its recruiter (never a personal attribute)."""
    out = _fit(hit, required, f, lang, "candidate_")
    gap = f[_COL["degree_gap"]]
    if _known(gap) and gap > 0:
        out.append(message("higher_degree", lang))
    rank = f[_COL["rank_percentile"]]
    if _known(rank) and rank <= 20:
        out.append(message("top_rank", lang, percent=max(int(np.ceil(rank)), 1)))
    for feature, one, many in (
        ("internships", "internship", "internships"),
        ("competitions", "competition", "competitions"),
    ):
        n = f[_COL[feature]]
        if _known(n) and n >= 1:
            out.append(message(one if int(n) == 1 else many, lang, n=int(n)))
    if f[_COL["city_preferred"]] == 1:
        out.append(message("candidate_city", lang))
    if f[_COL["dense_cosine"]] >= 0.5:
        out.append(message("candidate_reads_close", lang))
    return out
