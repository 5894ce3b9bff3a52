"""The time split of the offline evaluation, its guard, and the rankers fitted on its training
window only.

The latest semester with enterprise answers is the test window, every earlier one is training
(as :func:`matcher.ranking.training.training_pairs` chooses them), and a training pair is
graded by its events before the test window starts: a spring application hired in the autumn
(test) window trains as an application. :func:`check_split` refuses a split whose train and
test windows share an interaction (a student–position pair), whose training pairs do not all
come before the test window, or whose training labels count an event at or after its start.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from matcher.errors import SplitError


@dataclass
class TimeSplit:
    """Semesters of each side of the split, how many interacted pairs each holds, and how many
    training pairs reached a higher grade at or after the test start (their labels leave it out).
    """

    train: list[str]
    test: str
    test_start: str
    train_pairs: int
    test_pairs: int
    labels_cut: int

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        return dict(self.__dict__)


def check_split(
    train_keys: set[tuple[str, str]],
    test_keys: set[tuple[str, str]],
    train_last_seen: np.datetime64 | None,
    test_start: np.datetime64,
    train_label_last: np.datetime64 | None = None,
) -> None:
    """Refuse a split that shares interactions, whose training pairs reach the test window, or
    whose training labels do (``train_label_last``: the latest event a training label counts).
    """
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
    if train_label_last is not None and train_label_last >= test_start:
        raise SplitError(
            f"a training label counts an event of {train_label_last}, not before the test "
            f"window starting {test_start}; grade training pairs as of its start"
        )


def time_split(engine: Any, train: Sequence[str], test: str, label_times: np.ndarray) -> TimeSplit:
    """The split of the engine's interacted pairs into ``train`` semesters and ``test``, given
    when each training label was reached (``TrainingSet.label_time`` of the training rows)."""
    from matcher.store.history import semester_start

    pairs = engine.pairs
    semesters = np.array(pairs.semester)
    in_train, in_test = np.isin(semesters, list(train)), semesters == test
    keys = list(zip(pairs.student_ids, pairs.position_ids, strict=True))
    start = np.datetime64(semester_start(test), "s")
    train_keys = {keys[i] for i in np.flatnonzero(in_train)}
    test_keys = {keys[i] for i in np.flatnonzero(in_test)}
    last = pairs.first_seen[in_train].max() if in_train.any() else None
    timed = np.asarray(label_times, dtype="datetime64[s]")
    timed = timed[~np.isnat(timed)]
    check_split(train_keys, test_keys, last, start, timed.max() if timed.size else None)
    cut = int((pairs.grade_before(start)[in_train] != pairs.grade[in_train]).sum())
    return TimeSplit(list(train), test, str(start)[:10], len(train_keys), len(test_keys), cut)


def fit_models(
    engine: Any, seed: int, ablations: bool, progress: Callable[[str, int], Any]
) -> tuple[dict[str, Any], dict[str, Any], Any, TimeSplit]:
    """Both rankers, ``simple5`` and, with ``ablations``, the learned kind without each feature
    group, all fitted on the same rows: the training window's pairs graded as of the test
    window's start."""
    from sklearn.base import clone

    from eval.offline.simple import SIMPLE, Simple5
    from matcher.ranking.compiled import ranker_kind
    from matcher.ranking.features import FEATURE_GROUPS, FEATURE_NAMES
    from matcher.ranking.ranker import LambdaRanker, TwoSidedRanker
    from matcher.ranking.training import training_pairs

    data, test, train = training_pairs(engine, random_state=seed)
    in_train = np.isin(np.array(data.semester), train)
    split = time_split(engine, train, test, data.label_time[in_train])
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
        SIMPLE: Simple5(),
    }
    models = {name: fit(m) for name, m in progress("rankers", len(base))(base.items())}
    learned_kind = ranker_kind(engine.ranker)
    if learned_kind is None:
        learned_kind = engine.manifest.get("ranker", {}).get("chosen", "listwise")
    ablation_models: dict[str, Any] = {}
    if ablations:
        for group in progress("feature-group ablations", len(FEATURE_GROUPS))(FEATURE_GROUPS):
            keep = [i for i, n in enumerate(FEATURE_NAMES) if n not in FEATURE_GROUPS[group]]
            ablation_models[group] = fit(base[learned_kind], keep)
    calibration = (data, np.array(data.semester) == test)
    return models, ablation_models, (learned_kind, calibration), split
