"""The centre's labour-market page (researchers and admins): which skills the open positions
ask for against the students who have them, and how far applications get, by degree.

``/me/market`` shows the shortage and surplus lists, each as paired bars (a skill's openings
and its students, :func:`api.web.charts.skill_bars`) beside its table, and the funnel by degree
as a funnel chart per degree beside the table; ``/me/market.xlsx`` and ``/me/market.csv``
download the same tables (:func:`api.routes.analytics.download`). Filters: the major, the year
of graduation (the class graduating in the window) and the enterprises' industry. Every count
of one to four students is suppressed, as in the API.

The advisor's and the enterprise's own analytics pages (:mod:`api.web.analytics_pages`) are
mounted here, beside the centre's.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import EngineDep
from api.routes.analytics import download
from api.web import analytics_pages
from api.web.analytics_pages import Industry, Year
from api.web.charts import row_funnel, skill_bars
from api.web.common import PageUser, language_of, page, require
from matcher.analytics.funnel import STAGES, funnel
from matcher.analytics.privacy import MIN_GROUP
from matcher.analytics.skills import (
    StudentFilter,
    major_code,
    shortages,
    skill_balance,
    surpluses,
)
from matcher.analytics.tables import funnel_sheet, skill_sheet
from matcher.engine.snapshot import Engine
from matcher.engine.tables import SECTORS
from matcher.messages import message
from matcher.schemas import Role

router = APIRouter(include_in_schema=False)
router.include_router(analytics_pages.router)

#: Skills in each list of the page.
TOP = 15
Major = Annotated[str | None, Query(max_length=200)]


def _filters(engine: Engine, major: str | None, year: int | None) -> StudentFilter:
    code = major_code(engine, major)
    return StudentFilter(majors=[code] if code else None, graduation_year=year)


def _majors(engine: Engine, lang: str) -> list[tuple[str, str]]:
    """The majors of the students, as (code, label) by label."""
    codes = sorted({engine.students.major[i] for i in range(len(engine.students))} - {None})
    out = []
    for code in codes:
        m = engine.taxonomy.major(code)
        out.append((code, m.label(lang) if m else code))
    return sorted(out, key=lambda x: x[1])


@router.get("/me/market", response_class=HTMLResponse)
def market_page(
    request: Request,
    user: PageUser,
    engine: EngineDep,
    major: Major = None,
    year: Year = None,
    industry: Industry = None,
) -> Response:
    """Skill shortage and surplus, and the funnel by degree."""
    user = require(user, Role.researcher, Role.admin)
    lang = language_of(request)
    chosen = _filters(engine, major, year)
    balance = skill_balance(engine, chosen, sector=industry, lang=lang)
    rows = funnel(engine, "degree", lang=lang)
    short, extra = shortages(balance, TOP), surpluses(balance, TOP)
    names = [r.label or r.group or "–" for r in rows]  # the degree in the reader's language
    return page(
        request,
        "research/market.html",
        user,
        shortage=short,
        surplus=extra,
        shortage_chart=skill_bars(short, title=message("mk_shortage", lang), lang=lang),
        surplus_chart=skill_bars(extra, title=message("mk_surplus", lang), lang=lang),
        funnel=rows,
        funnel_charts=[
            (name, row_funnel(r, title=name, lang=lang))
            for name, r in zip(names, rows, strict=True)
        ],
        stages=STAGES,
        majors=_majors(engine, lang),
        industries=[(s.value, message(f"sector_{s.value}", lang)) for s in SECTORS],
        chosen={
            "major": major or "",
            "year": year or "",
            "industry": industry.value if industry else "",
        },
        students_chosen=int(chosen.mask(engine).sum()),
        min_group=MIN_GROUP,
        query=str(request.url.query),
    )


@router.get("/me/market.{kind}")
def market_download(
    request: Request,
    user: PageUser,
    engine: EngineDep,
    kind: Literal["xlsx", "csv"],
    major: Major = None,
    year: Year = None,
    industry: Industry = None,
) -> Response:
    """The page's tables as a workbook (every table) or CSV (the skills)."""
    require(user, Role.researcher, Role.admin)
    lang = language_of(request)
    balance = skill_balance(engine, _filters(engine, major, year), sector=industry, lang=lang)
    sheets = [
        skill_sheet(balance, lang, "an_sheet_skills"),
        skill_sheet(shortages(balance, TOP), lang, "an_sheet_shortage"),
        skill_sheet(surpluses(balance, TOP), lang, "an_sheet_surplus"),
        funnel_sheet(funnel(engine, "degree", lang=lang), lang),
    ]
    return download(sheets, kind, "market")
