"""Formula-like text is defused in every CSV cell (issue #16, row 8)."""

from __future__ import annotations

from matcher.spreadsheet import csv_cell, is_formula_like

ATTACKS = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]


def test_formula_like_text_gets_an_apostrophe_and_nothing_else_changes() -> None:
    for text in ATTACKS:
        assert is_formula_like(text) and csv_cell(text) == "'" + text
    for value in ("光学工程师", "a=b", "", 3, -2.5, None):
        assert csv_cell(value) == value
