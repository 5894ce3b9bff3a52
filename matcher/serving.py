"""Keeping a served engine fresh: the store's changes, reloads, rebuilds, retraining — off the
request path.

A service holds one :class:`ServedEngine`. A request reads :attr:`ServedEngine.engine` once and
uses that object to the end, so an index never changes under a request in flight: a new engine
is made beside the old one and published by one reference assignment.

Every ``poll_seconds`` (a quarter second by default, and at once after a write of its own) the
background thread reads the store's change feed and brings the loaded version (the base) up to
date with the records changed since (:mod:`matcher.engine.delta`): a new position is served
within the poll, at the cost of that record. Past :data:`DELTA_RECORDS_MAX` changed records a
full rebuild folds them into a new version. A failed update or build is logged and shown in
:meth:`ServedEngine.status`; the last good engine stays in use.

Several server processes, on one machine or several sharing the store and the models folder,
each follow the same feed, so they serve the same changes; a file lock lets one of them build at
a time, and the others load the version it publishes.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import gc
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from matcher.engine.delta import Pending, updated_engine
from matcher.engine.persist import load_engine
from matcher.engine.snapshot import Engine
from matcher.engine.versions import current_version
from matcher.store.database import Store

logger = logging.getLogger(__name__)

#: Versions kept on disk besides the current one (older ones are removed after a publish).
KEEP_VERSIONS = 3
#: Records changed since the served version past which a full rebuild folds them in (each
#: update derives every changed record again, from the caches).
DELTA_RECORDS_MAX = 2000


class ServedEngine:
    """The engine a service answers from, with a background thread that keeps it current."""

    def __init__(
        self,
        models_dir: Path,
        store: Store,
        *,
        embedder_factory: Callable[[], Any] | None = None,
        evaluator: Callable[[dict, dict], dict[str, float]] | None = None,
        poll_seconds: float = 0.25,
    ) -> None:
        self.models_dir = Path(models_dir)
        self.store = store
        self.engine: Engine = _ready(load_engine(self.models_dir))
        #: The loaded version the engine served is made from, and the changes since it.
        self.base: Engine = self.engine
        self._changes = Pending(int(self.engine.manifest.get("store_generation") or 0))
        self._skills: Any = None
        #: A published version that would not load (tried once, not at every poll).
        self._unreadable: Path | None = None
        settle_heap()
        self._embedder_factory = embedder_factory
        self._embedder: Any = None
        self._evaluator = evaluator
        self._poll = poll_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._pending: set[str] = set()  # "rebuild" and/or "retrain"
        #: Positions closed here, with the store generation after the close: a version built
        #: from an older store (a rebuild under way when they closed, or another worker's,
        #: published late) must not reopen them. One entry per position closed in this process.
        self._closed: dict[str, int] = {}
        self._store_down = False
        #: The store generation of the last failed build: not retried until the store moves on.
        self._failed_at: int | None = None
        self._guard = threading.Lock()
        self._thread: threading.Thread | None = None
        self._state: dict[str, Any] = {
            "state": "idle",
            "builds": 0,
            "last_build_seconds": None,
            "last_built_at": None,
            "last_error": None,
            "last_training": None,
        }

    # -- control -------------------------------------------------------------------------
    def start(self) -> None:
        """Start the background thread (idempotent)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="engine-refresh", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop the background thread after the job in hand."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=600)
            self._thread = None

    def hide_position(self, position_id: str) -> None:
        """Stop recommending a position now, in the served engine and in any version that
        comes from a store read before the close (call it after the close is saved)."""
        generation = self.store.generation()
        with self._guard:  # with _serve's: a version swapped in meanwhile gets it too
            self._closed[position_id] = generation
            _close_in(self.engine, position_id)

    def forget_hidden(self, position_id: str) -> None:
        """A position was reopened: the next version shows it again."""
        with self._guard:
            self._closed.pop(position_id, None)

    def _serve(self, engine: Engine) -> None:
        """Answer from ``engine`` from now on, with the closes its store had not yet seen."""
        built_at = engine.manifest.get("store_generation")
        with self._guard:
            for position_id, closed_at in self._closed.items():
                if built_at is None or built_at < closed_at:
                    _close_in(engine, position_id)
            self.engine = engine  # the one assignment that publishes it to new requests

    def refresh(self) -> None:
        """Read the store's changes now (this process has just written some)."""
        self._wake.set()

    def request_rebuild(self) -> None:
        """Rebuild every index from the store soon, as a new version."""
        self._ask("rebuild")

    def request_retrain(self) -> bool:
        """Rebuild and retrain the ranker soon; ``False`` when a retraining is already queued."""
        with self._guard:
            if "retrain" in self._pending or self._state["state"] == "retraining":
                return False
        self._ask("retrain")
        return True

    def wait_idle(self, timeout: float = 120.0) -> bool:
        """Block until no job is queued or running and the engine serves every write the store
        had when called, or a later one (for tests and command-line tools)."""
        deadline = time.monotonic() + timeout
        try:
            wanted = self.store.generation()
        except Exception:  # the store is down: nothing to catch up with
            wanted = 0
        while time.monotonic() < deadline:
            with self._guard:
                busy = bool(self._pending) or self._state["state"] != "idle"
            served = int(self.engine.manifest.get("store_generation") or 0)
            if not busy and (served >= wanted or self._failed_at is not None):
                return True
            self._wake.set()
            self._idle.wait(0.05)
        return False

    def status(self) -> dict[str, Any]:
        """The served version, the background job's state and the last error, if any."""
        engine = self.engine
        with self._guard:
            state = dict(self._state)
            state["queued"] = sorted(self._pending)
        manifest = engine.manifest
        return {
            **state,
            "version": engine.directory.name if engine.directory else None,
            "scorer": "learned" if engine.ranker is not None else "prior",
            "ranker": (manifest.get("training") or {}).get("chosen"),
            "validation": manifest.get("validation"),
            "counts": manifest.get("counts"),
            "store_generation": manifest.get("store_generation"),
            "created_at": manifest.get("created_at"),
        }

    # -- the background thread ------------------------------------------------------------
    def _ask(self, job: str) -> None:
        with self._guard:
            self._pending.add(job)
            self._idle.clear()
        self._wake.set()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self._poll)
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                self._follow_published()
                self._catch_up()
                with self._guard:
                    jobs, self._pending = self._pending, set()
                    if jobs:  # busy from the moment the job leaves the queue (wait_idle)
                        self._state["state"] = "retraining" if "retrain" in jobs else "rebuilding"
                if jobs:
                    self._build(retrain="retrain" in jobs)
            except Exception:  # never let the thread die; the request path must keep serving
                logger.exception("engine refresh failed")
            finally:
                with self._guard:
                    if not self._pending:
                        self._idle.set()

    def _catch_up(self) -> None:
        """Serve the store's changes since the base (written here, by another process or by
        ``matcher import``): an updated engine, or a full rebuild once they are many."""
        try:
            changes = self.store.changes_since(self._changes.generation)
        except Exception as exc:  # the store is down: requests answer 503; say so once
            if not self._store_down:
                logger.warning("the store cannot be read (%s); retrying", type(exc).__name__)
            self._store_down = True
            return
        if self._store_down:
            logger.info("the store answers again")
            self._store_down = False
        if changes is None:  # pruned: a version holding them was published; rebuild if unseen
            if self._changes.generation != self._failed_at:
                self._ask("rebuild")
            return
        if not changes:
            return
        self._changes.add(changes)
        if self._changes.records > DELTA_RECORDS_MAX:
            self._ask("rebuild")
            return
        started = time.perf_counter()
        try:
            engine = updated_engine(
                self.base,
                self._changes,
                self.store,
                self._embedder_now(),
                skills=self._skills_now(),
            )
        except Exception as exc:
            logger.exception("updating the engine failed; a full rebuild follows")
            with self._guard:
                self._state["last_error"] = f"{type(exc).__name__}: {exc}"
            self._ask("rebuild")
            return
        self._serve(_ready(engine))
        with self._guard:
            self._state["updates"] = self._state.get("updates", 0) + 1
            self._state["last_update_seconds"] = round(time.perf_counter() - started, 3)
        logger.info(
            "served %d changed records up to generation %d in %.2f s",
            self._changes.records,
            self._changes.generation,
            time.perf_counter() - started,
        )

    def _follow_published(self) -> None:
        """Load a version another process published since ours."""
        version = current_version(self.models_dir)
        if version is None or version in (self.engine.directory, self._unreadable):
            return
        try:  # no fallback: an older version than ours is no news
            loaded = _ready(load_engine(self.models_dir, fallback=False))
            self._rebase(loaded)
            self._serve(loaded)
            settle_heap()
            logger.info("now serving %s", version.name)
        except Exception as exc:  # a half-published or broken version: keep the good one
            self._unreadable = version  # and do not try it again at every poll
            logger.warning("could not load %s: %s", version.name, exc)

    def _build(self, *, retrain: bool) -> None:
        """Build (and optionally retrain) a new version and publish it; keep the old on failure."""
        # Here, not at import: the build and training pull in scikit-learn, which a process that
        # only serves never needs (the ranker is served compiled, matcher.ranking.compiled).
        from matcher.pipeline import build_and_publish

        started = time.perf_counter()
        generation: int | None = None
        with self._guard:
            self._state["state"] = "retraining" if retrain else "rebuilding"
        try:
            with _build_lock(self.models_dir):
                self._follow_published()
                old = self.base
                generation = self.store.generation()
                if not retrain and old.manifest.get("store_generation") == generation:
                    return  # another process has just published this store's version
                engine = build_and_publish(
                    self.store,
                    self.models_dir,
                    self._embedder_now(),
                    previous=old,
                    retrain_with=self._retrain_evaluator() if retrain else None,
                    keep=KEEP_VERSIONS,
                )
            if retrain:
                training = engine.manifest["training"]
                with self._guard:
                    self._state["last_training"] = {
                        "chosen": training["chosen"],
                        "validation_semester": training["validation_semester"],
                    }
            self._rebase(engine)
            self._serve(_ready(engine))
            del old
            settle_heap()
            seconds = round(time.perf_counter() - started, 2)
            with self._guard:
                self._state.update(
                    builds=self._state["builds"] + 1,
                    last_build_seconds=seconds,
                    last_built_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    last_error=None,
                )
            self._failed_at = None
            logger.info("published %s in %.2f s", engine.directory, seconds)
        except Exception as exc:
            logger.exception("building a new version failed; the last good one stays in use")
            self._failed_at = generation  # the store it tried; a later write is tried anew
            with self._guard:
                self._state["last_error"] = f"{type(exc).__name__}: {exc}"
        finally:
            with self._guard:
                self._state["state"] = "idle"

    def _rebase(self, engine: Engine) -> None:
        """Make ``engine`` (a version just loaded or built) the base the changes apply to."""
        self.base = engine
        self._changes = Pending(int(engine.manifest.get("store_generation") or 0))

    def _skills_now(self) -> Any:
        if self._skills is None:
            from matcher.engine.build import skill_cache

            self._skills = skill_cache(self.base.taxonomy, self._embedder_now())
        return self._skills

    def _retrain_evaluator(self) -> Any:
        if self._evaluator is None:
            raise RuntimeError("this service was started without an evaluator; cannot retrain")
        return self._evaluator

    def _embedder_now(self) -> Any:
        if self._embedder is None:
            if self._embedder_factory is None:
                from matcher.retrieval.embedding import load_embedder

                self._embedder = load_embedder()
            else:
                self._embedder = self._embedder_factory()
        return self._embedder


def _close_in(engine: Engine, position_id: str) -> None:
    """Mark a position closed in ``engine``. Copy on write: a request ranking right now keeps
    the array it read, and one attribute assignment publishes the new one."""
    P = engine.positions
    i = P.index.get(position_id)
    if i is not None and P.is_open[i]:
        is_open = P.is_open.copy()
        is_open[i] = False
        P.is_open = is_open


def _ready(engine: Engine) -> Engine:
    """``engine`` with its lazy caches built (:func:`matcher.recommend.warm_up`).

    A warm-up that fails is logged, not raised: the engine loaded and validated, and a
    request that meets the same failure answers it as requests do.
    """
    from matcher.recommend import warm_up

    try:
        warm_up(engine)
    except Exception:
        logger.exception("warming up %s failed", engine.directory)
    return engine


def settle_heap() -> None:
    """Collect once, then move every live object out of the garbage collector's sight.

    A full collection walks every container object (a 100k-position engine of Python objects
    was ~640k of them, ~360 ms here), and under request load one came every few seconds,
    stalling every request in flight (the HTTP p99). Frozen objects are still freed by
    reference counting (a dropped engine leaves no cycles: tested). What a parent process froze
    before forking the workers stays frozen: unfreezing would have the collector touch, and so
    copy, every page the workers share with it.
    """
    gc.collect()
    gc.freeze()


@contextmanager
def _build_lock(models_dir: Path) -> Iterator[None]:
    """One builder at a time across the processes sharing ``models_dir``."""
    models_dir.mkdir(parents=True, exist_ok=True)
    with open(models_dir / ".build.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
