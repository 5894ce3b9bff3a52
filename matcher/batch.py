"""Recommendations for every student and candidates for every open position, as Parquet.

The nightly work behind digests and advisors' boards: each student's top ``k`` positions as
:func:`~matcher.recommend.recommend_positions` gives them (same engine version, the positions her
events in the store hide, the same day), and each open position's top ``k`` consenting students as
:func:`~matcher.recommend.recommend_candidates` gives them. The output folder holds
``students/*.parquet`` (one row per student and rank), ``candidates/*.parquet`` (one row per
position and rank) and ``manifest.json``; it is written beside its final place and renamed into it,
so a crash leaves the previous output as it was.

In-process by default. On Ray (:func:`batch_recommend` with ``ray_address``), Ray Data spreads the
ids over one actor per CPU; each actor loads the same engine version once (its arrays are
memory-mapped, so actors on one machine share them through the page cache).
"""

from __future__ import annotations

import json
import shutil
import time
import uuid
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from matcher.engine.snapshot import Engine
from matcher.files import write_atomic
from matcher.recommend import Recommendation, recommend_candidates, recommend_positions

_SKILLS = pa.list_(pa.string())
#: What both sides say of each result after its owner's id and rank.
_RESULT = [
    ("score", pa.float64()),
    ("probability", pa.float64()),
    ("scorer", pa.string()),
    ("matched_skills", _SKILLS),
    ("missing_skills", _SKILLS),
]
#: One row per student and rank: her ``rank``-th recommended position.
STUDENT_SCHEMA = pa.schema(
    [
        ("student_id", pa.string()),
        ("rank", pa.int16()),
        ("position_id", pa.string()),
        ("enterprise_id", pa.string()),
        *_RESULT,
    ]
)
#: One row per open position and rank: its ``rank``-th candidate.
CANDIDATE_SCHEMA = pa.schema(
    [("position_id", pa.string()), ("rank", pa.int16()), ("student_id", pa.string()), *_RESULT]
)
#: Ids handed to one call (in-process) or one actor batch (Ray).
BATCH = 256


def _rows(recs: Sequence[Recommendation], key: str, owner: str) -> dict[str, list[Any]]:
    """The columns of one owner's results; ``key`` (her or its id column) is ``owner``."""
    return {
        "rank": list(range(1, len(recs) + 1)),
        "position_id": [r.position_id for r in recs],
        "enterprise_id": [r.enterprise_id for r in recs],
        "student_id": [r.student_id for r in recs],
        "score": [r.score for r in recs],
        "probability": [r.probability for r in recs],
        "scorer": [r.scorer for r in recs],
        "matched_skills": [r.matched_skills for r in recs],
        "missing_skills": [r.missing_skills for r in recs],
        key: [owner] * len(recs),
    }


def _table(parts: list[dict[str, list[Any]]], schema: pa.Schema) -> pa.Table:
    columns = {name: [v for part in parts for v in part[name]] for name in schema.names}
    return pa.Table.from_pydict(columns, schema=schema)


def student_rows(
    engine: Engine,
    student_ids: Sequence[str],
    hidden: Sequence[Sequence[str]],
    k: int,
    day: np.datetime64,
) -> pa.Table:
    """Top ``k`` positions of each student (``hidden[i]``: the positions her events hide)."""
    parts = [
        _rows(
            recommend_positions(engine, sid, k=k, as_of=day, exclude=set(hides)),
            "student_id",
            sid,
        )
        for sid, hides in zip(student_ids, hidden, strict=True)
    ]
    return _table(parts, STUDENT_SCHEMA)


def candidate_rows(
    engine: Engine, position_ids: Sequence[str], k: int, day: np.datetime64
) -> pa.Table:
    """Top ``k`` consenting students of each position."""
    parts = [
        _rows(recommend_candidates(engine, pid, k=k, as_of=day), pid, "position_id")
        for pid in position_ids
    ]
    return _table(parts, CANDIDATE_SCHEMA)


def open_position_ids(engine: Engine) -> list[str]:
    """Ids of the engine's positions whose status is open (rows replaced since the version was
    saved have no id and are left out)."""
    P = engine.positions
    return [P.ids[int(p)] for p in np.flatnonzero(P.is_open & ~P.ids.nulls())]


class _Recommender:
    """A Ray actor: the engine version at ``version``, loaded once, answering batches of ids."""

    def __init__(self, version: str, k: int, day: str, side: str) -> None:
        from matcher.cluster import one_thread_each
        from matcher.engine.persist import load_version

        one_thread_each()
        self.engine = load_version(Path(version))
        self.k, self.day, self.side = k, np.datetime64(day), side

    def __call__(self, batch: pa.Table) -> pa.Table:
        ids = batch.column("id").to_pylist()
        if self.side == "students":
            hidden = batch.column("hidden").to_pylist()
            return student_rows(self.engine, ids, hidden, self.k, self.day)
        return candidate_rows(self.engine, ids, self.k, self.day)


def _in_process(
    engine: Engine,
    side: str,
    ids: list[str],
    hidden: list[list[str]],
    k: int,
    day: np.datetime64,
    folder: Path,
    tick: Callable[[int], None],
) -> None:
    folder.mkdir(parents=True)
    schema = STUDENT_SCHEMA if side == "students" else CANDIDATE_SCHEMA
    with pq.ParquetWriter(folder / "part-00000.parquet", schema) as writer:
        for start in range(0, len(ids), BATCH):
            chunk = ids[start : start + BATCH]
            if side == "students":
                table = student_rows(engine, chunk, hidden[start : start + BATCH], k, day)
            else:
                table = candidate_rows(engine, chunk, k, day)
            writer.write_table(table)
            tick(len(chunk))


def _on_ray(
    engine: Engine,
    side: str,
    ids: list[str],
    hidden: list[list[str]],
    k: int,
    day: np.datetime64,
    folder: Path,
    cpus: int,
) -> None:
    import ray

    from matcher.cluster import in_blocks

    columns: dict[str, Any] = {"id": pa.array(ids, pa.string())}
    if side == "students":
        columns["hidden"] = pa.array(hidden, pa.list_(pa.string()))
    dataset = in_blocks(pa.table(columns), min(BATCH, -(-len(ids) // cpus)))
    results = dataset.map_batches(
        _Recommender,
        fn_constructor_kwargs={
            "version": str(engine.directory),
            "k": k,
            "day": str(day),
            "side": side,
        },
        batch_size=BATCH,
        batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=min(cpus, max(1, -(-len(ids) // BATCH)))),
        num_cpus=1,
    )
    results.write_parquet(str(folder))


def batch_recommend(
    engine: Engine,
    hidden: dict[str, set[str]],
    out: Path,
    *,
    k: int = 20,
    day: np.datetime64,
    ray_address: str | None = None,
    progress: bool = False,
) -> dict[str, Any]:
    """Write every student's top ``k`` and every open position's top ``k`` under ``out``.

    ``engine`` must be a saved version (Ray's actors load it from its folder); ``hidden`` maps
    a student to the positions her events hide (as the store has them now). Returns the
    manifest written beside the tables: counts, seconds and throughput per side.
    """
    from tqdm.auto import tqdm

    from matcher.cluster import ray_session

    if engine.directory is None:
        raise ValueError("batch recommendations need a saved engine version (run `matcher index`)")
    S = engine.students
    students = [S.ids[int(s)] for s in np.flatnonzero(engine.live_students)]
    work = {
        "students": (students, [sorted(hidden.get(s, ())) for s in students]),
        "candidates": (open_position_ids(engine), []),
    }
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.parent / f".{out.name}.partial-{uuid.uuid4().hex[:8]}"
    manifest: dict[str, Any] = {
        "engine_version": engine.directory.name,
        "k": k,
        "day": str(day),
        "mode": "ray" if ray_address else "in-process",
    }
    try:
        with ray_session(ray_address, progress=progress) if ray_address else nullcontext(1) as cpus:
            manifest["cpus"] = cpus
            for side, (ids, hides) in work.items():
                started = time.perf_counter()
                if ray_address:
                    _on_ray(engine, side, ids, hides, k, day, partial / side, cpus)
                else:
                    with tqdm(total=len(ids), desc=side, disable=not progress) as bar:
                        _in_process(engine, side, ids, hides, k, day, partial / side, bar.update)
                seconds = time.perf_counter() - started
                manifest[side] = {
                    "count": len(ids),
                    "seconds": round(seconds, 3),
                    "per_second": round(len(ids) / seconds, 1) if seconds else None,
                }
        text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
        write_atomic(partial / "manifest.json", text.encode("utf-8"))
        _replace(partial, out)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return manifest


def _replace(partial: Path, out: Path) -> None:
    """Put the finished folder ``partial`` at ``out``, removing what was there after."""
    old = None
    if out.exists():
        old = out.parent / f".{out.name}.old-{uuid.uuid4().hex[:8]}"
        out.rename(old)
    partial.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def read_output(out: Path, side: str = "students") -> pa.Table:
    """One side of a batch output, sorted by owner and rank."""
    key, schema = (
        ("student_id", STUDENT_SCHEMA) if side == "students" else ("position_id", CANDIDATE_SCHEMA)
    )
    table = pq.read_table(Path(out) / side, schema=schema)
    return table.sort_by([(key, "ascending"), ("rank", "ascending")])
