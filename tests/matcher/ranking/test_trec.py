"""TREC qrels and run files: reading, writing, trec_eval's order and atomic writes."""

from __future__ import annotations

import doctest
import gzip
import itertools
import math
import random
from pathlib import Path

import ir_measures
import pytest
import pytrec_eval

from matcher.ranking import trec
from matcher.ranking.trec import ranked, read_qrels, read_run, write_qrels, write_run


def test_qrels_round_trip(tmp_path: Path) -> None:
    qrels = {"q2": {"d1": 0, "d3": 2}, "q1": {"文档1": 1, "d2": -1}}
    path = tmp_path / "qrels.txt"
    write_qrels(path, qrels)
    assert path.read_text("utf-8") == "q1 0 d2 -1\nq1 0 文档1 1\nq2 0 d1 0\nq2 0 d3 2\n"
    assert read_qrels(path) == qrels


def test_read_qrels_accepts_any_whitespace_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "qrels"
    path.write_text("q1\t0\td1\t1\n\n  q1 iter d2   0  \r\nq2 0 d1 3\n", "utf-8")
    assert read_qrels(path) == {"q1": {"d1": 1, "d2": 0}, "q2": {"d1": 3}}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("q1 0 d1 1\nq1 0 d2\n", r"qrels:2: expected 4 fields 'qid 0 docid rel', found 3"),
        ("q1 0 d1 high\n", r"qrels:1: relevance 'high' is not an integer"),
        ("q1 0 d1 1\nq1 0 d1 2\n", r"qrels:2: document 'd1' judged twice for query 'q1'"),
    ],
)
def test_read_qrels_bad_lines(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "qrels"
    path.write_text(content, "utf-8")
    with pytest.raises(ValueError, match=message):
        read_qrels(path)


def test_run_round_trip_in_trec_eval_order(tmp_path: Path) -> None:
    run = {"q1": {"d1": 0.5, "d2": 2.0, "d3": 1.25}, "q0": {"x": 1.0}}
    path = tmp_path / "run.txt"
    write_run(path, run, tag="bm25")
    assert path.read_text("utf-8").splitlines() == [
        "q0 Q0 x 1 1.0 bm25",
        "q1 Q0 d2 1 2.0 bm25",
        "q1 Q0 d3 2 1.25 bm25",
        "q1 Q0 d1 3 0.5 bm25",
    ]
    assert read_run(path) == run


def test_ties_are_written_in_trec_eval_order_with_strictly_decreasing_scores(
    tmp_path: Path,
) -> None:
    run = {"q1": {"d1": 1.0, "d3": 1.0, "d2": 1.0, "d10": 1.0, "d0": 0.9999999999999999}}
    path = tmp_path / "run"
    write_run(path, run, tag="t")
    lines = [line.split() for line in path.read_text().splitlines()]
    # trec_eval: score descending, then docid descending (strcmp): d3 > d2 > d10 > d1
    assert [f[2] for f in lines] == ["d3", "d2", "d10", "d1", "d0"]
    assert [int(f[3]) for f in lines] == [1, 2, 3, 4, 5]
    scores = [float(f[4]) for f in lines]
    assert all(a > b for a, b in itertools.pairwise(scores))
    assert scores[0] == 1.0 and scores[1] == math.nextafter(1.0, 0)  # nudged by one ulp
    assert all(abs(s - 1.0) < 1e-14 for s in scores)


def test_written_run_evaluates_like_the_original_in_trec_eval(tmp_path: Path) -> None:
    """pytrec_eval (trec_eval's code) gives the same numbers for a tied run and its written form."""
    rng = random.Random(3)
    qrels = {
        f"q{q}": {f"d{d}": rng.choice([0, 0, 1, 2]) for d in rng.sample(range(40), 15)}
        for q in range(20)
    }
    run = {
        f"q{q}": {f"d{d}": float(rng.randint(0, 4)) for d in rng.sample(range(40), 30)}
        for q in range(20)
    }
    path = tmp_path / "run"
    write_run(path, run, tag="ties")
    evaluator = pytrec_eval.RelevanceEvaluator(qrels, {"map", "recip_rank", "ndcg_cut", "P"})
    assert evaluator.evaluate(read_run(path)) == evaluator.evaluate(run)
    # the file order is the order trec_eval reads
    for qid, docs in read_run(path).items():
        assert list(docs) == [d for d, _ in ranked(run[qid])]


def test_write_run_cutoff_and_tag_checks(tmp_path: Path) -> None:
    run = {"q1": {f"d{i}": float(i) for i in range(10)}, "q2": {}}
    write_run(tmp_path / "run", run, tag="top3", k=3)
    assert read_run(tmp_path / "run") == {"q1": {"d9": 9.0, "d8": 8.0, "d7": 7.0}}
    for tag in ("", "two words"):
        with pytest.raises(ValueError, match="run tag"):
            write_run(tmp_path / "run", run, tag=tag)
    with pytest.raises(ValueError, match="not finite"):
        write_run(tmp_path / "bad", {"q1": {"d1": math.nan}}, tag="t")


def test_failed_write_leaves_the_old_file_and_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "run"
    write_run(path, {"q1": {"d1": 1.0}}, tag="old")
    before = path.read_text()
    with pytest.raises(ValueError, match="document id"):
        write_run(path, {"q1": {"d1": 1.0, "bad id": 0.5}}, tag="new")
    assert path.read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["run"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("q1 Q0 d1 1 0.5\n", r"run:1: expected 6 fields"),
        ("q1 Q0 d1 one 0.5 t\n", r"run:1: rank 'one' is not an integer"),
        ("q1 Q0 d1 1 high t\n", r"run:1: score 'high' is not a number"),
        ("q1 Q0 d1 1 nan t\n", r"run:1: score 'nan' is not finite"),
        ("q1 Q0 d1 1 0.5 t\nq1 Q0 d1 2 0.4 t\n", r"run:2: document 'd1' appears twice"),
    ],
)
def test_read_run_bad_lines(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "run"
    path.write_text(content, "utf-8")
    with pytest.raises(ValueError, match=message):
        read_run(path)


def test_line_numbers_count_blank_lines_and_gzip_is_read(tmp_path: Path) -> None:
    path = tmp_path / "run.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("q1 Q0 d1 1 0.5 t\n\n   \nq1 Q0 d2 2 0.25 t\nq1 Q0 d3 x 0.1 t\n")
    with pytest.raises(ValueError, match=r"run\.gz:5: rank 'x' is not an integer"):
        read_run(path)
    qrels = tmp_path / "qrels.gz"
    with gzip.open(qrels, "wt", encoding="utf-8") as fh:
        fh.write("\nq1 0 d1 1\n\nq2 0 d1 x\n")
    with pytest.raises(ValueError, match=r"qrels\.gz:4: relevance 'x' is not an integer"):
        read_qrels(qrels)


def test_readers_give_what_ir_measures_reads(tmp_path: Path) -> None:
    qrels = {"q1": {"d1": 2, "文档": 0, "d3": -1}, "q2": {"d1": 1}}
    run = {"q1": {"d1": 0.75, "d2": 1e-300, "d3": -2.5}, "q2": {"d9": 3.0}}
    write_qrels(tmp_path / "qrels", qrels)
    write_run(tmp_path / "run", run, tag="t")
    with open(tmp_path / "qrels", encoding="utf-8") as fh:
        theirs_qrels = {
            (q.query_id, q.doc_id, q.relevance) for q in ir_measures.read_trec_qrels(fh)
        }
    with open(tmp_path / "run", encoding="utf-8") as fh:
        theirs_run = {(r.query_id, r.doc_id, r.score) for r in ir_measures.read_trec_run(fh)}
    ours_qrels = read_qrels(tmp_path / "qrels")
    ours_run = read_run(tmp_path / "run")
    assert ours_qrels == qrels and ours_run == run
    assert {(q, d, r) for q, docs in ours_qrels.items() for d, r in docs.items()} == theirs_qrels
    assert {(q, d, s) for q, docs in ours_run.items() for d, s in docs.items()} == theirs_run


def test_docstring_examples_run() -> None:
    results = doctest.testmod(trec)
    assert results.attempted > 0 and results.failed == 0
