"""Vector indexes: a small wrapper over FAISS with string ids, exact or approximate by size.

Vectors are L2-normalised on the way in (``faiss.normalize_L2``), so the inner product of the
index is the cosine, and kept as float16 (FAISS's ``QT_fp16`` scalar quantizer; embeddings lose
nothing a ranking can see, and the index takes half the memory). ``kind="auto"`` picks the
exact ``IndexScalarQuantizer`` below ``exact_threshold`` vectors and the approximate
:data:`DEFAULT_APPROXIMATE` kind (HNSW, ``IndexHNSWSQ``) above. The
kind is decided when the index is built: an automatic flat index that grows past the threshold
through :meth:`VectorIndex.add` stays flat until :meth:`VectorIndex.compact` (``force=True``)
rebuilds it.

The defaults (HNSW, ``M=32``, ``efConstruction=80``, ``efSearch=192``) were measured on 2 busy
cores with vectors near real MiniLM embeddings (3,000 texts plus Gaussian noise): recall@100
against exact search 0.996 at 100k vectors (built in 40 s, 0.8 ms of CPU per query) and 0.997 at
1M (7.5 min, 0.5 ms); IVF needed longer builds and more time per query for the same recall, and
``efConstruction=40`` lost recall at 1M (0.98 against 0.997).

Records and tombstones
----------------------
Each vector sits at a position (its FAISS id, in insertion order) that never changes while the
index lives. HNSW cannot delete a node, so :meth:`VectorIndex.remove` marks a position dead (a
tombstone) and :meth:`VectorIndex.update` tombstones the old position and appends the new
vector. Searches skip tombstones with a FAISS
``IDSelector``, so the HNSW graph keeps its links through removed nodes.
:meth:`VectorIndex.compact` rebuilds the index from the live vectors when tombstones exceed
``compact_fraction`` of the positions; the flat index does that after every removal (it costs one
copy), the
approximate kinds wait for an explicit call (an HNSW rebuild of a million vectors takes minutes),
typically from ``matcher index``.

Filters
-------
``exclude`` and tombstones go to FAISS as an ``IDSelector`` in the search parameters, which flat,
HNSW and IVF all honour. Where the approximate index still comes back short (a selector that
rejects much of a neighbourhood), the short queries are searched again exactly, and when the
filter removes more than half of the index the search is exact from the start, as the ``implicit``
library falls back to exact search where its ANN index cannot honour a filter.

Threads
-------
Searches may run from several threads at once; a change (add, update, remove, compact) must not
overlap any other call. A single query runs FAISS on one OpenMP thread (waking the second thread
for one query costs more than it saves, badly so on a busy machine); batches use all threads.

Files
-----
:meth:`VectorIndex.save` writes a directory with ``index.faiss`` (``faiss.write_index``),
``ids.arrow`` (an Arrow column: the id at each position, null for a tombstone), their sort order
``ids.order.npy``, and ``index.json`` (format, kind, dim, count, parameters, embedding model,
FAISS version, byte sizes of the other files), in a temporary sibling directory renamed into
place. :meth:`VectorIndex.load` refuses a missing, half-written or mismatched directory with
:class:`ArtifactError`, and maps the vectors of a flat or HNSW index from the file
(``IO_FLAG_MMAP_IFC``): the processes of one machine share them.

>>> import numpy as np
>>> index = VectorIndex(["a", "b"], np.eye(2, dtype=np.float32))
>>> index.search(np.array([[1.0, 0.1]], dtype=np.float32), k=1)[0]
[['a']]

Why one long module (about 800 lines): one class whose kinds (flat, HNSW, IVF), changes with
tombstones, filtered searches and files share the position and tombstone invariants above;
the helpers for checking an approximate index against exact search sit at its end.
"""

from __future__ import annotations

import copy
import json
import logging
import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, get_args

import numpy as np

from matcher.columnar import IdIndex, Strings, map_array, read_arrow, write_arrow
from matcher.errors import ArtifactError
from matcher.files import atomic_directory

logger = logging.getLogger(__name__)

Kind = Literal["auto", "flat", "hnsw", "ivf"]
KINDS: tuple[str, ...] = get_args(Kind)
#: Approximate kind that ``kind="auto"`` uses from ``exact_threshold`` vectors on.
DEFAULT_APPROXIMATE: Literal["hnsw", "ivf"] = "hnsw"
#: Below this many vectors ``kind="auto"`` builds an exact flat index.
DEFAULT_EXACT_THRESHOLD = 20_000
#: HNSW links per node (``M``) and the candidate-list sizes when building and searching.
DEFAULT_HNSW_M = 32
DEFAULT_EF_CONSTRUCTION = 80
DEFAULT_EF_SEARCH = 192
#: IVF probes per query; the number of lists defaults to about 4 √n (see :func:`default_nlist`).
DEFAULT_NPROBE = 32
#: IVF training: k-means on at most this many sampled points per list, for this many rounds.
IVF_TRAIN_POINTS_PER_LIST = 64
IVF_TRAIN_ITERATIONS = 10
#: Tombstones may reach this fraction of the positions before :meth:`VectorIndex.compact` rebuilds.
DEFAULT_COMPACT_FRACTION = 0.2
#: Filters that remove more than this fraction of the index make the search exact.
EXACT_FALLBACK_FRACTION = 0.5
#: Version of the directory layout written by :meth:`VectorIndex.save`.
FORMAT_VERSION = 3  # 2: ids in Arrow with their sort order, FAISS mapped; 3: float16 vectors
REBUILD_HINT = "run `matcher index` to rebuild it"

INDEX_FILE = "index.faiss"
IDS_FILE = "ids.arrow"
ORDER_FILE = "ids.order.npy"
FILES = (INDEX_FILE, IDS_FILE, ORDER_FILE)
META_FILE = "index.json"


def _faiss() -> Any:
    import faiss

    return faiss


def default_nlist(n: int) -> int:
    """IVF lists for ``n`` vectors: about 4 √n, a power of two, at least 39 vectors per list."""
    if n <= 0:
        return 1
    target = 2 ** round(math.log2(max(1.0, 4 * math.sqrt(n))))
    return int(max(1, min(target, n // 39)))


@contextmanager
def omp_threads(threads: int | None) -> Iterator[None]:
    """Run the block with FAISS's OpenMP threads set to ``threads`` (``None``: leave them)."""
    if threads is None:
        yield
        return
    faiss = _faiss()
    previous = faiss.omp_get_max_threads()
    if previous == threads:
        yield
        return
    faiss.omp_set_num_threads(threads)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(previous)


def _check_matrix(vectors: Any, name: str, dim: int | None = None) -> np.ndarray:
    """Return ``vectors`` as a new C-contiguous float32 ``(n, dim)`` array with unit rows."""
    if not isinstance(vectors, np.ndarray):
        raise ValueError(f"{name} must be a numpy array, got {type(vectors).__name__}")
    if vectors.ndim != 2:
        raise ValueError(f"{name} must be 2-D (n, dim), got shape {vectors.shape}")
    if not np.issubdtype(vectors.dtype, np.floating):
        raise ValueError(f"{name} must be floating point (float32), got dtype {vectors.dtype}")
    if dim is not None and vectors.shape[1] != dim:
        raise ValueError(f"{name} have dimension {vectors.shape[1]}, the index has {dim}")
    if vectors.shape[1] == 0:
        raise ValueError(f"{name} must have at least one dimension")
    out = np.array(vectors, dtype=np.float32, order="C", copy=True)
    if not np.isfinite(out).all():
        raise ValueError(f"{name} contain NaN or infinite values")
    _faiss().normalize_L2(out)
    return out


def as_stored(vectors: np.ndarray) -> np.ndarray:
    """Unit ``vectors`` as the index keeps them (float16 values, as float32 for FAISS)."""
    return vectors.astype(np.float16).astype(np.float32)


def _check_ids(ids: Sequence[str], n: int) -> list[str]:
    ids = list(ids)
    if len(ids) != n:
        raise ValueError(f"got {len(ids)} ids for {n} vectors")
    for i in ids:
        if not isinstance(i, str) or not i:
            raise ValueError(f"ids must be non-empty strings, got {i!r}")
    if len(set(ids)) != len(ids):
        dupes = sorted(i for i, count in Counter(ids).items() if count > 1)
        raise ValueError(f"duplicate ids: {dupes[:5]}")
    return ids


class VectorIndex:
    """Cosine search over string-keyed vectors: exact (flat) or approximate (HNSW, IVF).

    Args:
        ids: One unique, non-empty string per row of ``vectors``.
        vectors: ``(n, dim)`` floating-point array; normalised to unit length (a copy).
        kind: ``"flat"`` (exact), ``"hnsw"``, ``"ivf"``, or ``"auto"``: flat below
            ``exact_threshold`` vectors, :data:`DEFAULT_APPROXIMATE` from there on.
        exact_threshold: Size from which ``"auto"`` builds an approximate index.
        model: Name of the embedding model of the vectors, recorded by :meth:`save` and checked by
            :meth:`load`.
        hnsw_m: HNSW links per node.
        ef_construction: HNSW candidate list while building.
        ef_search: HNSW candidate list while searching (at least ``k`` is used).
        nlist: IVF inverted lists; ``None`` means :func:`default_nlist` of the size.
        nprobe: IVF lists visited per query.
        compact_fraction: Tombstone fraction above which :meth:`compact` rebuilds.

    >>> import numpy as np
    >>> vectors = np.array([[1.0, 0.0], [0.8, 0.6], [0.0, 1.0]], dtype=np.float32)
    >>> index = VectorIndex(["x", "y", "z"], vectors)
    >>> ids, scores = index.search(np.array([[1.0, 0.0]], dtype=np.float32), k=2, exclude={"x"})
    >>> ids, [round(float(s), 2) for s in scores[0]]
    ([['y', 'z']], [0.8, 0.0])
    """

    def __init__(
        self,
        ids: Sequence[str],
        vectors: np.ndarray,
        *,
        kind: Kind = "auto",
        exact_threshold: int = DEFAULT_EXACT_THRESHOLD,
        model: str | None = None,
        hnsw_m: int = DEFAULT_HNSW_M,
        ef_construction: int = DEFAULT_EF_CONSTRUCTION,
        ef_search: int = DEFAULT_EF_SEARCH,
        nlist: int | None = None,
        nprobe: int = DEFAULT_NPROBE,
        compact_fraction: float = DEFAULT_COMPACT_FRACTION,
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
        for name, value in (
            ("exact_threshold", exact_threshold),
            ("hnsw_m", hnsw_m),
            ("ef_construction", ef_construction),
            ("ef_search", ef_search),
            ("nprobe", nprobe),
        ):
            if value < 1:
                raise ValueError(f"{name} must be at least 1, got {value}")
        if nlist is not None and nlist < 1:
            raise ValueError(f"nlist must be at least 1, got {nlist}")
        if not 0.0 < compact_fraction < 1.0:
            raise ValueError(f"compact_fraction must lie in (0, 1), got {compact_fraction}")
        data = _check_matrix(vectors, "vectors")
        labels = _check_ids(ids, data.shape[0])
        self.requested_kind: Kind = kind
        self.exact_threshold = exact_threshold
        self.model = model
        self.hnsw_m = hnsw_m
        self.ef_construction = ef_construction
        self.ef_search = ef_search
        self.nlist = nlist
        self.nprobe = nprobe
        self.compact_fraction = compact_fraction
        self._dim = int(data.shape[1])
        self._build(labels, data)

    # -- building ---------------------------------------------------------------------------

    def _resolve_kind(self, n: int) -> Literal["flat", "hnsw", "ivf"]:
        if self.requested_kind == "auto":
            return "flat" if n < self.exact_threshold else DEFAULT_APPROXIMATE
        return self.requested_kind

    def _build(self, labels: list[str], data: np.ndarray) -> None:
        """(Re)build the FAISS index from unit-length ``data``; resets positions and tombstones."""
        faiss = _faiss()
        data = as_stored(data)  # float16 values exactly: FAISS's own rounding differs at ties
        n, d = data.shape
        self.kind = self._resolve_kind(n)
        index: Any
        fp16 = faiss.ScalarQuantizer.QT_fp16
        if self.kind == "flat":
            index = faiss.IndexScalarQuantizer(d, fp16, faiss.METRIC_INNER_PRODUCT)
        elif self.kind == "hnsw":
            index = faiss.IndexHNSWSQ(d, fp16, self.hnsw_m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = self.ef_construction
            index.hnsw.efSearch = self.ef_search
        else:
            if n == 0:
                raise ValueError("an IVF index needs vectors to train on; got none")
            nlist = self.nlist or default_nlist(n)
            quantizer = faiss.IndexFlatIP(d)
            index = faiss.IndexIVFScalarQuantizer(
                quantizer, d, nlist, fp16, faiss.METRIC_INNER_PRODUCT
            )
            index.cp.spherical = True
            # k-means on a sample of 64 points per list, 10 rounds: minutes at 1M, not an hour.
            index.cp.max_points_per_centroid = IVF_TRAIN_POINTS_PER_LIST
            index.cp.niter = IVF_TRAIN_ITERATIONS
            index.nprobe = self.nprobe
            if nlist == 1:  # one list needs no k-means (which would warn about too few points)
                centroid = data.mean(axis=0, keepdims=True)
                faiss.normalize_L2(centroid)
                quantizer.add(centroid)
                index.is_trained = True
            else:
                index.train(data)
            index.make_direct_map()
            self._quantizer = quantizer  # the IVF index does not own it
            self._built_nlist = nlist
        logger.info("building %s index of %d vectors (dim %d)", self.kind, n, d)
        if n:
            index.add(data)
        self._index = index
        self._mapped = False
        self._labels: Sequence[str | None] = list(labels)
        self._pos: Mapping[str, int] = {label: i for i, label in enumerate(labels)}
        self._dead = np.zeros(max(n, 16), dtype=bool)
        self._n_dead = 0
        self._dead_bits: np.ndarray | None = None

    def _writable(self) -> None:
        """Own what a loaded index shares read-only (the mapped FAISS file, the id columns)
        before changing it."""
        if self._mapped:
            self._index = self._owned_faiss()
            if self.kind == "ivf":
                self._quantizer = _faiss().downcast_index(self._index.quantizer)
            self._mapped = False
        if not isinstance(self._labels, list):
            self._labels = list(self._labels)
            self._pos = {label: i for i, label in enumerate(self._labels) if label is not None}

    def _owned_faiss(self) -> Any:
        """A copy of the FAISS index that owns its vectors (``clone_index`` of a mapped index
        would still point into the mapping)."""
        faiss = _faiss()
        if not self._mapped:
            return faiss.clone_index(self._index)
        owned = faiss.deserialize_index(faiss.serialize_index(self._index))
        if self.kind == "hnsw":
            owned.hnsw.efSearch = self.ef_search
        return owned

    def _grow_dead(self, total: int) -> None:
        if total > self._dead.shape[0]:
            grown = np.zeros(max(total, 2 * self._dead.shape[0]), dtype=bool)
            grown[: self._dead.shape[0]] = self._dead
            self._dead = grown

    def _all_vectors(self) -> np.ndarray:
        """The vector at every position, decoded (a copy)."""
        n = self._index.ntotal
        if n == 0:
            return np.empty((0, self._dim), dtype=np.float32)
        return self._index.reconstruct_n(0, n)  # type: ignore[no-any-return]

    # -- properties -------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._pos)

    def __contains__(self, item: object) -> bool:
        return item in self._pos

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(kind={self.kind!r}, dim={self._dim}, count={len(self)}, "
            f"tombstones={self._n_dead})"
        )

    @property
    def dim(self) -> int:
        """Dimension of the vectors."""
        return self._dim

    @property
    def ids(self) -> list[str]:
        """Live ids in insertion order."""
        return [label for label in self._labels if label is not None]

    @property
    def tombstones(self) -> int:
        """Positions removed but not yet compacted away."""
        return self._n_dead

    @property
    def params(self) -> dict[str, Any]:
        """Parameters of the built index (recorded in ``index.json``)."""
        out: dict[str, Any] = {
            "requested_kind": self.requested_kind,
            "exact_threshold": self.exact_threshold,
            "compact_fraction": self.compact_fraction,
        }
        if self.kind == "hnsw":
            out |= {"M": self.hnsw_m, "efConstruction": self.ef_construction}
            out["efSearch"] = self.ef_search
        elif self.kind == "ivf":
            out |= {"nlist": self._built_nlist, "nprobe": self.nprobe}
        return out

    # -- changes ----------------------------------------------------------------------------

    def add(self, ids: Sequence[str], vectors: np.ndarray) -> None:
        """Append new records; ids must not be in the index yet (ValueError)."""
        data = _check_matrix(vectors, "vectors", self._dim)
        labels = _check_ids(ids, data.shape[0])
        present = [i for i in labels if i in self._pos]
        if present:
            raise ValueError(f"ids already in the index (use update): {present[:5]}")
        self._append(labels, data)

    def _append(self, labels: list[str], data: np.ndarray) -> None:
        self._writable()
        data = as_stored(data)
        start = self._index.ntotal
        if data.shape[0]:
            self._index.add(data)
        self._labels.extend(labels)
        for offset, label in enumerate(labels):
            self._pos[label] = start + offset
        self._grow_dead(self._index.ntotal)
        self._dead_bits = None

    def update(self, ids: Sequence[str], vectors: np.ndarray) -> None:
        """Replace the vectors of existing records; unknown ids raise KeyError."""
        data = _check_matrix(vectors, "vectors", self._dim)
        labels = _check_ids(ids, data.shape[0])
        missing = [i for i in labels if i not in self._pos]
        if missing:
            raise KeyError(f"ids not in the index (use add): {missing[:5]}")
        self._kill(labels)
        self._append(labels, data)
        if self.kind == "flat":
            self.compact()

    def remove(self, ids: Iterable[str]) -> None:
        """Remove records (tombstones; see the module docstring); unknown ids raise KeyError."""
        labels = list(dict.fromkeys(ids))
        missing = [i for i in labels if i not in self._pos]
        if missing:
            raise KeyError(f"ids not in the index: {missing[:5]}")
        self._kill(labels)
        if self.kind == "flat":
            self.compact()
        elif self._n_dead > self.compact_fraction * self._index.ntotal:
            logger.warning(
                "%s index: %d of %d positions are tombstones; call compact() to rebuild",
                self.kind,
                self._n_dead,
                self._index.ntotal,
            )

    def _kill(self, labels: list[str]) -> None:
        self._writable()
        for label in labels:
            pos = self._pos.pop(label)
            self._labels[pos] = None
            self._dead[pos] = True
        self._n_dead += len(labels)
        self._dead_bits = None

    def compact(self, *, force: bool = False) -> bool:
        """Rebuild from the live vectors if tombstones exceed ``compact_fraction`` (or ``force``).

        The rebuild re-resolves ``kind="auto"`` for the current size. Returns whether it rebuilt.
        """
        total = self._index.ntotal
        if not force and self._n_dead <= self.compact_fraction * total:
            return False
        live = np.flatnonzero(~self._dead[:total])
        data = np.ascontiguousarray(self._all_vectors()[live])
        labels = [self._labels[p] for p in live.tolist()]
        logger.info("compacting %s index: %d tombstones dropped", self.kind, self._n_dead)
        self._build([label for label in labels if label is not None], data)
        return True

    def copy(self) -> VectorIndex:
        """An independent copy (FAISS clones the index): changing it leaves this one as it is."""
        faiss = _faiss()
        twin = copy.copy(self)
        twin._index = self._owned_faiss()
        twin._mapped = False
        if self.kind == "ivf":
            twin._quantizer = faiss.downcast_index(twin._index.quantizer)
        if isinstance(self._labels, list):  # read-only columns are shared as they are
            twin._labels = list(self._labels)
            twin._pos = dict(self._pos)
        twin._dead = self._dead.copy()
        twin._dead_bits = None
        return twin

    def synced(self, ids: Sequence[str], vectors: np.ndarray) -> VectorIndex:
        """A copy holding exactly ``ids`` with ``vectors``, changed from this one in place of a
        new build: ids no longer given are removed, changed vectors updated, new ones added,
        and the copy compacted once tombstones pass ``compact_fraction``.

        An engine rebuilt after a few writes thus keeps its HNSW graph (a new graph of 100k
        positions costs tens of seconds) and the index serving until now is left untouched.
        """
        raw = np.asarray(vectors, dtype=np.float32)
        data = as_stored(_check_matrix(raw, "vectors", self._dim))  # to tell what changed
        labels = _check_ids(ids, data.shape[0])
        twin = self.copy()
        wanted = {label: i for i, label in enumerate(labels)}
        gone = [label for label in twin._pos if label not in wanted]
        if gone:
            twin.remove(gone)
        kept = [label for label in labels if label in twin._pos]
        if kept:
            stored = twin._all_vectors()[[twin._pos[label] for label in kept]]
            rows = np.fromiter((wanted[label] for label in kept), dtype=np.int64)
            changed = [kept[i] for i in np.flatnonzero(np.any(stored != data[rows], axis=1))]
            if changed:
                twin.update(changed, raw[[wanted[label] for label in changed]])
        new = [label for label in labels if label not in twin._pos]
        if new:
            twin.add(new, raw[[wanted[label] for label in new]])
        twin.compact()
        return twin

    # -- search -----------------------------------------------------------------------------

    def slots(self, ids: Sequence[str]) -> np.ndarray:
        """The internal slot of each id (-1 when not indexed), to build ``within`` masks.

        Slots stay valid until the index is compacted, rebuilt or loaded again.
        """
        if isinstance(self._pos, IdIndex):
            return self._pos.rows(ids)
        return np.fromiter((self._pos.get(i, -1) for i in ids), dtype=np.int64, count=len(ids))

    def live_slots(self) -> np.ndarray:
        """A mask of the slots that hold a record (not a tombstone)."""
        return ~self._dead[: self.n_slots]

    @property
    def n_slots(self) -> int:
        """Slots in the index, live or removed: the length of a ``within`` mask."""
        return int(self._index.ntotal)

    def _selector(
        self, excluded: np.ndarray, within: np.ndarray | None = None
    ) -> tuple[Any, list[Any]]:
        """An IDSelector accepting live, non-excluded positions, and the objects it points into."""
        faiss = _faiss()
        keep: list[Any] = []
        if within is not None:
            accept = within & ~self._dead[: within.shape[0]]
            accept[excluded] = False
            bits = np.packbits(accept, bitorder="little")
            selector = faiss.IDSelectorBitmap(accept.shape[0], faiss.swig_ptr(bits))
            return selector, [bits, selector]
        parts: list[Any] = []
        if self._n_dead:
            if self._dead_bits is None:
                self._dead_bits = np.packbits(self._dead, bitorder="little")
            keep.append(self._dead_bits)
            parts.append(
                faiss.IDSelectorBitmap(self._dead.shape[0], faiss.swig_ptr(self._dead_bits))
            )
        if excluded.size:
            parts.append(faiss.IDSelectorBatch(excluded.size, faiss.swig_ptr(excluded)))
            keep.append(excluded)
        if not parts:
            return None, keep
        rejected = parts[0] if len(parts) == 1 else faiss.IDSelectorOr(parts[0], parts[1])
        selector = faiss.IDSelectorNot(rejected)
        keep.extend([*parts, rejected])
        return selector, keep

    def _search_exact(self, q: np.ndarray, k: int, selector: Any) -> tuple[np.ndarray, np.ndarray]:
        faiss = _faiss()
        if self.kind == "flat":
            params = faiss.SearchParameters(sel=selector) if selector is not None else None
            return self._index.search(q, k, params=params)
        if self.kind == "hnsw":
            storage = faiss.downcast_index(self._index.storage)
            params = faiss.SearchParameters(sel=selector) if selector is not None else None
            return storage.search(q, k, params=params)
        params = faiss.SearchParametersIVF(nprobe=self._index.nlist)
        if selector is not None:
            params.sel = selector
        return self._index.search(q, k, params=params)

    def _search_approx(
        self, q: np.ndarray, k: int, selector: Any, kept: float = 1.0
    ) -> tuple[np.ndarray, np.ndarray]:
        """Approximate search; ``kept`` is the fraction of slots the selector accepts.

        A filtered HNSW walk still visits rejected nodes but only keeps accepted ones, so its
        candidate list (and an IVF search's probes) grow by ``1 / kept²`` to keep recall. Below
        ``kept = 1 - EXACT_FALLBACK_FRACTION`` the search is exact instead (cheaper there).
        """
        faiss = _faiss()
        widen = 1.0 / max(kept, 1e-3) ** 2  # measured: 1 / kept alone lost recall at kept 0.5
        if self.kind == "hnsw":
            ef = int(min(self._index.ntotal, np.ceil(max(self.ef_search, k) * widen)))
            params = faiss.SearchParametersHNSW(efSearch=ef)
        else:
            nprobe = int(np.ceil(self.nprobe * widen))
            params = faiss.SearchParametersIVF(nprobe=min(nprobe, self._index.nlist))
        if selector is not None:
            params.sel = selector
        return self._index.search(q, k, params=params)

    def search(
        self,
        queries: np.ndarray,
        k: int,
        *,
        exclude: set[str] | None = None,
        within: np.ndarray | None = None,
    ) -> tuple[list[list[str]], np.ndarray]:
        """Return the ``k`` nearest live records of each query by cosine.

        Args:
            queries: ``(nq, dim)`` floating-point array (normalised here, on a copy).
            k: Results per query (fewer when fewer records are searchable).
            exclude: Ids never to return (unknown ids are ignored).
            within: Boolean mask of length :attr:`n_slots`: only records whose slot
                (:meth:`slots`) is set may be returned. Filtering happens inside FAISS, so
                the ``k`` results are the nearest allowed ones, not a filtered top ``k``.

        Returns:
            ``(ids, scores)``: a list of id lists, best first, and an ``(nq, k')`` float32 array of
            their cosines, where ``k' = min(k, searchable records)``. Every list has ``k'`` ids: a
            query the approximate index answers short is searched again with a candidate list
            four times as long (at a million positions, 4 ms where an exact search costs 58),
            and exactly if that is still short.
        """
        found, scores = self.search_slots(queries, k, exclude=exclude, within=within)
        labels = self._labels
        return [[labels[p] for p in row if p >= 0] for row in found.tolist()], scores

    def search_slots(
        self,
        queries: np.ndarray,
        k: int,
        *,
        exclude: set[str] | None = None,
        within: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`search` answering slots instead of ids: ``(slots, scores)``, both ``(nq, k')``.

        A slot is -1 (score ``-inf``) where a query found fewer than ``k'`` records. For callers
        that map slots to their own rows (the request path) and need no id strings.
        """
        if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
            raise ValueError(f"k must be a positive integer, got {k!r}")
        q = _check_matrix(queries, "queries", self._dim)
        nq = q.shape[0]
        excluded = np.fromiter(
            (self._pos[i] for i in (exclude or ()) if i in self._pos), dtype=np.int64
        )
        if within is not None:
            within = np.asarray(within, dtype=bool)
            if within.shape != (self.n_slots,):
                raise ValueError(f"within must be a mask of {self.n_slots} slots")
            live = within & ~self._dead[: self.n_slots]
            live[excluded] = False
            available = int(live.sum())
        else:
            available = len(self) - excluded.size
        k_eff = int(min(k, available))
        if nq == 0 or k_eff <= 0:
            return np.empty((nq, 0), dtype=np.int64), np.empty((nq, 0), dtype=np.float32)
        selector, _keep = self._selector(excluded, within)
        filtered = 1.0 - available / self._index.ntotal
        # One query runs on one thread: HNSW and IVF parallelise over queries anyway, and waking
        # the OpenMP pool for a single query only adds latency.
        with omp_threads(1 if nq == 1 else None):
            if self.kind == "flat" or filtered > EXACT_FALLBACK_FRACTION:
                scores, found = self._search_exact(q, k_eff, selector)
            else:
                scores, found = self._search_approx(q, k_eff, selector, 1.0 - filtered)
                short = np.flatnonzero((found >= 0).sum(axis=1) < k_eff)
                if short.size:  # once more with a list four times as long, then exactly
                    logger.debug("%d queries came back short; searching them wider", short.size)
                    kept = (1.0 - filtered) / 2
                    scores[short], found[short] = self._search_approx(
                        q[short], k_eff, selector, kept
                    )
                    short = short[(found[short] >= 0).sum(axis=1) < k_eff]
                if short.size:
                    logger.debug("%d queries came back short; searching them exactly", short.size)
                    scores[short], found[short] = self._search_exact(q[short], k_eff, selector)
        scores = np.where(found >= 0, scores, -np.inf).astype(np.float32, copy=False)
        return found, scores

    # -- files ------------------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        """Write the index to ``directory`` atomically (a temporary sibling, then a rename).

        An existing ``directory`` is replaced: it is renamed aside, the new one renamed in, and
        the old one deleted.
        """
        faiss = _faiss()
        directory = Path(directory)
        with atomic_directory(directory) as tmp:
            faiss.write_index(self._index, str(tmp / INDEX_FILE))
            labels = Strings.of(self._labels)
            write_arrow({"id": labels.arrow}, tmp / IDS_FILE)
            np.save(tmp / ORDER_FILE, IdIndex(labels).order, allow_pickle=False)
            meta = {
                "format": FORMAT_VERSION,
                "kind": self.kind,
                "dim": self._dim,
                "count": len(self),
                "positions": self._index.ntotal,
                "tombstones": self._n_dead,
                "metric": "cosine (inner product of L2-normalised vectors)",
                "model": self.model,
                "params": self.params,
                "faiss_version": faiss.__version__,
                "files": {name: (tmp / name).stat().st_size for name in FILES},
            }
            (tmp / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", "utf-8")
        logger.info("saved %r to %s", self, directory)

    @classmethod
    def load(
        cls,
        directory: Path,
        *,
        expected_dim: int | None = None,
        expected_model: str | None = None,
    ) -> VectorIndex:
        """Read an index written by :meth:`save`.

        Raises:
            ArtifactError: The directory is missing, half-written or corrupt, or its dimension or
                embedding model differs from ``expected_dim`` / ``expected_model``; the message
                says to run ``matcher index``.
        """
        faiss = _faiss()
        directory = Path(directory)

        def refuse(problem: str) -> ArtifactError:
            return ArtifactError(f"vector index {directory}: {problem}; {REBUILD_HINT}")

        if not directory.is_dir():
            raise refuse("no such directory")
        try:
            meta = json.loads((directory / META_FILE).read_text("utf-8"))
            kind, dim, count = meta["kind"], int(meta["dim"]), int(meta["count"])
            params, sizes, fmt = meta["params"], meta["files"], meta["format"]
        except FileNotFoundError:
            raise refuse(f"{META_FILE} is missing (half-written?)") from None
        except (ValueError, KeyError, TypeError) as exc:
            raise refuse(f"{META_FILE} is unreadable ({exc})") from None
        if fmt != FORMAT_VERSION:
            raise refuse(f"format {fmt!r}, this code reads format {FORMAT_VERSION}")
        if kind not in ("flat", "hnsw", "ivf"):
            raise refuse(f"unknown kind {kind!r}")
        for name in FILES:
            path = directory / name
            if not path.is_file() or path.stat().st_size != sizes.get(name):
                raise refuse(f"{name} is missing or has the wrong size (half-written?)")
        if expected_dim is not None and dim != expected_dim:
            raise refuse(f"dimension {dim}, the embedding model gives {expected_dim}")
        if expected_model is not None and meta.get("model") != expected_model:
            raise refuse(f"built with model {meta.get('model')!r}, configured {expected_model!r}")
        # Flat vectors (flat and HNSW) are mapped from the file, shared between processes.
        flags = faiss.IO_FLAG_MMAP_IFC if kind in ("flat", "hnsw") else 0
        try:
            labels = Strings(read_arrow(directory / IDS_FILE).column("id"))
            order = map_array(directory / ORDER_FILE)
            index = faiss.read_index(str(directory / INDEX_FILE), flags)
        except (ValueError, RuntimeError, OSError, KeyError) as exc:
            raise refuse(f"cannot read it ({exc})") from None
        if index.d != dim or index.ntotal != len(labels):
            raise refuse(f"{INDEX_FILE} does not match {META_FILE} and {IDS_FILE}")
        if order.shape != (count,) or labels.arrow.null_count != len(labels) - count:
            raise refuse(f"{IDS_FILE} does not match {META_FILE}")

        self = cls.__new__(cls)
        self.requested_kind = params.get("requested_kind", kind)
        self.exact_threshold = params.get("exact_threshold", DEFAULT_EXACT_THRESHOLD)
        self.compact_fraction = params.get("compact_fraction", DEFAULT_COMPACT_FRACTION)
        self.model = meta.get("model")
        self.hnsw_m = params.get("M", DEFAULT_HNSW_M)
        self.ef_construction = params.get("efConstruction", DEFAULT_EF_CONSTRUCTION)
        self.ef_search = params.get("efSearch", DEFAULT_EF_SEARCH)
        self.nlist = params.get("nlist")
        self.nprobe = params.get("nprobe", DEFAULT_NPROBE)
        self.kind = kind
        self._dim = dim
        if kind == "hnsw":
            index.hnsw.efSearch = self.ef_search
        elif kind == "ivf":
            index.nprobe = self.nprobe
            self._built_nlist = index.nlist
            self._quantizer = None
        self._index = index
        self._mapped = bool(flags)
        self._labels = labels
        self._pos = IdIndex(labels, order)
        self._dead = np.zeros(max(len(labels), 16), dtype=bool)
        dead = np.flatnonzero(np.asarray(labels.arrow.is_null()))
        self._dead[dead] = True
        self._n_dead = int(dead.size)
        self._dead_bits = None
        return self


def knn_ground_truth(
    vectors: np.ndarray, queries: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Exact cosine neighbours: ``(scores, positions)`` of the ``k`` rows of ``vectors`` nearest
    each query, as ``index.search`` returns them (``-1`` where fewer than ``k`` exist)."""
    faiss = _faiss()
    xb = _check_matrix(vectors, "vectors")
    xq = _check_matrix(queries, "queries", xb.shape[1])
    return faiss.knn(xq, xb, min(k, xb.shape[0]), metric=faiss.METRIC_INNER_PRODUCT)


def recall_at_k(
    approx_ids: Sequence[Sequence[Any]], exact_ids: Sequence[Sequence[Any]], k: int
) -> float:
    """Mean over queries of ``|approx[:k] ∩ exact[:k]| / |exact[:k]|`` (``-1`` entries ignored).

    Works on id lists (from :meth:`VectorIndex.search`) and on position arrays alike; queries
    whose exact list is empty are skipped.
    """
    if len(approx_ids) != len(exact_ids):
        raise ValueError(f"{len(approx_ids)} approximate rows for {len(exact_ids)} exact rows")
    total, counted = 0.0, 0
    for approx, exact in zip(approx_ids, exact_ids, strict=True):
        truth = {x for x in list(exact)[:k] if not (isinstance(x, int | np.integer) and x < 0)}
        if not truth:
            continue
        total += len(truth.intersection(list(approx)[:k])) / len(truth)
        counted += 1
    return total / counted if counted else 1.0


def synthetic_vectors(base: np.ndarray, n: int, *, noise: float = 0.5, seed: int = 0) -> np.ndarray:
    """``n`` unit vectors near rows of ``base``: a random row plus Gaussian noise, renormalised.

    For scale tests of the index with real embeddings of a few thousand texts as ``base``;
    ``noise`` is the expected norm of the noise added to a unit row (0.5 puts a synthetic vector
    at a cosine of about 0.9 from its base row).
    """
    rng = np.random.default_rng(seed)
    src = _check_matrix(base, "base")
    out = np.empty((n, src.shape[1]), dtype=np.float32)
    sigma = noise / math.sqrt(src.shape[1])
    step = 65_536
    for start in range(0, n, step):
        m = min(step, n - start)
        block = src[rng.integers(0, src.shape[0], m)]
        block += rng.standard_normal((m, src.shape[1]), dtype=np.float32) * np.float32(sigma)
        out[start : start + m] = block
    _faiss().normalize_L2(out)
    return out
