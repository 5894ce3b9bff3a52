"""The centre's labour-market page through the ASGI client: both languages, the charts against
their tables, filters, the downloads, and refusals for every role but researchers and admins."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from matcher.analytics.funnel import STAGES, funnel
from matcher.analytics.health import compute_health, health_path, save_health
from matcher.engine.snapshot import Engine
from tests.api.apiworld import build_world, login, serve_world
from tests.api.web.analytics_world import BIG, OTHER, regroup
from tests.api.web.analytics_world import bars as _bars
from tests.api.web.analytics_world import section as _section
from tests.api.web.analytics_world import table_rows as _table
from tests.api.web.test_research_pages import _log_in


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The module's world with classes big enough to show (:func:`regroup`), on SQLite: the
    figures are the engine's, and the store's backends are tested by the store's tests."""
    return regroup(build_world(tmp_path_factory.mktemp("market")))


@pytest.fixture(scope="module")
def client(world: dict[str, Any]) -> Iterator[TestClient]:
    with serve_world(world) as c:
        yield c


def _served(client: TestClient) -> Engine:
    return client.app.state.served.engine  # type: ignore[attr-defined,no-any-return]


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
    assert names[:4] == ["技能供需", "紧缺技能", "富余技能", "求职漏斗"]
    csv = client.get("/me/market.csv?lang=en")
    assert csv.content.startswith("\ufeff".encode()) and b"Openings" in csv.content


def test_other_roles_are_refused(client: TestClient) -> None:
    for who in ("stu", "adv", "ent"):
        _log_in(client, who)
        assert client.get("/me/market").status_code == 403, who
        assert client.get("/me/market.xlsx").status_code == 403, who
    client.cookies.clear()
    assert client.get("/me/market", follow_redirects=False).status_code in (303, 307)


def test_the_trend_placement_and_quiet_positions_are_the_apis(client: TestClient) -> None:
    _log_in(client, "res")
    html = client.get("/me/market").text
    api = login(client, "res")
    # Skills over the semesters: each cell's openings and students are the API's point.
    trend = client.get("/api/v1/analytics/skills/trend?top=6", headers=api).json()
    points = {(p["label"], p["semester"]): p for p in trend["points"]}
    table = html.split('id="trend-table"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(
        r'<tr data-skill="([^"]+)"><th scope="row">([^<]+)</th>(.*?)</tr>', table, re.S
    )
    assert [skill for skill, _, _ in rows] == trend["skills"]
    cells = 0
    for _, label, tds in rows:
        for semester, openings, students in re.findall(
            r'data-semester="(\w+)"><span class="openings">(\d+)</span> / '
            r'<span class="students">([^<]+)</span>',
            tds,
        ):
            point = points[(label, semester)]
            assert int(openings) == point["openings"]
            assert students == ("&lt;5" if point["students"] is None else str(point["students"]))
            cells += 1
    assert cells == len(trend["points"]) > 0
    assert any(p["openings"] for p in trend["points"])
    assert 'class="line s0"' in _section(html, "trend")  # a line per skill
    heads = re.findall(r'<th scope="col" class="num">([^<]+)</th>', table)
    assert heads == sorted(heads, key=lambda h: (h[:4], "春" not in h))  # spring, then autumn
    # Placement by class: the API's rates, the classes shown drawn as bars.
    groups = client.get("/api/v1/analytics/placement?by=cohort", headers=api).json()["groups"]
    rows_by_class = {r[0]: r for r in _table(html, "placement-table")}
    assert len(rows_by_class) == len(groups)
    drawn = _bars(_section(html, "placement"))
    for g in groups:
        row = rows_by_class[g["label"] or g["group"]]
        if g["students"] is None:
            assert row[1:] == ["<5", "<5", "<5"]
            continue
        assert row[1:3] == [str(g["students"]), str(g["placed"])]
        assert row[3] == f"{g['rate'] * 100:.1f}%"
        # The API rounds a rate to 4 places, the chart to 5.
        bar = float(drawn[(g["label"] or g["group"], "bar value")])
        assert bar == pytest.approx(g["rate"], abs=5e-5)
    assert BIG in rows_by_class and OTHER in rows_by_class
    assert 'id="placement-small"' in html  # the small class: not drawn, <5 in the table
    # Positions nobody applied to: the API's, in its order.
    quiet = client.get("/api/v1/analytics/postings/quiet?limit=20", headers=api).json()
    if quiet:
        rows = _table(html, "quiet-table")
        assert [r[0] for r in rows] == [q["title"] for q in quiet]
        for r, q in zip(rows, quiet, strict=True):
            shown_to = "<5" if q["shown_to"] is None else str(q["shown_to"])
            assert r[1:] == [q["enterprise"], q["posted"], str(q["days"]), shown_to]
    else:
        assert 'id="quiet-none"' in html
    # Days to apply and to fill, by industry: the API's.
    timings = client.get("/api/v1/analytics/postings?by=industry", headers=api).json()
    rows = _table(html, "timing-table")
    assert [r[0] for r in rows] == [t["label"] for t in timings] and timings

    def shown(days: float | None) -> str:
        return "–" if days is None else str(days)

    for r, t in zip(rows, timings, strict=True):
        assert r[1:] == [str(t["positions"]), str(t["applied"]), shown(t["days_to_application"]),
                         str(t["filled"]), shown(t["days_to_fill"])]  # fmt: skip
        assert 0 <= t["filled"] <= t["applied"] <= t["positions"]


def test_the_health_card_reads_the_snapshot(client: TestClient) -> None:
    engine = _served(client)
    path = health_path(engine)
    assert path is not None
    path.unlink(missing_ok=True)
    _log_in(client, "res")
    before = _section(client.get("/me/market").text, "health")
    assert 'id="health-missing"' in before and "matcher health" in before
    assert 'id="health-table"' not in before
    save_health(engine, compute_health(engine, k=10))
    api = client.get("/api/v1/analytics/health?top=10", headers=login(client, "res")).json()
    after = _section(client.get("/me/market?lang=en").text, "health")
    assert 'id="health-missing"' not in after and "No previous model" in after
    coverage = api["coverage"]["position_share"]
    headline = after.split('data-figure="coverage.position_share"', 1)[1]
    assert f">{coverage * 100:.1f}%<" in headline
    gini = f">{api['exposure']['gini_enterprises']:.3f}<"
    assert gini in after.split('id="health-headlines"', 1)[1]
    figures = {r[0]: r[1:] for r in _table(after, "health-table")}
    assert len(figures) == len(api["changes"])
    assert all(previous == "–" and change == "–" for _, previous, change in figures.values())
    listed = api["exposure"]["enterprises"]
    rows = _table(after, "exposure-table")
    assert [r[0] for r in rows] == [e["enterprise_name"] for e in listed]
    assert [r[3] for r in rows] == [str(e["exposures"]) for e in listed]
    assert [r[1] for r in rows] == [f"{e['share'] * 100:.1f}%" for e in listed]
    bars = _bars(after)
    for e in listed:
        assert float(bars[(e["enterprise_name"], "bar value")]) == pytest.approx(e["share"])
    # The workbook holds the health tables once the snapshot exists.
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get("/me/market.xlsx?lang=en").content))
    assert {"Recommendation health", "Exposure by enterprise", "Skill gaps by major"} <= set(
        book.sheetnames
    )
    sheet = [list(r) for r in book["Exposure by enterprise"].iter_rows(values_only=True)]
    assert [r[3] for r in sheet[1:]] == [e["exposures"] for e in api["exposure"]["enterprises"]]


def test_the_workbook_holds_the_new_tables(client: TestClient) -> None:
    from openpyxl import load_workbook

    _log_in(client, "res")
    book = load_workbook(io.BytesIO(client.get("/me/market.xlsx").content))
    assert book.sheetnames[:8] == ["技能供需", "紧缺技能", "富余技能", "求职漏斗", "各学期趋势",
                                   "落实率", "岗位招聘周期", "无人申请的岗位"]  # fmt: skip
    api = login(client, "res")
    trend = client.get("/api/v1/analytics/skills/trend?top=6", headers=api).json()
    rows = list(book["各学期趋势"].iter_rows(values_only=True))[1:]
    assert [(r[0], r[2]) for r in rows] == [(p["semester"], p["openings"]) for p in trend["points"]]
    groups = client.get("/api/v1/analytics/placement?by=cohort", headers=api).json()["groups"]
    placed = {r[0]: r[3] for r in list(book["落实率"].iter_rows(values_only=True))[1:]}
    assert set(placed) == {g["label"] or g["group"] for g in groups}
    for g in groups:
        rate = placed[g["label"] or g["group"]]
        assert rate is None if g["rate"] is None else rate == pytest.approx(g["rate"], abs=1e-4)
    csv = client.get("/me/market.csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("技能")  # the CSV stays the skills
