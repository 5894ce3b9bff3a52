"""The ranker as served: its LightGBM trees and calibrations as arrays, read without scikit-learn.

A trained ranker (:mod:`matcher.ranking.ranker`) is saved with ``skops``, whose import alone walks
every scikit-learn estimator (and through scikit-learn's array-API shims imports torch): 334 MB
resident in each serving process before a single pair is scored. What a request needs of the
model is far less: the trees of one or two LightGBM boosters and a sigmoid or isotonic
calibration. :func:`compile_ranker` writes those out as JSON beside the ``skops`` file when the
ranker is trained, and :class:`CompiledRanker` scores with numpy alone, as LightGBM does:

- a numerical split sends a row left when its value is at most the threshold; a missing value
  (NaN) counts as 0 unless the split learned a direction for NaN, and a split that learned one
  for zero sends 0 that way;
- a row's raw score is the sum of its leaves over the trees, in tree order (as LightGBM adds
  them, so the sum is the same to the bit);
- the sides and calibrations are those of :class:`~matcher.ranking.ranker.TwoSidedRanker` and
  :class:`~matcher.ranking.ranker.LambdaRanker`.

Both give the same probabilities (tested to the bit for the trees). A ranker that cannot be
compiled (another estimator, a categorical split) is served from its ``skops`` file as before.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.special import expit

from matcher.files import write_atomic

#: Layout of the compiled file; another is refused (the ``skops`` file is read instead).
COMPILED_FORMAT = 1
#: LightGBM's ``kZeroThreshold`` (a float): values within it count as zero.
_ZERO = float(np.float32(1e-35))
_MISSING = {"None": 0, "Zero": 1, "NaN": 2}


class NotCompilable(ValueError):
    """The ranker holds something :class:`CompiledRanker` does not score."""


@dataclass(frozen=True)
class Trees:
    """One LightGBM booster's trees, flattened: internal nodes and leaves of all trees in two
    numbered lists; a child (or a root) ``c >= 0`` is node ``c``, ``c < 0`` is leaf ``~c``."""

    feature: np.ndarray  # int32, per node
    threshold: np.ndarray  # float64, per node
    default_left: np.ndarray  # bool, per node: where a missing value goes
    missing: np.ndarray  # int8, per node: 0 none, 1 zero, 2 NaN
    left: np.ndarray  # int32, per node
    right: np.ndarray  # int32, per node
    leaf_value: np.ndarray  # float64, per leaf
    roots: np.ndarray  # int32, per tree

    @classmethod
    def from_dump(cls, dump: dict[str, Any]) -> Trees:
        """From LightGBM's ``Booster.dump_model()``."""
        if int(dump.get("num_tree_per_iteration", 1)) != 1:
            raise NotCompilable("a multi-class booster")
        nodes: list[tuple[int, float, bool, int, int, int]] = []
        leaves: list[float] = []

        def walk(node: dict[str, Any]) -> int:
            if "leaf_value" in node:
                leaves.append(float(node["leaf_value"]))
                return ~(len(leaves) - 1)
            if node.get("decision_type") != "<=":
                raise NotCompilable(f"a {node.get('decision_type')!r} split")
            at = len(nodes)
            nodes.append((0, 0.0, False, 0, 0, 0))
            left, right = walk(node["left_child"]), walk(node["right_child"])
            nodes[at] = (
                int(node["split_feature"]),
                float(node["threshold"]),
                bool(node["default_left"]),
                _MISSING[str(node["missing_type"])],
                left,
                right,
            )
            return at

        roots = [walk(tree["tree_structure"]) for tree in dump["tree_info"]]
        columns = list(zip(*nodes, strict=True)) if nodes else [[]] * 6
        return cls(
            feature=np.asarray(columns[0], dtype=np.int32),
            threshold=np.asarray(columns[1], dtype=np.float64),
            default_left=np.asarray(columns[2], dtype=bool),
            missing=np.asarray(columns[3], dtype=np.int8),
            left=np.asarray(columns[4], dtype=np.int32),
            right=np.asarray(columns[5], dtype=np.int32),
            leaf_value=np.asarray(leaves, dtype=np.float64),
            roots=np.asarray(roots, dtype=np.int32),
        )

    def as_dict(self) -> dict[str, list[Any]]:
        return {name: getattr(self, name).tolist() for name in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, data: dict[str, list[Any]]) -> Trees:
        types = {
            "feature": np.int32, "threshold": np.float64, "default_left": bool,
            "missing": np.int8, "left": np.int32, "right": np.int32,
            "leaf_value": np.float64, "roots": np.int32,
        }  # fmt: skip
        return cls(**{name: np.asarray(data[name], dtype=t) for name, t in types.items()})

    def raw(self, X: np.ndarray) -> np.ndarray:
        """The raw score of each row of ``X`` (float64, one column per feature)."""
        n, t = len(X), len(self.roots)
        if t == 0:
            return np.zeros(n)
        node = np.repeat(self.roots[None, :], n, axis=0)
        rows = np.repeat(np.arange(n, dtype=np.int64), t)
        flat = node.reshape(-1)
        live = np.flatnonzero(flat >= 0)
        while live.size:
            at = flat[live]
            value = X[rows[live], self.feature[at]]
            missing = self.missing[at]
            nan = np.isnan(value)
            value = np.where(nan & (missing != 2), 0.0, value)
            zero = (value >= -_ZERO) & (value <= _ZERO)
            value = np.where(zero, 0.0, value)
            to_default = ((missing == 1) & zero) | ((missing == 2) & nan)
            go_left = np.where(to_default, self.default_left[at], value <= self.threshold[at])
            flat[live] = np.where(go_left, self.left[at], self.right[at])
            live = live[flat[live] >= 0]
        values = self.leaf_value[~node]
        return np.cumsum(values, axis=1)[:, -1]  # left to right, as LightGBM adds its trees


def _side_spec(side: Any) -> dict[str, Any]:
    """One side of a two-sided ranker as data: constant, a calibrated booster or a booster."""
    if hasattr(side, "rate") and not hasattr(side, "fit"):
        return {"kind": "constant", "rate": float(side.rate)}
    fitted = getattr(side, "calibrated_classifiers_", None)
    if fitted is not None:
        if len(fitted) != 1 or len(fitted[0].calibrators) != 1:
            raise NotCompilable("an ensemble of calibrated models")
        calibrator = fitted[0].calibrators[0]
        if not (hasattr(calibrator, "a_") and hasattr(calibrator, "b_")):
            raise NotCompilable("a calibration other than the sigmoid")
        return {
            "kind": "sigmoid",
            "trees": _trees_of(fitted[0].estimator).as_dict(),
            "a": float(calibrator.a_),
            "b": float(calibrator.b_),
        }
    return {"kind": "logistic", "trees": _trees_of(side).as_dict()}


def _trees_of(estimator: Any) -> Trees:
    booster = getattr(estimator, "booster_", None)
    if booster is None:
        raise NotCompilable(f"{type(estimator).__name__} is not a LightGBM model")
    classes = getattr(estimator, "classes_", None)
    if classes is not None and list(classes) != [0, 1]:
        raise NotCompilable("classes other than 0 and 1")
    return Trees.from_dump(booster.dump_model())


def compile_ranker(model: Any) -> dict[str, Any]:
    """The serving form of a fitted two-sided or LambdaMART ranker, as JSON-ready data;
    :class:`NotCompilable` for anything else."""
    n_features = int(getattr(model, "n_features_in_", 0))
    if hasattr(model, "student_side_"):
        return {
            "format": COMPILED_FORMAT,
            "kind": "pointwise",
            "n_features": n_features,
            "student": _side_spec(model.student_side_),
            "enterprise": _side_spec(model.enterprise_side_),
        }
    if hasattr(model, "calibrator_") and hasattr(model, "model_"):
        iso = model.calibrator_
        if not hasattr(iso, "X_thresholds_") or iso.out_of_bounds != "clip":
            raise NotCompilable("an isotonic calibration without clipped bounds")
        return {
            "format": COMPILED_FORMAT,
            "kind": "listwise",
            "n_features": n_features,
            "trees": _trees_of(model.model_).as_dict(),
            "isotonic": {
                "x": np.asarray(iso.X_thresholds_, dtype=np.float64).tolist(),
                "y": np.asarray(iso.y_thresholds_, dtype=np.float64).tolist(),
            },
        }
    raise NotCompilable(f"{type(model).__name__} is not a ranker this module knows")


class _Side:
    """P(positive) of one side."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.kind = spec["kind"]
        self.rate = float(spec.get("rate", 0.0))
        self.a, self.b = float(spec.get("a", 0.0)), float(spec.get("b", 0.0))
        self.trees = Trees.from_dict(spec["trees"]) if "trees" in spec else None

    def proba(self, X: np.ndarray) -> np.ndarray:
        if self.trees is None:
            return np.full(len(X), self.rate)
        raw = self.trees.raw(X)
        if self.kind == "sigmoid":
            return np.asarray(expit(-(self.a * raw + self.b)), dtype=np.float64)
        return 1.0 / (1.0 + np.exp(-raw))  # LightGBM's binary objective (sigmoid 1)


class CompiledRanker:
    """A ranker's serving form (:func:`compile_ranker`), scoring with numpy alone.

    ``full_file`` is the ``skops`` file it was compiled from: a new version carries both.
    """

    def __init__(self, spec: dict[str, Any], full_file: Path | None = None) -> None:
        if spec.get("format") != COMPILED_FORMAT:
            raise NotCompilable(f"compiled ranker format {spec.get('format')!r}")
        self.spec = spec
        self.kind: str = spec["kind"]
        self.n_features_in_ = int(spec["n_features"])
        self.full_file = full_file
        if self.kind == "pointwise":
            self._student, self._enterprise = _Side(spec["student"]), _Side(spec["enterprise"])
        else:
            self._trees = Trees.from_dict(spec["trees"])
            self._x = np.asarray(spec["isotonic"]["x"], dtype=np.float64)
            self._y = np.asarray(spec["isotonic"]["y"], dtype=np.float64)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.kind}, {self.n_features_in_} features)"

    def _rows(self, X: Any) -> np.ndarray:
        X = np.ascontiguousarray(X, dtype=np.float64)
        if X.ndim != 2 or X.shape[1] != self.n_features_in_:
            raise ValueError(f"expected rows of {self.n_features_in_} features, got {X.shape}")
        return X

    def predict_sides(self, X: Any) -> tuple[np.ndarray, np.ndarray]:
        """(P(student applies), P(enterprise accepts | applied)) of each pair (pointwise)."""
        if self.kind != "pointwise":
            raise AttributeError("a listwise ranker has no sides")
        X = self._rows(X)
        return self._student.proba(X), self._enterprise.proba(X)

    def predict(self, X: Any) -> np.ndarray:
        """Match probability of each pair, as the ranker it was compiled from gives it."""
        if self.kind == "pointwise":
            ps, pe = self.predict_sides(X)
            return ps * pe
        raw = self._trees.raw(self._rows(X))
        if not len(raw):
            return raw
        if len(self._x) == 1:
            p = np.full(len(raw), self._y[0])
        else:
            p = np.interp(np.clip(raw, self._x[0], self._x[-1]), self._x, self._y)
        span = np.ptp(raw) or 1.0
        return np.clip(p + 1e-6 * (raw - raw.min()) / span, 0.0, 1.0)

    @classmethod
    def load(cls, path: Path, full_file: Path | None = None) -> CompiledRanker:
        return cls(json.loads(Path(path).read_text("utf-8")), full_file)


def save_compiled(spec: dict[str, Any], path: Path) -> None:
    """Write a compiled ranker (aside, then renamed into place)."""
    write_atomic(path, json.dumps(spec, separators=(",", ":")).encode("utf-8"))


def ranker_kind(ranker: Any) -> str | None:
    """``pointwise`` or ``listwise`` of a full or compiled ranker (``None`` for none)."""
    if ranker is None:
        return None
    kind = getattr(ranker, "kind", None)
    if kind in ("pointwise", "listwise"):
        return str(kind)
    return "listwise" if hasattr(ranker, "calibrator_") else "pointwise"
