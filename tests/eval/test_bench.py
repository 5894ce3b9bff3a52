"""A fast run of the performance benchmark: shape and sanity of its JSON, never a time."""

from __future__ import annotations

import json
from pathlib import Path

from eval.bench import build_world_engine, run_bench, scale_positions
from matcher.retrieval.positions import POOL_SIZE

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
        assert r["candidates"] == POOL_SIZE
        assert r["p99_ms"] >= r["p50_ms"] > 0
        assert r["mean_returned"] > 0
    assert rec[-1]["mean_returned"] == 10  # a scaled catalogue fills every top 10

    ri = written["reindex"]
    for way in ("forced", "unchanged"):
        assert ri[f"{way}_s"] > 0
        assert abs(ri[f"{way}_speedup"] - ri["first_s"] / ri[f"{way}_s"]) < 1e-9


def test_scale_positions_copies_open_positions_into_the_open_index(tmp_path: Path) -> None:
    engine = build_world_engine(tmp_path, TINY_WORLD)
    n0, n = len(engine.positions), 300
    scaled = scale_positions(engine, n)
    P = scaled.positions
    assert len(P) == n and len(set(P.ids)) == n
    assert P.ids[:n0] == engine.positions.ids
    assert P.is_open[n0:].all()
    # The index is built as the engine builds it: every open position, and only those.
    assert sorted(scaled.position_index.ids) == sorted(
        pid for pid, is_open in zip(P.ids, P.is_open, strict=True) if is_open
    )
    assert len(scaled.position_lexical.ids) == n
    # Copies spread over the enterprises, and each copy keeps its source's title.
    assert len(set(P.enterprise[n0:].tolist())) == len(engine.enterprises.ids)
    for i in (0, n0, n - 1):
        source = engine.positions.index[P.ids[i].split("~")[0]]
        assert P.title[i] == engine.positions.title[source]
