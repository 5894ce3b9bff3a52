"""Finding and understanding positions: ``/jobs`` (search and filters) and ``/positions/{id}``.

A search is her recommendations restricted by the filters (:mod:`matcher.search`): the same
ranking, the same reasons, every result a full job card, ten more at a time. A position's page
is what Chinese job boards show (facts, description, requirements, the enterprise) with her
match and her history with it; opening it records a ``view`` once, as job boards do.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from api.deps import EngineDep, StoreDep
from api.routes.interactions import record_event
from api.schemas import InteractionCreate
from api.web.common import PageUser, language_of, page
from api.web.student_common import (
    Card,
    Track,
    cards,
    chrome,
    hidden_of,
    journey,
    open_now,
    student_of,
)
from api.web.views import position_facts
from matcher.engine.tables import SECTORS
from matcher.schemas import Enterprise, Event, Position, PositionType, Sector
from matcher.search import MAX_KEYWORD, PositionQuery, cities, position_match, search_positions

router = APIRouter(include_in_schema=False)

#: Results a search shows at first, and how many more each "more" adds.
PAGE_SIZE = 10
#: The most pages of results (the ranked pool holds at most 150 positions).
MAX_PAGES = 15
#: Minimum monthly salaries offered by the salary filter (yuan).
SALARY_STEPS: tuple[int, ...] = (3000, 5000, 8000, 10000, 15000, 20000)

E = TypeVar("E", bound=StrEnum)


def _choice(kind: type[E], value: str | None) -> E | None:
    """``value`` as a member of ``kind``; ``None`` for "any" (blank) or an unknown value."""
    try:
        return kind(value) if value else None
    except ValueError:
        return None


@router.get("/jobs")
def jobs(
    request: Request,
    user: PageUser,
    engine: EngineDep,
    store: StoreDep,
    q: Annotated[str, Query(max_length=200)] = "",
    city: Annotated[str, Query(max_length=64)] = "",
    type: Annotated[str, Query(max_length=32)] = "",
    sector: Annotated[str, Query(max_length=32)] = "",
    salary: Annotated[str, Query(max_length=16)] = "",
    page_no: Annotated[int, Query(alias="page", ge=1, le=MAX_PAGES)] = 1,
) -> Response:
    """Search positions with filters; results ranked for her, ``page`` × 10 of them."""
    user = student_of(user)
    sid = user.student_id or ""
    lang = language_of(request)
    known_cities = cities(engine)
    query = PositionQuery(
        keyword=q.strip()[:MAX_KEYWORD],
        city=city if city in known_cities else None,
        type=_choice(PositionType, type),
        sector=_choice(Sector, sector),
        min_salary=int(salary) if salary.isdigit() and int(salary) in SALARY_STEPS else None,
    )
    context = {
        **chrome(request),
        "query": query,
        "cities": known_cities,
        "types": list(PositionType),
        "sectors": list(SECTORS),
        "salaries": SALARY_STEPS,
        "indexed": sid in engine.students.index,
        "results": [],
        "total": 0,
        "more_url": None,
    }
    if context["indexed"]:
        tracks = journey(store, sid)
        k = page_no * PAGE_SIZE
        found = search_positions(engine, sid, query, k=k, lang=lang, exclude=hidden_of(tracks))
        context["results"] = cards(engine, found.results, tracks, lang)
        context["total"] = found.total
        if len(found.results) == k and found.total > k and page_no < MAX_PAGES:
            more = [(key, value) for key, value in request.query_params.multi_items()
                    if key not in ("page", "done", "undo", "lang")]  # fmt: skip
            context["more_url"] = f"/jobs?{urlencode([*more, ('page', page_no + 1)])}"
    return page(request, "student/jobs.html", user, **context)


@router.get("/positions/{position_id}")
def position_page(
    request: Request, position_id: str, user: PageUser, engine: EngineDep, store: StoreDep
) -> Response:
    """A position in full: facts, her match, description, requirements, the enterprise."""
    user = student_of(user)
    sid = user.student_id or ""
    lang = language_of(request)
    position: Position | None = store.get("positions", position_id)  # type: ignore[assignment]
    row = engine.positions.index.get(position_id)
    if position is None or row is None:
        raise HTTPException(404, "unknown position")
    enterprise: Enterprise | None = store.get("enterprises", position.enterprise_id)  # type: ignore[assignment]
    tracks = journey(store, sid)
    track = tracks.get(position_id) or Track(position_id)
    if Event.view.value not in store.pair_events(sid, position_id):
        body = InteractionCreate(student_id=sid, position_id=position_id, event=Event.view)
        record_event(store, user, body)
    match = (
        position_match(engine, sid, position_id, lang=lang, exclude=hidden_of(tracks))
        if sid in engine.students.index
        else None
    )
    facts = position_facts(engine, row, lang)
    return page(
        request,
        "student/position.html",
        user,
        **chrome(request),
        card=Card(facts, match, track) if match else None,
        facts=facts,
        position=position,
        enterprise=enterprise,
        track=track,
        is_open=open_now(engine, row),
    )
