"""Placements for researchers: the methods compared on the simulator's hidden ground truth.

Plans are judged by :func:`matcher.placement.problem.add_true_utility` (true utility = Σ over
assigned
pairs of the student-side plus the position-side hidden grade; mutual matches = pairs both sides
grade above 0). :func:`offline_placement` is the "Placements" section of ``matcher
eval-offline``: the three methods on the evaluated cohort and the test window's catalogue, with
the ranker refitted on the training semesters, judged by the hidden truth.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any

import numpy as np

from matcher.placement.plans import add_true_utility, comparison_table

logger = logging.getLogger(__name__)


def offline_placement(
    engine: Any,
    grid: Any,
    probability: np.ndarray,
    model: Any,
    truth: Mapping[str, Any],
    *,
    per_student: int | None = None,
) -> dict[str, Any]:
    """The three methods on the evaluated cohort and catalogue, judged by the hidden truth.

    ``grid`` is :class:`eval.offline.PairGrid` (features of every evaluated pair),
    ``probability`` the learned system's match probability of every pair and ``model`` the
    refitted ranker; each student keeps her ``per_student`` most probable pairs, whose two sides
    are predicted again when the model has them. Capacities are the positions' openings.
    """
    from matcher.placement.allocation import PlacementProblem, compare
    from matcher.placement.problem import PER_STUDENT
    from matcher.ranking.threads import one_thread

    per_student = PER_STUDENT if per_student is None else per_student
    S, P = engine.students, engine.positions
    m = min(per_student, probability.shape[1])
    top = np.argpartition(-probability, m - 1, axis=1)[:, :m]
    s = np.repeat(np.arange(probability.shape[0]), m)
    p = top.ravel()
    prob = np.clip(probability[s, p], 0, 1)
    ps = pe = prob
    if hasattr(model, "predict_sides"):
        with one_thread():
            ps, pe = model.predict_sides(grid.X[s, p])
        ps, pe = np.clip(ps, 0, 1), np.clip(pe, 0, 1)
        prob = np.clip(ps * pe, 0, 1)
    problem = PlacementProblem(
        student_ids=[S.ids[i] for i in grid.students],
        position_ids=[P.ids[j] for j in grid.positions],
        capacity=np.maximum(P.openings[grid.positions], 0),
        student=s,
        position=p,
        p_student=ps,
        p_enterprise=pe,
        probability=prob,
    )
    plans = compare(problem)
    add_true_utility(plans, truth=truth)
    return {
        "students": len(problem.student_ids),
        "positions": len(problem.position_ids),
        "openings": int(problem.capacity.sum()),
        "per_student": m,
        "candidate_pairs": len(problem.student),
        "methods": {name: plan["metrics"] for name, plan in plans.items()},
    }


def report_section(section: Mapping[str, Any]) -> list[str]:
    """Lines of the report's "Placements" section."""
    return [
        "## Placements",
        "",
        f"The evaluated cohort ({section['students']} students) placed into the test window's "
        f"catalogue ({section['positions']} positions, {section['openings']} openings), each "
        f"student's {section['per_student']} most probable positions as candidates, match "
        "probabilities from the learned ranker refitted on the training semesters. Greedy: "
        "students in order take their best open position; optimal: most total probability "
        "(min-cost flow); stable: student-proposing deferred acceptance. True utility = Σ over "
        "assigned pairs of the hidden student-side + position-side grades (0–3 each); mutual "
        "matches = pairs graded above 0 by both sides.",
        "",
        *comparison_table(section["methods"]).splitlines(),
        "",
    ]


def _all_open(engine: Any, openings: int, seed: int) -> Any:
    """A copy of the engine whose every position is open now, with ``openings`` free in all."""
    import dataclasses

    from matcher.placement.problem import free_openings

    P = engine.positions
    n = len(P)
    rng = np.random.default_rng(seed)
    share = np.ones(n, dtype=np.int64) + rng.multinomial(max(openings - n, 0), np.full(n, 1 / n))
    hired = P.openings.astype(np.int64) - free_openings(engine, np.arange(n))
    positions = dataclasses.replace(
        P,
        is_open=np.ones(n, dtype=bool),
        start=np.full(n, np.datetime64("NaT"), dtype="datetime64[D]"),
        deadline=np.full(n, np.datetime64("NaT"), dtype="datetime64[D]"),
        openings=(share + np.maximum(hired, 0)).astype(np.int32),
    )
    return dataclasses.replace(engine, positions=positions)


def bench_placement(
    engine: Any,
    *,
    per_student: int | None = None,
    all_open: bool = False,
    openings: int | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    """Seconds to place every student of the engine: building the problem (candidates, pair
    features, scoring) and each method's allocation, wall clock and CPU.

    With ``all_open`` every position is made open with ``openings`` free in all (default three
    per position), to measure a catalogue larger than the one open at the engine's clock; the
    result says so. The row ``matcher bench`` can print.
    """
    from matcher.placement.allocation import METHODS, allocate, plan_metrics
    from matcher.placement.problem import PER_STUDENT, build_problem

    per_student = PER_STUDENT if per_student is None else per_student
    if all_open:
        engine = _all_open(engine, openings or 3 * len(engine.positions), seed)
    problem = build_problem(engine, per_student=per_student)
    greedy_total = None
    methods: dict[str, Any] = {}
    for method in ("greedy", *[m for m in METHODS if m != "greedy"]):
        cpu = time.process_time()
        plan = allocate(problem, method)
        cpu = time.process_time() - cpu
        if method == "greedy":
            greedy_total = plan.total_probability
        metrics = plan_metrics(plan, greedy_total)
        methods[method] = {
            "seconds": round(plan.seconds, 3),
            "cpu_seconds": round(cpu, 3),
            "students_placed": metrics["students_placed"],
            "slots_filled": metrics["slots_filled"],
            "total_probability": metrics["total_probability"],
            "blocking_pairs": metrics["blocking_pairs"],
        }
    return {
        "students": len(problem.student_ids),
        "positions": len(problem.position_ids),
        "openings": int(problem.capacity.sum()),
        "candidate_pairs": len(problem.student),
        "scorer": problem.scorer,
        "all_positions_opened": all_open,
        "build": dict(problem.info),
        "methods": methods,
    }
