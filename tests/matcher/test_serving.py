"""Heap settling after an engine swap (the rest of matcher.serving is tested through the API)."""

from __future__ import annotations

import gc
import weakref

from matcher.serving import settle_heap


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
