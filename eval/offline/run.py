"""``run_offline``: the whole offline evaluation, from the engine to ``report.md``."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from eval.offline import sections
from eval.offline.common import (
    AS_OF_DAYS,
    CURVE_KS,
    DIRECTIONS,
    MEASURES,
    RUN_DEPTH,
    Run,
    ranked_run,
)
from eval.offline.compare import compare_worlds, read_metrics
from eval.offline.grid import pair_grid, window_catalogue
from eval.offline.probe import PROBE, probe_section, run_probe
from eval.offline.served import SERVED, served_run
from eval.offline.simple import SIMPLE
from eval.offline.split import fit_models
from eval.offline.systems import Scores, score_systems
from eval.offline.truth import observed_truth
from matcher.ranking.measures import evaluate
from matcher.ranking.trec import write_qrels, write_run
from matcher.simulate.truth import hidden_truth


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for package in (
        "numpy",
        "scikit-learn",
        "lightgbm",
        "faiss-cpu",
        "torch",
        "sentence-transformers",
        "pyarrow",
        "ir-measures",
    ):
        try:
            out[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            out[package] = "not installed"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).resolve().parent,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    out["git_commit"] = commit
    return out


def _progress(enabled: bool) -> Callable[[str, int], Any]:
    from tqdm.auto import tqdm

    def wrap(desc: str, total: int) -> Callable[[Any], Any]:
        return lambda it: tqdm(it, desc=desc, total=total, disable=not enabled, file=sys.stderr)

    return wrap


def _sample(n: int, cap: int | None, rng: np.random.Generator) -> np.ndarray:
    if cap is None or n <= cap:
        return np.arange(n)
    return np.sort(rng.choice(n, size=cap, replace=False))


def _tables(
    out: Path,
    truths: Mapping[str, Mapping[str, Any]],
    scores: Scores,
    served: Run,
    stu_ids: Sequence[str],
    pos_ids: Sequence[str],
    report: dict[str, Any],
    seed: int,
    bar: Callable[[str, int], Any],
) -> dict[str, dict[str, dict[str, float]]]:
    """Every system's measures per direction and truth into ``report``; runs and qrels into
    ``out``; returns per-query nDCG@10 per ``truth/direction``."""
    measures = MEASURES + tuple(f"ndcg@{k}" for k in CURVE_KS if f"ndcg@{k}" not in MEASURES)
    per_query_all: dict[str, dict[str, dict[str, float]]] = {}
    for direction in DIRECTIONS:
        queries, docs = (stu_ids, pos_ids) if direction == DIRECTIONS[0] else (pos_ids, stu_ids)
        systems = list(scores.by_direction[direction])
        if direction == DIRECTIONS[0]:
            systems.append(SERVED)  # the request path's own lists; students only
        for truth_name, truth in truths.items():
            qrels = truth[direction]
            write_qrels(out / "qrels" / f"{truth_name}_{direction}.qrels", qrels)
            table: dict[str, Any] = {}
            per_query: dict[str, dict[str, dict[str, float]]] = {}
            for name in bar(f"{direction} ({truth_name})", len(systems))(systems):
                if name == SERVED:
                    run = served
                else:
                    matrix = scores.by_direction[direction][name]
                    run = ranked_run(
                        matrix if direction == DIRECTIONS[0] else matrix.T, queries, docs
                    )
                if truth_name == "hidden":
                    tag = "".join(c if c.isalnum() else "_" for c in name)
                    write_run(out / "runs" / direction / f"{tag}.run", run, tag=tag)
                result = evaluate(qrels, run, measures=measures)
                table[name] = {m: round(result.means[m], 4) for m in MEASURES}
                table[name]["curve"] = {k: round(result.means[f"ndcg@{k}"], 4) for k in CURVE_KS}
                per_query[name] = result.per_query
                table[name]["_queries"] = result.num_queries
                table[name]["_excluded"] = len(result.excluded_queries)
            section = {
                "queries": next(iter(table.values()))["_queries"],
                "excluded_queries": next(iter(table.values()))["_excluded"],
                "systems": {
                    n: {k: v for k, v in t.items() if not k.startswith("_")}
                    for n, t in table.items()
                },
                "significance": sections.significance(per_query, "ndcg@10", seed),
            }
            key = "directions" if truth_name == "hidden" else "observed"
            report[key][direction] = section
            per_query_all[f"{truth_name}/{direction}"] = {
                n: pq["ndcg@10"] for n, pq in per_query.items()
            }
    return per_query_all


def run_offline(
    *,
    ground_truth: Path,
    out: Path,
    models_dir: Path | None = None,
    store_url: str | None = None,
    dev_eval: Path | None = None,
    max_students: int | None = 2000,
    max_positions: int | None = 2000,
    ablations: bool = True,
    seed: int = 0,
    progress: bool = True,
    ray_address: str | None = None,
    against: Path | None = None,
) -> dict[str, Any]:
    """Evaluate the current engine; write the report under ``out``; return ``metrics.json``.

    With ``ray_address``, the grid of pair features is computed on Ray (the same numbers); with
    ``against`` (another run's ``metrics.json`` or its folder), the report says how the ranking
    of systems changed from that world to this one (:mod:`.compare`)."""
    from matcher.config import get_settings
    from matcher.engine.persist import load_engine
    from matcher.ranking.features import FEATURE_GROUPS
    from matcher.rules import ACCEPT_GRADE
    from matcher.store.history import popularity_before, semester_start

    started = time.perf_counter()
    other = read_metrics(Path(against)) if against is not None else None  # fail before the work
    bar = _progress(progress)
    settings = get_settings()
    engine = load_engine(models_dir or settings.models_dir)
    S, P, E = engine.students, engine.positions, engine.enterprises
    models, ablation_models, (learned_kind, (data, in_test)), split = fit_models(
        engine, seed, ablations, bar
    )
    rng = np.random.default_rng(seed)
    students = _sample(len(S), max_students, rng)
    catalogue = window_catalogue(engine, split.test)
    positions = catalogue[_sample(len(catalogue), max_positions, rng)]
    start = np.datetime64(semester_start(split.test), "D")
    as_of = start + np.timedelta64(AS_OF_DAYS, "D")
    pos_ent = {pid: E.ids[P.enterprise[i]] for i, pid in enumerate(P.ids)}
    cutoff = np.datetime64(start, "s")
    stats = popularity_before(engine.pairs, pos_ent, cutoff)
    grid = pair_grid(engine, students, positions, as_of, stats, bar, ray_address)
    scores = score_systems(engine, grid, models, learned_kind, ablation_models, cutoff, seed)
    stu_ids = [S.ids[s] for s in students]
    pos_ids = [P.ids[p] for p in positions]
    truths = {
        "hidden": hidden_truth(Path(ground_truth), set(stu_ids), set(pos_ids)),
        "observed": observed_truth(engine, split.test, set(stu_ids)),
    }
    served, served_info = served_run(
        engine,
        students,
        positions,
        cutoff,
        as_of,
        models[learned_kind],
        truths["hidden"][DIRECTIONS[0]],
        bar,
    )

    out = Path(out)
    for sub in ("qrels", "plots", "per_query", *(f"runs/{d}" for d in DIRECTIONS)):
        (out / sub).mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "split": split.as_dict(),
        "learned_kind": learned_kind,
        "students": len(stu_ids),
        "positions": len(pos_ids),
        "measures": list(MEASURES),
        "run_depth": RUN_DEPTH,
        "directions": {},
        "observed": {},
    }
    per_query_all = _tables(out, truths, scores, served, stu_ids, pos_ids, report, seed, bar)
    report[SIMPLE] = models[SIMPLE].describe()
    probe_scores, fitted_on = run_probe(
        engine, split.train, catalogue, grid, Path(ground_truth), as_of, stats, seed, bar
    )
    learned = {d: per_query_all[f"hidden/{d}"]["learned"] for d in DIRECTIONS}
    report[PROBE] = probe_section(
        probe_scores, fitted_on, truths["hidden"], learned, stu_ids, pos_ids, seed
    )
    report["served"] = served_info
    report["beyond_accuracy"] = sections.beyond_accuracy(
        engine, grid, scores, stu_ids, pos_ids, {SERVED: served}
    )
    from eval.offline.languages import cross_language

    report["languages"] = cross_language(engine, grid, scores, truths["hidden"], stu_ids, pos_ids)
    report["calibration"] = sections.calibration(models, learned_kind, data, in_test, ACCEPT_GRADE)
    from eval.placement import offline_placement

    report["placement"] = offline_placement(
        engine, grid, scores.probabilities["learned"], models[learned_kind], truths["hidden"]
    )
    report["fairness"] = sections.fairness(
        engine, store_url, per_query_all["hidden/" + DIRECTIONS[0]]
    )
    report["ablations"] = {
        "channels": [f"fusion − {c}" for c in ("dense", "lexical", "skills")],
        "feature_groups": [f"learned − {g}" for g in FEATURE_GROUPS if ablations],
    }
    if dev_eval is not None:
        from eval.external import title_checks

        report["external"] = title_checks(Path(dev_eval), seed=seed, progress=progress)
    report["versions"] = _versions()
    report["parameters"] = {
        "seed": seed,
        "max_students": max_students,
        "max_positions": max_positions,
        "ablations": ablations,
        "against": None if against is None else str(against),
        "as_of": str(as_of),
        "engine_version": engine.manifest.get("version"),
        "engine_model": engine.manifest.get("model"),
        "ground_truth": str(ground_truth),
        "store": _without_password(settings.database_url if store_url is None else store_url),
    }
    if other is not None:
        report["against"] = compare_worlds(report, other, str(against))
    report["seconds"] = round(time.perf_counter() - started, 1)
    with gzip.open(out / "per_query" / "ndcg@10.json.gz", "wt", encoding="utf-8") as fh:
        json.dump(per_query_all, fh, sort_keys=True)
    sections.write_plots(report, out / "plots")
    (out / "metrics.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    from eval.report import write_report

    write_report(report, out / "report.md")
    return report


def _without_password(url: str) -> str:
    """A store URL fit for a report that is read and downloaded: its password masked."""
    from sqlalchemy import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy reads: say nothing of it
        return "(unreadable URL)"
