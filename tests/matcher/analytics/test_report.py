"""``matcher report``: a dated Markdown report with charts, and every table in a workbook."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from matcher.analytics.report import write_report
from matcher.cli import app


@pytest.fixture(scope="module")
def world(market_world: dict[str, Any]) -> dict[str, Any]:
    return market_world


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_report_has_its_tables_charts_and_workbook(
    world: dict[str, Any], tmp_path: Path, lang: str
) -> None:
    from openpyxl import load_workbook

    day = dt.date(2027, 3, 1)
    files = write_report(world["engine"], tmp_path, lang=lang, today=day)
    assert files.markdown.name == "report-2027-03-01.md"
    text = files.markdown.read_text(encoding="utf-8")
    title = "人才供需与就业报告" if lang == "zh" else "Labour market and placement report"
    assert text.startswith(f"# {title}")
    for chart in ("shortage", "funnel", "trend"):
        assert f"](charts/{chart}.png)" in text
    for chart in files.charts:
        assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and chart.stat().st_size > 5000
    book = load_workbook(io.BytesIO(files.workbook.read_bytes()))
    titles = {
        "zh": ["紧缺技能", "富余技能", "技能供需", "求职漏斗", "落实率", "各学期趋势",
               "岗位招聘周期", "企业答复", "无人申请的岗位"],
        "en": ["Shortage", "Surplus", "Skill supply and demand", "Funnel", "Placement",
               "By semester", "Time to apply and fill", "Answers",
               "Positions without applications"],
    }  # fmt: skip
    assert book.sheetnames == titles[lang]  # no health snapshot was computed for this model
    placement = list(book.worksheets[4].iter_rows(values_only=True))
    assert placement[0][3] in ("落实率", "Placement rate")
    trend = list(book.worksheets[5].iter_rows(values_only=True))
    assert len(trend) > 1 and all(isinstance(row[2], int) for row in trend[1:])
    assert "<5" in text  # the world's cohorts are small: suppressed, not shown


def test_the_command_refuses_bad_options_with_a_reason(
    world: dict[str, Any], tmp_path: Path
) -> None:
    runner = CliRunner()
    bad = runner.invoke(app, ["report", "--out", str(tmp_path), "--lang", "fr"])
    assert bad.exit_code != 0 and "--lang" in bad.output
    bad = runner.invoke(app, ["report", "--out", str(tmp_path), "--semester", "autumn"])
    assert bad.exit_code != 0 and "--semester" in bad.output


def test_every_skill_category_has_a_label_in_both_languages() -> None:
    from matcher.messages import message
    from matcher.text.taxonomy import CATEGORIES

    for category in CATEGORIES:
        zh, en = (message(f"skill_category_{category}", lang) for lang in ("zh", "en"))
        assert zh != en and category not in (zh, en)
