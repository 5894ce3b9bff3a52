"""Analytics as tables to export (CSV, workbook) or print: headers in the reader's language,
a suppressed cell written ``<5``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matcher.analytics.funnel import STAGES, FunnelRow
from matcher.analytics.placement import PlacementRow
from matcher.analytics.skills import SkillBalance
from matcher.messages import message
from matcher.spreadsheet import Sheet


def _cell(value: Any, lang: str) -> Any:
    return message("an_suppressed", lang) if value is None else value


def funnel_sheet(rows: Sequence[FunnelRow], lang: str) -> Sheet:
    """The funnel by group: students, then pairs reaching each stage."""
    headers = [message(f"an_col_{c}", lang) for c in ("group", "students", *STAGES)]
    body = [
        [r.group or "", _cell(r.students, lang), *(_cell(r.stages[s], lang) for s in STAGES)]
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
    body = [[r.group or "", _cell(r.students, lang), _cell(r.placed, lang), r.rate] for r in rows]
    return Sheet(message("an_sheet_placement", lang), headers, body, percent_columns=frozenset({3}))
