"""The engine: the loaded state of one version, and the views requests derive from it.

An :class:`Engine` holds what one store snapshot derives (tables, vectors, indexes, history,
and the ranker when one is trained). A served engine never changes: a change publishes a new
one. What a request needs that the engine alone determines (the skill matrix column-major, the
map from index slots to rows, the masks of open positions per day and degree, …) is declared
here as a view, made on first use (:func:`matcher.recommend.warm_up` makes them before an
engine serves) and kept for the engine's life.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from matcher.columnar import IdIndex, Strings
from matcher.engine.tables import EnterpriseTable, PositionTable, StudentTable
from matcher.retrieval.index import VectorIndex
from matcher.retrieval.lexical import LexicalIndex
from matcher.rules import hidden_positions
from matcher.store.history import PairOutcomes, PopularityStats
from matcher.text.taxonomy import Taxonomy

logger = logging.getLogger(__name__)

#: Open masks kept per engine before the oldest days are forgotten.
MASK_CACHE = 64


@dataclass(eq=False)
class Engine:
    """Tables, vectors, indexes, history and (when trained) a ranker of one version."""

    students: StudentTable
    positions: PositionTable
    enterprises: EnterpriseTable
    student_vectors: np.ndarray
    position_vectors: np.ndarray
    student_index: VectorIndex
    position_index: VectorIndex
    student_lexical: LexicalIndex
    position_lexical: LexicalIndex
    skill_idf: np.ndarray
    pairs: PairOutcomes
    stats: PopularityStats
    taxonomy: Taxonomy
    manifest: dict[str, Any] = field(default_factory=dict)
    directory: Path | None = None
    ranker: Any = None  # a fitted matcher.ranking.ranker model, when trained
    _open_masks: dict[Any, Any] = field(default_factory=dict, init=False, repr=False)
    #: Columns other modules derive from this version once, by name (the analytics' per-pair
    #: and per-position columns); a new version, or an engine updated by writes, starts empty.
    derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False)

    @property
    def clock(self) -> np.datetime64:
        """Time of the latest event in the snapshot (the recommendation clock by default)."""
        if len(self.pairs.first_seen) == 0:
            return np.datetime64("today", "D")
        return np.datetime64(self.manifest.get("latest_event") or self.pairs.first_seen.max(), "D")

    # -- views of the history --------------------------------------------------------------

    @cached_property
    def excluded(self) -> dict[str, set[str]]:
        """Per student, the positions the snapshot's events hide (:func:`~matcher.rules.hides`)."""
        return hidden_positions(self.pairs)

    @cached_property
    def pair_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """Row of each pair's student and of its position in this version's tables (``-1`` when
        the record is gone), found once per engine by a hash join of the id columns."""
        import pyarrow as pa
        import pyarrow.compute as pc

        def rows(ids: Strings, table_ids: Strings) -> np.ndarray:
            value_set = table_ids.arrow
            if isinstance(value_set, pa.ChunkedArray):
                value_set = value_set.combine_chunks()
            found = pc.index_in(ids.arrow, value_set=value_set)
            return np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), np.int64)

        return (
            rows(self.pairs.student_ids, self.students.ids),
            rows(self.pairs.position_ids, self.positions.ids),
        )

    # -- views of the position side --------------------------------------------------------

    @cached_property
    def position_skills(self) -> sparse.csr_matrix:
        """Required plus mentioned skills of every position (positions × skills)."""
        return (self.positions.required + self.positions.mentioned).tocsr()

    @cached_property
    def position_skill_columns(self) -> sparse.csc_matrix:
        """:attr:`position_skills` column-major, for the skill channel."""
        return self.position_skills.tocsc()

    @cached_property
    def skill_ids(self) -> list[str]:
        """Canonical skill id of each column of the skill matrices."""
        return list(self.taxonomy.skills)

    @cached_property
    def lexical_rows(self) -> np.ndarray:
        """Row of each position (table order) in the position lexical index."""
        return self.position_lexical.rows(self.positions.ids)

    @cached_property
    def lexical_position_rows(self) -> np.ndarray:
        """Position row of each row of the position lexical index, -1 for one of no position."""
        return _inverse(self.lexical_rows, len(self.position_lexical))

    @cached_property
    def lexical_student_rows(self) -> np.ndarray:
        """Student row of each row of the student lexical index, -1 for one of no student."""
        return _inverse(self.student_lexical_rows, len(self.student_lexical))

    @cached_property
    def student_lexical_rows(self) -> np.ndarray:
        """Row of each student (table order) in the student lexical index."""
        return self.student_lexical.rows(self.students.ids)

    @cached_property
    def student_id_order(self) -> np.ndarray:
        """Each student row's place in sorted id order (fusion's last tie-break)."""
        return _id_order(self.students.index, len(self.students))

    @cached_property
    def index_slots(self) -> np.ndarray:
        """Slot of each position (table order) in the vector index, -1 when not indexed."""
        return self.position_index.slots(self.positions.ids)

    @cached_property
    def slot_rows(self) -> np.ndarray:
        """Position row of each vector-index slot; ``len(positions)`` for a slot of none."""
        return _slot_rows(self.index_slots, self.position_index.n_slots)

    @cached_property
    def position_id_order(self) -> np.ndarray:
        """Each position row's place in sorted id order (fusion's last tie-break)."""
        return _id_order(self.positions.index, len(self.positions))

    def slot_mask(self, allowed: np.ndarray) -> np.ndarray:
        """``allowed`` (position-table order) as a mask over the vector index's slots."""
        return np.append(allowed, False)[self.slot_rows]

    # -- views of the student side ---------------------------------------------------------

    @cached_property
    def live_students(self) -> np.ndarray:
        """A mask of the student rows that are records now: a row replaced since its version
        was saved (:mod:`matcher.engine.delta`) has no id."""
        return ~self.students.ids.nulls()

    @cached_property
    def student_index_slots(self) -> np.ndarray:
        """Slot of each student (table order) in the student vector index, -1 when none."""
        return self.student_index.slots(self.students.ids)

    @cached_property
    def student_slot_rows(self) -> np.ndarray:
        """Student row of each slot of the student vector index; ``len(students)`` for none."""
        return _slot_rows(self.student_index_slots, self.student_index.n_slots)

    def student_slot_mask(self, allowed: np.ndarray) -> np.ndarray:
        """``allowed`` (student-table order) as a mask over the student index's slots."""
        return np.append(allowed, False)[self.student_slot_rows]

    def open_on(self, day: np.datetime64) -> np.ndarray:
        """A new mask of the positions open on ``day``: status open, within the window."""
        P, day = self.positions, np.datetime64(day, "D")
        mask = P.is_open.copy()
        mask &= np.isnat(P.start) | (P.start <= day)
        mask &= np.isnat(P.deadline) | (P.deadline >= day)
        return mask

    def open_mask(self, day: np.datetime64, degree: int) -> np.ndarray:
        """The cached mask of positions open on ``day`` to a student of ``degree`` (read only).

        Cached per (day, degree) for one ``is_open`` array: closing a position publishes a new
        array (copy on write, see the service's records routes), which starts a new cache. A
        request then copies one mask instead of comparing dates and degrees over the whole
        catalogue (0.5 ms at 100k positions).
        """
        P = self.positions
        if self._open_masks.get("owner") is not P.is_open:
            self._open_masks.clear()
            self._open_masks["owner"] = P.is_open
        key = (np.datetime64(day, "D"), int(degree))
        mask = self._open_masks.get(key)
        if mask is None:
            mask = self.open_on(key[0])
            mask &= P.min_degree <= key[1]
            if len(self._open_masks) > MASK_CACHE:  # days go by; keep the cache small
                self._open_masks.clear()
                self._open_masks["owner"] = P.is_open
            self._open_masks[key] = mask
        return mask  # type: ignore[no-any-return]


def _inverse(rows: np.ndarray, n: int) -> np.ndarray:
    """The table row at each of ``n`` places, from each row's place (-1 where none is)."""
    out = np.full(n, -1, dtype=np.int64)
    out[rows] = np.arange(len(rows), dtype=np.int64)
    return out


def _slot_rows(slots: np.ndarray, n_slots: int) -> np.ndarray:
    """The table row of each index slot, from each row's slot (``len(slots)`` for none)."""
    rows = np.full(n_slots, len(slots), dtype=np.int64)
    indexed = slots >= 0
    rows[slots[indexed]] = np.flatnonzero(indexed)
    return rows


def _id_order(index: IdIndex, rows: int) -> np.ndarray:
    """Each row's place when the ids are sorted (from the index's saved sort order); a row
    without an id (a record replaced since its version was saved) comes after all."""
    order = np.arange(rows, dtype=np.int64)
    order[index.order] = np.arange(len(index))
    order[np.setdiff1d(np.arange(rows), index.order)] = np.arange(len(index), rows)
    return order
