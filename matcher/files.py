"""Atomic writes: a file or a folder appears whole under its name, or not at all.

Everything the matcher saves (manifests, indexes, caches, TREC files) is written beside its
final name under a hidden temporary name, flushed to disk, then renamed into place; a crash
at any point leaves the previous file or folder as it was.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


def _sibling(path: Path, kind: str) -> Path:
    return path.with_name(f".{path.name}.{kind}-{uuid.uuid4().hex[:8]}")


def fsync_directory(path: Path) -> None:
    """Flush a folder's entries to disk (a no-op where the platform cannot)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def atomic_file(path: str | Path, mode: str = "wb", **open_args: Any) -> Iterator[IO[Any]]:
    """Yield an open temporary sibling of ``path``; when the block ends, put it in place.

    ``mode`` is ``"wb"`` or ``"w"`` (then ``open_args`` such as ``encoding`` and ``newline``
    apply). On an exception the temporary file is removed and ``path`` is untouched.
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"mode must be 'w' or 'wb', got {mode!r}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _sibling(path, "tmp")
    try:
        with open(tmp, mode, **open_args) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_atomic(path: str | Path, data: str | bytes, *, encoding: str = "utf-8") -> None:
    """Write ``data`` (text as ``encoding``) to ``path`` atomically."""
    with atomic_file(path, "wb") as fh:
        fh.write(data.encode(encoding) if isinstance(data, str) else data)


@contextmanager
def atomic_directory(directory: str | Path) -> Iterator[Path]:
    """Yield an empty temporary folder to fill; when the block ends, it replaces ``directory``.

    An existing folder is renamed aside, the new one renamed in, and the old one deleted; if
    the rename fails the old folder is put back. On an exception inside the block the
    temporary folder is removed and ``directory`` is untouched.
    """
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    tmp = _sibling(directory, "tmp")
    tmp.mkdir()
    try:
        yield tmp
        for child in tmp.iterdir():
            if child.is_file():
                with open(child, "rb") as fh:
                    os.fsync(fh.fileno())
        if not directory.exists():
            tmp.rename(directory)
        else:
            old = _sibling(directory, "old")
            directory.rename(old)
            try:
                tmp.rename(directory)
            except BaseException:
                old.rename(directory)
                raise
            shutil.rmtree(old, ignore_errors=True)
        fsync_directory(directory.parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
