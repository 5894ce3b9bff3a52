"""The simulated world: students, enterprises, positions, interactions and a hidden truth.

>>> from pathlib import Path
>>> summary = simulate(Path("world"), students=1500, enterprises=120, positions=700,
...                    seed=7)  # doctest: +SKIP
>>> sorted(summary)[:3]  # doctest: +SKIP
['enterprises', 'events', 'interactions']

The world is drawn in stages, each in its own module:

- :mod:`~matcher.simulate.config` — every parameter (:class:`SimConfig`) and the fixed calendar;
- :mod:`~matcher.simulate.catalogue` — skills, majors and roles from the taxonomy;
- :mod:`~matcher.simulate.world` — entities with latent traits and their written views;
- :mod:`~matcher.simulate.utility` — the hidden utility of a pair (the truth);
- :mod:`~matcher.simulate.behaviour` — exposure, feedback and outcomes over the seasons;
- :mod:`~matcher.simulate.truth` — graded qrels and ``world.json``;
- :mod:`~matcher.simulate.writer`, :mod:`~matcher.simulate.texts`,
  :mod:`~matcher.simulate.names`, :mod:`~matcher.simulate.roles` — what people write.

Output in ``out_dir``: ``enterprises.jsonl``, ``positions.jsonl``, ``students.jsonl``,
``interactions.jsonl`` (records of :mod:`matcher.schemas`) and ``ground_truth/`` (for evaluation
only). The same seed gives byte-identical files.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from matcher.simulate.behaviour import EVENTS, SeasonResult, SeasonSimulator, iter_lines
from matcher.simulate.catalogue import build_catalogue
from matcher.simulate.config import Season, SimConfig, default_config
from matcher.simulate.truth import IdFormat, write_ground_truth, write_readme, write_world_json
from matcher.simulate.utility import HiddenUtility
from matcher.simulate.world import World, build_world
from matcher.simulate.writer import (
    Ids,
    enterprise_name_table,
    enterprise_records,
    position_records,
    student_records,
    write_jsonl,
)
from matcher.text.taxonomy import Taxonomy, load_taxonomy

logger = logging.getLogger(__name__)

__all__ = [
    "HiddenUtility",
    "Season",
    "SimConfig",
    "World",
    "build_world",
    "default_config",
    "simulate",
]


def _bar(progress: bool, total: int, desc: str) -> tqdm:
    return tqdm(
        total=total,
        desc=desc,
        unit="",
        file=sys.stderr,
        disable=not progress,
        dynamic_ncols=True,
        leave=False,
        mininterval=1.0,
    )


def simulate(
    out_dir: Path,
    *,
    students: int,
    enterprises: int,
    positions: int,
    seed: int,
    progress: bool = True,
    config: SimConfig | None = None,
    taxonomy: Taxonomy | None = None,
) -> dict[str, Any]:
    """Generate a world into ``out_dir`` and return a summary of counts and seconds.

    ``config`` overrides the default parameters; ``taxonomy`` the package's taxonomy (tests).
    Progress bars go to stderr when ``progress`` is true.
    """
    t_start = time.perf_counter()
    cfg = config or default_config()
    tax = taxonomy or load_taxonomy()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    seconds: dict[str, float] = {}

    t0 = time.perf_counter()
    with _bar(progress, 3, "world") as bar:
        cat = build_catalogue(tax)
        bar.update(1)
        world = build_world(
            cfg, cat, students=students, enterprises=enterprises, positions=positions, seed=seed
        )
        bar.update(1)
        util = HiddenUtility(world)
        bar.update(1)
    seconds["world"] = time.perf_counter() - t0

    bound = students * len(cfg.seasons) * (cfg.exposure_range[1] + 8 * cfg.apply_range[1])
    ids = Ids(enterprises, positions, students, bound)
    names = enterprise_name_table(world)

    t0 = time.perf_counter()
    n_ent = write_jsonl(out_dir / "enterprises.jsonl", enterprise_records(world, ids, names))
    with _bar(progress, students, "students") as bar:
        n_stu = write_jsonl(out_dir / "students.jsonl", _ticking(student_records(world, ids), bar))
    seconds["students_and_enterprises"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    events = np.zeros(len(EVENTS), dtype=np.int64)
    hires = np.zeros(world.pos.n, dtype=np.int64)
    seasons: list[dict[str, Any]] = []
    next_id = [1]
    student_ids = [ids.stu(i) for i in range(students)]
    position_ids = [ids.pos(j) for j in range(positions)]
    with (
        (out_dir / "interactions.jsonl").open("w", encoding="utf-8", newline="\n") as fh,
        _bar(progress, students * len(cfg.seasons), "seasons") as bar,
    ):

        def on_season(res: SeasonResult) -> None:
            cols = res.columns
            for chunk in iter_lines(cols, next_id[0], ids.i_w, student_ids, position_ids):
                fh.write(chunk)
            next_id[0] += int(cols["student"].size)
            counts = np.bincount(cols["event"].astype(np.int64), minlength=len(EVENTS))
            events[:] += counts
            hires[:] += res.hires
            season = cfg.seasons[res.season]
            seasons.append(
                {
                    "key": season.key,
                    "label": season.label_zh,
                    "current": season.current,
                    "positions": int((world.pos.season == res.season).sum()),
                    "active_students": res.active,
                    "interactions": int(cols["student"].size),
                    "applications": int(counts[EVENTS.index("apply")]),
                    "hires": int(counts[EVENTS.index("hire")]),
                    "internships_completed": int(counts[EVENTS.index("internship_completed")]),
                }
            )
            bar.update(students - res.active)

        SeasonSimulator(world, util).run(on_season, progress=bar.update)
    seconds["behaviour"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    status = _statuses(world, hires)
    n_pos = write_jsonl(out_dir / "positions.jsonl", position_records(world, ids, status, names))
    seconds["positions"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    gt_dir = out_dir / "ground_truth"
    with _bar(progress, students, "ground truth") as bar:
        truth = write_ground_truth(
            gt_dir,
            world,
            util,
            student_ids=IdFormat("s", ids.s_w),
            position_ids=IdFormat("p", ids.p_w),
            progress=bar.update,
        )
    write_readme(gt_dir, truth, cfg.grade_fractions, students, positions)
    event_counts = {name: int(events[i]) for i, name in enumerate(EVENTS)}
    counts = {
        "enterprises": n_ent,
        "positions": n_pos,
        "students": n_stu,
        "interactions": int(events.sum()),
    }
    write_world_json(
        gt_dir,
        {
            "generator": "matcher.simulate",
            "seed": seed,
            "counts": counts,
            "events": event_counts,
            "seasons": seasons,
            "world_date": cfg.world_date.isoformat(),
            "status": {s: status.count(s) for s in ("open", "closed", "filled")},
            "truth": truth,
            "config": cfg.as_dict(),
        },
    )
    seconds["ground_truth"] = time.perf_counter() - t0
    seconds["total"] = time.perf_counter() - t_start
    logger.info("simulated world in %s: %s", out_dir, counts)
    return {
        "out_dir": str(out_dir),
        "seed": seed,
        **counts,
        "events": event_counts,
        "seasons": seasons,
        "qrels": {
            k: truth[k]
            for k in (
                "graded_students",
                "subset",
                "grade_counts_student_queries",
                "grade_counts_position_queries",
                "per_student",
                "per_position",
            )
        },
        "seconds": {k: round(v, 2) for k, v in seconds.items()},
    }


def _ticking(records: Any, bar: tqdm) -> Any:
    for rec in records:
        bar.update(1)
        yield rec


def _statuses(world: World, hires: np.ndarray) -> list[str]:
    """open (current season), filled (past, every opening taken) or closed (past, not filled)."""
    current = np.array([s.current for s in world.cfg.seasons])[world.pos.season]
    filled = hires >= world.pos.openings
    return [
        "open" if c else ("filled" if f else "closed")
        for c, f in zip(current.tolist(), filled.tolist(), strict=True)
    ]
