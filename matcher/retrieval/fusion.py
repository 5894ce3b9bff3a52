"""The one fusion of the retrieval channels: weighted sum of min-max normalised scores.

Each channel ranks the catalogue on its own: dense (e5 or sentence-transformers vectors in
FAISS), lexical (BM25 over bilingual tokens), skills (IDF-weighted overlap of canonical skill ids,
:mod:`matcher.retrieval.skills`) and, for ``matcher rank``, chars (TF-IDF over character n-grams).
A channel's scores over the items it found (at most :data:`CHANNEL_DEPTH`) are mapped to [0, 1],
its best item 1 and its last 0, and the fused score is the weighted sum; an item a channel did not
find gets nothing from it. Scores rather than ranks are fused because how far the best items lead
the rest carries information that ranks throw away: on the dev title sets this beat weighted
reciprocal-rank fusion and, unlike it, never fell below the best single channel
(docs/decisions.md, "Fusion"). The weights depend on the query's language and on whether the
dense model reads it: the default multilingual model does (:data:`DEFAULT_WEIGHTS`); an
English-only model such as all-MiniLM-L6-v2 maps most Chinese text to nearly the same vector, so
with it a Chinese query's dense channel gets no vote (:data:`ENGLISH_MODEL_WEIGHTS`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from matcher.retrieval.embedding import PACKAGED_MODEL_NAMES

logger = logging.getLogger(__name__)

CHANNELS: tuple[str, ...] = ("dense", "lexical", "skills")
#: Items each channel contributes before fusion; its scores are normalised over these.
CHANNEL_DEPTH = 200
#: Channels that find only items with a positive score (a zero is "not found"); the dense
#: channels find their nearest items whatever their cosine.
SPARSE_CHANNELS: frozenset[str] = frozenset({"lexical", "skills", "chars"})

#: Channel weights by query language (see :func:`matcher.text.tokens.detect_language`) for a
#: multilingual dense model. Measured on the dev title sets (Chinese CSCO, English ESCO; title to
#: occupation and title to title) with multilingual-e5-small: the dense channel is the strongest
#: on titles in both languages, and the fusion beats it when the two text channels count half
#: as much as it does (docs/decisions.md, "Fusion").
#: ``dense_en`` is the English-only title channel of ``matcher rank`` (setting
#: ``title_english_model``): it votes for English queries only.
DEFAULT_WEIGHTS: dict[str, dict[str, float]] = {
    "en": {"dense": 1.0, "lexical": 0.5, "skills": 0.8, "chars": 0.5, "dense_en": 1.0},
    "mixed": {"dense": 1.0, "lexical": 0.5, "skills": 0.8, "chars": 0.5, "dense_en": 0.0},
    "zh": {"dense": 1.0, "lexical": 0.5, "skills": 0.8, "chars": 0.5, "dense_en": 0.0},
    "none": {"dense": 1.0, "lexical": 1.0, "skills": 1.0, "chars": 1.0, "dense_en": 0.0},
}
#: The weights that change for an English-only dense model (names in
#: :data:`ENGLISH_ONLY_MODELS`): alone it found the right occupation at rank 1 for under 5% of
#: Chinese job titles, where character n-grams found it for over 45%.
ENGLISH_MODEL_WEIGHTS: dict[str, dict[str, float]] = {
    "en": {"dense": 1.0, "lexical": 0.8, "skills": 0.6, "chars": 0.5, "dense_en": 0.0},
    "mixed": {"dense": 0.4, "lexical": 1.0, "skills": 0.8, "chars": 0.8},
    "zh": {"dense": 0.0, "lexical": 1.0, "skills": 0.8, "chars": 1.0},
}
#: Dense models that read English only: the packaged all-MiniLM-L6-v2's names.
ENGLISH_ONLY_MODELS: frozenset[str] = PACKAGED_MODEL_NAMES


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


def normalise(scores: np.ndarray) -> np.ndarray:
    """One channel's scores over the items it found, best first, mapped to [0, 1]: the best 1,
    the last 0 (all 1 when they are equal), the one normalisation of the fusion."""
    s = np.asarray(scores, dtype=np.float64)
    if s.size == 0:
        return s
    hi, lo = float(s.max()), float(s.min())
    return (s - lo) / (hi - lo) if hi > lo else np.ones_like(s)


def fuse_rows(
    results: Mapping[str, tuple[np.ndarray, np.ndarray]],
    weights: Mapping[str, float],
    id_order: np.ndarray,
    *,
    k: int | None = None,
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """The fusion over integer item rows (what :func:`fuse` runs on).

    ``results`` maps each channel to ``(rows, scores)``, best first; ``id_order[row]`` is the
    row's position in the items' id order, which breaks the last ties as :func:`fuse` does by
    id. Returns ``(rows, fused scores, ranks)`` best first, where ``ranks[channel][j]`` is the
    rank (from 1) channel gave ``rows[j]``, 0 when it did not find it. Ties in the fused score
    go to the best single-channel rank. The request path calls it directly, with no id strings
    and no objects.
    """
    found = [np.asarray(r, dtype=np.int64) for r, _ in results.values()]
    every = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
    items, where = np.unique(every, return_inverse=True)
    best = np.full(len(items), np.iinfo(np.int64).max, dtype=np.int64)
    total = np.zeros(len(items), dtype=np.float64)
    ranks: dict[str, np.ndarray] = {}
    start = 0
    for (channel, (_, scores)), rows in zip(results.items(), found, strict=True):
        if len(scores) != len(rows):
            raise ValueError(f"channel {channel}: {len(rows)} items but {len(scores)} scores")
        at = where[start : start + len(rows)]
        start += len(rows)
        if len(np.unique(at)) != len(at):
            raise ValueError(f"channel {channel} lists an item twice")
        rank = np.arange(1, len(rows) + 1, dtype=np.int64)
        best[at] = np.minimum(best[at], rank)
        ranks[channel] = np.zeros(len(items), dtype=np.int64)
        ranks[channel][at] = rank
        total[at] += float(weights.get(channel, 0.0)) * normalise(scores)
    order = np.lexsort((id_order[items], best, -total))[:k]
    return items[order], total[order], {c: r[order] for c, r in ranks.items()}


def fuse(
    results: Mapping[str, ChannelResult],
    weights: Mapping[str, float],
    *,
    k: int | None = None,
) -> list[Candidate]:
    """The weighted sum of each channel's normalised scores (see :func:`normalise`).

    Ties are broken by the best single-channel rank, then by id, so the order is deterministic.
    Ids are numbered and fused by :func:`fuse_rows`; each channel lists an id at most once.
    """
    index: dict[str, int] = {}
    rows: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for channel, res in results.items():
        if len(res.ids) != len(res.scores):
            raise ValueError(f"channel {channel}: {len(res.ids)} ids but {len(res.scores)} scores")
        ids = np.array([index.setdefault(d, len(index)) for d in res.ids], dtype=np.int64)
        rows[channel] = (ids, np.asarray(res.scores, dtype=np.float64))
    ids = list(index)
    id_order = np.empty(len(ids), dtype=np.int64)
    id_order[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))
    found, total, ranks = fuse_rows(rows, weights, id_order, k=k)
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


def normalise_along(
    scores: np.ndarray, axis: int, *, sparse: bool, depth: int = CHANNEL_DEPTH
) -> np.ndarray:
    """:func:`normalise` for a channel that scores every item of a grid of queries × items.

    Along ``axis``, each query's channel finds its ``depth`` best items (only those with a
    positive score when ``sparse``), as the request path's channels do; those are mapped to
    [0, 1] and every other item gets 0.
    """
    s = np.moveaxis(np.asarray(scores, dtype=np.float64), axis, -1)
    live = s > 0 if sparse else np.isfinite(s)
    masked = np.where(live, s, -np.inf)
    n = s.shape[-1]
    if n == 0:
        return np.moveaxis(np.zeros_like(s), -1, axis)
    hi = masked.max(axis=-1, keepdims=True)
    cut = min(depth, n)
    lo = -np.partition(-masked, cut - 1, axis=-1)[..., cut - 1 : cut]
    lo = np.where(np.isfinite(lo), lo, np.where(live, s, np.inf).min(axis=-1, keepdims=True))
    found = live & (s >= lo)
    span = hi - lo
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(span > 0, (s - lo) / np.where(span > 0, span, 1.0), 1.0)
    return np.moveaxis(np.where(found, out, 0.0), -1, axis)


def fuse_scores(
    channels: Mapping[str, np.ndarray],
    weights: np.ndarray,
    *,
    axis: int = -1,
    depth: int = CHANNEL_DEPTH,
) -> np.ndarray:
    """The fusion of channels that each score every item of a grid of queries × items.

    ``channels`` maps a channel to its score matrix; items lie along ``axis``. ``weights`` has
    one row per query and one column per channel of ``channels`` (in its order), as
    :func:`weights_for` gives them for each query's language.
    """
    w = np.asarray(weights, dtype=np.float64)
    # Queries along the columns (axis 0) take their weights per column, else per row.
    w = w[None, :, :] if axis in (0, -2) else w[:, None, :]
    total: np.ndarray | None = None
    for c, (channel, s) in enumerate(channels.items()):
        part = w[..., c] * normalise_along(s, axis, sparse=channel in SPARSE_CHANNELS, depth=depth)
        total = part if total is None else total + part
    if total is None:
        return np.zeros(0, dtype=np.float64)
    return np.asarray(total, dtype=np.float64)


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
