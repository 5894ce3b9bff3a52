"""BM25 of given (student, position) pairs, in either direction: the one way it is computed.

The request path scores its pool of candidates, placement its cohort's candidate pairs,
training every graded pair and the offline evaluation every pair of its grid; all call
:func:`bm25_pairs`. A query is a whole document (a profile, or a position) as the set of its
distinct terms, read from the index that holds it rather than tokenised again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np

if TYPE_CHECKING:
    from matcher.engine.snapshot import Engine

#: Scores held at once when many queries are scored together (64 MB of float32).
BLOCK_SCORES = 2**24
#: Up to this many distinct queries, each is scored over its own documents only.
FEW_QUERIES = 8


def query_terms(engine: Engine, side: Literal["student", "position"], row: int) -> list[str]:
    """The distinct terms of a student's (or a position's) document as a query of the other side.

    Both lexical indexes tokenise alike by default, so the document's own index already holds
    its terms; a record added after that index was built is tokenised afresh.
    """
    if side == "student":
        own, other, ids, docs = (
            engine.student_lexical,
            engine.position_lexical,
            engine.students.ids,
            engine.students.documents,
        )
    else:
        own, other, ids, docs = (
            engine.position_lexical,
            engine.student_lexical,
            engine.positions.ids,
            engine.positions.documents,
        )
    if (own.mode, own.ngram_range) == (other.mode, other.ngram_range):
        try:
            return own.document_terms(ids[row])
        except KeyError:
            pass
    return other.query_terms(docs[row])


def equal_runs(keys: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of equal values in ``keys``."""
    if not len(keys):
        return []
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    ends = np.r_[starts[1:], len(keys)]
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def bm25_pairs(
    engine: Engine,
    s_idx: np.ndarray,
    p_idx: np.ndarray,
    *,
    query: Literal["student", "position"] = "student",
) -> np.ndarray:
    """BM25 of each pair ``(s_idx[i], p_idx[i])`` (float32), one side's document the query.

    ``query="student"`` scores the position's document for the student's profile (the
    position index), ``"position"`` the student's profile for the position (the student
    index). Exact over every term of the query, whatever the pairs' order.
    """
    s_idx = np.asarray(s_idx, dtype=np.int64)
    p_idx = np.asarray(p_idx, dtype=np.int64)
    if s_idx.shape != p_idx.shape:
        raise ValueError("s_idx and p_idx must have the same shape")
    if query == "student":
        q_idx, d_idx, lexical = s_idx, p_idx, engine.position_lexical
        doc_rows = engine.lexical_rows
    elif query == "position":
        q_idx, d_idx, lexical = p_idx, s_idx, engine.student_lexical
        doc_rows = engine.student_lexical_rows
    else:
        raise ValueError(f"query must be 'student' or 'position', got {query!r}")
    out = np.zeros(len(q_idx), dtype=np.float32)
    order = np.argsort(q_idx, kind="stable")
    groups = equal_runs(q_idx[order])
    if len(groups) <= FEW_QUERIES:
        for a, b in groups:
            at = order[a:b]
            terms = query_terms(engine, query, int(q_idx[at[0]]))
            out[at] = lexical.scores_rows(terms, doc_rows[d_idx[at]])
        return out
    block = max(1, BLOCK_SCORES // max(len(lexical), 1))
    for g in range(0, len(groups), block):
        part = groups[g : g + block]
        terms = [query_terms(engine, query, int(q_idx[order[a]])) for a, _ in part]
        scores = lexical.scores_many(terms)
        for i, (a, b) in enumerate(part):
            at = order[a:b]
            out[at] = scores[i, doc_rows[d_idx[at]]]
    return out
