"""Spreading keep-alive connections evenly over the server's worker processes.

Worker processes share one listening socket and the kernel hands each new connection to
whichever accepts first; a client then keeps its connection (HTTP/1.1 keep-alive), so 16
clients can sit 11 on one worker and 5 on the other for as long as they stay. Every worker is
busy either way, but the crowded one answers its clients twice as slowly: measured at 100k
positions with 2 workers, p50 110 ms against p90 270 ms.

Each worker counts its requests in flight on a shared :class:`LoadBoard` (one slot per
process in a small memory-mapped file). A worker holding more than its fair share of all
requests in flight answers with ``Connection: close``; the client reconnects, and the new
connection may land on the other worker. Shares settle within a few requests and nothing
happens while they are even. ``matcher serve --workers N`` makes the board
(:func:`create_board`); a single process has none.
"""

from __future__ import annotations

import fcntl
import math
import mmap
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

#: Environment variables through which ``matcher serve`` tells its workers about the board.
BOARD_ENV = "MATCHER_LOAD_BOARD"
WORKERS_ENV = "MATCHER_LOAD_WORKERS"
_SLOT = 8  # bytes: one int64 count per worker


def create_board(workers: int, directory: Path | None = None) -> Path:
    """A fresh board folder for ``workers`` processes (in ``/dev/shm`` when there is one).

    It holds ``counts`` (one zeroed int64 per worker) and, once claimed, a lock file per slot.
    Remove it with :func:`remove_board` when the server stops.
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if directory is None:
        shm = Path("/dev/shm")
        directory = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    path = Path(tempfile.mkdtemp(prefix="matcher-load-", dir=directory))
    (path / "counts").write_bytes(bytes(_SLOT * workers))
    return path


def remove_board(path: Path) -> None:
    """Delete a board folder (nothing happens when it is gone already)."""
    shutil.rmtree(path, ignore_errors=True)


class LoadBoard:
    """This process's slot on a shared board of requests in flight per worker.

    The slot is claimed with an exclusive lock on its lock file, held while the process lives: a
    worker that dies frees its slot, and the worker that replaces it claims it afresh (count
    reset to zero). Only the event loop's thread touches the counts, and each process writes
    only its own slot.
    """

    def __init__(self, path: Path, workers: int) -> None:
        self.path = Path(path)
        self.workers = workers
        self._lock = self._claim()
        self.slot = int(self._lock.name.rsplit("-", 1)[1].split(".")[0])
        size = _SLOT * workers
        with (self.path / "counts").open("r+b") as counts:
            if os.fstat(counts.fileno()).st_size < size:
                self._lock.close()
                raise ValueError(f"{self.path}: a board for fewer than {workers} workers")
            self._map = mmap.mmap(counts.fileno(), size)
        self.counts = np.ndarray((workers,), dtype=np.int64, buffer=self._map)
        self.counts[self.slot] = 0

    @staticmethod
    def wanted() -> bool:
        """Whether ``matcher serve`` runs several workers with a board."""
        path, workers = os.environ.get(BOARD_ENV), os.environ.get(WORKERS_ENV)
        return bool(path) and bool(workers) and int(workers or 0) >= 2

    @classmethod
    def from_env(cls) -> LoadBoard | None:
        """The board ``matcher serve`` made for this worker, or ``None`` (one process)."""
        path, workers = os.environ.get(BOARD_ENV), os.environ.get(WORKERS_ENV)
        if not path or not workers or int(workers) < 2:
            return None
        return cls(Path(path), int(workers))

    def _claim(self) -> Any:
        """The open, exclusively locked lock file of the first free slot."""
        for slot in range(self.workers):
            lock = (self.path / f"slot-{slot}.lock").open("a")
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                lock.close()
                continue
            return lock
        raise RuntimeError(f"{self.path}: all {self.workers} worker slots are taken")

    def enter(self) -> None:
        """A request of this worker started."""
        self.counts[self.slot] += 1

    def leave(self) -> None:
        """A request of this worker ended."""
        self.counts[self.slot] -= 1

    def crowded(self) -> bool:
        """Whether this worker holds more than its fair share of all requests in flight."""
        total = int(self.counts.sum())
        return int(self.counts[self.slot]) > math.ceil(total / self.workers)

    def close(self) -> None:
        """Give the slot back (the count is cleared; the lock goes with the file)."""
        if self._map.closed:
            return
        self.counts[self.slot] = 0
        del self.counts
        self._map.close()
        self._lock.close()


class Rebalance:
    """ASGI middleware: count requests on the board and shed connections while crowded.

    Without a ``board`` it uses the application's ``state.board``, which each worker claims
    when it starts (workers forked from one parent must not share the parent's slot).
    """

    def __init__(self, app: Any, board: LoadBoard | None = None) -> None:
        self.app = app
        self.board = board

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        board = self.board or (
            getattr(scope.get("app"), "state", None) and scope["app"].state.board
        )
        if scope["type"] != "http" or board is None:
            await self.app(scope, receive, send)
            return

        async def send_shedding(message: Any) -> None:
            if message["type"] == "http.response.start" and board.crowded():
                headers = [*message.get("headers", ()), (b"connection", b"close")]
                message = {**message, "headers": headers}
            await send(message)

        board.enter()
        try:
            await self.app(scope, receive, send_shedding)
        finally:
            board.leave()
