"""The server's process tree through psutil: CPU and memory of a parent and its child, counted.

Each process burns a fixed amount of work and holds 64 MiB of written memory, then reports its
own CPU time (``os.times``) and waits; the tree's reading must cover both. No time is asserted.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import psutil

from eval.bench import proc_tree_cpu_s, proc_tree_pss_mb, proc_tree_rss_mb

BALLAST_MB = 64

SCRIPT = textwrap.dedent(
    f"""
    import os
    import subprocess
    import sys

    ballast = b"\\x01" * ({BALLAST_MB} * 1024 * 1024)  # every page written: resident
    if sys.argv[1] == "parent":
        child = subprocess.Popen(
            [sys.executable, __file__, "child"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        child_cpu = child.stdout.readline().strip()
    x = 0
    for i in range(3_000_000):  # burn CPU
        x += i * i
    times = os.times()
    own = times.user + times.system
    print(own, child_cpu if sys.argv[1] == "parent" else "", flush=True)
    sys.stdin.read()  # wait until the test (or the parent) closes our stdin
    if sys.argv[1] == "parent":
        child.stdin.close()
        child.wait()
    """
)


def test_tree_cpu_and_memory_count_the_child_too(tmp_path: Path) -> None:
    script = tmp_path / "burn.py"
    script.write_text(SCRIPT, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(script), "parent"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        own_cpu, child_cpu = (float(x) for x in proc.stdout.readline().split())
        (child,) = psutil.Process(proc.pid).children(recursive=True)
        tree_cpu = proc_tree_cpu_s(proc.pid)
        alone = psutil.Process(proc.pid).cpu_times()
        tree_rss = proc_tree_rss_mb(proc.pid)
        alone_rss = psutil.Process(proc.pid).memory_info().rss / 2**20
        tree_pss = proc_tree_pss_mb(proc.pid)
    finally:
        proc.stdin.close()
        proc.wait(timeout=120)
    assert proc.returncode == 0
    assert own_cpu > 0 and child_cpu > 0
    # Both processes only add CPU time after reporting it, and os.times and psutil read the
    # kernel's same clock ticks: the tree holds at least both own readings ...
    assert tree_cpu >= own_cpu + child_cpu - 1e-9
    # ... and more than the parent alone, read after it.
    assert tree_cpu > alone.user + alone.system
    # Each holds the ballast: the tree is at least both, and more than the parent alone.
    assert tree_rss >= 2 * BALLAST_MB
    assert tree_rss > alone_rss
    assert 2 * BALLAST_MB <= tree_pss <= tree_rss
    # Once gone (and reaped), a tree has nothing left to read.
    assert not child.is_running()
    assert proc_tree_cpu_s(proc.pid) == 0.0
    assert proc_tree_rss_mb(proc.pid) == 0.0 == proc_tree_pss_mb(proc.pid)
