"""Ranking measures with trec_eval's definitions, computed by ir_measures.

Training validates with them (:func:`validation_evaluator`) and the researchers' evaluation
(:mod:`eval`) reports them, with its significance tests in :mod:`eval.metrics`.

Names are lower-case strings with an optional cutoff; each maps to an ir_measures measure and to
the trec_eval measure that computes it:

=================  ===============  ==================  =========================================
name               ir_measures      trec_eval           definition
=================  ===============  ==================  =========================================
``map``            ``AP``           ``map``             mean over relevant docs of precision at
                                                        their ranks; unretrieved ones count 0
``ndcg@k``         ``nDCG@k``       ``ndcg_cut_k``      DCG@k / ideal DCG@k, gain = the grade
                                                        itself (linear), discount log2(rank + 1)
``mrr``            ``RR``           ``recip_rank``      1 / rank of the first relevant document
``recall@k``       ``R@k``          ``recall_k``        relevant in the top k / all relevant
``precision@k``    ``P@k``          ``P_k``             relevant in the top k / k
=================  ===============  ==================  =========================================

The ideal DCG is computed from every judged document of the query (not only the retrieved ones).
A document is relevant when its grade is at least 1; grades ≤ 0 are non-relevant.
ir_measures names (``"nDCG@10"``, ``"AP"``, ``"RR"``, ``"R@100"``, ``"P@10"``) and other
ir_measures measures are accepted too; unknown families keep ir_measures' spelling.

Which queries count (the convention of ``trec_eval -c``, what researchers expect):

* a query of the qrels with no relevant document cannot be scored: it is left out of every mean
  and listed in :attr:`EvalResult.excluded_queries`;
* a query of the qrels (with a relevant document) that the run does not answer scores 0 on every
  measure and is listed in :attr:`EvalResult.missing_queries`;
* a query of the run that is not in the qrels is ignored (:attr:`EvalResult.unjudged_queries`).

Means are therefore over every qrels query with at least one relevant document.

>>> qrels = {"q1": {"d1": 1, "d2": 0, "d3": 1}}
>>> run = {"q1": {"d1": 3.0, "d2": 2.0, "d3": 1.0}}
>>> round(evaluate(qrels, run, ["map", "mrr"]).means["map"], 4)  # (1/1 + 2/3) / 2
0.8333
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import ir_measures
import numpy as np

logger = logging.getLogger(__name__)

__all__ = [
    "DEFAULT_MEASURES",
    "VALIDATION_MEASURES",
    "EvalResult",
    "evaluate",
    "measure_name",
    "parse_measure",
    "validation_evaluator",
]

#: What :func:`evaluate` reports unless told otherwise.
DEFAULT_MEASURES: tuple[str, ...] = (
    "map",
    "ndcg@5",
    "ndcg@10",
    "ndcg@20",
    "mrr",
    "precision@10",
    "recall@10",
    "recall@50",
    "recall@100",
)

# Our family name -> ir_measures family name (and the reverse for naming results).
_TO_IR = {"map": "AP", "ndcg": "nDCG", "mrr": "RR", "recall": "R", "precision": "P"}
_FROM_IR = {ir: ours for ours, ir in _TO_IR.items()}


def measure_name(measure: Any) -> str:
    """The project's name of an ir_measures measure: ``nDCG@10`` → ``ndcg@10``, ``AP`` → ``map``.

    Measures outside the table, or with parameters other than a cutoff, keep ir_measures'
    spelling (``AP(rel=2)``).
    """
    family = _FROM_IR.get(measure.NAME)
    params = dict(measure.params)
    cutoff = params.pop("cutoff", None)
    if family is None or params:
        return str(measure)
    return family if cutoff is None else f"{family}@{cutoff}"


def parse_measure(name: str) -> Any:
    """The ir_measures measure for ``name`` (``"ndcg@10"``, ``"nDCG@10"``, ``"map"``, ``"RR"``...).

    Raises ``ValueError`` for a name neither the table nor ir_measures knows.
    """
    family, sep, cutoff = name.strip().partition("@")
    ir_name = _TO_IR.get(family.lower())
    text = f"{ir_name}{sep}{cutoff}" if ir_name else name.strip()
    try:
        return ir_measures.parse_measure(text)
    except (NameError, ValueError, SyntaxError, TypeError) as exc:
        known = ", ".join([*_TO_IR, "or an ir_measures measure"])
        raise ValueError(f"unknown measure {name!r}; use {known} (with @k cutoffs)") from exc


@dataclass(frozen=True)
class EvalResult:
    """Means and per-query values of each measure, and which queries were left out or zeroed."""

    #: Mean of each measure over the evaluated queries (NaN when there is none).
    means: dict[str, float]
    #: ``per_query[measure][qid]`` for every evaluated query (missing ones as 0.0).
    per_query: dict[str, dict[str, float]]
    #: Qrels queries with a relevant document: the ones averaged.
    queries: tuple[str, ...]
    #: Qrels queries without any relevant document (not averaged).
    excluded_queries: tuple[str, ...] = ()
    #: Averaged queries that the run does not answer (scored 0).
    missing_queries: tuple[str, ...] = ()
    #: Run queries absent from the qrels (ignored).
    unjudged_queries: tuple[str, ...] = ()

    @property
    def num_queries(self) -> int:
        """How many queries the means are over."""
        return len(self.queries)

    def to_dict(self, *, per_query: bool = False) -> dict[str, Any]:
        """A JSON-ready summary (``matcher evaluate --json``)."""
        out: dict[str, Any] = {
            "means": dict(self.means),
            "num_queries": self.num_queries,
            "num_excluded": len(self.excluded_queries),
            "num_missing": len(self.missing_queries),
            "num_unjudged": len(self.unjudged_queries),
            "excluded_queries": list(self.excluded_queries),
            "missing_queries": list(self.missing_queries),
        }
        if per_query:
            out["per_query"] = {m: dict(v) for m, v in self.per_query.items()}
        return out


def evaluate(
    qrels: Mapping[str, Mapping[str, int]],
    run: Mapping[str, Mapping[str, float]],
    measures: Iterable[str] = DEFAULT_MEASURES,
) -> EvalResult:
    """Score ``run`` against ``qrels`` with trec_eval's definitions (see the module docstring).

    >>> r = evaluate({"q1": {"d1": 2, "d2": 1}, "q2": {"d9": 0}}, {"q1": {"d2": 1.0}}, ["mrr"])
    >>> r.means["mrr"], r.excluded_queries
    (1.0, ('q2',))
    """
    parsed: dict[str, Any] = {}
    for name in measures:
        measure = parse_measure(name)
        parsed.setdefault(measure_name(measure), measure)
    if not parsed:
        raise ValueError("no measure to compute")
    judged = {q: dict(d) for q, d in qrels.items() if any(rel > 0 for rel in d.values())}
    excluded = tuple(sorted(set(qrels) - set(judged)))
    answered = {q: dict(d) for q, d in run.items() if q in judged and d}
    queries = tuple(sorted(judged))
    missing = tuple(q for q in queries if q not in answered)
    unjudged = tuple(sorted(set(run) - set(qrels)))

    per_query = {name: dict.fromkeys(queries, 0.0) for name in parsed}
    name_of = {measure: name for name, measure in parsed.items()}
    if answered:
        for metric in ir_measures.iter_calc(list(parsed.values()), judged, answered):
            per_query[name_of[metric.measure]][metric.query_id] = float(metric.value)
    means = {
        name: float(np.mean(list(values.values()))) if values else math.nan
        for name, values in per_query.items()
    }
    if excluded:
        logger.info("%d qrels queries have no relevant document and are left out", len(excluded))
    if missing:
        logger.info("%d judged queries are missing from the run and score 0", len(missing))
    return EvalResult(means, per_query, queries, excluded, missing, unjudged)


#: The measures training validates with (see :func:`validation_evaluator`).
VALIDATION_MEASURES = ("ndcg@10", "map", "mrr", "recall@100")


def validation_evaluator() -> Any:
    """The evaluator :func:`matcher.ranking.training.train_ranker` validates with, rounded to 4
    places."""

    def run(qrels: Mapping[str, Any], run: Mapping[str, Any]) -> dict[str, float]:
        result = evaluate(qrels, run, measures=VALIDATION_MEASURES)
        return {k: round(v, 4) for k, v in result.means.items()}

    return run
