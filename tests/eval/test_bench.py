"""A fast run of the performance benchmark: shape and sanity of its JSON, never a time."""

from __future__ import annotations

import json
from pathlib import Path

from eval.bench import run_bench

TINY_WORLD = {"students": 30, "enterprises": 5, "positions": 20}


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
    for key in ("texts_per_s", "reference_texts_per_s", "ratio", "cached_texts_per_s"):
        assert enc[key] > 0, key
    assert abs(enc["ratio"] - enc["texts_per_s"] / enc["reference_texts_per_s"]) < 1e-9
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
        assert r["candidates"] == 300
        assert r["p99_ms"] >= r["p50_ms"] > 0
        assert r["mean_returned"] > 0
