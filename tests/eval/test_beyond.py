"""Beyond-accuracy, calibration and fairness metrics: hand-computed values, edges, errors."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pytest
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss

from eval import beyond
from eval.beyond import (
    brier_score,
    catalogue_coverage,
    congestion,
    expected_calibration_error,
    exposure,
    gini,
    group_gaps,
    intra_list_diversity,
    reliability_table,
    top_k,
)

LOG2_3 = math.log2(3)

# Top-2 lists: q1 → [a, b]; q2 → [a, b] (a/b tie broken by id); q3 → [c].
# Top-3 lists: q1 → [a, b, c]; q2 → [a, b, d]; q3 → [c].
RUN = {
    "q1": {"a": 0.9, "b": 0.8, "c": 0.1},
    "q2": {"b": 0.7, "a": 0.7, "d": 0.2},
    "q3": {"c": 0.5},
}
CATALOGUE = ["a", "b", "c", "d", "e"]
OWNER = {"a": "E1", "b": "E2", "c": "E1", "d": "E3", "e": "E4"}
VECTORS = {
    "a": np.array([1.0, 0.0]),
    "b": np.array([0.0, 1.0]),
    "c": np.array([1.0, 1.0]),
    "d": np.array([-1.0, 0.0]),
}


def test_doctests() -> None:
    result = doctest.testmod(beyond)
    assert result.attempted > 0
    assert result.failed == 0


# --------------------------------------------------------------------------- ranking


def test_top_k_orders_by_score_then_item_id() -> None:
    assert top_k({"b": 1.0, "a": 1.0, "c": 2.0}, 3) == ["c", "a", "b"]
    assert top_k({"b": 1.0, "a": 1.0, "c": 2.0}, 2) == ["c", "a"]
    assert top_k({"x": 1.0}, 5) == ["x"]
    assert top_k({}, 5) == []


@pytest.mark.parametrize("k", [0, -1, 1.5, "3", True])
def test_bad_k_is_rejected(k: object) -> None:
    with pytest.raises(ValueError, match="k must be"):
        catalogue_coverage(RUN, CATALOGUE, k)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="k must be"):
        exposure(RUN, OWNER, k)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="k must be"):
        congestion(RUN, {}, k)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="k must be"):
        intra_list_diversity(RUN, VECTORS, k)  # type: ignore[arg-type]


def test_nan_score_is_rejected() -> None:
    with pytest.raises(ValueError, match="NaN"):
        top_k({"a": math.nan, "b": 1.0}, 1)


# --------------------------------------------------------------------------- coverage


@pytest.mark.parametrize(("k", "expected"), [(1, 2 / 5), (2, 3 / 5), (3, 4 / 5), (10, 4 / 5)])
def test_catalogue_coverage(k: int, expected: float) -> None:
    assert catalogue_coverage(RUN, CATALOGUE, k) == pytest.approx(expected)


def test_coverage_ignores_items_outside_catalogue_and_duplicates() -> None:
    assert catalogue_coverage(RUN, ["a", "a", "z"], 2) == pytest.approx(1 / 2)
    assert catalogue_coverage({}, CATALOGUE, 2) == 0.0


def test_coverage_empty_catalogue_is_an_error() -> None:
    with pytest.raises(ValueError, match="catalogue is empty"):
        catalogue_coverage(RUN, [], 2)


# --------------------------------------------------------------------------- exposure


def test_exposure_log_discount() -> None:
    # E1: a at rank 1 in q1 and q2, c at rank 1 in q3; E2: b at rank 2 twice.
    got = exposure(RUN, OWNER, 2)
    assert got == pytest.approx({"E1": 3.0, "E2": 2 / LOG2_3, "E3": 0.0, "E4": 0.0})
    # k = 3 adds c at rank 3 (E1) and d at rank 3 (E3): 1 / log2(4) = 0.5 each.
    got3 = exposure(RUN, OWNER, 3, discount="log")
    assert got3 == pytest.approx({"E1": 3.5, "E2": 2 / LOG2_3, "E3": 0.5, "E4": 0.0})


def test_exposure_flat_discount_counts_appearances() -> None:
    assert exposure(RUN, OWNER, 2, discount="flat") == {"E1": 3.0, "E2": 2.0, "E3": 0.0, "E4": 0.0}


def test_exposure_skips_items_without_owner() -> None:
    assert exposure(RUN, {"b": "E2"}, 2, discount="flat") == {"E2": 2.0}


def test_exposure_bad_discount() -> None:
    with pytest.raises(ValueError, match="discount"):
        exposure(RUN, OWNER, 2, discount="exp")


# --------------------------------------------------------------------------- gini


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1, 1, 1, 1], 0.0),
        ([0, 0, 0, 1], 0.75),  # maximum (n - 1) / n for n = 4
        ([3, 2, 0, 0], 0.55),  # 2·(3·2 + 4·3)/(4·5) − 5/4; mean |xi − xj| / (2·mean) agrees
        ([1, 3], 0.25),  # 2·(1 + 6)/(2·4) − 3/2
        ([5], 0.0),
        ([], 0.0),
        ([0, 0, 0], 0.0),
    ],
)
def test_gini(values: list[float], expected: float) -> None:
    assert gini(values) == pytest.approx(expected, abs=1e-12)


def test_gini_is_order_and_scale_invariant_and_matches_mean_abs_difference() -> None:
    rng = np.random.default_rng(0)
    x = rng.exponential(size=37)
    n = x.size
    mad = np.abs(x[:, None] - x[None, :]).sum() / (2 * n * n * x.mean())
    assert gini(x) == pytest.approx(mad)
    assert gini(x[::-1] * 7.0) == pytest.approx(gini(x))


def test_gini_of_flat_exposure() -> None:
    assert gini(list(exposure(RUN, OWNER, 2, discount="flat").values())) == pytest.approx(0.55)


@pytest.mark.parametrize("values", [[1, -1], [1, math.nan], [math.inf, 1]])
def test_gini_rejects_negative_or_non_finite(values: list[float]) -> None:
    with pytest.raises(ValueError, match="gini values"):
        gini(values)


# --------------------------------------------------------------------------- congestion


def test_congestion() -> None:
    # Top-2 appearances: a 2, b 2, c 1; openings a 2, b 1, c 0 → 1 (min 1); d is not shown.
    # Ratios [1, 2, 1]: mean 4/3, max 2, p90 = 1 + 0.8·(2 − 1) (linear interpolation).
    got = congestion(RUN, {"a": 2, "b": 1, "c": 0, "d": 5}, 2)
    assert got == pytest.approx({"mean": 4 / 3, "max": 2.0, "p90": 1.8, "items": 3})
    assert got["items"] == 3


def test_congestion_missing_openings_count_as_one() -> None:
    got = congestion(RUN, {}, 1)  # top-1: a twice, c once
    assert got == pytest.approx({"mean": 1.5, "max": 2.0, "p90": 1.9, "items": 2})


def test_congestion_of_empty_run() -> None:
    assert congestion({}, {"a": 1}, 3) == {"mean": 0.0, "max": 0.0, "p90": 0.0, "items": 0}


# --------------------------------------------------------------------------- diversity


def test_intra_list_diversity_k2() -> None:
    # q1 and q2 are [a, b] (orthogonal: distance 1); q3 has one item and is skipped.
    assert intra_list_diversity(RUN, VECTORS, 2) == pytest.approx(1.0)


def test_intra_list_diversity_k3_with_callable() -> None:
    # q1 [a, b, c]: 1, 1 − 1/√2, 1 − 1/√2 → (3 − √2)/3; q2 [a, b, d]: 1, 2, 1 → 4/3.
    expected = ((3 - math.sqrt(2)) / 3 + 4 / 3) / 2
    assert intra_list_diversity(RUN, VECTORS, 3) == pytest.approx(expected)
    scaled = {item: 10.0 * v for item, v in VECTORS.items()}
    assert intra_list_diversity(RUN, scaled.__getitem__, 3) == pytest.approx(expected)


def test_intra_list_diversity_identical_items_and_no_eligible_query() -> None:
    same = {"x": np.array([1.0, 2.0]), "y": np.array([2.0, 4.0])}
    assert intra_list_diversity({"q": {"x": 1.0, "y": 0.5}}, same, 5) == pytest.approx(0.0)
    assert intra_list_diversity(RUN, VECTORS, 1) == 0.0


def test_intra_list_diversity_errors() -> None:
    with pytest.raises(ValueError, match="no vector for item 'b'"):
        intra_list_diversity(RUN, {"a": np.ones(2)}, 2)
    with pytest.raises(ValueError, match="zero"):
        intra_list_diversity(RUN, {**VECTORS, "b": np.zeros(2)}, 2)
    with pytest.raises(ValueError, match="dimensions"):
        intra_list_diversity(RUN, {**VECTORS, "b": np.ones(3)}, 2)


# --------------------------------------------------------------------------- calibration

P = [0.1, 0.4, 0.8, 0.9]
Y = [0, 1, 1, 0]


def test_brier_score() -> None:
    # (0.01 + 0.36 + 0.04 + 0.81) / 4
    assert brier_score(P, Y) == pytest.approx(0.305)
    assert brier_score([0.0, 1.0], [False, True]) == 0.0
    assert brier_score([1.0, 0.0], [0, 1]) == 1.0


def test_ece_two_bins() -> None:
    # bin [0, .5): mean p .25, rate .5 → .25; bin [.5, 1]: mean p .85, rate .5 → .35; each 2/4.
    assert expected_calibration_error(P, Y, bins=2) == pytest.approx(0.5 * 0.25 + 0.5 * 0.35)


def test_ece_ten_bins() -> None:
    # one example per bin: (|.1 − 0| + |.4 − 1| + |.8 − 1| + |.9 − 0|) / 4
    assert expected_calibration_error(P, Y) == pytest.approx(1.8 / 4)


def test_ece_perfect_and_single_bin() -> None:
    assert expected_calibration_error([0.0, 0.0, 1.0, 1.0], [0, 0, 1, 1]) == 0.0
    # one bin: |mean p − rate| = |0.55 − 0.5|
    assert expected_calibration_error(P, Y, bins=1) == pytest.approx(0.05)


def test_reliability_table() -> None:
    table = reliability_table(P, Y, bins=2)
    assert table == [
        {
            "lower": 0.0,
            "upper": 0.5,
            "count": 2,
            "mean_predicted": pytest.approx(0.25),
            "observed_rate": 0.5,
        },
        {
            "lower": 0.5,
            "upper": 1.0,
            "count": 2,
            "mean_predicted": pytest.approx(0.85),
            "observed_rate": 0.5,
        },
    ]


def test_reliability_table_empty_bins_and_edges() -> None:
    # 0.0 → first bin, 0.5 → bin [0.5, 0.75), 1.0 → last bin (closed on the right).
    table = reliability_table([0.0, 0.5, 1.0], [0, 1, 1], bins=4)
    assert [row["count"] for row in table] == [1, 0, 1, 1]
    assert table[1]["mean_predicted"] is None
    assert table[1]["observed_rate"] is None
    assert [(row["lower"], row["upper"]) for row in table] == [
        (0.0, 0.25),
        (0.25, 0.5),
        (0.5, 0.75),
        (0.75, 1.0),
    ]
    assert sum(row["count"] for row in reliability_table(P * 5, Y * 5)) == 20


@pytest.mark.parametrize("bins", [3, 10, 22, 43])
def test_bin_edges_are_exact(bins: int) -> None:
    # p = i / bins belongs to bin i (floating round-off must not push it into bin i − 1).
    p = [i / bins for i in range(bins)]
    table = reliability_table(p, [0] * bins, bins=bins)
    assert [row["count"] for row in table] == [1] * bins


@pytest.mark.parametrize("bins", [1, 4, 10, 20])
def test_reliability_rows_are_scikit_learns_curve_off_the_edges(bins: int) -> None:
    """Non-empty rows = ``calibration_curve(strategy="uniform")``, on p that hit no bin edge."""
    rng = np.random.default_rng(bins)
    p = rng.beta(2, 6, size=300)  # skewed: with 20 bins, the top bins stay empty
    y = (rng.random(300) < p).astype(int)
    prob_true, prob_pred = calibration_curve(y, p, n_bins=bins, strategy="uniform")
    rows = [row for row in reliability_table(p, y, bins=bins) if row["count"]]
    assert [row["observed_rate"] for row in rows] == pytest.approx(prob_true.tolist())
    assert [row["mean_predicted"] for row in rows] == pytest.approx(prob_pred.tolist())
    counts = np.array([row["count"] for row in rows])
    ece = float(np.sum(counts / counts.sum() * np.abs(prob_pred - prob_true)))
    assert expected_calibration_error(p, y, bins=bins) == pytest.approx(ece)


def test_brier_score_is_scikit_learns() -> None:
    rng = np.random.default_rng(5)
    p = rng.random(200)
    y = rng.integers(0, 2, size=200)
    assert brier_score(p, y) == pytest.approx(float(np.mean((p - y) ** 2)))
    assert brier_score(p, y) == pytest.approx(brier_score_loss(y, p))
    assert brier_score([0.2, 0.4], [0, 0]) == pytest.approx(0.1)  # one class only
    assert brier_score([0.8, 0.6], [1, 1]) == pytest.approx(0.1)


@pytest.mark.parametrize(
    ("probabilities", "outcomes", "message"),
    [
        ([0.1, 0.2], [1], "mismatched lengths"),
        ([], [], "no probabilities"),
        ([1.2], [1], r"within \[0, 1\]"),
        ([-0.1], [0], r"within \[0, 1\]"),
        ([math.nan], [0], r"within \[0, 1\]"),
        ([0.5], [2], "binary"),
    ],
)
def test_calibration_input_errors(
    probabilities: list[float], outcomes: list[float], message: str
) -> None:
    for fn in (brier_score, expected_calibration_error, reliability_table):
        with pytest.raises(ValueError, match=message):
            fn(probabilities, outcomes)


@pytest.mark.parametrize("bins", [0, -3, 2.5])
def test_bad_bins(bins: object) -> None:
    with pytest.raises(ValueError, match="bins must be"):
        expected_calibration_error(P, Y, bins=bins)  # type: ignore[arg-type]


def test_results_are_plain_python_numbers() -> None:
    """JSON-ready: no numpy scalars leak out (doctests and json.dumps rely on it)."""
    scalars = [
        catalogue_coverage(RUN, CATALOGUE, 2),
        gini([0, 0, 0, 1]),
        gini([1, 2]),
        intra_list_diversity(RUN, VECTORS, 2),
        brier_score(P, Y),
        expected_calibration_error(P, Y),
        *exposure(RUN, OWNER, 2).values(),
        *congestion(RUN, {}, 2).values(),
        *(v for row in reliability_table(P, Y) for v in row.values() if v is not None),
        *(v for v in group_gaps({"q": 1.0}, {"q": "g"}).values() if not isinstance(v, dict)),
    ]
    assert all(type(x) in (float, int) for x in scalars), [type(x) for x in scalars]


# --------------------------------------------------------------------------- fairness


def test_group_gaps() -> None:
    per_query = {"q1": 1.0, "q2": 0.5, "q3": 0.0, "q4": 0.8, "q5": 0.3, "q7": 0.9}
    group_of = {"q1": "女", "q2": "女", "q3": "男", "q4": "男", "q5": None, "q6": "男"}
    got = group_gaps(per_query, group_of)  # q5 (None) and q7 (no group) are ignored
    assert got["groups"] == {
        "女": {"mean": pytest.approx(0.75), "n": 2},
        "男": {"mean": pytest.approx(0.4), "n": 2},
    }
    assert got["max_gap"] == pytest.approx(0.35)
    assert got["ratio"] == pytest.approx(0.4 / 0.75)


def test_group_gaps_zero_single_and_empty() -> None:
    zero = group_gaps({"q1": 0.0, "q2": 0.0}, {"q1": "a", "q2": "b"})
    assert zero["max_gap"] == 0.0
    assert zero["ratio"] is None
    single = group_gaps({"q1": 0.2, "q2": 0.4}, {"q1": "a", "q2": "a"})
    assert single["max_gap"] == 0.0
    assert single["ratio"] == pytest.approx(1.0)
    assert group_gaps({"q1": 1.0}, {}) == {"groups": {}, "max_gap": None, "ratio": None}
