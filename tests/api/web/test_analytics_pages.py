"""The advisor's and the enterprise's analytics pages through the ASGI client, on SQLite and
PostgreSQL: each sees its own figures only, as the analytics count them, in both languages;
small groups are ``<5``; the downloads hold the page's figures; everyone else is refused."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from matcher.analytics.answers import enterprise_answers
from matcher.analytics.funnel import STAGES, funnel
from matcher.analytics.placement import placement_rates
from matcher.analytics.skills import StudentFilter
from tests.api.apiworld import build_world, serve_world
from tests.api.web.analytics_world import BIG, OTHER, SIZES, SMALL, regroup
from tests.api.web.analytics_world import bars as _bars
from tests.api.web.analytics_world import section as _section
from tests.api.web.analytics_world import table_rows as _table
from tests.api.web.test_research_pages import _log_in


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The module's world with classes big enough to show (:func:`regroup`), on SQLite: the
    figures are the engine's, and the store's backends are tested by the store's tests."""
    return regroup(build_world(tmp_path_factory.mktemp("analytics")))


@pytest.fixture(scope="module")
def client(world: dict[str, Any]) -> Iterator[TestClient]:
    with serve_world(world) as c:
        yield c


def _engine(client: TestClient) -> Any:
    return client.app.state.served.engine  # type: ignore[attr-defined]


def _store(client: TestClient) -> Any:
    return client.app.state.store  # type: ignore[attr-defined]


# -- the advisor ----------------------------------------------------------------------------------


def test_an_advisor_sees_her_own_classes_as_the_analytics_count_them(client: TestClient) -> None:
    _log_in(client, "adv-an")
    html = client.get("/me/analytics").text
    assert 'href="/me/analytics"' in html.split('<nav class="menu">', 1)[1]  # in her menu
    for marker in ("班级就业分析", "各班落实率", "求职漏斗（按班级）", "学生欠缺的紧缺技能"):
        assert marker in html, marker
    assert BIG in html and SMALL in html and OTHER not in html
    engine = _engine(client)
    expected = placement_rates(engine, "cohort", cohorts=[BIG, SMALL])
    rows = _table(html, "placement-table")
    big = next(r for r in expected if r.group == BIG)
    assert big.students == SIZES[BIG]
    assert [BIG, str(big.students), str(big.placed), f"{big.rate * 100:.1f}%"] in rows
    assert [SMALL, "<5", "<5", "<5"] in rows  # three students: suppressed
    placement = _section(html, "placement")
    bars = _bars(placement)
    assert float(bars[(BIG, "bar value")]) == pytest.approx(big.rate, abs=1e-4)
    assert not any(key == SMALL for key, _ in bars)  # never a bar for a small class
    assert 'class="suppressed">&lt;5</text>' in placement
    # The funnel: her classes' rows, as the funnel counts them; the small one a note.
    shown = {r.group: r for r in funnel(engine, "cohort", cohorts=[BIG, SMALL])}
    table = _table(html, "funnel-table")
    row = shown[BIG]
    assert [BIG, str(row.students), *(str(row.stages[s]) for s in STAGES)] in table
    assert [SMALL, "<5", *("–" for _ in STAGES)] in table
    section = _section(html, "funnel")
    assert section.count("<svg") == 1 and "&lt;5：不足 5 名学生，不予显示" in section
    for stage in STAGES:
        assert f'data-value="{row.stages[stage]}" data-key="{stage}"' in section
    # Her students' supply: the shortage counts only her classes.
    chosen = StudentFilter(cohorts=[BIG, SMALL]).mask(engine).sum()
    assert f"纳入统计的学生：{chosen} 人" in html
    bars = _bars(_section(html, "shortage"))
    for skill, openings, students, _ in _table(html, "shortage-table"):
        assert (bars[(skill, "bar first")], bars[(skill, "bar second")]) == (openings, students)


def test_the_page_is_in_english_through_the_switch(client: TestClient) -> None:
    _log_in(client, "adv-an")
    zh = client.get("/me/analytics")
    assert 'href="/me/analytics?lang=en"' in zh.text
    en = client.get("/me/analytics?lang=en").text
    for words in ("My classes in figures", "Placement rate by class", "The funnel, by class",
                  "Applications by semester", "Autumn", "Skills the market wants"):  # fmt: skip
        assert words in en, words
    assert "<5: fewer than 5 students, not shown" in en.replace("&lt;", "<")
    assert "班级就业分析" not in en


def test_one_class_and_one_graduating_year(client: TestClient) -> None:
    _log_in(client, "adv-an")
    one = client.get("/me/analytics", params={"cohort": BIG}).text
    assert [r[0] for r in _table(one, "placement-table")] == [BIG]
    assert f'<option value="{BIG}" selected>' in one
    engine = _engine(client)
    years = sorted(
        {
            int(y)
            for c, y in zip(engine.students.cohort, engine.students.graduation_year, strict=True)
            if c == BIG
        }
    )
    year = years[0]
    html = client.get("/me/analytics", params={"cohort": BIG, "year": year}).text
    assert f'<option value="{year}" selected>' in html
    chosen = StudentFilter(cohorts=[BIG], graduation_year=year).mask(engine).sum()
    counted = f"纳入统计的学生：{chosen if chosen >= 5 else '&lt;5'} 人"
    assert counted in html
    [rate] = placement_rates(engine, "cohort", cohorts=[BIG], graduation_year=year)
    expected = ["<5"] if rate.suppressed else [str(rate.students)]
    assert _table(html, "placement-table")[0][:2] == [BIG, *expected]
    by_year = {r.group: r for r in funnel(engine, "graduation_year", cohorts=[BIG])}
    if str(year) in by_year:  # the class's funnel of that year only
        row = by_year[str(year)]
        cells = ["<5"] if row.suppressed else [str(row.students)]
        assert _table(html, "funnel-table")[0][:2] == [BIG, *cells]
    assert client.get("/me/analytics?year=abc").status_code == 422
    assert client.get("/me/analytics?year=1900").status_code == 422
    everything = client.get("/me/analytics?cohort=&year=")  # the form with "all" left as is
    assert everything.status_code == 200
    assert [r[0] for r in _table(everything.text, "placement-table")] == [BIG, SMALL]


def test_another_advisors_class_is_refused_in_both_languages(client: TestClient) -> None:
    _log_in(client, "adv-an")
    for path in ("/me/analytics", "/me/analytics.xlsx", "/me/analytics.csv"):
        zh = client.get(path, params={"cohort": OTHER})
        assert zh.status_code == 403, path
        assert "辅导员只能查看自己所带班级的统计" in zh.text and "无权访问此页面" in zh.text
    en = client.get("/me/analytics", params={"cohort": OTHER, "lang": "en"})
    assert en.status_code == 403
    assert "advisors see the figures of their own cohorts only" in en.text
    _log_in(client, "adv-other")
    mine = client.get("/me/analytics", params={"cohort": OTHER})
    assert mine.status_code == 200 and [r[0] for r in _table(mine.text, "placement-table")] == [
        OTHER
    ]


def test_an_advisor_of_no_class_is_told_so(client: TestClient, world: dict[str, Any]) -> None:
    from matcher.store.accounts import add_user
    from tests.api.apiworld import PASSWORD

    add_user(_store(client), username="adv-an-none", role="advisor", password=PASSWORD, cohorts=[])
    _log_in(client, "adv-an-none")
    html = client.get("/me/analytics").text
    assert 'id="no-cohorts"' in html and 'id="placement"' not in html


def test_the_advisors_downloads_hold_the_pages_figures(client: TestClient) -> None:
    from openpyxl import load_workbook

    _log_in(client, "adv-an")
    html = client.get("/me/analytics").text
    assert 'href="/me/analytics.xlsx"' in html and 'href="/me/analytics.csv"' in html
    book = client.get("/me/analytics.xlsx")
    assert book.status_code == 200
    assert 'filename="classes-' in book.headers["content-disposition"]
    wb = load_workbook(io.BytesIO(book.content))
    assert wb.sheetnames == ["落实率", "求职漏斗", "各学期趋势", "紧缺技能"]

    def sheet(name: str) -> list[list[str]]:
        return [
            ["" if v is None else str(v) for v in row]
            for row in wb[name].iter_rows(min_row=2, values_only=True)
        ]

    placement = {r[0]: r for r in _table(html, "placement-table")}
    for group, students, placed, rate in sheet("落实率"):
        assert placement[group][1:3] == [students, placed]
        if rate:  # a percentage in the workbook, as on the page
            assert placement[group][3] == f"{float(rate) * 100:.1f}%"
    funnel_rows = {r[0]: r for r in _table(html, "funnel-table")}
    for row in sheet("求职漏斗"):
        page = funnel_rows[row[0]]
        assert row[1] == page[1] and all(
            a == b or (a == "<5" and b == "–") for a, b in zip(row[2:], page[2:], strict=True)
        )
    trend = {r[0]: r[1:] for r in _table(html, "trend-table")}
    assert {r[0]: r[1:] for r in sheet("各学期趋势")} == trend
    skills = [r[:1] + r[3:4] for r in sheet("紧缺技能")]
    assert skills == [r[:2] for r in _table(html, "shortage-table")]
    text = client.get("/me/analytics.csv?lang=en").content
    assert text.startswith("\ufeff".encode())
    first = next(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert first == ["Group", "Students", "Placed", "Placement rate"]


# -- the enterprise -------------------------------------------------------------------------------


def test_an_enterprise_sees_only_its_own_positions(
    client: TestClient, world: dict[str, Any]
) -> None:
    _log_in(client, "ent-an")
    html = client.get("/me/analytics").text
    assert 'href="/me/analytics"' in html.split('<nav class="menu">', 1)[1]
    busy = world["busy"]
    positions = {p.id: p for p in _store(client).iter_records("positions")}
    own = {pid for pid, p in positions.items() if p.enterprise_id == busy}
    engine = _engine(client)
    expected = funnel(engine, "position", enterprise_id=busy)
    groups = re.findall(r'<tr data-group="([^"]+)"', _section(html, "funnel"))
    assert groups == [r.group for r in expected] and set(groups) <= own
    table = _table(html, "funnel-table")
    for row, cells in zip(expected, table, strict=True):
        assert cells[0] == positions[row.group or ""].title
        if not row.suppressed:
            assert cells[1:] == [str(row.students), *(str(row.stages[s]) for s in STAGES)]
        else:
            assert cells[1] == "<5"
    for pid in own & set(groups):
        assert f'href="/me/positions/{pid}"' in html
    for pid, p in positions.items():  # nobody else's position, nor another enterprise's name
        if p.enterprise_id != busy:
            assert pid not in html
    names = {e.id: e.name for e in _store(client).iter_records("enterprises")}
    assert all(name not in html for eid, name in names.items() if eid != busy)
    [total] = funnel(engine, "enterprise", enterprise_id=busy)
    assert f'data-value="{total.stages["shown"]}" data-key="shown"' in _section(html, "funnel")
    [answers] = enterprise_answers(engine, enterprise_id=busy)
    assert answers.applicants is not None and answers.rate is not None
    assert f'id="answer-applications">{answers.applications}<' in html
    assert f'id="answer-answered">{answers.answered}<' in html
    assert f"<strong>{answers.rate * 100:.1f}%</strong>" in html


def test_its_industry_demand_is_the_markets_aggregate(
    client: TestClient, world: dict[str, Any]
) -> None:
    _log_in(client, "ent-an")
    enterprise = _store(client).get("enterprises", world["busy"])
    industry = enterprise.sectors[-1].value
    html = client.get("/me/analytics", params={"industry": industry, "lang": "en"}).text
    demand = _section(html, "demand")
    assert "Skills your industry asks for" in demand
    if len(enterprise.sectors) > 1:
        assert f'<option value="{industry}" selected>' in demand
    rows = _table(html, "demand-table")  # its own open positions are in its industry
    bars = _bars(demand)
    assert rows
    for skill, openings, students, _ in rows:
        assert bars[(skill, "bar first")] == openings
        if students == "<5":  # a note, never a bar
            assert (skill, "bar second") not in bars
        else:
            assert bars[(skill, "bar second")] == students
    assert client.get("/me/analytics?industry=nowhere").status_code == 422


def test_the_enterprises_downloads_hold_the_pages_figures(client: TestClient) -> None:
    from openpyxl import load_workbook

    _log_in(client, "ent-an")
    html = client.get("/me/analytics").text
    wb = load_workbook(io.BytesIO(client.get("/me/analytics.xlsx").content))
    assert wb.sheetnames == ["求职漏斗", "企业答复", "各学期趋势", "行业技能需求"]
    rows = [
        ["" if v is None else str(v) for v in row]
        for row in wb["求职漏斗"].iter_rows(min_row=2, values_only=True)
    ]
    assert rows == _table(html, "funnel-table")
    answers = list(wb["企业答复"].iter_rows(min_row=2, values_only=True))
    assert len(answers) == 1 and str(answers[0][2]) in html
    text = client.get("/me/analytics.csv").content.decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(text)))[0] == "分组"


# -- everyone else --------------------------------------------------------------------------------


def test_students_the_centre_and_strangers_are_refused(client: TestClient) -> None:
    _log_in(client, "stu")
    for path in ("/me/analytics", "/me/analytics.xlsx"):
        r = client.get(path)
        assert r.status_code == 403 and "学生不可查看" in r.text, path
    assert "not for students" in client.get("/me/analytics?lang=en").text
    for who in ("res", "root"):
        _log_in(client, who)
        assert client.get("/me/analytics").status_code == 403, who
        assert client.get("/me/analytics.csv").status_code == 403, who
    client.cookies.clear()
    r = client.get("/me/analytics", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"
