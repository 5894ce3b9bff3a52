"""Issue #20's leakage probe on the committed sample world, end to end (slow: about twelve
minutes, most of it ``matcher index`` and ``train`` on 2,000 students and 800 positions).

Five written features fitted on the *hidden* grades (``probe5``) must stay clearly below the
learned ranker fitted on observed outcomes: at most :data:`~eval.offline.probe.PROBE_BOUND` of
its nDCG@10 from student to position, the direction of the students' recommendations. The
learned ranker must beat ``prior`` there with p < 0.01. On a smaller world (800 students) the
probe reaches about 90%: the learned ranker needs the sample's outcomes to pull away
(docs/simulation.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.offline.probe import PROBE, PROBE_BOUND
from tests.eval.offline_world import S2P, ndcg, offline_report

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"

pytestmark = pytest.mark.slow


def test_on_the_sample_world_the_written_features_fitted_on_the_truth_stay_below_learned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    report = offline_report(SAMPLE, tmp_path, monkeypatch)
    probe = report[PROBE][S2P]
    assert probe["learned_ndcg@10"] == ndcg(report, "learned")
    assert probe["share_of_learned"] <= PROBE_BOUND, probe
    versus_prior = report["directions"][S2P]["significance"]["prior"]
    assert ndcg(report, "learned") > ndcg(report, "prior")
    assert versus_prior["p_bootstrap"] < 0.01 and versus_prior["p_t_test"] < 0.01, versus_prior
