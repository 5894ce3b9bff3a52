"""The enterprise's pages through the ASGI client: positions, applicants, candidates, forms.

The world is the API tests' small simulated one (in SQLite and again in PostgreSQL). Its
enterprise with the open position most applied to gets an account, ``hr-main``; another enterprise
gets ``hr-other``. Tests that walk an application through the funnel insert the student's own
events (her application, her acceptance) and take the enterprise's steps on the pages.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from html import unescape
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.web.views import position_facts, record_facts
from matcher.rules import funnel_stage
from matcher.schemas import Actor, PositionStatus
from matcher.store.accounts import add_user
from matcher.store.database import Store
from tests.api.apiworld import PASSWORD, login
from tests.api.web.enterprise_world import hr_account, put


@pytest.fixture(scope="module")
def hr(client: TestClient) -> dict[str, Any]:
    """Accounts of two enterprises, the position to work on and students to walk through it."""
    store: Store = client.app.state.store
    found = hr_account(store, client.app.state.served.engine)
    other = found["others"][0]
    add_user(
        store,
        username="hr-other",
        role="enterprise",
        password=PASSWORD,
        enterprise_id=found["positions"][other].enterprise_id,
    )
    fresh = found["fresh"]
    private = [
        fresh[0].model_copy(update={"id": f"tp{i:03d}", "visible_to_enterprises": False})
        for i in range(10)
    ]  # students who did not agree to be seen (added to the store, not indexed yet)
    with store.session() as session:
        store.upsert(session, "students", private)
    return {
        "store": store,
        "position": found["position"],
        "other_position": other,
        "enterprise": found["enterprise"],
        "own": found["own"],
        "consenting": [s.id for s in fresh if s.visible_to_enterprises],
        "private": [s.id for s in private],
    }


def _login(client: TestClient, username: str) -> None:
    client.cookies.clear()
    r = client.post(
        "/login", data={"username": username, "password": PASSWORD}, follow_redirects=False
    )
    assert r.status_code == 303, r.text


def _stage(store: Store, sid: str, pid: str) -> str | None:
    return funnel_stage(store.pair_events(sid, pid))


def _card(html: str, cls: str, sid: str) -> str:
    """The HTML of one applicant's (or candidate's) card."""
    start = html.index(f'class="card {cls}" data-student="{sid}"')
    end = html.find('class="card ', start + 10)
    return html[start : end if end > 0 else len(html)]


def _openings_left(html: str, pid: str | None = None) -> int:
    if pid is not None:
        html = html[html.index(f'data-position="{pid}"') :]
    return int(re.search(r'class="openings-left[^"]*" data-left="(\d+)"', html).group(1))


def _take(pool: list[str]) -> str:
    return pool.pop(0)


def test_home_lists_its_positions_open_first_with_stages_and_openings(
    client: TestClient, hr: dict[str, Any]
) -> None:
    store = hr["store"]
    _login(client, "hr-main")
    page = client.get("/me")
    assert page.status_code == 200 and "招聘中" in page.text and 'id="post-new"' in page.text
    shown = re.findall(
        r'class="card ent-position[^"]*" data-position="([^"]+)" data-status="(\w+)"', page.text
    )
    assert sorted(pid for pid, _ in shown) == sorted(hr["own"])
    statuses = [status for _, status in shown]
    assert statuses == sorted(statuses, key=lambda s: s != "open"), "open positions first"
    pid = hr["position"]
    pairs = [i for i in store.interactions_of(position_ids=[pid])]
    stages = Counter(
        funnel_stage({i.event for i in pairs if i.student_id == sid})
        for sid in {i.student_id for i in pairs}
    )
    card = page.text[page.text.index(f'data-position="{pid}"') :].split("ent-position", 1)[0]
    assert f"<b>{stages['applied']}</b>" in card.split("count-new", 1)[1].split("</li>", 1)[0]
    placed = stages["accepted"] + stages["placed"]
    opening_count = store.get("positions", pid).openings
    assert _openings_left(page.text, pid) == max(opening_count - placed, 0)
    english = client.get("/me?lang=en")
    assert "Manage applicants" in english.text and "Post a new position" in english.text
    client.get("/me?lang=zh")


def test_a_position_shows_its_applicants_by_stage_with_one_action_each(
    client: TestClient, hr: dict[str, Any]
) -> None:
    """p00606 had 14 applications and its page showed none: every applicant is listed, in the
    stage the store's events put her in, with names (she applied), and the view is audited."""
    store, pid = hr["store"], hr["position"]
    _login(client, "hr-main")
    page = client.get(f"/me/positions/{pid}").text
    applicants = {i.student_id for i in store.interactions_of(position_ids=[pid], events=["apply"])}
    shown = dict(
        re.findall(r'class="card applicant" data-student="([^"]+)" data-stage="(\w+)"', page)
    )
    assert applicants and set(shown) == applicants
    for sid, stage in shown.items():
        assert stage == _stage(store, sid, pid)
        card = _card(page, "applicant", sid)
        name = store.get("students", sid).name
        assert name is None or name in card
        expected = {
            "applied": {"do-interview", "do-reject"},
            "interview": {"do-offer", "do-reject"},
            "accepted": {"do-hire"},
        }.get(stage, set())
        assert set(re.findall(r"do-(?:interview|offer|reject|hire)\b", card)) == expected
    audited = store.audit_entries(subject_student_id=next(iter(applicants)), limit=5)
    assert any(
        a["action"] == "view_applicant" and a["detail"] == pid and a["viewer_role"] == "enterprise"
        for a in audited
    )


def test_the_funnel_on_the_pages_interview_offer_accept_hire(
    client: TestClient, hr: dict[str, Any]
) -> None:
    """An application goes new → interview → offer (her answer) → hire on the pages, each step
    after a confirmation; an accepted offer takes one opening, the hire no second one."""
    store, pid = hr["store"], hr["position"]
    sid = _take(hr["consenting"])
    put(store, sid, pid, "apply")
    _login(client, "hr-main")
    before = _openings_left(client.get(f"/me/positions/{pid}").text)
    for event, stage in (("interview", "interview"), ("offer", "offered")):
        confirm = client.get(f"/me/positions/{pid}/decide?event={event}&student={sid}")
        assert confirm.status_code == 200 and f'data-student="{sid}"' in confirm.text
        assert store.get("students", sid).name in confirm.text
        done = client.post(
            f"/me/positions/{pid}/decide",
            data={"event": event, "student": sid, "note": "周三 14:00 面试"},
            follow_redirects=False,
        )
        assert done.status_code == 303
        assert done.headers["location"] == f"/me/positions/{pid}?done=ent_{event}&n=1"
        assert _stage(store, sid, pid) == stage
    page = client.get(f"/me/positions/{pid}?done=ent_offer&n=1").text
    assert "已向 1 位申请人发放offer" in page
    card = _card(page, "applicant", sid)
    assert 'data-stage="offered"' in card and not re.search(r"do-(interview|offer|hire)", card)
    assert _openings_left(page) == before
    student = f"stu-{sid}"
    add_user(store, username=student, role="student", password=PASSWORD, student_id=sid)
    r = client.post(
        "/api/v1/interactions",
        json={"student_id": sid, "position_id": pid, "event": "accept"},
        headers=login(client, student),
    )
    assert r.status_code == 201, r.text
    page = client.get(f"/me/positions/{pid}").text
    assert _openings_left(page) == max(before - 1, 0), "an accepted offer takes an opening"
    assert 'class="button primary do-hire"' in _card(page, "applicant", sid)
    event = "hire" if store.get("positions", pid).type.value == "job" else "internship_completed"
    client.post(f"/me/positions/{pid}/decide", data={"event": event, "student": sid})
    assert _stage(store, sid, pid) == "placed"
    page = client.get(f"/me/positions/{pid}").text
    assert _openings_left(page) == max(before - 1, 0), "the hire takes no second opening"
    assert 'data-stage="placed"' in _card(page, "applicant", sid)
    assert _openings_left(client.get("/me").text, pid) == max(before - 1, 0)
    notes = [i.note for i in store.interactions_of(student_ids=[sid], position_ids=[pid])]
    assert "周三 14:00 面试" in notes


def test_bulk_actions_take_only_the_applications_still_new(
    client: TestClient, hr: dict[str, Any]
) -> None:
    store, pid = hr["store"], hr["position"]
    a, b, c = _take(hr["private"]), _take(hr["private"]), _take(hr["private"])
    for sid in (a, b, c):
        put(store, sid, pid, "apply")
    put(store, c, pid, "reject", Actor.enterprise)
    _login(client, "hr-main")
    url = f"/me/positions/{pid}/decide?event=reject&student={a}&student={b}&student={c}"
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert f'data-student="{a}"' in confirm.text and f'data-student="{b}"' in confirm.text
    assert (
        f'data-student="{c}"' not in confirm.text and "另有 1 位申请人的状态已变化" in confirm.text
    )
    for sid in (a, b):  # the confirmation shows their names: each view is audited
        newest = store.audit_entries(subject_student_id=sid, limit=1)[0]
        assert (newest["action"], newest["detail"]) == ("view_applicant", pid)
    assert all(e["action"] != "view_applicant" for e in store.audit_entries(c))
    r = client.post(
        f"/me/positions/{pid}/decide",
        data={"event": "reject", "student": [a, b, c]},
        follow_redirects=False,
    )
    assert r.headers["location"].endswith("done=ent_reject&n=2")
    assert _stage(store, a, pid) == _stage(store, b, pid) == "rejected"
    rejects = store.interactions_of(student_ids=[c], position_ids=[pid], events=["reject"])
    assert len(rejects) == 1, "a closed application is not rejected twice"
    nothing = client.get(f"/me/positions/{pid}/decide?event=interview", follow_redirects=False)
    assert nothing.headers["location"] == f"/me/positions/{pid}?done=ent_pick"
    assert "请先勾选申请人" in client.get(nothing.headers["location"]).text


def test_out_of_order_steps_and_other_enterprises_are_refused_as_pages(
    client: TestClient, hr: dict[str, Any]
) -> None:
    store, pid, other = hr["store"], hr["position"], hr["other_position"]
    sid = _take(hr["private"])
    put(store, sid, pid, "apply")
    _login(client, "hr-main")
    early = client.post(f"/me/positions/{pid}/decide", data={"event": "offer", "student": sid})
    assert early.status_code == 409 and "所选申请已不在这一阶段" in early.text
    stranger = _take(hr["private"])
    never = client.post(
        f"/me/positions/{pid}/decide?lang=en", data={"event": "hire", "student": stranger}
    )
    assert never.status_code == 409 and "no longer at that stage" in never.text
    assert store.pair_events(stranger, pid) == set()
    wrong = client.post(f"/me/positions/{pid}/decide", data={"event": "apply", "student": sid})
    assert wrong.status_code == 422 and "text/html" in wrong.headers["content-type"]
    client.get("/me?lang=zh")
    for path in (
        f"/me/positions/{other}",
        f"/me/positions/{other}/edit",
        f"/me/positions/{other}/decide?event=interview&student={sid}",
        f"/me/candidates/{sid}?position={other}",
    ):
        r = client.get(path)
        assert r.status_code == 403 and "无权访问此页面" in r.text, path
    for path, data in (
        (f"/me/positions/{other}/decide", {"event": "reject", "student": sid}),
        (f"/me/positions/{other}/invite", {"student_id": sid}),
        (f"/me/positions/{other}/close", {"status": "closed"}),
    ):
        assert client.post(path, data=data).status_code == 403, path
    assert store.get("positions", other).status == PositionStatus.open
    assert client.get("/me/positions/nothing-here").status_code == 404
    _login(client, "stu")
    assert client.get(f"/me/positions/{pid}").status_code == 403
    assert (
        client.post(
            f"/me/positions/{pid}/decide", data={"event": "reject", "student": sid}
        ).status_code
        == 403
    )
    assert _stage(store, sid, pid) == "applied"
    client.cookies.clear()
    assert client.get(f"/me/positions/{pid}", follow_redirects=False).status_code == 303


def test_candidates_are_consenting_non_applicants_and_can_be_invited_once(
    client: TestClient, hr: dict[str, Any]
) -> None:
    store, pid = hr["store"], hr["position"]
    _login(client, "hr-main")
    page = client.get(f"/me/positions/{pid}").text
    candidates = re.findall(r'class="card candidate" data-student="([^"]+)"', page)
    assert candidates, "the engine recommends consenting students"
    for sid in candidates:
        assert store.get("students", sid).visible_to_enterprises
        assert "apply" not in store.pair_events(sid, pid)
    chosen = candidates[0]
    name = store.get("students", chosen).name
    assert name is None or name not in _card(page, "candidate", chosen), "no name before applying"
    r = client.post(
        f"/me/positions/{pid}/invite", data={"student_id": chosen}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"].endswith("done=ent_invite")
    client.post(f"/me/positions/{pid}/invite", data={"student_id": chosen})
    invites = store.interactions_of(student_ids=[chosen], position_ids=[pid], events=["invite"])
    assert len(invites) == 1 and invites[0].actor == Actor.enterprise
    card = _card(client.get(f"/me/positions/{pid}").text, "candidate", chosen)
    assert "已邀请" in card and "do-invite" not in card
    private = _take(hr["private"])
    refused = client.post(f"/me/positions/{pid}/invite", data={"student_id": private})
    assert refused.status_code == 403 and "只能邀请同意被企业查看的学生" in refused.text
    audited = store.audit_entries(subject_student_id=chosen, limit=10)
    assert any(a["action"] == "view_candidate" and a["detail"] == pid for a in audited)
    bad = client.post(f"/me/positions/{pid}/invite", data={"student_id": "../x"})
    assert bad.status_code == 422


def test_a_student_shows_her_name_and_contact_only_once_she_applied(
    client: TestClient, hr: dict[str, Any]
) -> None:
    store, pid = hr["store"], hr["position"]
    seen = _take(hr["consenting"])
    record = store.get("students", seen)
    _login(client, "hr-main")
    page = client.get(f"/me/candidates/{seen}?position={pid}")
    assert page.status_code == 200 and record.major in page.text
    assert 'id="identity-hidden"' in page.text and 'id="contact"' not in page.text
    for secret in (record.name, record.phone, record.email, record.student_number):
        assert not secret or secret not in page.text
    assert 'class="primary do-invite"' in page.text, "a consenting candidate can be invited here"
    audited = store.audit_entries(subject_student_id=seen, limit=5)
    assert audited[0]["action"] == "view_profile" and audited[0]["detail"] == pid
    put(store, seen, pid, "apply")
    page = client.get(f"/me/candidates/{seen}?position={pid}").text
    assert 'id="contact"' in page and (not record.name or record.name in page)
    assert not record.phone or f'href="tel:{record.phone}"' in page
    for hidden in (record.hometown, record.ethnicity, record.id_number, record.student_number):
        assert not hidden or hidden not in page, "never a protected or identifying number"
    assert 'data-stage="applied"' in page and "do-interview" in page
    private = _take(hr["private"])
    refused = client.get(f"/me/candidates/{private}?position={pid}")
    assert refused.status_code == 403 and "只能查看申请过本企业岗位" in refused.text
    english = client.get(f"/me/candidates/{seen}?position={pid}&lang=en")
    assert "Student profile" in english.text and "Application to this position" in english.text
    client.get("/me?lang=zh")


def test_posting_a_position_validates_then_checks_then_creates(
    client: TestClient, hr: dict[str, Any]
) -> None:
    store = hr["store"]
    _login(client, "hr-main")
    form = client.get("/me/positions/new")
    assert (
        form.status_code == 200 and 'id="f-title"' in form.text and 'name="openings"' in form.text
    )
    bad = {
        "title": "",
        "type": "job",
        "min_degree": "bachelor",
        "city": "长春",
        "openings": "两个",
        "step": "check",
    }
    r = client.post("/me/positions/new", data=bad)
    assert r.status_code == 422 and 'id="error-summary"' in r.text
    summary = r.text.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert '<a href="#f-title">请填写岗位名称' in summary and 'href="#f-openings"' in summary
    assert 'value="长春"' in r.text, "what was typed is kept"
    r = client.post(
        "/me/positions/new?lang=en",
        data={**bad, "title": "X", "openings": "2", "salary_min": "9000", "salary_max": "6000"},
    )
    assert r.status_code == 422 and "There is a problem" in r.text
    assert 'href="#f-salary_max">The salary to must not be below' in r.text
    client.get("/me?lang=zh")
    good = {
        "title": "光学检测实习生",
        "type": "internship",
        "description": "光学检测与数据分析",
        "required_skills": "光学设计\nMATLAB、Python",
        "preferred_skills": "",
        "accepted_majors": "光学工程",
        "min_degree": "bachelor",
        "city": "长春",
        "district": "",
        "openings": "3",
        "salary_min": "3000",
        "salary_max": "4500",
        "application_start": "2027-03-01",
        "deadline": "2027-06-30",
    }
    check = client.post("/me/positions/new", data={**good, "step": "check"})
    assert check.status_code == 200 and 'id="check-form"' in check.text
    assert "光学设计、MATLAB、Python" in check.text and "3000 元/月" in check.text
    back = client.post("/me/positions/new", data={**good, "step": "edit"})
    assert back.status_code == 200 and 'value="光学检测实习生"' in back.text
    assert 'id="error-summary"' not in back.text
    done = client.post(
        "/me/positions/new", data={**good, "step": "confirm"}, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"].endswith("?done=ent_posted")
    new = done.headers["location"].split("/me/positions/", 1)[1].split("?", 1)[0]
    made = store.get("positions", new)
    assert made.enterprise_id == hr["enterprise"] and made.posted_at is not None
    assert made.required_skills == ["光学设计", "MATLAB", "Python"] and made.district is None
    assert made.openings == 3 and made.deadline == dt.date(2027, 6, 30)
    page = client.get(done.headers["location"]).text
    assert "岗位已发布" in page and 'id="not-indexed"' in page and "光学检测实习生" in page
    assert f'data-position="{new}"' in client.get("/me").text
    api = client.get(f"/api/v1/positions/{new}", headers=login(client, "hr-main"))
    assert api.json()["title"] == "光学检测实习生"


JOB_ZH = """长春光华微电子设备有限公司
光学装配工程师
岗位职责：
1. 负责使用干涉仪完成面形与波前检测；
任职要求：
1. 本科及以上学历，光电信息科学与工程等相关专业；
2. 熟悉Zemax，掌握SolidWorks，有ROS经验者优先。
工作地点：长春市高新区
薪资：8K-12K
招聘人数：3人
截止日期：2027年3月31日
"""
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 40


def _draft(
    client: TestClient, text: str = "", file: tuple[str, bytes] = ("", b""), **query: str
) -> Any:
    """Post the upload page's form as a browser does: a multipart ``file`` and ``text``."""
    upload = {"file": (*file, "application/octet-stream")}
    return client.post("/me/positions/draft", params=query, data={"text": text}, files=upload)


def _filled(html: str) -> dict[str, str]:
    """The values a position form holds, as the browser would post them."""
    form = html.split('id="position-form"', 1)[1].split("</form>", 1)[0]
    values = dict(
        re.findall(r'<input id="f-\w+" name="(\w+)" type="(?:text|date)" value="([^"]*)"', form)
    )
    values.update(re.findall(r'type="radio" name="(\w+)" value="(\w+)" id="[^"]+" checked', form))
    values.update(
        re.findall(r'<textarea id="f-\w+" name="(\w+)"[^>]*>(.*?)</textarea>', form, re.S)
    )
    return {name: unescape(value) for name, value in values.items()}


def _note(html: str, name: str) -> str:
    found = re.search(rf'<p class="from-doc" id="n-{name}">(.*?)</p>', html, re.S)
    return unescape(re.sub(r"<[^>]+>", "", found.group(1))) if found else ""


def test_the_draft_page_asks_for_a_file_or_pasted_text_in_both_languages(
    client: TestClient, hr: dict[str, Any]
) -> None:
    _login(client, "hr-main")
    assert 'id="post-from-jd" href="/me/positions/draft"' in client.get("/me").text
    assert 'href="/me/positions/draft" id="start-from-jd"' in client.get("/me/positions/new").text
    page = client.get("/me/positions/draft?lang=zh")
    assert page.status_code == 200 and "从已有的招聘启事开始" in page.text
    assert (
        'enctype="multipart/form-data"' in page.text and 'action="/me/positions/draft"' in page.text
    )
    assert 'type="file" accept=".pdf,.docx,.txt' in page.text and 'name="text"' in page.text
    assert "文件只用于读取，不会被保存" in page.text and "不超过 5.0 MB" in page.text
    english = client.get("/me/positions/draft?lang=en")
    assert "Start from a job description" in english.text and "never kept" in english.text
    assert "up to 5.0 MB" in english.text and "招聘启事" not in english.text
    assert "or start from a job description you already have" in client.get("/me").text
    client.get("/me?lang=zh")


def test_a_pasted_description_fills_the_form_and_nothing_is_stored_until_confirmed(
    client: TestClient, hr: dict[str, Any]
) -> None:
    store = hr["store"]
    _login(client, "hr-main")
    before = {p.id for p in store.iter_records("positions")}
    r = _draft(client, JOB_ZH)
    assert r.status_code == 200 and 'id="draft-banner"' in r.text
    assert "我们已根据你的文件填好这张表单" in r.text and 'action="/me/positions/new"' in r.text
    values = _filled(r.text)
    assert values["title"] == "光学装配工程师" and values["city"] == "长春"
    assert values["district"] == "高新区" and values["openings"] == "3"
    assert (values["salary_min"], values["salary_max"]) == ("8000", "12000")
    assert values["deadline"] == "2027-03-31" and values["min_degree"] == "bachelor"
    assert {"Zemax光学设计", "SolidWorks"} <= set(values["required_skills"].split("\n"))
    assert values["preferred_skills"] == "ROS机器人操作系统"
    assert values["accepted_majors"] == "光电信息科学与工程", "majors by name, as the form asks"
    assert values["description"].startswith("长春光华微电子设备有限公司\n光学装配工程师")
    assert _note(r.text, "title") == "来自你的文件：“光学装配工程师”"
    assert _note(r.text, "city") == "来自你的文件：“长春市”"
    assert _note(r.text, "salary_min") == "来自你的文件：“8K-12K”"
    skills = "来自你的文件：“干涉仪、波前检测、Zemax、SolidWorks”"
    assert _note(r.text, "required_skills") == skills, "the words each skill was found as"
    assert _note(r.text, "type").startswith("请核对"), "the type was only guessed"
    assert not _note(r.text, "title").startswith("请核对")
    assert 'class="field please-check" id="g-type"' in r.text
    assert {p.id for p in store.iter_records("positions")} == before, "a draft stores nothing"

    english = _draft(client, JOB_ZH, lang="en")
    filled = _filled(english.text)
    assert "Zemax OpticStudio" in filled["required_skills"].split("\n")
    assert filled["accepted_majors"] == "Optoelectronic Information Science and Engineering"
    assert _note(english.text, "title") == "From your document: “光学装配工程师”"
    assert "We filled this form from your document" in english.text
    client.get("/me?lang=zh")

    enterprise = store.get("enterprises", hr["enterprise"])
    nowhere = _draft(client, "Python开发实习生\n任职要求：熟悉Python和Linux")
    assert _filled(nowhere.text)["city"] == enterprise.city
    assert "已填入企业资料中的地点" in _note(nowhere.text, "city")

    values["title"] = "光学装配工程师（2027届）"
    check = client.post("/me/positions/new", data={**values, "step": "check"})
    assert check.status_code == 200 and 'id="check-form"' in check.text
    assert {p.id for p in store.iter_records("positions")} == before, "nor does the check"
    done = client.post(
        "/me/positions/new", data={**values, "step": "confirm"}, follow_redirects=False
    )
    assert done.status_code == 303 and done.headers["location"].endswith("?done=ent_posted")
    made = store.get(
        "positions", done.headers["location"].split("/me/positions/", 1)[1].split("?")[0]
    )
    assert made.title == "光学装配工程师（2027届）" and made.enterprise_id == hr["enterprise"]
    assert made.city == "长春" and made.district == "高新区" and made.openings == 3
    assert (made.salary_min, made.salary_max) == (8000, 12000)
    assert "Zemax光学设计" in made.required_skills and made.preferred_skills == [
        "ROS机器人操作系统"
    ]
    assert made.accepted_majors == ["光电信息科学与工程"] and made.deadline == dt.date(2027, 3, 31)
    assert {p.id for p in store.iter_records("positions")} == before | {made.id}


def test_a_document_that_cannot_be_read_gets_the_upload_page_again_with_the_reason(
    client: TestClient, hr: dict[str, Any]
) -> None:
    store = hr["store"]
    before = {p.id for p in store.iter_records("positions")}
    _login(client, "hr-main")
    png = _draft(client, file=("招聘.png", PNG))
    assert png.status_code == 415 and 'id="draft-form"' in png.text
    summary = png.text.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert '<a href="#f-file">不支持的文件类型（PNG image）' in summary
    assert 'class="field has-error" id="g-file"' in png.text
    english = _draft(client, file=("job.png", PNG), lang="en")
    assert english.status_code == 415 and "unsupported file type (PNG image)" in english.text
    client.get("/me?lang=zh")
    empty = _draft(client, "   ")
    assert empty.status_code == 422 and "文件是空的" in empty.text
    tab = _draft(client, "岗位名称：测试工程师\x0b实习\n工作地点：长春")
    assert tab.status_code == 200 and "\x0b" not in _filled(tab.text)["description"]
    for username in ("stu", "adv"):
        _login(client, username)
        assert _draft(client, JOB_ZH).status_code == 403, username
    client.cookies.clear()
    anonymous = client.post("/me/positions/draft", data={"text": JOB_ZH}, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"] == "/"
    assert {p.id for p in store.iter_records("positions")} == before


def test_editing_shows_only_what_changed_and_saves_through_the_api_rule(
    client: TestClient, hr: dict[str, Any]
) -> None:
    store, pid = hr["store"], hr["own"][0]
    _login(client, "hr-main")
    form = client.get(f"/me/positions/{pid}/edit")
    assert form.status_code == 200
    values = dict(
        re.findall(r'<input id="f-(\w+)" name="\w+" type="\w+" value="([^"]*)"', form.text)
    )
    current = store.get("positions", pid)
    assert values["title"] == current.title and values["openings"] == str(current.openings)
    fields = {
        name: values.get(name, "")
        for name in (
            "title",
            "city",
            "district",
            "openings",
            "salary_min",
            "salary_max",
            "application_start",
            "deadline",
        )
    }
    fields.update(
        type=current.type.value,
        min_degree=current.min_degree.value,
        description=current.description,
        required_skills="\n".join(current.required_skills),
        preferred_skills="\n".join(current.preferred_skills),
        accepted_majors="\n".join(current.accepted_majors),
    )
    same = client.post(
        f"/me/positions/{pid}/edit", data={**fields, "step": "check"}, follow_redirects=False
    )
    assert same.headers["location"].endswith("done=ent_unchanged")
    more = {**fields, "openings": str(current.openings + 1)}
    check = client.post(f"/me/positions/{pid}/edit", data={**more, "step": "check"})
    assert re.findall(r'data-field="(\w+)"', check.text) == ["openings"]
    assert f"{current.openings}" in check.text.split('class="muted was"', 1)[1][:40]
    client.post(f"/me/positions/{pid}/edit", data={**more, "step": "confirm"})
    after = store.get("positions", pid)
    assert after.openings == current.openings + 1 and after.title == current.title
    assert after.status == current.status
    wrong = client.post(
        f"/me/positions/{pid}/edit", data={**more, "openings": "0", "step": "check"}
    )
    assert wrong.status_code == 422 and "招聘人数须为 1 到 10000 之间的整数" in wrong.text


def test_closing_or_filling_hides_the_position_at_once(
    client: TestClient, hr: dict[str, Any]
) -> None:
    store, pid = hr["store"], hr["other_position"]
    _login(client, "hr-other")
    confirm = client.get(f"/me/positions/{pid}/close?status=filled")
    assert confirm.status_code == 200 and "标记为已招满" in confirm.text
    r = client.post(f"/me/positions/{pid}/close", data={"status": "filled"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/me?done=ent_filled"
    assert store.get("positions", pid).status == PositionStatus.filled
    engine = client.app.state.served.engine
    if pid in engine.positions.index:
        assert not engine.positions.is_open[engine.positions.index[pid]], "hidden at once"
    home = client.get(r.headers["location"]).text
    assert "岗位已标记为招满" in home
    assert f'data-position="{pid}" data-status="filled"' in home
    assert client.post(f"/me/positions/{pid}/close", data={"status": "open"}).status_code == 422
    page = client.get(f"/me/positions/{pid}").text
    assert 'id="close-position"' not in page and "岗位已不再招聘" in page


def test_a_stored_position_reads_as_an_indexed_one(client: TestClient, hr: dict[str, Any]) -> None:
    """The pages show a position from the store (an edit shows at once) in the words and order
    of :func:`api.web.views.position_facts`."""
    store, engine = hr["store"], client.app.state.served.engine
    untouched = [
        p
        for p in engine.positions.ids
        if p is not None and p not in hr["own"] + [hr["other_position"]]  # None: replaced rows
    ]
    for pid in untouched[:10]:
        position = store.get("positions", pid)
        enterprise = store.get("enterprises", position.enterprise_id)
        row = engine.positions.index[pid]
        for lang in ("zh", "en"):
            indexed = position_facts(engine, row, lang)
            stored = record_facts(position, enterprise, lang)
            assert stored == indexed.__class__(**{**indexed.__dict__, "is_open": stored.is_open})


def test_an_enterprise_without_open_positions_is_told_and_offered_to_post(
    client: TestClient, hr: dict[str, Any]
) -> None:
    """(Was the enterprise part of tests/api/test_pages.py's each-role test.)"""
    store = hr["store"]
    own = {p.enterprise_id for p in store.iter_records("positions")}
    first = next(e for e in store.iter_records("enterprises"))
    empty = first.model_copy(update={"id": "tempty", "name": "空岗位测试企业"})
    assert empty.id not in own
    with store.session() as session:
        store.upsert(session, "enterprises", [empty])
    add_user(
        store, username="hr-empty", role="enterprise", password=PASSWORD, enterprise_id=empty.id
    )
    _login(client, "hr-empty")
    page = client.get("/me").text
    assert "空岗位测试企业" in page and 'id="no-positions"' in page and "还没有发布岗位" in page
    assert 'href="/me/positions/new"' in page
    _login(client, "ent")
    page = client.get("/me").text
    assert 'id="post-new"' in page and "ent-position" in page
    if 'id="open-positions"' in page and 'data-status="open"' not in page:
        assert (
            "目前没有招聘中的岗位" in page
            and '<details id="ended-positions" class="group" open>' in page
        )


def test_a_long_stage_shows_its_best_matches_first_and_the_rest_on_asking(
    client: TestClient, hr: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A popular position (307 applications in the sample world) lists each stage's best
    matches, and all of a stage only when asked; only what is shown is audited."""
    from api.web import enterprise

    store, pid = hr["store"], hr["position"]
    monkeypatch.setattr(enterprise, "SHOWN", 2)
    _login(client, "hr-main")
    page = client.get(f"/me/positions/{pid}").text
    new = page.split('id="group-new"', 1)[1].split('id="bulk-form"', 1)[0]
    shown = re.findall(r'class="card applicant" data-student="([^"]+)"', new)
    waiting = sorted(
        {
            i.student_id
            for i in store.interactions_of(position_ids=[pid], events=["apply"])
            if _stage(store, i.student_id, pid) == "applied"
        }
    )
    assert len(waiting) > 2 and len(shown) == 2
    assert f"显示全部 {len(waiting)} 位" in new and 'href="?show=new#group-new"' in new
    scores = [float(s) for s in re.findall(r'class="match">匹配(?:分|度) ([0-9.]+)', new)]
    assert scores == sorted(scores, reverse=True), "best matches first"
    hidden = next(s for s in waiting if s not in shown)
    before = len(store.audit_entries(subject_student_id=hidden, limit=100))
    client.get(f"/me/positions/{pid}")
    assert len(store.audit_entries(subject_student_id=hidden, limit=100)) == before
    everyone = client.get(f"/me/positions/{pid}?show=new").text
    listed = everyone.split('id="group-new"', 1)[1].split('id="bulk-form"', 1)[0]
    assert set(re.findall(r'class="card applicant" data-student="([^"]+)"', listed)) == set(waiting)


def test_every_page_speaks_both_languages_and_only_to_enterprises(
    client: TestClient, hr: dict[str, Any]
) -> None:
    store, pid = hr["store"], hr["position"]
    sid = _take(hr["consenting"])
    put(store, sid, pid, "apply")
    pages = {
        "/me": ("管理申请人", "Manage applicants"),
        f"/me/positions/{pid}": ("推荐候选人", "Recommended candidates"),
        f"/me/positions/{pid}/decide?event=interview&student={sid}": ("确认邀请面试",
                                                                       "Send the invitations"),
        f"/me/candidates/{sid}?position={pid}": ("联系方式", "Contact"),
        "/me/positions/new": ("发布新岗位", "Post a new position"),
        f"/me/positions/{pid}/edit": ("编辑岗位", "Edit the position"),
        f"/me/positions/{pid}/close": ("确认关闭", "Close it"),
        "/me/positions/draft": ("从已有的招聘启事开始", "Start from a job description"),
    }  # fmt: skip
    _login(client, "hr-main")
    for path, (zh, en) in pages.items():
        join = "&" if "?" in path else "?"
        chinese = client.get(f"{path}{join}lang=zh")
        assert chinese.status_code == 200 and zh in chinese.text and 'lang="zh-CN"' in chinese.text
        english = client.get(f"{path}{join}lang=en")
        assert english.status_code == 200 and en in english.text and 'lang="en"' in english.text
        assert zh not in english.text, path
    client.get("/me?lang=zh")
    for username in ("stu", "adv", "res", "root"):
        _login(client, username)
        for path in pages:
            if path != "/me":
                assert client.get(path).status_code == 403, (username, path)
    assert store.get("positions", pid).status == PositionStatus.open
