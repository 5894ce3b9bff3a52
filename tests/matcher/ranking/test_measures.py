"""Ranking measures: hand-computed values, trec_eval conventions, agreement with pytrec_eval."""

from __future__ import annotations

import doctest
import math
import random

import ir_measures
import pytest
import pytrec_eval

from matcher.ranking import measures
from matcher.ranking.measures import DEFAULT_MEASURES, evaluate, measure_name, parse_measure

LOG2_3 = math.log2(3)
LOG2_5 = math.log2(5)

QRELS = {
    # binary: relevant a, c, z (z never retrieved); b judged non-relevant
    "q1": {"a": 1, "b": 0, "c": 1, "z": 1},
    # graded
    "q2": {"a": 2, "b": 1, "c": 0, "d": 3},
    # relevant but absent from the run: scores 0 everywhere
    "q3": {"x": 1},
    # no relevant document: excluded from every mean
    "q4": {"y": 0},
}
RUN = {
    "q1": {"a": 3.0, "b": 2.0, "c": 1.0},  # relevant at ranks 1 and 3
    "q2": {"c": 0.9, "a": 0.8, "d": 0.7, "b": 0.1, "e": 0.05},  # grades 0, 2, 3, 1, unjudged
    "q4": {"y": 1.0},
    "q5": {"a": 1.0},  # not in the qrels: ignored
}

# q1: AP = (1/1 + 2/3) / 3 (three relevant, the third never retrieved)
Q1_AP = (1 / 1 + 2 / 3) / 3
# q1: DCG@10 = 1/log2(2) + 0/log2(3) + 1/log2(4) = 1.5; ideal = 1 + 1/log2(3) + 1/log2(4)
Q1_NDCG10 = 1.5 / (1 + 1 / LOG2_3 + 0.5)
# q2: relevant a (rank 2), d (rank 3), b (rank 4): AP = (1/2 + 2/3 + 3/4) / 3
Q2_AP = (1 / 2 + 2 / 3 + 3 / 4) / 3
# q2: gain = grade (linear), discount log2(rank + 1):
#   DCG = 0/1 + 2/log2(3) + 3/log2(4) + 1/log2(5) = 0 + 1.261860 + 1.5 + 0.430677 = 3.192536
#   ideal order 3, 2, 1: 3/1 + 2/log2(3) + 1/log2(4) = 3 + 1.261860 + 0.5 = 4.761860
#   nDCG@10 = 3.192536 / 4.761860 = 0.670439
Q2_NDCG10 = (2 / LOG2_3 + 3 / 2 + 1 / LOG2_5) / (3 + 2 / LOG2_3 + 1 / 2)
# q2 at cutoff 2: DCG@2 = 2/log2(3); ideal@2 = 3 + 2/log2(3)
Q2_NDCG2 = (2 / LOG2_3) / (3 + 2 / LOG2_3)


def test_hand_computed_values_per_query() -> None:
    result = evaluate(QRELS, RUN, ["map", "ndcg@10", "ndcg@2", "mrr", "recall@100", "P@10"])
    pq = result.per_query
    assert pq["map"] == pytest.approx({"q1": Q1_AP, "q2": Q2_AP, "q3": 0.0})
    assert pq["ndcg@10"] == pytest.approx({"q1": Q1_NDCG10, "q2": Q2_NDCG10, "q3": 0.0})
    assert round(Q1_NDCG10, 6) == 0.703918
    assert round(Q2_NDCG10, 6) == 0.670439
    assert pq["ndcg@2"]["q2"] == pytest.approx(Q2_NDCG2)
    assert pq["mrr"] == pytest.approx({"q1": 1.0, "q2": 1 / 2, "q3": 0.0})
    assert pq["recall@100"] == pytest.approx({"q1": 2 / 3, "q2": 1.0, "q3": 0.0})
    assert pq["precision@10"] == pytest.approx({"q1": 2 / 10, "q2": 3 / 10, "q3": 0.0})


def test_means_follow_trec_eval_c() -> None:
    result = evaluate(QRELS, RUN, ["map", "mrr", "ndcg@10", "recall@100"])
    # averaged over q1, q2 and q3 (missing from the run: 0); q4 excluded, q5 ignored
    assert result.queries == ("q1", "q2", "q3")
    assert result.num_queries == 3
    assert result.excluded_queries == ("q4",)
    assert result.missing_queries == ("q3",)
    assert result.unjudged_queries == ("q5",)
    assert result.means["map"] == pytest.approx((Q1_AP + Q2_AP + 0) / 3)
    assert result.means["mrr"] == pytest.approx((1 + 0.5 + 0) / 3)
    assert result.means["ndcg@10"] == pytest.approx((Q1_NDCG10 + Q2_NDCG10) / 3)
    assert result.means["recall@100"] == pytest.approx((2 / 3 + 1) / 3)
    summary = result.to_dict()
    assert summary["num_queries"] == 3 and summary["num_excluded"] == 1
    assert summary["means"] == result.means and "per_query" not in summary
    assert result.to_dict(per_query=True)["per_query"]["mrr"]["q2"] == 0.5


def test_default_measures_and_names() -> None:
    result = evaluate(QRELS, RUN)
    assert list(result.means) == list(DEFAULT_MEASURES)
    assert list(DEFAULT_MEASURES) == [
        "map",
        "ndcg@5",
        "ndcg@10",
        "ndcg@20",
        "mrr",
        "precision@10",
        "recall@10",
        "recall@50",
        "recall@100",
    ]


@pytest.mark.parametrize(
    ("given", "name", "ir_name"),
    [
        ("map", "map", "AP"),
        ("AP", "map", "AP"),
        ("MAP", "map", "AP"),
        ("ndcg@10", "ndcg@10", "nDCG@10"),
        ("nDCG@10", "ndcg@10", "nDCG@10"),
        ("ndcg", "ndcg", "nDCG"),
        ("mrr", "mrr", "RR"),
        ("RR@10", "mrr@10", "RR@10"),
        ("recall@100", "recall@100", "R@100"),
        ("R@50", "recall@50", "R@50"),
        ("P@10", "precision@10", "P@10"),
        ("AP(rel=2)", "AP(rel=2)", "AP(rel=2)"),
    ],
)
def test_measure_names(given: str, name: str, ir_name: str) -> None:
    measure = parse_measure(given)
    assert str(measure) == ir_name
    assert measure_name(measure) == name


def test_unknown_measure_and_no_measure() -> None:
    with pytest.raises(ValueError, match="unknown measure 'f1'"):
        parse_measure("f1")
    with pytest.raises(ValueError, match="no measure"):
        evaluate(QRELS, RUN, [])


def test_empty_run_scores_zero_and_empty_qrels_gives_nan() -> None:
    result = evaluate(QRELS, {}, ["map"])
    assert result.means["map"] == 0.0 and result.missing_queries == ("q1", "q2", "q3")
    assert math.isnan(evaluate({}, RUN, ["map"]).means["map"])


def _random_world(seed: int) -> tuple[dict, dict]:
    rng = random.Random(seed)
    qrels, run = {}, {}
    for q in range(50):
        docs = rng.sample(range(300), 40)
        qrels[f"q{q}"] = {f"d{d}": rng.choice([0, 0, 0, 1, 1, 2, 3]) for d in docs}
        retrieved = rng.sample(range(300), 120)
        # coarse scores so that ties happen and tie-breaking is checked too
        run[f"q{q}"] = {f"d{d}": round(rng.random(), 2) for d in retrieved}
    qrels["q_none"] = {"d1": 0, "d2": 0}  # excluded
    qrels["q_missing"] = {"d1": 1}  # absent from the run
    return qrels, run


def test_agrees_with_pytrec_eval_on_a_random_run() -> None:
    qrels, run = _random_world(11)
    result = evaluate(qrels, run)
    trec_names = {
        "map": "map",
        "ndcg@5": "ndcg_cut_5",
        "ndcg@10": "ndcg_cut_10",
        "ndcg@20": "ndcg_cut_20",
        "mrr": "recip_rank",
        "precision@10": "P_10",
        "recall@10": "recall_10",
        "recall@50": "recall_50",
        "recall@100": "recall_100",
    }
    evaluator = pytrec_eval.RelevanceEvaluator(
        qrels, {"map", "ndcg_cut.5,10,20", "recip_rank", "P.10", "recall.10,50,100"}
    )
    reference = evaluator.evaluate(run)
    judged = [q for q, d in qrels.items() if any(r > 0 for r in d.values())]
    assert sorted(result.queries) == sorted(judged) and len(judged) == 51
    for ours, theirs in trec_names.items():
        for qid in judged:
            expected = reference[qid][theirs] if qid in reference else 0.0  # trec_eval -c
            assert result.per_query[ours][qid] == pytest.approx(expected, abs=1e-3), (ours, qid)
        mean = sum(reference[q][theirs] for q in judged if q in reference) / len(judged)
        assert result.means[ours] == pytest.approx(mean, abs=1e-3), ours


def test_agrees_with_ir_measures_aggregate_when_nothing_is_missing() -> None:
    qrels, run = _random_world(5)
    del qrels["q_none"], qrels["q_missing"]
    result = evaluate(qrels, run)
    measures = [parse_measure(m) for m in DEFAULT_MEASURES]
    aggregate = ir_measures.calc_aggregate(measures, qrels, run)
    for measure in measures:
        assert result.means[measure_name(measure)] == pytest.approx(aggregate[measure], abs=1e-9)


def test_docstring_examples_run() -> None:
    results = doctest.testmod(measures)
    assert results.attempted > 0 and results.failed == 0
