"""The matching engine: every derived artefact of one store snapshot, built and loaded as a whole.

``build_engine`` reads the store, builds documents, canonical skills, embeddings (through the
content-hash cache), FAISS indexes and BM25 indexes for both sides, and ``save_engine`` publishes
them as a new version under ``MATCHER_MODELS_DIR`` (see :mod:`matcher.engine.versions`).
``load_engine`` loads the current version and refuses one built with another embedding model or
code version, or whose files are incomplete.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from matcher.engine.tables import (
    EnterpriseTable,
    PositionTable,
    StudentTable,
    build_position_table,
    build_student_table,
    content_hash,
    skill_vocabulary,
)
from matcher.engine.versions import (
    ArtifactError,
    check_manifest,
    current_version,
    new_version,
    read_manifest,
)
from matcher.retrieval.embedding import Embedder
from matcher.retrieval.index import VectorIndex
from matcher.retrieval.lexical import LexicalIndex
from matcher.schemas import Enterprise, Interaction, Position, Student
from matcher.store.database import Store
from matcher.store.history import PairOutcomes, PopularityStats, pair_outcomes, popularity_before
from matcher.text.skillcache import SkillCache, fingerprint
from matcher.text.taxonomy import Taxonomy, load_taxonomy

logger = logging.getLogger(__name__)

#: Bumped when the engine's files or their meaning change; older versions are refused.
ENGINE_FORMAT = 1
TABLES_FILE = "tables.pkl"


@dataclass
class Engine:
    """The loaded state of one version: tables, vectors, indexes, history and (later) a ranker."""

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
    excluded: dict[str, set[str]] = field(default_factory=dict)

    @property
    def clock(self) -> np.datetime64:
        """Time of the latest event in the snapshot (the recommendation clock by default)."""
        if len(self.pairs.first_seen) == 0:
            return np.datetime64("today", "D")
        return np.datetime64(self.manifest.get("latest_event") or self.pairs.first_seen.max(), "D")


def _excluded_pairs(interactions: list[Interaction]) -> dict[str, set[str]]:
    """Positions never to recommend again to a student: dismissed (not expired) or applied."""
    from matcher.schemas import DismissReason, Event

    out: dict[str, set[str]] = defaultdict(set)
    for it in interactions:
        if (
            it.event == Event.dismiss and it.reason != DismissReason.expired
        ) or it.event == Event.apply:
            out[it.student_id].add(it.position_id)
    return dict(out)


def open_position_index(positions: PositionTable, vectors: np.ndarray) -> VectorIndex:
    """FAISS over the positions that can still be recommended (status open).

    Closed and filled positions keep their vectors for training features but never need a
    nearest-neighbour search; leaving them out keeps the filtered search from wading through
    past seasons. With no open position at all, every position is indexed.
    """
    rows = np.flatnonzero(positions.is_open)
    if rows.size == 0:
        rows = np.arange(len(positions))
    return VectorIndex([positions.ids[r] for r in rows], vectors[rows])


def build_engine(
    store: Store,
    embedder: Embedder,
    *,
    progress: bool = False,
    taxonomy: Taxonomy | None = None,
    skill_cache_dir: Path | None = None,
) -> Engine:
    """Build every artefact from the store (nothing is written; see :func:`save_engine`).

    Skill extraction is remembered in ``skill_cache_dir``; ``None`` means a ``skills`` folder
    beside the embedder's cache (``<models_dir>/cache/skills`` by default), or no disk cache for
    an embedder without one.
    """
    tax = taxonomy or load_taxonomy()
    generation = store.generation()  # read first: a write during the build makes it stale
    if skill_cache_dir is None and hasattr(embedder, "cache"):
        skill_cache_dir = Path(embedder.cache.directory).parent / "skills"
    skills = SkillCache(tax, skill_cache_dir)
    vocab = skill_vocabulary(tax)
    enterprises: list[Enterprise] = list(store.iter_records("enterprises"))  # type: ignore[arg-type]
    positions: list[Position] = list(store.iter_records("positions"))  # type: ignore[arg-type]
    students: list[Student] = list(store.iter_records("students"))  # type: ignore[arg-type]
    interactions: list[Interaction] = list(store.iter_records("interactions"))  # type: ignore[arg-type]
    if not positions or not students:
        raise ValueError("the store has no positions or no students; run `matcher import` first")
    ent_table = EnterpriseTable.build(enterprises)
    pos_table = build_position_table(
        positions, ent_table, tax, vocab, progress=progress, skills=skills
    )
    stu_table = build_student_table(students, tax, vocab, progress=progress, skills=skills)
    skills.save()
    pos_vec = embedder.encode(pos_table.documents, show_progress_bar=progress)
    stu_vec = embedder.encode(stu_table.documents, show_progress_bar=progress)
    from matcher.ranking.features import skill_idf

    pairs = pair_outcomes(interactions)
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
            "interactions": len(interactions),
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
        student_index=VectorIndex(stu_table.ids, stu_vec),
        position_index=open_position_index(pos_table, pos_vec),
        student_lexical=LexicalIndex.build(stu_table.ids, stu_table.documents),
        position_lexical=LexicalIndex.build(pos_table.ids, pos_table.documents),
        skill_idf=skill_idf(pos_table, stu_table),
        pairs=pairs,
        stats=popularity_before(pairs, pos_enterprise, None),
        taxonomy=tax,
        manifest=manifest,
        excluded=_excluded_pairs(interactions),
    )
    manifest["parameters"] = {
        "position_index": engine.position_index.params,
        "student_index": engine.student_index.params,
        "lexical_mode": engine.position_lexical.mode,
    }
    return engine


def save_engine(engine: Engine, models_dir: Path) -> Path:
    """Publish the engine (with its ranker, if any) as a new version; return its folder."""
    with new_version(models_dir, engine.manifest) as tmp:
        engine.position_index.save(tmp / "position_index")
        engine.student_index.save(tmp / "student_index")
        engine.position_lexical.save(tmp / "position_lexical")
        engine.student_lexical.save(tmp / "student_lexical")
        np.save(tmp / "position_vectors.npy", engine.position_vectors)
        np.save(tmp / "student_vectors.npy", engine.student_vectors)
        # Internal tables written by this code only; the manifest holds their sha256.
        payload = pickle.dumps(
            {
                "students": engine.students,
                "positions": engine.positions,
                "enterprises": engine.enterprises,
                "skill_idf": engine.skill_idf,
                "pairs": engine.pairs,
                "stats": engine.stats,
                "excluded": engine.excluded,
            },
            protocol=pickle.HIGHEST_PROTOCOL,
        )
        (tmp / TABLES_FILE).write_bytes(payload)
        engine.manifest["tables_sha256"] = hashlib.sha256(payload).hexdigest()
        if engine.ranker is not None:  # inside the version, so it is live the moment it is
            from matcher.ranking.ranker import save_ranker

            name = f"ranker-{secrets.token_hex(4)}.skops"
            save_ranker(engine.ranker, tmp / name)
            engine.manifest["ranker_file"] = name
        else:
            engine.manifest.pop("ranker_file", None)
    version = current_version(models_dir)
    if version is None:  # new_version() always points CURRENT at what it published
        raise ArtifactError(f"{models_dir}/CURRENT is missing; run `matcher index`")
    engine.directory = version
    engine.manifest = read_manifest(version)
    return version


def staleness(models_dir: Path, store: Store, embedding_model: str) -> str | None:
    """Why the current version no longer matches the store, or ``None`` when it does.

    Cheap (a manifest and one row of the store are read): the store's write generation, the
    embedding model, the engine format and the taxonomy must all be those the version was
    built from.
    """
    version = current_version(models_dir)
    if version is None:
        return "no index has been built"
    try:
        manifest = read_manifest(version)
    except ArtifactError as exc:
        return str(exc)
    if manifest.get("engine_format") != ENGINE_FORMAT:
        return "the index was built by another version of the matcher"
    if manifest.get("embedding_model") != embedding_model:
        return f"the index was built with {manifest.get('embedding_model')!r}"
    if manifest.get("store_generation") != store.generation():
        return "the store changed since the last index"
    if manifest.get("taxonomy") != fingerprint(load_taxonomy()):
        return "the skill taxonomy changed since the last index"
    return None


def load_engine(
    models_dir: Path, *, embedding_model: str | None = None, taxonomy: Taxonomy | None = None
) -> Engine:
    """Load the current version; refuse a missing, half-written or mismatched one."""
    version = current_version(models_dir)
    if version is None or not version.is_dir():
        raise ArtifactError(f"no built index under {models_dir}; run `matcher index`")
    manifest = read_manifest(version)
    expected: dict[str, Any] = {"engine_format": ENGINE_FORMAT}
    if embedding_model is not None:
        expected["embedding_model"] = embedding_model
    check_manifest(manifest, expected, command="matcher index")
    try:
        payload = (version / TABLES_FILE).read_bytes()
    except FileNotFoundError:
        raise ArtifactError(f"{version} lacks {TABLES_FILE}; run `matcher index`") from None
    if hashlib.sha256(payload).hexdigest() != manifest.get("tables_sha256"):
        raise ArtifactError(
            f"{version}/{TABLES_FILE} does not match its manifest; run `matcher index`"
        )
    tables = pickle.loads(payload)
    dim = int(manifest["embedding_dim"])
    try:
        engine = Engine(
            students=tables["students"],
            positions=tables["positions"],
            enterprises=tables["enterprises"],
            student_vectors=np.load(version / "student_vectors.npy"),
            position_vectors=np.load(version / "position_vectors.npy"),
            student_index=VectorIndex.load(version / "student_index", expected_dim=dim),
            position_index=VectorIndex.load(version / "position_index", expected_dim=dim),
            student_lexical=LexicalIndex.load(version / "student_lexical"),
            position_lexical=LexicalIndex.load(version / "position_lexical"),
            skill_idf=tables["skill_idf"],
            pairs=tables["pairs"],
            stats=tables["stats"],
            taxonomy=taxonomy or load_taxonomy(),
            manifest=manifest,
            directory=version,
            excluded=tables["excluded"],
        )
    except (OSError, ValueError) as exc:
        raise ArtifactError(f"{version} is incomplete ({exc}); run `matcher index`") from None
    ranker_file = manifest.get("ranker_file")
    if ranker_file:
        from matcher.ranking.ranker import load_ranker

        engine.ranker = load_ranker(version / ranker_file)
    return engine


def publish_ranker(engine: Engine, model: Any, training: dict[str, Any]) -> None:
    """Save a trained ranker beside the engine's indexes and point the manifest at it.

    The new file is written first and the manifest switched atomically afterwards, so a crash
    leaves the previous ranker in use; the replaced file is removed last.
    """
    from matcher.engine.versions import update_manifest
    from matcher.ranking.ranker import save_ranker

    if engine.directory is None:
        raise ArtifactError("the engine is not saved yet; run `matcher index`")
    name = f"ranker-{secrets.token_hex(4)}.skops"
    save_ranker(model, engine.directory / name)
    old = engine.manifest.get("ranker_file")
    update_manifest(
        engine.directory, ranker_file=name, training=training, validation=training["validation"]
    )
    engine.manifest = read_manifest(engine.directory)
    engine.ranker = model
    if old and old != name and (engine.directory / old).exists():
        (engine.directory / old).unlink()
