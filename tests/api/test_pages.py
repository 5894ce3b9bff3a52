"""The web pages through the ASGI client: login per role, language switch, feedback buttons.

On one backend (PostgreSQL when configured, as in CI): the pages of each role are tested on
both in ``tests/api/web/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.apiworld import PASSWORD, build_world, serve_world
from tests.conftest import fresh_database, one_backend


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The API tests' default world, on one backend (PostgreSQL when configured)."""
    root = tmp_path_factory.mktemp("pages")
    with fresh_database(one_backend(), root) as url, serve_world(build_world(root, url=url)) as c:
        yield {"client": c}


def _login(client: TestClient, username: str) -> None:
    client.cookies.clear()
    r = client.post(
        "/login", data={"username": username, "password": PASSWORD}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == "/me"


def test_landing_page_is_chinese_with_an_english_switch(site: dict[str, Any]) -> None:
    client = site["client"]
    client.cookies.clear()
    r = client.get("/")
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "登录" in r.text and 'lang="zh-CN"' in r.text
    english = client.get("/?lang=en")
    assert "Log in" in english.text and 'lang="en"' in english.text
    assert "Log in" in client.get("/").text  # the choice is remembered
    client.get("/?lang=zh")


def test_a_typed_login_address_leads_to_the_form(site: dict[str, Any]) -> None:
    """``GET /login`` (a bookmark, a typed address) used to answer 405 "not found"."""
    client = site["client"]
    client.cookies.clear()
    r = client.get("/login?lang=en", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/?lang=en"
    assert "Log in" in client.get("/login?lang=en").text
    client.get("/?lang=zh")


def test_wrong_password_and_anonymous_me(site: dict[str, Any]) -> None:
    client = site["client"]
    client.cookies.clear()
    r = client.post("/login", data={"username": "stu", "password": "nope-nope"})
    assert r.status_code == 401 and "用户名或密码错误" in r.text
    assert client.get("/me", follow_redirects=False).status_code == 303


def test_each_role_has_its_page(site: dict[str, Any]) -> None:
    client = site["client"]
    _login(client, "ent")  # its own page: tests/api/web/test_enterprise.py
    act = client.post("/me/act", data={"position_id": "p1", "event": "apply"})
    assert act.status_code == 403  # not a student: refused, never a server error
    _login(client, "stu")
    bad = client.post("/me/act", data={"position_id": "p1", "event": "dismiss", "reason": "x"})
    assert bad.status_code == 422
    r = client.post("/logout", follow_redirects=False)
    assert r.status_code == 303


def test_errors_on_pages_are_pages_in_the_readers_language(site: dict[str, Any]) -> None:
    """A refused page action answers a page in Chinese (or English), never raw JSON; the API
    keeps its JSON answers."""
    client = site["client"]
    _login(client, "ent")
    refused = client.post("/me/act", data={"position_id": "p1", "event": "apply"})
    assert refused.status_code == 403 and "text/html" in refused.headers["content-type"]
    assert "无权访问此页面" in refused.text and "返回首页" in refused.text
    _login(client, "stu")
    bad = client.post("/me/act?lang=en", data={"position_id": "p1", "event": "dismiss"})
    assert bad.status_code in (403, 404, 409, 422) and "text/html" in bad.headers["content-type"]
    invalid = client.post("/me/act?lang=zh", data={"position_id": "", "event": "teleport"})
    assert invalid.status_code == 422 and "请检查" in invalid.text and "event" in invalid.text
    api = client.get("/api/v1/students/nobody")
    assert api.status_code == 401 and api.json()["detail"]
    client.cookies.clear()
    assert client.get("/me/nothing-here").status_code == 404
    assert client.get("/static/app.css").status_code == 200


def test_the_language_switch_keeps_the_page_and_its_query(site: dict[str, Any]) -> None:
    client = site["client"]
    _login(client, "adv")
    board = client.get("/me?method=stable&done=saved").text
    switch = board.split('id="lang-switch" href="', 1)[1].split('"', 1)[0]
    assert switch.startswith("/me?") and "method=stable" in switch and "lang=en" in switch
    assert "done=" not in switch  # the notice was shown once; the other language is not a redo
    client.cookies.clear()
    failed = client.post("/login", data={"username": "stu", "password": "nope-nope"})
    after = failed.text.split('id="lang-switch" href="', 1)[1].split('"', 1)[0]
    assert after == "/?lang=en"  # a GET of the page that answered the form would be a 405


def test_a_position_card_shows_what_job_boards_put_first(site: dict[str, Any]) -> None:
    from api.web.views import position_facts, salary_text

    engine = site["client"].app.state.served.engine
    zh, en = position_facts(engine, 0, "zh"), position_facts(engine, 0, "en")
    assert zh.id == en.id == engine.positions.ids[0] and zh.city == engine.positions.city[0]
    assert zh.type in ("全职", "实习", "实践项目") and en.degree.endswith("or above")
    assert salary_text(8000, 13500, "zh") == "8-13.5K"
    assert salary_text(float("nan"), float("nan"), "zh") == "薪资面议"
    assert salary_text(6000, float("nan"), "en") == "from 6K"
