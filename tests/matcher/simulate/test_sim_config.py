"""The simulator's parameters as a JSON file: round trip, refusals, and worlds from moved values."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from matcher.cli import app
from matcher.errors import SimConfigError
from matcher.schemas import Interaction, Position, Student
from matcher.simulate import simulate
from matcher.simulate.config import (
    SimConfig,
    TextStyle,
    UtilityCoefficients,
    config_from_dict,
    default_config,
    load_config,
)

runner = CliRunner()


def test_print_config_round_trips_to_the_defaults() -> None:
    result = runner.invoke(app, ["simulate", "--print-config"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed["utility"]["team_fit"] == 0.55
    assert printed["text"]["writers"] == [0.5, 0.5]
    assert printed["profile_lang_mix"] == [0.8, 0.03, 0.17]
    assert config_from_dict(printed) == default_config()


def test_a_partial_file_changes_only_what_it_names(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"utility": {"competence": 2.0}, "view_slope": 0.5}))
    cfg = load_config(path)
    assert cfg.utility.competence == 2.0 and cfg.view_slope == 0.5
    assert cfg.utility.team_fit == UtilityCoefficients().team_fit
    assert cfg.text == TextStyle()
    assert dataclasses.replace(cfg, utility=UtilityCoefficients(), view_slope=0.6) == SimConfig()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"utility": {"competense": 1}}, "c.json: utility.competense: unknown parameter"),
        ({"referral_p": 1.5}, "c.json: referral_p: a probability must lie in [0, 1], got 1.5"),
        ({"apply_range": [3]}, "c.json: apply_range: expected a list of 2, got [3]"),
        ({"apply_range": [9, 3]}, "c.json: apply_range: must be [low, high]"),
        ({"offer_rounds": 1.5}, "c.json: offer_rounds: expected a whole number, got 1.5"),
        ({"interview_noise": "a"}, 'c.json: interview_noise: expected a number, got "a"'),
        ({"text": {"writers": [0, 0]}}, "c.json: text.writers: weights must be non-negative"),
        ({"seasons": [{"key": "x"}]}, "c.json: seasons[0].end: missing"),
        ({"season_share": [1.0]}, "c.json: season_share: needs one share per season (4)"),
        ({"world_date": "soon"}, 'c.json: world_date: expected a date YYYY-MM-DD, got "soon"'),
        ([1, 2], "c.json: the configuration: expected an object of parameters"),
    ],
)
def test_bad_parameters_are_refused_with_their_path(data: Any, message: str) -> None:
    with pytest.raises(SimConfigError) as info:
        config_from_dict(data, source="c.json")
    assert str(info.value).startswith(message), str(info.value)


def test_the_command_reports_a_bad_file_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"utility": {"competence": 2},\n "view_slope": }')
    out = tmp_path / "w"
    result = runner.invoke(app, ["simulate", "--out", str(out), "--config", str(bad)])
    assert result.exit_code != 0
    assert f"{bad}:2: not JSON" in result.output
    assert not out.exists()


def _moved(value: Any, factor: float, name: str) -> Any:
    """A numeric parameter moved by ``factor``: whole numbers stay whole, probabilities stay
    probabilities, ranges stay ordered."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, int):
        return max(1, round(value * factor))
    moved = value * factor
    return min(moved, 1.0) if name.endswith("_p") else moved


def _perturbed(rng: np.random.Generator) -> dict[str, Any]:
    """Every numeric parameter of the defaults moved by a random factor in [0.8, 1.2]."""
    data = default_config().as_dict()
    skip = {"seasons", "world_date", "graduation_years", "grade_fractions", "grade_level_quantile"}
    for name, value in list(data.items()):
        if name in skip:
            continue
        if isinstance(value, dict):
            data[name] = {k: _moved(v, rng.uniform(0.8, 1.2), k) for k, v in value.items()}
        elif isinstance(value, list):
            moved = [_moved(v, rng.uniform(0.8, 1.2), name) for v in value]
            data[name] = sorted(moved) if name.endswith("_range") else moved
        else:
            data[name] = _moved(value, rng.uniform(0.8, 1.2), name)
    return data


@pytest.mark.parametrize("seed", [1, 2])
def test_every_parameter_moved_by_twenty_percent_still_makes_a_valid_world(
    tmp_path: Path, seed: int
) -> None:
    data = _perturbed(np.random.default_rng(seed))
    path = tmp_path / "moved.json"
    path.write_text(json.dumps(data))
    cfg = load_config(path)
    assert cfg != default_config()
    out = tmp_path / "w"
    summary = simulate(out, students=120, enterprises=10, positions=40, seed=seed,
                       progress=False, config=cfg)  # fmt: skip
    for name, model in (("students", Student), ("positions", Position)):
        for line in (out / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            model.model_validate_json(line)
    events = (out / "interactions.jsonl").read_text(encoding="utf-8").splitlines()
    for line in events[:2000]:
        Interaction.model_validate_json(line)
    assert summary["events"]["apply"] > 0 and summary["events"]["interview"] > 0
    meta = json.loads((out / "ground_truth" / "world.json").read_text(encoding="utf-8"))
    assert config_from_dict(meta["config"]) == cfg
