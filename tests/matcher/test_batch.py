"""`matcher batch-recommend`: every student's and every open position's list as Parquet, the same
as `recommend` and `candidates` give them, in-process and on a local Ray with 2 CPUs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from matcher.batch import batch_recommend, open_position_ids, read_output, student_rows
from matcher.cli import app, normalised_args
from matcher.engine.build import build_engine
from matcher.engine.persist import load_engine, save_engine
from matcher.recommend import recommend_candidates, recommend_positions
from matcher.retrieval.embedding import load_embedder
from matcher.rules import recommendation_day
from matcher.schemas import Event, Interaction
from matcher.simulate import simulate
from matcher.store.database import Store
from matcher.store.ingest import import_files
from tests.matcher.handworld import hand_world

K = 12


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A saved engine, then a dismissal recorded after it: the store hides more than the
    version's snapshot does, as on any night after a day of use."""
    root = tmp_path_factory.mktemp("batch")
    simulate(root / "w", students=160, enterprises=16, positions=64, seed=7, progress=False)
    url = f"sqlite:///{root / 'm.db'}"
    store = Store(url)
    import_files(store, sorted((root / "w").glob("*.jsonl")))
    save_engine(build_engine(store, load_embedder()), root / "models")
    engine = load_engine(root / "models")
    first = engine.students.ids[0]
    day = recommendation_day(engine.clock)
    top = recommend_positions(engine, first, k=1, as_of=day)[0].position_id
    with store.session() as s:
        store.upsert(
            s,
            "interactions",
            [
                Interaction(
                    id="night-1", student_id=first, position_id=top, event=Event.dismiss,
                    timestamp=dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC),
                    reason="not_interested",
                )
            ],
        )  # fmt: skip
    hidden = store.hidden_positions(list(engine.students.ids))
    store.dispose()
    return {"root": root, "url": url, "engine": engine, "hidden": hidden, "day": day, "top": top}


def _expected_students(world: dict[str, Any]) -> list[tuple[str, int, str, float]]:
    engine, hidden = world["engine"], world["hidden"]
    rows = []
    for sid in engine.students.ids:
        recs = recommend_positions(
            engine, sid, k=K, as_of=world["day"], exclude=hidden.get(sid, set())
        )
        rows += [(sid, i, r.position_id, r.score) for i, r in enumerate(recs, 1)]
    return sorted(rows)


def _expected_candidates(world: dict[str, Any]) -> list[tuple[str, int, str, float]]:
    engine = world["engine"]
    rows = []
    for pid in open_position_ids(engine):
        recs = recommend_candidates(engine, pid, k=K, as_of=world["day"])
        rows += [(pid, i, str(r.student_id), r.score) for i, r in enumerate(recs, 1)]
    return sorted(rows)


def _got(out: Path, side: str) -> list[tuple[str, int, str, float]]:
    table = read_output(out, side).to_pydict()
    owner, other = ("student_id", "position_id")[:: 1 if side == "students" else -1]
    return sorted(zip(table[owner], table["rank"], table[other], table["score"], strict=True))


def _run(world: dict[str, Any], out: Path, ray_address: str | None = None) -> dict[str, Any]:
    return batch_recommend(
        world["engine"], world["hidden"], out, k=K, day=world["day"], ray_address=ray_address
    )


def test_in_process_output_is_what_recommend_gives(world: dict[str, Any], tmp_path: Path) -> None:
    manifest = _run(world, tmp_path / "out")
    assert _got(tmp_path / "out", "students") == _expected_students(world)
    assert _got(tmp_path / "out", "candidates") == _expected_candidates(world)
    first = world["engine"].students.ids[0]
    assert world["top"] not in {
        p for s, _, p, _ in _got(tmp_path / "out", "students") if s == first
    }, "the position she dismissed after the build is still hidden from her"
    saved = json.loads((tmp_path / "out" / "manifest.json").read_text("utf-8"))
    assert saved == manifest and manifest["students"]["count"] == 160
    assert manifest["candidates"]["count"] == len(open_position_ids(world["engine"])) > 0


def test_a_second_run_replaces_the_first_whole(world: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(world, out)
    (out / "students" / "stale.parquet").write_bytes(b"left from before")
    _run(world, out)
    assert not (out / "students" / "stale.parquet").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"], "no partial folder is left"


@pytest.mark.slow  # a Ray cluster starts (about a minute here)
def test_on_a_local_ray_the_output_is_the_same(world: dict[str, Any], tmp_path: Path) -> None:
    import ray

    ray.init(num_cpus=2, include_dashboard=False)
    try:
        manifest = _run(world, tmp_path / "ray", ray_address="local")
    finally:
        ray.shutdown()
    assert manifest["mode"] == "ray" and manifest["cpus"] == 2
    assert _got(tmp_path / "ray", "students") == _expected_students(world)
    assert _got(tmp_path / "ray", "candidates") == _expected_candidates(world)
    in_process = _run(world, tmp_path / "here")
    for side in ("students", "candidates"):
        assert read_output(tmp_path / "ray", side).equals(read_output(tmp_path / "here", side))
    assert in_process["mode"] == "in-process"


def test_the_command_writes_parquet_and_says_how_fast(
    world: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATCHER_MODELS_DIR", str(world["root"] / "models"))
    monkeypatch.setenv("MATCHER_DATABASE_URL", world["url"])
    args = ["batch-recommend", "--out", str(tmp_path / "out"), "--k", str(K), "--json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["students"]["count"] == 160 and summary["students"]["per_second"] > 0
    assert _got(tmp_path / "out", "students") == _expected_students(world)


def test_a_bare_ray_flag_means_a_local_ray() -> None:
    assert normalised_args(["batch-recommend", "--ray", "--k", "5"]) == [
        "batch-recommend", "--ray", "local", "--k", "5"
    ]  # fmt: skip
    assert normalised_args(["index", "--ray"]) == ["index", "--ray", "local"]
    assert normalised_args(["index", "--ray", "auto"]) == ["index", "--ray", "auto"]
    assert normalised_args(["index", "--ray=ray://head:10001"]) == [
        "index", "--ray=ray://head:10001"
    ]  # fmt: skip


def test_an_engine_never_saved_is_refused(world: dict[str, Any], tmp_path: Path) -> None:
    import dataclasses

    unsaved = dataclasses.replace(world["engine"], directory=None)
    with pytest.raises(ValueError, match="saved engine version"):
        batch_recommend(unsaved, {}, tmp_path / "out", k=K, day=np.datetime64("2027-01-01"))


def test_each_row_keeps_matched_and_missing_skills_apart() -> None:
    """s5 (Python, MATLAB) on the world written by hand (tests/matcher/handworld.py)."""
    engine = hand_world()["engine"]
    table = student_rows(engine, ["s5"], [[]], 3, engine.clock).to_pydict()
    got = {
        p: (matched, missing)
        for p, matched, missing in zip(
            table["position_id"], table["matched_skills"], table["missing_skills"], strict=True
        )
    }
    assert got == {
        "p1": (["MATLAB", "Python编程"], ["Zemax光学设计"]),
        "p2": ([], ["激光原理与技术"]),
        "p3": (["MATLAB"], ["C语言"]),
    }
