"""Thread limits for model code on a small machine."""

from __future__ import annotations

from typing import Any


def one_thread() -> Any:
    """A context in which OpenMP uses one thread.

    Gradient boosting in scikit-learn parallelises each split with OpenMP; on a shared 2-core
    machine its threads wait on each other far longer than they work (measured: a tiny fit took
    minutes while another process ran). One thread is fast and predictable here.
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="openmp")
