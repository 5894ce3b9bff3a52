"""Position → students: the fused candidate pool of students for one position.

Dense similarity is exact (the students who pass the filters, scored in one product), lexical
is BM25 of the position's document over the student profiles, skills the IDF-weighted overlap
(:mod:`matcher.retrieval.skills`); the channels are fused as the other direction fuses them,
in the position's language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from matcher.engine.tables import LANGS
from matcher.retrieval.fusion import CHANNEL_DEPTH, fuse_rows, weights_for
from matcher.retrieval.lexical import MAX_QUERY_TERMS
from matcher.retrieval.pairs import bm25_pairs, query_terms
from matcher.retrieval.positions import POOL_SIZE
from matcher.retrieval.skills import skill_rows
from matcher.retrieval.topk import by_score_then_id, top_hits

if TYPE_CHECKING:
    from matcher.engine.snapshot import Engine


def eligible_students(engine: Engine, p: int, *, consenting_only: bool = True) -> np.ndarray:
    """Boolean mask of the students position row ``p`` may be shown: holding its degree and,
    by default, having agreed to be seen by enterprises."""
    S = engine.students
    allowed = (S.degree >= engine.positions.min_degree[p]) & engine.live_students
    if consenting_only:
        allowed &= S.visible
    return np.asarray(allowed, dtype=bool)


def retrieve_for_position(
    engine: Engine,
    p: int,
    allowed: np.ndarray,
    depth: int = CHANNEL_DEPTH,
    *,
    pool: int = POOL_SIZE,
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Fused candidates within ``allowed``: (channel ranks, student rows, their exact BM25)."""
    S, P = engine.students, engine.positions
    results: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    order = engine.student_id_order
    # The allowed students nearest the position, through FAISS (exact when few are allowed).
    found, cosines = engine.student_index.search_slots(
        engine.position_vectors[p : p + 1], depth, within=engine.student_slot_mask(allowed)
    )
    hit = found[0] >= 0
    slots = found[0][hit]
    results["dense"] = by_score_then_id(engine.student_slot_rows[slots], cosines[0][hit], order)
    terms = query_terms(engine, "position", p)
    docs, lexical = engine.student_lexical.hits(terms, max_terms=MAX_QUERY_TERMS)
    rows = engine.lexical_student_rows[docs]
    results["lexical"] = top_hits(rows, lexical, depth, order, allowed)
    results["skills"] = skill_rows(
        P.required[p] + P.mentioned[p],
        S.skills,
        engine.skill_idf,
        depth,
        allowed=allowed,
        tie_rank=order,
    )
    lang = LANGS[P.lang[p]]
    s_idx, _, ranks = fuse_rows(results, weights_for(lang), engine.student_id_order, k=pool)
    return ranks, s_idx, bm25_pairs(engine, s_idx, np.full(len(s_idx), p), query="position")
