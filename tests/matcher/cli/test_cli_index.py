"""`matcher index` rebuilds only when something it depends on changed."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from matcher.cli import app
from matcher.simulate import simulate

runner = CliRunner()


def _index(*extra: str) -> dict:
    result = runner.invoke(app, ["index", "--json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _rewrite_one_student(root: Path) -> None:
    """Import the world's first student again with a new self-description (a store write)."""
    students = (root / "w" / "students.jsonl").read_text(encoding="utf-8").splitlines()
    changed = json.loads(students[0])
    changed["self_description"] = "热爱激光雷达标定与自动驾驶感知算法"
    one = root / "one.jsonl"
    one.write_text(json.dumps(changed, ensure_ascii=False) + "\n", encoding="utf-8")
    assert runner.invoke(app, ["import", str(one), "--type", "students"]).exit_code == 0


def test_index_is_idempotent_and_notices_changes(tmp_path: Path) -> None:
    simulate(tmp_path / "w", students=40, enterprises=5, positions=20, seed=3, progress=False)
    files = sorted(str(p) for p in (tmp_path / "w").glob("*.jsonl"))
    assert runner.invoke(app, ["import", *files]).exit_code == 0

    first = _index()
    assert first["up_to_date"] is False
    again = _index()
    assert again == {**again, "up_to_date": True, "version": first["version"]}

    # Rewriting one student (even to the same count of records) is a change.
    _rewrite_one_student(tmp_path)
    rebuilt = _index()
    assert rebuilt["up_to_date"] is False and rebuilt["version"] != first["version"]
    assert _index()["up_to_date"] is True
    forced = _index("--force")
    assert forced["up_to_date"] is False and forced["version"] != rebuilt["version"]


def test_index_carries_the_ranker_forward(tmp_path: Path) -> None:
    """Issue #16 row 9: `matcher index` after a write published a version without the ranker,
    and a live service followed it to `scorer: prior` until someone retrained."""
    from matcher.config import get_settings
    from matcher.engine.persist import load_engine

    simulate(tmp_path / "w", students=160, enterprises=16, positions=64, seed=5, progress=False)
    files = sorted(str(p) for p in (tmp_path / "w").glob("*.jsonl"))
    assert runner.invoke(app, ["import", *files]).exit_code == 0
    _index()
    trained = runner.invoke(app, ["train", "--json"])
    assert trained.exit_code == 0, trained.output
    models = get_settings().models_dir
    before = load_engine(models)
    assert before.ranker is not None
    _rewrite_one_student(tmp_path)
    for extra in ((), ("--force",)):
        summary = _index(*extra)
        assert summary["up_to_date"] is False and summary["ranker"] == "carried over"
        after = load_engine(models)
        assert after.manifest["version"] == summary["version"]
        assert after.ranker is not None
        assert after.manifest["training"] == before.manifest["training"]
