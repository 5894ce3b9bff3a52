"""Which placement plan is really better: true utility on the simulator's hidden ground truth.

A plan (the dict :func:`matcher.allocation.plan_as_dict` returns, or ``matcher place --json``
prints) is judged pair by pair against the hidden graded qrels of both directions
(``ground_truth/student_to_position.qrels.gz`` and ``position_to_student.qrels.gz``, grades
0–3, unlisted pairs 0):

- ``true_utility`` = Σ over assigned pairs of (student-side grade + position-side grade);
- ``mutual_matches`` = assigned pairs whose two grades are both above 0;
- ``student_grade_sum`` and ``position_grade_sum``, the two halves of the utility.

:func:`offline_placement` is the "Placements" section of ``matcher eval-offline``: the three
methods on the evaluated cohort and the test window's catalogue, with the ranker refitted on the
training semesters, judged by the hidden truth.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

ORDER: tuple[str, ...] = ("greedy", "optimal", "stable")


def load_truth(ground_truth: Path, plans: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The hidden qrels of both directions, limited to the records the plans assign."""
    from eval.offline import hidden_truth

    students = {a["student_id"] for p in plans.values() for a in p["assignments"]}
    positions = {a["position_id"] for p in plans.values() for a in p["assignments"]}
    return hidden_truth(Path(ground_truth), students, positions)


def true_utility(plan: Mapping[str, Any], truth: Mapping[str, Any]) -> dict[str, Any]:
    """True utility of one plan under ``truth`` (as :func:`eval.offline.hidden_truth` returns)."""
    sp, ps = truth["student_to_position"], truth["position_to_student"]
    student_sum = position_sum = mutual = 0
    for a in plan["assignments"]:
        sid, pid = a["student_id"], a["position_id"]
        g_s = int(sp.get(sid, {}).get(pid, 0))
        g_p = int(ps.get(pid, {}).get(sid, 0))
        student_sum += g_s
        position_sum += g_p
        mutual += int(g_s > 0 and g_p > 0)
    n = len(plan["assignments"])
    return {
        "true_utility": student_sum + position_sum,
        "mean_true_utility": round((student_sum + position_sum) / n, 4) if n else 0.0,
        "student_grade_sum": student_sum,
        "position_grade_sum": position_sum,
        "mutual_matches": mutual,
    }


def add_true_utility(
    plans: Mapping[str, Mapping[str, Any]],
    ground_truth: Path | None = None,
    truth: Mapping[str, Any] | None = None,
) -> dict[str, dict[str, Any]]:
    """Add true utility to each plan's metrics (read from ``ground_truth`` unless ``truth`` is
    given); return it by method."""
    if truth is None:
        if ground_truth is None:
            raise ValueError("give a ground-truth folder or the truth itself")
        truth = load_truth(Path(ground_truth), plans)
    out = {}
    for name, plan in plans.items():
        out[name] = true_utility(plan, truth)
        plan["metrics"].update(out[name])
    return out


def _cell(value: Any, digits: int = 3) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def comparison_table(plans: Mapping[str, Mapping[str, Any]]) -> str:
    """Markdown table of the plans (greedy, optimal, stable first): fill rate, openings filled,
    total probability, blocking pairs, worst-off rank, seconds and, when known, true utility."""
    names = [m for m in ORDER if m in plans] + [m for m in plans if m not in ORDER]
    metrics = {m: plans[m].get("metrics", plans[m]) for m in names}
    truth = all("true_utility" in metrics[m] for m in names)
    header = [
        "method",
        "students placed",
        "fill rate",
        "openings filled",
        "total probability",
        "mean probability",
        "blocking pairs",
        "worst-off rank",
        "mean rank",
        "seconds",
    ]
    if truth:
        header += ["true utility", "mutual matches"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for m in names:
        x = metrics[m]
        row = [
            m,
            x["students_placed"],
            _cell(x["fill_rate"]),
            f"{x['slots_filled']} / {x['openings']}",
            _cell(float(x["total_probability"])),
            _cell(float(x["mean_probability"]), 4),
            x["blocking_pairs"],
            x["worst_rank"],
            _cell(x.get("mean_rank"), 2),
            _cell(float(x["seconds"])),
        ]
        if truth:
            row += [x["true_utility"], x["mutual_matches"]]
        lines.append("| " + " | ".join(str(v) for v in row) + " |")
    return "\n".join(lines)


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
    from matcher.allocation import PlacementProblem, compare
    from matcher.placement import PER_STUDENT
    from matcher.ranker import one_thread

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

    from matcher.placement import free_openings

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
    from matcher.allocation import METHODS, allocate, plan_metrics
    from matcher.placement import PER_STUDENT, build_problem

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
