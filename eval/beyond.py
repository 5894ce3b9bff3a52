"""Beyond-accuracy (coverage, exposure, congestion, diversity), calibration and fairness metrics.

Functions of numpy arrays for the offline evaluation suite; the Brier score is scikit-learn's.

Rankings are given as ``run``: query id → {item id: score}. Higher scores rank higher; items of
equal score are ordered by item id ascending; every ranking is cut at ``k`` (``k >= 1``). Ranks
are 1-based.

Probabilities and outcomes (calibration) are aligned sequences: a predicted probability in
[0, 1] and a binary outcome (0/1 or bool) for each example.

**Calibration bins.** :func:`reliability_table` and :func:`expected_calibration_error` use
``bins`` equal-width bins on [0, 1], closed on the left: bin ``i`` holds
``i/bins <= p < (i+1)/bins`` and the last one also ``p = 1``. Every bin is listed, empty ones
included. ``ECE = Σ_b (n_b / N) · |mean predicted in b − observed rate in b|``. On probabilities
that fall on no bin edge the non-empty rows are exactly ``sklearn.calibration.calibration_curve``
with ``strategy="uniform"`` (its ``prob_pred`` and ``prob_true``; the tests check it), but that
function is not used: its bins are closed on the right (``0.5`` falls in ``[0.25, 0.5]`` of four
bins, here in ``[0.5, 0.75)``), its edges are ``i * (1/bins)`` rather than ``i/bins`` (of ten
bins, ``0.3`` falls below its edge ``0.30000000000000004``), it drops empty bins and gives no
counts.

The group attribute of :func:`group_gaps` (gender, major, degree...) is only used to measure gaps
between groups, never to rank.

>>> run = {"q1": {"a": 0.9, "b": 0.5}, "q2": {"a": 0.8, "c": 0.8}}
>>> catalogue_coverage(run, ["a", "b", "c", "d"], k=1)  # top-1 lists: [a], [a]
0.25
>>> gini([0, 0, 0, 1])
0.75
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from sklearn.metrics import brier_score_loss

__all__ = [
    "brier_score",
    "catalogue_coverage",
    "congestion",
    "expected_calibration_error",
    "exposure",
    "gini",
    "group_gaps",
    "intra_list_diversity",
    "reliability_table",
    "top_k",
]

Run = Mapping[str, Mapping[str, float]]


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int | np.integer):
        raise ValueError(f"k must be an integer >= 1, got {k!r}")
    if k < 1:
        raise ValueError(f"k must be >= 1, got {k}")


def top_k(scores: Mapping[str, float], k: int) -> list[str]:
    """The ``k`` best item ids of one ranking: by score descending, ties by item id ascending.

    Raises ``ValueError`` for ``k < 1`` or a NaN score.
    """
    _check_k(k)
    for item, score in scores.items():
        if math.isnan(score):
            raise ValueError(f"score of item {item!r} is NaN")
    return sorted(scores, key=lambda item: (-scores[item], item))[:k]


def _top_lists(run: Run, k: int) -> list[list[str]]:
    """The top-k list of every query of ``run``, in query id order."""
    _check_k(k)
    return [top_k(run[q], k) for q in sorted(run)]


# --------------------------------------------------------------------------- beyond accuracy


def catalogue_coverage(run: Run, catalogue: Sequence[str], k: int) -> float:
    """Share of the (distinct) catalogue items that appear in at least one top-k list.

    ``|catalogue ∩ ⋃_q top_k(q)| / |catalogue|``; recommended items outside the catalogue are
    not counted. Raises ``ValueError`` for an empty catalogue.
    """
    items = set(catalogue)
    if not items:
        raise ValueError("catalogue is empty")
    shown: set[str] = set()
    for ranked in _top_lists(run, k):
        shown.update(ranked)
    return len(items & shown) / len(items)


def exposure(run: Run, owner: Mapping[str, str], k: int, discount: str = "log") -> dict[str, float]:
    """Exposure of each owner: ``Σ_q Σ_{item at rank r ≤ k of q, owner(item)=o} w(r)``.

    ``w(r) = 1 / log2(r + 1)`` for ``discount="log"`` (rank 1 → 1.0, rank 3 → 0.5) and
    ``w(r) = 1`` for ``discount="flat"`` (a count of appearances). Every owner named in ``owner``
    is in the result (0.0 when none of its items was shown); recommended items missing from
    ``owner`` are not counted.
    """
    if discount not in ("log", "flat"):
        raise ValueError(f"discount must be 'log' or 'flat', got {discount!r}")
    result = dict.fromkeys(sorted(set(owner.values())), 0.0)
    for ranked in _top_lists(run, k):
        for rank, item in enumerate(ranked, start=1):
            if item not in owner:
                continue
            weight = 1.0 / math.log2(rank + 1) if discount == "log" else 1.0
            result[owner[item]] += weight
    return result


def gini(values: Sequence[float]) -> float:
    """Gini coefficient of non-negative ``values``: 0 = all equal, → 1 = all in one value.

    Standard sorted formula with ``x_1 ≤ … ≤ x_n`` (ascending) and 1-based ``i``::

        G = 2 Σ_i i·x_i / (n Σ_i x_i) − (n + 1) / n

    so its maximum for ``n`` values is ``(n − 1) / n`` (``[0, 0, 0, 1]`` → 0.75), and
    ``[1, 1, 1, 1]`` → 0. Empty or all-zero input → 0.0. Raises ``ValueError`` for negative or
    non-finite values.
    """
    x = np.asarray(values, dtype=np.float64).ravel()
    if x.size == 0:
        return 0.0
    if not np.all(np.isfinite(x)):
        raise ValueError("gini values must be finite")
    if np.any(x < 0):
        raise ValueError("gini values must be non-negative")
    total = x.sum()
    if total == 0:
        return 0.0
    x = np.sort(x)
    n = x.size
    ranks = np.arange(1, n + 1, dtype=np.float64)
    g = 2.0 * float(np.dot(ranks, x)) / (n * total) - (n + 1) / n
    return float(max(0.0, g))  # clamp float round-off below 0 for equal values


def congestion(run: Run, openings: Mapping[str, int], k: int) -> dict[str, float]:
    """How crowded recommended items are: top-k appearances per opening.

    For each item shown in at least one top-k list: ``c = appearances / max(openings, 1)``, where
    ``appearances`` is the number of top-k lists that contain it and ``openings`` is
    ``openings[item]`` (1 when the item is missing). Returns ``mean``, ``max`` and ``p90`` (90th
    percentile, numpy's linear interpolation) of ``c`` over those items, and ``items`` (their
    number). With no item shown every value is 0.
    """
    counts: dict[str, int] = {}
    for ranked in _top_lists(run, k):
        for item in ranked:
            counts[item] = counts.get(item, 0) + 1
    if not counts:
        return {"mean": 0.0, "max": 0.0, "p90": 0.0, "items": 0}
    ratios = np.array(
        [n / max(int(openings.get(item, 1)), 1) for item, n in sorted(counts.items())],
        dtype=np.float64,
    )
    return {
        "mean": float(ratios.mean()),
        "max": float(ratios.max()),
        "p90": float(np.percentile(ratios, 90)),
        "items": len(counts),
    }


def intra_list_diversity(
    run: Run,
    vectors: Mapping[str, np.ndarray] | Callable[[str], np.ndarray],
    k: int,
) -> float:
    """Mean over queries of the mean pairwise cosine distance of the top-k items.

    For one query with top-k items ``v_1 … v_m`` (``m ≥ 2``):
    ``ILD = (2 / (m (m − 1))) Σ_{i<j} (1 − cos(v_i, v_j))``. Queries with fewer than two items
    are skipped; with no query left the result is 0.0. ``vectors`` maps an item id to its vector
    (a mapping or a callable). Raises ``ValueError`` for a missing or zero vector or mismatched
    dimensions.
    """

    def vector_of(item: str) -> np.ndarray:
        if callable(vectors):
            vec = vectors(item)
        else:
            if item not in vectors:
                raise ValueError(f"no vector for item {item!r}")
            vec = vectors[item]
        arr = np.asarray(vec, dtype=np.float64).ravel()
        norm = float(np.linalg.norm(arr))
        if not math.isfinite(norm) or norm == 0.0:
            raise ValueError(f"vector of item {item!r} is zero or not finite")
        return arr / norm

    per_query: list[float] = []
    for ranked in _top_lists(run, k):
        m = len(ranked)
        if m < 2:
            continue
        unit = [vector_of(item) for item in ranked]
        if len({u.shape for u in unit}) != 1:
            raise ValueError("item vectors have different dimensions")
        mat = np.vstack(unit)
        sims = mat @ mat.T
        upper = sims[np.triu_indices(m, k=1)]
        per_query.append(float(np.mean(1.0 - upper)))
    return float(np.mean(per_query)) if per_query else 0.0


# --------------------------------------------------------------------------- calibration


def _calibration_inputs(
    probabilities: Sequence[float], outcomes: Sequence[float]
) -> tuple[np.ndarray, np.ndarray]:
    p = np.asarray(probabilities, dtype=np.float64).ravel()
    y = np.asarray(outcomes, dtype=np.float64).ravel()
    if p.shape != y.shape:
        raise ValueError(
            f"probabilities and outcomes have mismatched lengths ({p.size} and {y.size})"
        )
    if p.size == 0:
        raise ValueError("no probabilities to evaluate")
    if not np.all(np.isfinite(p)) or np.any((p < 0) | (p > 1)):
        raise ValueError("probabilities must be within [0, 1]")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("outcomes must be binary (0 or 1)")
    return p, y


def _check_bins(bins: int) -> None:
    if isinstance(bins, bool) or not isinstance(bins, int | np.integer) or bins < 1:
        raise ValueError(f"bins must be an integer >= 1, got {bins!r}")


def _bin_index(p: np.ndarray, bins: int) -> np.ndarray:
    """Bin ``i`` holds ``i/bins ≤ p < (i+1)/bins``; the last bin also holds ``p = 1``.

    ``floor(p * bins)`` can be off by one through round-off (``15/22 * 22 < 15``), so it is
    corrected against the very edges that :func:`reliability_table` reports.
    """
    idx = np.floor(p * bins).astype(np.int64)
    idx = np.where((idx + 1) / bins <= p, idx + 1, idx)
    idx = np.where(idx / bins > p, idx - 1, idx)
    return np.clip(idx, 0, bins - 1)


def brier_score(probabilities: Sequence[float], outcomes: Sequence[float]) -> float:
    """Brier score: ``mean_i (p_i − y_i)²`` (0 is perfect, 1 is the worst).

    :func:`sklearn.metrics.brier_score_loss` of the checked inputs, the positive class being 1.
    """
    p, y = _calibration_inputs(probabilities, outcomes)
    return float(brier_score_loss(y, p, pos_label=1))


def reliability_table(
    probabilities: Sequence[float], outcomes: Sequence[float], bins: int = 10
) -> list[dict[str, Any]]:
    """Per equal-width bin on [0, 1]: ``lower``, ``upper``, ``count``, ``mean_predicted``, and
    ``observed_rate`` (the share of positive outcomes).

    Bin ``i`` covers ``[i/bins, (i+1)/bins)``, the last one also ``1.0``. Every bin is listed;
    empty ones have ``count`` 0 and ``None`` means.
    """
    _check_bins(bins)
    p, y = _calibration_inputs(probabilities, outcomes)
    idx = _bin_index(p, bins)
    table: list[dict[str, Any]] = []
    for i in range(bins):
        mask = idx == i
        count = int(mask.sum())
        table.append(
            {
                "lower": i / bins,
                "upper": (i + 1) / bins,
                "count": count,
                "mean_predicted": float(p[mask].mean()) if count else None,
                "observed_rate": float(y[mask].mean()) if count else None,
            }
        )
    return table


def expected_calibration_error(
    probabilities: Sequence[float], outcomes: Sequence[float], bins: int = 10
) -> float:
    """ECE: ``Σ_b (n_b / N) · |mean predicted in b − observed rate in b|``.

    Over the equal-width bins of :func:`reliability_table` (empty bins contribute 0).
    """
    table = reliability_table(probabilities, outcomes, bins)
    total = sum(row["count"] for row in table)
    return float(
        sum(
            row["count"] / total * abs(row["mean_predicted"] - row["observed_rate"])
            for row in table
            if row["count"]
        )
    )


# --------------------------------------------------------------------------- fairness


def group_gaps(per_query: Mapping[str, float], group_of: Mapping[str, str]) -> dict[str, Any]:
    """Mean of a per-query metric per group, and the gap between the best and worst group.

    Returns ``{"groups": {group: {"mean": m, "n": n}}, "max_gap": max m − min m,
    "ratio": min m / max m}``. Queries whose group is missing (or ``None``) are ignored.
    ``ratio`` is ``None`` when the largest mean is 0; with no group at all ``max_gap`` and
    ``ratio`` are ``None``. The group attribute is only used for this measurement.
    """
    values: dict[str, list[float]] = {}
    for qid, value in per_query.items():
        group = group_of.get(qid)
        if group is None:
            continue
        values.setdefault(group, []).append(float(value))
    groups = {g: {"mean": float(np.mean(v)), "n": len(v)} for g, v in sorted(values.items())}
    if not groups:
        return {"groups": {}, "max_gap": None, "ratio": None}
    means = [stats["mean"] for stats in groups.values()]
    largest, smallest = max(means), min(means)
    return {
        "groups": groups,
        "max_gap": largest - smallest,
        "ratio": None if largest == 0 else smallest / largest,
    }
