"""The embedding cache: vectors of one model on disk, keyed by a hash of model and text.

Cache keys and layout
---------------------
A text's key is ``sha256(model_name.encode() + b"\\0" + text.encode("utf-8"))`` (32 raw bytes):
the same text under two model names never shares a key, and any change of the text (one character,
whitespace included) is a new key. The text is hashed exactly as given; callers normalise it first
if they want equivalent spellings to meet.

The cache of one model and dimension is a folder of the cache directory,
``<slug of model name>-<first 8 hex digits of sha256(model name)>-d<dim>/``, holding ``meta.json``
(model, dim, format) and append-only shards, each two NumPy files named after the time and a random
suffix: ``<shard>.keys.npy`` (uint8, ``(n, 32)``: the keys) and ``<shard>.vecs.npy`` (little-endian
float32, ``(n, dim)``: the vectors, row for row). Every file is written to a hidden temporary
sibling, fsynced and renamed into place, vectors first: a shard exists once its keys file does, so
a crash leaves at most a hidden temporary file or a vectors file without keys, both ignored.

Opening the cache reads every keys file into a dict (key to row); vectors are memory-mapped, so a
lookup of 100,000 keys is a dict probe per key and one gather per shard. When more than 32 shards
of under 16,384 rows pile up (many small writes), they are merged into one and the originals
deleted (keys file first). Several processes may share a folder: each writes its own shards and
picks up the others' when it misses a key.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from matcher.files import atomic_file, fsync_directory, write_atomic

logger = logging.getLogger(__name__)

#: Version of the cache layout; a folder of another version is refused.
CACHE_FORMAT = 2
#: Length of a cache key (a sha256 digest).
KEY_BYTES = 32
_KEYS_SUFFIX = ".keys.npy"
_VECS_SUFFIX = ".vecs.npy"
#: Shards below this many rows count as small; more than ``_MAX_SMALL_SHARDS`` of them are merged.
_SMALL_SHARD = 16_384
_MAX_SMALL_SHARDS = 32


def text_key(model_name: str, text: str) -> bytes:
    """The cache key of ``text`` under ``model_name``: ``sha256(name + "\\0" + text)``, 32 bytes."""
    return hashlib.sha256(model_name.encode("utf-8") + b"\0" + text.encode("utf-8")).digest()


def text_keys(model_name: str, texts: Sequence[str]) -> list[bytes]:
    """:func:`text_key` of every text (the model-name prefix is hashed once)."""
    prefix = hashlib.sha256(model_name.encode("utf-8") + b"\0")
    keys = []
    for text in texts:
        h = prefix.copy()
        h.update(text.encode("utf-8"))
        keys.append(h.digest())
    return keys


def cache_folder_name(model_name: str, dim: int) -> str:
    """Folder of the cache of one model inside the cache directory."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", model_name).strip("._-")[-60:] or "model"
    digest = hashlib.sha256(model_name.encode("utf-8")).hexdigest()[:8]
    return f"{slug}-{digest}-d{dim}"


class EmbeddingCache:
    """Vectors of one model on disk, keyed by :func:`text_key` (layout: see the module docstring).

    Args:
        directory: Cache directory (created if missing); one sub-folder per model and dimension.
        model_name: Name of the model whose vectors are kept.
        dim: Dimension of the vectors.

    The keys of every shard are held in memory (a dict of about 130 bytes per entry); vectors
    stay on disk, memory-mapped. Thread-safe; several processes may share a cache (each sees the
    others' shards when it misses a key).
    """

    def __init__(self, directory: Path, model_name: str, dim: int) -> None:
        if dim <= 0:
            raise ValueError(f"dim must be positive, got {dim}")
        self.directory = Path(directory)
        self.model_name = model_name
        self.dim = dim
        self.path = self.directory / cache_folder_name(model_name, dim)
        self.path.mkdir(parents=True, exist_ok=True)
        expected = {"model": model_name, "dim": dim, "format": CACHE_FORMAT}
        meta_path = self.path / "meta.json"
        if not meta_path.exists():
            text = json.dumps(expected, ensure_ascii=False).encode("utf-8")
            write_atomic(meta_path, text)
        try:
            meta = json.loads(meta_path.read_text("utf-8"))
        except ValueError:
            meta = None
        if meta != expected:
            raise ValueError(
                f"embedding cache {self.path} records {meta}, expected {expected}; "
                "delete the folder to start it again"
            )
        self._lock = threading.Lock()
        self._rows: dict[bytes, int] = {}  # key -> global row (shard offset + row in shard)
        self._names: list[str] = []  # per shard, in load order
        self._keys: list[np.ndarray | None] = []  # memory-mapped keys of each shard
        self._vectors: list[np.ndarray | None] = []  # memory-mapped vectors of each shard
        self._offsets: list[int] = [0]
        self._seen: set[str] = set()  # shard names looked at (loaded or skipped)
        with self._lock:
            self._refresh()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.path)!r})"

    def __len__(self) -> int:
        return len(self._rows)

    # -- shards -----------------------------------------------------------------------------

    def _refresh(self) -> bool:
        """Load shards written since the last look (by this or another process)."""
        names = sorted(
            p.name[: -len(_KEYS_SUFFIX)]
            for p in self.path.glob(f"*{_KEYS_SUFFIX}")
            if not p.name.startswith(".")
        )
        added = False
        for name in names:
            if name in self._seen:
                continue
            self._seen.add(name)
            try:
                keys, vectors = self._open_shard(name)
            except FileNotFoundError:  # merged away by another process meanwhile
                continue
            except (OSError, ValueError) as exc:  # damaged
                logger.warning("skipping embedding cache shard %s: %s", name, exc)
                continue
            if (
                keys.dtype != np.uint8
                or keys.shape != (vectors.shape[0], KEY_BYTES)
                or vectors.shape[1:] != (self.dim,)
                or vectors.dtype != np.dtype("<f4")
            ):
                logger.warning("skipping embedding cache shard %s: unexpected shapes", name)
                continue
            self._add_shard(name, keys, vectors)
            added = True
        return added

    def _open_shard(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        keys = np.load(self.path / f"{name}{_KEYS_SUFFIX}", mmap_mode="r")
        vectors = np.load(self.path / f"{name}{_VECS_SUFFIX}", mmap_mode="r")
        return keys, vectors

    def _add_shard(self, name: str, keys: np.ndarray, vectors: np.ndarray) -> None:
        base = self._offsets[-1]
        blob = keys.tobytes()
        split = [blob[i : i + KEY_BYTES] for i in range(0, len(blob), KEY_BYTES)]
        self._rows.update(zip(split, range(base, base + len(split)), strict=True))
        self._names.append(name)
        self._keys.append(keys)
        self._vectors.append(vectors)
        self._offsets.append(base + len(split))

    def _write_shard(self, keys: np.ndarray, vectors: np.ndarray) -> str:
        """Publish a shard: vectors first, then the keys file, whose presence marks it complete."""
        name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}"
        with atomic_file(self.path / f"{name}{_VECS_SUFFIX}") as fh:
            np.save(fh, vectors)
        with atomic_file(self.path / f"{name}{_KEYS_SUFFIX}") as fh:
            np.save(fh, keys)
        fsync_directory(self.path)
        self._seen.add(name)
        return name

    def _merge_small_shards(self) -> None:
        """Merge shards of fewer than ``_SMALL_SHARD`` rows once there are too many of them."""
        small = [
            i
            for i, vecs in enumerate(self._vectors)
            if vecs is not None and vecs.shape[0] < _SMALL_SHARD
        ]
        if len(small) <= _MAX_SMALL_SHARDS:
            return
        keys = np.concatenate([np.asarray(self._keys[i]) for i in small])
        vectors = np.concatenate([np.asarray(self._vectors[i]) for i in small])
        old = [self._names[i] for i in small]
        name = self._write_shard(keys, vectors)
        self._add_shard(name, *self._open_shard(name))
        for i in small:  # every key of theirs now points into the merged shard
            self._keys[i] = self._vectors[i] = None
        for stale in old:
            (self.path / f"{stale}{_KEYS_SUFFIX}").unlink(missing_ok=True)  # unpublish first
            (self.path / f"{stale}{_VECS_SUFFIX}").unlink(missing_ok=True)
        logger.debug("merged %d embedding cache shards into %s", len(old), name)

    # -- lookups and writes -----------------------------------------------------------------

    def get(self, keys: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray]:
        """Look ``keys`` up.

        Returns:
            ``(vectors, found)``: an ``(n, dim)`` float32 array (rows of missing keys are zero) and
            a boolean array marking the keys that were found.
        """
        n = len(keys)
        with self._lock:
            rows = np.fromiter((self._rows.get(k, -1) for k in keys), dtype=np.int64, count=n)
            missing = np.flatnonzero(rows < 0)
            if missing.size and self._refresh():
                rows[missing] = [self._rows.get(keys[i], -1) for i in missing.tolist()]
            found = rows >= 0
            vectors = np.empty((n, self.dim), dtype=np.float32)
            hits = np.flatnonzero(found)
            vectors[~found] = 0.0
            if hits.size:
                self._gather(rows[hits], hits, vectors)
        return vectors, found

    def _gather(self, rows: np.ndarray, targets: np.ndarray, out: np.ndarray) -> None:
        """Copy the vectors at global ``rows`` into ``out[targets]``, reading in file order."""
        order = np.argsort(rows, kind="stable")
        rows, targets = rows[order], targets[order]
        offsets = np.asarray(self._offsets)
        shard = np.searchsorted(offsets, rows, side="right") - 1
        bounds = np.flatnonzero(np.diff(shard)) + 1
        for start, stop in zip(
            np.concatenate(([0], bounds)), np.concatenate((bounds, [shard.size])), strict=True
        ):
            s = int(shard[start])
            source = self._vectors[s]
            if source is None:  # unreachable: merged shards' keys point to the merged copy
                raise RuntimeError(f"embedding cache row {rows[start]} lost its shard")
            out[targets[start:stop]] = source[rows[start:stop] - offsets[s]]

    def put(self, keys: Sequence[bytes], vectors: np.ndarray) -> None:
        """Store ``vectors[i]`` under ``keys[i]`` as one new shard (a crash loses only it)."""
        vectors = np.asarray(vectors)
        if vectors.ndim != 2 or vectors.shape != (len(keys), self.dim):
            raise ValueError(
                f"expected vectors of shape ({len(keys)}, {self.dim}), got {vectors.shape}"
            )
        if any(len(k) != KEY_BYTES for k in keys):
            raise ValueError(f"keys must be {KEY_BYTES} bytes (see text_key)")
        if not keys:
            return
        key_array = np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(len(keys), KEY_BYTES)
        data = np.ascontiguousarray(vectors, dtype="<f4")
        with self._lock:
            name = self._write_shard(key_array, data)
            self._add_shard(name, *self._open_shard(name))
            self._merge_small_shards()

    def close(self) -> None:
        """Drop the in-memory key index and the memory maps."""
        with self._lock:
            self._rows.clear()
            self._keys = [None] * len(self._keys)
            self._vectors = [None] * len(self._vectors)
