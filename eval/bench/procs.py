"""CPU and memory of a process tree (a server and its workers), read through psutil.

A process that exits between listing the tree and reading it is skipped: the figures are of the
processes alive at the time of reading, as a server's are while it serves.
"""

from __future__ import annotations

from collections.abc import Callable

import psutil

#: Bytes in the MB (MiB) of the ``*_mb`` readings.
MB = 1024 * 1024


def _proc_tree(pid: int) -> list[psutil.Process]:
    """``pid`` and all its descendants; empty once it is gone."""
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _tree_sum(pid: int, read: Callable[[psutil.Process], float]) -> float:
    """Sum of ``read`` over the live processes of ``pid``'s tree."""
    total = 0.0
    for process in _proc_tree(pid):
        try:
            total += read(process)
        except psutil.NoSuchProcess:
            continue
    return total


def proc_tree_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) used so far by ``pid`` and its live descendants.

    A process's own time only: an exited child's time, which the kernel adds to its parent's
    ``children_*`` once reaped, is not counted.
    """

    def cpu(process: psutil.Process) -> float:
        times = process.cpu_times()
        return times.user + times.system

    return _tree_sum(pid, cpu)


def proc_tree_rss_mb(pid: int) -> float:
    """Resident memory in MB of ``pid`` and its live descendants (shared pages counted in each)."""
    return _tree_sum(pid, lambda process: process.memory_info().rss) / MB


def proc_tree_pss_mb(pid: int) -> float:
    """Proportional set size in MB of ``pid`` and its live descendants.

    A page shared by ``n`` processes counts ``1/n`` in each, so the sum is the tree's share of
    memory: unlike :func:`proc_tree_rss_mb` it does not count twice what workers forked from
    one parent share. Slower to read (the kernel walks every mapping).
    """
    return _tree_sum(pid, lambda process: process.memory_full_info().pss) / MB


def worker_memory_mb(pid: int) -> list[tuple[float, float]]:
    """``(RSS, PSS)`` in MB of each process of a server that answers requests.

    ``matcher serve --workers N`` (N > 1) runs uvicorn's workers as spawned children of ``pid``
    (their command line runs ``multiprocessing.spawn``); with one worker ``pid`` answers itself.
    """
    try:
        children = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    workers = []
    for child in children:
        try:
            if any("spawn" in part for part in child.cmdline()):
                workers.append(child)
        except psutil.NoSuchProcess:
            continue
    out = []
    for process in workers or [psutil.Process(pid)]:
        try:
            info = process.memory_full_info()
        except psutil.NoSuchProcess:
            continue
        out.append((info.rss / MB, info.pss / MB))
    return out
