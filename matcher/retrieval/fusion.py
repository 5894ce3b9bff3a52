"""Candidate generation: dense, lexical and skill channels fused into one pool, either direction.

Each channel ranks the whole catalogue on its own: dense (sentence-transformers vectors in
FAISS), lexical (BM25 over bilingual tokens) and skills (IDF-weighted overlap of canonical skill
ids). The fusion is language-aware reciprocal-rank fusion: the default English embedding model
reads Chinese poorly, so for a Chinese query the dense channel's vote counts less and the lexical
and skill channels' count more (:data:`DEFAULT_WEIGHTS`). Ranks rather than raw scores are fused
because the channels' score scales differ by orders of magnitude between queries.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import sparse

logger = logging.getLogger(__name__)

CHANNELS: tuple[str, ...] = ("dense", "lexical", "skills")

#: Channel weights by query language (see :func:`matcher.text.tokens.detect_language`), for the
#: default
#: English embedding model: its vocabulary lacks most Chinese characters, so for a Chinese query
#: the dense channel gets no vote at all (alone it found the right occupation at rank 1 for
#: under 5% of Chinese job titles, where character n-grams found it for over 45%).
DEFAULT_WEIGHTS: dict[str, dict[str, float]] = {
    "en": {"dense": 1.0, "lexical": 0.8, "skills": 0.6, "chars": 0.5},
    "mixed": {"dense": 0.4, "lexical": 1.0, "skills": 0.8, "chars": 0.8},
    "zh": {"dense": 0.0, "lexical": 1.0, "skills": 0.8, "chars": 1.0},
    "none": {"dense": 1.0, "lexical": 1.0, "skills": 1.0, "chars": 1.0},
}
#: The rank constant of reciprocal-rank fusion (Cormack et al. use 60).
RRF_K = 60.0


@dataclass
class ChannelResult:
    """One channel's ranked ids and scores for one query."""

    ids: list[str]
    scores: np.ndarray


@dataclass
class Candidate:
    """A fused candidate with the rank and score it had in each channel (absent = not found)."""

    id: str
    score: float
    ranks: dict[str, int] = field(default_factory=dict)
    scores: dict[str, float] = field(default_factory=dict)


def fuse(
    results: Mapping[str, ChannelResult],
    weights: Mapping[str, float],
    *,
    k: int | None = None,
    rrf_k: float = RRF_K,
) -> list[Candidate]:
    """Weighted reciprocal-rank fusion: ``score = sum_c w_c / (rrf_k + rank_c)`` (rank from 1).

    Ties are broken by the best single-channel rank, then by id, so the order is deterministic.
    Ids are numbered and fused by :func:`fuse_rows`; each channel lists an id at most once.
    """
    index: dict[str, int] = {}
    rows: dict[str, np.ndarray] = {}
    for channel, res in results.items():
        if len(res.ids) != len(res.scores):
            raise ValueError(f"channel {channel}: {len(res.ids)} ids but {len(res.scores)} scores")
        rows[channel] = np.array([index.setdefault(d, len(index)) for d in res.ids], dtype=np.int64)
    ids = list(index)
    id_order = np.empty(len(ids), dtype=np.int64)
    id_order[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))
    found, total, ranks = fuse_rows(rows, weights, id_order, k=k, rrf_k=rrf_k)
    scores = {
        c: dict(zip(res.ids, np.asarray(res.scores, dtype=np.float64).tolist(), strict=True))
        for c, res in results.items()
    }
    out = []
    for j, (row, score) in enumerate(zip(found.tolist(), total.tolist(), strict=True)):
        doc, hit = ids[row], [c for c in results if ranks[c][j]]
        out.append(
            Candidate(
                doc, score, {c: int(ranks[c][j]) for c in hit}, {c: scores[c][doc] for c in hit}
            )
        )
    return out


def weights_for(
    language: str, overrides: Mapping[str, Mapping[str, float]] | None = None
) -> dict[str, float]:
    """The channel weights of a query language: the defaults, then ``overrides`` per channel.

    ``overrides=None`` takes them from the ``MATCHER_FUSION_WEIGHTS`` setting. A negative
    weight is refused (``ValueError``).
    """
    if overrides is None:
        from matcher.config import get_settings

        overrides = get_settings().fusion_weights
    key = language if language in DEFAULT_WEIGHTS else "none"
    weights = dict(DEFAULT_WEIGHTS[key])
    weights.update(overrides.get(key, {}))
    bad = {c: w for c, w in weights.items() if w < 0}
    if bad:
        raise ValueError(f"fusion weights must not be negative: {language} {bad}")
    return weights


def skill_channel(
    query_skills: sparse.csr_matrix,
    item_skills: sparse.csr_matrix,
    idf: np.ndarray,
    item_ids: Sequence[str],
    k: int,
    *,
    allowed: np.ndarray | None = None,
) -> ChannelResult:
    """Items ranked by IDF-weighted overlap of canonical skills with the query (zero dropped).

    ``item_skills`` may be CSR or CSC; CSC reads only the query's skill columns, which is
    what a large catalogue wants.
    """
    rows, scores = skill_rows(query_skills, item_skills, idf, k, allowed=allowed)
    return ChannelResult([item_ids[i] for i in rows], scores)


def skill_rows(
    query_skills: sparse.csr_matrix,
    item_skills: sparse.csr_matrix,
    idf: np.ndarray,
    k: int,
    *,
    allowed: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`skill_channel` as item rows and their float32 scores, best first."""
    if query_skills.shape[0] != 1:
        raise ValueError("query_skills must be one row")
    row = query_skills.tocsr()
    if item_skills.format == "csc":  # touch only the query's skill columns (fast, many items)
        scores = _column_scores(item_skills, row.indices, row.data * idf[row.indices])
    else:
        weights = np.zeros(item_skills.shape[1], dtype=np.float64)
        weights[row.indices] = row.data * idf[row.indices]
        scores = item_skills @ weights  # a sparse-matrix × dense-vector product
    scores = np.asarray(scores, dtype=np.float64).ravel()
    if allowed is not None:
        scores = np.where(allowed, scores, 0.0)
    nz = np.flatnonzero(scores > 0)
    if nz.size == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    top = nz[np.argpartition(-scores[nz], k - 1)[:k]] if nz.size > k else nz
    order = top[np.lexsort((top, -scores[top]))]
    return order, scores[order].astype(np.float32)


def fuse_rows(
    results: Mapping[str, np.ndarray],
    weights: Mapping[str, float],
    id_order: np.ndarray,
    *,
    k: int | None = None,
    rrf_k: float = RRF_K,
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Weighted reciprocal-rank fusion over integer item rows (what :func:`fuse` runs on).

    ``results`` maps each channel to its rows, best first; ``id_order[row]`` is the row's
    position in the items' id order, which breaks the last ties as :func:`fuse` does by id.
    Returns ``(rows, fused scores, ranks)`` best first, where ``ranks[channel][j]`` is the
    rank (from 1) channel gave ``rows[j]``, 0 when it did not find it. The request path calls
    it directly, with no id strings and no objects.
    """
    found = [np.asarray(r, dtype=np.int64) for r in results.values()]
    every = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
    items, where = np.unique(every, return_inverse=True)
    total = np.zeros(len(items), dtype=np.float64)
    best = np.full(len(items), np.iinfo(np.int64).max, dtype=np.int64)
    ranks: dict[str, np.ndarray] = {}
    start = 0
    for channel, rows in zip(results, found, strict=True):
        at = where[start : start + len(rows)]
        start += len(rows)
        if len(np.unique(at)) != len(at):
            raise ValueError(f"channel {channel} lists an item twice")
        rank = np.arange(1, len(rows) + 1, dtype=np.int64)
        w = float(weights.get(channel, 0.0))
        if w > 0:
            total[at] += w / (rrf_k + rank)
        best[at] = np.minimum(best[at], rank)
        ranks[channel] = np.zeros(len(items), dtype=np.int64)
        ranks[channel][at] = rank
    order = np.lexsort((id_order[items], best, -total))[:k]
    return items[order], total[order], {c: r[order] for c, r in ranks.items()}


def _column_scores(columns: sparse.csc_matrix, cols: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """``columns[:, cols] @ weights``, read straight from the CSC arrays.

    Slicing a sparse matrix builds a new one first; at 100k items that cost more than the
    product itself.
    """
    indptr, indices, data = columns.indptr, columns.indices, columns.data
    starts, ends = indptr[cols], indptr[cols + 1]
    rows = [indices[a:b] for a, b in zip(starts, ends, strict=True)]
    if not rows:
        return np.zeros(columns.shape[0], dtype=np.float64)
    values = [data[a:b] * w for a, b, w in zip(starts, ends, weights, strict=True)]
    return np.bincount(
        np.concatenate(rows), weights=np.concatenate(values), minlength=columns.shape[0]
    )


def rank_texts(
    query_ids: Sequence[str],
    query_texts: Sequence[str],
    doc_ids: Sequence[str],
    doc_texts: Sequence[str],
    *,
    k: int = 100,
    embedder: Any = None,
    depth: int | None = None,
    channels: Sequence[str] = ("dense", "lexical", "chars"),
    progress: bool = False,
) -> dict[str, dict[str, float]]:
    """Rank documents for each query with the retrieval stage; a run ``{qid: {docid: score}}``.

    Channels: dense (the embedder's vectors in FAISS), lexical (BM25 over words and CJK
    character n-grams) and chars (TF-IDF over character 1–3-grams, strong on short Chinese
    titles), fused per query by language-aware reciprocal-rank fusion.
    """
    from tqdm.auto import tqdm

    from matcher.retrieval.index import VectorIndex
    from matcher.retrieval.lexical import CharTfidf, LexicalIndex
    from matcher.text.tokens import detect_language

    if len(query_ids) != len(query_texts) or len(doc_ids) != len(doc_texts):
        raise ValueError("ids and texts must have the same length")
    depth = depth or max(k, 200)
    results: dict[str, list[ChannelResult]] = {c: [] for c in channels}
    if "dense" in channels:
        if embedder is None:
            raise ValueError("the dense channel needs an embedder")
        doc_vecs = embedder.encode(list(doc_texts), show_progress_bar=progress)
        q_vecs = embedder.encode(list(query_texts), show_progress_bar=progress)
        index = VectorIndex(list(doc_ids), doc_vecs)
        ids, scores = index.search(q_vecs, min(depth, len(doc_ids)))
        results["dense"] = [ChannelResult(i, s) for i, s in zip(ids, scores, strict=True)]
    if "lexical" in channels:
        lex = LexicalIndex.build(list(doc_ids), list(doc_texts))
        results["lexical"] = [
            ChannelResult(*lex.search(q, k=depth))
            for q in tqdm(query_texts, disable=not progress, desc="bm25")
        ]
    if "chars" in channels:
        tfidf = CharTfidf.build(list(doc_ids), list(doc_texts))
        results["chars"] = [
            ChannelResult(*tfidf.search(q, k=depth))
            for q in tqdm(query_texts, disable=not progress, desc="chars")
        ]
    run: dict[str, dict[str, float]] = {}
    for i, (qid, text) in enumerate(zip(query_ids, query_texts, strict=True)):
        per_query = {c: results[c][i] for c in channels}
        fused = fuse(per_query, weights_for(detect_language(text)), k=k)
        run[qid] = {c.id: c.score for c in fused}
    return run
