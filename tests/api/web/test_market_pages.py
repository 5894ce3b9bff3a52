"""The centre's labour-market page through the ASGI client: both languages, the charts against
their tables, filters, the downloads, and refusals for every role but researchers and admins."""

from __future__ import annotations

import io
import re

from fastapi.testclient import TestClient

from matcher.analytics.funnel import STAGES, funnel
from tests.api.web.analytics_world import bars as _bars
from tests.api.web.analytics_world import section as _section
from tests.api.web.analytics_world import table_rows as _table
from tests.api.web.test_research_pages import _log_in


def test_a_researcher_reads_the_market_in_both_languages(client: TestClient) -> None:
    _log_in(client, "res")
    zh = client.get("/me/market")
    assert zh.status_code == 200, zh.text
    markers = ("shortage-chart", "shortage-table", "surplus-chart", "funnel-charts", "funnel-table")
    for marker in ("人才供需分析", "本科", *(f'id="{m}"' for m in markers)):
        assert marker in zh.text, marker
    assert "<meter" not in zh.text and "style=" not in zh.text
    assert 'href="/me/market"' in zh.text  # in the menu
    en = client.get("/me/market?lang=en")
    assert "Labour market" in en.text and "Skills in short supply" in en.text
    assert "Bachelor" in en.text


def test_each_bar_shows_its_tables_figure(client: TestClient) -> None:
    _log_in(client, "res")
    html = client.get("/me/market").text
    for section in ("shortage", "surplus"):
        rows = _table(html, f"{section}-table")
        bars = _bars(_section(html, section))
        assert rows and len(bars) == 2 * len(rows)  # no count is suppressed in these lists
        for skill, openings, students, _ in rows:
            assert bars[(skill, "bar first")] == openings
            assert bars[(skill, "bar second")] == students
    # The funnel by degree: a chart per degree, its bars the table's figures; a small one a note.
    rows = funnel(client.app.state.served.engine, "degree")  # type: ignore[attr-defined]
    charts = _section(html, "funnel").split('<div class="funnel-one">')[1:]
    table = _table(html, "funnel-table")
    assert len(charts) == len(rows) == len(table)
    for row, chart, cells in zip(rows, charts, table, strict=True):
        if row.suppressed:
            assert "<rect" not in chart and "&lt;5：不足 5 名学生" in chart
            assert cells[1] == "<5"
            continue
        values = re.findall(r'data-value="(\d+)" data-key="(\w+)"', chart)
        assert values == [(str(row.stages[s]), s) for s in STAGES]
        assert cells[2:] == [str(row.stages[s]) for s in STAGES]
    assert any(r.suppressed for r in rows), "the world has a degree of fewer than five"


def test_filters_narrow_the_students_counted(client: TestClient) -> None:
    _log_in(client, "res")
    everyone = client.get("/me/market").text
    one_year = client.get("/me/market?year=1999").text
    assert 'id="too-few"' not in everyone and 'id="too-few"' in one_year
    assert client.get("/me/market?year=abc").status_code == 422
    as_a_form_sends_it = client.get("/me/market?major=&year=&industry=")  # "all" left as is
    assert as_a_form_sends_it.status_code == 200 and 'id="too-few"' not in as_a_form_sends_it.text
    assert client.get("/me/market?industry=nowhere").status_code == 422
    optics = client.get("/me/market?industry=optics")
    assert optics.status_code == 200 and 'value="optics" selected' in optics.text


def test_the_page_downloads_its_tables(client: TestClient) -> None:
    from openpyxl import load_workbook

    _log_in(client, "res")
    book = client.get("/me/market.xlsx")
    assert book.status_code == 200, book.text
    names = load_workbook(io.BytesIO(book.content)).sheetnames
    assert names == ["技能供需", "紧缺技能", "富余技能", "求职漏斗"]
    csv = client.get("/me/market.csv?lang=en")
    assert csv.content.startswith("\ufeff".encode()) and b"Openings" in csv.content


def test_other_roles_are_refused(client: TestClient) -> None:
    for who in ("stu", "adv", "ent"):
        _log_in(client, who)
        assert client.get("/me/market").status_code == 403, who
        assert client.get("/me/market.xlsx").status_code == 403, who
    client.cookies.clear()
    assert client.get("/me/market", follow_redirects=False).status_code in (303, 307)
