"""The learned ranker: two-sided match probabilities from pair features (scikit-learn estimators).

Outcomes are graded (:mod:`matcher.store.history`): 0 ignored or dismissed, 1 viewed or saved,
2 applied, 3 interviewed, 4 offered, 5 hired or accepted.

- :class:`TwoSidedRanker` (pointwise) learns the student's side, P(apply | shown), on every
  shown pair, and the enterprise's side, P(interview or better | applied), on applied pairs, each
  a calibrated gradient-boosted classifier; the match probability is their product.
- :class:`LambdaRanker` (listwise) learns a LambdaMART ranking of the graded outcomes per
  student with LightGBM, then maps its score to P(interview or better) by isotonic regression on
  held-out students, so that it too outputs a probability.

Training compares both on a later time window and keeps the better
(:mod:`matcher.ranking.training`).
Models are saved with ``skops`` (not pickle) and loaded with an explicit list of trusted types.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np
from scipy.special import expit
from sklearn.base import BaseEstimator, RegressorMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.isotonic import IsotonicRegression
from sklearn.utils.validation import check_is_fitted, validate_data

from matcher.files import write_atomic
from matcher.ranking.features import FEATURE_NAMES
from matcher.ranking.prior import prior_score
from matcher.ranking.threads import one_thread
from matcher.rules import ACCEPT_GRADE, APPLY_GRADE

logger = logging.getLogger(__name__)


def default_classifier(random_state: int = 0) -> Any:
    """The gradient-boosted classifier each side uses by default (LightGBM, one thread).

    LightGBM rather than scikit-learn's ``HistGradientBoostingClassifier``: both validate
    alike on the sample world (nDCG@10 0.148 against 0.148, over matches 0.219 against 0.225),
    but LightGBM walks all of its trees in C++ while scikit-learn calls Python once per tree,
    which made the ranker most of a recommendation's cost (40 ms of 70 ms at 100k positions).

    Small trees: 100 of 7 leaves validated better on the sample world than 200 of 31
    (nDCG@10 0.165 against 0.148, over matches 0.226 against 0.219; 15 leaves 0.157, 4 leaves
    0.155), and walking them costs a quarter as much per request.
    """
    from lightgbm import LGBMClassifier

    return LGBMClassifier(
        n_estimators=100,
        learning_rate=0.1,
        num_leaves=7,
        min_child_samples=40,
        reg_lambda=1.0,
        n_jobs=1,
        verbose=-1,
        random_state=random_state,
    )


class _Constant:
    """A side that saw one class only: predicts that class's rate (no information)."""

    def __init__(self, rate: float) -> None:
        self.rate = rate

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        p = np.full(len(X), self.rate)
        return np.column_stack([1 - p, p])


def _fit_side(estimator: Any, X: np.ndarray, y: np.ndarray, calibrate: bool) -> Any:
    positives = int(y.sum())
    if positives == 0 or positives == len(y):
        return _Constant(float(positives / max(len(y), 1)))
    model = clone(estimator)
    if calibrate and min(positives, len(y) - positives) >= 20:
        # Platt scaling is strictly monotone: isotonic steps would tie many pairs and blur the
        # ranking that the probabilities are sorted by.
        # One model refitted on all pairs, calibrated on its 3-fold out-of-fold scores: a
        # third of the trees to walk per request of the default 3-model ensemble.
        model = CalibratedClassifierCV(model, method="sigmoid", cv=3, ensemble=False)
    with one_thread():
        return model.fit(X, y)


def _checked_rows(X: Any, n_features: int) -> bool:
    """Whether ``X`` is already what ``validate_data`` would return: a 2-d float array of
    ``n_features`` columns without infinities (the request path's features; checking them
    again through scikit-learn cost more than a tenth of a millisecond per call)."""
    return (
        isinstance(X, np.ndarray)
        and X.ndim == 2
        and X.shape[1] == n_features
        and X.dtype.kind == "f"
        and not np.isinf(X).any()
    )


def _positive_proba(side: Any, X: np.ndarray) -> np.ndarray:
    """P(positive) of one side, straight from the booster when the side allows it.

    A side calibrated with one refitted LightGBM model (the default) is the booster's raw
    score through the fitted sigmoid; computing that directly skips two layers of input
    checks that cost more than the trees on a request's few hundred rows. Anything else goes
    through ``predict_proba``. Both give the same numbers (tested).
    """
    fitted = getattr(side, "calibrated_classifiers_", None)
    if fitted is not None and len(fitted) == 1 and len(fitted[0].calibrators) == 1:
        booster = getattr(fitted[0].estimator, "booster_", None)
        if booster is not None and list(fitted[0].estimator.classes_) == [0, 1]:
            # float64 in: LightGBM walks float32 rows a third slower (1.2 against 0.9 ms for a
            # request's 150 rows), more than the copy costs.
            X = np.ascontiguousarray(X, dtype=np.float64)
            raw = booster.predict(X, raw_score=True, num_threads=1)
            calibrator = fitted[0].calibrators[0]
            if hasattr(calibrator, "a_") and hasattr(calibrator, "b_"):  # the sigmoid, inline
                return expit(-(calibrator.a_ * raw + calibrator.b_))
            return np.asarray(calibrator.predict(raw), dtype=np.float64)
    return side.predict_proba(X)[:, 1]


class TwoSidedRanker(RegressorMixin, BaseEstimator):
    """Match probability = P(student applies | shown) x P(enterprise accepts | applied).

    Parameters
    ----------
    student_model, enterprise_model:
        Classifiers for each side; ``None`` uses :func:`default_classifier`.
    apply_grade, accept_grade:
        Outcome grades from which a pair counts as applied and as accepted.
    calibrate:
        Wrap each side in sigmoid ``CalibratedClassifierCV`` (3 folds, one refitted model).
    """

    def __init__(
        self,
        *,
        student_model: Any = None,
        enterprise_model: Any = None,
        apply_grade: int = APPLY_GRADE,
        accept_grade: int = ACCEPT_GRADE,
        calibrate: bool = True,
        random_state: int = 0,
    ) -> None:
        self.student_model = student_model
        self.enterprise_model = enterprise_model
        self.apply_grade = apply_grade
        self.accept_grade = accept_grade
        self.calibrate = calibrate
        self.random_state = random_state

    def __sklearn_tags__(self) -> Any:
        """Missing feature values (nan) are expected; the output is a probability, not y."""
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.regressor_tags.poor_score = True  # R² against grades means nothing here
        return tags

    def fit(self, X: Any, y: Any) -> TwoSidedRanker:
        """Fit both sides from pair features ``X`` and outcome grades ``y``."""
        X, y = validate_data(self, X, y, ensure_all_finite="allow-nan", y_numeric=True)
        y = np.asarray(y, dtype=np.float64)
        student = self.student_model or default_classifier(self.random_state)
        enterprise = self.enterprise_model or default_classifier(self.random_state)
        applied = y >= self.apply_grade
        self.student_side_ = _fit_side(student, X, applied.astype(int), self.calibrate)
        Xa, ya = X[applied], (y[applied] >= self.accept_grade).astype(int)
        if len(ya) == 0:
            self.enterprise_side_ = _Constant(0.0)
        else:
            self.enterprise_side_ = _fit_side(enterprise, Xa, ya, self.calibrate)
        return self

    def predict_sides(self, X: Any) -> tuple[np.ndarray, np.ndarray]:
        """(P(student applies), P(enterprise accepts | applied)) for each pair."""
        check_is_fitted(self)
        if not _checked_rows(X, self.n_features_in_):
            X = validate_data(self, X, reset=False, ensure_all_finite="allow-nan")
        return _positive_proba(self.student_side_, X), _positive_proba(self.enterprise_side_, X)

    def predict(self, X: Any) -> np.ndarray:
        """Match probability of each pair."""
        ps, pe = self.predict_sides(X)
        return ps * pe


class LambdaRanker(RegressorMixin, BaseEstimator):
    """LambdaMART over graded outcomes (LightGBM), calibrated to P(accepted) on held-out groups.

    ``fit(X, y, groups=...)`` needs the query (student) of each row; without groups every row is
    its own query (then the ranking objective has nothing to compare and this degrades).
    """

    def __init__(
        self,
        *,
        n_estimators: int = 300,
        learning_rate: float = 0.05,
        num_leaves: int = 31,
        min_child_samples: int = 40,
        accept_grade: int = ACCEPT_GRADE,
        calibration_fraction: float = 0.25,
        random_state: int = 0,
    ) -> None:
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.num_leaves = num_leaves
        self.min_child_samples = min_child_samples
        self.accept_grade = accept_grade
        self.calibration_fraction = calibration_fraction
        self.random_state = random_state

    def _model(self) -> Any:
        import lightgbm

        return lightgbm.LGBMRanker(
            objective="lambdarank",
            n_estimators=self.n_estimators,
            learning_rate=self.learning_rate,
            num_leaves=self.num_leaves,
            min_child_samples=self.min_child_samples,
            random_state=self.random_state,
            n_jobs=2,
            verbose=-1,
            label_gain=list(range(0, 64)),
        )

    def __sklearn_tags__(self) -> Any:
        """Missing feature values (nan) are expected; the output is a probability, not y."""
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.regressor_tags.poor_score = True  # R² against grades means nothing here
        return tags

    def fit(self, X: Any, y: Any, groups: Any = None) -> LambdaRanker:
        """Fit on graded ``y`` grouped by ``groups`` (one id per row)."""
        X, y = validate_data(self, X, y, ensure_all_finite="allow-nan", y_numeric=True)
        y = np.clip(np.round(np.asarray(y, dtype=np.float64)), 0, 63).astype(int)
        groups = np.arange(len(y)) if groups is None else np.asarray(groups)
        if len(groups) != len(y):
            raise ValueError("groups must have one entry per row")
        rng = np.random.default_rng(self.random_state)
        unique = np.unique(groups)
        calib = (
            set(
                rng.choice(
                    unique, size=max(1, int(len(unique) * self.calibration_fraction)), replace=False
                ).tolist()
            )
            if len(unique) > 3
            else set()
        )
        in_calib = np.array([g in calib for g in groups], dtype=bool)
        fit_rows = ~in_calib if in_calib.any() and (~in_calib).any() else np.ones(len(y), bool)
        order = np.argsort(groups[fit_rows], kind="stable")
        Xf, yf, gf = X[fit_rows][order], y[fit_rows][order], groups[fit_rows][order]
        _, sizes = np.unique(gf, return_counts=True)
        # np.unique sorts group ids, and rows are sorted by group, so sizes line up.
        self.model_ = self._model().fit(Xf, yf, group=sizes)
        cal_rows = in_calib if in_calib.any() else fit_rows
        scores = self.model_.predict(X[cal_rows])
        self.calibrator_ = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(
            scores, (y[cal_rows] >= self.accept_grade).astype(float)
        )
        return self

    def rank_score(self, X: Any) -> np.ndarray:
        """The raw LambdaMART score."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, ensure_all_finite="allow-nan")
        return self.model_.predict(X)

    def predict(self, X: Any) -> np.ndarray:
        """Calibrated probability that the pair ends in an interview or better.

        Ties from the isotonic steps are broken by the raw score (a tiny monotone nudge), so
        the ranking is the LambdaMART ranking.
        """
        raw = self.rank_score(X)
        p = self.calibrator_.predict(raw)
        span = np.ptp(raw) or 1.0
        return np.clip(p + 1e-6 * (raw - raw.min()) / span, 0.0, 1.0)


class PriorScore(RegressorMixin, BaseEstimator):
    """:func:`prior_score` as a scikit-learn regressor: nothing to learn, one ``predict``.

    The lexical part is normalised over the rows of one ``predict`` call, so call it once per
    query (one student's candidates), as the request path does.
    """

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        return tags

    def fit(self, X: Any, y: Any = None) -> PriorScore:
        """Check the feature matrix (nothing is learned)."""
        validate_data(self, X, ensure_all_finite="allow-nan")
        if self.n_features_in_ != len(FEATURE_NAMES):
            raise ValueError(
                f"the prior reads the {len(FEATURE_NAMES)} pair features; got "
                f"{self.n_features_in_} columns"
            )
        return self

    def predict(self, X: Any) -> np.ndarray:
        """The prior score of each row."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, ensure_all_finite="allow-nan")
        return prior_score(np.asarray(X, dtype=np.float32))


#: Types skops may load from a ranker file (everything else is refused).
TRUSTED_TYPES: list[str] = [
    "matcher.ranking.ranker.TwoSidedRanker",
    "matcher.ranking.ranker.LambdaRanker",
    "matcher.ranking.ranker._Constant",
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.ensemble._hist_gradient_boosting.gradient_boosting.HistGradientBoostingClassifier",
    "lightgbm.sklearn.LGBMClassifier",
    "sklearn.isotonic.IsotonicRegression",
    "lightgbm.sklearn.LGBMRanker",
    "lightgbm.basic.Booster",
]


def save_ranker(model: Any, path: Path) -> None:
    """Write a fitted ranker with skops, whole or not at all (written aside, then renamed)."""
    import skops.io as sio

    write_atomic(path, sio.dumps(model))


def load_ranker(path: Path) -> Any:
    """Load a ranker written by :func:`save_ranker`, refusing types not known to be ours."""
    import skops.io as sio

    unknown = sio.get_untrusted_types(file=path)
    allowed = [
        t
        for t in unknown
        if t in TRUSTED_TYPES
        or t.startswith(("sklearn.", "numpy.", "lightgbm.", "collections.", "builtins.", "scipy."))
    ]
    refused = sorted(set(unknown) - set(allowed))
    if refused:
        from matcher.errors import ArtifactError

        raise ArtifactError(f"{path} holds unexpected types {refused}; run `matcher train`")
    return sio.load(path, trusted=allowed)
