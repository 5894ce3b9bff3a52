"""What every part of the offline evaluation shares: its measures, depths and directions, and
the one way a score matrix becomes a run."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: Measures of every table (trec_eval definitions, see :mod:`matcher.ranking.measures`).
MEASURES: tuple[str, ...] = (
    "ndcg@5",
    "ndcg@10",
    "ndcg@20",
    "map",
    "mrr",
    "recall@10",
    "recall@50",
    "recall@100",
    "precision@10",
)
#: Cut-offs of the metric@k curves.
CURVE_KS: tuple[int, ...] = (1, 3, 5, 10, 20, 50, 100)
#: Documents per query in every run.
RUN_DEPTH = 100
#: Length of the recommendation lists the beyond-accuracy measures read.
LIST_K = 10
DIRECTIONS: tuple[str, ...] = ("student_to_position", "position_to_student")
#: The baselines and the learned systems, in report order; ablations follow them.
MAIN_SYSTEMS: tuple[str, ...] = (
    "random",
    "popularity",
    "bm25",
    "tfidf_chars",
    "dense",
    "fusion",
    "prior",
    "simple5",
    "pointwise",
    "listwise",
    "learned",
)
#: Days into the test window at which pair features are taken.
AS_OF_DAYS = 30

Run = dict[str, dict[str, float]]


def ranked_run(
    matrix: np.ndarray,
    query_ids: Sequence[str],
    doc_ids: Sequence[str],
    depth: int = RUN_DEPTH,
) -> Run:
    """Top ``depth`` documents of each query (rows of ``matrix``) as a run."""
    run: Run = {}
    k = min(depth, matrix.shape[1])
    for q, qid in enumerate(query_ids):
        row = matrix[q].astype(np.float64)
        top = np.argpartition(-row, k - 1)[:k] if k < row.size else np.arange(row.size)
        top = top[np.lexsort((top, -row[top]))]
        run[qid] = {doc_ids[j]: float(row[j]) for j in top if np.isfinite(row[j])}
    return run
