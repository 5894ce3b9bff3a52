"""Kendall's τ between the rankings of systems in two worlds (``eval-offline --against``), on
hand-written metric tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eval.offline.compare import compare_orders, compare_worlds, read_metrics, system_order
from eval.report import against_lines


def _table(**values: float) -> dict[str, dict[str, float]]:
    return {name.replace("_minus_", " − "): {"ndcg@10": v} for name, v in values.items()}


HERE = _table(learned=0.40, simple5=0.30, prior=0.20, random=0.10, learned_minus_skills=0.5)


def test_the_order_leaves_out_ablations() -> None:
    assert system_order(HERE) == ["learned", "simple5", "prior", "random"]


def test_the_same_order_is_tau_1() -> None:
    there = _table(learned=0.8, simple5=0.5, prior=0.45, random=0.01)
    got = compare_orders(HERE, there)
    assert got["tau"] == 1.0 and got["systems"] == 4 and got["moved"] == {}


def test_one_adjacent_swap_of_four_is_tau_two_thirds() -> None:
    # 6 pairs of systems, 5 in the same order and 1 reversed: (5 − 1) / 6.
    there = _table(learned=0.40, simple5=0.30, prior=0.05, random=0.10)
    got = compare_orders(HERE, there)
    assert got["tau"] == 0.6667
    assert got["here"] == ["learned", "simple5", "prior", "random"]
    assert got["there"] == ["learned", "simple5", "random", "prior"]
    assert got["moved"] == {"prior": [3, 4], "random": [4, 3]}


def test_a_reversed_order_is_tau_minus_1_and_only_shared_systems_count() -> None:
    there = _table(learned=0.1, simple5=0.2, prior=0.3, random=0.4, served=0.9)
    got = compare_orders(HERE, there)
    assert got["tau"] == -1.0 and got["systems"] == 4
    assert got["only_there"] == ["served"] and got["only_here"] == []
    assert compare_orders(_table(a=0.1), _table(a=0.2))["tau"] is None  # one system: no τ


def test_every_truth_and_direction_is_compared_and_reported() -> None:
    def metrics(order: dict[str, dict[str, float]]) -> dict:
        section = {"systems": order}
        return {
            "directions": {"student_to_position": section, "position_to_student": section},
            "observed": {"student_to_position": section},
            "created": "2026-01-01T00:00:00+00:00",
            "parameters": {"ground_truth": "other/ground_truth"},
        }

    swapped = _table(learned=0.40, simple5=0.30, prior=0.05, random=0.10)
    report = {"against": compare_worlds(metrics(HERE), metrics(swapped), "other/metrics.json")}
    cmp = report["against"]
    assert set(cmp["hidden"]) == {"student_to_position", "position_to_student"}
    assert set(cmp["observed"]) == {"student_to_position"}
    assert cmp["other"]["ground_truth"] == "other/ground_truth"
    text = "\n".join(against_lines(report))
    assert "## Against another world" in text
    assert (
        "| student → position | hidden | 4 | 0.667 | 0.333 | learned > simple5 > prior > random "
        "| learned > simple5 > random > prior | prior 3→4, random 4→3 |"
    ) in text


def test_a_bad_against_file_is_refused_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"not a readable metrics\.json"):
        read_metrics(tmp_path / "nope.json")
    (tmp_path / "metrics.json").write_text(json.dumps({"x": 1}))
    with pytest.raises(ValueError, match=r"not the metrics\.json of matcher eval-offline"):
        read_metrics(tmp_path)
    from matcher.cli import with_layer_commands

    result = CliRunner().invoke(
        with_layer_commands(),
        [
            "eval-offline",
            "--ground-truth",
            str(tmp_path),
            "--out",
            str(tmp_path / "out"),
            "--against",
            str(tmp_path / "missing.json"),
        ],
    )
    assert result.exit_code != 0
    assert "--against" in result.output and "not a readable metrics.json" in result.output
    assert not (tmp_path / "out").exists()
