"""``simple5``: a logistic regression on five written features, fitted on the training window's
outcomes, the plain baseline the learned ranker must beat on every world (issue #20); and the
five features it and the leakage probe (:mod:`.probe`) read.

The five are columns of the pair features (:data:`~matcher.ranking.features.FEATURE_NAMES`), so
no rule is written twice: GPA, IDF-weighted required-skill coverage, major match, city match
and degree gap. Missing values are imputed inside the pipeline (see :func:`five_features`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils.validation import check_is_fitted, validate_data

from matcher.ranking.features import FEATURE_NAMES
from matcher.rules import ACCEPT_GRADE

SIMPLE = "simple5"
#: The five written features, in column order.
FIVE_FEATURES: tuple[str, ...] = (
    "gpa",
    "required_coverage",
    "major_match",
    "city_match",
    "degree_gap",
)
_COL = {name: i for i, name in enumerate(FEATURE_NAMES)}


def five_features(X: np.ndarray) -> np.ndarray:
    """The five written features ``(n, 5)`` of pair feature rows ``(n, len(FEATURE_NAMES))``.

    - ``gpa``: the student's GPA (``nan`` when not stated);
    - ``required_coverage``: the IDF-weighted share of the position's required skills the
      student lists (``nan`` when it requires none);
    - ``major_match``: 1 when the student's major is among the accepted ones or the position
      accepts any major (``major_accepted`` or ``any_major``), else 0;
    - ``city_match``: 1 when the position's city is among the student's preferred cities or
      the student states none (``city_preferred``, whose ``nan`` is "no preference"), else 0;
    - ``degree_gap``: the student's degree rank minus the position's minimum.

    The two ``nan`` left (GPA, coverage) are for the model: :class:`Simple5` imputes the
    training median, the probe's gradient boosting routes them natively.

    >>> row = np.full((1, len(FEATURE_NAMES)), np.nan)
    >>> row[0, [_COL["major_accepted"], _COL["any_major"], _COL["degree_gap"]]] = 0, 1, -1
    >>> five_features(row).tolist()
    [[nan, nan, 1.0, 1.0, -1.0]]
    """
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != len(FEATURE_NAMES):
        raise ValueError(
            f"five_features reads rows of the {len(FEATURE_NAMES)} pair features; got shape "
            f"{X.shape}"
        )
    city = X[:, _COL["city_preferred"]]
    return np.column_stack(
        [
            X[:, _COL["gpa"]],
            X[:, _COL["required_coverage"]],
            np.maximum(X[:, _COL["major_accepted"]], X[:, _COL["any_major"]]),
            np.where(np.isnan(city), 1.0, city),
            X[:, _COL["degree_gap"]],
        ]
    )


def five_feature_names(transformer: Any, input_features: Any) -> np.ndarray:
    """Output names of the five-feature transformer (for ``get_feature_names_out``)."""
    return np.array(FIVE_FEATURES, dtype=object)


def five_feature_transformer() -> Any:
    """:func:`five_features` as the first step of a pipeline."""
    from sklearn.preprocessing import FunctionTransformer

    return FunctionTransformer(five_features, feature_names_out=five_feature_names)


class Simple5(RegressorMixin, BaseEstimator):
    """P(interview or better) from five written features, by logistic regression.

    Fitted on graded pairs as the learned rankers are (``y``: 0 ignored … 5 hired, see
    :mod:`matcher.ranking.ranker`); the label is ``y >= accept_grade``, the pairs both sides
    wanted, which the kept ranker is also chosen by (:func:`~matcher.ranking.training.match_qrels`).
    A binary target keeps the model as simple as its name: a graded one would mostly learn what
    students applied to, their side alone. ``predict`` gives the probability, so the model
    ranks, and is calibrated, like the rankers.

    Parameters
    ----------
    accept_grade:
        Outcome grade from which a pair counts as wanted by both sides.
    C:
        Inverse L2 strength of the logistic regression (on standardised features).
    """

    def __init__(self, *, accept_grade: int = ACCEPT_GRADE, C: float = 1.0) -> None:
        self.accept_grade = accept_grade
        self.C = C

    def __sklearn_tags__(self) -> Any:
        """Missing feature values (nan) are expected; the output is a probability, not y."""
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.regressor_tags.poor_score = True
        return tags

    def fit(self, X: Any, y: Any) -> Simple5:
        """Fit on pair feature rows ``X`` and outcome grades ``y``."""
        from sklearn.impute import SimpleImputer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import StandardScaler

        X, y = validate_data(self, X, y, ensure_all_finite="allow-nan", y_numeric=True)
        label = (np.asarray(y, dtype=np.float64) >= self.accept_grade).astype(int)
        if label.min() == label.max():
            raise ValueError(
                f"simple5 needs pairs below and at grade {self.accept_grade}; all are "
                f"{'at or above' if label[0] else 'below'} it"
            )
        self.pipeline_ = make_pipeline(
            five_feature_transformer(),
            SimpleImputer(strategy="median", keep_empty_features=True),
            StandardScaler(),
            LogisticRegression(C=self.C, max_iter=1000),
        ).fit(X, label)
        return self

    def predict(self, X: Any) -> np.ndarray:
        """Probability that each pair ends in an interview or better."""
        check_is_fitted(self)
        X = validate_data(self, X, reset=False, ensure_all_finite="allow-nan")
        return self.pipeline_.predict_proba(X)[:, 1]

    def describe(self) -> dict[str, Any]:
        """The fitted model for a report: coefficients per standardised feature, intercept,
        and the medians that fill missing values."""
        check_is_fitted(self)
        imputer, _scaler, logit = self.pipeline_[1], self.pipeline_[2], self.pipeline_[-1]
        return {
            "features": list(FIVE_FEATURES),
            "label": f"grade >= {self.accept_grade} (interview or better)",
            "coefficients": {
                n: round(float(c), 4) for n, c in zip(FIVE_FEATURES, logit.coef_[0], strict=True)
            },
            "intercept": round(float(logit.intercept_[0]), 4),
            "imputed_medians": {
                n: round(float(v), 4)
                for n, v in zip(FIVE_FEATURES, imputer.statistics_, strict=True)
                if n in ("gpa", "required_coverage")
            },
        }
