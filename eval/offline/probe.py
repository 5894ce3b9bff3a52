"""``probe5``, the leakage probe of issue #20: not a system (no product has hidden grades) but a
measure of how far five written features reach into the hidden truth when a model is *given*
that truth to learn from.

A gradient-boosted regressor (scikit-learn's ``HistGradientBoostingRegressor``, missing values
routed natively) on the five features of :mod:`.simple` is fitted on the hidden grades (the
``ground_truth`` qrels, 0 where a pair is not listed) of every pair of an evaluated student and a
position of the training semesters' catalogues that is *not* in the test window's catalogue, one
model per direction on that direction's grades, and then ranks the test grid. Its nDCG@10 on
the hidden truth as a share of the learned ranker's (trained on outcomes only) says how much of
the truth the written features decode: a world where the probe comes close to the ranker is a
world whose truth is written down. Issue #20 wants at most 80% on the sample world.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from eval.offline.common import DIRECTIONS, ranked_run
from eval.offline.grid import PairGrid, window_catalogue
from eval.offline.simple import FIVE_FEATURES, five_feature_transformer

PROBE = "probe5"
#: What the issue allows the probe on the sample world, as a share of the learned ranker's nDCG@10.
PROBE_BOUND = 0.80


def training_catalogue(
    engine: Any, train: Sequence[str], test_catalogue: np.ndarray
) -> tuple[np.ndarray, int]:
    """Rows of the positions of the training semesters' catalogues
    (:func:`~eval.offline.grid.window_catalogue` of each) that are not in ``test_catalogue``,
    and how many were left out for being in it: hidden grades ignore seasons, so a position of
    both windows would hand the probe the test's answers."""
    rows: set[int] = set()
    for semester in train:
        rows |= set(window_catalogue(engine, semester).tolist())
    test = set(np.asarray(test_catalogue).tolist())
    return np.array(sorted(rows - test), dtype=np.int64), len(rows & test)


def graded_students(ground_truth: Path) -> set[str] | None:
    """Ids of the students the ground truth grades when it grades a subset (``world.json``), or
    ``None`` when it grades every student: an unlisted pair of an ungraded student is unknown,
    not 0."""
    path = Path(ground_truth) / "world.json"
    if not path.exists():
        return None
    truth = json.loads(path.read_text(encoding="utf-8")).get("truth", {})
    return set(truth["student_ids"]) if truth.get("subset") else None


def grade_matrix(
    qrels: Mapping[str, Mapping[str, int]], query_ids: Sequence[str], doc_ids: Sequence[str]
) -> np.ndarray:
    """Grades ``(len(query_ids), len(doc_ids))`` of qrels, 0 for a pair not listed."""
    col = {d: j for j, d in enumerate(doc_ids)}
    out = np.zeros((len(query_ids), len(doc_ids)), dtype=np.float64)
    for i, q in enumerate(query_ids):
        for d, g in qrels.get(q, {}).items():
            if d in col:
                out[i, col[d]] = g
    return out


def fit_probe(X: np.ndarray, grades: np.ndarray, seed: int = 0) -> Any:
    """The probe's pipeline (five features, then gradient boosting) fitted on pair feature rows
    ``X`` and their hidden grades."""
    from sklearn.ensemble import HistGradientBoostingRegressor
    from sklearn.pipeline import make_pipeline

    return make_pipeline(
        five_feature_transformer(), HistGradientBoostingRegressor(random_state=seed)
    ).fit(X, grades)


def probe_features(
    engine: Any,
    students: np.ndarray,
    positions: np.ndarray,
    as_of: np.datetime64,
    stats: Any,
    progress: Callable[[str, int], Any],
) -> np.ndarray:
    """Pair feature rows ``(len(students) * len(positions), n_features)``, student-major, from
    :func:`~matcher.ranking.features.pair_features`. BM25 is left 0: none of the five reads it."""
    from matcher.ranking.features import FEATURE_NAMES, pair_features
    from matcher.ranking.training import open_dates

    dates = open_dates(engine, positions, as_of)
    zeros = np.zeros(len(positions), dtype=np.float32)
    X = np.empty((len(students), len(positions), len(FEATURE_NAMES)), dtype=np.float32)
    for i, s in enumerate(progress("probe features", len(students))(students)):
        X[i] = pair_features(engine, np.full(len(positions), s), positions, dates, stats, zeros)
    return X.reshape(-1, len(FEATURE_NAMES))


def run_probe(
    engine: Any,
    train: Sequence[str],
    test_catalogue: np.ndarray,
    grid: PairGrid,
    ground_truth: Path,
    as_of: np.datetime64,
    stats: Any,
    seed: int,
    progress: Callable[[str, int], Any],
) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Fit the probe on the training window's positions and score the grid (its students,
    positions and pair features ``X`` only): ``(scores per direction, (n_students,
    n_positions) each; what it was fitted on)``."""
    from matcher.simulate.truth import hidden_truth

    S, P = engine.students, engine.positions
    positions, excluded = training_catalogue(engine, train, test_catalogue)
    graded = graded_students(ground_truth)
    students = np.array(
        [s for s in grid.students if graded is None or S.ids[s] in graded], dtype=np.int64
    )
    if len(positions) == 0 or len(students) == 0:
        raise ValueError(
            "the probe needs training-window positions outside the test catalogue and graded "
            f"students; got {len(positions)} positions and {len(students)} students"
        )
    stu_ids, pos_ids = [S.ids[s] for s in students], [P.ids[p] for p in positions]
    truth = hidden_truth(Path(ground_truth), set(stu_ids), set(pos_ids))
    X = probe_features(engine, students, positions, as_of, stats, progress)
    grades = {
        DIRECTIONS[0]: grade_matrix(truth[DIRECTIONS[0]], stu_ids, pos_ids),
        DIRECTIONS[1]: grade_matrix(truth[DIRECTIONS[1]], pos_ids, stu_ids).T,
    }
    flat = grid.X.reshape(-1, grid.X.shape[-1])
    shape = (len(grid.students), len(grid.positions))
    scores = {}
    for direction, g in grades.items():
        scores[direction] = fit_probe(X, g.ravel(), seed).predict(flat).reshape(shape)
    fitted_on = {
        "semesters": list(train),
        "students": len(students),
        "positions": len(positions),
        "pairs": int(X.shape[0]),
        "test_catalogue_excluded": excluded,
        "relevant_share": {d: round(float((g > 0).mean()), 4) for d, g in grades.items()},
    }
    return scores, fitted_on


def probe_section(
    scores: Mapping[str, np.ndarray],
    fitted_on: Mapping[str, Any],
    hidden: Mapping[str, Any],
    learned: Mapping[str, Mapping[str, float]],
    stu_ids: Sequence[str],
    pos_ids: Sequence[str],
    seed: int,
) -> dict[str, Any]:
    """The probe's report: nDCG@10 on the hidden truth per direction, as a share of the learned
    ranker's (``learned``: its per-query nDCG@10 per direction), with paired p-values."""
    from eval.metrics import paired_bootstrap, paired_t_test
    from matcher.ranking.measures import evaluate

    out: dict[str, Any] = {
        "not_a_system": "fitted on the hidden grades no product has; a measure of the world",
        "features": list(FIVE_FEATURES),
        "model": "HistGradientBoostingRegressor on hidden grades 0-3",
        "fitted_on": dict(fitted_on),
        "bound": PROBE_BOUND,
    }
    for direction in DIRECTIONS:
        queries, docs = (stu_ids, pos_ids) if direction == DIRECTIONS[0] else (pos_ids, stu_ids)
        matrix = scores[direction]
        run = ranked_run(matrix if direction == DIRECTIONS[0] else matrix.T, queries, docs)
        result = evaluate(hidden[direction], run, measures=("ndcg@10", "map"))
        mine, base = result.per_query["ndcg@10"], learned[direction]
        ndcg, ref = result.means["ndcg@10"], float(np.mean(list(base.values())))
        out[direction] = {
            "ndcg@10": round(ndcg, 4),
            "map": round(result.means["map"], 4),
            "learned_ndcg@10": round(ref, 4),
            "share_of_learned": round(ndcg / ref, 4) if ref > 0 else None,
            "delta": round(float(np.mean([mine[q] - base[q] for q in base])), 4),
            "p_bootstrap": round(paired_bootstrap(mine, base, n=2000, seed=seed), 4),
            "p_t_test": round(paired_t_test(mine, base), 6),
        }
    out["share_of_learned"] = out[DIRECTIONS[0]]["share_of_learned"]
    return out
