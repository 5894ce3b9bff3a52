"""Catalogues scaled from the small world's positions (the recommendation rows' engines)."""

from __future__ import annotations

from pathlib import Path

from eval.bench import build_world_engine, scale_positions

TINY_WORLD = {"students": 30, "enterprises": 5, "positions": 20}


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
        source = engine.positions.index[P.ids[i].split(":")[0]]
        assert P.title[i] == engine.positions.title[source]
