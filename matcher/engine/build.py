"""Building an engine from the store: documents, skills, embeddings, FAISS and BM25 indexes.

Nothing is written here; :func:`matcher.engine.persist.save_engine` publishes what
:func:`build_engine` built as a new version.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from matcher.engine.snapshot import Engine
from matcher.engine.tables import (
    EnterpriseTable,
    PositionTable,
    StudentTable,
    build_position_table,
    build_student_table,
    content_hash,
    skill_idf,
    skill_vocabulary,
)
from matcher.retrieval.embedding import QUERY, Embedder
from matcher.retrieval.index import VectorIndex
from matcher.retrieval.lexical import LexicalIndex
from matcher.schemas import Enterprise, Position, Student
from matcher.store.database import Store
from matcher.store.history import pair_outcomes, popularity_before
from matcher.text.documents import position_summary, student_summary
from matcher.text.skillcache import SkillCache, fingerprint
from matcher.text.taxonomy import Taxonomy, load_taxonomy

logger = logging.getLogger(__name__)

#: The e5 role of each side's summary in the dense channel. One vector per record serves both
#: directions, so both sides are read as e5 reads a symmetric task (measured against the
#: asymmetric choice in docs/decisions.md, "Multilingual dense channel").
STUDENT_ROLE = QUERY
POSITION_ROLE = QUERY
#: Bumped when the engine's files or their meaning change; older versions are refused.
#: 2: tables as arrays and JSON (no pickle); positions keep titles, enterprises names.
#: 3: one memory-mapped file per array, text columns in Arrow files, float16 vectors.
#: 4: pairs keep their funnel stage, first application and placement; students their college,
#: positions the day they were posted (the centre's analytics).
#: 5: pairs keep when they first reached each grade, were refused and were hidden, so that
#: training labels, replays and popularity count only events before their cut-off.
ENGINE_FORMAT = 5


def skill_cache(taxonomy: Taxonomy, embedder: Any, directory: Path | None = None) -> SkillCache:
    """Skill extraction remembered in ``directory``; ``None`` means a ``skills`` folder beside
    the embedder's cache (``<models_dir>/cache/skills`` by default), or no disk cache for an
    embedder without one."""
    if directory is None and hasattr(embedder, "cache"):
        directory = Path(embedder.cache.directory).parent / "skills"
    return SkillCache(taxonomy, directory)


def position_summaries(
    positions: Sequence[Position], enterprises: Sequence[Enterprise]
) -> list[str]:
    """The texts the dense channel encodes for ``positions``, in their order."""
    by_id = {e.id: e for e in enterprises}
    return [position_summary(p, by_id.get(p.enterprise_id)) for p in positions]


def student_summaries(students: Sequence[Student]) -> list[str]:
    """The texts the dense channel encodes for ``students``, in their order."""
    return [student_summary(s) for s in students]


def stored_vectors(vectors: np.ndarray) -> np.ndarray:
    """Embeddings as an engine keeps them: float16 (half the memory; a cosine moves by under
    1e-3, as in the vector index, which keeps the same values)."""
    return np.asarray(vectors, dtype=np.float16)


def open_position_index(
    positions: PositionTable, vectors: np.ndarray, previous: VectorIndex | None = None
) -> VectorIndex:
    """FAISS over the positions that can still be recommended (status open).

    Closed and filled positions keep their vectors for training features but never need a
    nearest-neighbour search; leaving them out keeps the filtered search from wading through
    past seasons. With no open position at all, every position is indexed. Given the index of
    the version serving until now, a copy of it is brought up to date instead of building a
    new one (:meth:`~matcher.retrieval.index.VectorIndex.synced`).

    A new index holds the positions by minimum degree, lowest first, so that those a student of
    any degree may see lie together at its start: an exact filtered search (a student who may
    see few of them) reads one stretch of memory instead of scattered vectors, 2.3 times faster
    at a million positions. A copy brought up to date keeps its order and adds at the end.
    """
    rows = np.flatnonzero(positions.is_open)
    if rows.size == 0:
        rows = np.arange(len(positions))
    if previous is None:
        rows = rows[np.argsort(positions.min_degree[rows], kind="stable")]
    ids = [positions.ids[r] for r in rows]
    if previous is not None:
        return previous.synced(ids, vectors[rows])
    return VectorIndex(ids, vectors[rows])


def _lexical(
    table: StudentTable | PositionTable,
    previous: tuple[LexicalIndex, StudentTable | PositionTable] | None,
) -> LexicalIndex:
    """BM25 over the table's documents; from the previous version's index (and its table) when
    there is one, tokenising only the documents that are new or changed."""
    ids, documents = table.ids, table.documents
    if previous is None:
        return LexicalIndex.build(ids, documents)
    index, old = previous
    old_ids = old.ids
    before = dict(zip(old_ids, old.documents, strict=True))
    wanted = set(ids)
    gone = [i for i in old_ids if i not in wanted]
    changed = [j for j, i in enumerate(ids) if before.get(i) != documents[j]]
    return index.with_documents(
        [ids[j] for j in changed], [documents[j] for j in changed], without=gone
    )


def reusable(previous: Engine | None, embedder: Embedder) -> Engine | None:
    """``previous`` if its indexes can be brought up to date for this build (same embedding
    model and dimension, same engine format), else ``None``."""
    if previous is None:
        return None
    manifest = previous.manifest
    same = (
        manifest.get("engine_format") == ENGINE_FORMAT
        and manifest.get("embedding_model") == embedder.name
        and int(manifest.get("embedding_dim", -1)) == int(embedder.dim)
    )
    return previous if same else None


def replay_engine(
    engine: Engine, cutoff: np.datetime64, open_rows: np.ndarray, ranker: Any = None
) -> Engine:
    """A copy of ``engine`` as it stood at ``cutoff``, offering the positions ``open_rows``.

    For asking the request path what it would have recommended at a past time (the offline
    evaluation's ``served`` system). In the copy, the positions whose status is open are
    ``open_rows`` only (a new ``is_open`` array; dates and degrees still filter them per day),
    the FAISS position index holds them (:func:`open_position_index`), the history is the pairs
    first seen before ``cutoff`` (:meth:`~matcher.store.history.PairOutcomes.before`, so the
    positions her events hide are those hidden by then), popularity is counted from that
    history, the clock is ``cutoff``, and the ranker is ``ranker`` (``None``: the prior score).
    Tables, vectors, lexical indexes and skill IDF are shared with ``engine`` and read only;
    the copy's views start fresh (:class:`Engine` declares them as cached properties).
    ``engine`` itself is not changed.
    """
    P = engine.positions
    is_open = np.zeros(len(P), dtype=bool)
    is_open[np.asarray(open_rows, dtype=np.int64)] = True
    positions = dataclasses.replace(P, is_open=is_open)
    cutoff = np.datetime64(cutoff, "s")
    pairs = engine.pairs.before(cutoff)
    owner = {pid: engine.enterprises.ids[P.enterprise[i]] for i, pid in enumerate(P.ids)}
    return dataclasses.replace(
        engine,
        positions=positions,
        position_index=open_position_index(positions, engine.position_vectors),
        pairs=pairs,
        stats=popularity_before(pairs, owner, None),
        manifest={**engine.manifest, "latest_event": str(cutoff)},
        ranker=ranker,
    )


class _Counted:
    """An iterable that counts what went through it."""

    def __init__(self, items: Iterable[Any]) -> None:
        self._items, self.count = items, 0

    def __iter__(self) -> Iterator[Any]:
        for item in self._items:
            self.count += 1
            yield item


def build_engine(
    store: Store,
    embedder: Embedder,
    *,
    progress: bool = False,
    taxonomy: Taxonomy | None = None,
    skill_cache_dir: Path | None = None,
    previous: Engine | None = None,
) -> Engine:
    """Build every artefact from the store (nothing is written; see ``save_engine``).

    ``previous`` is the version serving until now: its vector and BM25 indexes are copied and
    brought up to date (records removed, changed and added) instead of built anew, which
    leaves answers as a new build gives them (the same vectors and documents) at a fraction
    of the cost after a few writes.

    Skill extraction is remembered in ``skill_cache_dir`` (see :func:`skill_cache`).
    """
    tax = taxonomy or load_taxonomy()
    generation = store.generation()  # read first: a write during the build makes it stale
    skills = skill_cache(tax, embedder, skill_cache_dir)
    vocab = skill_vocabulary(tax)
    enterprises: list[Enterprise] = list(store.iter_records("enterprises"))  # type: ignore[arg-type]
    positions: list[Position] = list(store.iter_records("positions"))  # type: ignore[arg-type]
    students: list[Student] = list(store.iter_records("students"))  # type: ignore[arg-type]
    if not positions or not students:
        raise ValueError("the store has no positions or no students; run `matcher import` first")
    ent_table = EnterpriseTable.build(enterprises)
    pos_table = build_position_table(
        positions, enterprises, tax, vocab, progress=progress, skills=skills
    )
    stu_table = build_student_table(students, tax, vocab, progress=progress, skills=skills)
    skills.save()
    pos_vec = stored_vectors(
        embedder.encode(
            position_summaries(positions, enterprises),
            show_progress_bar=progress,
            role=POSITION_ROLE,
        )
    )
    stu_vec = stored_vectors(
        embedder.encode(student_summaries(students), show_progress_bar=progress, role=STUDENT_ROLE)
    )
    # The events are streamed into their pairs, never held: 7 million Interaction objects
    # took 5 GB at the benchmark world.
    events = _Counted(store.iter_records("interactions"))
    pairs = pair_outcomes(events)
    old = reusable(previous, embedder)
    pos_enterprise = {p.id: p.enterprise_id for p in positions}
    latest = str(pairs.first_seen.max()) if len(pairs.first_seen) else None
    manifest = {
        "engine_format": ENGINE_FORMAT,
        "embedding_model": embedder.name,
        "embedding_dim": int(embedder.dim),
        "counts": {
            "enterprises": len(enterprises),
            "students": len(students),
            "positions": len(positions),
            "interactions": events.count,
        },
        "store_hash": content_hash([*enterprises, *positions, *students]),
        "store_generation": generation,
        "taxonomy": fingerprint(tax),
        "latest_event": latest,
    }
    engine = Engine(
        students=stu_table,
        positions=pos_table,
        enterprises=ent_table,
        student_vectors=stu_vec,
        position_vectors=pos_vec,
        student_index=(
            old.student_index.synced(stu_table.ids, stu_vec)
            if old is not None
            else VectorIndex(stu_table.ids, stu_vec)
        ),
        position_index=open_position_index(
            pos_table, pos_vec, old.position_index if old is not None else None
        ),
        student_lexical=_lexical(
            stu_table, None if old is None else (old.student_lexical, old.students)
        ),
        position_lexical=_lexical(
            pos_table, None if old is None else (old.position_lexical, old.positions)
        ),
        skill_idf=skill_idf(pos_table, stu_table),
        pairs=pairs,
        stats=popularity_before(pairs, pos_enterprise, None),
        taxonomy=tax,
        manifest=manifest,
    )
    manifest["parameters"] = {
        "position_index": engine.position_index.params,
        "student_index": engine.student_index.params,
        "lexical_mode": engine.position_lexical.mode,
    }
    return engine
