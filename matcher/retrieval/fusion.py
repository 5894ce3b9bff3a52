"""The one fusion of the retrieval channels: weighted reciprocal-rank fusion (RRF).

Each channel ranks the catalogue on its own: dense (e5 or sentence-transformers vectors in
FAISS), lexical (BM25 over bilingual tokens), skills (IDF-weighted overlap of canonical skill ids,
:mod:`matcher.retrieval.skills`) and, for ``matcher rank``, chars (TF-IDF over character n-grams).
Ranks rather than raw scores are fused because the channels' score scales differ by orders of
magnitude between queries. The weights depend on the query's language and on whether the dense
model reads it: the default multilingual model does (:data:`DEFAULT_WEIGHTS`); an English-only
model such as all-MiniLM-L6-v2 maps most Chinese text to nearly the same vector, so with it a
Chinese query's dense channel gets no vote (:data:`ENGLISH_MODEL_WEIGHTS`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from matcher.retrieval.embedding import PACKAGED_MODEL_NAMES

logger = logging.getLogger(__name__)

CHANNELS: tuple[str, ...] = ("dense", "lexical", "skills")

#: Channel weights by query language (see :func:`matcher.text.tokens.detect_language`) for a
#: multilingual dense model. Measured on the dev title sets (Chinese CSCO, English ESCO; title to
#: occupation and title to title) with multilingual-e5-small: the dense channel is the strongest
#: on titles in both languages, and fusion matches or beats it only when the two text channels
#: count half as much as it does (docs/decisions.md, "Multilingual dense channel").
DEFAULT_WEIGHTS: dict[str, dict[str, float]] = {
    "en": {"dense": 1.0, "lexical": 0.5, "skills": 0.8, "chars": 0.5},
    "mixed": {"dense": 1.0, "lexical": 0.5, "skills": 0.8, "chars": 0.5},
    "zh": {"dense": 1.0, "lexical": 0.5, "skills": 0.8, "chars": 0.5},
    "none": {"dense": 1.0, "lexical": 1.0, "skills": 1.0, "chars": 1.0},
}
#: The weights that change for an English-only dense model (names in
#: :data:`ENGLISH_ONLY_MODELS`): alone it found the right occupation at rank 1 for under 5% of
#: Chinese job titles, where character n-grams found it for over 45%.
ENGLISH_MODEL_WEIGHTS: dict[str, dict[str, float]] = {
    "en": {"dense": 1.0, "lexical": 0.8, "skills": 0.6, "chars": 0.5},
    "mixed": {"dense": 0.4, "lexical": 1.0, "skills": 0.8, "chars": 0.8},
    "zh": {"dense": 0.0, "lexical": 1.0, "skills": 0.8, "chars": 1.0},
}
#: Dense models that read English only: the packaged all-MiniLM-L6-v2's names.
ENGLISH_ONLY_MODELS: frozenset[str] = PACKAGED_MODEL_NAMES
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


def rrf_scores(
    ranks: Mapping[str, np.ndarray],
    weights: Mapping[str, float] | np.ndarray,
    *,
    rrf_k: float = RRF_K,
) -> np.ndarray:
    """The fused score ``sum_c w_c / (rrf_k + rank_c)`` of each item, the one RRF formula.

    ``ranks[c]`` holds each item's rank in channel ``c`` (from 1; 0 where the channel did not
    find it, which adds nothing). ``weights`` maps a channel to its weight, or is an array
    broadcast against the ranks (one weight per query and channel, channels in ``ranks``
    order, along the last axis).
    """
    total: np.ndarray | None = None
    for c, (channel, rank) in enumerate(ranks.items()):
        if isinstance(weights, Mapping):
            w: float | np.ndarray = float(weights.get(channel, 0.0))
        else:
            w = weights[..., c]
        found = rank > 0
        part = np.where(found, w / (rrf_k + np.where(found, rank, 1)), 0.0)
        total = part if total is None else total + part
    if total is None:
        return np.zeros(0, dtype=np.float64)
    return np.asarray(total, dtype=np.float64)


def ranks_along(scores: np.ndarray, axis: int) -> np.ndarray:
    """Rank (from 1, best first, ties by position) of every entry along ``axis``: a channel that
    scores a whole catalogue ranks every item of it."""
    order = np.argsort(-scores, axis=axis, kind="stable")
    ranks = np.empty_like(order)
    shape = [1] * scores.ndim
    shape[axis] = scores.shape[axis]
    steps = np.arange(1, scores.shape[axis] + 1).reshape(shape)
    np.put_along_axis(ranks, order, steps, axis)
    return ranks


def fuse_scores(
    channels: Mapping[str, np.ndarray],
    weights: np.ndarray,
    *,
    axis: int = -1,
    rrf_k: float = RRF_K,
) -> np.ndarray:
    """RRF of channels that each score every item of a grid of queries × items.

    ``channels`` maps a channel to its score matrix; items lie along ``axis``. ``weights`` has
    one row per query and one column per channel of ``channels`` (in its order), as
    :func:`weights_for` gives them for each query's language.
    """
    ranks = {c: ranks_along(np.asarray(s, dtype=np.float64), axis) for c, s in channels.items()}
    w = np.asarray(weights, dtype=np.float64)
    # Queries along the columns (axis 0) take their weights per column, else per row.
    w = w[None, :, :] if axis in (0, -2) else w[:, None, :]
    return rrf_scores(ranks, w, rrf_k=rrf_k)


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
    best = np.full(len(items), np.iinfo(np.int64).max, dtype=np.int64)
    ranks: dict[str, np.ndarray] = {}
    start = 0
    for channel, rows in zip(results, found, strict=True):
        at = where[start : start + len(rows)]
        start += len(rows)
        if len(np.unique(at)) != len(at):
            raise ValueError(f"channel {channel} lists an item twice")
        rank = np.arange(1, len(rows) + 1, dtype=np.int64)
        best[at] = np.minimum(best[at], rank)
        ranks[channel] = np.zeros(len(items), dtype=np.int64)
        ranks[channel][at] = rank
    total = rrf_scores(ranks, weights, rrf_k=rrf_k)
    order = np.lexsort((id_order[items], best, -total))[:k]
    return items[order], total[order], {c: r[order] for c, r in ranks.items()}


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
    """The channel weights of a query language: the defaults (those of an English-only model
    when one is configured), then ``overrides`` per channel.

    ``overrides=None`` takes them from the ``MATCHER_FUSION_WEIGHTS`` setting. A negative
    weight is refused (``ValueError``).
    """
    from matcher.config import get_settings

    if overrides is None:
        overrides = get_settings().fusion_weights
    key = language if language in DEFAULT_WEIGHTS else "none"
    weights = dict(DEFAULT_WEIGHTS[key])
    if get_settings().embedding_model in ENGLISH_ONLY_MODELS:
        weights.update(ENGLISH_MODEL_WEIGHTS.get(key, {}))
    weights.update(overrides.get(key, {}))
    bad = {c: w for c, w in weights.items() if w < 0}
    if bad:
        raise ValueError(f"fusion weights must not be negative: {language} {bad}")
    return weights
