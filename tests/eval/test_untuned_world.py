"""Issue #20's world nobody tuned to, end to end (slow: about four minutes).

On a world whose every numeric parameter was moved at random by up to ±20%
(``data/worlds/untuned.json``), the learned ranker that ``matcher train`` keeps must still beat
``prior`` and ``simple5`` on the hidden truth.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.simulate import simulate
from matcher.simulate.config import load_config
from tests.eval.offline_world import S2P, ndcg, offline_report

UNTUNED = Path(__file__).resolve().parents[2] / "data" / "worlds" / "untuned.json"
SIZE = {"students": 800, "enterprises": 60, "positions": 320}

pytestmark = pytest.mark.slow


def test_on_a_world_nobody_tuned_to_the_learned_ranker_beats_prior_and_simple5(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = tmp_path / "w"
    simulate(world, **SIZE, seed=44, progress=False, config=load_config(UNTUNED))
    report = offline_report(world, tmp_path, monkeypatch)
    learned = ndcg(report, "learned")
    systems = report["directions"][S2P]["systems"]
    assert learned > ndcg(report, "prior") and learned > ndcg(report, "simple5"), systems
