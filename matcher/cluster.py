"""Ray for the batch commands: a Ray started on this machine, or a cluster's, joined once.

Ray is optional (``pip install 'matcher[ray]'``): only the commands given ``--ray`` import it.
On a cluster every node needs this project installed as on the head, and the models folder at
the same path (see docs/scaling.md).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: ``--ray`` without an address: start Ray on this machine with its CPUs.
LOCAL = "local"


def ray_module() -> Any:
    """The ``ray`` package, or a ``ValueError`` that says how to install it."""
    try:
        import ray
        import ray.data  # Ray Data ships in the ray[data] extra
    except ImportError:
        raise ValueError(
            "--ray needs Ray Data: pip install 'matcher[ray]' (or run without --ray)"
        ) from None
    return ray


@contextmanager
def ray_session(address: str = LOCAL, *, progress: bool = False) -> Iterator[int]:
    """Ray, started here (``address`` :data:`LOCAL`) or joined at ``address`` (``auto`` or
    ``ray://host:10001``); yields the number of CPUs it has.

    A Ray this process already started (a test's ``ray.init(num_cpus=2)``) is used as it is
    and left running; one started here is shut down on the way out.
    """
    ray = ray_module()
    started = False
    if not ray.is_initialized():
        ray.init(
            address=None if address == LOCAL else address,
            include_dashboard=False,
            logging_level=logging.WARNING,
        )
        started = True
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = progress
    if not progress:  # Ray Data logs every dataset's plan and end at INFO
        logging.getLogger("ray.data").setLevel(logging.WARNING)
    try:
        yield max(1, int(ray.cluster_resources().get("CPU", 1)))
    finally:
        if started:
            ray.shutdown()


def one_thread_each() -> None:
    """Keep one Ray worker to one core: FAISS's OpenMP and the BLAS pools to a single thread
    (Ray runs one actor per CPU; their own thread pools would oversubscribe the machine)."""
    import faiss
    from threadpoolctl import threadpool_limits

    faiss.omp_set_num_threads(1)
    threadpool_limits(1)


def in_blocks(table: Any, rows: int) -> Any:
    """A Ray dataset of ``table`` (Arrow) cut into blocks of ``rows`` rows, one per actor call.

    Made of blocks from the start rather than repartitioned: a repartition's tasks wait for a
    CPU, and an actor pool the size of the cluster holds them all (the job hangs).
    """
    ray = ray_module()
    rows = max(1, rows)
    return ray.data.from_arrow([table.slice(at, rows) for at in range(0, len(table), rows)])
