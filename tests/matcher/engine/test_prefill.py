"""`matcher index --ray`: encoding and skill extraction on a local Ray (2 CPUs) fill the caches,
and the build that follows encodes nothing and equals a build without Ray."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from matcher.cli import app
from matcher.config import get_settings
from matcher.engine.build import build_engine, skill_cache
from matcher.engine.prefill import fill_caches_on_ray
from matcher.retrieval.embedding import load_embedder
from matcher.simulate import simulate
from matcher.store.database import Store
from matcher.store.ingest import import_files
from matcher.text.taxonomy import load_taxonomy


@pytest.fixture
def world_store(tmp_path: Path) -> Store:
    simulate(tmp_path / "w", students=30, enterprises=4, positions=12, seed=21, progress=False)
    store = Store(f"sqlite:///{tmp_path / 'm.db'}")
    import_files(store, sorted((tmp_path / "w").glob("*.jsonl")))
    return store


@pytest.mark.slow  # a Ray cluster starts (about a minute here)
def test_ray_fills_the_caches_the_build_then_reads(world_store: Store, tmp_path: Path) -> None:
    import ray

    embedder = load_embedder(cache_dir=tmp_path / "ray-cache" / "embeddings")
    ray.init(num_cpus=2, include_dashboard=False)
    try:
        done = fill_caches_on_ray(world_store, embedder, cpus=2)
    finally:
        ray.shutdown()
    assert done["encoded"] == 30 + 12 and done["extracted"] >= 30 + 12

    again = load_embedder(cache_dir=tmp_path / "ray-cache" / "embeddings")
    calls: list[int] = []
    inner = again.embedder.encode
    again.embedder.encode = lambda texts, **kw: calls.append(len(texts)) or inner(texts, **kw)  # type: ignore[method-assign]
    with_ray = build_engine(world_store, again)
    assert calls == [], "every vector came from the cache Ray filled"
    skills = skill_cache(load_taxonomy(), again)
    assert skills.missing_documents(list(with_ray.positions.documents)) == []

    here = build_engine(world_store, load_embedder(cache_dir=tmp_path / "own-cache" / "embeddings"))
    assert list(here.students.ids) == list(with_ray.students.ids)
    np.testing.assert_allclose(
        with_ray.student_vectors.astype(np.float32),
        here.student_vectors.astype(np.float32),
        atol=2e-3,
    )
    np.testing.assert_allclose(
        with_ray.position_vectors.astype(np.float32),
        here.position_vectors.astype(np.float32),
        atol=2e-3,
    )
    for side in ("students", "positions"):
        a, b = getattr(with_ray, side), getattr(here, side)
        assert (a.skills if side == "students" else a.mentioned).nnz > 0
        got = a.skills if side == "students" else a.mentioned
        want = b.skills if side == "students" else b.mentioned
        assert (got != want).nnz == 0, f"{side}' skills differ"


@pytest.mark.slow  # a Ray cluster starts (about a minute here)
def test_index_with_ray_says_what_ray_did(
    world_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ray

    monkeypatch.setenv("MATCHER_DATABASE_URL", str(world_store.url))
    monkeypatch.setenv("MATCHER_MODELS_DIR", str(tmp_path / "models"))
    monkeypatch.setenv("MATCHER_EMBEDDING_CACHE", str(tmp_path / "fresh" / "embeddings"))
    get_settings.cache_clear()
    ray.init(num_cpus=2, include_dashboard=False)
    try:
        result = CliRunner().invoke(app, ["index", "--ray", "local", "--json"])
    finally:
        ray.shutdown()
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["ray"]["encoded"] == 42 and summary["ray"]["cpus"] == 2
    assert summary["counts"]["students"] == 30
