"""The grid: features and per-direction lexical scores of every evaluated (student, position)
pair, through the same functions serving uses (:func:`~matcher.ranking.features.pair_features`,
:func:`~matcher.retrieval.pairs.bm25_pairs`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass
class PairGrid:
    """Features and per-direction lexical scores of every (student, position) pair evaluated."""

    students: np.ndarray  # StudentTable rows
    positions: np.ndarray  # PositionTable rows
    X: np.ndarray  # (n_students, n_positions, n_features)
    bm25_ps: np.ndarray  # BM25 with the position's document as query, over the students
    chars_sp: np.ndarray  # TF-IDF character n-grams, student's document as query
    chars_ps: np.ndarray  # the same, position's document as query


def pair_grid(
    engine: Any,
    students: np.ndarray,
    positions: np.ndarray,
    as_of: np.datetime64,
    stats: Any,
    progress: Callable[[str, int], Any],
    ray_address: str | None = None,
) -> PairGrid:
    """Compute the features of every pair (one student's row at a time; on Ray, blocks of
    students on actors that each load the engine's version once)."""
    from matcher.ranking.features import FEATURE_NAMES, pair_features
    from matcher.ranking.training import open_dates
    from matcher.retrieval.lexical import CharTfidf
    from matcher.retrieval.pairs import bm25_pairs

    S, P = engine.students, engine.positions
    dates = open_dates(engine, positions, as_of)
    shape = (len(students), len(positions))
    s_all, p_all = np.repeat(students, len(positions)), np.tile(positions, len(students))
    bm25_sp = bm25_pairs(engine, s_all, p_all).reshape(shape)
    bm25_ps = bm25_pairs(engine, s_all, p_all, query="position").reshape(shape)
    if ray_address:
        X = _features_on_ray(engine, students, positions, dates, stats, bm25_sp, ray_address)
    else:
        X = np.empty((*shape, len(FEATURE_NAMES)), dtype=np.float32)
        for i, s in enumerate(progress("pair features", len(students))(students)):
            X[i] = pair_features(
                engine, np.full(len(positions), s), positions, dates, stats, bm25_sp[i]
            )
    pos_ids = [P.ids[p] for p in positions]
    stu_ids = [S.ids[s] for s in students]
    pos_chars = CharTfidf.build(pos_ids, [P.documents[p] for p in positions])
    stu_chars = CharTfidf.build(stu_ids, [S.documents[s] for s in students])
    chars_sp = np.stack([pos_chars.scores_for(S.documents[s], pos_ids) for s in students])
    chars_ps = np.stack([stu_chars.scores_for(P.documents[p], stu_ids) for p in positions]).T
    return PairGrid(students, positions, X, bm25_ps, chars_sp.astype(np.float32), chars_ps)


#: Students per actor call of the grid on Ray.
RAY_BLOCK = 16


class _GridRows:
    """A Ray actor: the engine version at ``version``, computing the grid's rows of a block of
    students against the evaluated ``positions``."""

    def __init__(
        self,
        version: str,
        students: np.ndarray,
        positions: np.ndarray,
        dates: Any,
        stats: Any,
        bm25_sp: np.ndarray,
    ) -> None:
        from pathlib import Path

        from matcher.cluster import one_thread_each
        from matcher.engine.persist import load_version

        one_thread_each()
        self.engine = load_version(Path(version))
        self.students, self.positions, self.dates = students, positions, dates
        self.stats, self.bm25_sp = stats, bm25_sp

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        from matcher.ranking.features import pair_features

        n, at = len(self.positions), batch["data"]
        rows = [
            pair_features(
                self.engine,
                np.full(n, self.students[i]),
                self.positions,
                self.dates,
                self.stats,
                self.bm25_sp[i],
            )
            for i in at.tolist()
        ]
        return {"at": at, "X": np.stack(rows).astype(np.float32)}


def _features_on_ray(
    engine: Any,
    students: np.ndarray,
    positions: np.ndarray,
    dates: Any,
    stats: Any,
    bm25_sp: np.ndarray,
    address: str,
) -> np.ndarray:
    """The grid's features of every pair, computed on Ray at ``address``."""
    import pyarrow as pa
    import ray

    from matcher.cluster import in_blocks, ray_session
    from matcher.ranking.features import FEATURE_NAMES

    if engine.directory is None:
        raise ValueError("the grid on Ray needs a saved engine version")
    X = np.empty((len(students), len(positions), len(FEATURE_NAMES)), dtype=np.float32)
    with ray_session(address) as cpus:
        # Only the rows' places travel; each actor holds the block's inputs from the start (a
        # stage of tasks beside the actors would wait for a CPU they all hold).
        blocks = -(-len(students) // RAY_BLOCK)
        data = in_blocks(pa.table({"data": np.arange(len(students))}), RAY_BLOCK)
        rows = data.map_batches(
            _GridRows,
            fn_constructor_kwargs={
                "version": str(engine.directory),
                "students": students,
                "positions": positions,
                "dates": dates,
                "stats": stats,
                "bm25_sp": bm25_sp,
            },
            batch_size=RAY_BLOCK,
            batch_format="numpy",
            compute=ray.data.ActorPoolStrategy(size=max(1, min(cpus, blocks))),
            num_cpus=1,
        )
        for out in rows.iter_batches(batch_size=None, batch_format="numpy"):
            X[out["at"]] = out["X"]
    return X


def window_catalogue(engine: Any, test: str) -> np.ndarray:
    """Rows of the test window's catalogue: positions open at some time in it, and any position
    applied to in it, sorted.

    Hidden grades ignore seasons, but a recommendation is always made among the positions of
    its time, and the rankers rightly learned that expired ones go unanswered.
    """
    from matcher.ranking.training import _window_positions

    P = engine.positions
    catalogue = set(_window_positions(engine, test).tolist())
    catalogue |= {
        P.index[pairs_pid]
        for pairs_pid, sem in zip(engine.pairs.position_ids, engine.pairs.semester, strict=True)
        if sem == test and pairs_pid in P.index
    }
    return np.array(sorted(catalogue), dtype=np.int64)
