"""The centre's labour-market page (researchers and admins): which skills the open positions
ask for against the students who have them, and how far applications get, by degree.

``/me/market`` shows the shortage and surplus lists, each as paired bars (a skill's openings
and its students, :func:`api.web.charts.skill_bars`) beside its table, and the funnel by degree
as a funnel chart per degree beside the table; then the most asked-for skills' openings over the
semesters (lines, and a table of openings / students), the placement rate by class (bars of
the classes shown), the open positions nobody has applied to, and the served model's
recommendation health (coverage, exposure Gini, congestion against the previous model, and the
enterprises' share of exposures), read from its snapshot and never computed in a request.
``/me/market.xlsx`` and ``/me/market.csv`` download the same tables (the CSV: the skills;
:func:`api.routes.analytics.download`). Filters: the major, the year of graduation (the class
graduating in the window) and the enterprises' industry. Every count of one to four students
is suppressed, as in the API.

The advisor's and the enterprise's own analytics pages (:mod:`api.web.analytics_pages`) are
mounted here, beside the centre's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import EngineDep
from api.routes.analytics import download
from api.web import analytics_pages
from api.web.analytics_pages import Industry, Year, semester_label
from api.web.charts import Chart, Series, bar_chart, line_chart, percent, row_funnel, skill_bars
from api.web.common import PageUser, language_of, page, require
from matcher.analytics.funnel import STAGES, funnel
from matcher.analytics.health import changes, major_gaps, previous_health, read_health
from matcher.analytics.health_tables import (
    enterprise_sheet,
    gaps_sheet,
    position_sheet,
    summary_sheet,
)
from matcher.analytics.placement import PlacementRow, placement_rates
from matcher.analytics.postings import (
    QUIET_DAYS,
    PostingTiming,
    QuietPosition,
    posting_timings,
    quiet_positions,
)
from matcher.analytics.privacy import MIN_GROUP
from matcher.analytics.skills import (
    StudentFilter,
    TrendPoint,
    major_code,
    shortages,
    skill_balance,
    skill_trend,
    surpluses,
)
from matcher.analytics.tables import (
    funnel_sheet,
    placement_sheet,
    quiet_sheet,
    skill_sheet,
    timing_sheet,
    trend_sheet,
)
from matcher.engine.snapshot import Engine
from matcher.engine.tables import SECTORS
from matcher.messages import message
from matcher.rules import recommendation_day
from matcher.schemas import Role, Sector
from matcher.spreadsheet import Sheet
from matcher.store.history import semester_start

router = APIRouter(include_in_schema=False)
router.include_router(analytics_pages.router)

#: Skills in each list of the page.
TOP = 15
#: Skills followed over the semesters.
TREND_SKILLS = 6
#: Positions nobody applied to, listed.
QUIET = 20
#: Enterprises in the exposure chart.
TOP_EXPOSED = 10
#: The health figures shown as headlines (paths of :data:`matcher.analytics.health.FIGURES`).
HEADLINES: tuple[str, ...] = (
    "coverage.position_share",
    "exposure.gini_enterprises",
    "congestion.mean",
)
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


# -- the sections past the funnel -----------------------------------------------------------------


@dataclass(frozen=True)
class SkillTrend:
    """:func:`~matcher.analytics.skills.skill_trend` as the page shows it: the semesters (code
    and label), the skills (id and label) and each (skill, semester)'s point."""

    points: list[TrendPoint]
    semesters: list[tuple[str, str]]
    skills: list[tuple[str, str]]
    cells: dict[tuple[str, str], TrendPoint]

    @classmethod
    def of(cls, points: list[TrendPoint], lang: str) -> SkillTrend:
        """The points grouped by skill and semester, in their order."""
        codes = sorted({p.semester for p in points}, key=semester_start)  # 2026S before 2026A
        semesters = [(s, semester_label(s, lang)) for s in codes]
        skills = list({p.skill_id: p.label for p in points}.items())
        return cls(points, semesters, skills, {(p.skill_id, p.semester): p for p in points})

    def chart(self, title: str, lang: str) -> Chart:
        """Openings per skill over the semesters."""
        series = [
            Series(label, [self.cells[(skill, s)].openings for s, _ in self.semesters])
            for skill, label in self.skills
        ]
        return line_chart([x for _, x in self.semesters], series, title=title, lang=lang)


@dataclass
class Health:
    """The served model's health snapshot as the page shows it (``None``: not computed)."""

    snapshot: dict[str, Any] | None
    previous: dict[str, Any] | None
    changes: list[dict[str, Any]] = field(default_factory=list)
    enterprises: list[dict[str, Any]] = field(default_factory=list)

    @property
    def headlines(self) -> list[dict[str, Any]]:
        """The figures shown large, in :data:`HEADLINES` order."""
        by_path = {c["figure"]: c for c in self.changes}
        return [by_path[path] for path in HEADLINES if path in by_path]

    def sheets(self, engine: Engine, lang: str) -> list[Sheet]:
        """The report's health tables; none without a snapshot."""
        if self.snapshot is None:
            return []
        gaps = major_gaps(self.snapshot, engine, lang=lang)
        return [
            summary_sheet(self.snapshot, self.previous, lang),
            enterprise_sheet(self.snapshot, lang),
            position_sheet(self.snapshot, lang),
            gaps_sheet(gaps, lang),
        ]


def health_of(engine: Engine) -> Health:
    """The snapshot of the served model and the previous model's, read (never computed)."""
    snapshot = read_health(engine)
    if snapshot is None:
        return Health(None, None)
    previous = previous_health(engine)
    return Health(
        snapshot,
        previous,
        changes(snapshot, previous),
        snapshot["exposure"]["enterprises"][:TOP_EXPOSED],
    )


def show_figure(path: str, value: float | None, lang: str, *, change: bool = False) -> str:
    """A health figure as the page writes it: a share in per cent (its change in percentage
    points), a Gini coefficient or students per opening as a decimal; ``–`` for none."""
    if value is None:
        return "–"
    sign = "+" if change and value > 0 else ""
    if path.endswith("share") or path.endswith("share_congested"):
        if change:
            return message("mk_points", lang, n=f"{sign}{value * 100:.1f}")
        return percent(value)
    digits = 3 if "gini" in path else 2
    return f"{sign}{value:.{digits}f}"


@dataclass
class MoreFigures:
    """The sections after the funnel: skills over the semesters, placement by cohort, days to
    apply and to fill, positions nobody applied to, the served model's health."""

    trend: SkillTrend
    placement: list[PlacementRow]
    timings: list[PostingTiming]
    quiet: list[QuietPosition]
    health: Health

    def sheets(self, engine: Engine, lang: str) -> list[Sheet]:
        """Their tables, as the workbook holds them."""
        return [
            trend_sheet(self.trend.points, lang),
            placement_sheet(self.placement, lang),
            timing_sheet(self.timings, lang),
            quiet_sheet(self.quiet, lang),
            *self.health.sheets(engine, lang),
        ]


def more_figures(
    engine: Engine, major: str | None, year: int | None, industry: Sector | None, lang: str
) -> MoreFigures:
    """What the page shows past the funnel, for its filters (the trend: major and industry;
    placement: the year of graduation)."""
    code = major_code(engine, major)
    chosen = StudentFilter(majors=[code] if code else None)
    points = skill_trend(engine, chosen, top=TREND_SKILLS, sector=industry, lang=lang)
    return MoreFigures(
        trend=SkillTrend.of(points, lang),
        # The classes shown first; those of one to four students after them.
        placement=sorted(
            placement_rates(engine, "cohort", graduation_year=year, lang=lang),
            key=lambda r: r.suppressed,
        ),
        timings=posting_timings(engine, "industry", lang=lang),
        quiet=quiet_positions(engine, today=recommendation_day(engine.clock), limit=QUIET),
        health=health_of(engine),
    )


def more_charts(more: MoreFigures, lang: str) -> dict[str, Chart]:
    """The charts of :class:`MoreFigures`: the trend's lines, placement's and exposure's bars."""
    exposed = more.health.enterprises
    top = max((e["share"] for e in exposed), default=0.0)
    return {
        "trend": more.trend.chart(message("mk_trend", lang), lang),
        "placement": bar_chart(
            [(r.label or r.group or "–", r.rate) for r in more.placement if not r.suppressed],
            title=message("mk_placement", lang),
            lang=lang,
        ),
        "exposure": bar_chart(
            [(e["enterprise_name"], e["share"]) for e in exposed],
            title=message("mk_exposure", lang, n=TOP_EXPOSED),
            lang=lang,
            maximum=_share_axis(top),
        ),
    }


def _share_axis(top: float) -> float:
    """The exposure chart's scale: the next tenth above the largest share (at most 100 %)."""
    return min(1.0, max(0.1, math.ceil(round(top * 10, 6)) / 10))


@router.get("/me/market", response_class=HTMLResponse)
def market_page(
    request: Request,
    user: PageUser,
    engine: EngineDep,
    major: Major = None,
    year: Year = None,
    industry: Industry = None,
) -> Response:
    """Skill shortage and surplus, the funnel by degree, skills over the semesters, placement
    by cohort, positions nobody applied to, and the served model's health."""
    user = require(user, Role.researcher, Role.admin)
    lang = language_of(request)
    chosen = _filters(engine, major, year)
    balance = skill_balance(engine, chosen, sector=industry, lang=lang)
    rows = funnel(engine, "degree", lang=lang)
    short, extra = shortages(balance, TOP), surpluses(balance, TOP)
    names = [r.label or r.group or "–" for r in rows]  # the degree in the reader's language
    more = more_figures(engine, major, year, industry, lang)
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
        more=more,
        charts=more_charts(more, lang),
        show_figure=show_figure,
        quiet_days=QUIET_DAYS,
        quiet_limit=QUIET,
        top_exposed=TOP_EXPOSED,
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
    if kind == "xlsx":  # the CSV is the first table only
        sheets += more_figures(engine, major, year, industry, lang).sheets(engine, lang)
    return download(sheets, kind, "market")
