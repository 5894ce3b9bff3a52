"""How the ranking of systems changes between two worlds: ``matcher eval-offline --against``.

For each truth (hidden, observed) and direction, the systems both reports measured (ablations
left out) are ordered by nDCG@10 in this world and in the other, and Kendall's τ (τ-b,
``scipy.stats.kendalltau``) between the two orders says how much of the ranking survives the
change of world: 1 the same order, 0 no relation, −1 reversed. Systems that changed place are
listed with both ranks.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from eval.offline.common import DIRECTIONS

#: The truths compared: the key of each in ``metrics.json``.
TRUTHS: dict[str, str] = {"hidden": "directions", "observed": "observed"}
MEASURE = "ndcg@10"


def read_metrics(path: Path) -> dict[str, Any]:
    """``metrics.json`` of an earlier ``eval-offline`` run (the file or its report folder)."""
    path = Path(path)
    if path.is_dir():
        path = path / "metrics.json"
    try:
        metrics = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"--against {path}: not a readable metrics.json ({exc})") from None
    if not isinstance(metrics, dict) or "directions" not in metrics:
        raise ValueError(f"--against {path}: not the metrics.json of matcher eval-offline")
    return metrics


def system_order(systems: Mapping[str, Mapping[str, float]], measure: str = MEASURE) -> list[str]:
    """Systems by ``measure``, best first (ties by name); ablations (``a − b``) left out."""
    names = [n for n in systems if " − " not in n and measure in systems[n]]
    return sorted(names, key=lambda n: (-systems[n][measure], n))


def compare_orders(
    here: Mapping[str, Mapping[str, float]],
    there: Mapping[str, Mapping[str, float]],
    measure: str = MEASURE,
) -> dict[str, Any]:
    """Kendall's τ between two tables of systems (``name → {measure: value}``) over the
    systems both hold, the two orders, and the systems whose place differs."""
    from scipy.stats import kendalltau

    common = set(system_order(here, measure)) & set(system_order(there, measure))
    order_here = [n for n in system_order(here, measure) if n in common]
    order_there = [n for n in system_order(there, measure) if n in common]
    rank_there = {n: i + 1 for i, n in enumerate(order_there)}
    tau = p = None
    if len(common) >= 2:
        result = kendalltau(
            [here[n][measure] for n in order_here], [there[n][measure] for n in order_here]
        )
        if result.statistic == result.statistic:  # nan when one side is constant
            tau, p = round(float(result.statistic), 4), round(float(result.pvalue), 4)
    return {
        "systems": len(common),
        "tau": tau,
        "p_value": p,
        "here": order_here,
        "there": order_there,
        "moved": {
            n: [i + 1, rank_there[n]] for i, n in enumerate(order_here) if rank_there[n] != i + 1
        },
        "only_here": sorted(set(system_order(here, measure)) - common),
        "only_there": sorted(set(system_order(there, measure)) - common),
    }


def compare_worlds(
    here: Mapping[str, Any], there: Mapping[str, Any], against: str = ""
) -> dict[str, Any]:
    """Every truth and direction of two ``metrics.json`` compared (:func:`compare_orders`)."""
    params = there.get("parameters", {})
    out: dict[str, Any] = {
        "against": against,
        "measure": MEASURE,
        "other": {
            "created": there.get("created"),
            "ground_truth": params.get("ground_truth"),
            "engine_version": params.get("engine_version"),
        },
    }
    for truth, key in TRUTHS.items():
        out[truth] = {}
        for direction in DIRECTIONS:
            a = here.get(key, {}).get(direction)
            b = there.get(key, {}).get(direction)
            if a and b:
                out[truth][direction] = compare_orders(a["systems"], b["systems"])
    return out
