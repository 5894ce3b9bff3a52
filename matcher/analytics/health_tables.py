"""Recommendation health and curriculum gaps as tables (CSV, workbook, the report): headers in
the reader's language, a suppressed cell written ``<5``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matcher.analytics.health import changes
from matcher.messages import message
from matcher.spreadsheet import Sheet


def _headers(keys: Sequence[str], lang: str) -> list[str]:
    return [message(k, lang) for k in keys]


def _model_name(snapshot: dict[str, Any]) -> str:
    model = snapshot.get("model", {})
    ranker = model.get("ranker_file") or "prior"
    return f"{model.get('version')} / {ranker}"


def summary_sheet(snapshot: dict[str, Any], previous: dict[str, Any] | None, lang: str) -> Sheet:
    """The headline figures of this model beside the previous model's, and the change."""
    keys = ("hl_col_figure", "hl_col_value", "hl_col_previous", "hl_col_change")
    students = snapshot["students"]
    rows: list[list[Any]] = [
        [message("hl_row_model", lang), _model_name(snapshot),
         _model_name(previous) if previous else None, None],
        [message("hl_row_students", lang), f"{students['sampled']} / {students['population']}",
         None, None],
        [message("hl_row_k", lang), snapshot["k"], previous["k"] if previous else None, None],
        [message("hl_row_day", lang), snapshot["day"], previous["day"] if previous else None,
         None],
    ]  # fmt: skip
    for change in changes(snapshot, previous):
        name = message("hl_fig_" + change["figure"].replace(".", "_"), lang)
        rows.append([name, change["value"], change["previous"], change["change"]])
    return Sheet(message("hl_sheet_summary", lang), _headers(keys, lang), rows,
                 widths=[44, 30, 30, 12])  # fmt: skip


def enterprise_sheet(snapshot: dict[str, Any], lang: str) -> Sheet:
    """Each enterprise shown to five students or more: its exposures and their share."""
    keys = ("hl_col_enterprise_id", "hl_col_enterprise", "an_col_students", "hl_col_exposures",
            "hl_col_share")  # fmt: skip
    body = [
        [e["enterprise_id"], e["enterprise_name"], e["students"], e["exposures"], e["share"]]
        for e in snapshot["exposure"]["enterprises"]
    ]
    return Sheet(message("hl_sheet_enterprises", lang), _headers(keys, lang), body,
                 percent_columns=frozenset({4}))  # fmt: skip


def position_sheet(snapshot: dict[str, Any], lang: str) -> Sheet:
    """The most congested positions: students recommended per opening, highest first."""
    keys = ("hl_col_position_id", "hl_col_title", "hl_col_enterprise_id", "an_col_openings",
            "an_col_students", "hl_col_per_opening")  # fmt: skip
    body = [
        [p["position_id"], p["title"], p["enterprise_id"], p["openings"], p["students"],
         p["per_opening"]]
        for p in snapshot["congestion"]["positions"]
    ]  # fmt: skip
    return Sheet(message("hl_sheet_positions", lang), _headers(keys, lang), body)


def gaps_sheet(gaps: Sequence[dict[str, Any]], lang: str) -> Sheet:
    """Per major (labelled by :func:`~matcher.analytics.health.major_gaps`), the skills its
    students miss: a row per major and skill, a major too small in one row of ``<5``."""
    keys = ("hl_col_major", "hl_col_major_students", "an_col_skill", "an_col_category",
            "hl_col_missing", "hl_col_missing_share")  # fmt: skip
    small = message("an_suppressed", lang)
    body: list[list[Any]] = []
    for row in gaps:
        if row["suppressed"]:
            body.append([row["label"], small, None, None, None, None])
            continue
        if not row["skills"]:
            body.append([row["label"], row["students"], None, None, None, None])
        for s in row["skills"]:
            category = message(f"skill_category_{s['category']}", lang) if s["category"] else ""
            body.append(
                [row["label"], row["students"], s["label"], category, s["students"], s["share"]]
            )
    return Sheet(message("hl_sheet_gaps", lang), _headers(keys, lang), body,
                 percent_columns=frozenset({5}))  # fmt: skip
