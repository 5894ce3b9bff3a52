"""The offline evaluation end to end on a tiny simulated world (real model, real indexes)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from eval.offline import MAIN_SYSTEMS, check_split, run_offline
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
    engine = build_engine(store, load_embedder(cache_dir=root / "cache"))
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
    ba = written["beyond_accuracy"]["student_to_position"]["learned"]
    assert 0.0 < ba["coverage"] <= 1.0 and 0.0 <= ba["exposure_gini"] < 1.0
    assert written["versions"]["numpy"] and written["parameters"]["seed"] == 0
    assert written["split"]["test"] not in written["split"]["train"]


def test_random_is_worse_than_learned_on_hidden_truth(report: dict[str, Any]) -> None:
    systems = report["directions"]["student_to_position"]["systems"]
    assert systems["learned"]["ndcg@10"] > systems["random"]["ndcg@10"]


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
        ground_truth=world["truth"], out=world["root"] / "again", ablations=False, progress=False
    )
    for direction, section in again["directions"].items():
        for name, values in section["systems"].items():
            assert values == report["directions"][direction]["systems"][name], (direction, name)


def test_split_guard() -> None:
    start = np.datetime64("2026-08-01T00:00:00")
    check_split({("s1", "p1")}, {("s2", "p1")}, np.datetime64("2026-07-01T00:00:00"), start)
    with pytest.raises(SplitError, match="share 1 interactions"):
        check_split({("s1", "p1")}, {("s1", "p1")}, None, start)
    with pytest.raises(SplitError, match="not before the test window"):
        check_split({("s1", "p1")}, set(), np.datetime64("2026-08-02T00:00:00"), start)


def test_cli_refuses_a_missing_ground_truth(tmp_path: Path) -> None:
    from matcher.cli import with_layer_commands

    result = CliRunner().invoke(
        with_layer_commands(),
        ["eval-offline", "--ground-truth", str(tmp_path / "nope"), "--out", str(tmp_path)],
    )
    assert result.exit_code != 0
    assert "not a folder" in result.output
