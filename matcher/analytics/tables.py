"""Analytics as tables to export (CSV, workbook) or print: headers in the reader's language,
a suppressed cell written ``<5``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matcher.analytics.answers import EnterpriseAnswers
from matcher.analytics.funnel import STAGES, FunnelRow
from matcher.analytics.placement import PlacementRow
from matcher.analytics.postings import PostingTiming, QuietPosition
from matcher.analytics.skills import SkillBalance, TrendPoint
from matcher.messages import message
from matcher.spreadsheet import Sheet


def _cell(value: Any, lang: str) -> Any:
    return message("an_suppressed", lang) if value is None else value


def funnel_sheet(rows: Sequence[FunnelRow], lang: str) -> Sheet:
    """The funnel by group: students, then pairs reaching each stage."""
    headers = [message(f"an_col_{c}", lang) for c in ("group", "students", *STAGES)]
    body = [
        [
            r.label or r.group or "",
            _cell(r.students, lang),
            *(_cell(r.stages[s], lang) for s in STAGES),
        ]
        for r in rows
    ]
    return Sheet(message("an_sheet_funnel", lang), headers, body)


def skill_sheet(balance: Sequence[SkillBalance], lang: str, title_key: str) -> Sheet:
    """Skills with their demand and supply (``title_key``: which list this is)."""
    keys = ("skill", "category", "positions", "openings", "required", "holders", "ratio")
    headers = [message(f"an_col_{k}", lang) for k in keys]
    body = [
        [
            b.label,
            message(f"skill_category_{b.category}", lang) if b.category else "",
            b.positions,
            b.openings,
            b.required_openings,
            _cell(b.students, lang),
            round(b.openings_per_student, 3),
        ]
        for b in balance
    ]
    return Sheet(message(title_key, lang), headers, body)


def placement_sheet(rows: Sequence[PlacementRow], lang: str) -> Sheet:
    """Placement rates by group; the rate shown as a percentage."""
    headers = [message(f"an_col_{c}", lang) for c in ("group", "students", "placed", "rate")]
    body = [
        [r.label or r.group or "", _cell(r.students, lang), _cell(r.placed, lang), r.rate]
        for r in rows
    ]
    return Sheet(message("an_sheet_placement", lang), headers, body, percent_columns=frozenset({3}))


def answers_sheet(rows: Sequence[EnterpriseAnswers], lang: str) -> Sheet:
    """Enterprises' applications and the share they answered."""
    keys = ("enterprise", "applicants", "applications", "answered", "answer_rate")
    body = [
        [r.name, *(_cell(v, lang) for v in (r.applicants, r.applications, r.answered)), r.rate]
        for r in rows
    ]
    headers = [message(f"an_col_{k}", lang) for k in keys]
    return Sheet(message("an_sheet_answers", lang), headers, body, percent_columns=frozenset({4}))


def trend_sheet(points: Sequence[TrendPoint], lang: str) -> Sheet:
    """Skills' openings and students semester by semester."""
    headers = [message(f"an_col_{k}", lang) for k in ("semester", "skill", "openings", "holders")]
    body = [[p.semester, p.label, p.openings, _cell(p.students, lang)] for p in points]
    return Sheet(message("an_sheet_trend", lang), headers, body)


def timing_sheet(rows: Sequence[PostingTiming], lang: str) -> Sheet:
    """Positions applied to and filled per group, with the median days to each."""
    keys = ("group", "posted", "with_applications", "days_to_application", "filled")
    headers = [message(f"an_col_{k}", lang) for k in (*keys, "days_to_fill")]
    body = [
        [r.label, r.positions, r.applied, r.days_to_application, r.filled, r.days_to_fill]
        for r in rows
    ]
    return Sheet(message("an_sheet_timing", lang), headers, body)


def quiet_sheet(rows: Sequence[QuietPosition], lang: str) -> Sheet:
    """Open positions nobody applied to."""
    keys = ("position", "enterprise", "posted_on", "days_open", "shown_to", "viewed_by")
    headers = [message(f"an_col_{k}", lang) for k in keys]
    body = [
        [r.title, r.enterprise, r.posted, r.days, _cell(r.shown_to, lang), _cell(r.viewed_by, lang)]
        for r in rows
    ]
    return Sheet(message("an_sheet_quiet", lang), headers, body)
