"""The served engine: heap settling after a swap, and closes that a stale version must keep (the
rest of matcher.serving is tested through the API)."""

from __future__ import annotations

import gc
import time
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from matcher.engine.build import build_engine
from matcher.engine.persist import save_engine
from matcher.pipeline import build_and_publish
from matcher.retrieval.embedding import load_embedder
from matcher.schemas import PositionStatus
from matcher.serving import ServedEngine, settle_heap
from matcher.simulate import simulate
from matcher.store.database import Store
from matcher.store.ingest import import_files


class _Node:
    pass


def test_settle_heap_collects_cycles_then_freezes_what_lives() -> None:
    cycle = _Node()
    cycle.me = cycle  # type: ignore[attr-defined]
    gone = weakref.ref(cycle)
    del cycle
    kept = _Node()
    try:
        settle_heap()
        assert gone() is None  # the unreachable cycle was collected first
        assert gc.get_freeze_count() > 0
        assert not any(o is kept for o in gc.get_objects())  # frozen: out of the collector's sight
    finally:
        gc.unfreeze()


def test_settle_heap_leaves_what_a_parent_froze_frozen() -> None:
    """Unfreezing had the collector walk (and so copy) every page a forked worker shares."""
    shared = _Node()
    gc.freeze()  # as `matcher serve --workers N` does before forking
    try:
        settle_heap()
        assert not any(o is shared for o in gc.get_objects())
    finally:
        gc.unfreeze()


@pytest.fixture
def served_world(tmp_path: Path) -> Iterator[tuple[ServedEngine, Store, Any]]:
    """A small world in SQLite, its first version published and served (thread running)."""
    simulate(tmp_path / "w", students=20, enterprises=3, positions=8, seed=3, progress=False)
    store = Store(f"sqlite:///{tmp_path / 'm.db'}")
    import_files(store, sorted((tmp_path / "w").glob("*.jsonl")))
    embedder = load_embedder()
    build_and_publish(store, tmp_path / "models", embedder)
    served = ServedEngine(tmp_path / "models", store, embedder_factory=lambda: embedder,
                          poll_seconds=0.05)  # fmt: skip
    served.start()
    try:
        yield served, store, embedder
    finally:
        served.stop()
        store.dispose()


def _until(check: Any, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"not within {seconds} s"
        time.sleep(0.01)


def _is_open(served: ServedEngine, position_id: str) -> bool:
    P = served.engine.positions
    return bool(P.is_open[P.index[position_id]])


def _set_status(store: Store, position_id: str, status: PositionStatus) -> None:
    position = store.get("positions", position_id)
    with store.session() as session:
        store.upsert(session, "positions", [position.model_copy(update={"status": status})])


def test_a_version_built_before_a_close_does_not_reopen_it(
    served_world: tuple[ServedEngine, Store, Any],
) -> None:
    served, store, embedder = served_world
    P = served.engine.positions
    position_id = next(p for i, p in enumerate(P.ids) if P.is_open[i])
    # A rebuild reads the store, then the enterprise closes the position, then the rebuild
    # publishes what it read (in this process or another worker's).
    stale = build_engine(store, embedder, previous=served.engine)
    _set_status(store, position_id, PositionStatus.closed)
    served.hide_position(position_id)
    assert not _is_open(served, position_id)
    _until(lambda: served.engine.manifest["store_generation"] == store.generation())
    assert served.wait_idle()  # the service has rebuilt on its own (it saw the store move)
    version = save_engine(stale, served.models_dir)
    _until(lambda: served.engine.directory == version)  # followed, as another worker's
    assert not _is_open(served, position_id)  # was reopened until the next rebuild
    # Reopened and rebuilt: shown again.
    _set_status(store, position_id, PositionStatus.open)
    served.forget_hidden(position_id)
    served.request_rebuild()
    assert served.wait_idle()
    assert _is_open(served, position_id)


def test_wait_idle_waits_for_a_job_taken_but_not_yet_started(
    served_world: tuple[ServedEngine, Store, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A queued build leaves the queue before the build marks itself busy; wait_idle once
    returned in that moment, with the old version still served (an admin's retraining seen
    finished before it began, under load)."""
    served, _, _ = served_world
    build = served._build
    done: list[bool] = []

    def slow_start(*, retrain: bool) -> None:
        time.sleep(0.5)  # the moment between taking the job and starting the build
        build(retrain=retrain)
        done.append(retrain)

    monkeypatch.setattr(served, "_build", slow_start)
    served.request_rebuild()
    _until(lambda: not served.status()["queued"])  # the thread has taken the job
    assert served.wait_idle(timeout=120)
    assert done == [False]  # returned only once the job had run
