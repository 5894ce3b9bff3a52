"""``/me/applications`` (我的求职): every position she has to do with, by what it waits for.

Offers waiting for her answer first, then invitations from enterprises and her advisor's
suggestions, applications in progress, places she holds, her saved positions, and the
applications that ended. Each row says since when, and what happens next in plain words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import Response

from api.deps import EngineDep, StoreDep
from api.web.common import PageUser, language_of, page
from api.web.student_common import Track, chrome, journey, student_of
from api.web.views import PositionFacts, position_facts
from matcher.rules import recommendation_day

router = APIRouter(include_in_schema=False)

#: The page's sections in order, each with the statuses it holds.
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("offers", ("offered",)),
    ("invitations", ("invited", "suggested")),
    ("active", ("interview", "applied")),
    ("placed", ("accepted", "placed")),
    ("saved", ("saved",)),
    ("ended", ("rejected", "declined")),
)


@dataclass
class Row:
    """One position on her applications page."""

    track: Track
    facts: PositionFacts | None  # None for a position the engine does not hold yet
    is_open: bool

    @property
    def id(self) -> str:
        """The position's id."""
        return self.track.position_id


@router.get("/me/applications")
def applications(request: Request, user: PageUser, engine: EngineDep, store: StoreDep) -> Response:
    """Her saved positions, applications, interviews, offers, places and invitations."""
    user = student_of(user)
    lang = language_of(request)
    index = engine.positions.index
    open_today = engine.open_on(recommendation_day(engine.clock))
    by_status: dict[str, list[Row]] = {}
    for track in journey(store, user.student_id or "").values():
        status = track.status
        if status is None:
            continue
        row = index.get(track.position_id)
        facts = None if row is None else position_facts(engine, row, lang)
        is_open = row is not None and bool(open_today[row])
        by_status.setdefault(status, []).append(Row(track, facts, is_open))
    sections = []
    for name, statuses in SECTIONS:
        rows = [r for s in statuses for r in by_status.get(s, [])]
        rows.sort(key=lambda r: r.track.since or dt.datetime.min, reverse=True)
        sections.append((name, rows))
    return page(request, "student/applications.html", user, **chrome(request), sections=sections)
