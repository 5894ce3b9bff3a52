"""``/me/analytics``: an advisor's figures of her own classes, an enterprise's of its own positions.

- **An advisor** sees her cohorts only (``cohort=`` one of them, else all of hers; another
  cohort is a 403 page): the placement rate by cohort, the funnel by cohort, applications by
  semester, and the skills the market asks for that her students lack (the skill balance with
  her cohorts as the supply). ``year=`` keeps the students graduating that year.
- **An enterprise** sees its own positions only: their funnel (all of them, and by position
  with its titles), its answer rate, its pairs by semester, and the skills its industry's open
  positions ask for against the students who have them (the market's aggregate, never another
  enterprise's figures). ``industry=`` picks one of its industries (the page offers those;
  any industry's aggregate is the market's, as the API's ``/analytics/skills`` gives it).

Every chart is drawn on the server (:mod:`api.web.charts`) with its table beside it;
``/me/analytics.xlsx`` and ``.csv`` download the page's tables (the CSV: the first). A group of
fewer than :data:`~matcher.analytics.privacy.MIN_GROUP` students is ``<5``, as everywhere. A
student, the centre's staff (they have ``/me/market``) and anyone logged out are refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Annotated, Any, Literal, NoReturn

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BeforeValidator, Field

from api.deps import EngineDep, StoreDep
from api.routes.analytics import download
from api.web.advisor_data import the_day
from api.web.charts import (
    Chart,
    Series,
    bar_chart,
    funnel_chart,
    line_chart,
    row_funnel,
    skill_bars,
)
from api.web.common import PageUser, language_of, page
from api.web.enterprise_pipeline import enterprise_of, own_positions, recruiter
from matcher.analytics.answers import EnterpriseAnswers, enterprise_answers
from matcher.analytics.funnel import STAGES, FunnelRow, funnel
from matcher.analytics.placement import PlacementRow, placement_rates
from matcher.analytics.privacy import MIN_GROUP, shown
from matcher.analytics.skills import (
    SkillBalance,
    StudentFilter,
    shortages,
    skill_balance,
)
from matcher.analytics.tables import answers_sheet, funnel_sheet, placement_sheet, skill_sheet
from matcher.engine.snapshot import Engine
from matcher.engine.tables import SECTORS
from matcher.errors import MatcherError
from matcher.messages import message
from matcher.schemas import Role, Sector, User
from matcher.spreadsheet import Sheet
from matcher.store.database import Store
from matcher.store.history import semester_of

router = APIRouter(include_in_schema=False)

#: Skills in a page's list.
TOP = 10
#: Positions drawn as a funnel each (the table lists them all).
TOP_POSITIONS = 4
#: Semesters of the trends, the current one last.
SEMESTERS = 4
#: Stages of the enterprise's trend.
TREND_STAGES: tuple[str, ...] = ("applied", "interviewed", "placed")


def _blank_is_none(value: Any) -> Any:
    """A filter left at "all" (``?year=``, as a form sends it) is no filter."""
    return None if value == "" else value


Cohort = Annotated[str | None, Query(max_length=200)]
#: A year of graduation, or none (also when a form sends it empty).
Year = Annotated[
    Annotated[int, Field(ge=1990, le=2100)] | None, BeforeValidator(_blank_is_none), Query()
]
#: An industry, or none (also when a form sends it empty).
Industry = Annotated[Sector | None, BeforeValidator(_blank_is_none), Query()]


def _refuse(key: str) -> NoReturn:
    """A 403 page saying ``key`` in the reader's language."""
    raise HTTPException(403, message(key, "en")) from MatcherError(message(key, "en"), key=key)


def _reader(user: User | None) -> User:
    """An advisor or an enterprise; 401 logged out, 403 (with the reason) anyone else."""
    if user is None:
        raise HTTPException(401, "log in first")
    if user.role == Role.student:
        _refuse("analytics_not_for_students")
    if user.role == Role.enterprise:
        return recruiter(user)
    if user.role != Role.advisor:
        raise HTTPException(403, "this page is for another role")
    return user


# -- semesters ------------------------------------------------------------------------------------


def recent_semesters(day: dt.date, n: int = SEMESTERS) -> list[str]:
    """The ``n`` semesters up to the one of ``day``, oldest first (``2026A``, ``2027S``)."""
    out = [semester_of(day)]
    while len(out) < n:
        year, kind = int(out[-1][:4]), out[-1][4]
        out.append(f"{year}S" if kind == "A" else f"{year - 1}A")
    return out[::-1]


def semester_label(semester: str, lang: str) -> str:
    """``2026A`` as ``2026秋季`` or ``Autumn 2026``."""
    return message(f"an_semester_{semester[4]}", lang, year=semester[:4])


@dataclass(frozen=True)
class Trend:
    """Figures by semester: a name and a figure per semester (``None``: suppressed) per series,
    and what the series are (the head of the table's first column)."""

    semesters: list[str]
    labels: list[str]
    series: list[Series]
    head: str

    def chart(self, title: str, lang: str) -> Chart:
        """The trend as a line chart."""
        return line_chart(self.labels, self.series, title=title, lang=lang)

    def sheet(self, lang: str) -> Sheet:
        """The trend as a table: a series a row, a semester a column."""
        headers = [self.head, *self.labels]
        rows = [
            [s.name, *(message("an_suppressed", lang) if v is None else v for v in s.values)]
            for s in self.series
        ]
        return Sheet(message("an_sheet_trend", lang), headers, rows)


def _stage(row: FunnelRow | None, stage: str) -> int | None:
    """A stage's pairs of a group: 0 for a group with none, ``None`` when suppressed."""
    if row is None:
        return 0
    return None if row.suppressed else row.stages[stage]


# -- the advisor ----------------------------------------------------------------------------------


def cohort_funnel(
    engine: Engine, cohorts: Sequence[str], year: int | None, semester: str | None = None
) -> list[FunnelRow]:
    """The funnel of each of ``cohorts``; with ``year``, of its students graduating that year
    (each cohort's funnel by year of graduation, its row of ``year``)."""
    if not cohorts:
        return []
    if year is None:
        return funnel(engine, "cohort", semester=semester, cohorts=cohorts)
    out = []
    for cohort in cohorts:
        for row in funnel(engine, "graduation_year", semester=semester, cohorts=[cohort]):
            if row.group == str(year):
                out.append(replace(row, group=cohort, label=cohort))
    return sorted(out, key=lambda r: (r.suppressed, -(r.students or 0), r.group or ""))


@dataclass
class CohortFigures:
    """What the advisor's page shows."""

    cohorts: list[str]
    year: int | None
    placement: list[PlacementRow]
    funnel: list[FunnelRow]
    trend: Trend
    shortage: list[SkillBalance]
    students_chosen: int
    lang: str
    charts: dict[str, Chart] = field(default_factory=dict)

    def sheets(self) -> list[Sheet]:
        """The page's tables, placement rates first (the CSV)."""
        return [
            placement_sheet(self.placement, self.lang),
            funnel_sheet(self.funnel, self.lang),
            self.trend.sheet(self.lang),
            skill_sheet(self.shortage, self.lang, "an_sheet_shortage"),
        ]


def chosen_cohorts(user: User, cohort: str | None) -> list[str]:
    """The cohorts the page counts: the one asked for (403 when not hers), else all of hers."""
    if cohort:
        if cohort not in set(user.cohorts):
            _refuse("analytics_not_your_cohort")
        return [cohort]
    return sorted(user.cohorts)


def cohort_figures(
    engine: Engine, user: User, cohort: str | None, year: int | None, lang: str
) -> CohortFigures:
    """Her cohorts' placement rates, funnel, applications by semester and skill shortages."""
    cohorts = chosen_cohorts(user, cohort)
    placement = (
        placement_rates(engine, "cohort", graduation_year=year, cohorts=cohorts, lang=lang)
        if cohorts
        else []
    )
    semesters = recent_semesters(the_day(engine))
    by_semester = [{r.group: r for r in cohort_funnel(engine, cohorts, year, s)} for s in semesters]
    trend = Trend(
        semesters,
        [semester_label(s, lang) for s in semesters],
        [Series(c, [_stage(rows.get(c), "applied") for rows in by_semester]) for c in cohorts],
        message("adv_filter_cohort", lang),
    )
    chosen = StudentFilter(cohorts=cohorts, graduation_year=year)
    balance = skill_balance(engine, chosen, lang=lang) if cohorts else []
    figures = CohortFigures(
        cohorts=cohorts,
        year=year,
        placement=placement,
        funnel=cohort_funnel(engine, cohorts, year),
        trend=trend,
        shortage=shortages(balance, TOP),
        students_chosen=int(chosen.mask(engine).sum()) if cohorts else 0,
        lang=lang,
    )
    t = {k: message(k, lang) for k in ("aa_placement", "aa_trend", "aa_shortage")}
    figures.charts = {
        "placement": bar_chart(
            [(r.label or r.group or "", r.rate) for r in placement],
            title=t["aa_placement"],
            lang=lang,
        ),
        "trend": trend.chart(t["aa_trend"], lang),
        "shortage": skill_bars(figures.shortage, title=t["aa_shortage"], lang=lang),
    }
    return figures


def _years(engine: Engine, user: User) -> list[int]:
    """The years her students graduate in."""
    S = engine.students
    mine = set(user.cohorts)
    return sorted(
        {int(y) for c, y in zip(S.cohort, S.graduation_year, strict=True) if c in mine and y > 0}
    )


# -- the enterprise -------------------------------------------------------------------------------


@dataclass
class EnterpriseFigures:
    """What the enterprise's page shows."""

    enterprise_id: str
    titles: dict[str, str]
    total: FunnelRow | None
    by_position: list[FunnelRow]
    answers: EnterpriseAnswers | None
    trend: Trend
    industry: Sector
    industries: list[Sector]
    demand: list[SkillBalance]
    lang: str
    charts: dict[str, Chart] = field(default_factory=dict)
    position_charts: list[tuple[str, Chart]] = field(default_factory=list)

    def sheets(self) -> list[Sheet]:
        """The page's tables, the funnel by position first (the CSV)."""
        return [
            funnel_sheet(self.by_position, self.lang),
            answers_sheet([] if self.answers is None else [self.answers], self.lang),
            self.trend.sheet(self.lang),
            skill_sheet(self.demand, self.lang, "ea_sheet_demand"),
        ]


def enterprise_figures(
    engine: Engine, store: Store, user: User, industry: Sector | None, lang: str
) -> EnterpriseFigures:
    """Its own positions' funnel and answer rate, and its industry's skill demand."""
    enterprise = enterprise_of(store, user)
    own = enterprise.id
    titles = {p.id: p.title for p in own_positions(store, own)}
    # Only its own positions are counted, under the titles the store has for them; a group
    # that is not one of them is never shown.
    by_position = [
        replace(r, label=titles[r.group])
        for r in funnel(engine, "position", enterprise_id=own, lang=lang)
        if r.group in titles
    ]
    total = next(iter(funnel(engine, "enterprise", enterprise_id=own, lang=lang)), None)
    answers = next(iter(enterprise_answers(engine, enterprise_id=own)), None)
    semesters = recent_semesters(the_day(engine))
    per_semester = [
        next(iter(funnel(engine, "enterprise", semester=s, enterprise_id=own, lang=lang)), None)
        for s in semesters
    ]
    trend = Trend(
        semesters,
        [semester_label(s, lang) for s in semesters],
        [
            Series(message(f"an_col_{stage}", lang), [_stage(r, stage) for r in per_semester])
            for stage in TREND_STAGES
        ],
        message("ea_col_stage", lang),
    )
    industries = [s for s in SECTORS if s in set(enterprise.sectors)]
    chosen = industry or industries[0]
    balance = skill_balance(engine, StudentFilter(), sector=chosen, lang=lang)
    demand = [b for b in balance if b.positions > 0][:TOP]
    figures = EnterpriseFigures(
        enterprise_id=own,
        titles=titles,
        total=total,
        by_position=by_position,
        answers=answers,
        trend=trend,
        industry=chosen,
        industries=industries,
        demand=demand,
        lang=lang,
    )
    all_title = message("ea_funnel_all", lang)
    figures.charts = {
        "total": row_funnel(total, title=all_title, lang=lang)
        if total
        else funnel_chart(dict.fromkeys(STAGES, 0), title=all_title, lang=lang),
        "trend": trend.chart(message("ea_trend", lang), lang),
        "demand": skill_bars(demand, title=message("ea_demand", lang), lang=lang),
    }
    figures.position_charts = [
        (r.label or "", row_funnel(r, title=r.label or "", lang=lang))
        for r in by_position[:TOP_POSITIONS]
    ]
    return figures


# -- the routes -----------------------------------------------------------------------------------


@router.get("/me/analytics", response_class=HTMLResponse)
def analytics_page(
    request: Request,
    user: PageUser,
    engine: EngineDep,
    store: StoreDep,
    cohort: Cohort = None,
    year: Year = None,
    industry: Industry = None,
) -> Response:
    """Her classes in figures (an advisor), or its recruiting in figures (an enterprise)."""
    user = _reader(user)
    lang = language_of(request)
    query = str(request.url.query)
    if user.role == Role.enterprise:
        figures = enterprise_figures(engine, store, user, industry, lang)
        return page(
            request,
            "analytics/enterprise.html",
            user,
            f=figures,
            stages=STAGES,
            industries=[(s.value, message(f"sector_{s.value}", lang)) for s in figures.industries],
            min_group=MIN_GROUP,
            query=query,
            top_positions=TOP_POSITIONS,
            links={pid: f"/me/positions/{pid}" for pid in figures.titles},
        )
    ours = cohort_figures(engine, user, cohort, year, lang)
    funnels = [(r.label or "", row_funnel(r, title=r.label or "", lang=lang)) for r in ours.funnel]
    return page(
        request,
        "analytics/advisor.html",
        user,
        f=ours,
        funnels=funnels,
        stages=STAGES,
        cohorts=sorted(user.cohorts),
        cohort=cohort or "",
        years=_years(engine, user),
        year=year or "",
        min_group=MIN_GROUP,
        enough=shown(ours.students_chosen),
        query=query,
    )


@router.get("/me/analytics.{kind}")
def analytics_download(
    request: Request,
    user: PageUser,
    engine: EngineDep,
    store: StoreDep,
    kind: Literal["xlsx", "csv"],
    cohort: Cohort = None,
    year: Year = None,
    industry: Industry = None,
) -> Response:
    """The page's tables as a workbook (every table) or CSV (the first)."""
    user = _reader(user)
    lang = language_of(request)
    if user.role == Role.enterprise:
        sheets = enterprise_figures(engine, store, user, industry, lang).sheets()
        return download(sheets, kind, "recruiting")
    sheets = cohort_figures(engine, user, cohort, year, lang).sheets()
    return download(sheets, kind, "classes")
