"""Labour-market analytics: aggregates of the store for the centre, advisors and enterprises.

Who sees what: the centre's staff (the admin and researcher roles) see every group; an advisor
only her own cohorts' students (403 for another cohort); an enterprise only its own positions
(403 for another's); a student none (403). No group of fewer than
:data:`~matcher.analytics.privacy.MIN_GROUP` students is shown: its counts are left out and it
is marked suppressed. No answer holds a personal field.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Response

from api.deps import CurrentUser, EngineDep
from api.schemas.analytics import (
    EnterpriseAnswer,
    Funnel,
    FunnelGroup,
    PlacementGroup,
    Placements,
    PostingTimingRow,
    QuietPositionRow,
    SkillMarket,
    SkillRow,
    SkillTrend,
    TrendRow,
)
from api.schemas.common import errors
from matcher import spreadsheet
from matcher.analytics.answers import enterprise_answers
from matcher.analytics.funnel import funnel
from matcher.analytics.placement import placement_rates
from matcher.analytics.postings import posting_timings, quiet_positions
from matcher.analytics.privacy import MIN_GROUP, shown
from matcher.analytics.skills import (
    SkillBalance,
    StudentFilter,
    major_code,
    shortages,
    skill_balance,
    skill_trend,
    surpluses,
)
from matcher.analytics.tables import (
    answers_sheet,
    funnel_sheet,
    placement_sheet,
    quiet_sheet,
    skill_sheet,
    timing_sheet,
    trend_sheet,
)
from matcher.messages import message
from matcher.rules import recommendation_day
from matcher.schemas import Degree, Role, Sector, User
from matcher.spreadsheet import Sheet

router = APIRouter(prefix="/analytics", tags=["analytics"])

Semester = Annotated[
    str | None,
    Query(pattern=r"^\d{4}[AS]$", description="Recruiting semester, e.g. 2026A (Aug–Jan)"),
]
_ERRORS = errors(401, (403, "students; another cohort or enterprise"), 422)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DOWNLOADS: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {"text/csv": {}, XLSX: {}},
        "description": "JSON; with format=csv the first table as CSV (UTF-8 with BOM), with "
        "format=xlsx every table as a worksheet. A formula-like cell is written as text.",
    }
}
Format = Annotated[
    Literal["json", "csv", "xlsx"], Query(description="json, or a download: csv or xlsx")
]


def download(sheets: list[Sheet], kind: str, name: str) -> Response:
    """The tables as a CSV (the first) or a workbook, named ``name`` with the date."""
    body = spreadsheet.as_csv(sheets[0]) if kind == "csv" else spreadsheet.as_xlsx(sheets)
    media = "text/csv; charset=utf-8" if kind == "csv" else XLSX
    filename = f"{name}-{dt.date.today().isoformat()}.{kind}"
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _refuse(key: str) -> HTTPException:
    return HTTPException(403, message(key, "en") + " / " + message(key, "zh"))


def scope(
    user: User, cohort: str | None, enterprise: str | None
) -> tuple[list[str] | None, str | None]:
    """The cohorts and the enterprise a reader's figures are limited to (``None``: all)."""
    if user.role == Role.student:
        raise _refuse("analytics_not_for_students")
    if user.role == Role.advisor:
        if cohort is not None and cohort not in set(user.cohorts):
            raise _refuse("analytics_not_your_cohort")
        return ([cohort] if cohort else list(user.cohorts)), enterprise
    if user.role == Role.enterprise:
        if enterprise is not None and enterprise != user.enterprise_id:
            raise _refuse("analytics_not_your_enterprise")
        return ([cohort] if cohort else None), user.enterprise_id
    return ([cohort] if cohort else None), enterprise


@router.get("/funnel", response_model=Funnel, responses={**_ERRORS, **_DOWNLOADS})
def funnel_by(
    user: CurrentUser,
    engine: EngineDep,
    by: Annotated[
        Literal[
            "major",
            "degree",
            "cohort",
            "graduation_year",
            "college",
            "enterprise",
            "position",
            "industry",
        ],
        Query(description="What to group by"),
    ] = "major",
    semester: Semester = None,
    cohort: Annotated[str | None, Query(max_length=200)] = None,
    enterprise: Annotated[str | None, Query(max_length=64)] = None,
    lang: Literal["zh", "en"] = "zh",
    format: Format = "json",
) -> Funnel | Response:
    """Shown → viewed → applied → interviewed → offered → placed, pairs per group."""
    cohorts, enterprise_id = scope(user, cohort, enterprise)
    rows = funnel(
        engine, by, semester=semester, cohorts=cohorts, enterprise_id=enterprise_id, lang=lang
    )
    if format != "json":
        return download([funnel_sheet(rows, lang)], format, f"funnel-{by}")
    return Funnel(
        by=by,
        semester=semester,
        min_group=MIN_GROUP,
        suppressed_groups=sum(r.suppressed for r in rows),
        groups=[FunnelGroup(**r.as_dict()) for r in rows],
    )


@router.get("/skills", response_model=SkillMarket, responses={**_ERRORS, **_DOWNLOADS})
def skill_market(
    user: CurrentUser,
    engine: EngineDep,
    major: Annotated[str | None, Query(max_length=200, description="Major code or name")] = None,
    degree: Degree | None = None,
    graduation_year: Annotated[int | None, Query(ge=1990, le=2100)] = None,
    cohort: Annotated[str | None, Query(max_length=200)] = None,
    college: Annotated[str | None, Query(max_length=200)] = None,
    industry: Annotated[
        Sector | None, Query(description="Only positions of enterprises in this industry")
    ] = None,
    semester: Annotated[
        str | None,
        Query(
            pattern=r"^\d{4}[AS]$",
            description="Demand of the positions posted in this semester (default: open now)",
        ),
    ] = None,
    lang: Literal["zh", "en"] = "zh",
    top: Annotated[int, Query(ge=1, le=200, description="Length of each list")] = 20,
    format: Format = "json",
) -> SkillMarket | Response:
    """Which skills the open positions ask for and how many chosen students have them.

    Demand is the market's, for every reader (an enterprise sees the aggregate, not another
    enterprise's positions); supply is limited to an advisor's cohorts.
    """
    cohorts, _ = scope(user, cohort, None)
    code = major_code(engine, major)
    chosen = StudentFilter(
        majors=[code] if code else None,
        degree=degree,
        cohorts=cohorts,
        graduation_year=graduation_year,
        colleges=[college] if college else None,
    )
    balance = skill_balance(engine, chosen, sector=industry, posted_in=semester, lang=lang)
    population = int(chosen.mask(engine).sum())
    short, extra = shortages(balance, top), surpluses(balance, top)
    if format != "json":
        sheets = [
            skill_sheet(balance, lang, "an_sheet_skills"),
            skill_sheet(short, lang, "an_sheet_shortage"),
            skill_sheet(extra, lang, "an_sheet_surplus"),
        ]
        return download(sheets, format, "skills")

    def rows(items: list[SkillBalance]) -> list[SkillRow]:
        return [SkillRow(**b.as_dict()) for b in items]

    return SkillMarket(
        students_chosen=population if shown(population) else None,
        min_group=MIN_GROUP,
        skills=rows(balance),
        shortage=rows(short),
        surplus=rows(extra),
    )


@router.get("/placement", response_model=Placements, responses={**_ERRORS, **_DOWNLOADS})
def placement(
    user: CurrentUser,
    engine: EngineDep,
    by: Annotated[
        Literal["cohort", "major", "degree", "graduation_year", "college"],
        Query(description="Grouped by"),
    ] = "cohort",
    graduation_year: Annotated[int | None, Query(ge=1990, le=2100)] = None,
    cohort: Annotated[str | None, Query(max_length=200)] = None,
    lang: Literal["zh", "en"] = "zh",
    format: Format = "json",
) -> Placements | Response:
    """The share of each group's students who hold a place (a graduating class by year).

    The school's figures: the centre's staff and advisors (their cohorts) only.
    """
    if user.role == Role.enterprise:
        raise _refuse("analytics_not_your_enterprise")
    cohorts, _ = scope(user, cohort, None)
    rows = placement_rates(engine, by, graduation_year=graduation_year, cohorts=cohorts, lang=lang)
    if format != "json":
        return download([placement_sheet(rows, lang)], format, f"placement-{by}")
    return Placements(
        by=by,
        graduation_year=graduation_year,
        min_group=MIN_GROUP,
        groups=[PlacementGroup(**r.as_dict()) for r in rows],
    )


@router.get("/answers", response_model=list[EnterpriseAnswer], responses={**_ERRORS, **_DOWNLOADS})
def answers(
    user: CurrentUser, engine: EngineDep, lang: Literal["zh", "en"] = "zh", format: Format = "json"
) -> list[EnterpriseAnswer] | Response:
    """Per enterprise, the applications it received and the share it answered, the least
    answering first: the centre sees every enterprise, an enterprise itself."""
    if user.role in (Role.student, Role.advisor):
        key = "analytics_not_for_students" if user.role == Role.student else "analytics_centre_only"
        raise _refuse(key)
    own = user.enterprise_id if user.role == Role.enterprise else None
    rows = enterprise_answers(engine, enterprise_id=own)
    if format != "json":
        return download([answers_sheet(rows, lang)], format, "answers")
    return [EnterpriseAnswer(**r.as_dict()) for r in rows]


@router.get("/skills/trend", response_model=SkillTrend, responses={**_ERRORS, **_DOWNLOADS})
def skills_by_semester(
    user: CurrentUser,
    engine: EngineDep,
    skill: Annotated[
        list[str] | None, Query(max_length=20, description="Skill ids to follow (repeatable)")
    ] = None,
    top: Annotated[int, Query(ge=1, le=20, description="Skills followed when none named")] = 8,
    major: Annotated[str | None, Query(max_length=200, description="Major code or name")] = None,
    cohort: Annotated[str | None, Query(max_length=200)] = None,
    industry: Sector | None = None,
    lang: Literal["zh", "en"] = "zh",
    format: Format = "json",
) -> SkillTrend | Response:
    """Skills' openings (positions posted in each semester) against the students of the class
    each semester recruits who have them: the market's aggregate, for every reader but
    students (an advisor's supply is her cohorts')."""
    cohorts, _ = scope(user, cohort, None)
    code = major_code(engine, major)
    chosen = StudentFilter(majors=[code] if code else None, cohorts=cohorts)
    unknown = [s for s in skill or [] if s not in engine.taxonomy.skills]
    if unknown:
        reason = [
            message("analytics_unknown_skill", lang, skill=unknown[0]) for lang in ("en", "zh")
        ]
        raise HTTPException(422, " / ".join(reason))
    points = skill_trend(engine, chosen, skills=skill or None, top=top, sector=industry, lang=lang)
    if format != "json":
        return download([trend_sheet(points, lang)], format, "skill-trend")
    return SkillTrend(
        min_group=MIN_GROUP,
        semesters=list(dict.fromkeys(p.semester for p in points)),
        skills=list(dict.fromkeys(p.skill_id for p in points)),
        points=[TrendRow(**p.as_dict()) for p in points],
    )


@router.get("/postings", response_model=list[PostingTimingRow], responses={**_ERRORS, **_DOWNLOADS})
def postings(
    user: CurrentUser,
    engine: EngineDep,
    by: Annotated[
        Literal["industry", "type", "enterprise"], Query(description="Grouped by")
    ] = "industry",
    lang: Literal["zh", "en"] = "zh",
    format: Format = "json",
) -> list[PostingTimingRow] | Response:
    """Posted positions per group: how many drew an application or were filled, and the
    median days from posting to each. An enterprise sees its own positions; an advisor the
    groups by industry or type, not by enterprise."""
    if user.role == Role.student:
        raise _refuse("analytics_not_for_students")
    if user.role == Role.advisor and by == "enterprise":
        raise _refuse("analytics_centre_only")
    own = user.enterprise_id if user.role == Role.enterprise else None
    rows = posting_timings(engine, by, enterprise_id=own, lang=lang)
    if format != "json":
        return download([timing_sheet(rows, lang)], format, f"postings-{by}")
    return [PostingTimingRow(**r.as_dict()) for r in rows]


@router.get(
    "/postings/quiet", response_model=list[QuietPositionRow], responses={**_ERRORS, **_DOWNLOADS}
)
def quiet(
    user: CurrentUser,
    engine: EngineDep,
    min_days: Annotated[int, Query(ge=0, le=365, description="Posted at least this long ago")] = 14,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    lang: Literal["zh", "en"] = "zh",
    format: Format = "json",
) -> list[QuietPositionRow] | Response:
    """Open positions nobody has applied to, the longest waiting first: the centre's and the
    advisors' (whose students could apply), and an enterprise's own."""
    if user.role == Role.student:
        raise _refuse("analytics_not_for_students")
    own = user.enterprise_id if user.role == Role.enterprise else None
    today = recommendation_day(engine.clock)
    rows = quiet_positions(engine, today=today, enterprise_id=own, min_days=min_days, limit=limit)
    if format != "json":
        return download([quiet_sheet(rows, lang)], format, "quiet-positions")
    return [QuietPositionRow(**r.as_dict()) for r in rows]
