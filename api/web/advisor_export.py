"""The plan as advisors keep it: a spreadsheet (.xlsx) or CSV with the headers they use.

One row per student of the selected cohorts, in Chinese whatever the page's language (the
sheets go to the college's employment office): placed students with their place, planned ones
with the planned position and its match probability as a percentage, the others with a note.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from matcher import spreadsheet
from matcher.messages import message
from matcher.spreadsheet import Sheet

#: The columns, as the advisors' own sheets head them.
HEADERS: tuple[str, ...] = (
    "姓名",
    "学号",
    "班级",
    "状态",
    "单位",
    "岗位",
    "城市",
    "匹配概率",
    "备注",
)
#: Width of each column in the spreadsheet (characters).
WIDTHS: tuple[int, ...] = (10, 15, 18, 12, 28, 24, 8, 10, 36)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
#: Column of the probability (a number shown as a percentage in the spreadsheet).
PROBABILITY = HEADERS.index("匹配概率")


def rows(view: dict[str, Any], method: str) -> list[list[Any]]:
    """The sheet's rows (no header) from the plan page's view, by class and student number."""
    zh = "zh"
    planned = {p["m"].id: p for p in view["pairs"]}
    places = {p["m"].id: p for p in view["placed"]}
    method_name = message(f"adv_method_{method}", zh)
    out: list[list[Any]] = []
    students = sorted(view["students"], key=lambda m: (m.cohort, m.number or m.id))
    for m in students:
        status = message(f"adv_status_{m.season.status}", zh)
        row: list[Any] = [m.name, m.number, m.cohort, status, "", "", "", None, ""]
        if m.id in places:
            facts = places[m.id]["facts"]
            if facts is not None:
                row[4:7] = [facts.enterprise, facts.title, facts.city]
            else:
                row[5] = places[m.id]["place"]
            row[8] = message("adv_note_placed", zh)
        elif m.id in planned:
            p = planned[m.id]
            f = p["facts"]
            row[4:8] = [f.enterprise, f.title, f.city, round(float(p["a"]["probability"]), 4)]
            notes = [message("adv_note_planned", zh, method=method_name)]
            if p["a"]["locked"]:
                notes.append(message("adv_locked_tag", zh))
            if p["low"]:
                notes.append(message("adv_note_low", zh))
            row[8] = "；".join(notes)
        else:
            row[8] = message("adv_note_unplanned", zh)
        out.append(row)
    return out


def _sheet(table: list[list[Any]]) -> Sheet:
    return Sheet("安置方案", HEADERS, table, WIDTHS, frozenset({PROBABILITY}))


def as_csv(table: list[list[Any]]) -> bytes:
    """The rows under the headers as CSV, UTF-8 with a byte-order mark (Excel reads Chinese)."""
    return spreadsheet.as_csv(_sheet(table))


def as_xlsx(table: list[list[Any]]) -> bytes:
    """The rows under a styled header row, columns sized, the header frozen and filterable."""
    return spreadsheet.as_xlsx([_sheet(table)])


def filename(selection: str, day: dt.date, kind: str) -> str:
    """安置方案-光电2023-1班-2027-04-14.xlsx"""
    return f"安置方案-{selection}-{day.isoformat()}.{kind}"


def disposition(name: str) -> dict[str, str]:
    """A download's header: an ASCII name for old clients, the Chinese one for the rest."""
    ascii_name = "placement-plan." + name.rsplit(".", 1)[-1]
    return {
        "Content-Disposition": f'attachment; filename="{ascii_name}"; '
        f"filename*=UTF-8''{quote(name)}"
    }
