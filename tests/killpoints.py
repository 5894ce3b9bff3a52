"""Run a ``matcher`` command and make it fail at a chosen point (for the fault tests).

``python -m tests.killpoints ACTION TARGET MATCH N -- ARGS...`` wraps ``TARGET``
(``module:attribute``, the attribute may be dotted: ``matcher.store.database:Store.upsert``)
so that its ``N``-th call whose arguments mention ``MATCH`` fails before it runs:

- ``kill``: the process gets signal 9 (no ``finally``, no ``atexit``, as the kernel's OOM
  killer or a power cut would leave things);
- ``enospc``: the call raises ``OSError(ENOSPC)``, as a full disk does.

The rest runs the real ``matcher`` command.
"""

from __future__ import annotations

import errno
import functools
import importlib
import os
import signal
import sys
from typing import Any


def arm(action: str, target: str, match: str, nth: int) -> None:
    """Replace ``target`` by a wrapper that fails (``action``) at its ``nth`` matching call."""
    module_name, attribute = target.split(":")
    owner: Any = importlib.import_module(module_name)
    *path, name = attribute.split(".")
    for part in path:
        owner = getattr(owner, part)
    original = getattr(owner, name)
    seen = 0

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nonlocal seen
        if match in repr(args) + repr(kwargs):
            seen += 1
            if seen == nth and action == "kill":
                sys.stdout.flush()
                os.kill(os.getpid(), signal.SIGKILL)
            if seen == nth and action == "enospc":
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), match)
        return original(*args, **kwargs)

    setattr(owner, name, wrapper)


def main(argv: list[str]) -> None:
    action, target, match, nth, separator, *command = argv
    if separator != "--" or action not in ("kill", "enospc"):
        raise SystemExit("usage: python -m tests.killpoints kill|enospc TARGET MATCH N -- ARGS...")
    arm(action, target, match, int(nth))
    from matcher.cli import run

    sys.argv = ["matcher", *command]
    run()


if __name__ == "__main__":
    main(sys.argv[1:])
