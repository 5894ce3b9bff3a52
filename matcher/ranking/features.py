"""Pair features of (student, position): what the learned ranker reads.

Features come in named groups (for ablations): retrieval similarities, skills, major, degree,
preferences, enterprise, timing, history (popularity and selectivity) and profile. No feature
reads a personal identifier or a protected attribute: the student columns in
:class:`~matcher.engine.tables.StudentTable` do not hold them.

Missing values are ``nan`` (a student without a stated city preference has no city-match
value); the gradient-boosted ranker handles them natively.
"""

from __future__ import annotations

import logging
from typing import Protocol

import numpy as np
from scipy import sparse

from matcher.engine.tables import EnterpriseTable, PositionTable, StudentTable
from matcher.store.history import PopularityStats

logger = logging.getLogger(__name__)

#: Feature names by group, in column order.
FEATURE_GROUPS: dict[str, tuple[str, ...]] = {
    "dense": ("dense_cosine",),
    "lexical": ("bm25", "bm25_log"),
    "skills": (
        "required_coverage",
        "required_matched",
        "required_missing",
        "preferred_coverage",
        "mentioned_overlap",
        "major_skill_coverage",
    ),
    "major": ("major_accepted", "any_major", "major_sector_overlap"),
    "degree": ("degree_gap",),
    "preferences": (
        "city_preferred",
        "in_changchun",
        "sector_preferred",
        "type_preferred",
        "size_preferred",
        "salary_meets_minimum",
        "salary_mid_log",
    ),
    "enterprise": ("tier", "size", "partner"),
    "timing": ("days_to_deadline", "is_job", "is_internship", "is_project", "graduation_gap"),
    "history": (
        "enterprise_apply_rate",
        "enterprise_accept_rate",
        "position_applicants_log",
        "applicants_per_opening",
    ),
    "profile": (
        "listed_skills",
        "document_length_log",
        "gpa",
        "rank_percentile",
        "internships",
        "competitions",
        "language_match",
    ),
}
FEATURE_NAMES: tuple[str, ...] = tuple(n for group in FEATURE_GROUPS.values() for n in group)
CHANGCHUN = ("长春", "changchun")


class FeatureContext(Protocol):
    """What pair features read: the tables, the vectors and the skill IDF (an engine has them)."""

    students: StudentTable
    positions: PositionTable
    enterprises: EnterpriseTable
    student_vectors: np.ndarray  # (n_students, dim), unit rows
    position_vectors: np.ndarray  # (n_positions, dim), unit rows
    skill_idf: np.ndarray  # (n_skills,) float32


def _rowwise_weighted(a: sparse.csr_matrix, b: sparse.csr_matrix, w: np.ndarray) -> np.ndarray:
    return np.asarray(a.multiply(b) @ w).ravel()


def _bit_overlap(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return ((a & b) != 0).astype(np.float32)


def pair_features(
    ctx: FeatureContext,
    s_idx: np.ndarray,
    p_idx: np.ndarray,
    as_of: np.ndarray | np.datetime64,
    stats: PopularityStats,
    bm25: np.ndarray,
) -> np.ndarray:
    """Feature matrix ``(len(s_idx), len(FEATURE_NAMES))`` of the pairs (s_idx[i], p_idx[i]).

    ``bm25`` holds the lexical score of each pair (the caller batches queries per student);
    ``as_of`` is the date (or one date per pair) at which timing features are taken.
    """
    s_idx = np.asarray(s_idx, dtype=np.int64)
    p_idx = np.asarray(p_idx, dtype=np.int64)
    if s_idx.shape != p_idx.shape or s_idx.ndim != 1:
        raise ValueError("s_idx and p_idx must be 1-d arrays of equal length")
    S, P, E = ctx.students, ctx.positions, ctx.enterprises
    m = len(s_idx)
    out = np.full((m, len(FEATURE_NAMES)), np.nan, dtype=np.float32)
    col = {name: i for i, name in enumerate(FEATURE_NAMES)}
    if m == 0:
        return out

    def put(name: str, values: np.ndarray | float) -> None:
        out[:, col[name]] = values

    # Retrieval similarities.
    put(
        "dense_cosine",
        np.einsum(
            "ij,ij->i",
            ctx.student_vectors[s_idx].astype(np.float32),
            ctx.position_vectors[p_idx].astype(np.float32),
        ),
    )
    put("bm25", bm25)
    put("bm25_log", np.log1p(np.maximum(bm25, 0)))

    # Skills, IDF-weighted.
    w = ctx.skill_idf
    stu = S.skills[s_idx]
    req = P.required[p_idx]
    pref = P.preferred[p_idx]
    ment = P.mentioned[p_idx]
    req_total = np.asarray(req @ w).ravel()
    req_hit = _rowwise_weighted(stu, req, w)
    put("required_coverage", np.where(req_total > 0, req_hit / np.maximum(req_total, 1e-9), np.nan))
    req_n = np.diff(req.indptr)
    matched_n = np.diff(stu.multiply(req).tocsr().indptr)
    put("required_matched", matched_n)
    put("required_missing", req_n - matched_n)
    pref_total = np.asarray(pref @ w).ravel()
    put(
        "preferred_coverage",
        np.where(
            pref_total > 0, _rowwise_weighted(stu, pref, w) / np.maximum(pref_total, 1e-9), np.nan
        ),
    )
    union = np.asarray(stu.maximum(ment) @ w).ravel()
    put(
        "mentioned_overlap",
        np.where(union > 0, _rowwise_weighted(stu, ment, w) / np.maximum(union, 1e-9), 0.0),
    )
    maj = S.major_skills[s_idx]
    put(
        "major_skill_coverage",
        np.where(
            req_total > 0, _rowwise_weighted(maj, req, w) / np.maximum(req_total, 1e-9), np.nan
        ),
    )

    # Major.
    # Columns read once per call for the pairs' rows (one Arrow take each, not a read per pair).
    accepted = P.accepted_majors[p_idx]
    majors, codes = S.major[s_idx], S.major_code[s_idx]
    put("any_major", np.array([not a for a in accepted], dtype=np.float32))
    put(
        "major_accepted",
        np.array(
            [
                1.0 if (m in a or (c or "") in a) else 0.0
                for m, c, a in zip(majors, codes, accepted, strict=True)
            ],
            dtype=np.float32,
        ),
    )
    ent = P.enterprise[p_idx]
    put("major_sector_overlap", _bit_overlap(S.major_sectors[s_idx], E.sectors[ent]))

    # Degree.
    put("degree_gap", S.degree[s_idx].astype(np.float32) - P.min_degree[p_idx])

    # Preferences (nan where the student stated none).
    cities, city = S.pref_cities[s_idx], P.city[p_idx]
    put(
        "city_preferred",
        np.array(
            [np.nan if not c else float(x in c) for c, x in zip(cities, city, strict=True)],
            dtype=np.float32,
        ),
    )
    put(
        "in_changchun",
        np.array([float(any(k in x.lower() for k in CHANGCHUN)) for x in city], dtype=np.float32),
    )
    ps = S.pref_sectors[s_idx]
    put("sector_preferred", np.where(ps > 0, _bit_overlap(ps, E.sectors[ent]), np.nan))
    pt = S.pref_types[s_idx]
    put("type_preferred", np.where(pt > 0, ((pt >> P.type[p_idx]) & 1).astype(np.float32), np.nan))
    pz = S.pref_sizes[s_idx]
    put("size_preferred", np.where(pz > 0, ((pz >> E.size[ent]) & 1).astype(np.float32), np.nan))
    smax = np.where(np.isnan(P.salary_max[p_idx]), P.salary_min[p_idx], P.salary_max[p_idx])
    want = S.min_salary[s_idx]
    put(
        "salary_meets_minimum",
        np.where(np.isnan(want) | np.isnan(smax), np.nan, (smax >= want).astype(np.float32)),
    )
    lo, hi = P.salary_min[p_idx], P.salary_max[p_idx]
    mid = np.where(np.isnan(lo), hi, np.where(np.isnan(hi), lo, (lo + hi) / 2))
    put("salary_mid_log", np.log1p(mid))

    # Enterprise.
    put("tier", E.tier[ent])
    put("size", E.size[ent])
    put("partner", E.partner[ent])

    # Timing.
    as_of_d = np.asarray(as_of).astype("datetime64[D]")
    deadline = P.deadline[p_idx]
    days = (deadline - as_of_d).astype("timedelta64[D]").astype(np.float32)
    days[np.isnat(deadline)] = np.nan
    put("days_to_deadline", np.clip(days, -365, 365))
    ptype = P.type[p_idx]
    put("is_job", ptype == 0)
    put("is_internship", ptype == 1)
    put("is_project", ptype == 2)
    year = as_of_d.astype("datetime64[Y]").astype(np.int64) + 1970
    put("graduation_gap", S.graduation_year[s_idx] - year)

    # History (popularity and selectivity before the cut-off).
    eids = E.ids[ent]
    put(
        "enterprise_apply_rate",
        np.array([stats.enterprise_apply_rate(e) for e in eids], dtype=np.float32),
    )
    put(
        "enterprise_accept_rate",
        np.array([stats.enterprise_accept_rate(e) for e in eids], dtype=np.float32),
    )
    applied = np.array([stats.position_applied.get(p, 0) for p in P.ids[p_idx]], dtype=np.float32)
    put("position_applicants_log", np.log1p(applied))
    put("applicants_per_opening", applied / np.maximum(P.openings[p_idx], 1))

    # Profile (richness, grades; never a personal field).
    put("listed_skills", S.listed[s_idx])
    put("document_length_log", np.log1p(S.doc_length[s_idx]))
    put("gpa", S.gpa[s_idx])
    put("rank_percentile", S.rank_percentile[s_idx])
    put("internships", S.n_internships[s_idx])
    put("competitions", S.n_competitions[s_idx])
    put("language_match", (S.lang[s_idx] == P.lang[p_idx]).astype(np.float32))
    return out
