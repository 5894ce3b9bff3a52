"""Cells a spreadsheet shows as written: text that Excel, LibreOffice or WPS would run as a
formula is defused, in every CSV and workbook the matcher writes.

A cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a formula
(``=HYPERLINK("http://…","click")`` in a position title becomes a live link in an advisor's
sheet). In CSV such text gets a leading apostrophe, which spreadsheets show as a text marker;
in a workbook the cell is stored as text, so it shows exactly what was written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

#: First characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    """Whether ``value`` is text a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """``value`` as a CSV cell: formula-like text behind an apostrophe, anything else as is."""
    return "'" + value if is_formula_like(value) else value


@dataclass(frozen=True)
class Sheet:
    """One table to write: a title, headers, rows, and how to show them."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Any]]
    widths: Sequence[int] | None = None  # characters per column; None: from the headers
    percent_columns: frozenset[int] = field(default_factory=frozenset)  # 0.25 shows 25.0%


def _percent(value: Any) -> Any:
    return "" if value is None else f"{value * 100:.1f}%"


def as_csv(sheet: Sheet) -> bytes:
    """The rows under the headers as CSV, UTF-8 with a byte-order mark (Excel reads Chinese),
    formula-like text defused."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_cell(h) for h in sheet.headers])
    for row in sheet.rows:
        writer.writerow(
            [_percent(v) if i in sheet.percent_columns else csv_cell(v) for i, v in enumerate(row)]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(sheets: Sequence[Sheet]) -> bytes:
    """A workbook of one worksheet per sheet: a styled header row, columns sized, the header
    frozen and filterable, formula-like text stored as text."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(_sheet_title(sheet.title))
        ws.append(list(sheet.headers))
        for cell in ws[1]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="0B4F8A")
            cell.alignment = Alignment(horizontal="center", vertical="center")
        # Rows are counted here: ``ws.max_row`` walks every cell, which made a sheet of n rows
        # cost n² (1,600 rows took 1.4 s).
        for number, row in enumerate(sheet.rows, start=2):
            ws.append(list(row))
            for i, value in enumerate(row, start=1):
                if is_formula_like(value):
                    ws.cell(number, i).data_type = "s"  # shown as written, never run
            for i in sheet.percent_columns:
                ws.cell(number, i + 1).number_format = "0.0%"
        widths = sheet.widths or [max(10, 2 * len(str(h)) + 2) for h in sheet.headers]
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.row_dimensions[1].height = 22
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of ``[]:*?/\\``."""
    return "".join("_" if c in "[]:*?/\\" else c for c in title)[:31] or "Sheet"
