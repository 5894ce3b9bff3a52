"""Issue #20's world nobody tuned to, end to end (slow: about six minutes).

On a world whose every numeric parameter was moved at random by up to ±20%
(``data/worlds/untuned.json``), the learned ranker that ``matcher train`` keeps must still beat
``prior`` and ``simple5`` on the hidden truth.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from eval.offline import run_offline
from matcher.cli import app
from matcher.config import get_settings
from matcher.simulate import simulate
from matcher.simulate.config import load_config

UNTUNED = Path(__file__).resolve().parents[2] / "data" / "worlds" / "untuned.json"
SIZE = {"students": 800, "enterprises": 60, "positions": 320}
S2P = "student_to_position"

pytestmark = pytest.mark.slow


def _offline(root: Path, config: Path | None, seed: int, monkeypatch: Any) -> dict[str, Any]:
    """Simulate a world, then ``matcher import``, ``index``, ``train`` (the learned ranker is
    the one training keeps) and the offline evaluation; ``metrics.json``."""
    cfg = load_config(config) if config else None
    simulate(root / "w", **SIZE, seed=seed, progress=False, config=cfg)
    url = f"sqlite:///{root / 'm.db'}"
    monkeypatch.setenv("MATCHER_DATABASE_URL", url)
    monkeypatch.setenv("MATCHER_MODELS_DIR", str(root / "models"))
    get_settings.cache_clear()
    runner = CliRunner()
    for command in (["import", *sorted(str(p) for p in (root / "w").glob("*.jsonl"))],
                    ["index"], ["train"]):  # fmt: skip
        done = runner.invoke(app, command)
        assert done.exit_code == 0, done.output
    return run_offline(
        ground_truth=root / "w" / "ground_truth",
        out=root / "report",
        models_dir=root / "models",
        store_url=url,
        ablations=False,
        progress=False,
    )


def _ndcg(report: dict[str, Any], system: str) -> float:
    return report["directions"][S2P]["systems"][system]["ndcg@10"]


def test_on_a_world_nobody_tuned_to_the_learned_ranker_beats_prior_and_simple5(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = _offline(tmp_path, UNTUNED, seed=44, monkeypatch=monkeypatch)
    learned = _ndcg(report, "learned")
    assert learned > _ndcg(report, "prior") and learned > _ndcg(report, "simple5"), report[
        "directions"
    ][S2P]["systems"]
