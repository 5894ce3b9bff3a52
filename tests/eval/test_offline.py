"""The offline evaluation end to end on a tiny simulated world (real model, real indexes)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from eval.offline import MAIN_SYSTEMS, SERVED, check_split, run_offline
from matcher.engine.build import build_engine
from matcher.engine.persist import save_engine
from matcher.errors import SplitError
from matcher.ranking.trec import read_qrels, read_run
from matcher.retrieval.embedding import load_embedder
from matcher.simulate import simulate
from matcher.store.database import Store
from matcher.store.ingest import import_files


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("offline")
    simulate(root / "w", students=160, enterprises=16, positions=64, seed=5, progress=False)
    url = f"sqlite:///{root / 'm.db'}"
    store = Store(url)
    import_files(store, sorted((root / "w").glob("*.jsonl")))
    store.dispose()
    store = Store(url)
    engine = build_engine(store, load_embedder())
    store.dispose()
    save_engine(engine, root / "models")
    return {"root": root, "url": url, "models": root / "models", "truth": root / "w/ground_truth"}


def _run(world: dict[str, Any], out: Path, **kw: Any) -> dict[str, Any]:
    return run_offline(
        ground_truth=world["truth"],
        out=out,
        models_dir=world["models"],
        store_url=world["url"],
        progress=False,
        **kw,
    )


@pytest.fixture(scope="module")
def report(world: dict[str, Any]) -> dict[str, Any]:
    return _run(world, world["root"] / "report")


def test_report_shape_and_files(world: dict[str, Any], report: dict[str, Any]) -> None:
    out = world["root"] / "report"
    written = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert set(written["directions"]) == {"student_to_position", "position_to_student"}
    for direction, section in written["directions"].items():
        systems = section["systems"]
        assert set(MAIN_SYSTEMS) <= set(systems), direction
        assert {"fusion − dense", "learned − skills"} <= set(systems)
        for values in systems.values():
            assert {
                "ndcg@5",
                "ndcg@10",
                "ndcg@20",
                "map",
                "mrr",
                "recall@10",
                "recall@50",
                "recall@100",
                "precision@10",
            } <= set(values)
            assert all(0.0 <= values[m] <= 1.0 for m in ("ndcg@10", "map", "mrr"))
        assert section["queries"] > 0
        assert set(section["significance"]) == set(systems) - {"learned"}
        # One run per system and direction; the qrels used beside them.
        runs = list((out / "runs" / direction).glob("*.run"))
        assert len(runs) == len(systems)
        run = read_run(next(r for r in runs if r.name == "learned.run"))
        assert all(len(docs) <= 100 for docs in run.values())
        assert read_qrels(out / "qrels" / f"hidden_{direction}.qrels")
    assert set(written["observed"]) == set(written["directions"])
    assert len(list((out / "plots").glob("*.png"))) >= 3
    text = (out / "report.md").read_text(encoding="utf-8")
    assert "## Definitions" in text and "log2(rank + 1)" in text
    assert "| **learned** |" in text
    cal = written["calibration"]
    assert 0.0 <= cal["learned"]["brier"] <= 1.0 and 0.0 <= cal["learned"]["ece"] <= 1.0
    fair = written["fairness"]["learned"]
    assert set(fair) == {"gender", "major", "degree"}
    placement = written["placement"]
    assert set(placement["methods"]) == {"greedy", "optimal", "stable"}
    assert placement["methods"]["stable"]["blocking_pairs"] == 0
    assert all("true_utility" in m for m in placement["methods"].values())
    assert "## Placements" in text
    languages = written["languages"]
    assert set(languages["student_to_position"]["systems"]["learned"]) >= {"same", "cross"}
    assert sum(languages["student_to_position"]["queries"].values()) > 0
    assert "## Across languages: hidden truth" in text
    ba = written["beyond_accuracy"]["student_to_position"]["learned"]
    assert 0.0 < ba["coverage"] <= 1.0 and 0.0 <= ba["exposure_gini"] < 1.0
    assert written["versions"]["numpy"] and written["parameters"]["seed"] == 0
    assert written["split"]["test"] not in written["split"]["train"]
    # simple5: a system of every table, its five coefficients in the report; probe5: apart.
    assert written["simple5"]["features"] == [
        "gpa",
        "required_coverage",
        "major_match",
        "city_match",
        "degree_gap",
    ]
    assert set(written["simple5"]["coefficients"]) == set(written["simple5"]["features"])
    assert "simple5" in written["observed"]["position_to_student"]["significance"]
    assert 0.0 <= cal["simple5"]["ece"] <= 1.0
    assert "## The learned ranker against the plain baselines" in text
    assert "| student → position | hidden | simple5 |" in text
    probe = written["probe5"]
    for direction in ("student_to_position", "position_to_student"):
        assert "probe5" not in written["directions"][direction]["systems"]
        part = probe[direction]
        assert 0.0 <= part["ndcg@10"] <= 1.0
        learned = written["directions"][direction]["systems"]["learned"]["ndcg@10"]
        assert part["learned_ndcg@10"] == learned
        assert part["share_of_learned"] == pytest.approx(part["ndcg@10"] / learned, abs=1e-3)
    assert probe["share_of_learned"] == probe["student_to_position"]["share_of_learned"]
    assert probe["fitted_on"]["positions"] > 0 and probe["fitted_on"]["students"] == 160
    assert "## Leakage probe `probe5` (not a system)" in text
    assert "against" not in written and written["parameters"]["against"] is None


def test_random_is_worse_than_learned_on_hidden_truth(report: dict[str, Any]) -> None:
    systems = report["directions"]["student_to_position"]["systems"]
    assert systems["learned"]["ndcg@10"] > systems["random"]["ndcg@10"]


@pytest.mark.slow  # runs the whole thing twice over (the other rows of the module stay)
def test_same_seed_same_numbers(
    world: dict[str, Any], report: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # This time the store and models come from the settings, as `matcher eval-offline` finds
    # them (that path once crashed while reading genders for the fairness table).
    from matcher.config import get_settings

    monkeypatch.setenv("MATCHER_DATABASE_URL", world["url"])
    monkeypatch.setenv("MATCHER_MODELS_DIR", str(world["models"]))
    get_settings.cache_clear()
    again = run_offline(
        ground_truth=world["truth"],
        out=world["root"] / "again",
        ablations=False,
        progress=False,
        against=world["root"] / "report",
    )
    for direction, section in again["directions"].items():
        for name, values in section["systems"].items():
            assert values == report["directions"][direction]["systems"][name], (direction, name)
    # The same world against itself: every order the same (the ablations left out).
    for truth in ("hidden", "observed"):
        for direction, cmp in again["against"][truth].items():
            assert cmp["tau"] == 1.0 and cmp["moved"] == {} and cmp["only_here"] == []
            systems = again["directions"][direction]["systems"]
            assert cmp["systems"] == len([n for n in systems if " − " not in n]), direction
    assert "## Against another world" in (world["root"] / "again/report.md").read_text("utf-8")
    assert SERVED in again["directions"]["student_to_position"]["systems"]
    assert read_run(world["root"] / "again/runs/student_to_position/served.run") == read_run(
        world["root"] / "report/runs/student_to_position/served.run"
    )


def _quiet(desc: str, n: int) -> Any:
    return lambda items: items


def _truth_with(world: dict[str, Any], engine: Any, folder: Path, grade: Any) -> Path:
    """A copy of the world's ground truth where each pair's grade is ``grade(position, old
    grade)``, in both directions; world.json copied as is."""
    import shutil

    from matcher.ranking.trec import write_qrels
    from matcher.simulate.truth import hidden_truth

    folder.mkdir()
    shutil.copy(world["truth"] / "world.json", folder / "world.json")
    students, positions = list(engine.students.ids), list(engine.positions.ids)
    old = hidden_truth(world["truth"], set(students), set(positions))
    new: dict[str, dict[str, dict[str, int]]] = {}
    for direction, queries, docs, position_is_query in (
        ("student_to_position", students, positions, False),
        ("position_to_student", positions, students, True),
    ):
        new[direction] = {}
        for q in queries:
            judged = old[direction].get(q, {})
            grades = {d: grade(q if position_is_query else d, judged.get(d, 0)) for d in docs}
            if any(grades.values()):
                new[direction][q] = {d: g for d, g in grades.items() if g}
        write_qrels(folder / f"{direction}.qrels", new[direction])
    return folder


def test_the_probe_learns_from_training_window_positions_only(
    world: dict[str, Any], report: dict[str, Any], tmp_path: Path
) -> None:
    """Every hidden grade of a test-catalogue position changed: the probe's scores stay the
    same to the bit; the grades of the training window's positions reversed: they change."""
    from eval.offline.grid import PairGrid, window_catalogue
    from eval.offline.probe import probe_features, run_probe, training_catalogue
    from matcher.engine.persist import load_engine

    engine = load_engine(world["models"])
    split = report["split"]
    catalogue = window_catalogue(engine, split["test"])
    train_rows, excluded = training_catalogue(engine, split["train"], catalogue)
    assert len(train_rows) == report["probe5"]["fitted_on"]["positions"] > 0
    assert excluded == report["probe5"]["fitted_on"]["test_catalogue_excluded"]
    assert not set(train_rows.tolist()) & set(catalogue.tolist())
    test_ids = {engine.positions.ids[p] for p in catalogue}
    as_of = np.datetime64(split["test_start"], "D")
    # The grid of 40 students (its pair features only: the probe reads nothing else).
    students = np.arange(0, 160, 4)
    X = probe_features(engine, students, catalogue, as_of, engine.stats, _quiet)
    none = np.empty(0)
    grid = PairGrid(students, catalogue, X.reshape(40, len(catalogue), -1), none, none, none)

    def probe(truth: Path) -> dict[str, np.ndarray]:
        scores, fitted_on = run_probe(
            engine, split["train"], catalogue, grid, truth, as_of, engine.stats, 0, _quiet
        )
        assert fitted_on["positions"] == len(train_rows) and fitted_on["students"] == 40
        return scores

    base = probe(world["truth"])
    test_changed = _truth_with(
        world, engine, tmp_path / "test", lambda p, g: 3 - g if p in test_ids else g
    )
    train_changed = _truth_with(
        world, engine, tmp_path / "train", lambda p, g: g if p in test_ids else 3 - g
    )
    for direction, got in probe(test_changed).items():
        np.testing.assert_array_equal(got, base[direction])
    for direction, got in probe(train_changed).items():
        assert np.abs(got - base[direction]).max() > 0.1, direction


def test_split_guard() -> None:
    start = np.datetime64("2026-08-01T00:00:00")
    check_split({("s1", "p1")}, {("s2", "p1")}, np.datetime64("2026-07-01T00:00:00"), start)
    with pytest.raises(SplitError, match="share 1 interactions"):
        check_split({("s1", "p1")}, {("s1", "p1")}, None, start)
    with pytest.raises(SplitError, match="not before the test window"):
        check_split({("s1", "p1")}, set(), np.datetime64("2026-08-02T00:00:00"), start)
    with pytest.raises(SplitError, match="first seen at 2026-08-01T00:00:00"):  # at the start
        check_split({("s1", "p1")}, set(), start, start)
    # A pair of the training window whose label counts a hire in the test window.
    spring = np.datetime64("2026-03-12T00:00:00")
    check_split({("s1", "p1")}, set(), spring, start, np.datetime64("2026-07-31T23:59:59"))
    with pytest.raises(SplitError, match="training label counts an event of 2026-08-01T00:00"):
        check_split({("s1", "p1")}, set(), spring, start, start)


def test_cli_refuses_a_missing_ground_truth(tmp_path: Path) -> None:
    from matcher.cli import with_layer_commands

    result = CliRunner().invoke(
        with_layer_commands(),
        ["eval-offline", "--ground-truth", str(tmp_path / "nope"), "--out", str(tmp_path)],
    )
    assert result.exit_code != 0
    assert "not a folder" in result.output


def test_served_lists_come_from_the_request_path(
    world: dict[str, Any], report: dict[str, Any]
) -> None:
    from matcher.engine.persist import load_engine

    out = world["root"] / "report"
    sp = report["directions"]["student_to_position"]
    assert SERVED in sp["systems"] and SERVED in sp["significance"]
    assert SERVED in report["observed"]["student_to_position"]["systems"]
    assert SERVED not in report["directions"]["position_to_student"]["systems"]
    info = report["served"]
    assert info["per_enterprise"] == 2 and info["depth"] == 100 and info["scorer"] == ["learned"]
    assert info["catalogue_open_on_day"] >= info["catalogue_open_on_grid_day"]
    assert 0.0 < info["relevant_eligible_share"] <= 1.0
    assert SERVED in report["beyond_accuracy"]["student_to_position"]
    text = (out / "report.md").read_text(encoding="utf-8")
    assert "## What is evaluated" in text and "| served |" in text
    served = read_run(out / "runs/student_to_position/served.run")
    # The learned run holds the whole catalogue (it is smaller than a run's depth).
    learned = read_run(out / "runs/student_to_position/learned.run")
    catalogue = set(next(iter(learned.values())))
    assert len(catalogue) == report["positions"] < 100
    assert any(served.values())
    engine = load_engine(world["models"])
    P, E = engine.positions, engine.enterprises
    for sid, docs in served.items():
        assert set(docs) <= catalogue, sid
        ranked = sorted(docs, key=lambda d: -docs[d])
        owners = [E.ids[P.enterprise[P.index[pid]]] for pid in ranked]
        assert max((owners.count(e) for e in owners), default=0) <= 2, sid
        assert max((owners[:10].count(e) for e in owners[:10]), default=0) <= 2, sid


def test_a_served_top_10_is_the_start_of_its_deeper_list(
    world: dict[str, Any], report: dict[str, Any]
) -> None:
    import numpy as np

    from eval.offline.grid import window_catalogue
    from eval.offline.served import served_day
    from matcher.engine.build import replay_engine
    from matcher.engine.persist import load_engine
    from matcher.recommend import recommend_positions

    engine = load_engine(world["models"])
    catalogue = window_catalogue(engine, report["split"]["test"])
    start = np.datetime64(report["split"]["test_start"], "D")
    replay = replay_engine(engine, np.datetime64(start, "s"), catalogue, ranker=None)
    day = served_day(replay, start)
    assert str(day) == report["served"]["as_of"]
    counts = [int(replay.open_on(start + np.timedelta64(d, "D")).sum()) for d in range(182)]
    assert replay.open_on(day).sum() == max(counts) > 0
    shown = 0
    for sid in engine.students.ids[:40]:
        short = recommend_positions(replay, sid, k=10, as_of=day)
        deep = recommend_positions(replay, sid, k=100, as_of=day)
        assert [r.position_id for r in short] == [r.position_id for r in deep[:10]], sid
        shown += len(short)
    assert shown


def test_the_report_never_holds_the_store_password() -> None:
    from eval.offline.run import _without_password

    masked = _without_password("postgresql+psycopg://matcher:s3cret@db.example:5432/matcher")
    assert "s3cret" not in masked and masked.endswith(":***@db.example:5432/matcher")
    assert _without_password("sqlite:////tmp/m.db") == "sqlite:////tmp/m.db"


@pytest.mark.slow  # a Ray cluster starts (about a minute here)
def test_the_grid_on_ray_is_the_grid(world: dict[str, Any]) -> None:
    """`matcher eval-offline --ray`: the pair features of the grid computed by Ray's actors
    (2 CPUs) are those computed in-process."""
    import numpy as np
    import ray

    from eval.offline.grid import pair_grid
    from matcher.engine.persist import load_engine

    engine = load_engine(world["models"])
    students, positions = np.arange(0, 160, 4), np.arange(0, 64, 2)
    as_of = np.datetime64(engine.clock, "D")

    def quiet(desc: str, n: int) -> Any:
        return lambda items: items

    here = pair_grid(engine, students, positions, as_of, engine.stats, quiet)
    ray.init(num_cpus=2, include_dashboard=False)
    try:
        there = pair_grid(engine, students, positions, as_of, engine.stats, quiet, "local")
    finally:
        ray.shutdown()
    np.testing.assert_array_equal(there.X, here.X)
    np.testing.assert_array_equal(there.bm25_ps, here.bm25_ps)


def test_the_popularity_baseline_counts_no_event_after_the_cutoff() -> None:
    """A spring application interviewed in the autumn (the test window) is one application to
    the position and no interview for the student at the autumn's start."""
    import datetime as dt
    from types import SimpleNamespace

    from eval.offline.systems import _popularity
    from matcher.schemas import Event, Interaction
    from matcher.store.history import pair_outcomes

    def it(n: int, s: str, p: str, event: Event, day: dt.datetime) -> Interaction:
        return Interaction(id=f"i{n}", student_id=s, position_id=p, event=event, timestamp=day)

    pairs = pair_outcomes(
        [
            it(1, "s1", "p1", Event.apply, dt.datetime(2026, 3, 2)),
            it(2, "s1", "p1", Event.interview, dt.datetime(2026, 9, 2)),
            it(3, "s2", "p2", Event.apply, dt.datetime(2026, 4, 2)),
            it(4, "s2", "p2", Event.interview, dt.datetime(2026, 5, 2)),
            it(5, "s2", "p1", Event.apply, dt.datetime(2026, 9, 3)),
        ]
    )
    engine = SimpleNamespace(
        pairs=pairs,
        positions=SimpleNamespace(ids=["p1", "p2"]),
        students=SimpleNamespace(ids=["s1", "s2"]),
    )
    grid = SimpleNamespace(students=np.array([0, 1]), positions=np.array([0, 1]))
    pos, stu = _popularity(engine, grid, np.datetime64("2026-08-01T00:00:00"))
    assert pos[0].tolist() == [1.0, 1.0]  # p1: s1's spring application; p2: s2's
    assert stu[:, 0].tolist() == [0.0, 1.0]  # s1's interview came after the cut-off
