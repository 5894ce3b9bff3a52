"""The worlds of the analytics tests, each imported and built once a session: the committed
sample world, and a small simulated one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from matcher.engine.build import build_engine
from matcher.engine.persist import save_engine
from matcher.engine.snapshot import Engine
from matcher.retrieval.embedding import load_embedder
from matcher.simulate import simulate
from matcher.store.database import Store
from matcher.store.ingest import import_files

SAMPLE = Path(__file__).resolve().parents[3] / "data" / "sample"


@pytest.fixture(scope="session")
def sample_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """The engine of the sample world (2,000 students, 800 positions), as served."""
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('sample') / 'store.db'}")
    import_files(store, sorted(SAMPLE.glob("*.jsonl*")))
    engine = build_engine(store, load_embedder())
    store.dispose()
    yield engine


@pytest.fixture(scope="session")
def market_world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A small simulated world (120 students, 12 enterprises, 48 positions), imported, built
    and saved as a version: ``jsonl`` its files, ``url`` its store, ``models`` its folder and
    ``engine`` the built engine. Tests that write into the folder copy it first."""
    root = tmp_path_factory.mktemp("market")
    simulate(root / "w", students=120, enterprises=12, positions=48, seed=9, progress=False)
    url = f"sqlite:///{root / 'm.db'}"
    store = Store(url)
    import_files(store, sorted((root / "w").glob("*.jsonl")))
    engine = build_engine(store, load_embedder())
    store.dispose()
    save_engine(engine, root / "models")
    return {"jsonl": root / "w", "url": url, "models": root / "models", "engine": engine}
