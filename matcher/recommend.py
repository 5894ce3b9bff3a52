"""Recommendation: retrieve → pair features → rank → filter and diversify → explain, both ways.

``recommend_positions`` gives a student ranked positions (and the enterprises behind them);
``recommend_candidates`` gives a position ranked students who consented to be seen. With a trained
ranker the score is a calibrated match probability; without one, the documented prior score
(:func:`prior_score`) ranks and the result says ``scorer: "prior"`` and has no probability.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, TypeVar

import numpy as np

from matcher.engine.snapshot import Engine
from matcher.engine.tables import LANGS, TIERS
from matcher.ranking.features import FEATURE_NAMES, pair_features
from matcher.retrieval.fusion import (
    ChannelResult,
    fuse,
    fuse_rows,
    skill_channel,
    skill_rows,
    weights_for,
)
from matcher.retrieval.index import EXACT_FALLBACK_FRACTION
from matcher.retrieval.lexical import MAX_QUERY_TERMS
from matcher.rules import recommendation_day

logger = logging.getLogger(__name__)
T = TypeVar("T")

_COL = {name: i for i, name in enumerate(FEATURE_NAMES)}
#: Candidates each channel contributes before fusion.
CHANNEL_DEPTH = 200
#: Size of the fused pool that is re-ranked (the ranker's and the features' cost grow with it).
POOL_SIZE = 150


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


def prior_score(features: np.ndarray) -> np.ndarray:
    """The score used before any ranker is trained, in [0, 1]; a documented hand-set blend.

    ``0.35 * skill fit + 0.25 * dense similarity + 0.15 * lexical + 0.15 * major fit
    + 0.10 * stated preferences``, where skill fit is IDF-weighted required-skill coverage (or
    overlap with skills mentioned anywhere when a position lists none), dense similarity is the
    cosine clipped to [0, 1], lexical is BM25 divided by the best BM25 among the candidates,
    major fit is 1 for an accepted major, 0.5 when any major is accepted and 0.5 more for a
    major whose sectors meet the enterprise's, and preferences is the mean of the city, sector
    and type matches the student stated (0.5 when none).
    """
    f = features
    skill = np.where(
        np.isnan(f[:, _COL["required_coverage"]]),
        f[:, _COL["mentioned_overlap"]],
        f[:, _COL["required_coverage"]],
    )
    dense = np.clip(f[:, _COL["dense_cosine"]], 0, 1)
    bm = f[:, _COL["bm25"]]
    lexical = bm / bm.max() if len(bm) and bm.max() > 0 else np.zeros(len(f))
    major = np.clip(
        f[:, _COL["major_accepted"]]
        + 0.5 * f[:, _COL["any_major"]]
        + 0.5 * f[:, _COL["major_sector_overlap"]],
        0,
        1,
    )
    prefs = f[:, [_COL["city_preferred"], _COL["sector_preferred"], _COL["type_preferred"]]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-nan rows: no stated preference
        pref = np.nanmean(prefs, axis=1)
    pref = np.where(np.isnan(pref), 0.5, pref)
    return 0.35 * skill + 0.25 * dense + 0.15 * lexical + 0.15 * major + 0.10 * pref


def score(engine: Engine, features: np.ndarray) -> tuple[np.ndarray, np.ndarray | None, str]:
    """(score, probability or None, scorer name) of feature rows."""
    if engine.ranker is not None and len(features):
        p = engine.ranker.predict(features)
        return p, p, "learned"
    return prior_score(features), None, "prior"


def _built_once(engine: Engine, name: str, build: Callable[[], T]) -> T:
    """``engine.<name>``, made by ``build()`` the first time a request needs it.

    A served engine does not change (a change publishes a new one), so what a request derives
    from it alone is derived once; :func:`warm_up` makes these before the engine serves.
    """
    value = getattr(engine, name, None)
    if value is None:
        value = build()
        setattr(engine, name, value)
    return value  # type: ignore[no-any-return]


def engine_context(engine: Engine) -> Any:
    """The feature context of an engine (cached on it)."""

    def build() -> Any:
        from matcher.ranking.features import FeatureContext

        return FeatureContext(
            engine.students,
            engine.positions,
            engine.enterprises,
            engine.student_vectors,
            engine.position_vectors,
            engine.skill_idf,
        )

    return _built_once(engine, "_feature_context", build)


def position_skill_matrix(engine: Engine) -> Any:
    """Required plus mentioned skills of every position (built once per engine, not per request)."""
    P = engine.positions
    return _built_once(engine, "_position_skills", lambda: (P.required + P.mentioned).tocsr())


def position_skill_columns(engine: Engine) -> Any:
    """:func:`position_skill_matrix` column-major, for the skill channel (built once)."""
    return _built_once(
        engine, "_position_skill_columns", lambda: position_skill_matrix(engine).tocsc()
    )


def _open_mask(engine: Engine, day: np.datetime64, degree: int) -> np.ndarray:
    """The cached mask of positions open on ``day`` to a student of ``degree`` (do not write).

    The masks are cached on the engine per (day, degree): a request then copies one instead
    of comparing dates and degrees over the whole catalogue (0.5 ms at 100k positions). The
    cache belongs to one ``is_open`` array: closing a position publishes a new array (copy on
    write, see ``api.records``), which starts a new cache.
    """
    P = engine.positions
    owner, cache = getattr(engine, "_open_masks", (None, None))
    if owner is not P.is_open or cache is None:
        cache = {}
        engine._open_masks = (P.is_open, cache)  # type: ignore[attr-defined]
    key = (day, degree)
    mask = cache.get(key)
    if mask is None:
        mask = P.is_open.copy()
        mask &= np.isnat(P.start) | (P.start <= day)
        mask &= np.isnat(P.deadline) | (P.deadline >= day)
        mask &= P.min_degree <= degree
        if len(cache) >= 64:  # days go by; keep the cache small
            cache.clear()
        cache[key] = mask
    return mask


def _open_to_degree(engine: Engine, day: np.datetime64, degree: int) -> np.ndarray:
    """A fresh copy of :func:`_open_mask`, for the request to narrow further."""
    return _open_mask(engine, day, degree).copy()


def narrow_block(
    engine: Engine, day: np.datetime64, degree: int
) -> tuple[np.ndarray, np.ndarray] | None:
    """``(rows, vectors)`` of the indexed positions open on ``day`` to ``degree``, if they are few.

    When fewer than half the index's slots pass a student's filters, FAISS searches exactly
    (see :data:`~matcher.retrieval.index.EXACT_FALLBACK_FRACTION`), through a bitmap selector, one
    vector at a time: 2.7 ms for the 25% of 100k positions open to a student without a
    bachelor's degree. The same exact search over a contiguous copy of those vectors is one
    matrix-vector product and a top-k (1.1 ms). The copy is kept per degree for one day and one
    ``is_open`` array (at most half the position vectors each); ``None`` when the filters
    leave at least half the slots, where the HNSW walk is cheaper.
    """
    blocks: dict[int, Any] = _built_once(engine, "_narrow_blocks", dict)
    P = engine.positions
    hit = blocks.get(degree)
    if hit is not None and hit[0] is P.is_open and hit[1] == day:
        return hit[2]  # type: ignore[no-any-return]
    rows = np.flatnonzero(_open_mask(engine, day, degree) & (index_slots(engine) >= 0))
    block = None
    if rows.size < (1.0 - EXACT_FALLBACK_FRACTION) * engine.position_index.n_slots:
        block = (rows, np.ascontiguousarray(engine.position_vectors[rows], dtype=np.float32))
    blocks[degree] = (P.is_open, day, block)
    return block


def _search_block(
    block: tuple[np.ndarray, np.ndarray], query: np.ndarray, allowed: np.ndarray, k: int
) -> np.ndarray:
    """Rows of the ``k`` allowed positions of ``block`` nearest to ``query``, nearest first."""
    rows, vectors = block
    scores = vectors @ query
    found = np.flatnonzero(allowed[rows])
    if found.size > k:
        found = found[np.argpartition(-scores[found], k - 1)[:k]]
    return rows[found[np.lexsort((found, -scores[found]))]]


def _eligible_positions(
    engine: Engine, s: int, as_of: np.datetime64, exclude: Collection[str] = ()
) -> np.ndarray:
    """Boolean mask of positions a student may be shown at ``as_of`` (hard filters).

    Besides the engine's own exclusions (dismissed or applied when it was built), ``exclude``
    names positions to leave out, such as those the store has recorded since.
    """
    P = engine.positions
    ok = _open_to_degree(engine, as_of.astype("datetime64[D]"), int(engine.students.degree[s]))
    for pid in chain(engine.excluded.get(engine.students.ids[s], ()), exclude):
        i = P.index.get(pid)
        if i is not None:
            ok[i] = False
    return ok


def student_language(engine: Engine, s: int) -> str:
    """The language a student's explanations are written in: 'zh' unless the profile is English."""
    return "en" if LANGS[engine.students.lang[s]] == "en" else "zh"


def lexical_rows(engine: Engine) -> np.ndarray:
    """Row of each position (PositionTable order) in the lexical index (built once per engine)."""
    return _built_once(
        engine, "_lexical_rows", lambda: engine.position_lexical.rows(engine.positions.ids)
    )


def index_slots(engine: Engine) -> np.ndarray:
    """Slot of each position (PositionTable order) in the vector index, -1 when not indexed."""
    return _built_once(
        engine, "_index_slots", lambda: engine.position_index.slots(engine.positions.ids)
    )


def _slot_rows(engine: Engine) -> np.ndarray:
    """Position row of each vector-index slot; ``len(positions)`` for a slot of no position."""

    def build() -> np.ndarray:
        rows = np.full(engine.position_index.n_slots, len(engine.positions), dtype=np.int64)
        slots = index_slots(engine)
        indexed = slots >= 0
        rows[slots[indexed]] = np.flatnonzero(indexed)
        return rows

    return _built_once(engine, "_slot_rows", build)


def slot_mask(engine: Engine, allowed: np.ndarray) -> np.ndarray:
    """``allowed`` (PositionTable order) as a mask over the vector index's slots.

    One gather through the cached slot → row map (slots of no position read a final False).
    """
    return np.append(allowed, False)[_slot_rows(engine)]


def _top_allowed(scores: np.ndarray, allowed: np.ndarray, k: int) -> np.ndarray:
    """Rows of the ``k`` best positive scores among allowed rows, best first."""
    masked = np.where(allowed, scores, 0.0)
    nz = np.flatnonzero(masked > 0)
    if nz.size > k:
        nz = nz[np.argpartition(-masked[nz], k - 1)[:k]]
    return nz[np.lexsort((nz, -masked[nz]))]


def student_terms(engine: Engine, s: int) -> list[str]:
    """A student's profile as a query of the position index, without re-tokenising it.

    Both indexes tokenise alike by default, so the student index already holds the terms.
    """
    S, SL, PL = engine.students, engine.student_lexical, engine.position_lexical
    if (SL.mode, SL.ngram_range) == (PL.mode, PL.ngram_range):
        try:
            return SL.document_terms(S.ids[s])
        except KeyError:
            pass
    return PL.query_terms(S.documents[s])


def retrieve_for_student(
    engine: Engine,
    s: int,
    allowed: np.ndarray,
    depth: int = CHANNEL_DEPTH,
    *,
    block: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Fused candidates within ``allowed``: (channel ranks, position rows, their exact BM25).

    The dense channel hands the filters to FAISS as a bitmap of allowed slots, so it returns
    the nearest allowed positions (approximate when most are allowed, exact otherwise; see
    :meth:`~matcher.retrieval.index.VectorIndex.search`); given a :func:`narrow_block` holding every
    allowed position, it searches that exactly instead. The lexical channel walks only the profile's
    :data:`~matcher.retrieval.lexical.MAX_QUERY_TERMS` rarest terms over the catalogue; the pool
    then
    gets exact BM25 over all its terms, as training computed it, for the features. Channels
    and fusion work on position rows (:func:`~matcher.retrieval.fusion.fuse_rows`); ``ranks[c][j]``
    is the rank channel ``c`` gave the ``j``-th candidate, 0 when it did not find it.
    """
    results: dict[str, np.ndarray] = {}
    if block is not None:
        results["dense"] = _search_block(block, engine.student_vectors[s], allowed, depth)
    else:
        found, _ = engine.position_index.search_slots(
            engine.student_vectors[s : s + 1], depth, within=slot_mask(engine, allowed)
        )
        slots = found[0]
        results["dense"] = _slot_rows(engine)[slots[slots >= 0]]
    terms = student_terms(engine, s)
    rows = lexical_rows(engine)
    # Candidates from the query's rarest terms (fast); the pool's features get exact BM25.
    pruned = engine.position_lexical.scores(terms, max_terms=MAX_QUERY_TERMS)[rows]
    results["lexical"] = _top_allowed(pruned, allowed, depth)
    results["skills"], _ = skill_rows(
        engine.students.skills[s],
        position_skill_columns(engine),
        engine.skill_idf,
        depth,
        allowed=allowed,
    )
    lang = LANGS[engine.students.lang[s]]
    p_idx, _, ranks = fuse_rows(results, weights_for(lang), _id_order(engine), k=POOL_SIZE)
    return ranks, p_idx, engine.position_lexical.scores_rows(terms, rows[p_idx])


def _id_order(engine: Engine) -> np.ndarray:
    """Each position row's place in sorted id order (fusion's last tie-break; built once)."""

    def build() -> np.ndarray:
        ids = engine.positions.ids
        order = np.empty(len(ids), dtype=np.int64)
        order[sorted(range(len(ids)), key=ids.__getitem__)] = np.arange(len(ids))
        return order

    return _built_once(engine, "_position_id_order", build)


def _skill_labels(engine: Engine, skill_cols: np.ndarray, lang: str) -> list[str]:
    # The column order of the skill matrices.
    ids = _built_once(engine, "_skill_ids", lambda: list(engine.taxonomy.skills))
    return [engine.taxonomy.label(ids[c], lang) for c in skill_cols]


def _row_columns(matrix: Any, row: int) -> np.ndarray:
    """Column indices of one row of a CSR matrix (a slice, not a new sparse matrix)."""
    return matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]]


def explain_pair(
    engine: Engine, s: int, p: int, f: np.ndarray, lang: str, viewer: str = "student"
) -> tuple[list[str], list[str], list[str]]:
    """(matched required skills, missing required skills, reasons) in ``lang``.

    ``viewer`` is who reads them: ``"student"`` (about the position, addressed to the student)
    or ``"enterprise"`` (about the candidate, for the position's recruiter).
    """
    stu = set(_row_columns(engine.students.skills, s).tolist())
    req = _row_columns(engine.positions.required, p)
    pref = _row_columns(engine.positions.preferred, p)
    matched = [c for c in req if c in stu] + [c for c in pref if c in stu]
    missing = [c for c in req if c not in stu]
    reasons = (
        _candidate_reasons(req, stu, f, lang)
        if viewer == "enterprise"
        else _position_reasons(engine, p, req, stu, f, lang)
    )
    return (
        _skill_labels(engine, np.array(matched, dtype=int), lang),
        _skill_labels(engine, np.array(missing, dtype=int), lang),
        reasons,
    )


def _position_reasons(
    engine: Engine, p: int, req: np.ndarray, stu: set[int], f: np.ndarray, lang: str
) -> list[str]:
    """Why a position suits the student, addressed to the student."""
    zh = lang == "zh"
    reasons: list[str] = []
    n_req, n_hit = len(req), len([c for c in req if c in stu])
    if n_req:
        reasons.append(
            f"匹配 {n_hit}/{n_req} 项必备技能"
            if zh
            else f"matches {n_hit} of {n_req} required skills"
        )
    if f[_COL["major_accepted"]] == 1:
        reasons.append("专业符合岗位要求" if zh else "your major is one the position accepts")
    elif f[_COL["major_sector_overlap"]] == 1:
        reasons.append(
            "专业方向与企业行业相关" if zh else "your major fits the enterprise's sector"
        )
    if f[_COL["city_preferred"]] == 1:
        city = engine.positions.city[p]
        reasons.append(f"位于意向城市{city}" if zh else f"in a city you prefer ({city})")
    if f[_COL["sector_preferred"]] == 1:
        reasons.append("属于意向行业" if zh else "in a sector you prefer")
    tier = TIERS[int(f[_COL["tier"]])].value
    if tier == "little_giant":
        reasons.append(
            "国家级专精特新“小巨人”企业" if zh else "a national “little giant” specialised SME"
        )
    elif tier == "provincial":
        reasons.append("省级专精特新企业" if zh else "a provincial specialised SME (专精特新)")
    days = f[_COL["days_to_deadline"]]
    if not np.isnan(days) and 0 <= days <= 14:
        reasons.append(f"{int(days)} 天后截止" if zh else f"closes in {int(days)} days")
    apo = f[_COL["applicants_per_opening"]]
    if not np.isnan(apo) and apo < 1:
        reasons.append("申请人少，机会较大" if zh else "few applicants per opening so far")
    if f[_COL["dense_cosine"]] >= 0.5:
        reasons.append(
            "简历内容与岗位描述高度相似" if zh else "your profile reads close to the description"
        )
    return reasons


def _candidate_reasons(req: np.ndarray, stu: set[int], f: np.ndarray, lang: str) -> list[str]:
    """Why a student suits the position, for its recruiter (never a personal attribute)."""
    zh = lang == "zh"
    reasons: list[str] = []
    n_req, n_hit = len(req), len([c for c in req if c in stu])
    if n_req:
        reasons.append(
            f"具备 {n_hit}/{n_req} 项必备技能" if zh else f"has {n_hit} of {n_req} required skills"
        )
    if f[_COL["major_accepted"]] == 1:
        reasons.append("所学专业在岗位接受范围内" if zh else "studies a major the position accepts")
    elif f[_COL["major_sector_overlap"]] == 1:
        reasons.append(
            "专业方向与贵企业行业相关" if zh else "studies a major close to the enterprise's sector"
        )
    gap = f[_COL["degree_gap"]]
    if not np.isnan(gap) and gap > 0:
        reasons.append("学历高于岗位要求" if zh else "holds a higher degree than required")
    rank = f[_COL["rank_percentile"]]
    if not np.isnan(rank) and rank <= 20:
        reasons.append(
            f"成绩排名前 {max(int(np.ceil(rank)), 1)}%"
            if zh
            else f"in the top {max(int(np.ceil(rank)), 1)}% of their class"
        )
    internships = f[_COL["internships"]]
    if not np.isnan(internships) and internships >= 1:
        n = int(internships)
        reasons.append(f"有 {n} 段实习经历" if zh else f"{n} internship{'s' if n > 1 else ''}")
    competitions = f[_COL["competitions"]]
    if not np.isnan(competitions) and competitions >= 1:
        n = int(competitions)
        reasons.append(
            f"获得 {n} 项竞赛奖项" if zh else f"{n} competition award{'s' if n > 1 else ''}"
        )
    if f[_COL["city_preferred"]] == 1:
        reasons.append("意向城市与岗位所在地一致" if zh else "wants to work in this city")
    if f[_COL["dense_cosine"]] >= 0.5:
        reasons.append(
            "简历内容与岗位描述高度相似" if zh else "profile reads close to the description"
        )
    return reasons


def _recommendation(
    engine: Engine,
    s: int,
    p: int,
    features: np.ndarray,
    score_value: float,
    probability: float | None,
    scorer: str,
    channels: dict[str, int],
    lang: str,
    student_id: str | None = None,
) -> Recommendation:
    """One explained result for the pair (student row ``s``, position row ``p``)."""
    P = engine.positions
    viewer = "student" if student_id is None else "enterprise"
    matched, missing, reasons = explain_pair(engine, s, p, features, lang, viewer)
    return Recommendation(
        position_id=P.ids[p],
        enterprise_id=engine.enterprises.ids[P.enterprise[p]],
        title=P.records[p].title,
        score=round(score_value, 6),
        probability=None if probability is None else round(probability, 6),
        matched_skills=matched,
        missing_skills=missing,
        reasons=reasons,
        student_id=student_id,
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
    exclude: Collection[str] = (),
) -> list[Recommendation]:
    """Top ``k`` positions for a student, at most ``per_enterprise`` per enterprise.

    ``exclude`` names positions never to show (beyond those the engine already excludes).
    Raises ``KeyError`` for an unknown student and ``ValueError`` for a bad ``k``.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    s = engine.students.index[student_id]
    as_of = recommendation_day(engine.clock, as_of)
    allowed = _eligible_positions(engine, s, as_of, exclude)
    if not allowed.any():
        return []
    block = narrow_block(engine, as_of.astype("datetime64[D]"), int(engine.students.degree[s]))
    ranks, p_idx, bm25 = retrieve_for_student(engine, s, allowed, block=block)
    P = engine.positions
    feats = pair_features(
        engine_context(engine), np.full(len(p_idx), s), p_idx, as_of, engine.stats, bm25
    )
    scores, probs, scorer = score(engine, feats)
    order = np.argsort(-scores, kind="stable")
    lang = lang or student_language(engine, s)
    per_ent: dict[int, int] = {}
    out: list[Recommendation] = []
    for j in order:
        p = int(p_idx[j])
        e = int(P.enterprise[p])
        if per_ent.get(e, 0) >= per_enterprise:
            continue
        per_ent[e] = per_ent.get(e, 0) + 1
        out.append(
            _recommendation(
                engine,
                s,
                p,
                feats[j],
                float(scores[j]),
                None if probs is None else float(probs[j]),
                scorer,
                {c: int(r[j]) for c, r in ranks.items() if r[j]},
                lang,
            )
        )
        if len(out) >= k:
            break
    return out


def recommend_enterprises(
    engine: Engine,
    student_id: str,
    *,
    k: int = 5,
    as_of: np.datetime64 | None = None,
    exclude: Collection[str] = (),
) -> list[dict[str, Any]]:
    """Enterprises ranked by their best position for the student, with those positions."""
    recs = recommend_positions(
        engine, student_id, k=50, as_of=as_of, per_enterprise=50, exclude=exclude
    )
    by_ent: dict[str, dict[str, Any]] = {}
    for r in recs:
        entry = by_ent.setdefault(
            r.enterprise_id,
            {
                "enterprise_id": r.enterprise_id,
                "name": engine.enterprises.records[engine.enterprises.index[r.enterprise_id]].name,
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
    P, S = engine.positions, engine.students
    p = P.index[position_id]
    as_of = recommendation_day(engine.clock, as_of)
    allowed = S.degree >= P.min_degree[p]
    if consenting_only:
        allowed &= S.visible
    if not allowed.any():
        return []
    results: dict[str, ChannelResult] = {}
    idx = np.flatnonzero(allowed)
    sims = engine.student_vectors[idx] @ engine.position_vectors[p]
    top = idx[np.argsort(-sims, kind="stable")[:CHANNEL_DEPTH]]
    results["dense"] = ChannelResult(
        [S.ids[i] for i in top], engine.student_vectors[top] @ engine.position_vectors[p]
    )
    lex_ids, lex_scores = engine.student_lexical.search(
        engine.student_lexical.query_terms(P.documents[p]), k=CHANNEL_DEPTH * 3
    )
    keep = [i for i, sid in enumerate(lex_ids) if allowed[S.index[sid]]][:CHANNEL_DEPTH]
    results["lexical"] = ChannelResult([lex_ids[i] for i in keep], lex_scores[keep])
    results["skills"] = skill_channel(
        P.required[p] + P.mentioned[p],
        S.skills,
        engine.skill_idf,
        S.ids,
        CHANNEL_DEPTH,
        allowed=allowed,
    )
    pool = fuse(results, weights_for(LANGS[P.lang[p]]), k=POOL_SIZE)
    s_idx = np.array([S.index[c.id] for c in pool], dtype=np.int64)
    bm25 = engine.student_lexical.scores_for(
        engine.student_lexical.query_terms(P.documents[p]), [S.ids[i] for i in s_idx]
    )
    feats = pair_features(
        engine_context(engine),
        s_idx,
        np.full(len(s_idx), p),
        as_of,
        engine.stats,
        np.asarray(bm25, dtype=np.float32),
    )
    scores, probs, scorer = score(engine, feats)
    order = np.argsort(-scores, kind="stable")[:k]
    lang = lang or ("en" if LANGS[P.lang[p]] == "en" else "zh")
    out = []
    for j in order:
        s = int(s_idx[j])
        out.append(
            _recommendation(
                engine,
                s,
                p,
                feats[j],
                float(scores[j]),
                None if probs is None else float(probs[j]),
                scorer,
                pool[j].ranks,
                lang,
                student_id=S.ids[s],
            )
        )
    return out


def warm_up(engine: Engine) -> None:
    """Answer one request each way so the engine's lazy caches exist before it is served.

    A request reads structures built on first use (the lexical index's document-major matrix,
    the slot and row maps, the skill columns, the feature context); at 100k positions the
    first request built them for 1.3 s while every request behind it waited. Serving calls
    this on a new engine before publishing it.
    """
    if len(engine.students):
        recommend_positions(engine, engine.students.ids[0], k=1)
        day = recommendation_day(engine.clock).astype("datetime64[D]")
        for degree in np.unique(engine.students.degree).tolist():
            narrow_block(engine, day, int(degree))  # the first narrow request would copy it
    if len(engine.positions):
        recommend_candidates(engine, engine.positions.ids[0], k=1, consenting_only=False)
