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
from matcher.engine.build import (
    POSITION_ROLE,
    STUDENT_ROLE,
    position_summaries,
    stored_vectors,
    student_summaries,
)
from matcher.engine.snapshot import Engine
from matcher.engine.tables import (
    EnterpriseTable,
    build_position_table,
    build_student_table,
    skill_idf,
    skill_vocabulary,
)
from matcher.retrieval.index import VectorIndex
from matcher.retrieval.layered import LayeredIndex, LayeredLexical
from matcher.rules import ACCEPT_GRADE, APPLY_GRADE
from matcher.schemas import Enterprise
from matcher.store.database import Change, Store
from matcher.store.history import PairOutcomes, PopularityStats, pair_outcomes
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
        if f.name == "ids" and dead.any():
            import pyarrow.compute as pc

            no_id = pa.scalar(None, pa.large_string())
            values[f.name] = Strings(pc.if_else(pa.array(dead), no_id, a.arrow)).concat(b)
        elif isinstance(a, Strings | StringSets):
            values[f.name] = a.concat(b)
        elif sparse.issparse(a):
            values[f.name] = sparse.vstack([a, b], format="csr")
        elif isinstance(a, np.ndarray):
            values[f.name] = np.concatenate([a, b])
        else:
            values[f.name] = a
    if "is_open" in values:
        values["is_open"][: len(dead)][dead] = False
    return type(base)(**values)


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
            values[f.name] = a.concat(b).take(take)
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
                position_summaries(new_positions, list(by_id.values())), role=POSITION_ROLE
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
        stored_vectors(embedder.encode(student_summaries(new_students), role=STUDENT_ROLE))
        if new_students
        else np.empty((0, B.student_vectors.shape[1]), np.float16)
    )
    skills.save()

    # Indexes: the base's without the dead rows, plus the new rows.
    open_tail = np.flatnonzero(p_tail.is_open)
    position_index = LayeredIndex(
        B.position_index,
        _dead_mask(B.index_slots, p_dead, B.position_index.n_slots),
        VectorIndex([p_tail.ids[i] for i in open_tail], p_vec[open_tail], kind="flat")
        if open_tail.size
        else None,
    )
    student_index = LayeredIndex(
        B.student_index,
        _dead_mask(B.student_index_slots, s_dead, B.student_index.n_slots),
        VectorIndex(list(s_tail.ids), s_vec, kind="flat") if len(s_tail) else None,
    )
    position_lexical = LayeredLexical(
        B.position_lexical,
        _dead_mask(B.lexical_rows, p_dead, len(B.position_lexical)),
        list(p_tail.ids),
        list(p_tail.documents),
    )
    student_lexical = LayeredLexical(
        B.student_lexical,
        _dead_mask(B.student_lexical_rows, s_dead, len(B.student_lexical)),
        list(s_tail.ids),
        list(s_tail.documents),
    )

    # History: the changed pairs (and those of positions that changed hands) from their events.
    pairs_now = _pair_rows(store, pending.pairs)
    events_changed = _rows_of_pairs(B.pairs, pending.pairs)
    owners_changed = np.flatnonzero(B.pairs.position_ids.isin(moved))
    pairs = _pairs(B.pairs, pairs_now, events_changed)
    owner_now = {p: positions_now[p].enterprise_id if positions_now[p] else None
                 for p in position_ids}  # fmt: skip
    stats = _popularity(B, pairs_now, events_changed, owners_changed, owner_now)
    latest = str(pairs.first_seen.max()) if len(pairs.first_seen) else None

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
        skill_idf=skill_idf(
            positions,
            students,
            live_positions=_live(p_dead, len(positions)),
            live_students=_live(s_dead, len(students)),
        ),
        pairs=pairs,
        stats=stats,
        manifest=manifest,
    )
    views = engine.__dict__
    views["excluded"] = _hidden(B, pairs_now, pending.pairs)
    views["index_slots"] = np.concatenate(
        [
            np.where(p_dead, -1, B.index_slots),
            _tail_slots(len(p_tail), open_tail, B.position_index.n_slots),
        ]
    )
    views["lexical_rows"] = np.concatenate(
        [B.lexical_rows, len(B.position_lexical) + np.arange(len(p_tail))]
    )
    views["student_lexical_rows"] = np.concatenate(
        [B.student_lexical_rows, len(B.student_lexical) + np.arange(len(s_tail))]
    )
    views["student_index_slots"] = np.concatenate(
        [
            np.where(s_dead, -1, B.student_index_slots),
            B.student_index.n_slots + np.arange(len(s_tail)),
        ]
    )
    return engine


def _records(store: Store, kind: str, ids: Iterable[str]) -> dict[str, Any]:
    """The current record of each id (``None`` for one the store no longer has)."""
    return {i: store.get(kind, i) for i in sorted(ids)}


def _dead_rows(index: IdIndex, ids: Iterable[str], n: int) -> np.ndarray:
    """A mask of the base rows of ``ids``."""
    dead = np.zeros(n, dtype=bool)
    rows = index.rows(list(ids))
    dead[rows[rows >= 0]] = True
    return dead


def _dead_mask(places: np.ndarray, dead_rows: np.ndarray, n: int) -> np.ndarray:
    """A mask over an index's ``n`` slots (or rows) of the dead table rows, given each table
    row's place there (-1 for none)."""
    dead = np.zeros(n, dtype=bool)
    gone = places[dead_rows]
    dead[gone[gone >= 0]] = True
    return dead


def _live(dead: np.ndarray, rows: int) -> np.ndarray:
    """A mask of the live rows of a table of ``rows``: not a dead base row (tail rows live)."""
    return np.concatenate([~dead, np.ones(rows - len(dead), dtype=bool)])


def _tail_slots(n_tail: int, open_tail: np.ndarray, first: int) -> np.ndarray:
    """The slot of each tail row in the delta index (-1 for a closed one)."""
    slots = np.full(n_tail, -1, dtype=np.int64)
    slots[open_tail] = first + np.arange(open_tail.size)
    return slots


def _pair_rows(store: Store, pairs: set[tuple[str, str]]) -> PairOutcomes:
    """The graded rows of these pairs from their events now (a pair without events has none)."""
    if not pairs:
        return pair_outcomes([])
    students = sorted({s for s, _ in pairs})
    positions = sorted({p for _, p in pairs})
    events = store.interactions_of(student_ids=students, position_ids=positions)
    return pair_outcomes(e for e in events if (e.student_id, e.position_id) in pairs)


def _rows_of_pairs(pairs: PairOutcomes, wanted: set[tuple[str, str]]) -> np.ndarray:
    """Rows of ``pairs`` that are one of the ``wanted`` (student, position) pairs."""
    candidates = np.flatnonzero(pairs.student_ids.isin(s for s, _ in wanted))
    return np.asarray(
        [
            r
            for r, s, p in zip(
                candidates.tolist(),
                pairs.student_ids[candidates],
                pairs.position_ids[candidates],
                strict=True,
            )
            if (s, p) in wanted
        ],
        dtype=np.int64,
    )


def _pairs(base: PairOutcomes, now: PairOutcomes, changed_rows: np.ndarray) -> PairOutcomes:
    """The base's pairs without ``changed_rows``, then the changed pairs as they are now (those
    left without events are gone); order aside, :func:`~matcher.store.history.pair_outcomes` of
    the whole store."""
    if not changed_rows.size and not len(now.grade):
        return base
    keep = np.ones(len(base.grade), dtype=bool)
    keep[changed_rows] = False
    return base.take(np.flatnonzero(keep)).concat(now)


def _popularity(
    base: Engine,
    now: PairOutcomes,
    events_changed: np.ndarray,
    owners_changed: np.ndarray,
    owner_now: Mapping[str, str | None],
) -> PopularityStats:
    """The base's popularity counts, less the base rows of pairs whose events or whose
    position's owner changed, plus those pairs as they are now (``owner_now``: the current
    enterprise of every changed position, ``None`` for one gone)."""
    P, pairs = base.positions, base.pairs
    stats = PopularityStats(
        dict(base.stats.enterprise_exposed),
        dict(base.stats.enterprise_applied),
        dict(base.stats.enterprise_accepted),
        dict(base.stats.position_applied),
    )

    def owner_before(pid: str) -> str | None:
        row = P.index.get(pid)
        return None if row is None else base.enterprises.ids[P.enterprise[row]]

    def owner(pid: str) -> str | None:
        return owner_now[pid] if pid in owner_now else owner_before(pid)

    changed = np.union1d(events_changed, owners_changed).astype(np.int64)
    for pid, grade in zip(pairs.position_ids[changed], pairs.grade[changed].tolist(), strict=True):
        _count(stats, pid, owner_before(pid), grade, -1)
    moved_only = np.setdiff1d(owners_changed, events_changed).astype(np.int64)
    for pid, grade in zip(
        pairs.position_ids[moved_only], pairs.grade[moved_only].tolist(), strict=True
    ):
        _count(stats, pid, owner(pid), grade, +1)
    for pid, grade in zip(now.position_ids, now.grade.tolist(), strict=True):
        _count(stats, pid, owner(pid), grade, +1)
    return stats


def _hidden(
    base: Engine, now: PairOutcomes, changed: set[tuple[str, str]]
) -> Mapping[str, set[str]]:
    """The positions each student's events hide: the base's, with the changed pairs' now."""
    hidden: dict[str, set[str] | None] = {}
    shown_now = {
        (s, p) for s, p, h in zip(now.student_ids, now.position_ids, now.hidden, strict=True) if h
    }
    for student in {s for s, _ in changed}:
        mine = {p for s, p in changed if s == student}
        keep = set(base.excluded.get(student, ())) - mine
        hidden[student] = (keep | {p for p in mine if (student, p) in shown_now}) or None
    return _Overlay(base.excluded, hidden)


def _count(stats: PopularityStats, pid: str, eid: str | None, grade: int, sign: int) -> None:
    """Add (``sign`` +1) or take away (-1) one pair's part of the popularity counts."""
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
