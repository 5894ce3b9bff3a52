"""The enterprise's pages: its open positions and the consenting candidates for each."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.audit import audit_views
from api.deps import EngineDep, StoreDep
from api.web.common import language_of, page
from matcher.recommend import recommend_candidates
from matcher.schemas import User

router = APIRouter(include_in_schema=False)


def home(request: Request, user: User, engine: EngineDep, store: StoreDep) -> Response:
    """Its open positions, each with its best consenting candidates."""
    lang = language_of(request)
    P = engine.positions
    own = [
        i
        for i in range(len(P.ids))
        if engine.enterprises.ids[P.enterprise[i]] == user.enterprise_id and P.is_open[i]
    ]
    positions = [
        {
            "id": P.ids[i],
            "title": P.title[i],
            "candidates": recommend_candidates(engine, P.ids[i], k=5, lang=lang),
        }
        for i in own[:20]
    ]
    for item in positions:
        shown = [str(c.student_id) for c in item["candidates"]]
        audit_views(store, user, "view_candidate", shown, str(item["id"]))
    return page(request, "enterprise/home.html", user, positions=positions)
