"""The centre's labour-market page through the ASGI client: both languages, filters, the
downloads, and refusals for every role but researchers and admins."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient

from tests.api.web.test_research_pages import _log_in


def test_a_researcher_reads_the_market_in_both_languages(client: TestClient) -> None:
    _log_in(client, "res")
    zh = client.get("/me/market")
    assert zh.status_code == 200, zh.text
    for marker in ("人才供需分析", 'id="shortage-bars"', 'id="funnel-table"', "本科"):
        assert marker in zh.text, marker
    assert 'href="/me/market"' in zh.text  # in the menu
    en = client.get("/me/market?lang=en")
    assert "Labour market" in en.text and "Skills in short supply" in en.text
    assert "Bachelor" in en.text


def test_filters_narrow_the_students_counted(client: TestClient) -> None:
    _log_in(client, "res")
    everyone = client.get("/me/market").text
    one_year = client.get("/me/market?year=1999").text
    assert 'id="too-few"' not in everyone and 'id="too-few"' in one_year
    assert client.get("/me/market?year=abc").status_code == 422
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
