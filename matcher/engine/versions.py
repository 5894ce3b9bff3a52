"""Versioned artefacts under ``MATCHER_MODELS_DIR``: build atomically, load only what matches.

Layout::

    models/
      CURRENT                 # name of the version in use (replaced atomically)
      20261127T201500-ab12cd/ # one folder per build
        manifest.json         # what built it: model, dimension, store snapshot, code, parameters
        ...                   # indexes, ranker, tables
      .tmp-<random>/          # a build in progress; never read

A build writes into a temporary folder, writes ``manifest.json`` last, renames the folder into
place and only then replaces ``CURRENT``. A crash at any point leaves the last good version in use;
a build killed outright leaves its temporary folder, which the next build removes once it is older
than :data:`STALE_BUILD_SECONDS`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from matcher import __version__
from matcher.errors import ArtifactError
from matcher.files import write_atomic

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
CURRENT = "CURRENT"
#: Age after which a temporary build folder is a killed build's, never one in progress.
STALE_BUILD_SECONDS = 6 * 3600


def remove_stale_builds(models_dir: Path, *, older_than: float = STALE_BUILD_SECONDS) -> list[str]:
    """Remove temporary build folders left by killed builds (older than ``older_than`` s)."""
    import time

    removed = []
    now = time.time()
    for tmp in models_dir.glob(".tmp-*"):
        try:
            if tmp.is_dir() and now - tmp.stat().st_mtime > older_than:
                shutil.rmtree(tmp, ignore_errors=True)
                removed.append(tmp.name)
        except OSError:  # another process removed it first
            continue
    if removed:
        logger.warning("removed %d temporary folders of killed builds", len(removed))
    return removed


def older_versions(models_dir: Path, than: Path | None = None) -> list[Path]:
    """Published version folders other than ``than``, newest first."""
    return sorted(
        (p for p in models_dir.iterdir() if p.is_dir() and (p / MANIFEST).is_file() and p != than),
        reverse=True,
    )


@contextmanager
def new_version(models_dir: Path, manifest: dict[str, Any]) -> Iterator[Path]:
    """Yield a temporary folder to build in; on success publish it as the current version.

    The caller writes its files into the yielded folder and may add entries to ``manifest``
    until the block ends. On an exception the folder is removed and ``CURRENT`` is untouched.
    """
    models_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_builds(models_dir)
    tmp = models_dir / f".tmp-{secrets.token_hex(6)}"
    tmp.mkdir()
    try:
        yield tmp
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
        version = f"{stamp}-{secrets.token_hex(3)}"
        manifest = {
            **manifest,
            "version": version,
            "code_version": __version__,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        write_atomic(tmp / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
        final = models_dir / version
        os.replace(tmp, final)
        write_atomic(models_dir / CURRENT, version + "\n")
        logger.info("published version %s", version)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def current_version(models_dir: Path) -> Path | None:
    """The folder of the version in use, or ``None`` when nothing was built yet."""
    pointer = models_dir / CURRENT
    if not pointer.is_file():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    return models_dir / name if name else None


def read_manifest(version_dir: Path) -> dict[str, Any]:
    """The manifest of a version; a missing or unreadable one raises :class:`ArtifactError`."""
    path = version_dir / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ArtifactError(
            f"{version_dir} has no {MANIFEST} (half-written?); run `matcher index`"
        ) from None
    except json.JSONDecodeError as exc:
        raise ArtifactError(f"{path} is unreadable ({exc.msg}); run `matcher index`") from None
    if not isinstance(data, dict):
        raise ArtifactError(f"{path} is not a JSON object; run `matcher index`")
    return data


def check_manifest(manifest: dict[str, Any], expected: dict[str, Any], *, command: str) -> None:
    """Refuse an artefact whose manifest differs from ``expected`` in any given key."""
    for key, want in expected.items():
        got = manifest.get(key)
        if got != want:
            raise ArtifactError(
                f"artefact {manifest.get('version', '?')} was built with {key}={got!r}, "
                f"but the running configuration has {key}={want!r}; run `{command}` to rebuild"
            )


def update_manifest(version_dir: Path, **entries: Any) -> None:
    """Add entries to a published manifest (atomic replace)."""
    manifest = read_manifest(version_dir)
    manifest.update(entries)
    write_atomic(version_dir / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))


def prune_versions(models_dir: Path, *, keep: int = 3) -> list[str]:
    """Remove all but the newest ``keep`` versions besides the current one; return their names.

    Version folders are named by their UTC creation stamp, so sorting by name sorts by age.
    Temporary folders of builds in progress start with a dot and are never touched.
    """
    versions = sorted(older_versions(models_dir, current_version(models_dir)))
    removed = []
    for old in versions[: max(0, len(versions) - keep)]:
        shutil.rmtree(old, ignore_errors=True)
        removed.append(old.name)
    return removed
