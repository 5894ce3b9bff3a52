"""The one way models are made: index the store when it changed, train on outcomes, publish.

``matcher index``, ``matcher train``, ``matcher demo`` and the service's background rebuilds
(:mod:`matcher.serving`) all go through these steps, so a version is built, trained, checked
and published alike whoever asks for it. Every step publishes atomically: a crash leaves the
last good version in use.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from matcher.engine.build import build_engine
from matcher.engine.persist import load_engine, publish_ranker, save_engine, staleness
from matcher.engine.snapshot import Engine
from matcher.engine.versions import prune_versions
from matcher.errors import ArtifactError
from matcher.ranking.training import Evaluator, TrainingReport, train_ranker
from matcher.store.database import Store

logger = logging.getLogger(__name__)


def build_and_publish(
    store: Store,
    models_dir: Path,
    embedder: Any,
    *,
    previous: Engine | None = None,
    ranker_from: Engine | None = None,
    retrain_with: Evaluator | None = None,
    keep: int | None = None,
    progress: bool = False,
) -> Engine:
    """Build a new version from the store and publish it; return it.

    ``previous`` is the version serving until now: its indexes are brought up to date
    rather than built anew. Unless ``retrain_with`` trains a ranker on the new version before
    it is saved, the ranker of ``ranker_from`` (by default ``previous``) carries over with its
    validation: a rebuild never leaves the service without its ranker.
    ``keep`` prunes all but that many older versions afterwards.
    """
    engine = build_engine(store, embedder, progress=progress, previous=previous)
    source = ranker_from if ranker_from is not None else previous
    if retrain_with is not None:
        model, report = train_ranker(engine, retrain_with)
        engine.ranker = model
        engine.manifest["training"] = report.as_dict()
        engine.manifest["validation"] = report.validation
    elif source is not None and source.ranker is not None:
        engine.ranker = source.ranker
        for key in ("training", "validation"):
            if key in source.manifest:
                engine.manifest[key] = source.manifest[key]
    save_engine(engine, models_dir)
    # The version holds every change up to its generation: the feed need not keep them (a
    # server behind it loads the version instead).
    store.prune_changes(int(engine.manifest["store_generation"]))
    if keep is not None:
        prune_versions(models_dir, keep=keep)
    return engine


def current_engine(
    store: Store,
    models_dir: Path,
    embedding_model: str,
    embedder_factory: Callable[[], Any],
    *,
    progress: bool = False,
) -> tuple[Engine, bool]:
    """The current version when it was built from this store, else a new one; and whether it
    was built now."""
    if staleness(models_dir, store, embedding_model) is None:
        try:
            return load_engine(models_dir, embedding_model=embedding_model), False
        except ArtifactError as exc:
            logger.warning("rebuilding: %s", exc)
    return build_and_publish(store, models_dir, embedder_factory(), progress=progress), True


def train_and_publish(engine: Engine, evaluator: Evaluator) -> TrainingReport:
    """Train the ranker on the engine's outcomes and publish it into the engine's version."""
    model, report = train_ranker(engine, evaluator)
    publish_ranker(engine, model, report.as_dict())
    return report
