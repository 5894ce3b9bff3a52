"""Offline evaluation for researchers: both directions, two kinds of truth, baselines, ablations.

``matcher eval-offline`` calls :func:`run_offline`. What it does, in order:

1. **Split by time** (:mod:`.split`). The latest semester with enterprise answers is the test
   window, every earlier one is training, its pairs graded by their events before the test
   window. :func:`check_split` refuses a split whose train and test windows share an
   interaction, whose training pairs do not all come before the test window, or whose training
   labels count an event at or after its start.
2. **Fit on the training window only** (:func:`.split.fit_models`). Both learned rankers
   (pointwise two-sided and listwise LambdaMART) are refitted on the earlier semesters;
   ``learned`` is the kind the current model is (the kind ``matcher train`` kept). The served
   model itself, fitted on every window, is not evaluated: it has seen the test window.
   ``simple5`` (:mod:`.simple`), a logistic regression on five written features, is fitted on
   the same rows: the plain baseline the learned ranker's margin is measured against.
3. **Score every pair** (:mod:`.grid`, :mod:`.systems`). Each system scores every (student,
   position) pair of the evaluated students and the test window's catalogue (every position
   open at some time in it, plus any position applied to in it): a full-ranking evaluation, not
   20 sampled negatives per positive. Pair features are taken as of 30 days into the test
   window, each position as of a day it was open
   (:func:`matcher.ranking.training.open_dates`), with history cut at the window's start.
4. **What is served** (:mod:`.served`). The ``served`` system asks the request path itself
   (:func:`matcher.recommend.recommend_positions`) for each student's list, on a replay of the
   engine as of the test window; it shows what candidate generation, the hard filters and the
   per-enterprise cap cost or gain against ``learned`` on the whole catalogue.
5. **Two kinds of truth, both directions** (:mod:`.truth`). The simulator's hidden graded
   relevance (``ground_truth/*.qrels``) judges every pair; the observed outcomes of the test
   window (apply 1, interview 2, offer 3, hire 4) judge the pairs that happened. Queries without
   a relevant item are excluded and counted.
6. **Beyond accuracy, calibration, fairness, significance** (:mod:`.sections`) on the hidden
   truth, and per-system TREC runs, qrels, plots and a Markdown report (:mod:`eval.report`).
7. **How written the truth is** (:mod:`.probe`). The leakage probe ``probe5``, reported apart
   (it is no system: it learns from the hidden grades of the training window's positions),
   gives its nDCG@10 as a share of ``learned``'s. With ``against``, how the ranking of systems
   changed from another world's run (Kendall's τ, :mod:`.compare`).

Runs are cut at :data:`RUN_DEPTH` documents per query (as trec_eval reads a submitted run), so
MAP and recall are over the top :data:`RUN_DEPTH`.
"""

from eval.offline.common import (
    AS_OF_DAYS,
    CURVE_KS,
    DIRECTIONS,
    LIST_K,
    MAIN_SYSTEMS,
    MEASURES,
    RUN_DEPTH,
)
from eval.offline.grid import PairGrid, pair_grid
from eval.offline.run import run_offline
from eval.offline.served import SERVED
from eval.offline.split import TimeSplit, check_split, fit_models, time_split
from eval.offline.systems import Scores, score_systems
from eval.offline.truth import observed_truth
from matcher.errors import SplitError

__all__ = [
    "AS_OF_DAYS",
    "CURVE_KS",
    "DIRECTIONS",
    "LIST_K",
    "MAIN_SYSTEMS",
    "MEASURES",
    "RUN_DEPTH",
    "SERVED",
    "PairGrid",
    "Scores",
    "SplitError",
    "TimeSplit",
    "check_split",
    "fit_models",
    "observed_truth",
    "pair_grid",
    "run_offline",
    "score_systems",
    "time_split",
]
