"""End-to-end recommendation latency, on the real engine and on catalogues scaled from it."""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from typing import Any

import numpy as np

from eval.bench.common import NOISE, SEED, percentiles

#: Largest catalogue a recommendation row is built for: the scaled engine holds a record
#: object and a BM25 entry per position, which at 1M positions costs more memory and set-up time
#: than the bench should take; retrieval rows have no such limit.
RECOMMEND_MAX = 200_000


def scale_positions(engine: Any, n: int, *, seed: int = SEED) -> Any:
    """A copy of ``engine`` whose position side holds ``n`` rows, replicated from the real ones.

    The first ``n0`` rows are the real positions with their real vectors. Every other row
    copies an open real position, cycling through them (a new id, its title, document,
    columns, skills, application window), with a vector near its source's
    (:func:`~matcher.retrieval.index.synthetic_vectors`), posted by the next enterprise in turn:
    copies of one position spread over all enterprises, as similar openings do in a real
    catalogue, so the per-enterprise cap does not empty a top ``k`` made of one position's
    copies. The scaled catalogue is nearly all open, and the engine's open-position index,
    rebuilt here as :func:`~matcher.engine.build.build_engine` builds it, holds about ``n``
    vectors. The BM25 index and skill IDF are rebuilt; the student side, history and
    exclusions are shared unchanged.
    """
    from matcher.engine.build import open_position_index, stored_vectors
    from matcher.engine.tables import PositionTable, skill_idf
    from matcher.retrieval.index import synthetic_vectors

    P = engine.positions
    n0 = len(P)
    sources = np.flatnonzero(P.is_open)
    if sources.size == 0:
        sources = np.arange(n0)
    src = np.concatenate([np.arange(min(n, n0)), sources[np.arange(max(n - n0, 0)) % sources.size]])
    ids = [P.ids[j] if i < n0 else f"{P.ids[j]}:{i}" for i, j in enumerate(src.tolist())]
    n_ent = len(engine.enterprises.ids)
    enterprise = P.enterprise[src].copy()
    enterprise[n0:] = (enterprise[n0:] + np.arange(n0, n)) % n_ent
    vectors = np.empty((n, engine.position_vectors.shape[1]), dtype=np.float32)
    vectors[: min(n, n0)] = engine.position_vectors[: min(n, n0)]
    extra = np.arange(min(n, n0), n)
    for j in sources.tolist():
        rows = extra[src[extra] == j]
        if rows.size:
            vectors[rows] = synthetic_vectors(
                engine.position_vectors[j : j + 1], rows.size, noise=NOISE, seed=seed + j
            )
    documents = P.documents.take(src)
    table = PositionTable(
        ids=ids,
        title=P.title.take(src),
        documents=documents,
        enterprise=enterprise,
        type=P.type[src],
        is_open=P.is_open[src],
        min_degree=P.min_degree[src],
        openings=P.openings[src],
        salary_min=P.salary_min[src],
        salary_max=P.salary_max[src],
        start=P.start[src],
        deadline=P.deadline[src],
        posted=P.posted[src],
        city=P.city.take(src),
        lang=P.lang[src],
        required=P.required[src],
        preferred=P.preferred[src],
        mentioned=P.mentioned[src],
        accepted_majors=P.accepted_majors.take(src),
    )
    scaled = replace(
        engine,
        positions=table,
        position_vectors=stored_vectors(vectors),
        position_index=open_position_index(table, stored_vectors(vectors)),
        position_lexical=replicated_lexical(engine.position_lexical, P.ids, src, ids),
        skill_idf=skill_idf(table, engine.students),
    )
    return scaled


def replicated_lexical(lexical: Any, source_ids: Any, src: np.ndarray, ids: list[str]) -> Any:
    """The lexical index of copies of documents: row ``i`` holds the postings of the document of
    ``source_ids[src[i]]`` (as tokenising the copies again would give, without the hours at a
    million rows)."""
    from matcher.retrieval.bm25 import Postings, select_documents
    from matcher.retrieval.lexical import LexicalIndex

    postings = lexical.postings
    rows = lexical.rows([source_ids[j] for j in np.unique(src).tolist()])
    row_of = dict(zip(np.unique(src).tolist(), rows.tolist(), strict=True))
    layout = select_documents(
        (postings.doc_indptr, postings.doc_terms, postings.doc_tf, postings.lengths),
        np.asarray([row_of[j] for j in src.tolist()], dtype=np.int64),
    )
    terms = [lexical.term(t) for t in range(lexical.vocabulary_size)]
    return LexicalIndex(
        ids,
        terms,
        Postings.from_documents(*layout, len(terms)),
        mode=lexical.mode,
        ngram_range=lexical.ngram_range,
        k1=lexical.k1,
        b=lexical.b,
    )


def scale_students(engine: Any, n: int, *, seed: int = SEED) -> Any:
    """A copy of ``engine`` whose student side holds ``n`` rows: the real students, then copies
    of them in turn (a new id, the same profile columns and skills, a vector near the
    original's, agreeing to be seen). The student vector index and BM25 are rebuilt for them;
    the position side and the history are shared unchanged."""
    from matcher.engine.build import stored_vectors
    from matcher.engine.tables import StudentTable
    from matcher.retrieval.index import VectorIndex, synthetic_vectors

    S = engine.students
    n0 = len(S)
    src = np.concatenate([np.arange(min(n, n0)), np.arange(max(n - n0, 0)) % n0])
    ids = [S.ids[j] if i < n0 else f"{S.ids[j]}:{i}" for i, j in enumerate(src.tolist())]
    vectors = np.empty((n, engine.student_vectors.shape[1]), dtype=np.float32)
    vectors[: min(n, n0)] = engine.student_vectors[: min(n, n0)]
    extra = np.arange(min(n, n0), n)
    for j in range(n0):
        rows = extra[src[extra] == j]
        if rows.size:
            vectors[rows] = synthetic_vectors(
                engine.student_vectors[j : j + 1], rows.size, noise=NOISE, seed=seed + 7919 + j
            )
    values = {}
    for f in __import__("dataclasses").fields(S):
        column = getattr(S, f.name)
        values[f.name] = (
            column.take(src)
            if hasattr(column, "take") and not isinstance(column, np.ndarray)
            else column[src]
        )
    values["ids"] = ids
    values["visible"] = np.ones(n, dtype=bool)
    table = StudentTable(**values)
    stored = stored_vectors(vectors)
    return replace(
        engine,
        students=table,
        student_vectors=stored,
        student_index=VectorIndex(ids, stored),
        student_lexical=replicated_lexical(engine.student_lexical, S.ids, src, ids),
    )


def bench_recommend(
    engine: Any, *, repeats: int, progress: bool, synthetic: bool
) -> dict[str, Any]:
    """p50/p99 of ``recommend_positions`` over ``repeats`` requests cycling over students."""
    from tqdm.auto import tqdm

    from matcher.recommend import recommend_positions
    from matcher.retrieval.positions import POOL_SIZE

    rng = np.random.default_rng(SEED)
    students = list(engine.students.ids)
    chosen = [students[i] for i in rng.permutation(len(students))[: min(50, len(students))]]
    for sid in chosen[:5]:  # warm up (builds the engine's views)
        recommend_positions(engine, sid, k=10)
    samples = []
    returned = []
    n = len(engine.positions)
    for i in tqdm(range(repeats), desc=f"recommend n={n}", disable=not progress, file=sys.stderr):
        sid = chosen[i % len(chosen)]
        start = time.perf_counter()
        recs = recommend_positions(engine, sid, k=10)
        samples.append(time.perf_counter() - start)
        returned.append(len(recs))
    p50, p99 = percentiles(samples)
    return {
        "n": n,
        "requests": repeats,
        "students": len(chosen),
        "p50_ms": p50,
        "p99_ms": p99,
        "candidates": POOL_SIZE,
        "position_index": engine.position_index.kind,
        "mean_returned": float(np.mean(returned)),
        "synthetic_positions": synthetic,
    }
