"""The advisor's downloads show formula-like text as text (issue #16, row 8): a position title
``=HYPERLINK(…)`` was written as is and ran as a live link in the advisor's spreadsheet."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from api.web.advisor_export import HEADERS, as_csv, as_xlsx

ATTACKS = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]


def _row(title: str) -> list[object]:
    return ["李四", "-s001", "光电2023-1班", "已安排", "长春光机", title, "长春", 0.42, "备注"]


def test_the_advisor_downloads_show_attacks_as_text() -> None:
    assert len(_row("x")) == len(HEADERS)
    table = [_row(text) for text in ATTACKS]
    rows = list(csv.reader(io.StringIO(as_csv(table).decode("utf-8-sig"))))[1:]
    assert [r[5] for r in rows] == ["'" + t for t in ATTACKS]
    assert all(r[1] == "'-s001" for r in rows)  # an id may begin with "-" too
    assert rows[0][7] == "42.0%"
    sheet = load_workbook(io.BytesIO(as_xlsx(table))).active
    for i, text in enumerate(ATTACKS, start=2):
        cell = sheet.cell(i, 6)
        assert cell.value == text and cell.data_type == "s"  # text, never a formula
    assert sheet.cell(2, 8).value == 0.42  # numbers stay numbers
