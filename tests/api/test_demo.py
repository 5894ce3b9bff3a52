"""The service layer's commands: ``matcher demo`` on a small simulated world, without serving."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matcher.config import get_settings
from matcher.simulate import simulate


def test_demo_imports_builds_trains_and_summarises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import api.cli
    from matcher.cli import with_layer_commands

    sample = tmp_path / "sample"
    simulate(sample, students=160, enterprises=16, positions=64, seed=5, progress=False)
    monkeypatch.setattr(api.cli, "SAMPLE_DIR", sample)
    monkeypatch.setenv("MATCHER_MODELS_DIR", str(tmp_path / "models"))
    get_settings.cache_clear()
    args = ["demo", "--no-serve", "--json", "--database-url", f"sqlite:///{tmp_path / 'd.db'}"]
    try:
        first = CliRunner().invoke(with_layer_commands(), args)
        assert first.exit_code == 0, first.output
        summary = json.loads(first.stdout)
        assert summary["imported_sample"] is True
        assert summary["counts"]["students"] == 160 and summary["counts"]["positions"] == 64
        assert summary["validation"], "the ranker was trained and validated"
        assert all("ndcg@10" in m for m in summary["validation"].values())
        # The second run finds the store filled and the engine current: it imports and trains
        # nothing and reports the validation the first run published.
        second = CliRunner().invoke(with_layer_commands(), args)
        assert second.exit_code == 0, second.output
        again = json.loads(second.stdout)
        assert again["imported_sample"] is False
        assert again["validation"] == summary["validation"]
    finally:
        get_settings.cache_clear()
