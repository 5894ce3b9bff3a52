"""Tables of columns on disk without pickle, memory-mapped when read back.

A folder of models that came from elsewhere cannot run code when it is loaded, and N server
processes on one machine should share one copy of it. So every numpy array is its own ``.npy``
(read with ``mmap_mode="r"`` and ``allow_pickle=False``), a sparse matrix is its three arrays,
the text columns of a table are one Arrow IPC file (:mod:`matcher.columnar`, mapped zero-copy)
and small maps are JSON. Any dataclass whose fields are numpy arrays, sparse matrices,
:class:`~matcher.columnar.Strings`, :class:`~matcher.columnar.StringSets` and dicts of plain
values can be saved. A table with an ``ids`` column also saves its sort order, so its
:class:`~matcher.columnar.IdIndex` costs nothing to load.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from matcher.columnar import IdIndex, Strings, StringSets, map_array, read_arrow, write_arrow
from matcher.files import atomic_file, write_atomic

TEXT = "tables.json"


def _kind(value: Any) -> str:
    if isinstance(value, np.ndarray):
        if value.dtype == object:
            raise TypeError("object arrays would need pickle")
        return "array"
    if sparse.issparse(value):
        return "csr"
    if isinstance(value, Strings):
        return "strings"
    if isinstance(value, StringSets):
        return "sets"
    if isinstance(value, list | dict):
        return "json"
    raise TypeError(f"cannot save a {type(value).__name__} without pickle")


def _save_array(directory: Path, name: str, array: np.ndarray, files: list[str]) -> None:
    with atomic_file(directory / name) as fh:
        np.save(fh, np.ascontiguousarray(array), allow_pickle=False)
    files.append(name)


def save_columns(objects: Mapping[str, Any], directory: Path) -> list[str]:
    """Write each named dataclass of columns into ``directory``; return the files' names."""
    files: list[str] = []
    text: dict[str, dict[str, Any]] = {}
    for name, obj in objects.items():
        kinds: dict[str, str] = {}
        values: dict[str, Any] = {}
        arrow: dict[str, Any] = {}
        for f in dataclasses.fields(obj):
            if not f.init:
                continue
            value, key = getattr(obj, f.name), f"{name}.{f.name}"
            kind = kinds[f.name] = _kind(value)
            if kind == "array":
                _save_array(directory, f"{key}.npy", value, files)
            elif kind == "csr":
                m = value.tocsr()
                for part in ("data", "indices", "indptr"):
                    _save_array(directory, f"{key}.{part}.npy", getattr(m, part), files)
                values[f.name] = {"shape": [int(x) for x in m.shape]}
            elif kind in ("strings", "sets"):
                arrow[f.name] = value.arrow
            else:
                values[f.name] = value
        if arrow:
            write_arrow(arrow, directory / f"{name}.arrow")
            files.append(f"{name}.arrow")
        if isinstance(getattr(obj, "ids", None), Strings):
            _save_array(directory, f"{name}.ids.order.npy", obj.index.order, files)
        text[name] = {"kinds": kinds, "values": values}
    write_atomic(directory / TEXT, json.dumps(text, ensure_ascii=False))
    return [*files, TEXT]


def load_columns(directory: Path, classes: Mapping[str, type]) -> dict[str, Any]:
    """The dataclasses :func:`save_columns` wrote, by name (``ValueError`` when inconsistent).

    Arrays are memory-mapped read-only: a change makes a new array (copy on write).
    """
    text = json.loads((directory / TEXT).read_text(encoding="utf-8"))
    out: dict[str, Any] = {}
    for name, cls in classes.items():
        if name not in text:
            raise ValueError(f"{directory / TEXT} has no table {name!r}")
        kinds, values = text[name]["kinds"], text[name]["values"]
        arrow = None
        if any(k in ("strings", "sets") for k in kinds.values()):
            arrow = read_arrow(directory / f"{name}.arrow")
        kwargs: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if not f.init:
                continue
            kind, key = kinds.get(f.name), f"{name}.{f.name}"
            if kind == "array":
                kwargs[f.name] = map_array(directory / f"{key}.npy")
            elif kind == "csr":
                shape = tuple(values[f.name]["shape"])
                parts = [map_array(directory / f"{key}.{p}.npy") for p in ("data", "indices")]
                indptr = map_array(directory / f"{key}.indptr.npy")
                kwargs[f.name] = sparse.csr_matrix((*parts, indptr), shape=shape, copy=False)
            elif kind == "strings" and arrow is not None:
                kwargs[f.name] = Strings(arrow.column(f.name))
            elif kind == "sets" and arrow is not None:
                kwargs[f.name] = StringSets(arrow.column(f.name))
            elif kind == "json":
                kwargs[f.name] = values[f.name]
            else:
                raise ValueError(f"{directory}: table {name!r} lacks the field {f.name!r}")
        obj = cls(**kwargs)
        order = directory / f"{name}.ids.order.npy"
        if isinstance(getattr(obj, "ids", None), Strings) and order.exists():
            index = IdIndex(obj.ids, map_array(directory / order.name))
            obj.__dict__["index"] = index  # the cached property, filled from the saved order
        out[name] = obj
    return out
