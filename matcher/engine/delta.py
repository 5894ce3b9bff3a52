"""Incremental freshness: a published version plus the records written since, without a rebuild.

A version on disk (the base) stays as it was saved, memory-mapped. The records the store's
change feed (:meth:`~matcher.store.database.Store.changes_since`) names since the base was built
are read again and derived as a build derives them (documents, canonical skills, embeddings
through the embedding cache) into rows appended to the base's tables; the base rows they
replace are tombstoned: closed, left out of the vector and lexical indexes
(:mod:`matcher.retrieval.layered`), and unknown to the tables' id index. Popularity, hidden
positions and the clock are adjusted pair by pair. The result answers as a new build from the
same store would (a test compares them), at the cost of the changed records only; a full
rebuild folds the rows back in once they pass a threshold (:mod:`matcher.serving`).

The engine of :func:`updated_engine` depends only on the base and the store: every process
following one store computes the same one.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
from scipy import sparse

from matcher.columnar import IdIndex, Strings, StringSets
from matcher.engine.build import POSITION_ROLE, STUDENT_ROLE, stored_vectors
from matcher.engine.snapshot import Engine
from matcher.engine.tables import (
    EnterpriseTable,
    build_position_table,
    build_student_table,
    skill_vocabulary,
)
from matcher.retrieval.index import VectorIndex
from matcher.retrieval.layered import LayeredIndex, LayeredLexical
from matcher.rules import APPLY_GRADE
from matcher.schemas import Enterprise
from matcher.store.database import Change, Store
from matcher.store.history import PairOutcomes, PopularityStats, pair_outcomes
from matcher.text.documents import position_summary, student_summary
from matcher.text.skillcache import SkillCache

logger = logging.getLogger(__name__)


@dataclass
class Pending:
    """What the store changed since a base version: record ids by kind, and pairs."""

    generation: int
    students: set[str] = field(default_factory=set)
    positions: set[str] = field(default_factory=set)
    enterprises: set[str] = field(default_factory=set)
    pairs: set[tuple[str, str]] = field(default_factory=set)

    def add(self, changes: Iterable[Change]) -> None:
        """Take in the feed's rows (in generation order)."""
        for change in changes:
            if change.kind == "interactions":
                self.pairs.add((change.record_id, change.position_id or ""))
            else:
                getattr(self, change.kind).add(change.record_id)
            self.generation = max(self.generation, change.generation)

    @property
    def records(self) -> int:
        """Records changed (pairs not counted)."""
        return len(self.students) + len(self.positions) + len(self.enterprises)


# -- columns ------------------------------------------------------------------------------------


class StackedRows:
    """Rows of a base array followed by a few more, read without copying the base.

    Supports what the matcher reads of an engine's vectors: ``len``, ``shape``, ``dtype`` and
    row selection by an index, a slice or an array of rows.
    """

    def __init__(self, base: np.ndarray, tail: np.ndarray) -> None:
        self.base, self.tail = base, np.asarray(tail, dtype=base.dtype)
        self.shape = (base.shape[0] + self.tail.shape[0], *base.shape[1:])
        self.dtype = base.dtype

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, key: Any) -> np.ndarray:
        nb = self.base.shape[0]
        if isinstance(key, slice):
            key = np.arange(*key.indices(self.shape[0]))
        rows = np.asarray(key)
        if rows.ndim == 0:
            r = int(rows)
            r = r + self.shape[0] if r < 0 else r
            return self.base[r] if r < nb else self.tail[r - nb]
        rows = rows.astype(np.int64)
        out = np.empty((rows.size, *self.shape[1:]), dtype=self.dtype)
        low = rows < nb
        out[low] = self.base[rows[low]]
        out[~low] = self.tail[rows[~low] - nb]
        return out


def _appended(base: Any, tail: Any, dead: np.ndarray) -> Any:
    """A table of ``base``'s rows then ``tail``'s; the ``dead`` base rows lose their id (null)
    and are closed, where the table has ``is_open``."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(base):
        if not f.init:
            continue
        a, b = getattr(base, f.name), getattr(tail, f.name)
        if isinstance(a, Strings):
            first = a.arrow
            if f.name == "ids" and dead.any():
                import pyarrow.compute as pc

                first = pc.if_else(pa.array(dead), pa.scalar(None, pa.large_string()), first)
            values[f.name] = Strings(pa.chunked_array([*_chunks(first), *_chunks(b.arrow)]))
        elif isinstance(a, StringSets):
            values[f.name] = StringSets(pa.chunked_array([*_chunks(a.arrow), *_chunks(b.arrow)]))
        elif sparse.issparse(a):
            values[f.name] = sparse.vstack([a, b], format="csr")
        elif isinstance(a, np.ndarray):
            values[f.name] = np.concatenate([a, b])
        else:
            values[f.name] = a
    if "is_open" in values:
        values["is_open"][: len(dead)][dead] = False
    return type(base)(**values)


def _chunks(array: pa.Array | pa.ChunkedArray) -> list[pa.Array]:
    return list(array.chunks) if isinstance(array, pa.ChunkedArray) else [array]


def _replaced(base: EnterpriseTable, records: Sequence[Enterprise]) -> EnterpriseTable:
    """The enterprise table with these records' rows replaced, or appended when new (small:
    copied whole)."""
    tail = EnterpriseTable.build(list(records))
    n = len(base.ids)
    take = np.arange(n + len(records))
    keep_new = []
    for j, e in enumerate(records):
        row = base.index.get(e.id)
        if row is None:
            keep_new.append(n + j)
        else:
            take[row] = n + j
    take = np.concatenate([take[:n], np.asarray(keep_new, dtype=np.int64)])
    values: dict[str, Any] = {}
    for f in dataclasses.fields(base):
        a, b = getattr(base, f.name), getattr(tail, f.name)
        if isinstance(a, Strings):
            both = pa.chunked_array([*_chunks(a.arrow), *_chunks(b.arrow)])
            values[f.name] = Strings(both.take(pa.array(take)))
        else:
            values[f.name] = np.concatenate([a, b])[take]
    return EnterpriseTable(**values)


class _Overlay(Mapping[str, Any]):
    """``base`` with some keys' values replaced (a value of ``None`` removes the key)."""

    def __init__(self, base: Mapping[str, Any], changed: Mapping[str, Any]) -> None:
        self._base, self._changed = base, changed

    def __getitem__(self, key: str) -> Any:
        if key in self._changed:
            value = self._changed[key]
            if value is None:
                raise KeyError(key)
            return value
        return self._base[key]

    def __iter__(self) -> Iterator[str]:
        yield from (k for k in self._base if k not in self._changed)
        yield from (k for k, v in self._changed.items() if v is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)


# -- the engine ---------------------------------------------------------------------------------


def updated_engine(
    base: Engine, pending: Pending, store: Store, embedder: Any, *, skills: SkillCache
) -> Engine:
    """``base`` (a loaded version) with ``pending``'s changes, as the store has them now."""
    tax = base.taxonomy
    vocab = skill_vocabulary(tax)
    B = base
    # Enterprises: replaced in place (their table is small); their positions change with them.
    ent_records = _records(store, "enterprises", pending.enterprises)
    enterprises = _replaced(B.enterprises, [e for e in ent_records.values() if e is not None])
    changed_rows = {B.enterprises.index.get(e) for e in pending.enterprises} - {None}
    moved = {
        B.positions.ids[r]
        for r in np.flatnonzero(np.isin(B.positions.enterprise, list(changed_rows))).tolist()
    }
    position_ids = pending.positions | moved
    positions_now = _records(store, "positions", position_ids)
    students_now = _records(store, "students", pending.students)

    # Positions: rows appended for the changed ones, their base rows dead.
    new_positions = [p for p in positions_now.values() if p is not None]
    owners = _records(store, "enterprises", {p.enterprise_id for p in new_positions})
    by_id = {e.id: e for e in owners.values() if e is not None}
    p_tail = build_position_table(new_positions, list(by_id.values()), tax, vocab, skills=skills)
    p_tail.enterprise = enterprises.index.rows([p.enterprise_id for p in new_positions]).astype(
        np.int32
    )
    p_dead = _dead_rows(B.positions.index, position_ids, len(B.positions))
    positions = _appended(B.positions, p_tail, p_dead)
    p_vec = (
        stored_vectors(
            embedder.encode(
                [position_summary(p, by_id.get(p.enterprise_id)) for p in new_positions],
                role=POSITION_ROLE,
            )
        )
        if new_positions
        else np.empty((0, B.position_vectors.shape[1]), np.float16)
    )

    new_students = [s for s in students_now.values() if s is not None]
    s_tail = build_student_table(new_students, tax, vocab, skills=skills)
    s_dead = _dead_rows(B.students.index, pending.students, len(B.students))
    students = _appended(B.students, s_tail, s_dead)
    s_vec = (
        stored_vectors(
            embedder.encode([student_summary(s) for s in new_students], role=STUDENT_ROLE)
        )
        if new_students
        else np.empty((0, B.student_vectors.shape[1]), np.float16)
    )
    skills.save()

    # Indexes: the base's without the dead rows, plus the new rows.
    open_tail = np.flatnonzero(p_tail.is_open)
    position_index = LayeredIndex(
        B.position_index,
        _dead_slots(B.index_slots, p_dead, B.position_index.n_slots),
        VectorIndex([p_tail.ids[i] for i in open_tail], p_vec[open_tail], kind="flat")
        if open_tail.size
        else None,
    )
    student_slots = B.student_index.slots(B.students.ids)
    student_index = LayeredIndex(
        B.student_index,
        _dead_slots(student_slots, s_dead, B.student_index.n_slots),
        VectorIndex(list(s_tail.ids), s_vec, kind="flat") if len(s_tail) else None,
    )
    position_lexical = LayeredLexical(
        _base_of(B.position_lexical),
        _dead_lexical(B.lexical_rows, p_dead, len(_base_of(B.position_lexical))),
        list(p_tail.ids),
        list(p_tail.documents),
    )
    student_lexical = LayeredLexical(
        _base_of(B.student_lexical),
        _dead_lexical(B.student_lexical_rows, s_dead, len(_base_of(B.student_lexical))),
        list(s_tail.ids),
        list(s_tail.documents),
    )

    # History: the changed pairs recomputed from their events.
    pairs_now = _pair_rows(store, pending.pairs)
    owner_now = {p.id: p.enterprise_id for p in new_positions}
    stats, excluded, latest = _history(B, pairs_now, owner_now, moved)

    manifest = {
        **B.manifest,
        "store_generation": pending.generation,
        "latest_event": latest,
        "counts": {
            **B.manifest.get("counts", {}),
            "positions": int(len(positions) - p_dead.sum()),
            "students": int(len(students) - s_dead.sum()),
            "enterprises": len(enterprises.ids),
        },
        "delta": {"since": B.manifest.get("store_generation"), "records": pending.records},
    }
    engine = dataclasses.replace(
        B,
        students=students,
        positions=positions,
        enterprises=enterprises,
        student_vectors=StackedRows(B.student_vectors, s_vec),
        position_vectors=StackedRows(B.position_vectors, p_vec),
        student_index=student_index,
        position_index=position_index,
        student_lexical=student_lexical,
        position_lexical=position_lexical,
        skill_idf=_skill_idf(B, positions, students, p_dead, s_dead),
        pairs=_pairs(B.pairs, pairs_now, pending.pairs),
        stats=stats,
        manifest=manifest,
    )
    nb_stu = len(B.students)
    views = engine.__dict__
    views["excluded"] = excluded
    views["index_slots"] = np.concatenate(
        [
            np.where(p_dead, -1, B.index_slots),
            _tail_slots(len(p_tail), open_tail, B.position_index.n_slots),
        ]
    )
    views["lexical_rows"] = np.concatenate(
        [B.lexical_rows, len(_base_of(B.position_lexical)) + np.arange(len(p_tail))]
    )
    views["student_lexical_rows"] = np.concatenate(
        [B.student_lexical_rows, len(_base_of(B.student_lexical)) + np.arange(len(s_tail))]
    )
    s_slots = np.concatenate(
        [
            np.where(s_dead, -1, student_slots),
            B.student_index.n_slots + np.arange(len(s_tail)),
        ]
    )
    slot_rows = np.full(student_index.n_slots, nb_stu + len(s_tail), dtype=np.int64)
    slot_rows[s_slots[s_slots >= 0]] = np.flatnonzero(s_slots >= 0)
    views["student_slot_rows"] = slot_rows
    return engine


def _base_of(index: Any) -> Any:
    """The saved lexical index under a layered one (a base engine holds the saved one)."""
    return index.base if isinstance(index, LayeredLexical) else index


def _records(store: Store, kind: str, ids: Iterable[str]) -> dict[str, Any]:
    """The current record of each id (``None`` for one the store no longer has)."""
    return {i: store.get(kind, i) for i in sorted(ids)}


def _dead_rows(index: IdIndex, ids: Iterable[str], n: int) -> np.ndarray:
    """A mask of the base rows of ``ids``."""
    dead = np.zeros(n, dtype=bool)
    rows = index.rows(list(ids))
    dead[rows[rows >= 0]] = True
    return dead


def _dead_slots(slots: np.ndarray, dead_rows: np.ndarray, n_slots: int) -> np.ndarray:
    """A mask of the index slots of the dead rows."""
    dead = np.zeros(n_slots, dtype=bool)
    gone = slots[dead_rows]
    dead[gone[gone >= 0]] = True
    return dead


def _dead_lexical(rows: np.ndarray, dead_rows: np.ndarray, n: int) -> np.ndarray:
    """A mask of the lexical rows of the dead table rows."""
    dead = np.zeros(n, dtype=bool)
    dead[rows[dead_rows]] = True
    return dead


def _tail_slots(n_tail: int, open_tail: np.ndarray, first: int) -> np.ndarray:
    """The slot of each tail row in the delta index (-1 for a closed one)."""
    slots = np.full(n_tail, -1, dtype=np.int64)
    slots[open_tail] = first + np.arange(open_tail.size)
    return slots


def _skill_idf(
    base: Engine, positions: Any, students: Any, p_dead: np.ndarray, s_dead: np.ndarray
) -> np.ndarray:
    """:func:`~matcher.engine.tables.skill_idf` over the live rows."""

    def df(matrix: sparse.csr_matrix, live: np.ndarray) -> np.ndarray:
        return np.asarray((matrix[np.flatnonzero(live)] > 0).sum(axis=0)).ravel()

    p_live = np.concatenate([~p_dead, np.ones(len(positions) - len(p_dead), dtype=bool)])
    s_live = np.concatenate([~s_dead, np.ones(len(students) - len(s_dead), dtype=bool)])
    counts = df(positions.mentioned, p_live) + df(students.skills, s_live)
    n = int(p_live.sum() + s_live.sum())
    return np.log1p((n + 1) / (counts + 1)).astype(np.float32)


def _pair_rows(store: Store, pairs: set[tuple[str, str]]) -> PairOutcomes:
    """The graded rows of these pairs from their events now (a pair without events has none)."""
    if not pairs:
        return pair_outcomes([])
    students = sorted({s for s, _ in pairs})
    positions = sorted({p for _, p in pairs})
    events = store.interactions_of(student_ids=students, position_ids=positions)
    return pair_outcomes(e for e in events if (e.student_id, e.position_id) in pairs)


def _pairs(base: PairOutcomes, now: PairOutcomes, changed: set[tuple[str, str]]) -> PairOutcomes:
    """The base's pairs with the changed ones as they are now (those left without events go);
    order aside, what :func:`~matcher.store.history.pair_outcomes` gives for the whole store."""
    if not changed:
        return base
    keep = np.asarray(
        [(s, p) not in changed for s, p in zip(base.student_ids, base.position_ids, strict=True)],
        dtype=bool,
    )
    rows = np.flatnonzero(keep)
    return PairOutcomes(
        student_ids=base.student_ids.take(rows).concat(now.student_ids),
        position_ids=base.position_ids.take(rows).concat(now.position_ids),
        grade=np.concatenate([base.grade[rows], now.grade]),
        first_seen=np.concatenate([base.first_seen[rows], now.first_seen]),
        semester=base.semester.take(rows).concat(now.semester),
        dismissed=np.concatenate([base.dismissed[rows], now.dismissed]),
        hidden=np.concatenate([base.hidden[rows], now.hidden]),
    )


def _history(
    base: Engine, pairs_now: PairOutcomes, owner_now: dict[str, str], moved: set[str]
) -> tuple[PopularityStats, Mapping[str, set[str]], str | None]:
    """Popularity, hidden positions and the latest event with the changed pairs."""
    P, pairs = base.positions, base.pairs
    stats = PopularityStats(
        dict(base.stats.enterprise_exposed),
        dict(base.stats.enterprise_applied),
        dict(base.stats.enterprise_accepted),
        dict(base.stats.position_applied),
    )
    changed_keys = set(zip(pairs_now.student_ids, pairs_now.position_ids, strict=True))
    touched = {(s, p) for s, p in changed_keys}
    # Every pair whose own events changed, and every pair of a position that changed hands.
    rows = (
        [
            i
            for i, (s, p) in enumerate(zip(pairs.student_ids, pairs.position_ids, strict=True))
            if (s, p) in touched or p in moved
        ]
        if touched or moved
        else []
    )
    for i in rows:
        pid = pairs.position_ids[i]
        row = P.index.get(pid)
        eid = base.enterprises.ids[P.enterprise[row]] if row is not None else None
        _count(stats, pid, eid, int(pairs.grade[i]), -1)
    for i in rows:  # pairs of moved positions come back with their new owner
        s, p = pairs.student_ids[i], pairs.position_ids[i]
        if (s, p) not in changed_keys:
            _count(stats, p, owner_now.get(p), int(pairs.grade[i]), +1)
    for p, g in zip(pairs_now.position_ids, pairs_now.grade.tolist(), strict=True):
        row = P.index.get(p)
        before = base.enterprises.ids[P.enterprise[row]] if row is not None else None
        _count(stats, p, owner_now.get(p) or before, g, +1)
    hidden: dict[str, set[str] | None] = {}
    for s in {s for s, _ in touched}:
        now = set(base.excluded.get(s, ()))
        now -= {p for (t, p) in touched if t == s}
        now |= {
            p
            for t, p, h in zip(
                pairs_now.student_ids, pairs_now.position_ids, pairs_now.hidden, strict=True
            )
            if t == s and h
        }
        hidden[s] = now or None
    # The newest first event, with the changed pairs' as they are now.
    kept = np.ones(len(pairs.grade), dtype=bool)
    kept[[i for i in rows if (pairs.student_ids[i], pairs.position_ids[i]) in touched]] = False
    firsts = [pairs.first_seen[kept], pairs_now.first_seen]
    seen = np.concatenate(firsts) if any(len(f) for f in firsts) else np.empty(0, "datetime64[s]")
    latest = str(seen.max()) if len(seen) else None
    return stats, _Overlay(base.excluded, hidden), latest


def _count(stats: PopularityStats, pid: str, eid: str | None, grade: int, sign: int) -> None:
    """Add (``sign`` +1) or take away (-1) one pair's part of the popularity counts."""
    from matcher.rules import ACCEPT_GRADE

    if eid is None:
        return

    def bump(counts: dict[str, int], key: str) -> None:
        value = counts.get(key, 0) + sign
        if value:
            counts[key] = value
        else:
            counts.pop(key, None)

    bump(stats.enterprise_exposed, eid)
    if grade >= APPLY_GRADE:
        bump(stats.enterprise_applied, eid)
        bump(stats.position_applied, pid)
    if grade >= ACCEPT_GRADE:
        bump(stats.enterprise_accepted, eid)
