"""Training the ranker on outcomes in the store, validated on a later time window.

The pairs of the latest semester that has enterprise outcomes (interviews or better) are the
validation window; every earlier semester is training. Each pair's history features are taken
from interactions before its own semester began, so nothing a pair did leaks into its features,
and a training pair is graded by its events before the validation window began, so nothing the
window saw leaks into its label (a spring application hired in the autumn trains as an
application). The served model is refit afterwards on every window with every event.

Validation ranks, for every student with an application in the validation window, all positions
open in that window (not 20 sampled negatives), with the observed grade as relevance
(apply 1, interview 2, offer 3, hire 4). The learned candidates (pointwise two-sided, listwise
LambdaMART) and the single-channel systems (dense, BM25, fused retrieval, the prior score) rank
the same candidates, so their figures compare directly. Each position is scored as of a day it
was open in the window (:func:`open_dates`). The kept ranker is the one that better finds the
window's matches, pairs that reached an interview or better (:func:`match_qrels`).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.base import clone

from matcher.engine.snapshot import Engine
from matcher.engine.tables import LANGS
from matcher.ranking.features import FEATURE_NAMES, pair_features
from matcher.ranking.prior import prior_score
from matcher.retrieval.fusion import fuse_scores, weights_for
from matcher.retrieval.pairs import bm25_pairs
from matcher.retrieval.skills import skill_overlap
from matcher.rules import ACCEPT_GRADE, APPLY_GRADE
from matcher.store.history import popularity_before, semester_start

logger = logging.getLogger(__name__)

Qrels = dict[str, dict[str, int]]
Run = dict[str, dict[str, float]]
#: Computes metrics (e.g. ``{"ndcg@10": ..., "map": ...}``) of a run against qrels.
Evaluator = Callable[[Qrels, Run], dict[str, float]]
#: Share of applications answered with an interview or better for a semester to count as done.
MIN_ANSWERED = 0.05


@dataclass
class TrainingSet:
    """Feature rows of graded pairs, with the student (query) and semester of each.

    ``y`` grades a pair that began before the validation window by its events before that
    window (what a model validated or tested on the window may learn from); ``y_full`` by all
    its events (what the served model, refit on every window, learns from). ``label_time`` is
    when the pair reached its grade in ``y`` (``NaT`` for a sampled negative, which counts no
    event): no training row's may be in the window.
    """

    X: np.ndarray
    y: np.ndarray
    student: np.ndarray  # row in the StudentTable
    position: np.ndarray  # row in the PositionTable
    semester: list[str]
    y_full: np.ndarray
    label_time: np.ndarray  # datetime64[s]


@dataclass
class TrainingReport:
    """What training did: window, sizes, each system's validation metrics, the kept model."""

    train_semesters: list[str]
    validation_semester: str
    train_rows: int
    validation_queries: int
    validation: dict[str, dict[str, float]] = field(default_factory=dict)
    chosen: str = ""
    candidates_per_query: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        return {
            "train_semesters": self.train_semesters,
            "validation_semester": self.validation_semester,
            "train_rows": self.train_rows,
            "validation_queries": self.validation_queries,
            "candidates_per_query": round(self.candidates_per_query, 1),
            "chosen": self.chosen,
            "validation": self.validation,
        }


def features_by_semester(
    engine: Engine, s_idx: np.ndarray, p_idx: np.ndarray, as_of: np.ndarray, semesters: list[str]
) -> np.ndarray:
    """Pair features with history statistics cut at the start of each pair's semester."""
    pos_ent = {
        pid: engine.enterprises.ids[engine.positions.enterprise[i]]
        for i, pid in enumerate(engine.positions.ids)
    }
    X = np.empty((len(s_idx), len(FEATURE_NAMES)), dtype=np.float32)
    bm25 = bm25_pairs(engine, s_idx, p_idx)
    sem_arr = np.array(semesters)
    for sem in sorted(set(semesters), key=semester_start):
        rows = np.flatnonzero(sem_arr == sem)
        cutoff = np.datetime64(semester_start(sem), "s")
        stats = popularity_before(engine.pairs, pos_ent, cutoff)
        X[rows] = pair_features(engine, s_idx[rows], p_idx[rows], as_of[rows], stats, bm25[rows])
    return X


def training_pairs(
    engine: Engine, *, negatives_per_query: int = 20, random_state: int = 0
) -> tuple[TrainingSet, str, list[str]]:
    """Graded pairs of all semesters with outcomes; returns (set, validation semester, train).

    Pairs first seen before the validation semester are graded as of its start (``y``; see
    :class:`TrainingSet`); the window's own pairs and later ones with every event.
    """
    pairs = engine.pairs
    S, P = engine.students, engine.positions
    keep = [
        i
        for i in range(len(pairs.grade))
        if pairs.student_ids[i] in S.index and pairs.position_ids[i] in P.index
    ]
    sems = [pairs.semester[i] for i in keep]
    applied: dict[str, int] = defaultdict(int)
    accepted: dict[str, int] = defaultdict(int)
    for i in keep:
        if pairs.grade[i] >= APPLY_GRADE:
            applied[pairs.semester[i]] += 1
        if pairs.grade[i] >= ACCEPT_GRADE:
            accepted[pairs.semester[i]] += 1
    # A semester counts once enterprises have answered: a still-running one is left out.
    with_outcomes = sorted(
        (sem for sem in applied if accepted[sem] >= max(5, MIN_ANSWERED * applied[sem])),
        key=semester_start,
    )
    if len(with_outcomes) < 2:
        raise ValueError(
            "training needs outcomes (interviews or better) in at least two "
            "semesters; import more interactions"
        )
    validation = with_outcomes[-1]
    train = [s for s in with_outcomes[:-1]]
    s_idx = np.array([S.index[pairs.student_ids[i]] for i in keep], dtype=np.int64)
    p_idx = np.array([P.index[pairs.position_ids[i]] for i in keep], dtype=np.int64)
    rows = np.asarray(keep, dtype=np.int64)
    as_of = pairs.first_seen[rows].astype("datetime64[D]")
    full = pairs.grade[rows]
    cut = np.datetime64(semester_start(validation), "s")
    earlier = pairs.first_seen[rows] < cut
    label = np.where(earlier, pairs.grade_before(cut)[rows], full)
    label_time = pairs.reached[rows, label.astype(np.int64)]
    grade, grade_full = label.astype(np.float64), full.astype(np.float64)
    if negatives_per_query > 0:
        ns, np_, nd, nsem = _sampled_negatives(
            engine, s_idx, p_idx, as_of, sems, negatives_per_query, random_state
        )
        s_idx, p_idx = np.concatenate([s_idx, ns]), np.concatenate([p_idx, np_])
        as_of, sems = np.concatenate([as_of, nd]), sems + nsem
        grade = np.concatenate([grade, np.zeros(len(ns))])
        grade_full = np.concatenate([grade_full, np.zeros(len(ns))])
        label_time = np.concatenate([label_time, np.full(len(ns), "NaT", "datetime64[s]")])
    X = features_by_semester(engine, s_idx, p_idx, as_of, sems)
    data = TrainingSet(X, grade, s_idx, p_idx, sems, grade_full, label_time)
    return data, validation, train


def _sampled_negatives(
    engine: Engine,
    s_idx: np.ndarray,
    p_idx: np.ndarray,
    as_of: np.ndarray,
    sems: list[str],
    n: int,
    random_state: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Positions open on the student's date that the student never interacted with, as grade-0
    rows.

    Ranking serves the whole catalogue, but students only ever see a few dozen positions; a
    model trained on shown pairs alone never sees the positions nobody would show them. The
    negatives are drawn from positions open on the date the student was active (the date their
    features are taken at), as every interacted pair was: drawn from the whole semester, many
    would be not yet open or already closed on that date, and the ranker would learn to tell
    negatives by their deadline, a signal that filtering already takes care of in service.
    """
    rng = np.random.default_rng(random_state)
    seen: dict[tuple[int, str], set[int]] = defaultdict(set)
    when: dict[tuple[int, str], np.datetime64] = {}
    for s, p, d, sem in zip(s_idx, p_idx, as_of, sems, strict=True):
        seen[(int(s), sem)].add(int(p))
        when.setdefault((int(s), sem), d)
    catalogues = {sem: _window_positions(engine, sem) for sem in set(sems)}
    P = engine.positions
    out_s, out_p, out_d, out_sem = [], [], [], []
    for (s, sem), interacted in sorted(seen.items()):
        cat = catalogues[sem]
        day = when[(s, sem)].astype("datetime64[D]")
        start, deadline = P.start[cat], P.deadline[cat]
        cat = cat[(np.isnat(start) | (start <= day)) & (np.isnat(deadline) | (deadline >= day))]
        if len(cat) == 0:
            continue
        pick = rng.choice(cat, size=min(len(cat), n * 2), replace=False)
        pick = [int(p) for p in pick if int(p) not in interacted][:n]
        out_s += [s] * len(pick)
        out_p += pick
        out_d += [when[(s, sem)]] * len(pick)
        out_sem += [sem] * len(pick)
    return (
        np.array(out_s, dtype=np.int64),
        np.array(out_p, dtype=np.int64),
        np.array(out_d, dtype="datetime64[D]"),
        out_sem,
    )


def _window_positions(engine: Engine, semester: str) -> np.ndarray:
    """Positions whose application window overlaps a semester (its catalogue)."""
    start = np.datetime64(semester_start(semester), "D")
    end = start + np.timedelta64(182, "D")
    P = engine.positions
    opens = np.where(np.isnat(P.start), start, P.start)
    closes = np.where(np.isnat(P.deadline), end, P.deadline)
    return np.flatnonzero((opens <= end) & (closes >= start))


def open_dates(engine: Engine, p_idx: np.ndarray, day: np.datetime64) -> np.ndarray:
    """``day`` moved into each position's application window (start to deadline).

    Offline rankings score a window's whole catalogue at one date; a position that opened later
    or closed earlier would carry timing features of an unavailable position, which service
    never scores (it filters them out). Each position is therefore scored as of the nearest day
    it was open.
    """
    P = engine.positions
    day = np.datetime64(day, "D")
    days = np.full(len(p_idx), day, dtype="datetime64[D]")
    start, deadline = P.start[p_idx], P.deadline[p_idx]
    days = np.where(~np.isnat(start) & (start > days), start, days)
    return np.where(~np.isnat(deadline) & (deadline < days), deadline, days)


def validation_runs(
    engine: Engine, data: TrainingSet, semester: str, models: dict[str, Any]
) -> tuple[Qrels, dict[str, Run], float]:
    """Qrels of the validation window and each system's run over the same candidates."""
    sem = np.array(data.semester) == semester
    qrels: Qrels = defaultdict(dict)
    for i in np.flatnonzero(sem & (data.y >= APPLY_GRADE)):
        sid = engine.students.ids[data.student[i]]
        qrels[sid][engine.positions.ids[data.position[i]]] = int(data.y[i]) - APPLY_GRADE + 1
    catalogue = _window_positions(engine, semester)
    runs: dict[str, Run] = defaultdict(dict)
    start = np.datetime64(semester_start(semester), "D")
    as_of = start + np.timedelta64(30, "D")
    pos_ent = {
        pid: engine.enterprises.ids[engine.positions.enterprise[i]]
        for i, pid in enumerate(engine.positions.ids)
    }
    stats = popularity_before(engine.pairs, pos_ent, np.datetime64(start, "s"))
    channels = ("dense", "lexical", "skills")
    sizes, blocks, spans = [], [], []
    for sid in sorted(qrels):
        s = engine.students.index[sid]
        extra = [engine.positions.index[p] for p in qrels[sid]]
        cand = np.unique(np.concatenate([catalogue, np.array(extra, dtype=np.int64)]))
        cand = cand[engine.positions.min_degree[cand] <= engine.students.degree[s]]
        sizes.append(len(cand))
        ids = [engine.positions.ids[p] for p in cand]
        bm25 = bm25_pairs(engine, np.full(len(cand), s), cand)
        X = pair_features(
            engine, np.full(len(cand), s), cand, open_dates(engine, cand, as_of), stats, bm25
        )
        dense = X[:, FEATURE_NAMES.index("dense_cosine")]
        skill = skill_overlap(
            engine.students.skills[[s]], engine.position_skills[cand], engine.skill_idf
        )[0]
        weights = weights_for(LANGS[engine.students.lang[s]])
        fused = fuse_scores(
            {"dense": dense[None], "lexical": bm25[None], "skills": skill[None]},
            np.array([[weights.get(c, 0.0) for c in channels]]),
        )[0]
        for name, values in (
            ("fusion", fused),
            ("dense", dense),
            ("bm25", bm25),
            ("prior", prior_score(X)),
        ):
            runs[name][sid] = {pid: float(v) for pid, v in zip(ids, values, strict=True)}
        blocks.append(X)
        spans.append((sid, ids))
    if blocks:
        X_all = np.concatenate(blocks)
        for name, model in models.items():
            predicted = model.predict(X_all)  # one call: per-query calls cost thread start-ups
            offset = 0
            for sid, ids in spans:
                values = predicted[offset : offset + len(ids)]
                runs[name][sid] = {pid: float(v) for pid, v in zip(ids, values, strict=True)}
                offset += len(ids)
    return dict(qrels), dict(runs), float(np.mean(sizes)) if sizes else 0.0


#: The validation measure the kept ranker is chosen by: nDCG@10 over matches only.
MATCH_METRIC = "match_ndcg@10"


def match_qrels(qrels: Qrels) -> Qrels:
    """Only the pairs both sides wanted (interview or better), regraded from 1.

    Validation qrels grade apply 1, interview 2, offer 3, hire 4; an application is the
    student's wish alone. The product promises matches, so rankers are chosen by how well they
    find these: a ranker chosen on applications learned to follow what students were shown.
    """
    shift = ACCEPT_GRADE - APPLY_GRADE
    out = {q: {d: g - shift for d, g in docs.items() if g > shift} for q, docs in qrels.items()}
    return {q: docs for q, docs in out.items() if docs}


def train_ranker(
    engine: Engine, evaluate: Evaluator, *, random_state: int = 0
) -> tuple[Any, TrainingReport]:
    """Fit the pointwise and listwise rankers, validate every system, return the better model.

    The candidates learn from the training semesters graded as of the validation window's
    start (:func:`training_pairs`). Every system gets nDCG@10, MAP, MRR and Recall@100 over
    all outcomes of the later window and :data:`MATCH_METRIC` over its matches; the ranker
    kept is the better by the latter, and the model returned is its kind refit on every window
    with every event (``y_full``: a spring application hired in the autumn is a hire there).
    """
    from matcher.ranking.ranker import LambdaRanker, TwoSidedRanker

    data, validation, train = training_pairs(engine, random_state=random_state)
    in_train = np.isin(np.array(data.semester), train)
    Xt, yt = data.X[in_train], data.y[in_train]
    groups = np.array(
        [
            f"{s}|{m}"
            for s, m in zip(data.student[in_train], np.array(data.semester)[in_train], strict=True)
        ]
    )
    logger.info("training on %d pairs from %s; validating on %s", len(yt), train, validation)
    models = {
        "pointwise": TwoSidedRanker(random_state=random_state).fit(Xt, yt),
        "listwise": LambdaRanker(random_state=random_state).fit(Xt, yt, groups=groups),
    }
    qrels, runs, per_query = validation_runs(engine, data, validation, models)
    matches = match_qrels(qrels)
    metrics = {
        name: {**evaluate(qrels, run), MATCH_METRIC: evaluate(matches, run).get("ndcg@10", 0.0)}
        for name, run in runs.items()
    }
    chosen = max(models, key=lambda n: (metrics[n][MATCH_METRIC], n == "pointwise"))
    metrics["learned"] = metrics[chosen]
    # The served model is the chosen kind refit on every window, validation included, and on
    # every event: the validation is done, and what it would leak is what serving should know.
    final = clone(models[chosen])
    X_all, y_all = data.X, data.y_full
    if chosen == "listwise":
        all_groups = np.array(
            [f"{s}|{m}" for s, m in zip(data.student, data.semester, strict=True)]
        )
        final.fit(X_all, y_all, groups=all_groups)
    else:
        final.fit(X_all, y_all)
    report = TrainingReport(
        train_semesters=train,
        validation_semester=validation,
        train_rows=len(yt),
        validation_queries=len(qrels),
        validation=metrics,
        chosen=chosen,
        candidates_per_query=per_query,
    )
    return final, report
