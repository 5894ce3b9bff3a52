"""CPU and memory of a process tree (a server and its workers), read from Linux ``/proc``.

A process that exits between listing the tree and reading it is skipped: the figures are of the
processes alive at the time of reading, as a server's are while it serves.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def _proc_tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (Linux ``/proc``); empty once it is gone."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        if not Path(f"/proc/{p}").exists():
            continue
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            with contextlib.suppress(OSError):
                todo += [int(c) for c in (task / "children").read_text().split()]
    return out


def proc_tree_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) used so far by ``pid`` and its live descendants."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in _proc_tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def proc_tree_rss_mb(pid: int) -> float:
    """Resident memory in MB of ``pid`` and its live descendants."""
    total_kb = 0
    for p in _proc_tree(pid):
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return total_kb / 1024.0
