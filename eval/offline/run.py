"""Offline evaluation for researchers: both directions, two kinds of truth, baselines, ablations.

``matcher eval-offline`` calls :func:`run_offline`. What it does, in order:

1. **Split by time.** The latest semester with enterprise answers is the test window, every
   earlier one is training (as :func:`matcher.ranking.training.training_pairs` chooses them).
   :func:`check_split` refuses a split whose train and test windows share an interaction (a
   student–position pair) or whose training pairs do not all come before the test window.
2. **Fit on the training window only.** Both learned rankers (pointwise two-sided and listwise
   LambdaMART) are refitted on the earlier semesters; ``learned`` is the kind the current model
   is (the kind ``matcher train`` kept). The served model itself, fitted on every window, is not
   evaluated: it has seen the test window.
3. **Score every pair.** Each system scores every (student, position) pair of the evaluated
   students and positions: a full-ranking evaluation, not 20 sampled negatives per positive
   (which inflates figures). Pair features are taken as of 30 days into the test window with
   history cut at its start.
4. **Two kinds of truth, both directions.** Every query ranks the whole catalogue of the test
   window (every position open at some time in it, plus any position applied to in it) for a
   student, or every evaluated student for a position, each position scored as of a day it was
   open (:func:`matcher.ranking.training.open_dates`). The simulator's hidden graded relevance
   (``ground_truth/*.qrels``) judges every pair; the observed outcomes of the test window (apply
   1, interview 2, offer 3, hire 4) judge the pairs that happened. Queries without a relevant
   item are excluded and counted.
5. **Beyond accuracy, calibration, fairness, significance** on the hidden truth (see
   :mod:`eval.beyond`), and per-system TREC runs, qrels, plots and a Markdown report.

Runs are cut at :data:`RUN_DEPTH` documents per query (as trec_eval reads a submitted run), so
MAP and recall are over the top :data:`RUN_DEPTH`.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import logging
import platform
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from eval.metrics import paired_bootstrap, paired_t_test
from matcher.errors import SplitError
from matcher.ranking.measures import evaluate
from matcher.ranking.trec import write_qrels, write_run
from matcher.simulate.truth import hidden_truth

logger = logging.getLogger(__name__)

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
    "pointwise",
    "listwise",
    "learned",
)
#: Days into the test window at which pair features are taken.
AS_OF_DAYS = 30


@dataclass
class TimeSplit:
    """Semesters of each side of the split and how many interacted pairs each holds."""

    train: list[str]
    test: str
    test_start: str
    train_pairs: int
    test_pairs: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        return dict(self.__dict__)


def check_split(
    train_keys: set[tuple[str, str]],
    test_keys: set[tuple[str, str]],
    train_last_seen: np.datetime64 | None,
    test_start: np.datetime64,
) -> None:
    """Refuse a split that shares interactions or whose training pairs reach the test window."""
    shared = train_keys & test_keys
    if shared:
        example = sorted(shared)[0]
        raise SplitError(
            f"train and test share {len(shared)} interactions (e.g. student {example[0]} with "
            f"position {example[1]}); a time split must keep every pair on one side"
        )
    if train_last_seen is not None and train_last_seen >= test_start:
        raise SplitError(
            f"a training pair was first seen at {train_last_seen}, not before the test window "
            f"starting {test_start}"
        )


def time_split(engine: Any, train: Sequence[str], test: str) -> TimeSplit:
    """The split of the engine's interacted pairs into ``train`` semesters and ``test``."""
    from matcher.store.history import semester_start

    pairs = engine.pairs
    semesters = np.array(pairs.semester)
    in_train, in_test = np.isin(semesters, list(train)), semesters == test
    keys = list(zip(pairs.student_ids, pairs.position_ids, strict=True))
    start = np.datetime64(semester_start(test), "s")
    train_keys = {keys[i] for i in np.flatnonzero(in_train)}
    test_keys = {keys[i] for i in np.flatnonzero(in_test)}
    last = pairs.first_seen[in_train].max() if in_train.any() else None
    check_split(train_keys, test_keys, last, start)
    return TimeSplit(list(train), test, str(start)[:10], len(train_keys), len(test_keys))


# -- scoring every pair ------------------------------------------------------------------------


@dataclass
class PairGrid:
    """Features and per-direction lexical scores of every (student, position) pair evaluated."""

    students: np.ndarray  # StudentTable rows
    positions: np.ndarray  # PositionTable rows
    X: np.ndarray  # (n_students, n_positions, n_features)
    bm25_ps: np.ndarray  # BM25 with the position's document as query, over the students
    chars_sp: np.ndarray  # TF-IDF character n-grams, student's document as query
    chars_ps: np.ndarray  # the same, position's document as query


def pair_grid(
    engine: Any,
    students: np.ndarray,
    positions: np.ndarray,
    as_of: np.datetime64,
    stats: Any,
    progress: Callable[[str, int], Any],
) -> PairGrid:
    """Compute the features of every pair (one student's row at a time)."""
    from matcher.ranking.features import FEATURE_NAMES, pair_features
    from matcher.ranking.training import open_dates
    from matcher.retrieval.lexical import CharTfidf
    from matcher.retrieval.pairs import bm25_pairs

    S, P = engine.students, engine.positions
    dates = open_dates(engine, positions, as_of)
    shape = (len(students), len(positions))
    s_all, p_all = np.repeat(students, len(positions)), np.tile(positions, len(students))
    bm25_sp = bm25_pairs(engine, s_all, p_all).reshape(shape)
    bm25_ps = bm25_pairs(engine, s_all, p_all, query="position").reshape(shape)
    X = np.empty((*shape, len(FEATURE_NAMES)), dtype=np.float32)
    for i, s in enumerate(progress("pair features", len(students))(students)):
        X[i] = pair_features(
            engine, np.full(len(positions), s), positions, dates, stats, bm25_sp[i]
        )
    pos_ids = [P.ids[p] for p in positions]
    stu_ids = [S.ids[s] for s in students]
    pos_chars = CharTfidf.build(pos_ids, [P.documents[p] for p in positions])
    stu_chars = CharTfidf.build(stu_ids, [S.documents[s] for s in students])
    chars_sp = np.stack([pos_chars.scores_for(S.documents[s], pos_ids) for s in students])
    chars_ps = np.stack([stu_chars.scores_for(P.documents[p], stu_ids) for p in positions]).T
    return PairGrid(students, positions, X, bm25_ps, chars_sp.astype(np.float32), chars_ps)


def _fusion_weights(langs: np.ndarray, names: Sequence[str]) -> np.ndarray:
    from matcher.engine.tables import LANGS
    from matcher.retrieval.fusion import weights_for

    table = {code: weights_for(LANGS[code]) for code in set(langs.tolist())}
    return np.array([[table[int(code)].get(n, 0.0) for n in names] for code in langs])


# -- systems -----------------------------------------------------------------------------------


@dataclass
class Scores:
    """Score matrices ``(n_students, n_positions)`` per system and direction."""

    by_direction: dict[str, dict[str, np.ndarray]] = field(
        default_factory=lambda: {d: {} for d in DIRECTIONS}
    )
    probabilities: dict[str, np.ndarray] = field(default_factory=dict)

    def add(self, name: str, both: np.ndarray | None = None, **per: np.ndarray) -> None:
        """Add a system: the same matrix in both directions, or one per direction."""
        for d in DIRECTIONS:
            self.by_direction[d][name] = per.get(d, both)


def _popularity(engine: Any, grid: PairGrid, cutoff: np.datetime64) -> tuple[np.ndarray, ...]:
    """Applications per position and interviews-or-better per student before ``cutoff``."""
    from matcher.rules import ACCEPT_GRADE, APPLY_GRADE

    pairs = engine.pairs
    before = pairs.first_seen < cutoff
    applied: dict[str, int] = defaultdict(int)
    wanted: dict[str, int] = defaultdict(int)
    for i in np.flatnonzero(before):
        if pairs.grade[i] >= APPLY_GRADE:
            applied[pairs.position_ids[i]] += 1
        if pairs.grade[i] >= ACCEPT_GRADE:
            wanted[pairs.student_ids[i]] += 1
    P, S = engine.positions, engine.students
    pos = np.array([applied.get(P.ids[p], 0) for p in grid.positions], dtype=np.float32)
    stu = np.array([wanted.get(S.ids[s], 0) for s in grid.students], dtype=np.float32)
    ns, np_ = len(grid.students), len(grid.positions)
    return np.broadcast_to(pos, (ns, np_)), np.broadcast_to(stu[:, None], (ns, np_))


def score_systems(
    engine: Any,
    grid: PairGrid,
    models: Mapping[str, Any],
    learned_kind: str,
    ablation_models: Mapping[str, Any],
    cutoff: np.datetime64,
    seed: int,
) -> Scores:
    """Every system's scores on the grid (see :data:`MAIN_SYSTEMS`) and the ablations."""
    from matcher.ranking.features import FEATURE_GROUPS, FEATURE_NAMES
    from matcher.ranking.prior import prior_score
    from matcher.retrieval.fusion import fuse_scores
    from matcher.retrieval.skills import skill_overlap

    col = {n: i for i, n in enumerate(FEATURE_NAMES)}
    X = grid.X
    ns, np_, nf = X.shape
    flat = X.reshape(-1, nf)
    out = Scores()
    rng = np.random.default_rng(seed)
    out.add("random", rng.random((ns, np_)))
    pos_pop, stu_pop = _popularity(engine, grid, cutoff)
    # Ties (unseen positions) fall back to a fixed random order rather than to id order.
    jitter = rng.random((ns, np_)) * 1e-3
    out.add(
        "popularity",
        student_to_position=pos_pop + jitter,
        position_to_student=stu_pop + jitter,
    )
    bm25_sp = X[:, :, col["bm25"]]
    out.add("bm25", student_to_position=bm25_sp, position_to_student=grid.bm25_ps)
    out.add("tfidf_chars", student_to_position=grid.chars_sp, position_to_student=grid.chars_ps)
    dense = X[:, :, col["dense_cosine"]]
    out.add("dense", dense)
    skills = skill_overlap(
        engine.students.skills[grid.students],
        engine.position_skills[grid.positions],
        engine.skill_idf,
    )
    names = ("dense", "lexical", "skills")
    w_s = _fusion_weights(engine.students.lang[grid.students], names)
    w_p = _fusion_weights(engine.positions.lang[grid.positions], names)
    channels = {
        "student_to_position": {"dense": dense, "lexical": bm25_sp, "skills": skills},
        "position_to_student": {"dense": dense, "lexical": grid.bm25_ps, "skills": skills},
    }

    def fused(without: str | None = None) -> dict[str, np.ndarray]:
        keep = [i for i, c in enumerate(names) if c != without]
        return {
            d: fuse_scores(
                {c: channels[d][c] for c in names if c != without},
                (w_s if d == DIRECTIONS[0] else w_p)[:, keep],
                axis=1 if d == DIRECTIONS[0] else 0,
            )
            for d in DIRECTIONS
        }

    out.add("fusion", **fused())
    prior = np.stack([prior_score(X[i]) for i in range(ns)])
    out.add("prior", prior)
    for name, model in models.items():
        p = model.predict(flat).reshape(ns, np_)
        out.add(name, p)
        out.probabilities[name] = p
    out.add("learned", out.by_direction[DIRECTIONS[0]][learned_kind])
    out.probabilities["learned"] = out.probabilities[learned_kind]
    for channel in names:
        out.add(f"fusion − {channel}", **fused(channel))
    for group, model in ablation_models.items():
        keep = [i for i, n in enumerate(FEATURE_NAMES) if n not in FEATURE_GROUPS[group]]
        out.add(f"learned − {group}", model.predict(flat[:, keep]).reshape(ns, np_))
    return out


def _run(
    matrix: np.ndarray,
    query_ids: Sequence[str],
    doc_ids: Sequence[str],
    allowed: Mapping[str, np.ndarray] | None = None,
    depth: int = RUN_DEPTH,
) -> dict[str, dict[str, float]]:
    """Top ``depth`` documents of each query (rows of ``matrix``) as a run."""
    run: dict[str, dict[str, float]] = {}
    k = min(depth, matrix.shape[1])
    for q, qid in enumerate(query_ids):
        row = matrix[q].astype(np.float64)
        cand = allowed.get(qid) if allowed is not None else None
        if cand is not None:
            masked = np.full(row.shape, -np.inf)
            masked[cand] = row[cand]
            row = masked
        top = np.argpartition(-row, k - 1)[:k] if k < row.size else np.arange(row.size)
        top = top[np.lexsort((top, -row[top]))]
        run[qid] = {doc_ids[j]: float(row[j]) for j in top if np.isfinite(row[j])}
    return run


# -- truth -------------------------------------------------------------------------------------


def _transpose(qrels: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for q, docs in qrels.items():
        for d, g in docs.items():
            out[d][q] = g
    return dict(out)


def observed_truth(engine: Any, test: str, students: set[str]) -> dict[str, Any]:
    """Graded outcomes of the test window (apply 1 … hire 4) in both directions."""
    from matcher.rules import APPLY_GRADE

    pairs = engine.pairs
    sp: dict[str, dict[str, int]] = defaultdict(dict)
    for i in range(len(pairs.grade)):
        if pairs.semester[i] != test or pairs.grade[i] < APPLY_GRADE:
            continue
        sid, pid = pairs.student_ids[i], pairs.position_ids[i]
        if sid in students and pid in engine.positions.index:
            sp[sid][pid] = int(pairs.grade[i]) - APPLY_GRADE + 1
    return {"student_to_position": dict(sp), "position_to_student": _transpose(sp)}


# -- the whole evaluation ----------------------------------------------------------------------


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for package in (
        "numpy",
        "scikit-learn",
        "lightgbm",
        "faiss-cpu",
        "torch",
        "sentence-transformers",
        "bm25s",
        "ir-measures",
    ):
        try:
            out[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            out[package] = "not installed"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parent,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    out["git_commit"] = commit
    return out


def _progress(enabled: bool) -> Callable[[str, int], Any]:
    from tqdm.auto import tqdm

    def wrap(desc: str, total: int) -> Callable[[Any], Any]:
        return lambda it: tqdm(it, desc=desc, total=total, disable=not enabled, file=sys.stderr)

    return wrap


def _sample(n: int, cap: int | None, rng: np.random.Generator) -> np.ndarray:
    if cap is None or n <= cap:
        return np.arange(n)
    return np.sort(rng.choice(n, size=cap, replace=False))


def fit_models(
    engine: Any, seed: int, ablations: bool, progress: Callable[[str, int], Any]
) -> tuple[dict[str, Any], dict[str, Any], Any, TimeSplit]:
    """Both rankers and, with ``ablations``, the learned kind without each feature group."""
    from sklearn.base import clone

    from matcher.ranking.features import FEATURE_GROUPS, FEATURE_NAMES
    from matcher.ranking.ranker import LambdaRanker, TwoSidedRanker
    from matcher.ranking.training import training_pairs

    data, test, train = training_pairs(engine, random_state=seed)
    split = time_split(engine, train, test)
    in_train = np.isin(np.array(data.semester), train)
    X, y = data.X[in_train], data.y[in_train]
    groups = np.array(
        [
            f"{s}|{m}"
            for s, m in zip(data.student[in_train], np.array(data.semester)[in_train], strict=True)
        ]
    )

    def fit(model: Any, columns: list[int] | None = None) -> Any:
        Xc = X if columns is None else X[:, columns]
        if isinstance(model, LambdaRanker):
            return clone(model).fit(Xc, y, groups=groups)
        return clone(model).fit(Xc, y)

    base = {
        "pointwise": TwoSidedRanker(random_state=seed),
        "listwise": LambdaRanker(random_state=seed),
    }
    models = {name: fit(m) for name, m in progress("rankers", 2)(base.items())}
    learned_kind = "listwise" if isinstance(engine.ranker, LambdaRanker) else "pointwise"
    if engine.ranker is None:
        learned_kind = engine.manifest.get("ranker", {}).get("chosen", "listwise")
    ablation_models: dict[str, Any] = {}
    if ablations:
        for group in progress("feature-group ablations", len(FEATURE_GROUPS))(FEATURE_GROUPS):
            keep = [i for i, n in enumerate(FEATURE_NAMES) if n not in FEATURE_GROUPS[group]]
            ablation_models[group] = fit(base[learned_kind], keep)
    calibration = (data, np.array(data.semester) == test)
    return models, ablation_models, (learned_kind, calibration), split


def run_offline(
    *,
    ground_truth: Path,
    out: Path,
    models_dir: Path | None = None,
    store_url: str | None = None,
    dev_eval: Path | None = None,
    max_students: int | None = 2000,
    max_positions: int | None = 2000,
    ablations: bool = True,
    seed: int = 0,
    progress: bool = True,
) -> dict[str, Any]:
    """Evaluate the current engine; write the report under ``out``; return ``metrics.json``."""
    from matcher.config import get_settings
    from matcher.engine.persist import load_engine
    from matcher.ranking.features import FEATURE_GROUPS
    from matcher.ranking.training import _window_positions
    from matcher.rules import ACCEPT_GRADE
    from matcher.store.history import popularity_before, semester_start

    started = time.perf_counter()
    bar = _progress(progress)
    settings = get_settings()
    engine = load_engine(models_dir or settings.models_dir)
    S, P, E = engine.students, engine.positions, engine.enterprises
    models, ablation_models, (learned_kind, (data, in_test)), split = fit_models(
        engine, seed, ablations, bar
    )
    rng = np.random.default_rng(seed)
    students = _sample(len(S), max_students, rng)
    # The catalogue of the test window: positions open at some time in it, and any position
    # applied to in it. Hidden grades ignore seasons, but a recommendation is always made among
    # the positions of its time, and the rankers rightly learned that expired ones go unanswered.
    catalogue = set(_window_positions(engine, split.test).tolist())
    catalogue |= {
        P.index[pairs_pid]
        for pairs_pid, sem in zip(engine.pairs.position_ids, engine.pairs.semester, strict=True)
        if sem == split.test and pairs_pid in P.index
    }
    catalogue_rows = np.array(sorted(catalogue), dtype=np.int64)
    positions = catalogue_rows[_sample(len(catalogue_rows), max_positions, rng)]
    start = np.datetime64(semester_start(split.test), "D")
    as_of = start + np.timedelta64(AS_OF_DAYS, "D")
    pos_ent = {pid: E.ids[P.enterprise[i]] for i, pid in enumerate(P.ids)}
    cutoff = np.datetime64(start, "s")
    stats = popularity_before(engine.pairs, pos_ent, cutoff)
    grid = pair_grid(engine, students, positions, as_of, stats, bar)
    scores = score_systems(engine, grid, models, learned_kind, ablation_models, cutoff, seed)
    stu_ids = [S.ids[s] for s in students]
    pos_ids = [P.ids[p] for p in positions]
    truths = {
        "hidden": hidden_truth(Path(ground_truth), set(stu_ids), set(pos_ids)),
        "observed": observed_truth(engine, split.test, set(stu_ids)),
    }

    out = Path(out)
    for sub in ("qrels", "plots", "per_query", *(f"runs/{d}" for d in DIRECTIONS)):
        (out / sub).mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "split": split.as_dict(),
        "learned_kind": learned_kind,
        "students": len(stu_ids),
        "positions": len(pos_ids),
        "measures": list(MEASURES),
        "run_depth": RUN_DEPTH,
        "directions": {},
        "observed": {},
    }
    systems = list(scores.by_direction[DIRECTIONS[0]])
    per_query_all: dict[str, dict[str, dict[str, dict[str, float]]]] = {}
    for direction in DIRECTIONS:
        queries, docs = (stu_ids, pos_ids) if direction == DIRECTIONS[0] else (pos_ids, stu_ids)
        for truth_name, truth in truths.items():
            qrels = truth[direction]
            write_qrels(out / "qrels" / f"{truth_name}_{direction}.qrels", qrels)
            table: dict[str, Any] = {}
            per_query: dict[str, dict[str, dict[str, float]]] = {}
            for name in bar(f"{direction} ({truth_name})", len(systems))(systems):
                matrix = scores.by_direction[direction][name]
                matrix = matrix if direction == DIRECTIONS[0] else matrix.T
                run = _run(matrix, queries, docs)
                if truth_name == "hidden":
                    tag = "".join(c if c.isalnum() else "_" for c in name)
                    write_run(out / "runs" / direction / f"{tag}.run", run, tag=tag)
                measures = MEASURES + tuple(
                    f"ndcg@{k}" for k in CURVE_KS if f"ndcg@{k}" not in MEASURES
                )
                result = evaluate(qrels, run, measures=measures)
                table[name] = {m: round(result.means[m], 4) for m in MEASURES}
                table[name]["curve"] = {k: round(result.means[f"ndcg@{k}"], 4) for k in CURVE_KS}
                per_query[name] = result.per_query
                table[name]["_queries"] = result.num_queries
                table[name]["_excluded"] = len(result.excluded_queries)
            section = {
                "queries": next(iter(table.values()))["_queries"],
                "excluded_queries": next(iter(table.values()))["_excluded"],
                "systems": {
                    n: {k: v for k, v in t.items() if not k.startswith("_")}
                    for n, t in table.items()
                },
                "significance": _significance(per_query, "ndcg@10", seed),
            }
            if truth_name == "hidden":
                report["directions"][direction] = section
            else:
                report["observed"][direction] = section
            per_query_all[f"{truth_name}/{direction}"] = {
                n: pq["ndcg@10"] for n, pq in per_query.items()
            }
    report["beyond_accuracy"] = _beyond(engine, grid, scores, stu_ids, pos_ids)
    report["calibration"] = _calibration(models, learned_kind, data, in_test, ACCEPT_GRADE)
    from eval.placement import offline_placement

    report["placement"] = offline_placement(
        engine, grid, scores.probabilities["learned"], models[learned_kind], truths["hidden"]
    )
    report["fairness"] = _fairness(engine, store_url, per_query_all["hidden/" + DIRECTIONS[0]])
    report["ablations"] = {
        "channels": [f"fusion − {c}" for c in ("dense", "lexical", "skills")],
        "feature_groups": [f"learned − {g}" for g in FEATURE_GROUPS if ablations],
    }
    if dev_eval is not None:
        from eval.external import title_checks

        report["external"] = title_checks(Path(dev_eval), seed=seed, progress=progress)
    report["versions"] = _versions()
    report["parameters"] = {
        "seed": seed,
        "max_students": max_students,
        "max_positions": max_positions,
        "ablations": ablations,
        "as_of": str(as_of),
        "engine_version": engine.manifest.get("version"),
        "engine_model": engine.manifest.get("model"),
        "ground_truth": str(ground_truth),
        "store": settings.database_url if store_url is None else store_url,
    }
    report["seconds"] = round(time.perf_counter() - started, 1)
    with gzip.open(out / "per_query" / "ndcg@10.json.gz", "wt", encoding="utf-8") as fh:
        json.dump(per_query_all, fh, sort_keys=True)
    _plots(report, out / "plots")
    (out / "metrics.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    from eval.report import write_report

    write_report(report, out / "report.md")
    return report


def _significance(
    per_query: Mapping[str, Mapping[str, Mapping[str, float]]], measure: str, seed: int
) -> dict[str, dict[str, float]]:
    """Each system against ``learned``: mean difference and paired p-values."""
    base = per_query["learned"][measure]
    out = {}
    for name, pq in per_query.items():
        if name == "learned":
            continue
        values = pq[measure]
        diff = float(np.mean([values[q] - base[q] for q in base])) if base else 0.0
        out[name] = {
            "delta": round(diff, 4),
            "p_bootstrap": round(paired_bootstrap(values, base, n=2000, seed=seed), 4),
            "p_t_test": round(paired_t_test(values, base), 6),
        }
    return out


def _beyond(
    engine: Any, grid: PairGrid, scores: Scores, stu_ids: list[str], pos_ids: list[str]
) -> dict[str, Any]:
    from eval import beyond

    P, S, E = engine.positions, engine.students, engine.enterprises
    owner = {P.ids[p]: E.ids[P.enterprise[p]] for p in grid.positions}
    openings = {P.ids[p]: int(max(P.openings[p], 1)) for p in grid.positions}
    pvec = {P.ids[p]: engine.position_vectors[p] for p in grid.positions}
    svec = {S.ids[s]: engine.student_vectors[s] for s in grid.students}
    out: dict[str, Any] = {"k": LIST_K, DIRECTIONS[0]: {}, DIRECTIONS[1]: {}}
    for name in MAIN_SYSTEMS:
        sp = _run(scores.by_direction[DIRECTIONS[0]][name], stu_ids, pos_ids, depth=LIST_K)
        ps = _run(scores.by_direction[DIRECTIONS[1]][name].T, pos_ids, stu_ids, depth=LIST_K)
        exposure = beyond.exposure(sp, owner, LIST_K)
        out[DIRECTIONS[0]][name] = {
            "coverage": round(beyond.catalogue_coverage(sp, pos_ids, LIST_K), 4),
            "exposure_gini": round(beyond.gini(list(exposure.values())), 4),
            "congestion": {
                k: round(v, 3) for k, v in beyond.congestion(sp, openings, LIST_K).items()
            },
            "intra_list_diversity": round(beyond.intra_list_diversity(sp, pvec, LIST_K), 4),
            "exposure": exposure,
        }
        student_exposure = beyond.exposure(ps, {s: s for s in stu_ids}, LIST_K)
        out[DIRECTIONS[1]][name] = {
            "coverage": round(beyond.catalogue_coverage(ps, stu_ids, LIST_K), 4),
            "exposure_gini": round(beyond.gini(list(student_exposure.values())), 4),
            "intra_list_diversity": round(beyond.intra_list_diversity(ps, svec, LIST_K), 4),
        }
    return out


def _calibration(
    models: Mapping[str, Any], learned_kind: str, data: Any, in_test: np.ndarray, accept: int
) -> dict[str, Any]:
    """Calibration of each ranker's probability of an interview or better, on the test window's
    shown pairs (and its sampled unshown ones, which count as no)."""
    from eval import beyond

    X, y = data.X[in_test], (data.y[in_test] >= accept).astype(float)
    out: dict[str, Any] = {"pairs": len(y), "positive_rate": round(float(y.mean()), 4)}
    for name, model in models.items():
        p = np.clip(model.predict(X), 0.0, 1.0)
        out[name] = {
            "brier": round(beyond.brier_score(p, y), 5),
            "ece": round(beyond.expected_calibration_error(p, y), 5),
            "reliability": beyond.reliability_table(p, y),
        }
    out["learned"] = out[learned_kind]
    return out


def _fairness(
    engine: Any, store_url: str | None, per_query: Mapping[str, Mapping[str, float]]
) -> dict[str, Any]:
    """Gaps in nDCG@10 (student → position, hidden truth) between groups of students.

    Gender is read from the store here, for this measurement only; no ranker ever sees it.
    """
    from eval import beyond
    from matcher.schemas import Degree
    from matcher.store.database import open_store

    S = engine.students
    store = open_store(store_url)
    try:
        gender = {st.id: (st.gender or "unstated") for st in store.iter_records("students")}
    finally:
        store.dispose()
    degree_names = {d.rank: d.value for d in Degree}
    groups = {
        "gender": gender,
        "major": {sid: S.major[i] for i, sid in enumerate(S.ids)},
        "degree": {
            sid: degree_names.get(int(S.degree[i]), str(int(S.degree[i])))
            for i, sid in enumerate(S.ids)
        },
    }
    out: dict[str, Any] = {}
    for system in ("learned", "dense", "prior"):
        out[system] = {
            attr: beyond.group_gaps(per_query[system], members) for attr, members in groups.items()
        }
    return out


def _plots(report: Mapping[str, Any], folder: Path) -> None:
    from eval import plots

    files = []
    for direction, section in report["directions"].items():
        curves = {
            n: {int(k): v for k, v in section["systems"][n]["curve"].items()}
            for n in MAIN_SYSTEMS
            if n in section["systems"]
        }
        files.append(
            plots.plot_metric_at_k(
                curves,
                "nDCG@k",
                folder / f"ndcg_at_k_{direction}.png",
                f"nDCG@k, {direction.replace('_', ' ')} (hidden truth)",
            )
        )
    cal = report["calibration"]
    files.append(
        plots.plot_reliability(
            {n: cal[n]["reliability"] for n in ("pointwise", "listwise")},
            folder / "calibration.png",
            "Reliability of P(interview or better), test window",
        )
    )
    ba = report["beyond_accuracy"][DIRECTIONS[0]]
    files.append(
        plots.plot_exposure_lorenz(
            {n: ba[n]["exposure"] for n in ("random", "popularity", "dense", "learned")},
            folder / "exposure.png",
            f"Exposure of enterprises in top-{LIST_K} lists",
        )
    )
    report_files = [str(f.relative_to(folder.parent)) for f in files]
    if isinstance(report, dict):
        report["plots"] = report_files
