"""The report's sections beyond the accuracy tables: significance against ``learned``,
beyond-accuracy, calibration, fairness, and the plots."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from eval.metrics import paired_bootstrap, paired_t_test
from eval.offline.common import DIRECTIONS, LIST_K, MAIN_SYSTEMS, Run, ranked_run
from eval.offline.grid import PairGrid
from eval.offline.systems import Scores


def significance(
    per_query: Mapping[str, Mapping[str, Mapping[str, float]]], measure: str, seed: int
) -> dict[str, dict[str, float]]:
    """Each system against ``learned``: mean difference and paired p-values."""
    base = per_query["learned"][measure]
    out = {}
    for name, pq in per_query.items():
        if name == "learned":
            continue
        values = pq[measure]
        diff = float(np.mean([values[q] - base[q] for q in base])) if base else 0.0
        out[name] = {
            "delta": round(diff, 4),
            "p_bootstrap": round(paired_bootstrap(values, base, n=2000, seed=seed), 4),
            "p_t_test": round(paired_t_test(values, base), 6),
        }
    return out


def beyond_accuracy(
    engine: Any,
    grid: PairGrid,
    scores: Scores,
    stu_ids: list[str],
    pos_ids: list[str],
    lists: Mapping[str, Run] | None = None,
) -> dict[str, Any]:
    """Coverage, exposure, congestion and diversity of every main system's top lists, both
    directions; ``lists`` adds systems given as student → position runs (``served``)."""
    from eval import beyond

    P, S, E = engine.positions, engine.students, engine.enterprises
    owner = {P.ids[p]: E.ids[P.enterprise[p]] for p in grid.positions}
    openings = {P.ids[p]: int(max(P.openings[p], 1)) for p in grid.positions}
    pvec = {P.ids[p]: engine.position_vectors[p].astype(np.float32) for p in grid.positions}
    svec = {S.ids[s]: engine.student_vectors[s].astype(np.float32) for s in grid.students}

    def to_positions(sp: Run) -> dict[str, Any]:
        exposure = beyond.exposure(sp, owner, LIST_K)
        return {
            "coverage": round(beyond.catalogue_coverage(sp, pos_ids, LIST_K), 4),
            "exposure_gini": round(beyond.gini(list(exposure.values())), 4),
            "congestion": {
                k: round(v, 3) for k, v in beyond.congestion(sp, openings, LIST_K).items()
            },
            "intra_list_diversity": round(beyond.intra_list_diversity(sp, pvec, LIST_K), 4),
            "exposure": exposure,
        }

    out: dict[str, Any] = {"k": LIST_K, DIRECTIONS[0]: {}, DIRECTIONS[1]: {}}
    for name in MAIN_SYSTEMS:
        sp = ranked_run(scores.by_direction[DIRECTIONS[0]][name], stu_ids, pos_ids, depth=LIST_K)
        ps = ranked_run(scores.by_direction[DIRECTIONS[1]][name].T, pos_ids, stu_ids, depth=LIST_K)
        out[DIRECTIONS[0]][name] = to_positions(sp)
        student_exposure = beyond.exposure(ps, {s: s for s in stu_ids}, LIST_K)
        out[DIRECTIONS[1]][name] = {
            "coverage": round(beyond.catalogue_coverage(ps, stu_ids, LIST_K), 4),
            "exposure_gini": round(beyond.gini(list(student_exposure.values())), 4),
            "intra_list_diversity": round(beyond.intra_list_diversity(ps, svec, LIST_K), 4),
        }
    for name, sp in (lists or {}).items():
        out[DIRECTIONS[0]][name] = to_positions(sp)
    return out


def calibration(
    models: Mapping[str, Any], learned_kind: str, data: Any, in_test: np.ndarray, accept: int
) -> dict[str, Any]:
    """Calibration of each ranker's probability of an interview or better, on the test window's
    shown pairs (and its sampled unshown ones, which count as no)."""
    from eval import beyond

    X, y = data.X[in_test], (data.y[in_test] >= accept).astype(float)
    out: dict[str, Any] = {"pairs": len(y), "positive_rate": round(float(y.mean()), 4)}
    for name, model in models.items():
        p = np.clip(model.predict(X), 0.0, 1.0)
        out[name] = {
            "brier": round(beyond.brier_score(p, y), 5),
            "ece": round(beyond.expected_calibration_error(p, y), 5),
            "reliability": beyond.reliability_table(p, y),
        }
    out["learned"] = out[learned_kind]
    return out


def fairness(
    engine: Any, store_url: str | None, per_query: Mapping[str, Mapping[str, float]]
) -> dict[str, Any]:
    """Gaps in nDCG@10 (student → position, hidden truth) between groups of students.

    Gender is read from the store here, for this measurement only; no ranker ever sees it.
    """
    from eval import beyond
    from matcher.schemas import Degree
    from matcher.store.database import open_store

    S = engine.students
    store = open_store(store_url)
    try:
        gender = {st.id: (st.gender or "unstated") for st in store.iter_records("students")}
    finally:
        store.dispose()
    degree_names = {d.rank: d.value for d in Degree}
    groups = {
        "gender": gender,
        "major": {sid: S.major[i] for i, sid in enumerate(S.ids)},
        "degree": {
            sid: degree_names.get(int(S.degree[i]), str(int(S.degree[i])))
            for i, sid in enumerate(S.ids)
        },
    }
    out: dict[str, Any] = {}
    for system in ("learned", "dense", "prior"):
        out[system] = {
            attr: beyond.group_gaps(per_query[system], members) for attr, members in groups.items()
        }
    return out


def write_plots(report: Mapping[str, Any], folder: Path) -> None:
    from eval import plots

    files = []
    for direction, section in report["directions"].items():
        curves = {
            n: {int(k): v for k, v in section["systems"][n]["curve"].items()}
            for n in (*MAIN_SYSTEMS, "served")
            if n in section["systems"]
        }
        files.append(
            plots.plot_metric_at_k(
                curves,
                "nDCG@k",
                folder / f"ndcg_at_k_{direction}.png",
                f"nDCG@k, {direction.replace('_', ' ')} (hidden truth)",
            )
        )
    cal = report["calibration"]
    files.append(
        plots.plot_reliability(
            {n: cal[n]["reliability"] for n in ("pointwise", "listwise")},
            folder / "calibration.png",
            "Reliability of P(interview or better), test window",
        )
    )
    ba = report["beyond_accuracy"][DIRECTIONS[0]]
    files.append(
        plots.plot_exposure_lorenz(
            {n: ba[n]["exposure"] for n in ("random", "popularity", "dense", "learned")},
            folder / "exposure.png",
            f"Exposure of enterprises in top-{LIST_K} lists",
        )
    )
    report_files = [str(f.relative_to(folder.parent)) for f in files]
    if isinstance(report, dict):
        report["plots"] = report_files
