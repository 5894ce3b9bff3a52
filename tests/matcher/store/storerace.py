"""Several stores opened on one database at the same moment (tests of the migration lock)."""

from __future__ import annotations

import threading

from matcher.store.database import Store


def open_together(url: str, n: int = 3) -> list[BaseException]:
    """Open and close ``n`` stores on ``url`` from threads released together; their errors."""
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def open_store() -> None:
        barrier.wait()
        try:
            Store(url).dispose()
        except BaseException as exc:  # reported to the caller
            errors.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    if any(t.is_alive() for t in threads):
        errors.append(TimeoutError("a store was still opening after 60 s"))
    return errors
