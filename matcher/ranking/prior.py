"""The prior score: what ranks before any ranker is trained, as an estimator beside the ranker.

A documented, hand-set blend of pair features in [0, 1] (:func:`prior_score`); :func:`score_pairs`
ranks with the learned model when one is trained and with the prior otherwise, and says which it
used. Numpy only: the request path never imports scikit-learn (the prior as an estimator,
:class:`~matcher.ranking.ranker.PriorScore`, lives with the rankers).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from matcher.ranking.features import FEATURE_NAMES

_COL = {name: i for i, name in enumerate(FEATURE_NAMES)}


def prior_score(features: np.ndarray) -> np.ndarray:
    """The score used before any ranker is trained, in [0, 1]; a documented hand-set blend.

    ``0.35 * skill fit + 0.25 * dense similarity + 0.15 * lexical + 0.15 * major fit
    + 0.10 * stated preferences``, where skill fit is IDF-weighted required-skill coverage (or
    overlap with skills mentioned anywhere when a position lists none), dense similarity is the
    cosine clipped to [0, 1], lexical is BM25 divided by the best BM25 among the rows given,
    major fit is 1 for an accepted major, 0.5 when any major is accepted and 0.5 more for a
    major whose sectors meet the enterprise's, and preferences is the mean of the city, sector
    and type matches the student stated (0.5 when none).
    """
    f = features
    skill = np.where(
        np.isnan(f[:, _COL["required_coverage"]]),
        f[:, _COL["mentioned_overlap"]],
        f[:, _COL["required_coverage"]],
    )
    dense = np.clip(f[:, _COL["dense_cosine"]], 0, 1)
    bm = f[:, _COL["bm25"]]
    lexical = bm / bm.max() if len(bm) and bm.max() > 0 else np.zeros(len(f))
    major = np.clip(
        f[:, _COL["major_accepted"]]
        + 0.5 * f[:, _COL["any_major"]]
        + 0.5 * f[:, _COL["major_sector_overlap"]],
        0,
        1,
    )
    prefs = f[:, [_COL["city_preferred"], _COL["sector_preferred"], _COL["type_preferred"]]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-nan rows: no stated preference
        pref = np.nanmean(prefs, axis=1)
    pref = np.where(np.isnan(pref), 0.5, pref)
    return 0.35 * skill + 0.25 * dense + 0.15 * lexical + 0.15 * major + 0.10 * pref


def score_pairs(ranker: Any, features: np.ndarray) -> tuple[np.ndarray, np.ndarray | None, str]:
    """``(score, probability or None, scorer)`` of feature rows: the learned ranker's
    calibrated probability when one is trained, else the prior score (no probability)."""
    if ranker is not None and len(features):
        p = ranker.predict(features)
        return p, p, "learned"
    return prior_score(features), None, "prior"
