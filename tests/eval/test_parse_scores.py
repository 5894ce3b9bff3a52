"""`matcher eval-parse` and the document rows of `matcher bench`, on a few labelled documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eval.bench.parse import bench_parse
from eval.parsing.scores import DEFAULT_SET, read_set, score, table
from matcher.cli import with_layer_commands

runner = CliRunner()


@pytest.fixture
def few(tmp_path: Path) -> Path:
    """Labels of two résumés and two job descriptions of the project's set (one each language)."""
    rows = read_set(DEFAULT_SET)
    chosen = []
    for kind in ("resume", "job"):
        for lang in ("zh", "en"):
            chosen.append(next(r for r in rows if r["kind"] == kind and r["language"] == lang))
    path = tmp_path / "labels.jsonl"
    lines = [{k: v for k, v in r.items() if k != "path"} for r in chosen]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines), "utf-8")
    for r in chosen:
        (tmp_path / r["file"]).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / r["file"]).write_bytes(Path(r["path"]).read_bytes())
    return path


def test_scores_count_each_field_against_its_label(few: Path) -> None:
    scores = score(read_set(few))
    assert scores.documents == {("resume", "zh"): 1, ("resume", "en"): 1, ("job", "zh"): 1,
                                ("job", "en"): 1}  # fmt: skip
    skills = scores.tallies[("resume", "zh", "skills")]
    labelled = len(read_set(few)[0]["fields"]["skills"])
    assert skills.labelled == labelled and 0 < skills.right <= min(skills.predicted, labelled)
    assert scores.tallies[("job", "en", "city")].labelled == 1
    assert table(scores)[0] == "| kind | lang | docs | field | precision | recall |"
    assert len(scores.seconds) == 4


def test_the_command_prints_the_table_and_json(few: Path) -> None:
    app = with_layer_commands()
    result = runner.invoke(app, ["eval-parse", "--labelled", str(few), "--json", "--misses"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out["scores"]) == {"resume", "job"} and out["timing"]["documents"] == 4
    bad = runner.invoke(app, ["eval-parse", "--labelled", str(few.parent / "none.jsonl")])
    assert bad.exit_code == 1 and "No such file" in bad.stderr


def test_the_bench_rows_time_each_kind_against_a_bare_child(few: Path) -> None:
    result = bench_parse(few, repeats=1, progress=False)
    assert result["documents"] == 4 and result["reference_bare_child"]["n"] >= 10
    assert result["rows"]["all"]["read_and_draft"]["n"] == 4
    assert result["rows"]["all"]["ratio_p50_to_bare_child"] > 0
