"""Recommendation health and curriculum gaps: what the served engine recommends, as a whole.

Computed from the recommendations themselves (:func:`matcher.recommend.recommend_positions`,
the function the API, the CLI and the nightly batch call), once per model, and kept as a
**snapshot**: a JSON file inside the engine version's folder, one per ranker the version has
served (``health-<ranker>.json``, ``health-prior.json`` without one). Reading a snapshot costs
a file read; computing one costs a recommendation per student (about 8 ms each), so a request
never computes it: ``matcher health`` and ``matcher demo`` do.

Figures, over the students recommended (every live student when there are at most
:data:`SAMPLE_LIMIT`, else a seeded sample of that many, stratified by major), each given her
top ``k`` positions on the recommendation day (:func:`matcher.rules.recommendation_day`) with
the positions the version's events hide left out:

- **Coverage**: the share of the positions open that day that appear in some student's top
  ``k``, and the share of their openings.
- **Exposure**: a (student, position) pair in a top ``k`` is one exposure. Each enterprise's
  share of them, and the Gini coefficient of exposures over the enterprises with a position open
  (and over the open positions), zeros included: 0 when all are shown alike, near 1 when a few
  take everything.
- **Congestion**: for each opening, the students recommended its position divided by the
  position's openings (scaled to the whole population when a sample was drawn), weighted by
  openings: mean, median, 90th percentile, maximum, and the share of openings recommended to
  more than :data:`CONGESTED` students each.
- **Curriculum gaps**: per major, the distinct students missing each canonical skill (a
  required skill of a recommended position she does not have, as each recommendation's
  ``missing_skills`` says) in their top ``k``, and their share of the major's students.

Privacy (:mod:`matcher.analytics.privacy`): a major of fewer than five students recommended
keeps its name but no count; a skill missed by one to four of them, and an enterprise shown to
one to four students, are left out of the snapshot (only their number is kept). No student id
or personal field is written.

>>> gini([1, 1, 1, 1]), gini([0, 0, 0, 4])
(0.0, 0.75)
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import time
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from matcher.analytics.privacy import MIN_GROUP, shown
from matcher.files import write_atomic

if TYPE_CHECKING:
    from matcher.engine.snapshot import Engine

logger = logging.getLogger(__name__)

#: Students recommended in full up to this many; past it a stratified sample of this many.
SAMPLE_LIMIT = 3000
#: Length of each student's list, as the service's default.
DEFAULT_K = 10
#: Seed of the sample: the same version and settings draw the same students.
DEFAULT_SEED = 0
#: Students recommended per opening past which an opening counts as congested.
CONGESTED = 10
#: Upper edges of the congestion histogram's bins (students per opening); the first bin holds
#: the openings recommended to nobody, the last those past the last edge.
BINS: tuple[float, ...] = (0, 1, 2, 5, 10, 20, 50)
#: Most congested positions kept in the snapshot.
TOP_POSITIONS = 20
#: Version of the snapshot's layout; a file of another is not read.
FORMAT = 1
#: The headline figures compared with the previous model's, by their path in the snapshot.
FIGURES: tuple[str, ...] = (
    "coverage.position_share",
    "coverage.opening_share",
    "exposure.gini_enterprises",
    "exposure.gini_positions",
    "congestion.mean",
    "congestion.median",
    "congestion.p90",
    "congestion.max",
    "congestion.share_congested",
)


class HealthNotComputed(LookupError):
    """The model has no health snapshot yet; the message names the command that makes one."""


# -- measures --------------------------------------------------------------------------------


def gini(values: Sequence[float] | np.ndarray) -> float:
    """The Gini coefficient of non-negative ``values`` (0 for none, or all zero).

    ``(2 Σ i·x_(i)) / (n Σ x) − (n + 1) / n`` over the values sorted ascending, ``i`` from 1:
    0 when every value is equal, ``(n − 1) / n`` when one holds everything.
    """
    x = np.sort(np.asarray(values, dtype=np.float64))
    n, total = len(x), float(x.sum())
    if n == 0 or total == 0:
        return 0.0
    if x[0] < 0:
        raise ValueError("gini needs non-negative values")
    i = np.arange(1, n + 1, dtype=np.float64)
    return round(float(2 * (i * x).sum() / (n * total) - (n + 1) / n), 6)


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The ``q`` quantile of ``values`` each counted ``weights`` times (inverted CDF: the
    smallest value with at least ``q`` of the weight at or below it); 0 for no weight."""
    if not 0 <= q <= 1:
        raise ValueError(f"q must be between 0 and 1, got {q}")
    order = np.argsort(values, kind="stable")
    v, cum = np.asarray(values)[order], np.cumsum(np.asarray(weights)[order])
    if len(cum) == 0 or cum[-1] <= 0:
        return 0.0
    j = int(np.searchsorted(cum, q * cum[-1], side="left"))
    return float(v[min(j, len(v) - 1)])


def sample_students(
    engine: Engine, limit: int = SAMPLE_LIMIT, seed: int = DEFAULT_SEED
) -> np.ndarray:
    """The student rows to recommend: every live one when there are at most ``limit``, else
    ``limit`` of them drawn without replacement within each major, in proportion to its size
    (largest remainders), with ``seed``. Sorted rows."""
    if limit < 1:
        raise ValueError("the sample must hold at least one student")
    rows = np.flatnonzero(engine.live_students)
    if len(rows) <= limit:
        return rows
    by_major: dict[str, list[int]] = defaultdict(list)
    majors = engine.students.major
    for r in rows.tolist():
        by_major[majors[r] or ""].append(r)
    names = sorted(by_major)
    exact = np.array([limit * len(by_major[m]) / len(rows) for m in names])
    quota = np.floor(exact).astype(np.int64)
    remainder = exact - quota
    for j in sorted(range(len(names)), key=lambda j: (-remainder[j], names[j]))[
        : limit - int(quota.sum())
    ]:
        quota[j] += 1
    rng = np.random.default_rng(seed)
    chosen = [
        rng.choice(np.array(by_major[m], dtype=np.int64), size=int(n), replace=False)
        for m, n in zip(names, quota.tolist(), strict=True)
        if n
    ]
    return np.sort(np.concatenate(chosen))


# -- the snapshot ----------------------------------------------------------------------------


def model_key(manifest: dict[str, Any]) -> str:
    """The name of the model a version serves: its ranker file's stem, or ``prior``."""
    ranker = manifest.get("ranker_file")
    return Path(ranker).stem if ranker else "prior"


def snapshot_name(manifest: dict[str, Any]) -> str:
    """The snapshot's file name in the version folder."""
    return f"health-{model_key(manifest)}.json"


def model_of(engine: Engine) -> dict[str, Any]:
    """Which version and ranker a snapshot belongs to (as the version's manifest says)."""
    manifest = engine.manifest
    training = manifest.get("training") or {}
    return {
        "version": engine.directory.name if engine.directory else manifest.get("version"),
        "ranker_file": manifest.get("ranker_file"),
        "ranker": training.get("chosen"),
        "validation_semester": training.get("validation_semester"),
        "store_generation": manifest.get("store_generation"),
        "created_at": manifest.get("created_at"),
    }


def compute_health(
    engine: Engine,
    *,
    k: int = DEFAULT_K,
    sample: int = SAMPLE_LIMIT,
    seed: int = DEFAULT_SEED,
    as_of: np.datetime64 | None = None,
    progress: bool = False,
) -> dict[str, Any]:
    """The health snapshot of ``engine``'s recommendations (see the module's description)."""
    from tqdm.auto import tqdm

    from matcher.recommend import recommend_positions
    from matcher.rules import recommendation_day

    if k < 1:
        raise ValueError("k must be at least 1")
    started = time.perf_counter()
    day = recommendation_day(engine.clock, as_of)
    S, P, E = engine.students, engine.positions, engine.enterprises
    rows = sample_students(engine, sample, seed)
    population = int(engine.live_students.sum())
    # Missing skills come as labels (Chinese here); the taxonomy's labels are unique per
    # language, so each maps back to its canonical id.
    by_label = {engine.taxonomy.label(s, "zh"): s for s in engine.skill_ids}
    if len(by_label) != len(engine.skill_ids):
        raise ValueError("the taxonomy has two skills with one Chinese label")
    students_of_position = np.zeros(len(P), dtype=np.int64)
    students_of_enterprise = np.zeros(len(E.ids), dtype=np.int64)
    exposures_of_enterprise = np.zeros(len(E.ids), dtype=np.int64)
    majors: dict[str, int] = defaultdict(int)
    missed: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    scorers: set[str] = set()
    served = 0
    for s in tqdm(rows.tolist(), desc="health", disable=not progress, unit="student"):
        recs = recommend_positions(engine, S.ids[s], k=k, as_of=day, lang="zh")
        major = S.major[s] or ""
        majors[major] += 1
        if not recs:
            continue
        served += 1
        scorers.update(r.scorer for r in recs)
        p_rows = np.fromiter((P.index[r.position_id] for r in recs), np.int64, len(recs))
        students_of_position[p_rows] += 1  # a position appears once in a list
        e_rows = P.enterprise[p_rows]
        np.add.at(exposures_of_enterprise, e_rows, 1)
        students_of_enterprise[np.unique(e_rows)] += 1
        for skill in {by_label.get(x, x) for r in recs for x in r.missing_skills}:
            missed[major][skill] += 1
    open_now = engine.open_on(day) & ~P.ids.nulls()
    scale = population / len(rows) if len(rows) else 1.0
    snapshot = {
        "format": FORMAT,
        "model": model_of(engine),
        "computed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "k": k,
        "day": str(np.datetime64(day, "D")),
        "students": {
            "population": population,
            "sampled": len(rows),
            "sample_limit": sample,
            "seed": seed,
            "with_recommendations": served,
            "scale": round(scale, 6),
        },
        "scorer": sorted(scorers),
        **_market(engine, open_now, students_of_position, scale),
        "exposure": _exposure(
            engine, open_now, students_of_position, students_of_enterprise, exposures_of_enterprise
        ),
        "gaps": _gaps(majors, missed),
    }
    snapshot["seconds"] = round(time.perf_counter() - started, 3)
    return snapshot


def _market(
    engine: Engine, open_now: np.ndarray, students: np.ndarray, scale: float
) -> dict[str, Any]:
    """Coverage and congestion over the positions open on the day."""
    P = engine.positions
    rows = np.flatnonzero(open_now)
    openings = P.openings[rows].astype(np.int64)
    shown_to = students[rows]
    covered = shown_to > 0
    per_opening = shown_to * scale / openings
    total = int(openings.sum())
    congested = per_opening > CONGESTED
    busy = np.flatnonzero(shown_to >= MIN_GROUP)  # a position shown to 1-4: no row of its own
    top = sorted(busy.tolist(), key=lambda j: (-per_opening[j], P.ids[int(rows[j])]))
    top = [int(rows[j]) for j in top[:TOP_POSITIONS]]
    return {
        "coverage": {
            "open_positions": len(rows),
            "positions": int(covered.sum()),
            "position_share": _share(int(covered.sum()), len(rows)),
            "open_openings": total,
            "openings": int(openings[covered].sum()),
            "opening_share": _share(int(openings[covered].sum()), total),
        },
        "congestion": {
            "threshold": CONGESTED,
            "mean": round(float((per_opening * openings).sum() / total), 4) if total else 0.0,
            "median": round(weighted_quantile(per_opening, openings, 0.5), 4),
            "p90": round(weighted_quantile(per_opening, openings, 0.9), 4),
            "max": round(float(per_opening.max()), 4) if len(rows) else 0.0,
            "openings_congested": int(openings[congested].sum()),
            "share_congested": _share(int(openings[congested].sum()), total),
            "histogram": _histogram(per_opening, openings),
            "positions": [
                {
                    "position_id": P.ids[p],
                    "title": P.title[p],
                    "enterprise_id": engine.enterprises.ids[int(P.enterprise[p])],
                    "openings": int(P.openings[p]),
                    "students": int(students[p]),
                    "per_opening": round(float(students[p] * scale / P.openings[p]), 4),
                }
                for p in top
            ],
        },
    }


def _histogram(per_opening: np.ndarray, openings: np.ndarray) -> list[dict[str, Any]]:
    """Openings by students per opening: ``upto`` each edge of :data:`BINS` (above the one
    before), and past the last (``upto`` null)."""
    edges = np.array(BINS, dtype=np.float64)
    bins = np.searchsorted(edges, per_opening, side="left")  # value <= edges[bin]
    counts = np.bincount(bins, weights=openings, minlength=len(edges) + 1).astype(np.int64)
    uppers: list[float | None] = [*BINS, None]
    return [{"upto": u, "openings": int(c)} for u, c in zip(uppers, counts.tolist(), strict=True)]


def _exposure(
    engine: Engine,
    open_now: np.ndarray,
    of_position: np.ndarray,
    students: np.ndarray,
    exposures: np.ndarray,
) -> dict[str, Any]:
    """Each enterprise's share of the exposures; the Gini coefficients."""
    E, P = engine.enterprises, engine.positions
    open_rows = np.flatnonzero(open_now)
    with_open = np.zeros(len(E.ids), dtype=bool)
    with_open[P.enterprise[open_rows]] = True
    total = int(exposures.sum())
    listed, hidden = [], 0
    for e in np.flatnonzero(exposures > 0).tolist():
        if not shown(int(students[e])):
            hidden += 1
            continue
        listed.append(
            {
                "enterprise_id": E.ids[e],
                "enterprise_name": E.name[e],
                "students": int(students[e]),
                "exposures": int(exposures[e]),
                "share": _share(int(exposures[e]), total),
            }
        )
    listed.sort(key=lambda x: (-x["exposures"], x["enterprise_id"]))
    # Recommended positions are open on the day, so exposures fall within these rows; the
    # union only guards against a position open to the ranker but not to the mask.
    return {
        "total": total,
        "enterprises_open": int(with_open.sum()),
        "enterprises_shown": int((exposures > 0).sum()),
        "gini_enterprises": gini(exposures[with_open | (exposures > 0)]),
        "gini_positions": gini(of_position[open_now | (of_position > 0)]),
        "suppressed_enterprises": hidden,
        "enterprises": listed,
    }


def _gaps(majors: dict[str, int], missed: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    """Per major, the skills its students miss, most missed first; small groups left out."""
    out = []
    for major in sorted(majors, key=lambda m: (-majors[m], m)):
        n = majors[major]
        if not shown(n):
            out.append({"major": major, "students": None, "suppressed": True,
                        "suppressed_skills": 0, "skills": []})  # fmt: skip
            continue
        counts = missed.get(major, {})
        kept = sorted(((c, s) for s, c in counts.items() if shown(c)), key=lambda x: (-x[0], x[1]))
        out.append(
            {
                "major": major,
                "students": n,
                "suppressed": False,
                "suppressed_skills": len(counts) - len(kept),
                "skills": [{"skill_id": s, "students": c, "share": _share(c, n)} for c, s in kept],
            }
        )
    return out


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


# -- saving and reading ----------------------------------------------------------------------


def save_health(engine: Engine, snapshot: dict[str, Any]) -> Path:
    """Write ``snapshot`` into ``engine``'s version folder (atomically); return the file."""
    if engine.directory is None:
        raise ValueError("the engine is not a saved version; run `matcher index` first")
    path = engine.directory / snapshot_name(engine.manifest)
    write_atomic(path, json.dumps(snapshot, ensure_ascii=False, indent=1) + "\n")
    return path


def health_path(engine: Engine) -> Path | None:
    """Where ``engine``'s snapshot is (or would be); ``None`` for an unsaved engine."""
    return None if engine.directory is None else engine.directory / snapshot_name(engine.manifest)


def _read(path: Path) -> dict[str, Any] | None:
    """A snapshot file, or ``None`` when it is missing, unreadable or of another format."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _cached_read(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _cached_read(path: str, mtime_ns: int, size: int) -> dict[str, Any] | None:
    del mtime_ns, size  # part of the cache key: a rewritten file is read again
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        logger.warning("health snapshot %s is unreadable: %s", path, exc)
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def read_health(engine: Engine) -> dict[str, Any] | None:
    """The snapshot of the model ``engine`` serves, or ``None`` when none was computed.

    Read-only data shared between requests: do not change it.
    """
    path = health_path(engine)
    if path is None:
        return None
    found = _read(path)
    if found is None or found.get("model", {}).get("ranker_file") != engine.manifest.get(
        "ranker_file"
    ):
        return None
    return found


def previous_health(engine: Engine) -> dict[str, Any] | None:
    """The snapshot of the model served before ``engine``'s: the newest of another ranker in
    its version folder (retrained in place), else the newest of the older versions beside it."""
    if engine.directory is None:
        return None
    here, name = engine.directory, snapshot_name(engine.manifest)
    candidates: list[tuple[str, int, Path]] = []
    try:
        folders = [p for p in here.parent.iterdir() if p.is_dir() and p.name <= here.name]
    except OSError:
        return None
    for folder in folders:
        if folder.name.startswith("."):
            continue
        for path in folder.glob("health-*.json"):
            if folder == here and path.name == name:
                continue
            try:
                candidates.append((folder.name, os.stat(path).st_mtime_ns, path))
            except OSError:
                continue
    for _, _, path in sorted(candidates, reverse=True):
        found = _read(path)
        if found is not None:
            return found
    return None


def require_health(engine: Engine) -> dict[str, Any]:
    """:func:`read_health`, or :class:`HealthNotComputed` naming the command that makes it."""
    found = read_health(engine)
    if found is None:
        version = engine.directory.name if engine.directory else "(unsaved)"
        raise HealthNotComputed(
            f"the recommendation health of model {version}/{model_key(engine.manifest)} has "
            "not been computed; run `matcher health`"
        )
    return found


def figure(snapshot: dict[str, Any], path: str) -> float | None:
    """A headline figure by its dotted path (``coverage.position_share``)."""
    node: Any = snapshot
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return float(node) if isinstance(node, int | float) else None


def changes(current: dict[str, Any], previous: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Each headline figure now, before (the previous model's) and the difference."""
    out = []
    for path in FIGURES:
        now = figure(current, path)
        before = None if previous is None else figure(previous, path)
        change = None if now is None or before is None else round(now - before, 4)
        out.append({"figure": path, "value": now, "previous": before, "change": change})
    return out


def major_gaps(
    snapshot: dict[str, Any],
    engine: Engine,
    *,
    majors: Sequence[str] | None = None,
    lang: str = "zh",
    top: int | None = 20,
) -> list[dict[str, Any]]:
    """The snapshot's gaps with majors and skills labelled in ``lang`` (``majors``: only those
    codes; ``top``: the most missed skills of each)."""
    taxonomy = engine.taxonomy
    wanted = None if majors is None else set(majors)
    out = []
    for row in snapshot.get("gaps", []):
        if wanted is not None and row["major"] not in wanted:
            continue
        found = taxonomy.major(row["major"]) if row["major"] else None
        skills = []
        for item in row["skills"][:top] if top else row["skills"]:
            skill = taxonomy.skills.get(item["skill_id"])
            skills.append(
                {
                    **item,
                    "label": taxonomy.label(item["skill_id"], lang),
                    "label_zh": taxonomy.label(item["skill_id"], "zh"),
                    "label_en": taxonomy.label(item["skill_id"], "en"),
                    "category": skill.category if skill else "",
                }
            )
        out.append(
            {
                **row,
                "label": found.label(lang) if found else row["major"],
                "skills": skills,
            }
        )
    return out
