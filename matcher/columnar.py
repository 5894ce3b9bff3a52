"""Read-only columns of text over Apache Arrow, memory-mapped from a saved version.

A served engine at 10⁵–10⁶ records must not hold a Python object per record: every worker would
keep its own copy, and a full garbage collection would walk them all. Text columns are Arrow
string arrays instead (one buffer of UTF-8 and one of offsets), read zero-copy from an Arrow IPC
file that every process on the machine maps from the same page cache. :class:`Strings` and
:class:`StringSets` give them the sequence interface the matcher reads (``column[row]`` is a
``str`` or a ``frozenset``), and :class:`IdIndex` finds a row by id with a binary search over a
saved sort order, where a ``dict`` would cost about 100 bytes per id in every process.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, overload

import numpy as np
import pyarrow as pa


def _one_chunk(array: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """``array`` as it comes, but one chunk as a plain array (a column mapped from a file is
    one chunk; a column of rows appended to it stays chunked, never copied)."""
    if isinstance(array, pa.ChunkedArray) and array.num_chunks == 1:
        return array.chunk(0)
    return array


def _contiguous(array: pa.Array | pa.ChunkedArray) -> pa.Array:
    """``array`` as one array (a copy when it is chunked), for the kernels that want one."""
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _chunks(array: pa.Array | pa.ChunkedArray) -> list[pa.Array]:
    return list(array.chunks) if isinstance(array, pa.ChunkedArray) else [array]


def _rows(key: Any) -> np.ndarray | None:
    """``key`` as an array of row numbers, or ``None`` when it is a single row or a slice."""
    if isinstance(key, int | np.integer | slice):
        return None
    rows = np.asarray(key)
    if rows.dtype == bool:
        return np.flatnonzero(rows)
    return rows.astype(np.int64, copy=False)


class Strings(Sequence[str | None]):
    """A read-only column of strings (``None`` where null) over an Arrow array.

    >>> names = Strings.of(["光学", "CAN", None])
    >>> names[0], len(names), names[[2, 1]], "CAN" in names
    ('光学', 3, [None, 'CAN'], True)
    """

    __slots__ = ("_array",)

    def __init__(self, array: pa.Array) -> None:
        array = _one_chunk(array)
        if not pa.types.is_large_string(array.type):
            array = array.cast(pa.large_string())
        self._array = array

    @classmethod
    def of(cls, values: Iterable[str | None]) -> Strings:
        """A column of ``values`` (a list, another column, any iterable of strings)."""
        if isinstance(values, Strings):
            return values
        return cls(pa.array(list(values), type=pa.large_string()))

    @property
    def arrow(self) -> pa.Array:
        """The Arrow array (to save it, or to hand it to Arrow compute)."""
        return self._array

    def __len__(self) -> int:
        return len(self._array)

    @overload
    def __getitem__(self, key: int) -> str: ...
    @overload
    def __getitem__(self, key: slice | Sequence[int] | np.ndarray) -> list[str]: ...
    def __getitem__(self, key: Any) -> Any:
        rows = _rows(key)
        if rows is not None:
            return self._array.take(pa.array(rows, type=pa.int64())).to_pylist()
        if isinstance(key, slice):
            return self._array[key].to_pylist()
        i = int(key)
        if i < 0:
            i += len(self._array)
        if not 0 <= i < len(self._array):
            raise IndexError(f"row {key} out of range for {len(self._array)} rows")
        return self._array[i].as_py()

    def __iter__(self) -> Iterator[str | None]:
        return iter(self.tolist())

    def __contains__(self, value: object) -> bool:
        return value in self.tolist()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Strings):
            return self.tolist() == other.tolist()
        if isinstance(other, list | tuple):
            return self.tolist() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        head = self._array[:3].to_pylist()
        return f"Strings({len(self)} rows: {head}{'…' if len(self) > 3 else ''})"

    def nulls(self) -> np.ndarray:
        """A mask of the rows without a value."""
        if not self._array.null_count:
            return np.zeros(len(self._array), dtype=bool)
        return np.concatenate(
            [np.asarray(c.is_null().to_numpy(zero_copy_only=False)) for c in _chunks(self._array)]
        )

    def isin(self, values: Iterable[str]) -> np.ndarray:
        """A mask of the rows whose value is one of ``values``."""
        import pyarrow.compute as pc

        wanted = pa.array(sorted(set(values)), type=pa.large_string())
        found = pc.is_in(self._array, value_set=wanted)
        return (
            np.concatenate(
                [np.asarray(c.to_numpy(zero_copy_only=False), dtype=bool) for c in _chunks(found)]
            )
            if len(self._array)
            else np.zeros(0, dtype=bool)
        )

    def tolist(self) -> list[str | None]:
        """Every value as a new Python list (never kept: a column can be large)."""
        return self._array.to_pylist()  # type: ignore[no-any-return]

    def take(self, rows: Sequence[int] | np.ndarray) -> Strings:
        """A new column of the values at ``rows``."""
        return Strings(self._array.take(pa.array(np.asarray(rows, dtype=np.int64))))

    def concat(self, other: Iterable[str | None]) -> Strings:
        """A new column: these values followed by ``other``'s (their buffers are not shared)."""
        tail = Strings.of(other).arrow
        return Strings(pa.chunked_array([*_chunks(self._array), *_chunks(tail)]))


class StringSets(Sequence[frozenset[str]]):
    """A read-only column of sets of strings over an Arrow list array.

    >>> majors = StringSets.of([{"080401", "光电"}, set()])
    >>> sorted(majors[0]), majors[1]
    (['080401', '光电'], frozenset())
    """

    __slots__ = ("_array",)

    def __init__(self, array: pa.Array) -> None:
        array = _one_chunk(array)
        self._array = array

    @classmethod
    def of(cls, values: Iterable[Iterable[str]]) -> StringSets:
        """A column of ``values`` (each an iterable of strings, kept sorted)."""
        if isinstance(values, StringSets):
            return values
        return cls(pa.array([sorted(v) for v in values], type=pa.large_list(pa.large_string())))

    @property
    def arrow(self) -> pa.Array:
        """The Arrow array (to save it)."""
        return self._array

    def __len__(self) -> int:
        return len(self._array)

    def __getitem__(self, key: Any) -> Any:
        rows = _rows(key)
        if rows is not None:
            taken = self._array.take(pa.array(rows, type=pa.int64())).to_pylist()
            return [frozenset(v) for v in taken]
        if isinstance(key, slice):
            return [frozenset(v) for v in self._array[key].to_pylist()]
        i = int(key)
        if i < 0:
            i += len(self._array)
        if not 0 <= i < len(self._array):
            raise IndexError(f"row {key} out of range for {len(self._array)} rows")
        return frozenset(self._array[i].as_py())

    def __iter__(self) -> Iterator[frozenset[str]]:
        return (frozenset(v) for v in self._array.to_pylist())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StringSets):
            return list(self) == list(other)
        if isinstance(other, list | tuple):
            return list(self) == [frozenset(v) for v in other]
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def take(self, rows: Sequence[int] | np.ndarray) -> StringSets:
        """A new column of the sets at ``rows``."""
        return StringSets(self._array.take(pa.array(np.asarray(rows, dtype=np.int64))))

    def concat(self, other: Iterable[Iterable[str]]) -> StringSets:
        """A new column: these sets followed by ``other``'s."""
        tail = StringSets.of(other).arrow
        return StringSets(pa.chunked_array([*_chunks(self._array), *_chunks(tail)]))


def sort_order(ids: Strings) -> np.ndarray:
    """The rows of ``ids`` in ascending id order (code-point order, as Python sorts ``str``),
    null rows left out."""
    import pyarrow.compute as pc

    order = pc.array_sort_indices(_contiguous(ids.arrow), null_placement="at_end")
    return np.asarray(order, dtype=np.int64)[: len(ids) - ids.arrow.null_count]


#: Keys :meth:`IdIndex.rows` looks up one by one (about 20 ids decoded each) rather than by a
#: hash join over the whole column.
FEW_KEYS = 64


class IdIndex(Mapping[str, int]):
    """Row of each id of a :class:`Strings` column, found by binary search over its sort order
    (a null row, such as a removed record's, has no id).

    ``order`` (the rows in ascending id order, :func:`sort_order`) is saved with the column
    and memory-mapped, so a million ids cost no private memory; a lookup decodes about 20 ids.
    Ids must be unique (``ValueError`` at construction from a column with a repeated id).

    >>> index = IdIndex(Strings.of(["b", "a", "c"]))
    >>> index["c"], index.get("z"), index.rows(["a", "zz", "b"]).tolist()
    (2, None, [1, -1, 0])
    """

    __slots__ = ("_ids", "_order")

    def __init__(self, ids: Strings, order: np.ndarray | None = None, *, check: bool = True):
        self._ids = ids
        self._order = sort_order(ids) if order is None else order
        if len(self._order) != len(ids) - ids.arrow.null_count:
            raise ValueError(f"an id order of {len(self._order)} rows for {len(ids)} ids")
        if check and order is None and len(self._order) > 1:
            import pyarrow.compute as pc

            if pc.count_distinct(_contiguous(ids.arrow)).as_py() != len(self._order):
                raise ValueError("ids repeat")

    @property
    def order(self) -> np.ndarray:
        """Rows in ascending id order."""
        return self._order

    def _find(self, key: str) -> int:
        ids, order = self._ids.arrow, self._order
        lo, hi = 0, len(order)
        while lo < hi:
            mid = (lo + hi) // 2
            if ids[int(order[mid])].as_py() < key:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(order):
            row = int(order[lo])
            if ids[row].as_py() == key:
                return row
        return -1

    def __getitem__(self, key: str) -> int:
        row = self._find(key) if isinstance(key, str) else -1
        if row < 0:
            raise KeyError(key)
        return row

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        row = self._find(key) if isinstance(key, str) else -1
        return default if row < 0 else row

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._find(key) >= 0

    def __len__(self) -> int:
        return len(self._order)

    def __iter__(self) -> Iterator[str]:
        return (key for key in self._ids if key is not None)

    def rows(self, keys: Iterable[str]) -> np.ndarray:
        """Row of each key (-1 for an unknown one): a few by binary search, many at once by
        Arrow's hash join (which reads every id: 38 ms at 100k, for one key as for many)."""
        import pyarrow.compute as pc

        keys = list(keys)
        if len(keys) <= FEW_KEYS:
            found = [self._find(k) if isinstance(k, str) else -1 for k in keys]
            return np.asarray(found, dtype=np.int64)
        wanted = pa.array(keys, type=pa.large_string())
        found = pc.index_in(wanted, value_set=_contiguous(self._ids.arrow))
        return np.asarray(found.fill_null(-1), dtype=np.int64)


def as_columns(obj: Any) -> None:
    """Turn the list fields of a table dataclass into the columns its annotations name.

    Called from a table's ``__post_init__``: a field annotated ``Strings`` or ``StringSets``
    given as a list (as a build makes it) becomes that column.
    """
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.type == "Strings" and not isinstance(value, Strings):
            setattr(obj, f.name, Strings.of(value))
        elif f.type == "StringSets" and not isinstance(value, StringSets):
            setattr(obj, f.name, StringSets.of(value))


def map_array(path: Path) -> np.ndarray:
    """A saved ``.npy`` array memory-mapped read-only (shared by every process that maps it),
    as a plain ndarray view: ``np.memmap``'s Python-level indexing costs ~2 us a read."""
    return np.asarray(np.load(path, mmap_mode="r", allow_pickle=False))


def write_arrow(columns: Mapping[str, pa.Array], path: Path) -> None:
    """Write named columns of equal length as one uncompressed Arrow IPC file (mappable)."""
    table = pa.table(dict(columns))
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)


def read_arrow(path: Path) -> pa.Table:
    """The table of an Arrow IPC file, memory-mapped: columns read lazily, shared between
    processes through the page cache."""
    source = pa.memory_map(str(path), "r")
    return pa.ipc.open_file(source).read_all()
