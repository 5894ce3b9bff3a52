"""A student's search (:mod:`matcher.search`) and the ``within`` filter it hands the ranking.

On a small simulated world with the real engine: ``within`` is one more hard filter of
:func:`matcher.recommend.recommend_positions` (and of ``eligible_positions``) that changes
nothing else; the filters keep what they say; a search ranks as her recommendations do.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest

from matcher.engine.persist import load_engine
from matcher.engine.snapshot import Engine
from matcher.engine.tables import SECTORS, TYPES
from matcher.ranking.features import FEATURE_NAMES
from matcher.recommend import recommend_positions
from matcher.retrieval.positions import eligible_positions
from matcher.rules import recommendation_day
from matcher.schemas import PositionType, Sector
from matcher.search import (
    PositionQuery,
    cities,
    keyword_mask,
    position_match,
    query_mask,
    search_positions,
)
from tests.api.apiworld import build_world


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    root = tmp_path_factory.mktemp("search")
    world = build_world(root, seed=4, students=60, positions=120, enterprises=8)
    return load_engine(world["models"])


def _student(engine: Engine) -> str:
    """A student with many positions open to her."""

    def open_to(sid: str) -> int:
        return len(recommend_positions(engine, sid, k=40, per_enterprise=40))

    return max(engine.students.ids, key=open_to)


def _day(engine: Engine) -> Any:
    return recommendation_day(engine.clock)


def test_within_is_one_more_hard_filter(engine: Engine) -> None:
    sid = _student(engine)
    s = engine.students.index[sid]
    everything = recommend_positions(engine, sid, k=40, per_enterprise=40)
    assert recommend_positions(engine, sid, k=40, per_enterprise=40, within=None) == everything
    assert (
        recommend_positions(
            engine, sid, k=40, per_enterprise=40, within=np.ones(len(engine.positions), bool)
        )
        == everything
    )
    P = engine.positions
    half = np.zeros(len(P), dtype=bool)
    kept = {r.position_id for r in everything[::2]}
    half[[P.index[p] for p in kept]] = True
    narrowed = recommend_positions(engine, sid, k=40, per_enterprise=40, within=half)
    assert {r.position_id for r in narrowed} == kept  # every allowed one, nothing else
    scores = [r.score for r in narrowed]
    assert scores == sorted(scores, reverse=True)
    assert recommend_positions(engine, sid, within=np.zeros(len(P), dtype=bool)) == []
    allowed = eligible_positions(engine, s, _day(engine), (), half)
    assert not (allowed & ~half).any()
    assert (allowed == (eligible_positions(engine, s, _day(engine)) & half)).all()
    with pytest.raises(ValueError, match="within"):
        recommend_positions(engine, sid, within=np.ones(3, dtype=bool))


def test_within_keeps_the_order_of_a_pointwise_ranker(engine: Engine) -> None:
    """A learned ranker scores each pair on its own: a narrowed list keeps the full one's order
    (the prior's lexical part is relative to the rows ranked together; see matcher.search)."""

    class Pointwise:
        def predict(self, features: np.ndarray) -> np.ndarray:
            cosine = features[:, FEATURE_NAMES.index("dense_cosine")]
            return 1 / (1 + np.exp(-cosine))

    ranked = dataclasses.replace(engine, ranker=Pointwise())
    sid = _student(engine)
    everything = recommend_positions(ranked, sid, k=40, per_enterprise=40)
    P = ranked.positions
    kept = {r.position_id for r in everything[1::2]}
    within = np.zeros(len(P), dtype=bool)
    within[[P.index[p] for p in kept]] = True
    narrowed = recommend_positions(ranked, sid, k=40, per_enterprise=40, within=within)
    assert [r.position_id for r in narrowed] == [
        r.position_id for r in everything if r.position_id in kept
    ]
    assert all(r.probability is not None for r in narrowed)


def test_filters_keep_what_they_say(engine: Engine) -> None:
    P, E = engine.positions, engine.enterprises
    assert query_mask(engine, PositionQuery()) is None and PositionQuery().is_empty
    city = cities(engine)[0]
    by_city = query_mask(engine, PositionQuery(city=city))
    assert by_city is not None and (by_city == np.array([c == city for c in P.city])).all()
    internships = query_mask(engine, PositionQuery(type=PositionType.internship))
    assert internships is not None
    assert (internships == (P.type == TYPES.index(PositionType.internship))).all()
    optics = query_mask(engine, PositionQuery(sector=Sector.optics))
    bit = 1 << SECTORS.index(Sector.optics)
    assert optics is not None
    assert (optics == ((E.sectors[P.enterprise] & bit) != 0)).all()
    paid = query_mask(engine, PositionQuery(min_salary=8000))
    assert paid is not None and paid.any()
    for row in np.flatnonzero(paid):
        top = P.salary_max[row] if not np.isnan(P.salary_max[row]) else P.salary_min[row]
        assert top >= 8000
    unknown = np.isnan(P.salary_max) & np.isnan(P.salary_min)
    assert not (paid & unknown).any()  # no stated pay: left out once she asks for some
    both = query_mask(engine, PositionQuery(city=city, type=PositionType.internship))
    assert both is not None and (both == (by_city & internships)).all()


def test_a_keyword_finds_text_and_enterprise_names(engine: Engine) -> None:
    P, E = engine.positions, engine.enterprises
    assert keyword_mask(engine, "   ").all()
    title = next(t for t in P.title if any("\u4e00" <= ch <= "\u9fff" for ch in t))
    word = "".join(ch for ch in title if "\u4e00" <= ch <= "\u9fff")[:3]
    found = keyword_mask(engine, word)
    assert found[[i for i, t in enumerate(P.title) if word in t]].all()
    assert not keyword_mask(engine, "zzqqxxyy").any()
    assert not keyword_mask(engine, "，。！").any()
    name = E.name[int(P.enterprise[0])]
    by_name = keyword_mask(engine, name)
    assert by_name[np.flatnonzero(P.enterprise == P.enterprise[0])].all()
    assert keyword_mask(engine, word.upper() if word.isascii() else word).sum() == found.sum()


def test_a_search_ranks_as_her_recommendations_and_counts_every_match(engine: Engine) -> None:
    sid = _student(engine)
    s = engine.students.index[sid]
    P = engine.positions
    city = P.city[P.index[recommend_positions(engine, sid)[0].position_id]]
    query = PositionQuery(city=city)
    mask = query_mask(engine, query)
    found = search_positions(engine, sid, query, k=5)
    assert found.total == int(eligible_positions(engine, s, _day(engine), (), mask).sum())
    assert 0 < len(found.results) <= 5
    same = recommend_positions(engine, sid, k=5, per_enterprise=5, within=mask)
    assert [r.position_id for r in found.results] == [r.position_id for r in same]
    assert all(P.city[P.index[r.position_id]] == city for r in found.results)
    gone = {found.results[0].position_id}
    again = search_positions(engine, sid, query, k=5, exclude=gone)
    assert again.total == found.total - 1 and gone.isdisjoint(r.position_id for r in again.results)
    nothing = search_positions(engine, sid, PositionQuery(keyword="zzqqxxyy"))
    assert nothing.total == 0 and nothing.results == []
    with pytest.raises(KeyError):
        search_positions(engine, "nobody", query)


def test_one_position_is_scored_as_in_her_recommendations(engine: Engine) -> None:
    sid = _student(engine)
    rec = recommend_positions(engine, sid, k=1, lang="en")[0]
    match = position_match(engine, sid, rec.position_id, lang="en")
    assert match.position_id == rec.position_id and match.score == pytest.approx(rec.score)
    assert match.reasons == rec.reasons and match.matched_skills == rec.matched_skills
    assert match.missing_skills == rec.missing_skills
    shut = ~engine.open_on(_day(engine))
    closed = engine.positions.ids[int(np.flatnonzero(shut)[0])]
    assert position_match(engine, sid, closed).position_id == closed  # scored all the same
    with pytest.raises(KeyError):
        position_match(engine, sid, "no-such-position")


def test_cities_are_listed_most_positions_first(engine: Engine) -> None:
    listed = cities(engine)
    P = engine.positions
    open_cities = [c for c, is_open in zip(P.city, P.is_open, strict=True) if is_open]
    counts = [open_cities.count(x) for x in listed]
    assert counts == sorted(counts, reverse=True) and len(set(listed)) == len(listed)
    assert cities(engine) is listed  # kept for the engine's life
