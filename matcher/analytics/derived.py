"""Columns the analytics derive once per served engine, not once per request.

An engine's pairs and tables never change in place (a write is served by a new engine), so
what is computed from them alone is kept in :attr:`matcher.engine.snapshot.Engine.derived`:
each position's first application and filling, and each pair's (student, enterprise)
combination, which lets a request count distinct students per enterprise with one pass over
a boolean column instead of hashing millions of keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from matcher.engine.snapshot import Engine


def derived(engine: Engine, name: str, make: Callable[[], Any]) -> Any:
    """``engine``'s column ``name``, made by ``make`` the first time it is asked for."""
    found = engine.derived.get(name)
    if found is None:
        found = engine.derived[name] = make()
    return found


def _first_per_row(
    rows: np.ndarray, times: np.ndarray, n: int, rank: np.ndarray | None
) -> np.ndarray:
    """The earliest time per row (``rank``: the k-th per row instead, k given per row)."""
    out = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    if not rows.size:
        return out
    order = np.lexsort((times, rows))
    rows, times = rows[order], times[order]
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    if rank is None:
        out[rows[starts]] = times[starts]
        return out
    place = np.arange(rows.size) - np.repeat(starts, np.diff(np.r_[starts, rows.size]))
    hit = place == rank[rows]
    out[rows[hit]] = times[hit]
    return out


def first_applications(engine: Engine) -> np.ndarray:
    """Each position's first application (datetime64[s], NaT when none)."""

    def make() -> np.ndarray:
        P = engine.pairs
        _, p_row = engine.pair_rows
        applied = ~np.isnat(P.applied_at) & (p_row >= 0)
        return _first_per_row(p_row[applied], P.applied_at[applied], len(engine.positions), None)

    return derived(engine, "first_applications", make)  # type: ignore[no-any-return]


def fill_times(engine: Engine) -> np.ndarray:
    """Each position's filling: the time of the placement that took its last opening
    (datetime64[s], NaT while not filled)."""

    def make() -> np.ndarray:
        P, T = engine.pairs, engine.positions
        _, p_row = engine.pair_rows
        placed = ~np.isnat(P.placed_at) & (p_row >= 0)
        last = np.maximum(np.asarray(T.openings, np.int64), 1) - 1
        return _first_per_row(p_row[placed], P.placed_at[placed], len(T), last)

    return derived(engine, "fill_times", make)  # type: ignore[no-any-return]


def student_enterprise(engine: Engine) -> tuple[np.ndarray, np.ndarray]:
    """Each pair's (student, enterprise) combination as a number (-1 for a pair of a record
    gone), and the enterprise row of each combination."""

    def make() -> tuple[np.ndarray, np.ndarray]:
        s_row, p_row = engine.pair_rows
        live = (s_row >= 0) & (p_row >= 0)
        ent = engine.positions.enterprise[np.where(live, p_row, 0)].astype(np.int64)
        key = np.where(live, ent * max(len(engine.students), 1) + s_row, -1)
        encoded = pc.dictionary_encode(pa.array(key))
        ids = np.asarray(encoded.indices.to_numpy(zero_copy_only=False), np.int64)
        keys = np.asarray(encoded.dictionary.to_numpy(zero_copy_only=False), np.int64)
        ids = np.where(live, ids, -1)
        return ids, np.where(keys >= 0, keys // max(len(engine.students), 1), -1)

    return derived(engine, "student_enterprise", make)  # type: ignore[no-any-return]


def students_per_enterprise(engine: Engine, pairs: np.ndarray) -> np.ndarray:
    """Distinct students per enterprise row among the pairs of the mask ``pairs``."""
    ids, ent_of = student_enterprise(engine)
    seen = np.zeros(ent_of.size, dtype=bool)
    chosen = ids[pairs]
    seen[chosen[chosen >= 0]] = True
    return np.bincount(ent_of[seen], minlength=len(engine.enterprises.ids))


def position_reach(engine: Engine) -> tuple[np.ndarray, np.ndarray]:
    """Per position, the students it was shown to and those who viewed it (or went further)."""

    def make() -> tuple[np.ndarray, np.ndarray]:
        stage = engine.pairs.stage
        _, p_row = engine.pair_rows
        live, n = p_row >= 0, len(engine.positions)
        shown = np.bincount(p_row[live & (stage >= 1)], minlength=n)
        return shown, np.bincount(p_row[live & (stage >= 2)], minlength=n)

    return derived(engine, "position_reach", make)  # type: ignore[no-any-return]
