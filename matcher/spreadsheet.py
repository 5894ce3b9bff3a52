"""Cells a spreadsheet shows as written: text that Excel, LibreOffice or WPS would run as a
formula is defused, in every CSV and workbook the matcher writes.

A cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as a formula
(``=HYPERLINK("http://…","click")`` in a position title becomes a live link in an advisor's
sheet). In CSV such text gets a leading apostrophe, which spreadsheets show as a text marker;
in a workbook the cell is stored as text, so it shows exactly what was written.
"""

from __future__ import annotations

from typing import Any

#: First characters that make a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    """Whether ``value`` is text a spreadsheet would read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """``value`` as a CSV cell: formula-like text behind an apostrophe, anything else as is."""
    return "'" + value if is_formula_like(value) else value
