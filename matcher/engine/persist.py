"""Saving and loading engines: a version folder per build, no pickle anywhere.

``save_engine`` publishes an engine as a new version under ``MATCHER_MODELS_DIR`` (see
:mod:`matcher.engine.versions`): FAISS and BM25 indexes in their own formats, vectors as
``.npy``, the tables as arrays and JSON (:mod:`matcher.engine.columns`), the ranker with skops.
``load_engine`` maps the arrays and indexes read-only rather than reading them, so the
processes serving one version share one copy of it through the page cache. It refuses a version
built with another embedding model or engine format, or whose
files are incomplete or do not match their manifest, with a message naming the command that
rebuilds it.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from pathlib import Path
from typing import Any

import numpy as np

from matcher.columnar import map_array
from matcher.engine.build import ENGINE_FORMAT
from matcher.engine.columns import load_columns, save_columns
from matcher.engine.snapshot import Engine
from matcher.engine.tables import EnterpriseTable, PositionTable, StudentTable
from matcher.engine.versions import (
    check_manifest,
    current_version,
    new_version,
    older_versions,
    read_manifest,
    update_manifest,
)
from matcher.errors import ArtifactError
from matcher.files import write_atomic
from matcher.retrieval.index import VectorIndex
from matcher.retrieval.lexical import LexicalIndex
from matcher.store.database import Store
from matcher.store.history import PairOutcomes, PopularityStats
from matcher.text.skillcache import fingerprint
from matcher.text.taxonomy import Taxonomy, load_taxonomy

logger = logging.getLogger(__name__)

#: The column tables of a version, by the name they are saved under.
TABLES: dict[str, type] = {
    "students": StudentTable,
    "positions": PositionTable,
    "enterprises": EnterpriseTable,
    "pairs": PairOutcomes,
    "stats": PopularityStats,
}
REBUILD = "run `matcher index` to rebuild it"


def _digest(folder: Path, names: list[str]) -> dict[str, str]:
    return {n: hashlib.sha256((folder / n).read_bytes()).hexdigest() for n in names}


def save_engine(engine: Engine, models_dir: Path) -> Path:
    """Publish the engine (with its ranker, if any) as a new version; return its folder."""
    with new_version(models_dir, engine.manifest) as tmp:
        engine.position_index.save(tmp / "position_index")
        engine.student_index.save(tmp / "student_index")
        engine.position_lexical.save(tmp / "position_lexical")
        engine.student_lexical.save(tmp / "student_lexical")
        np.save(tmp / "position_vectors.npy", engine.position_vectors)
        np.save(tmp / "student_vectors.npy", engine.student_vectors)
        np.save(tmp / "skill_idf.npy", engine.skill_idf)
        tables = {name: getattr(engine, name) for name in TABLES}
        engine.manifest["tables_sha256"] = _digest(tmp, save_columns(tables, tmp))
        engine.manifest.pop("ranker_file", None)
        engine.manifest.pop("ranker_compiled", None)
        if engine.ranker is not None:  # inside the version, so it is live the moment it is
            engine.manifest.update(_save_ranker_files(engine.ranker, tmp))
    version = current_version(models_dir)
    if version is None:  # new_version() always points CURRENT at what it published
        raise ArtifactError(f"{models_dir}/CURRENT is missing; {REBUILD}")
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
    models_dir: Path,
    *,
    embedding_model: str | None = None,
    taxonomy: Taxonomy | None = None,
    fallback: bool = True,
) -> Engine:
    """Load the current version; refuse a missing, half-written or mismatched one.

    With ``fallback`` (the default), an unreadable current version gives way to the newest older
    one that loads, with a logged warning: a corrupt file never takes the service down while an
    intact version is on disk. ``CURRENT`` is left as it is; the next build replaces it.
    """
    version = current_version(models_dir)
    if version is None or not version.is_dir():
        raise ArtifactError(f"no built index under {models_dir}; run `matcher index`")
    try:
        return load_version(version, embedding_model=embedding_model, taxonomy=taxonomy)
    except ArtifactError as exc:
        if not fallback:
            raise
        for older in older_versions(models_dir, version):
            try:
                engine = load_version(older, embedding_model=embedding_model, taxonomy=taxonomy)
            except ArtifactError:
                continue
            logger.warning("current version unreadable (%s); serving %s instead", exc, older.name)
            return engine
        raise


def load_version(
    version: Path, *, embedding_model: str | None = None, taxonomy: Taxonomy | None = None
) -> Engine:
    """Load one version folder; :class:`ArtifactError` when it is half-written, corrupt or
    mismatched.

    The manifest is checked before any other file is opened, so a version of another engine
    format (such as one whose tables were pickled) is refused without reading its tables.
    """
    manifest = read_manifest(version)
    expected: dict[str, Any] = {"engine_format": ENGINE_FORMAT}
    if embedding_model is not None:
        expected["embedding_model"] = embedding_model
    check_manifest(manifest, expected, command="matcher index")
    files = manifest.get("tables_sha256")
    if not isinstance(files, dict) or not files:
        raise ArtifactError(f"{version} has no table checksums; {REBUILD}")
    try:
        if _digest(version, list(files)) != files:
            raise ArtifactError(f"{version}: the tables do not match the manifest; {REBUILD}")
        tables = load_columns(version, TABLES)
        dim = int(manifest["embedding_dim"])
        engine = Engine(
            **tables,
            student_vectors=map_array(version / "student_vectors.npy"),
            position_vectors=map_array(version / "position_vectors.npy"),
            student_index=VectorIndex.load(version / "student_index", expected_dim=dim),
            position_index=VectorIndex.load(version / "position_index", expected_dim=dim),
            student_lexical=LexicalIndex.load(version / "student_lexical"),
            position_lexical=LexicalIndex.load(version / "position_lexical"),
            skill_idf=map_array(version / "skill_idf.npy"),
            taxonomy=taxonomy or load_taxonomy(),
            manifest=manifest,
            directory=version,
        )
    except (OSError, ValueError, KeyError, EOFError) as exc:  # EOFError: a truncated array
        raise ArtifactError(f"{version} is incomplete ({exc}); {REBUILD}") from None
    ranker_file = manifest.get("ranker_file")
    if ranker_file:
        try:
            engine.ranker = _load_ranker(version, manifest)
        except ArtifactError:
            raise
        except Exception as exc:  # a truncated zip, a missing file: whatever skops says
            raise ArtifactError(
                f"{version / ranker_file} is unreadable ({type(exc).__name__}: {exc}); "
                "run `matcher train`"
            ) from None
    return engine


def _save_ranker_files(model: Any, folder: Path) -> dict[str, str]:
    """Write a ranker into ``folder``: its ``skops`` file, and its serving form when it has one
    (:mod:`matcher.ranking.compiled`); returns the manifest's entries naming them. A compiled
    ranker (loaded to serve) is carried over as the files it was loaded from."""
    from matcher.ranking.compiled import (
        CompiledRanker,
        NotCompilable,
        compile_ranker,
        save_compiled,
    )

    stem = f"ranker-{secrets.token_hex(4)}"
    names = {"ranker_file": f"{stem}.skops"}
    if isinstance(model, CompiledRanker):
        if model.full_file is None:
            raise ArtifactError("a compiled ranker without its skops file cannot be saved")
        write_atomic(folder / names["ranker_file"], model.full_file.read_bytes())
        spec: dict[str, Any] | None = model.spec
    else:
        from matcher.ranking.ranker import save_ranker

        save_ranker(model, folder / names["ranker_file"])
        try:
            spec = compile_ranker(model)
        except NotCompilable as exc:
            logger.info("the ranker is served from its skops file: %s", exc)
            spec = None
    if spec is not None:
        names["ranker_compiled"] = f"{stem}.trees.json"
        save_compiled(spec, folder / names["ranker_compiled"])
    return names


def _load_ranker(version: Path, manifest: dict[str, Any]) -> Any:
    """The version's ranker: its serving form when it has one, else the ``skops`` model."""
    full = version / manifest["ranker_file"]
    compiled = manifest.get("ranker_compiled")
    if compiled:
        from matcher.ranking.compiled import CompiledRanker, NotCompilable

        try:
            return CompiledRanker.load(version / compiled, full_file=full)
        except (OSError, ValueError, KeyError, TypeError, NotCompilable) as exc:
            logger.warning("%s is unreadable (%s); loading %s", compiled, exc, full.name)
    from matcher.ranking.ranker import load_ranker

    return load_ranker(full)


def publish_ranker(engine: Engine, model: Any, training: dict[str, Any]) -> None:
    """Save a trained ranker beside the engine's indexes and point the manifest at it.

    The new file is written first and the manifest switched atomically afterwards, so a crash
    leaves the previous ranker in use; the replaced file is removed last.
    """
    if engine.directory is None:
        raise ArtifactError("the engine is not saved yet; run `matcher index`")
    names = _save_ranker_files(model, engine.directory)
    old = [engine.manifest.get(k) for k in ("ranker_file", "ranker_compiled")]
    update_manifest(
        engine.directory,
        ranker_file=names["ranker_file"],
        ranker_compiled=names.get("ranker_compiled"),
        training=training,
        validation=training["validation"],
    )
    engine.manifest = read_manifest(engine.directory)
    engine.ranker = model
    for name in old:
        if name and name not in names.values() and (engine.directory / name).exists():
            (engine.directory / name).unlink()
