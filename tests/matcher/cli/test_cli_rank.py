"""`matcher rank` writes a TREC run that `matcher evaluate` reads, in both languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matcher.cli import app

runner = CliRunner()


def test_rank_then_evaluate(tmp_path: Path) -> None:
    corpus = tmp_path / "c.tsv"
    corpus.write_text(
        "id\ttext\n"
        "o1\t光学工程师 负责光学系统设计\n"
        "o2\t汽车电子工程师 CAN总线 车载网络\n"
        "o3\tmechanical design engineer SolidWorks\n"
        "o4\tsoftware developer Python web\n",
        encoding="utf-8",
    )
    queries = tmp_path / "q.tsv"
    queries.write_text("id\ttext\nq1\t光学设计工程师\nq2\tmechanical engineer\n", encoding="utf-8")
    run = tmp_path / "run.txt"
    result = runner.invoke(
        app,
        ["rank", "--queries", str(queries), "--corpus", str(corpus), "--out", str(run), "--k", "3"],
    )
    assert result.exit_code == 0, result.stderr
    lines = [line.split() for line in run.read_text(encoding="utf-8").splitlines()]
    assert {row[0] for row in lines} == {"q1", "q2"}
    for qid in ("q1", "q2"):
        scores = [float(r[4]) for r in lines if r[0] == qid]
        assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores)
        assert len(scores) <= 3
    top = {r[0]: r[2] for r in lines if r[3] == "1"}
    assert top == {"q1": "o1", "q2": "o3"}
    qrels = tmp_path / "qrels.txt"
    qrels.write_text("q1 0 o1 1\nq2 0 o3 1\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", "--qrels", str(qrels), "--run", str(run), "--json"])
    assert result.exit_code == 0, result.stderr
    metrics = json.loads(result.stdout)
    assert metrics["mrr"] == 1.0 and metrics["map"] == 1.0 and metrics["queries"] == 2


def test_rank_rejects_bad_tsv(tmp_path: Path) -> None:
    bad = tmp_path / "c.tsv"
    bad.write_text("id\ttext\nonly-an-id\n", encoding="utf-8")
    result = runner.invoke(
        app, ["rank", "--queries", str(bad), "--corpus", str(bad), "--out", str(tmp_path / "r")]
    )
    assert result.exit_code != 0
    assert f"{bad}:2:" in result.stderr and "Traceback" not in result.stderr


def test_rank_without_an_english_model_says_what_dense_en_needs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from matcher.config import get_settings

    texts = tmp_path / "t.tsv"
    texts.write_text("id\ttext\na\toptical engineer\nb\t光学工程师\n", encoding="utf-8")
    args = ["rank", "--queries", str(texts), "--corpus", str(texts), "--out", str(tmp_path / "r")]
    monkeypatch.setenv("MATCHER_TITLE_ENGLISH_MODEL", "")
    get_settings.cache_clear()
    try:
        alone = runner.invoke(app, [*args, "--channels", "dense_en"])
        assert alone.exit_code != 0 and "title_english_model" in alone.stderr
        default = runner.invoke(app, args)  # the default channels simply go without it
        assert default.exit_code == 0, default.stderr
    finally:
        get_settings.cache_clear()
