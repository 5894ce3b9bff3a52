"""CPU and memory of a process tree (a server and its workers), read through psutil.

A process that exits between listing the tree and reading it is skipped: the figures are of the
processes alive at the time of reading, as a server's are while it serves.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

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


def _workers(pid: int) -> list[psutil.Process]:
    """The processes of a server that answer requests.

    ``matcher serve --workers N`` (N > 1) forks N workers from ``pid`` (gunicorn's arbiter);
    with one worker ``pid`` answers itself.
    """
    try:
        children = psutil.Process(pid).children(recursive=False)
        return children or [psutil.Process(pid)]
    except psutil.NoSuchProcess:
        return []


def worker_memory_mb(pid: int) -> list[tuple[float, float]]:
    """``(RSS, PSS)`` in MB of each process of a server that answers requests."""
    out = []
    for process in _workers(pid):
        try:
            info = process.memory_full_info()
        except psutil.NoSuchProcess:
            continue
        out.append((info.rss / MB, info.pss / MB))
    return out


def parent_pss_mb(pid: int) -> float:
    """PSS in MB of the server's own process, which forked its workers (0 with one worker,
    whose figures are the server's own)."""
    if _workers(pid) == [psutil.Process(pid)]:
        return 0.0
    return float(psutil.Process(pid).memory_full_info().pss) / MB


def resident_by_kind_mb(pid: int, engine_dir: Path, top: int = 8) -> list[dict[str, Any]]:
    """Each worker's resident memory in MB by what holds it: the engine's mapped files (and the
    ``top`` largest of them by name), shared libraries, anonymous memory (the Python heap and
    every library's allocations) and the rest."""
    out = []
    for process in _workers(pid):
        try:
            maps = process.memory_maps(grouped=True)
        except psutil.NoSuchProcess:
            continue
        kinds = {"engine_files": 0.0, "libraries": 0.0, "anonymous": 0.0, "other": 0.0}
        files: dict[str, float] = {}
        for m in maps:
            rss = m.rss / MB
            path = m.path
            if path.startswith(str(engine_dir)):
                kinds["engine_files"] += rss
                name = str(Path(path).relative_to(engine_dir).parts[-1])
                files[name] = files.get(name, 0.0) + rss
            elif ".so" in Path(path).name:
                kinds["libraries"] += rss
            elif not path or path.startswith("[heap]") or path.startswith("[anon"):
                kinds["anonymous"] += rss
            else:
                kinds["other"] += rss
        largest = sorted(files.items(), key=lambda kv: -kv[1])[:top]
        out.append(
            {
                **{k: round(v, 1) for k, v in kinds.items()},
                "largest_engine_files": {k: round(v, 1) for k, v in largest},
            }
        )
    return out
