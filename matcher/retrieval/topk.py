"""The ``k`` best rows of a score array, ties broken by record id rather than by row.

A channel's answer must not depend on where a record sits in its table: an engine brought up to
date in place appends changed records at the end, where a new build places them in id order,
and both must give the same candidates. So every channel cuts its top ``k`` here: all rows at
least as good as the ``k``-th best are kept, then ordered by score, then by ``tie_rank`` (each
row's place in id order), and cut.
"""

from __future__ import annotations

import numpy as np


def top_rows(
    scores: np.ndarray, k: int, tie_rank: np.ndarray, allowed: np.ndarray | None = None
) -> np.ndarray:
    """Rows of the ``k`` best positive ``scores`` (among ``allowed`` rows), best first."""
    if allowed is not None:
        scores = np.where(allowed, scores, 0.0)
    hits = np.flatnonzero(scores > 0)
    if k <= 0 or hits.size == 0:
        return hits[:0]
    if hits.size > k:
        kth = np.partition(scores[hits], hits.size - k)[hits.size - k]
        hits = hits[scores[hits] >= kth]
    order = np.lexsort((tie_rank[hits], -scores[hits]))
    return hits[order[:k]]


def by_score_then_id(
    rows: np.ndarray, scores: np.ndarray, tie_rank: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """A search's ``(rows, scores)`` (rows of -1 or out of range where it found nothing)
    ordered by score, then id; what was not found is dropped."""
    keep = (rows >= 0) & (rows < len(tie_rank))
    rows, scores = rows[keep], scores[keep]
    order = np.lexsort((tie_rank[rows], -scores))
    return rows[order], scores[order]


def top_hits(
    rows: np.ndarray,
    scores: np.ndarray,
    k: int,
    tie_rank: np.ndarray,
    allowed: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`top_rows` of a channel that scored only the rows it matched: ``(rows, scores)``
    of the ``k`` best positive scores among ``allowed`` (a row below 0 is none), best first.

    Its work grows with the matches, not with the table: at a million positions a query's
    candidates are a few thousand rows, where a score for every row costs milliseconds.
    """
    rows = np.asarray(rows, dtype=np.int64)
    keep = (rows >= 0) & (scores > 0)
    if allowed is not None:
        keep &= allowed[np.where(keep, rows, 0)]
    rows, scores = rows[keep], scores[keep]
    if k <= 0 or rows.size == 0:
        return rows[:0], scores[:0]
    if rows.size > k:
        kth = np.partition(scores, rows.size - k)[rows.size - k]
        best = scores >= kth
        rows, scores = rows[best], scores[best]
    order = np.lexsort((tie_rank[rows], -scores))[:k]
    return rows[order], scores[order]
