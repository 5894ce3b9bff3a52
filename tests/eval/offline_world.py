"""A world through the whole offline path, as a researcher runs it: ``matcher import``,
``index``, ``train`` (the learned ranker is the one training keeps), then the offline evaluation
on the world's hidden truth. Shared by the slow end-to-end tests of issue #20."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from eval.offline import run_offline
from eval.offline.common import DIRECTIONS
from matcher.cli import app
from matcher.config import get_settings

S2P = DIRECTIONS[0]  # student to position


def offline_report(world: Path, root: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """``metrics.json`` of the world in folder ``world`` (its JSONL files and ``ground_truth/``),
    imported into a new store under ``root``."""
    url = f"sqlite:///{root / 'm.db'}"
    monkeypatch.setenv("MATCHER_DATABASE_URL", url)
    monkeypatch.setenv("MATCHER_MODELS_DIR", str(root / "models"))
    get_settings.cache_clear()
    files = sorted(str(p) for p in world.glob("*.jsonl*"))
    runner = CliRunner()
    for command in (["import", *files], ["index"], ["train"]):
        done = runner.invoke(app, command)
        assert done.exit_code == 0, done.output
    return run_offline(
        ground_truth=world / "ground_truth",
        out=root / "report",
        models_dir=root / "models",
        store_url=url,
        ablations=False,
        progress=False,
    )


def ndcg(report: dict[str, Any], system: str, direction: str = S2P) -> float:
    """nDCG@10 of ``system`` on the hidden truth."""
    return report["directions"][direction]["systems"][system]["ndcg@10"]
