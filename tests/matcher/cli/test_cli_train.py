"""`matcher train` end to end on a small world: the ranker it publishes is the one that serves.

The world is the API tests' default one (60 students; its texts' embeddings are cached by the
time this module runs in a whole run), imported and indexed by the real commands, so the
retraining takes seconds. ``tests/api/test_admin.py`` (slow) retrains through the service on a
world of 160 students.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
from typer.testing import CliRunner

from matcher.cli import app
from matcher.config import get_settings
from matcher.engine.persist import load_engine
from matcher.engine.versions import current_version, read_manifest
from matcher.ranking.compiled import ranker_kind
from matcher.ranking.ranker import load_ranker
from matcher.ranking.training import training_pairs
from matcher.serving import ServedEngine
from matcher.simulate import simulate
from matcher.store.database import open_store

runner = CliRunner()
#: tests/api/apiworld.py's default world.
WORLD = {"students": 60, "enterprises": 6, "positions": 24, "seed": 9}


def _run(*args: str) -> Any:
    """``matcher ARGS --json`` in this process; its parsed output."""
    done = runner.invoke(app, [*args, "--json"])
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)


def test_train_publishes_the_ranker_that_then_serves(tmp_path: Path) -> None:
    simulate(tmp_path / "w", progress=False, **WORLD)
    _run("import", *sorted(str(p) for p in (tmp_path / "w").glob("*.jsonl")))
    _run("index")
    models = get_settings().models_dir
    version = current_version(models)
    assert version is not None and "ranker_file" not in read_manifest(version)
    student = load_engine(models).students.ids[0]
    before = _run("recommend", "--student", student)
    assert before and all(r["scorer"] == "prior" and r["probability"] is None for r in before)

    trained = _run("train")
    assert trained["chosen"] in ("pointwise", "listwise")
    assert trained["validation_semester"] not in trained["train_semesters"]

    # Published into the version in use: its manifest names the ranker and its training.
    assert current_version(models) == version
    manifest = read_manifest(version)
    assert manifest["training"]["chosen"] == trained["chosen"]
    assert manifest["validation"] == trained["validation"]
    assert (version / manifest["ranker_file"]).is_file()
    assert (version / manifest["ranker_compiled"]).is_file()

    # What a service loads is that ranker: its kind, and the saved model's probabilities.
    engine = load_engine(models)
    assert ranker_kind(engine.ranker) == trained["chosen"]
    X = training_pairs(engine)[0].X[:200]
    saved = load_ranker(version / manifest["ranker_file"])
    np.testing.assert_allclose(engine.ranker.predict(X), saved.predict(X), rtol=1e-9, atol=1e-12)
    store = open_store(None)
    try:
        status = ServedEngine(models, store).status()
    finally:
        store.dispose()
    assert status["scorer"] == "learned" and status["ranker"] == trained["chosen"]
    after = _run("recommend", "--student", student)
    assert after and all(r["scorer"] == "learned" for r in after)
    probabilities = [r["probability"] for r in after]
    assert all(0 < p < 1 for p in probabilities)
