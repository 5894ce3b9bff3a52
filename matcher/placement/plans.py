"""Plans for people and for researchers: the advisors' CSV, true utility, a comparison table.

A plan is :func:`matcher.placement.allocation.plan_as_dict`'s form (``matcher place --json``).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from matcher.engine.snapshot import Engine
from matcher.spreadsheet import csv_cell


def write_csv(plan: Mapping[str, Any], engine: Engine, path: Path | TextIO) -> int:
    """Write the plan for advisors to a file or an open text stream; return the rows written.

    Columns ``student_id, position_id, title, enterprise, probability``; unassigned students
    follow with empty position columns. A file is UTF-8 with a byte-order mark, so Excel shows
    Chinese; a stream gets the rows only.
    """
    if not isinstance(path, Path):
        return _write_plan_rows(plan, engine, path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        return _write_plan_rows(plan, engine, fh)


def _write_plan_rows(plan: Mapping[str, Any], engine: Engine, fh: TextIO) -> int:
    P, E = engine.positions, engine.enterprises
    rows = 0
    writer = csv.writer(fh)
    writer.writerow(["student_id", "position_id", "title", "enterprise", "probability"])
    for a in plan["assignments"]:
        p = P.index[a["position_id"]]
        enterprise = E.name[int(P.enterprise[p])]
        title = P.title[p]
        probability = f"{a['probability']:.6f}"
        row = [a["student_id"], a["position_id"], title, enterprise, probability]
        writer.writerow([csv_cell(v) for v in row])
        rows += 1
    for sid in plan["unassigned"]:
        writer.writerow([csv_cell(sid), "", "", "", ""])
        rows += 1
    return rows


# -- judging and tabulating plans ----------------------------------------------------------------
# A plan (:func:`matcher.placement.allocation.plan_as_dict`, ``matcher place --json``) is judged
# pair by pair
# against a simulated world's hidden graded qrels of both directions (grades 0-3, unlisted pairs
# 0): ``true_utility`` is the sum over assigned pairs of the student-side plus the position-side
# grade, ``mutual_matches`` the assigned pairs with both grades above 0.

ORDER: tuple[str, ...] = ("greedy", "optimal", "stable")


def load_truth(ground_truth: Path, plans: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The hidden qrels of both directions, limited to the records the plans assign."""
    from matcher.simulate.truth import hidden_truth

    students = {a["student_id"] for p in plans.values() for a in p["assignments"]}
    positions = {a["position_id"] for p in plans.values() for a in p["assignments"]}
    return hidden_truth(Path(ground_truth), students, positions)


def true_utility(plan: Mapping[str, Any], truth: Mapping[str, Any]) -> dict[str, Any]:
    """True utility of one plan under ``truth`` (:func:`matcher.simulate.truth.hidden_truth`)."""
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
