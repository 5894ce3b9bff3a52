"""The student's pages through the ASGI client: cards, search, a position, applying, offers,
her applications, her profile, and every refusal (another role, another student's data, an
event out of the funnel's order), in Chinese and in English.

The world is served once per module and backend; tests that change it use students of their
own: ``ann`` applies and is offered, ``bea`` is hired, ``cat`` searches, is invited and edits her
profile; ``stu`` already holds a place in the engine's history.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.web.views import position_facts
from matcher.rules import recommendation_day
from matcher.schemas import Event
from matcher.store.database import Store
from tests.api.apiworld import PASSWORD, login, serve_world
from tests.api.web.student_world import student_world
from tests.matcher.documents import makers


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, module_database_url: str) -> Iterator[Any]:
    world = student_world(
        tmp_path_factory.mktemp("student"), ("ann", "bea", "cat"), url=module_database_url
    )
    with serve_world(world) as client:
        yield {"client": client, "world": world, "app": client.app, "sids": world["sids"]}


def _login(client: TestClient, username: str = "stu") -> None:
    client.cookies.clear()
    r = client.post(
        "/login", data={"username": username, "password": PASSWORD}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == "/me"


def _cards(html: str) -> list[str]:
    """The positions of the job cards of a page, in order."""
    return re.findall(r'class="card job-card" id="card-[^"]+" data-position="([^"]+)"', html)


def _store(site: dict[str, Any]) -> Store:
    return site["app"].state.store  # type: ignore[no-any-return]


def _engine(site: dict[str, Any]) -> Any:
    return site["app"].state.served.engine


def _open_rows(site: dict[str, Any]) -> list[int]:
    engine = _engine(site)
    return [int(i) for i in engine.open_on(recommendation_day(engine.clock)).nonzero()[0]]


def _record(site: dict[str, Any], sid: str, pid: str, event: str) -> None:
    """An event only the enterprise or an advisor records, through the API as the admin."""
    client = site["client"]
    r = client.post(
        "/api/v1/interactions",
        json={"student_id": sid, "position_id": pid, "event": event},
        headers=login(client, "root"),
    )
    assert r.status_code == 201, r.text


def _status(site: dict[str, Any], pid: str, html: str) -> str | None:
    found = re.search(rf'class="card application" id="app-{pid}" data-position="{pid}" '
                      r'data-stage="([^"]+)"', html)  # fmt: skip
    return found.group(1) if found else None


# -- her home -----------------------------------------------------------------------------


def test_home_shows_full_job_cards_in_chinese_and_english(site: dict[str, Any]) -> None:
    client = site["client"]
    _login(client, "ann")
    page = client.get("/me")
    assert page.status_code == 200 and "为你推荐的岗位" in page.text
    for href in ("/jobs", "/me/applications", "/me/profile"):
        assert f'href="{href}"' in page.text  # the menu
    cards = _cards(page.text)
    assert cards, "the student sees recommendations"
    engine = _engine(site)
    facts = position_facts(engine, engine.positions.index[cards[0]], "zh")
    card = page.text.split(f'data-position="{cards[0]}"', 1)[1].split("</article>", 1)[0]
    for word in (facts.title, facts.salary, facts.enterprise, facts.city, facts.type,
                 facts.deadline, facts.degree, facts.openings):  # fmt: skip
        assert word in card
    assert "匹配得分" in card  # no ranker in this world: the prior's score, said so
    assert 'class="reasons"' in card and ("已具备技能" in card or "欠缺技能" in card)
    assert 'class="button primary apply"' in card and "不感兴趣" in card and "收藏" in card
    english = client.get("/me?lang=en")
    assert "Positions recommended for you" in english.text and "Match score" in english.text
    assert ">Jobs</a>" in english.text and ">Applications</a>" in english.text
    client.get("/me?lang=zh")


def test_anonymous_and_other_roles_are_refused(site: dict[str, Any]) -> None:
    client = site["client"]
    client.cookies.clear()
    for path in ("/jobs", "/me/applications", "/me/profile", "/positions/p00001"):
        assert client.get(path, follow_redirects=False).status_code == 303  # to the login
    r = client.post("/me/act", data={"position_id": "p00001", "event": "save"},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == "/"
    for username in ("ent", "adv", "res"):
        _login(client, username)
        for path in ("/jobs", "/me/applications", "/me/profile", "/me/profile/study",
                     "/positions/p00001", "/positions/p00001/apply"):  # fmt: skip
            r = client.get(path)
            assert r.status_code == 403 and "无权访问此页面" in r.text, (username, path)
        for path, data in (
            ("/me/act", {"position_id": "p00001", "event": "save"}),
            ("/me/undo", {"interaction_id": "x"}),
            ("/positions/p00001/apply", {}),
            ("/me/offers/p00001/accept", {}),
            ("/me/profile/study", {"major": "x"}),
        ):
            assert client.post(path, data=data).status_code == 403, (username, path)


# -- saving, dismissing, undoing -----------------------------------------------------------


def test_saving_shows_on_the_card_and_in_her_list_and_can_be_undone(
    site: dict[str, Any],
) -> None:
    client = site["client"]
    _login(client, "ann")
    pid = _cards(client.get("/me").text)[0]
    r = client.post(
        "/me/act",
        data={"position_id": pid, "event": "save", "next": "/me"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"].startswith("/me?done=stu_saved")
    undo = re.search(r"undo=([^&]+)", r.headers["location"]).group(1)  # type: ignore[union-attr]
    after = client.get(r.headers["location"])
    assert "已收藏，可在“我的求职”中找到。" in after.text and 'id="undo"' in after.text
    card = after.text.split(f'id="card-{pid}"', 1)[1].split("</article>", 1)[0]
    assert 'aria-pressed="true"' in card and f'action="/positions/{pid}/unsave"' in card
    assert _status(site, pid, client.get("/me/applications").text) == "saved"
    r = client.post("/me/undo", data={"interaction_id": undo, "next": "/me"},
                    follow_redirects=False)  # fmt: skip
    assert r.headers["location"] == "/me?done=stu_undone"
    assert _status(site, pid, client.get("/me/applications").text) is None
    assert "save" not in _store(site).pair_events(site["sids"]["ann"], pid)


def test_unsave_takes_it_off_her_list(site: dict[str, Any]) -> None:
    client = site["client"]
    _login(client, "ann")
    pid = _cards(client.get("/me").text)[1]
    client.post("/me/act", data={"position_id": pid, "event": "save"})
    client.post("/me/act", data={"position_id": pid, "event": "save"})  # twice: both go
    assert _status(site, pid, client.get("/me/applications").text) == "saved"
    r = client.post(f"/positions/{pid}/unsave", data={"next": "/jobs?city=x"},
                    follow_redirects=False)  # fmt: skip
    assert r.headers["location"] == "/jobs?done=stu_unsaved&city=x"
    assert _status(site, pid, client.get("/me/applications").text) is None


def test_dismissal_in_one_tap_with_or_without_a_reason_and_undo(site: dict[str, Any]) -> None:
    """(Moved from test_pages: a dismissal removes the card; the notice now offers undo.)"""
    client = site["client"]
    _login(client, "ann")
    first, second = _cards(client.get("/me").text)[2:4]
    r = client.post("/me/act", data={"position_id": first, "event": "dismiss"},
                    follow_redirects=False)  # fmt: skip
    assert r.headers["location"].startswith("/me?done=stu_dismissed&undo=")
    after = client.get(r.headers["location"] + "&lang=en")
    assert "Marked as not for you" in after.text and f'data-position="{first}"' not in after.text
    assert 'id="undo"' in after.text
    undo = re.search(r'name="interaction_id" value="([^"]+)"', after.text).group(1)  # type: ignore[union-attr]
    client.post("/me/undo", data={"interaction_id": undo})
    assert first in _cards(client.get("/me?lang=zh").text)  # back after the undo
    r = client.post(
        "/me/act",
        data={"position_id": second, "event": "dismiss", "reason": "wrong_city"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and second not in _cards(client.get("/me").text)
    stored = _store(site).interactions_of(
        student_ids=[site["sids"]["ann"]], position_ids=[second], events=[Event.dismiss]
    )
    assert [i.reason for i in stored] == ["wrong_city"]
    bad = client.post("/me/act", data={"position_id": second, "event": "dismiss",
                                       "reason": "bored"})  # fmt: skip
    assert bad.status_code == 422 and "请检查" in bad.text


def test_undo_is_only_for_her_own_save_or_dismissal(site: dict[str, Any]) -> None:
    client = site["client"]
    store = _store(site)
    # Another student's save or dismissal (the world's "other" may be one of the logins).
    logins = set(site["sids"].values())
    saved = store.interactions_of(events=[Event.save, Event.dismiss], limit=500)
    other = next(i for i in saved if i.student_id not in logins)
    _login(client, "ann")
    assert client.post("/me/undo", data={"interaction_id": other.id}).status_code == 403
    assert client.post("/me/undo", data={"interaction_id": "nothing"}).status_code == 404
    mine = store.interactions_of(
        student_ids=[site["sids"]["ann"]], events=[Event.impression, Event.view], limit=1
    )
    if mine:  # not a save or a dismissal: refused even though hers
        assert client.post("/me/undo", data={"interaction_id": mine[0].id}).status_code == 403
    assert store.get("interactions", other.id) is not None


def test_next_never_leaves_the_site(site: dict[str, Any]) -> None:
    client = site["client"]
    _login(client, "ann")
    pid = _cards(client.get("/me").text)[0]
    for evil in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        r = client.post("/me/act", data={"position_id": pid, "event": "save", "next": evil},
                        follow_redirects=False)  # fmt: skip
        assert r.headers["location"].startswith("/me?done=stu_saved")
    client.post(f"/positions/{pid}/unsave")


# -- applying, offers ----------------------------------------------------------------------


def test_applying_asks_first_then_follows_the_application_to_an_accepted_offer(
    site: dict[str, Any],
) -> None:
    client = site["client"]
    sid = site["sids"]["ann"]
    _login(client, "ann")
    pid = _cards(client.get("/me").text)[0]
    r = client.post("/me/act", data={"position_id": pid, "event": "apply"},
                    follow_redirects=False)  # fmt: skip
    assert r.headers["location"] == f"/positions/{pid}/apply"  # a tap only opens the check
    assert "apply" not in _store(site).pair_events(sid, pid)
    check = client.get(f"/positions/{pid}/apply")
    me = _store(site).get("students", sid)
    assert check.status_code == 200 and 'id="confirm-apply"' in check.text
    assert "企业将看到你的简历资料" in check.text and me.major in check.text  # type: ignore[union-attr]
    if me.name:  # type: ignore[union-attr]
        assert me.name in check.text  # type: ignore[union-attr]
    r = client.post(f"/positions/{pid}/apply", follow_redirects=False)
    assert r.headers["location"] == "/me/applications?done=stu_applied"
    mine = client.get(r.headers["location"])
    assert "申请已提交" in mine.text and _status(site, pid, mine.text) == "applied"
    assert pid not in _cards(client.get("/me").text)  # no longer recommended
    again = client.get(f"/positions/{pid}/apply", follow_redirects=False)
    assert again.headers["location"] == "/me/applications?done=stu_already_applied"
    twice = client.post(f"/positions/{pid}/apply", follow_redirects=False)
    assert twice.headers["location"] == "/me/applications?done=stu_already_applied"
    assert len(_store(site).interactions_of(student_ids=[sid], position_ids=[pid],
                                            events=[Event.apply])) == 1  # fmt: skip
    # Out of order: no answer before an offer.
    early = client.get(f"/me/offers/{pid}/accept")
    assert early.status_code == 409 and "尚未收到该岗位的录用通知" in early.text
    assert client.post(f"/me/offers/{pid}/accept").status_code == 409
    assert client.post("/me/act", data={"position_id": pid, "event": "offer"}).status_code == 403
    # The enterprise interviews and offers.
    _record(site, sid, pid, "interview")
    assert _status(site, pid, client.get("/me/applications").text) == "interview"
    _record(site, sid, pid, "offer")
    home = client.get("/me").text
    assert 'id="todo-offers"' in home and "1 个录用通知等待答复" in home
    offers = client.get("/me/applications").text
    assert _status(site, pid, offers) == "offered"
    row = offers.split(f'id="app-{pid}"', 1)[1].split("</article>", 1)[0]
    assert 'class="button primary accept"' in row and 'class="button decline"' in row
    assert "面试邀请" in row and "录用通知" in row  # the timeline
    check = client.get(f"/me/offers/{pid}/accept?lang=en")
    assert "Accept this offer?" in check.text and 'id="confirm-accept"' in check.text
    r = client.post(f"/me/offers/{pid}/accept", follow_redirects=False)
    assert r.headers["location"] == "/me/applications?done=stu_accepted"
    assert _status(site, pid, client.get("/me/applications?lang=zh").text) == "accepted"
    assert (
        client.post(f"/me/offers/{pid}/decline", follow_redirects=False).headers["location"]
        == "/me/applications?done=stu_already_answered"
    )
    # Placed now: told so at home, no more pushed positions; search still works.
    home = client.get("/me").text
    assert 'id="placed"' in home and "恭喜，你已落实就业" in home and not _cards(home)
    facts = position_facts(_engine(site), _engine(site).positions.index[pid], "zh")
    assert facts.title in home and facts.enterprise in home
    assert client.get("/jobs").status_code == 200 and _cards(client.get("/jobs").text)


def test_declining_an_offer_ends_the_application(site: dict[str, Any]) -> None:
    client = site["client"]
    sid = site["sids"]["ann"]
    _login(client, "ann")
    pid = _cards(client.get("/jobs").text)[0]
    client.post(f"/positions/{pid}/apply")
    _record(site, sid, pid, "offer")
    assert 'id="confirm-decline"' in client.get(f"/me/offers/{pid}/decline").text
    r = client.post(f"/me/offers/{pid}/decline", follow_redirects=False)
    assert r.headers["location"] == "/me/applications?done=stu_declined"
    page = client.get(r.headers["location"]).text
    assert _status(site, pid, page) == "declined" and "你已婉拒这份录用通知。" in page
    assert client.get("/me/offers/p00001/sulk").status_code in (404, 422)


def test_a_closed_position_cannot_be_applied_to(site: dict[str, Any]) -> None:
    client = site["client"]
    engine = _engine(site)
    open_rows = set(_open_rows(site))
    closed = next(i for i in range(len(engine.positions)) if i not in open_rows)
    pid = engine.positions.ids[closed]
    _login(client, "cat")
    page = client.get(f"/positions/{pid}")
    assert page.status_code == 200 and 'id="closed"' in page.text and 'id="apply"' not in page.text
    refused = client.get(f"/positions/{pid}/apply?lang=en")
    assert refused.status_code == 409 and "no longer takes applications" in refused.text
    assert client.post(f"/positions/{pid}/apply").status_code == 409
    assert "apply" not in _store(site).pair_events(site["sids"]["cat"], pid)
    client.get("/me?lang=zh")


def test_invitations_and_suggestions_are_listed_with_a_way_to_apply(
    site: dict[str, Any],
) -> None:
    client = site["client"]
    _login(client, "cat")
    cards = _cards(client.get("/me").text)
    invited, suggested = cards[0], cards[1]
    _record(site, site["sids"]["cat"], invited, "invite")
    _record(site, site["sids"]["cat"], suggested, "suggest")
    home = client.get("/me").text
    assert "2 个岗位邀请你申请" in home and "企业邀请你申请" in home
    page = client.get("/me/applications").text
    assert _status(site, invited, page) == "invited"
    assert _status(site, suggested, page) == "suggested"
    row = page.split(f'id="app-{invited}"', 1)[1].split("</article>", 1)[0]
    assert f'href="/positions/{invited}/apply"' in row and f'href="/positions/{invited}"' in row
    assert "辅导员推荐" in page


# -- search --------------------------------------------------------------------------------


def test_search_filters_and_ranks_for_her(site: dict[str, Any]) -> None:
    client = site["client"]
    engine = _engine(site)
    _login(client, "cat")
    everything = client.get("/jobs")
    assert everything.status_code == 200 and 'id="search-form"' in everything.text
    total = int(re.search(r"找到 (\d+) 个岗位", everything.text).group(1))  # type: ignore[union-attr]
    assert total >= len(_cards(everything.text)) > 0
    P = engine.positions
    row = P.index[_cards(everything.text)[0]]
    city, kind = P.city[row], ["job", "internship", "project"][int(P.type[row])]
    narrowed = client.get("/jobs", params={"city": city, "type": kind})
    found = _cards(narrowed.text)
    assert found and all(P.city[P.index[p]] == city for p in found)
    assert all(int(P.type[P.index[p]]) == int(P.type[row]) for p in found)
    assert f'<option value="{city}" selected' in narrowed.text
    word = P.title[row][:2]
    keyword = _cards(client.get("/jobs", params={"q": word}).text)
    assert P.ids[row] in keyword
    rich = _cards(client.get("/jobs", params={"salary": "8000"}).text)
    for p in rich:
        i = P.index[p]
        top = P.salary_max[i] if P.salary_max[i] == P.salary_max[i] else P.salary_min[i]
        assert top >= 8000
    none = client.get("/jobs", params={"q": "zzzqqqxxx"})
    assert 'id="no-results"' in none.text and "找到 0 个岗位" in none.text
    odd = client.get("/jobs", params={"type": "teleport", "city": "Atlantis", "salary": "-1"})
    assert odd.status_code == 200 and _cards(odd.text) == _cards(everything.text)
    assert client.get("/jobs?page=99").status_code == 422
    english = client.get("/jobs?lang=en")
    assert "Find positions" in english.text and "best matches first" in english.text
    client.get("/me?lang=zh")


def test_search_shows_more_ten_at_a_time(site: dict[str, Any]) -> None:
    client = site["client"]
    _login(client, "cat")
    first = client.get("/jobs")
    shown = _cards(first.text)
    total = int(re.search(r"找到 (\d+) 个岗位", first.text).group(1))  # type: ignore[union-attr]
    if total <= 10:
        assert 'id="more"' not in first.text
        pytest.skip("this world has too few open positions for a second page")
    assert len(shown) == 10 and 'id="more"' in first.text and 'data-swap="#results"' in first.text
    more = re.search(r'id="more" href="([^"]+)"', first.text).group(1).replace("&amp;", "&")  # type: ignore[union-attr]
    second = _cards(client.get(more).text)
    assert second[:10] == shown and len(second) > 10


# -- a position's page ---------------------------------------------------------------------


def test_a_position_page_shows_everything_and_records_one_view(site: dict[str, Any]) -> None:
    client = site["client"]
    store = _store(site)
    _login(client, "cat")
    pid = _cards(client.get("/me").text)[0]
    position = store.get("positions", pid)
    enterprise = store.get("enterprises", position.enterprise_id)  # type: ignore[union-attr]
    page = client.get(f"/positions/{pid}")
    assert page.status_code == 200
    for text in (position.title, enterprise.name, "职位描述", "任职要求", "公司介绍",  # type: ignore[union-attr]
                 "与你的匹配", 'id="apply"'):  # fmt: skip
        assert text in page.text
    for skill in position.required_skills:  # type: ignore[union-attr]
        assert skill in page.text
    assert position.description.split("\n")[0][:20] in page.text  # type: ignore[union-attr]
    client.get(f"/positions/{pid}")
    cat = site["sids"]["cat"]
    views = store.interactions_of(student_ids=[cat], position_ids=[pid], events=[Event.view])
    assert len(views) == 1
    english = client.get(f"/positions/{pid}?lang=en")
    assert "Description" in english.text and "About the enterprise" in english.text
    missing = client.get("/positions/no-such-position?lang=zh")
    assert missing.status_code == 404 and "未找到" in missing.text


# -- her profile ---------------------------------------------------------------------------


def test_her_profile_is_shown_and_each_part_edited_through_the_api_update(
    site: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = site["client"]
    store = _store(site)
    served = site["app"].state.served
    rebuilds: list[int] = []
    monkeypatch.setattr(served, "refresh", lambda: rebuilds.append(1))
    _login(client, "cat")
    me = store.get("students", site["sids"]["cat"])
    page = client.get("/me/profile")
    assert page.status_code == 200 and me.major in page.text  # type: ignore[union-attr]
    for part in ("study", "skills", "projects", "competitions", "internships", "about",
                 "preferences", "contact", "consent"):  # fmt: skip
        assert f'href="/me/profile/{part}"' in page.text
        assert client.get(f"/me/profile/{part}").status_code == 200
    assert client.get("/me/profile/secrets").status_code == 404
    r = client.post(
        "/me/profile/study",
        data={"major": "光电信息科学与工程", "degree": "master", "graduation_year": "2027",
              "courses": "光学设计 92\n激光原理\nC语言 88.5"},
        follow_redirects=False,
    )  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == "/me/profile?done=stu_profile_saved"
    saved = store.get("students", site["sids"]["cat"])
    assert saved.major == "光电信息科学与工程" and saved.degree.value == "master"  # type: ignore[union-attr]
    assert [(c.name, c.grade) for c in saved.courses] == [  # type: ignore[union-attr]
        ("光学设计", 92),
        ("激光原理", None),
        ("C语言", 88.5),
    ]
    assert rebuilds, "the engine is asked to take the change in, as the API's PATCH does"
    assert "已保存" in client.get(r.headers["location"]).text
    client.post("/me/profile/skills", data={"skills": "Zemax、MATLAB\nPython, Zemax",
                                            "certificates": "CET-6", "languages": ""})  # fmt: skip
    saved = store.get("students", site["sids"]["cat"])
    assert saved.skills == ["Zemax", "MATLAB", "Python"] and saved.languages == []  # type: ignore[union-attr]
    r = client.post(
        "/me/profile/preferences",
        data={"cities": ["长春"], "other_cities": "大连、青岛", "sectors": ["optics"],
              "position_types": ["internship"], "min_salary": "6000"},
        follow_redirects=False,
    )  # fmt: skip
    assert r.status_code == 303, r.text
    prefs = store.get("students", site["sids"]["cat"]).preferences  # type: ignore[union-attr]
    assert prefs.cities == ["长春", "大连", "青岛"] and prefs.min_salary == 6000
    assert [s.value for s in prefs.sectors] == ["optics"]
    client.post("/me/profile/projects", data={
        "projects-0-title": "激光测距仪", "projects-0-role": "组长",
        "projects-0-description": "搭建光路", "projects-1-title": "",
    })  # fmt: skip
    assert [p.title for p in store.get("students", site["sids"]["cat"]).projects] == ["激光测距仪"]  # type: ignore[union-attr]
    client.post("/me/profile/projects", data={
        "projects-0-title": "激光测距仪", "projects-0-remove": "1",
        "projects-1-title": "光谱仪", "projects-1-description": "",
    })  # fmt: skip
    assert [p.title for p in store.get("students", site["sids"]["cat"]).projects] == ["光谱仪"]  # type: ignore[union-attr]
    client.post("/me/profile/contact", data={"phone": "13800000000", "email": ""})
    assert store.get("students", site["sids"]["cat"]).email is None  # type: ignore[union-attr]


def test_her_resume_fills_a_form_to_check_and_nothing_is_saved_until_she_saves(
    site: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = site["client"]
    store = _store(site)
    monkeypatch.setattr(site["app"].state.served, "refresh", lambda: None)
    _login(client, "cat")
    assert 'href="/me/profile/resume"' in client.get("/me/profile").text
    assert "用简历填写我的资料" in client.get("/me/profile/resume").text
    assert "Fill in your profile from your résumé" in client.get("/me/profile/resume?lang=en").text
    before = store.get("students", site["sids"]["cat"])
    pdf = makers.pdf_bytes([makers.RESUME_ZH_LEFT, makers.RESUME_ZH_RIGHT])
    r = client.post(
        "/me/profile/resume?lang=zh", files={"file": ("简历.pdf", pdf, "application/pdf")}
    )
    assert r.status_code == 200, r.text
    html = r.text
    assert 'value="光电信息科学与工程"' in html and 'value="2025"' in html
    assert "Zemax光学设计" in html and "Halcon" in html and 'id="from-major"' in html
    assert "简历中识别到的个人信息：姓名、电话、邮箱、出生日期" in html
    assert "王晓明" not in html, "her name from the résumé goes to no field of the form"
    assert 'value="138-0431-5678"' in html, "her phone goes to her contact details"
    assert store.get("students", site["sids"]["cat"]) == before, "reading stores nothing"
    bad = client.post(
        "/me/profile/resume", files={"file": ("cv.pdf", b"\x89PNG\r\n\x1a\n" + b"\0" * 40)}
    )
    assert bad.status_code == 415 and "不支持的文件类型（PNG image）" in bad.text
    form = {
        "major": "光电信息科学与工程", "degree": "bachelor", "graduation_year": "2026",
        "courses": "应用光学\n物理光学", "skills": "Zemax光学设计\nSolidWorks\nHalcon视觉开发",
        "certificates": "CET-6", "languages": "英语", "projects-0-title": "镜片缺陷检测系统",
        "projects-0-role": "组长", "projects-0-description": "使用Halcon完成模板匹配",
        "self_description": "熟悉光学设计与机器视觉", "phone": "13804315678", "email": "",
    }  # fmt: skip
    saved = client.post("/me/profile/resume/save", data=form, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == "/me?done=stu_resume_saved"
    after = store.get("students", site["sids"]["cat"])
    assert after.graduation_year == 2026 and after.skills == [
        "Zemax光学设计",
        "SolidWorks",
        "Halcon视觉开发",
    ]  # type: ignore[union-attr]
    assert [p.title for p in after.projects] == ["镜片缺陷检测系统"]  # type: ignore[union-attr]
    assert after.name == before.name and after.gpa == before.gpa  # type: ignore[union-attr]
    wrong = client.post("/me/profile/resume/save", data={**form, "graduation_year": "soon"})
    assert wrong.status_code == 422 and "毕业年份请填写数字" in wrong.text


def test_a_wrong_profile_form_comes_back_with_errors_in_her_language(
    site: dict[str, Any],
) -> None:
    client = site["client"]
    store = _store(site)
    _login(client, "cat")
    before = store.get("students", site["sids"]["cat"])
    wrong = {"major": "", "degree": "bachelor", "graduation_year": "soon", "courses": "x 120"}
    r = client.post("/me/profile/study", data=wrong)
    assert r.status_code == 422 and 'id="error-summary"' in r.text
    assert "请填写专业" in r.text and "毕业年份请填写数字" in r.text
    assert "主要课程第 1 项 · 成绩不能大于 100" in r.text
    assert 'href="#f-major"' in r.text and 'value="soon"' in r.text  # what she typed, kept
    assert store.get("students", site["sids"]["cat"]) == before
    en = client.post("/me/profile/preferences?lang=en", data={"min_salary": "-5"})
    assert en.status_code == 422 and "There is a problem" in en.text
    assert "Lowest monthly pay (yuan) must be at least 0" in en.text
    comp = client.post("/me/profile/competitions?lang=zh", data={
        "competitions-0-name": "电子设计竞赛", "competitions-0-level": "galactic",
        "competitions-0-year": "1900"})  # fmt: skip
    assert comp.status_code == 422 and "请从选项中选择" in comp.text
    assert "年份不能小于 1980" in comp.text
    assert 'id="f-competitions-0-year"' in comp.text
    consent = client.post("/me/profile/consent", data={})
    assert consent.status_code == 422 and "请选择企业可见" in consent.text
    assert store.get("students", site["sids"]["cat"]) == before


def test_consent_to_be_seen_is_hers_to_turn_on_and_off(site: dict[str, Any]) -> None:
    client = site["client"]
    store = _store(site)
    _login(client, "cat")
    r = client.post("/me/profile/consent", data={"visible": "no"}, follow_redirects=False)
    assert r.headers["location"] == "/me/profile?done=stu_consent_off"
    assert store.get("students", site["sids"]["cat"]).visible_to_enterprises is False  # type: ignore[union-attr]
    page = client.get(r.headers["location"]).text
    assert "已关闭" in page and 'id="consent-state">未开启' in page
    assert 'id="consent-hint"' in client.get("/me").text  # her home suggests turning it on
    client.post("/me/profile/consent", data={"visible": "yes"})
    assert store.get("students", site["sids"]["cat"]).visible_to_enterprises is True  # type: ignore[union-attr]
    assert 'id="consent-hint"' not in client.get("/me").text


# -- placed, privacy -----------------------------------------------------------------------


def test_a_hired_student_is_told_and_no_longer_pushed_positions(site: dict[str, Any]) -> None:
    client = site["client"]
    _login(client, "bea")
    pid = _cards(client.get("/me").text)[0]
    client.post(f"/positions/{pid}/apply")
    _record(site, site["sids"]["bea"], pid, "hire")  # recorded since the engine was built
    home = client.get("/me").text
    assert 'id="placed"' in home and not _cards(home)
    english = client.get("/me?lang=en").text
    assert "Congratulations: you have a place" in english and "Hired" in english
    assert _status(site, pid, client.get("/me/applications?lang=zh").text) == "placed"
    assert client.get("/jobs").status_code == 200
    _login(client, "stu")  # placed in the engine's own history
    home = client.get("/me").text
    assert 'id="placed"' in home and not _cards(home) and "恭喜，你已落实就业" in home


def test_her_own_pages_are_not_audited_and_log_nothing_personal(
    site: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    client = site["client"]
    store = _store(site)
    me = store.get("students", site["sids"]["cat"])
    before = len(store.audit_entries(subject_student_id=site["sids"]["cat"]))
    _login(client, "cat")
    with caplog.at_level(logging.DEBUG):
        pid = _cards(client.get("/me").text)[0]
        for path in ("/me", "/jobs", "/me/applications", "/me/profile", f"/positions/{pid}",
                     f"/positions/{pid}/apply", "/me/profile/contact"):  # fmt: skip
            assert client.get(path).status_code == 200
    after = store.audit_entries(subject_student_id=site["sids"]["cat"])
    assert len(after) == before  # her own views: no audit
    for personal in (me.name, me.phone, me.email, me.student_number):  # type: ignore[union-attr]
        if personal:
            assert personal not in caplog.text


def test_every_word_the_student_pages_name_is_in_the_catalogue() -> None:
    """Templates look words up by computed keys; a missing one would show as nothing."""
    from api.web.student_actions import ANSWERED, ONE_TAP
    from api.web.student_applications import SECTIONS
    from api.web.student_common import STATUS_EVENTS, TIMELINE
    from api.web.student_profile import CHOICES, ERROR_WORDS, ITEMS, LEVELS, PARTS
    from matcher.messages import PAGES
    from matcher.schemas import EnterpriseSize

    fields = [
        "major", "degree", "graduation_year", "courses", "grade", "skills", "certificates",
        "languages", "self_description", "cities", "other_cities", "sectors", "position_types",
        "min_salary", "phone", "email", "visible_to_enterprises", *ITEMS, *CHOICES,
        *(f for names in ITEMS.values() for f in names),
    ]  # fmt: skip
    keys = [
        *(f"stu_{kind}_{s}" for s in STATUS_EVENTS for kind in ("status", "next")),
        *(f"stu_sec_{name}" for name, _ in SECTIONS),
        *(f"stu_event_{e.value}" for e in TIMELINE),
        *(f"stu_level_{level}" for level in LEVELS),
        *(f"stu_size_{size.value}" for size in EnterpriseSize),
        *(f"stu_part_{part}" for part in PARTS),
        *(f"stu_field_{field}" for field in fields),
        *(f"stu_{answer}_{what}" for answer in ANSWERED for what in ("title", "means")),
        *(f"stu_confirm_{answer}" for answer in ANSWERED),
        *(f"done_{key}" for key in (*ONE_TAP.values(), *ANSWERED.values())),
        *ERROR_WORDS.values(),
    ]
    assert [key for key in keys if key not in PAGES] == []


def test_pages_carry_security_headers_and_refuse_cross_site_posts(site: dict[str, Any]) -> None:
    """Issue #16 row 11: no CSP, frame-ancestors, nosniff, Referrer-Policy or no-store, and a
    POST to /me/act from another site with her cookie was recorded."""
    client = site["client"]
    _login(client, "ann")
    me = client.get("/me")
    assert "frame-ancestors 'none'" in me.headers["content-security-policy"]
    assert me.headers["x-content-type-options"] == "nosniff"
    assert me.headers["referrer-policy"] == "same-origin"
    assert me.headers["cache-control"] == "no-store"
    assert "no-store" not in client.get("/static/app.css").headers.get("cache-control", "")
    pid = client.app.state.served.engine.positions.ids[0]  # type: ignore[attr-defined]
    data = {"position_id": pid, "event": "save", "next": "/me"}
    store = client.app.state.store  # type: ignore[attr-defined]
    before = len(list(store.iter_records("interactions")))
    forged = client.post(
        "/me/act", data=data, headers={"Origin": "https://evil.example"}, follow_redirects=False
    )
    assert forged.status_code == 403 and "cross-site" in forged.json()["detail"]
    referred = client.post(
        "/me/act", data=data, headers={"Referer": "https://evil.example/x"}, follow_redirects=False
    )
    assert referred.status_code == 403
    assert len(list(store.iter_records("interactions"))) == before
    own = client.post(
        "/me/act", data=data, headers={"Origin": "http://testserver"}, follow_redirects=False
    )
    assert own.status_code != 403  # past the origin check, whatever the funnel then says
    found = re.search(r"undo=([^&]+)", own.headers.get("location", ""))
    if found:
        client.post("/me/undo", data={"interaction_id": found.group(1)})


def test_the_session_cookie_is_secure_behind_tls(site: dict[str, Any]) -> None:
    client = site["client"]
    client.cookies.clear()
    r = client.post(
        "https://testserver/login",
        data={"username": "ann", "password": PASSWORD},
        follow_redirects=False,
    )
    assert r.status_code == 303 and "secure" in r.headers["set-cookie"].lower()
    plain = client.post(
        "/login", data={"username": "ann", "password": PASSWORD}, follow_redirects=False
    )
    assert "secure" not in plain.headers["set-cookie"].lower()
