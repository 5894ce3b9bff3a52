"""The groups the centre's figures are counted by, as integer codes over the engine's tables.

A student-side dimension (major, degree, cohort, year of graduation, college) gives each student
row a group code; a position-side one (enterprise, position) each position row; the industry
gives each enterprise its sector bits (an enterprise in two industries counts in both). Codes
come from Arrow's dictionary encoding of the column, so no row becomes a Python object; labels
are read once per group, in the reader's language. Majors are grouped by the taxonomy's code
where it knows the major (``光电信息科学与工程`` and ``Optoelectronic Information Science``
are one group) and by the normalised name otherwise, as the skill figures choose them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from matcher.engine.snapshot import Engine
from matcher.engine.tables import SECTORS
from matcher.messages import message
from matcher.schemas import Degree

#: Dimensions whose groups are sets of students.
STUDENT_SIDE: tuple[str, ...] = ("major", "degree", "cohort", "graduation_year", "college")
#: Dimensions whose groups are sets of positions (an industry: of enterprises).
POSITION_SIDE: tuple[str, ...] = ("enterprise", "position", "industry")


@dataclass(frozen=True)
class Groups:
    """A group code per row of one table (-1: no group), with each group's key and label."""

    codes: np.ndarray  # int64 per row
    keys: Sequence[str | None]  # a list, or a table's own column (read per group shown)
    labels: Sequence[str | None]


def _encode(column: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, list[str | None]]:
    """Codes of a column's distinct values (nulls get -1), and the values."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    encoded = pc.dictionary_encode(column)
    codes = np.asarray(encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False), np.int64)
    return codes, encoded.dictionary.to_pylist()


def student_groups(engine: Engine, by: str, lang: str) -> Groups:
    """Group codes of the student rows for a student-side dimension."""
    S = engine.students
    if by == "degree":
        codes = S.degree.astype(np.int64)
        keys = [d.value for d in Degree]
        return Groups(codes, keys, [message(f"degree_{k}", lang) for k in keys])
    if by == "graduation_year":
        years = S.graduation_year.astype(np.int64)
        found = np.unique(years)
        codes = np.searchsorted(found, years)
        keys = [str(y) for y in found.tolist()]
        return Groups(codes, keys, keys)
    column = {
        "major": lambda: S.major.arrow,  # the taxonomy's code, else the normalised name
        "cohort": lambda: S.cohort.arrow,
        "college": lambda: S.college.arrow,
    }[by]()
    codes, values = _encode(column)
    keys = ["" if v is None else str(v) for v in values]
    labels = keys
    if by == "major":
        labels = []
        for key in keys:
            major = engine.taxonomy.major(key)
            labels.append(major.label(lang) if major else key)
    return Groups(codes, keys, labels)


def position_groups(engine: Engine, by: str) -> Groups:
    """Group codes of the position rows for the enterprise or position dimension."""
    P, E = engine.positions, engine.enterprises
    if by == "position":
        n = len(P)
        return Groups(np.arange(n, dtype=np.int64), P.ids, P.title)
    if by == "enterprise":
        return Groups(P.enterprise.astype(np.int64), E.ids, E.name)
    raise ValueError(f"{by!r} is not a position-side dimension")


def industry_bits(engine: Engine, lang: str) -> tuple[np.ndarray, list[str], list[str]]:
    """Each position's industries as its enterprise's sector bits, with the sectors' keys and
    labels (bit ``i`` is ``SECTORS[i]``)."""
    bits = engine.enterprises.sectors[engine.positions.enterprise].astype(np.int64)
    keys = [s.value for s in SECTORS]
    return bits, keys, [message(f"sector_{k}", lang) for k in keys]
