"""Every system's scores on the grid: the baselines, the fusion, the prior, both rankers, and
the ablations (see :data:`~eval.offline.common.MAIN_SYSTEMS`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from eval.offline.common import DIRECTIONS
from eval.offline.grid import PairGrid


def _fusion_weights(langs: np.ndarray, names: Sequence[str]) -> np.ndarray:
    from matcher.engine.tables import LANGS
    from matcher.retrieval.fusion import weights_for

    table = {code: weights_for(LANGS[code]) for code in set(langs.tolist())}
    return np.array([[table[int(code)].get(n, 0.0) for n in names] for code in langs])


@dataclass
class Scores:
    """Score matrices ``(n_students, n_positions)`` per system and direction."""

    by_direction: dict[str, dict[str, np.ndarray]] = field(
        default_factory=lambda: {d: {} for d in DIRECTIONS}
    )
    probabilities: dict[str, np.ndarray] = field(default_factory=dict)

    def add(self, name: str, both: np.ndarray | None = None, **per: np.ndarray) -> None:
        """Add a system: the same matrix in both directions, or one per direction."""
        for d in DIRECTIONS:
            self.by_direction[d][name] = per.get(d, both)


def _popularity(engine: Any, grid: PairGrid, cutoff: np.datetime64) -> tuple[np.ndarray, ...]:
    """Applications per position and interviews-or-better per student before ``cutoff`` (each
    pair graded by its events before it)."""
    from matcher.rules import ACCEPT_GRADE, APPLY_GRADE

    pairs = engine.pairs
    grades = pairs.grade_before(cutoff)
    applied: dict[str, int] = defaultdict(int)
    wanted: dict[str, int] = defaultdict(int)
    for i in np.flatnonzero(grades >= APPLY_GRADE):
        applied[pairs.position_ids[i]] += 1
        if grades[i] >= ACCEPT_GRADE:
            wanted[pairs.student_ids[i]] += 1
    P, S = engine.positions, engine.students
    pos = np.array([applied.get(P.ids[p], 0) for p in grid.positions], dtype=np.float32)
    stu = np.array([wanted.get(S.ids[s], 0) for s in grid.students], dtype=np.float32)
    ns, np_ = len(grid.students), len(grid.positions)
    return np.broadcast_to(pos, (ns, np_)), np.broadcast_to(stu[:, None], (ns, np_))


def score_systems(
    engine: Any,
    grid: PairGrid,
    models: Mapping[str, Any],
    learned_kind: str,
    ablation_models: Mapping[str, Any],
    cutoff: np.datetime64,
    seed: int,
) -> Scores:
    """Every system's scores on the grid (see :data:`MAIN_SYSTEMS`) and the ablations."""
    from matcher.ranking.features import FEATURE_GROUPS, FEATURE_NAMES
    from matcher.ranking.prior import prior_score
    from matcher.retrieval.fusion import fuse_scores
    from matcher.retrieval.skills import skill_overlap

    col = {n: i for i, n in enumerate(FEATURE_NAMES)}
    X = grid.X
    ns, np_, nf = X.shape
    flat = X.reshape(-1, nf)
    out = Scores()
    rng = np.random.default_rng(seed)
    out.add("random", rng.random((ns, np_)))
    pos_pop, stu_pop = _popularity(engine, grid, cutoff)
    # Ties (unseen positions) fall back to a fixed random order rather than to id order.
    jitter = rng.random((ns, np_)) * 1e-3
    out.add(
        "popularity",
        student_to_position=pos_pop + jitter,
        position_to_student=stu_pop + jitter,
    )
    bm25_sp = X[:, :, col["bm25"]]
    out.add("bm25", student_to_position=bm25_sp, position_to_student=grid.bm25_ps)
    out.add("tfidf_chars", student_to_position=grid.chars_sp, position_to_student=grid.chars_ps)
    dense = X[:, :, col["dense_cosine"]]
    out.add("dense", dense)
    skills = skill_overlap(
        engine.students.skills[grid.students],
        engine.position_skills[grid.positions],
        engine.skill_idf,
    )
    names = ("dense", "lexical", "skills")
    w_s = _fusion_weights(engine.students.lang[grid.students], names)
    w_p = _fusion_weights(engine.positions.lang[grid.positions], names)
    channels = {
        "student_to_position": {"dense": dense, "lexical": bm25_sp, "skills": skills},
        "position_to_student": {"dense": dense, "lexical": grid.bm25_ps, "skills": skills},
    }

    def fused(without: str | None = None) -> dict[str, np.ndarray]:
        keep = [i for i, c in enumerate(names) if c != without]
        return {
            d: fuse_scores(
                {c: channels[d][c] for c in names if c != without},
                (w_s if d == DIRECTIONS[0] else w_p)[:, keep],
                axis=1 if d == DIRECTIONS[0] else 0,
            )
            for d in DIRECTIONS
        }

    out.add("fusion", **fused())
    prior = np.stack([prior_score(X[i]) for i in range(ns)])
    out.add("prior", prior)
    for name, model in models.items():
        p = model.predict(flat).reshape(ns, np_)
        out.add(name, p)
        out.probabilities[name] = p
    out.add("learned", out.by_direction[DIRECTIONS[0]][learned_kind])
    out.probabilities["learned"] = out.probabilities[learned_kind]
    for channel in names:
        out.add(f"fusion − {channel}", **fused(channel))
    for group, model in ablation_models.items():
        keep = [i for i, n in enumerate(FEATURE_NAMES) if n not in FEATURE_GROUPS[group]]
        out.add(f"learned − {group}", model.predict(flat[:, keep]).reshape(ns, np_))
    return out
