"""Recommendation, both ways: retrieve → pair features → rank → filter and diversify → explain.

``recommend_positions`` gives a student ranked positions (and ``recommend_enterprises`` the
enterprises behind them); ``recommend_candidates`` gives a position ranked students who
consented to be seen. With a trained ranker the score is a calibrated match probability;
without one, the documented prior score ranks, and the result says ``scorer: "prior"`` and
has no probability (:func:`matcher.ranking.prior.score_pairs`). The day recommendations are
made at is :func:`matcher.rules.recommendation_day`, for every caller alike.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from matcher.engine.snapshot import Engine
from matcher.explain import Viewer, explain_pair, position_language, student_language
from matcher.ranking.features import pair_features
from matcher.ranking.prior import score_pairs
from matcher.retrieval.pairs import bm25_pairs
from matcher.retrieval.positions import eligible_positions, retrieve_for_student
from matcher.retrieval.students import eligible_students, retrieve_for_position
from matcher.rules import recommendation_day

logger = logging.getLogger(__name__)


@dataclass
class Recommendation:
    """One recommended position for a student (or one candidate for a position)."""

    position_id: str
    enterprise_id: str
    title: str
    score: float
    probability: float | None
    matched_skills: list[str]
    missing_skills: list[str]
    reasons: list[str]
    student_id: str | None = None
    scorer: str = "prior"
    channels: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form (lists and dicts copied; ``dataclasses.asdict`` cost 0.25 ms)."""
        out = dict(self.__dict__)
        for key in ("matched_skills", "missing_skills", "reasons"):
            out[key] = list(out[key])
        out["channels"] = dict(out["channels"])
        return out


def explain_result(
    engine: Engine,
    s: int,
    p: int,
    features: np.ndarray,
    score: float,
    probability: float | None,
    scorer: str,
    channels: dict[str, int],
    lang: str,
    viewer: Viewer,
) -> Recommendation:
    """One explained result for the pair (student row ``s``, position row ``p``)."""
    P = engine.positions
    matched, missing, reasons = explain_pair(engine, s, p, features, lang, viewer)
    return Recommendation(
        position_id=P.ids[p],
        enterprise_id=engine.enterprises.ids[P.enterprise[p]],
        title=P.title[p],
        score=round(score, 6),
        probability=None if probability is None else round(probability, 6),
        matched_skills=matched,
        missing_skills=missing,
        reasons=reasons,
        student_id=engine.students.ids[s] if viewer == "enterprise" else None,
        scorer=scorer,
        channels=channels,
    )


def recommend_positions(
    engine: Engine,
    student_id: str,
    *,
    k: int = 10,
    as_of: np.datetime64 | None = None,
    per_enterprise: int = 2,
    lang: str | None = None,
    exclude: Collection[str] | None = None,
    within: np.ndarray | None = None,
) -> list[Recommendation]:
    """Top ``k`` positions for a student, at most ``per_enterprise`` per enterprise.

    ``exclude`` names the positions her events hide now (the service reads them from the store);
    ``None`` takes those of the engine's snapshot. ``within``, a boolean mask over the
    engine's positions, is an extra hard filter: only positions it allows are retrieved and
    ranked, the same way as without it (a search restricted by filters, see
    :mod:`matcher.search`). Raises ``KeyError`` for an unknown student and ``ValueError`` for
    a bad ``k`` or a mask of the wrong length.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    s = engine.students.index[student_id]
    as_of = recommendation_day(engine.clock, as_of)
    allowed = eligible_positions(engine, s, as_of, exclude, within)
    if not allowed.any():
        return []
    ranks, p_idx, bm25 = retrieve_for_student(engine, s, allowed)
    feats = pair_features(engine, np.full(len(p_idx), s), p_idx, as_of, engine.stats, bm25)
    scores, probs, scorer = score_pairs(engine.ranker, feats)
    lang = lang or student_language(engine, s)
    enterprise = engine.positions.enterprise
    per_ent: dict[int, int] = {}
    out: list[Recommendation] = []
    for j in np.argsort(-scores, kind="stable"):
        p = int(p_idx[j])
        e = int(enterprise[p])
        if per_ent.get(e, 0) >= per_enterprise:
            continue
        per_ent[e] = per_ent.get(e, 0) + 1
        channels = {c: int(r[j]) for c, r in ranks.items() if r[j]}
        probability = None if probs is None else float(probs[j])
        explained = explain_result(
            engine, s, p, feats[j], float(scores[j]), probability, scorer, channels, lang,
            "student",
        )  # fmt: skip
        out.append(explained)
        if len(out) >= k:
            break
    return out


def recommend_enterprises(
    engine: Engine,
    student_id: str,
    *,
    k: int = 5,
    as_of: np.datetime64 | None = None,
    exclude: Collection[str] | None = None,
) -> list[dict[str, Any]]:
    """Enterprises ranked by their best position for the student, with those positions."""
    recs = recommend_positions(
        engine, student_id, k=50, as_of=as_of, per_enterprise=50, exclude=exclude
    )
    E = engine.enterprises
    by_ent: dict[str, dict[str, Any]] = {}
    for r in recs:
        entry = by_ent.setdefault(
            r.enterprise_id,
            {
                "enterprise_id": r.enterprise_id,
                "name": E.name[E.index[r.enterprise_id]],
                "score": r.score,
                "probability": r.probability,
                "positions": [],
            },
        )
        entry["positions"].append(r.position_id)
    return list(by_ent.values())[:k]


def recommend_candidates(
    engine: Engine,
    position_id: str,
    *,
    k: int = 10,
    as_of: np.datetime64 | None = None,
    consenting_only: bool = True,
    lang: str | None = None,
) -> list[Recommendation]:
    """Top ``k`` students for a position (only those who consented to be seen, by default)."""
    if k < 1:
        raise ValueError("k must be at least 1")
    p = engine.positions.index[position_id]
    as_of = recommendation_day(engine.clock, as_of)
    allowed = eligible_students(engine, p, consenting_only=consenting_only)
    if not allowed.any():
        return []
    ranks, s_idx, bm25 = retrieve_for_position(engine, p, allowed)
    feats = pair_features(engine, s_idx, np.full(len(s_idx), p), as_of, engine.stats, bm25)
    scores, probs, scorer = score_pairs(engine.ranker, feats)
    lang = lang or position_language(engine, p)
    out = []
    for j in np.argsort(-scores, kind="stable")[:k]:
        channels = {c: int(r[j]) for c, r in ranks.items() if r[j]}
        probability = None if probs is None else float(probs[j])
        explained = explain_result(
            engine, int(s_idx[j]), p, feats[j], float(scores[j]), probability, scorer,
            channels, lang, "enterprise",
        )  # fmt: skip
        out.append(explained)
    return out


def explain_matches(
    engine: Engine,
    pairs: Iterable[tuple[str, str]],
    *,
    lang: str | None = None,
    viewer: Viewer = "student",
    as_of: np.datetime64 | None = None,
) -> dict[tuple[str, str], Recommendation]:
    """Each given (student, position) pair scored and explained as recommendations are, for
    ``viewer``; pairs whose student or position is not indexed yet are left out.

    For a student's look at one position, or a recruiter's at the students who applied.
    """
    S, P = engine.students, engine.positions
    known = [(s, p) for s, p in dict.fromkeys(pairs) if s in S.index and p in P.index]
    if not known:
        return {}
    s_idx = np.array([S.index[s] for s, _ in known], dtype=np.int64)
    p_idx = np.array([P.index[p] for _, p in known], dtype=np.int64)
    as_of = recommendation_day(engine.clock, as_of)
    query = "position" if viewer == "enterprise" else "student"
    bm25 = bm25_pairs(engine, s_idx, p_idx, query=query)
    feats = pair_features(engine, s_idx, p_idx, as_of, engine.stats, bm25)
    scores, probs, scorer = score_pairs(engine.ranker, feats)
    out = {}
    for j, pair in enumerate(known):
        s, p = int(s_idx[j]), int(p_idx[j])
        language = lang or (
            position_language(engine, p) if viewer == "enterprise" else student_language(engine, s)
        )
        probability = None if probs is None else float(probs[j])
        out[pair] = explain_result(
            engine, s, p, feats[j], float(scores[j]), probability, scorer, {}, language, viewer
        )
    return out


def warm_up(engine: Engine) -> None:
    """Answer one request each way so the engine's views exist before it is served.

    A request reads views made on first use (the slot and row maps, the skill columns, the open
    masks); at 100k positions the first request built them for 1.3 s while every request behind
    it waited. Serving calls this on a new engine before publishing it. It asks for the first
    rows that are records (an updated engine's replaced rows have no id).
    """
    students = np.flatnonzero(~engine.students.ids.nulls())
    if students.size:
        recommend_positions(engine, engine.students.ids[int(students[0])], k=1)
    positions = np.flatnonzero(~engine.positions.ids.nulls())
    if positions.size:
        pid = engine.positions.ids[int(positions[0])]
        recommend_candidates(engine, pid, k=1, consenting_only=False)
