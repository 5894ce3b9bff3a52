"""Tables of columns on disk without pickle: arrays in one ``.npz``, text and small maps in JSON.

A folder of models that came from elsewhere cannot run code when it is loaded: numpy reads the
arrays with ``allow_pickle=False`` and everything else is JSON. Any dataclass whose fields are
numpy arrays, sparse matrices, lists of strings (or of string sets) and dicts of plain values
can be saved; fields declared with ``init=False`` are derived and rebuilt on load.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from matcher.files import atomic_file, write_atomic

ARRAYS = "tables.npz"
TEXT = "tables.json"


def _kind(value: Any) -> str:
    if isinstance(value, np.ndarray):
        if value.dtype == object:
            raise TypeError("object arrays would need pickle")
        return "array"
    if sparse.issparse(value):
        return "csr"
    if isinstance(value, list) and value and all(isinstance(v, frozenset) for v in value):
        return "sets"
    if isinstance(value, list | dict):
        return "json"
    raise TypeError(f"cannot save a {type(value).__name__} without pickle")


def save_columns(objects: Mapping[str, Any], directory: Path) -> list[str]:
    """Write each named dataclass of columns into ``directory``; return the files' names."""
    arrays: dict[str, np.ndarray] = {}
    text: dict[str, dict[str, Any]] = {}
    for name, obj in objects.items():
        kinds: dict[str, str] = {}
        values: dict[str, Any] = {}
        for f in dataclasses.fields(obj):
            if not f.init:
                continue
            value, key = getattr(obj, f.name), f"{name}.{f.name}"
            kind = kinds[f.name] = _kind(value)
            if kind == "array":
                arrays[key] = value
            elif kind == "csr":
                m = value.tocsr()
                arrays[f"{key}.data"], arrays[f"{key}.indices"] = m.data, m.indices
                arrays[f"{key}.indptr"] = m.indptr
                arrays[f"{key}.shape"] = np.asarray(m.shape, dtype=np.int64)
            elif kind == "sets":
                values[f.name] = [sorted(v) for v in value]
            else:
                values[f.name] = value
        text[name] = {"kinds": kinds, "values": values}
    with atomic_file(directory / ARRAYS) as fh:
        np.savez(fh, **arrays)
    write_atomic(directory / TEXT, json.dumps(text, ensure_ascii=False))
    return [ARRAYS, TEXT]


def load_columns(directory: Path, classes: Mapping[str, type]) -> dict[str, Any]:
    """The dataclasses :func:`save_columns` wrote, by name (``ValueError`` when inconsistent)."""
    text = json.loads((directory / TEXT).read_text(encoding="utf-8"))
    out: dict[str, Any] = {}
    with np.load(directory / ARRAYS, allow_pickle=False) as arrays:
        for name, cls in classes.items():
            if name not in text:
                raise ValueError(f"{directory / TEXT} has no table {name!r}")
            kinds, values = text[name]["kinds"], text[name]["values"]
            kwargs: dict[str, Any] = {}
            for f in dataclasses.fields(cls):
                if not f.init:
                    continue
                kind, key = kinds.get(f.name), f"{name}.{f.name}"
                if kind == "array":
                    kwargs[f.name] = arrays[key]
                elif kind == "csr":
                    shape = tuple(int(x) for x in arrays[f"{key}.shape"])
                    parts = (arrays[f"{key}.data"], arrays[f"{key}.indices"])
                    kwargs[f.name] = sparse.csr_matrix(
                        (*parts, arrays[f"{key}.indptr"]), shape=shape
                    )
                elif kind == "sets":
                    kwargs[f.name] = [frozenset(v) for v in values[f.name]]
                elif kind == "json":
                    kwargs[f.name] = values[f.name]
                else:
                    raise ValueError(f"{directory}: table {name!r} lacks the field {f.name!r}")
            out[name] = cls(**kwargs)
    return out
