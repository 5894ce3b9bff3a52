"""The page bench: every role's pages on the real server, on a copy of a small world."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.bench.pages import bench_pages
from matcher.store.database import Store
from tests.api.apiworld import build_world


@pytest.mark.slow  # every page of every role timed on a world of its own
def test_every_roles_pages_answer_and_are_timed(tmp_path: Path) -> None:
    world = build_world(tmp_path / "w", seed=5, students=50, positions=20, enterprises=5)
    before = Store(world["url"]).counts()
    rows = bench_pages(world["url"], world["models"], tmp_path, repeats=2, progress=False)
    roles = {"reference", "student", "enterprise", "advisor", "researcher", "admin"}
    assert {r["role"] for r in rows} == roles
    assert rows[0]["page"] == "/" and rows[0]["p95_ratio"] == 1.0
    for row in rows:
        assert row["status"] == {200: 2}, row
        assert 0 < row["p50_ms"] <= row["p95_ms"] <= row["max_ms"]
        assert row["p95_ratio"] == row["p95_ms"] / rows[0]["p95_ms"]
    assert Store(world["url"]).counts() == before, "the bench works on a copy"
    with pytest.raises(ValueError, match="SQLite"):
        bench_pages("postgresql+psycopg://u:p@h/db", world["models"], tmp_path)
