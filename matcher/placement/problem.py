"""The placement problem of a cohort: who may go where, and how likely each pair is to match.

Advisors place a cohort, not one student at a time: recommending every student her own top
position sends many to the same few and leaves openings empty. :func:`build_problem` builds a
:class:`~matcher.placement.allocation.PlacementProblem` from the engine, for the methods of
:mod:`matcher.placement.allocation` (``optimal``, ``stable``, ``greedy``).

Building a problem, as of the day of recommendation (:func:`matcher.rules.recommendation_day`):

1. **Cohort**: the rows given (see :mod:`matcher.placement.cohort`); all students by default.
2. **Positions**: open, within their application window, with free openings (advertised
   openings minus pairs already hired or accepted on them).
3. **Candidates**: for each student, the ``per_student`` positions she is eligible for (degree)
   with the best cheap score ``0.6 × IDF-weighted skill coverage + 0.4 × v × dense cosine``
   (``v`` the dense channel's vote for her profile's language in the fusion, capped at 1: none for
   Chinese with an English-only model), computed as dense matrices over chunks of students;
   positions she dismissed are never candidates.
   Advisors' locked pairs are always added.
4. **Scores**: pair features of all candidates in one batch, scored once. A two-sided ranker
   gives both sides (P(applies | shown), P(interview or better | applied)) and the match
   probability is their product; a listwise ranker's calibrated probability serves all three;
   with no ranker the prior score (:func:`matcher.ranking.prior.prior_score`, per student over her
   candidates) serves all three and the plan says ``scorer: "prior"``.

Only ids, titles and enterprise names leave this module: never a personal field.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from typing import Any

import numpy as np

from matcher.engine.snapshot import Engine
from matcher.placement.allocation import PlacementProblem
from matcher.rules import recommendation_day, refused_positions

logger = logging.getLogger(__name__)

#: Candidate positions scored per student.
PER_STUDENT = 20
#: Students per block of the dense candidate matrices.
CHUNK = 1024
#: Weights of the cheap candidate score (skill coverage, dense cosine).
CHEAP_WEIGHTS = (0.6, 0.4)

__all__ = [
    "PER_STUDENT",
    "build_problem",
    "free_openings",
    "open_positions",
    "parse_pairs",
    "score_pairs",
]


def open_positions(engine: Engine, as_of: np.ndarray | np.datetime64) -> np.ndarray:
    """Rows of positions open and within their application window at ``as_of``."""
    return np.flatnonzero(engine.open_on(np.asarray(as_of).astype("datetime64[D]")))


def free_openings(engine: Engine, rows: np.ndarray) -> np.ndarray:
    """Openings of each position minus the pairs already hired or accepted on it."""
    from matcher.rules import PLACED_GRADE

    P, pairs = engine.positions, engine.pairs
    hired: dict[str, int] = defaultdict(int)
    for i in np.flatnonzero(pairs.grade >= PLACED_GRADE):
        hired[pairs.position_ids[i]] += 1
    taken = np.array([hired.get(P.ids[r], 0) for r in rows], dtype=np.int64)
    return np.maximum(P.openings[rows].astype(np.int64) - taken, 0)


def _skill_matrix(engine: Engine, p_rows: np.ndarray) -> tuple[Any, np.ndarray]:
    """Skills (required or mentioned) of the positions as a 0/1 (skills × positions) matrix, and
    each position's total IDF weight."""
    pos = (engine.position_skills[p_rows] > 0).astype(np.float32)
    total = np.asarray(pos @ engine.skill_idf).ravel()
    return pos.T.tocsr(), total


def _candidates(
    engine: Engine,
    s_rows: np.ndarray,
    p_rows: np.ndarray,
    per_student: int,
    blocked: Mapping[int, Collection[int]],
) -> tuple[np.ndarray, np.ndarray]:
    """(student row, position column) of each student's ``per_student`` best eligible pairs.

    ``blocked`` maps a student row to position columns (indices into ``p_rows``) she may not get.
    """
    from matcher.engine.tables import LANGS
    from matcher.retrieval.fusion import weights_for

    S, P = engine.students, engine.positions
    pos_skills_t, pos_total = _skill_matrix(engine, p_rows)
    pos_vecs = engine.position_vectors[p_rows].astype(np.float32)
    min_degree = P.min_degree[p_rows]
    w_skill, w_dense = CHEAP_WEIGHTS
    # The dense vote of each profile language, as the fusion gives it (none for Chinese with an
    # English-only model, which maps most Chinese text to nearly the same vector).
    dense_vote = np.array([min(weights_for(lang)["dense"], 1.0) for lang in LANGS])
    m = min(per_student, len(p_rows))
    out_s, out_p = [], []
    for start in range(0, len(s_rows), CHUNK):
        chunk = s_rows[start : start + CHUNK]
        dense = engine.student_vectors[chunk].astype(np.float32) @ pos_vecs.T
        stu = engine.students.skills[chunk].multiply(engine.skill_idf[None, :]).tocsr()
        hit = np.asarray((stu @ pos_skills_t).todense())
        w = w_dense * dense_vote[S.lang[chunk]][:, None]
        cheap = w_skill * hit / np.maximum(pos_total, 1e-9) + w * np.clip(dense, 0, 1)
        cheap[S.degree[chunk][:, None] < min_degree[None, :]] = -np.inf
        for i, s in enumerate(chunk.tolist()):
            cols = list(blocked.get(s, ()))
            if cols:
                cheap[i, cols] = -np.inf
        if m < len(p_rows):
            top = np.argpartition(-cheap, m - 1, axis=1)[:, :m]
        else:
            top = np.broadcast_to(np.arange(len(p_rows)), cheap.shape)
        ok = np.isfinite(np.take_along_axis(cheap, top, axis=1))
        rows = np.broadcast_to(chunk[:, None], top.shape)
        out_s.append(rows[ok])
        out_p.append(top[ok])
    if not out_s:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(out_s).astype(np.int64), np.concatenate(out_p).astype(np.int64)


def score_pairs(
    engine: Engine, s_idx: np.ndarray, p_idx: np.ndarray, as_of: np.ndarray | np.datetime64
) -> tuple[np.ndarray, np.ndarray, np.ndarray, str]:
    """(p_student, p_enterprise, match probability, scorer) of pairs grouped by student."""
    from matcher.ranking.compiled import ranker_kind
    from matcher.ranking.features import pair_features
    from matcher.ranking.prior import prior_score
    from matcher.ranking.threads import one_thread
    from matcher.retrieval.pairs import bm25_pairs, equal_runs

    bm25 = bm25_pairs(engine, s_idx, p_idx)
    feats = pair_features(engine, s_idx, p_idx, as_of, engine.stats, bm25)
    ranker = engine.ranker
    if ranker is None or not len(feats):
        prior = np.zeros(len(feats))
        for a, b in equal_runs(s_idx):
            prior[a:b] = prior_score(feats[a:b])  # lexical is normalised over her candidates
        prior = np.clip(prior, 0.0, 1.0)
        return prior, prior, prior, "prior"
    with one_thread():  # see matcher.ranking.threads.one_thread: faster on a shared 2-core machine
        if ranker_kind(ranker) == "pointwise":
            ps, pe = ranker.predict_sides(feats)
            return np.clip(ps, 0, 1), np.clip(pe, 0, 1), np.clip(ps * pe, 0, 1), "learned"
        p = np.clip(ranker.predict(feats), 0.0, 1.0)
    return p, p, p, "learned"


def parse_pairs(values: Iterable[str]) -> list[tuple[str, str]]:
    """``["S:P", …]`` → ``[(S, P), …]``; ``ValueError`` for a value without both parts."""
    out = []
    for value in values:
        sid, sep, pid = value.partition(":")
        if not sep or not sid.strip() or not pid.strip():
            raise ValueError(f"expected STUDENT:POSITION, got {value!r}")
        out.append((sid.strip(), pid.strip()))
    return out


def build_problem(
    engine: Engine,
    students: np.ndarray | None = None,
    *,
    as_of: np.datetime64 | None = None,
    per_student: int = PER_STUDENT,
    locked: Iterable[tuple[str, str]] = (),
    forbidden: Iterable[tuple[str, str]] = (),
    dismissed: Mapping[str, Collection[str]] | None = None,
) -> PlacementProblem:
    """The placement problem of a cohort (student rows; all students by default).

    ``dismissed`` maps a student id to positions she refused (default
    :func:`dismissed_pairs`); those pairs are never candidates, nor may they be locked.
    Raises ``ValueError`` for a bad lock or forbid (see
    :meth:`~matcher.placement.allocation.PlacementProblem.constrain`) or when no position is open.
    """
    if per_student < 1:
        raise ValueError("per_student must be at least 1")
    started, cpu_started = time.perf_counter(), time.process_time()
    S, P = engine.students, engine.positions
    day = recommendation_day(engine.clock, as_of).astype("datetime64[D]")
    s_rows = np.arange(len(S)) if students is None else np.asarray(students, dtype=np.int64)
    locked, forbidden = list(locked), list(forbidden)
    p_rows = open_positions(engine, day)
    capacity = free_openings(engine, p_rows)
    full = int((capacity == 0).sum())
    locked_positions = {pid for _, pid in locked}
    keep = (capacity > 0) | np.array([P.ids[r] in locked_positions for r in p_rows], dtype=bool)
    p_rows, capacity = p_rows[keep], capacity[keep]
    if not len(p_rows):
        raise ValueError(f"no position is open with a free opening on {day}")
    column = {int(r): j for j, r in enumerate(p_rows)}
    in_cohort = set(s_rows.tolist())
    refused = refused_positions(engine.pairs) if dismissed is None else dismissed
    blocked: dict[int, set[int]] = defaultdict(set)
    for s in s_rows.tolist():
        for pid in refused.get(S.ids[s], ()):
            j = column.get(P.index.get(pid, -1))
            if j is not None:
                blocked[s].add(j)
    for sid, pid in forbidden:
        if sid in S.index and pid in P.index and P.index[pid] in column:
            blocked[S.index[sid]].add(column[P.index[pid]])
    extra: list[tuple[int, int]] = []
    for sid, pid in locked:
        if sid not in S.index or S.index[sid] not in in_cohort:
            raise ValueError(f"locked student {sid!r} is not in the cohort")
        if pid not in P.index or P.index[pid] not in column:
            raise ValueError(f"locked position {pid!r} is not open on {day}")
        if pid in refused.get(sid, ()):
            raise ValueError(f"student {sid!r} dismissed position {pid!r}; it cannot be locked")
        extra.append((S.index[sid], column[P.index[pid]]))

    s_idx, cols = _candidates(engine, s_rows, p_rows, per_student, blocked)
    if extra:
        have = set(zip(s_idx.tolist(), cols.tolist(), strict=True))
        add = [pair for pair in extra if pair not in have]
        if add:
            s_idx = np.concatenate([s_idx, [a for a, _ in add]])
            cols = np.concatenate([cols, [b for _, b in add]])
    order = np.lexsort((cols, s_idx))
    s_idx, cols = s_idx[order], cols[order]
    candidates_done = time.perf_counter()
    ps, pe, prob, scorer = score_pairs(engine, s_idx, p_rows[cols], day)
    scored = time.perf_counter()

    cohort_pos = {s: i for i, s in enumerate(s_rows.tolist())}
    problem = PlacementProblem(
        student_ids=[S.ids[s] for s in s_rows],
        position_ids=[P.ids[r] for r in p_rows],
        capacity=capacity,
        student=np.array([cohort_pos[s] for s in s_idx.tolist()], dtype=np.int64),
        position=cols,
        p_student=ps,
        p_enterprise=pe,
        probability=prob,
        scorer=scorer,
        openings=P.openings[p_rows],
    )
    problem = problem.constrain(locked=locked, forbidden=forbidden)
    problem.info = {
        "as_of": str(day),
        "positions": len(p_rows),
        "positions_full": full,
        "per_student": per_student,
        "candidate_seconds": round(candidates_done - started, 3),
        "scoring_seconds": round(scored - candidates_done, 3),
        "build_seconds": round(time.perf_counter() - started, 3),
        "build_cpu_seconds": round(time.process_time() - cpu_started, 3),
    }
    logger.info(
        "placement problem: %d students, %d positions (%d openings), %d pairs in %.1f s",
        len(s_rows),
        len(p_rows),
        int(capacity.sum()),
        len(s_idx),
        problem.info["build_seconds"],
    )
    return problem
