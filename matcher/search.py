"""A student's search of positions: filters and a keyword, ranked as her recommendations are.

A search is her recommendations restricted to what the filters allow (the ``within`` mask of
:func:`matcher.recommend.recommend_positions`): the same eligibility (open, within the
application window, not above her degree, not hidden by her events), the same retrieval, the
same ranker, the same explanations; only the per-enterprise cap of a recommendation list is
lifted, since a search shows every match. (Without a trained ranker, the prior score's
lexical part is relative to the best BM25 among the positions ranked together, so a narrowed
search may order a few positions otherwise than the full list; a ranker's scores stay put.)
The filters are those of Chinese job boards: city, position type, the enterprise's sector
(industry), a minimum monthly salary, and a keyword.

A keyword keeps the positions whose text holds it: every character n-gram (and Latin word) of
the keyword must be a term of the position's document in the position lexical index, so that
"光学设计" finds "光学设计工程师" whatever the word segmenter made of either; a keyword also
finds the positions of an enterprise whose name holds it. :func:`position_match` scores one
position for a student, eligible or not, for a position's own page.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from weakref import WeakKeyDictionary

import numpy as np

from matcher.engine.snapshot import Engine
from matcher.engine.tables import SECTORS, TYPES
from matcher.explain import student_language
from matcher.ranking.features import pair_features
from matcher.ranking.prior import score_pairs
from matcher.recommend import Recommendation, explain_result, recommend_positions
from matcher.retrieval.pairs import bm25_pairs
from matcher.retrieval.positions import eligible_positions, retrieve_for_student
from matcher.rules import recommendation_day
from matcher.schemas import PositionType, Sector
from matcher.text.tokens import tokenize

#: Longest keyword searched (characters); the rest is ignored.
MAX_KEYWORD = 50

_CITIES: WeakKeyDictionary[Engine, list[str]] = WeakKeyDictionary()


@dataclass(frozen=True)
class PositionQuery:
    """What a student searches for; every part is optional (an empty query keeps everything).

    ``min_salary`` (yuan a month) keeps the positions whose pay can reach it: the top of the
    range, or its bottom when only that is known; a position without a stated salary is left
    out once she asks for one.
    """

    keyword: str = ""
    city: str | None = None
    type: PositionType | None = None
    sector: Sector | None = None
    min_salary: int | None = None

    @property
    def is_empty(self) -> bool:
        """Whether the query filters nothing."""
        return not (
            self.keyword.strip() or self.city or self.type or self.sector or self.min_salary
        )


@dataclass
class SearchResult:
    """A page of ranked results and how many eligible positions match the query."""

    results: list[Recommendation]
    total: int


def _normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


def keyword_mask(engine: Engine, keyword: str) -> np.ndarray:
    """Positions (table order) whose document holds every term of ``keyword``, or whose
    enterprise's name holds it; all positions for a blank keyword."""
    P = engine.positions
    keyword = _normal(keyword[:MAX_KEYWORD])
    if not keyword:
        return np.ones(len(P), dtype=bool)
    lexical = engine.position_lexical
    mode = "words" if lexical.mode == "words" else "chars"
    terms = list(dict.fromkeys(tokenize(keyword, mode=mode, ngram_range=lexical.ngram_range)))
    if terms:
        found = np.ones(len(P), dtype=bool)
        for term in terms:
            found &= lexical.scores([term])[engine.lexical_rows] > 0
            if not found.any():
                break
    else:  # punctuation only, or words the tokenizer drops
        found = np.zeros(len(P), dtype=bool)
    names = np.array([keyword in _normal(name) for name in engine.enterprises.name], dtype=bool)
    if len(names):
        found |= names[P.enterprise]
    return found


def query_mask(engine: Engine, query: PositionQuery) -> np.ndarray | None:
    """The positions ``query`` allows (table order), or ``None`` when it filters nothing."""
    if query.is_empty:
        return None
    P = engine.positions
    mask = keyword_mask(engine, query.keyword)
    if query.city:
        mask &= np.array([c == query.city for c in P.city], dtype=bool)
    if query.type is not None:
        mask &= P.type == TYPES.index(PositionType(query.type))
    if query.sector is not None:
        bit = np.uint8(1 << SECTORS.index(Sector(query.sector)))
        mask &= (engine.enterprises.sectors[P.enterprise] & bit) != 0
    if query.min_salary:
        top = np.where(np.isnan(P.salary_max), P.salary_min, P.salary_max)
        with np.errstate(invalid="ignore"):
            mask &= top >= query.min_salary  # NaN (no stated salary) compares False
    return mask


def search_positions(
    engine: Engine,
    student_id: str,
    query: PositionQuery,
    *,
    k: int = 10,
    as_of: np.datetime64 | None = None,
    lang: str | None = None,
    exclude: Collection[str] | None = None,
) -> SearchResult:
    """The ``k`` best positions for the student among those ``query`` allows, and how many
    eligible positions it allows in all (``KeyError`` for an unknown student).

    At most the retrieval pool (:data:`matcher.retrieval.positions.POOL_SIZE`) is ranked; a
    query that allows fewer positions has every one of them ranked.
    """
    s = engine.students.index[student_id]
    within = query_mask(engine, query)
    day = recommendation_day(engine.clock, as_of)
    total = int(eligible_positions(engine, s, day, exclude, within).sum())
    if total == 0:
        return SearchResult([], 0)
    results = recommend_positions(
        engine, student_id, k=k, as_of=day, per_enterprise=k, lang=lang, exclude=exclude,
        within=within,
    )  # fmt: skip
    return SearchResult(results, total)


def position_match(
    engine: Engine,
    student_id: str,
    position_id: str,
    *,
    as_of: np.datetime64 | None = None,
    lang: str | None = None,
    exclude: Collection[str] | None = None,
) -> Recommendation:
    """How one position suits the student, scored and explained as in her recommendations,
    whether or not it is still open to her (``KeyError`` for an unknown student or position).

    The position is scored among her recommendations' candidates (those of
    :func:`~matcher.retrieval.positions.retrieve_for_student` over what she may be shown,
    ``exclude`` left out, and the position itself): the prior score's lexical part is relative
    to the rows ranked together, so a position of her list gets the very score it has there.
    """
    s = engine.students.index[student_id]
    p = engine.positions.index[position_id]
    day = recommendation_day(engine.clock, as_of)
    allowed = eligible_positions(engine, s, day, exclude)
    allowed[p] = True
    _, rows, _ = retrieve_for_student(engine, s, allowed)
    if p not in rows:
        rows = np.append(rows, p)
    students = np.full(len(rows), s)
    feats = pair_features(
        engine, students, rows, day, engine.stats, bm25_pairs(engine, students, rows)
    )
    scores, probs, scorer = score_pairs(engine.ranker, feats)
    j = int(np.flatnonzero(rows == p)[0])
    probability = None if probs is None else float(probs[j])
    lang = lang or student_language(engine, s)
    return explain_result(
        engine, s, p, feats[j], float(scores[j]), probability, scorer, {}, lang, "student"
    )


def cities(engine: Engine) -> list[str]:
    """The cities of the engine's open positions, most positions first (for a city filter)."""
    known = _CITIES.get(engine)
    if known is None:
        P = engine.positions
        counts = Counter(c for c, is_open in zip(P.city, P.is_open, strict=True) if is_open)
        known = [c for c, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        _CITIES[engine] = known
    return known


__all__ = [
    "MAX_KEYWORD",
    "PositionQuery",
    "SearchResult",
    "cities",
    "keyword_mask",
    "position_match",
    "query_mask",
    "search_positions",
]
