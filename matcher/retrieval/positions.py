"""Student → positions: the hard filters and the fused candidate pool of one student.

The dense channel hands the filters to FAISS as a bitmap of allowed slots, so it returns the
nearest allowed positions (approximate when most are allowed, exact otherwise; see
:meth:`~matcher.retrieval.index.VectorIndex.search`). The lexical channel walks only the profile's
:data:`~matcher.retrieval.lexical.MAX_QUERY_TERMS` rarest terms over the catalogue, and the pool
then gets exact BM25 over all its terms, as training computes it, for the features; the skill
channel reads the profile's heaviest skills within
:data:`~matcher.retrieval.skills.MAX_SKILL_POSTINGS`. Both score only the positions they match
and cut their top ``k`` among those (:func:`~matcher.retrieval.topk.top_hits`), so their cost
follows the matches, not the catalogue. Channels and fusion work on position rows, never on id
strings.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

import numpy as np

from matcher.engine.tables import LANGS
from matcher.retrieval.fusion import CHANNEL_DEPTH, fuse_rows, weights_for
from matcher.retrieval.lexical import MAX_QUERY_TERMS
from matcher.retrieval.pairs import bm25_pairs, query_terms
from matcher.retrieval.skills import MAX_SKILL_POSTINGS, skill_rows
from matcher.retrieval.topk import by_score_then_id, top_hits

if TYPE_CHECKING:
    from matcher.engine.snapshot import Engine

#: Size of the fused pool that is re-ranked (the ranker's and the features' cost grow with it).
POOL_SIZE = 150


def eligible_positions(
    engine: Engine,
    s: int,
    as_of: np.datetime64,
    exclude: Collection[str] | None = None,
    within: np.ndarray | None = None,
) -> np.ndarray:
    """Boolean mask of the positions student row ``s`` may be shown at ``as_of``.

    Open on the day, within the application window, not above her degree, and not hidden by
    her events: ``exclude`` names the positions they hide now (read from the store, so an undone
    dismissal shows again at once); ``None`` takes those of the engine's snapshot. ``within``
    (a boolean mask over the position table, e.g. a search's filters) is one more hard filter:
    only positions it allows are eligible.
    """
    P = engine.positions
    day = np.datetime64(as_of, "D")
    ok = engine.open_mask(day, int(engine.students.degree[s])).copy()
    if within is not None:
        if within.shape != ok.shape:
            raise ValueError(f"within has {within.shape[0]} rows, the positions {ok.shape[0]}")
        ok &= within
    hidden = engine.excluded.get(engine.students.ids[s], ()) if exclude is None else exclude
    for pid in hidden:
        i = P.index.get(pid)
        if i is not None:
            ok[i] = False
    return ok


def retrieve_for_student(
    engine: Engine,
    s: int,
    allowed: np.ndarray,
    depth: int = CHANNEL_DEPTH,
    *,
    pool: int = POOL_SIZE,
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Fused candidates within ``allowed``: (channel ranks, position rows, their exact BM25).

    ``ranks[c][j]`` is the rank channel ``c`` gave the ``j``-th candidate, 0 when it did not
    find it.
    """
    results: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    found, cosines = engine.position_index.search_slots(
        engine.student_vectors[s : s + 1], depth, within=engine.slot_mask(allowed)
    )
    order = engine.position_id_order
    hit = found[0] >= 0
    results["dense"] = by_score_then_id(engine.slot_rows[found[0][hit]], cosines[0][hit], order)
    terms = query_terms(engine, "student", s)
    # Candidates from the query's rarest terms (fast); the pool's features get exact BM25.
    docs, pruned = engine.position_lexical.hits(terms, max_terms=MAX_QUERY_TERMS)
    rows = engine.lexical_position_rows[docs]
    results["lexical"] = top_hits(rows, pruned, depth, order, allowed)
    results["skills"] = skill_rows(
        engine.students.skills[s],
        engine.position_skill_columns,
        engine.skill_idf,
        depth,
        allowed=allowed,
        tie_rank=order,
        max_postings=MAX_SKILL_POSTINGS,
    )
    lang = LANGS[engine.students.lang[s]]
    p_idx, _, ranks = fuse_rows(results, weights_for(lang), engine.position_id_order, k=pool)
    return ranks, p_idx, bm25_pairs(engine, np.full(len(p_idx), s), p_idx)
