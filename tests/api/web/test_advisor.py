"""The advisor's pages through the ASGI client: her students, one student, advice, the plan with
saved overrides, and the exports; refusals for other roles and other cohorts; both languages.

The world is built once per module on SQLite and again on PostgreSQL (``tests/api/conftest.py``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from matcher.cohorts import STATUSES
from matcher.config import get_settings
from matcher.schemas import Event
from matcher.store.accounts import add_user, find_user
from tests.api.apiworld import PASSWORD, login


@pytest.fixture(scope="module", autouse=True)
def _more_accounts(client: TestClient, world: dict[str, Any]) -> None:
    """'adv-all' runs every cohort (students compete for openings); 'adv-none' runs none."""
    store = client.app.state.store  # type: ignore[attr-defined]
    cohorts = sorted({c for c in client.app.state.served.engine.students.cohort if c})  # type: ignore[attr-defined]
    add_user(store, username="adv-all", role="advisor", password=PASSWORD, cohorts=cohorts)
    add_user(store, username="adv-none", role="advisor", password=PASSWORD, cohorts=[])


def _login(client: TestClient, username: str) -> None:
    client.cookies.clear()
    r = client.post(
        "/login", data={"username": username, "password": PASSWORD}, follow_redirects=False
    )
    assert r.status_code == 303 and r.headers["location"] == "/me"


def _rows(html: str) -> list[tuple[str, str]]:
    """(student id, status) of each roster row, in page order."""
    return re.findall(
        r'class="cohort-student[^"]*" data-student="([^"]+)" data-status="([^"]+)"', html
    )


def _pairs(html: str) -> list[tuple[str, str]]:
    return re.findall(
        r'class="card plan-pair[^"]*" data-student="([^"]+)" data-position="([^"]+)"', html
    )


def _store(client: TestClient) -> Any:
    return client.app.state.store  # type: ignore[attr-defined]


def _engine(client: TestClient) -> Any:
    return client.app.state.served.engine  # type: ignore[attr-defined]


def _cohort_ids(client: TestClient, cohort: str) -> list[str]:
    S = _engine(client).students
    return [sid for sid, c in zip(S.ids, S.cohort, strict=True) if c == cohort]


# -- her students ---------------------------------------------------------------------------------


def test_her_students_by_name_number_and_season_status(
    client: TestClient, world: dict[str, Any]
) -> None:
    _login(client, "adv")
    page = client.get("/me?lang=zh")
    assert page.status_code == 200 and "我的学生" in page.text
    rows = _rows(page.text)
    mine = set(_cohort_ids(client, world["cohort"]))
    assert {sid for sid, _ in rows} == mine, "exactly her cohort's students"
    assert {status for _, status in rows} <= set(STATUSES)
    store = _store(client)
    student = store.get("students", rows[0][0])
    assert student.name and student.name in page.text and student.student_number in page.text
    assert world["outside"] not in {sid for sid, _ in rows}
    assert 'href="/me/plan"' in page.text and "安置方案" in page.text  # the menu
    audited = store.audit_entries(subject_student_id=rows[0][0])
    assert any(e["action"] == "view_cohort" for e in audited)
    english = client.get("/me?lang=en")
    assert "My students" in english.text and "Placement plan" in english.text
    assert _rows(english.text) == rows
    client.get("/me?lang=zh")


def test_the_one_to_call_is_on_top_and_filters_keep_to_one_status(
    client: TestClient, world: dict[str, Any]
) -> None:
    _login(client, "adv-all")
    rows = _rows(client.get("/me").text)
    risky = [sid for sid, _ in _rows(client.get("/me?show=risk").text)]
    assert risky == [sid for sid, _ in rows[: len(risky)]], "those at risk come first"
    for status in STATUSES:
        shown = _rows(client.get("/me", params={"show": status}).text)
        assert all(s == status for _, s in shown)
    by_number = [sid for sid, _ in _rows(client.get("/me?sort=number").text)]
    store = _store(client)
    numbers = [store.get("students", sid).student_number for sid in by_number]
    assert numbers == sorted(numbers)
    odd = client.get("/me?sort=nonsense&show=nonsense")  # unknown choices fall back
    assert odd.status_code == 200 and len(_rows(odd.text)) == len(rows)
    one = client.get("/me", params={"cohort": world["cohort"]})
    assert {sid for sid, _ in _rows(one.text)} == set(_cohort_ids(client, world["cohort"]))


def test_status_follows_what_is_recorded_at_once(
    client: TestClient, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An application and an offer recorded a moment ago show on her roster (the season of the
    day of recommendation: here today, when the service records the events)."""
    monkeypatch.setenv("MATCHER_TODAY", dt.date.today().isoformat())
    get_settings.cache_clear()
    _login(client, "adv")
    rows = dict(_rows(client.get("/me").text))
    sid = next(s for s, status in rows.items() if status != "placed")
    engine = _engine(client)
    pid = next(
        p
        for i, p in enumerate(engine.positions.ids)
        if engine.positions.is_open[i] and p not in _store(client).pair_events(sid, p) | {""}
    )
    admin = login(client, "root")
    for event in ("apply", "offer"):
        r = client.post(
            "/api/v1/interactions",
            headers=admin,
            json={"student_id": sid, "position_id": pid, "event": event},
        )
        assert r.status_code == 201, r.text
    _login(client, "adv")
    assert dict(_rows(client.get("/me").text))[sid] == "offered"
    page = client.get(f"/me/students/{sid}").text
    assert f'data-position="{pid}" data-stage="offered"' in page and "已发offer" in page


def test_an_advisor_of_no_cohort_is_told_so(client: TestClient) -> None:
    _login(client, "adv-none")
    assert 'id="no-cohorts"' in client.get("/me").text
    assert 'id="no-cohorts"' in client.get("/me/plan").text


# -- one student and advice ----------------------------------------------------------------------


def test_one_student_shows_her_applications_and_recommendations(
    client: TestClient, world: dict[str, Any]
) -> None:
    _login(client, "adv")
    sid = world["in_cohort"]
    page = client.get(f"/me/students/{sid}")
    assert page.status_code == 200 and 'id="student"' in page.text
    student = _store(client).get("students", sid)
    assert student.name in page.text and student.student_number in page.text
    assert "她的申请" in page.text and "为她推荐的岗位" in page.text
    assert page.text.count('class="card recommendation"') > 0
    assert 'class="button primary do-suggest"' in page.text and "do-shortlist" in page.text
    audited = {e["action"] for e in _store(client).audit_entries(subject_student_id=sid)}
    assert {"view_profile", "view_recommendations"} <= audited
    assert "Her applications" in client.get(f"/me/students/{sid}?lang=en").text
    client.get("/me?lang=zh")


def test_another_cohorts_student_and_other_roles_are_refused(
    client: TestClient, world: dict[str, Any]
) -> None:
    _login(client, "adv")
    other = client.get(f"/me/students/{world['outside']}")
    assert other.status_code == 403 and "无权访问此页面" in other.text
    assert client.get("/me/students/nobody").status_code == 404
    assert client.get("/me", params={"cohort": "not mine"}).status_code == 403
    assert client.get("/me/plan", params={"cohort": "not mine"}).status_code == 403
    pid = _engine(client).positions.ids[0]
    advise = {"student_id": world["outside"], "position_id": pid, "event": "suggest"}
    assert client.get("/me/advise", params=advise).status_code == 403
    assert client.post("/me/advise", data=advise).status_code == 403
    assert client.post("/me/plan/overrides", data={**advise, "kind": "lock"}).status_code == 403
    for who in ("stu", "ent"):
        _login(client, who)
        for path in ("/me/plan", f"/me/students/{world['in_cohort']}", "/me/plan.xlsx"):
            r = client.get(path)
            assert r.status_code == 403 and "text/html" in r.headers["content-type"], path
        r = client.post("/me/advise", data={**advise, "student_id": world["in_cohort"]})
        assert r.status_code == 403
    client.cookies.clear()
    assert client.get("/me/plan", follow_redirects=False).headers["location"] == "/"
    assert client.post("/me/plan/overrides/1/undo", follow_redirects=False).status_code == 303
    _login(client, "adv")
    english = client.get(f"/me/students/{world['outside']}?lang=en")
    assert english.status_code == 403 and "This page is not for you" in english.text
    client.get("/me?lang=zh")


def test_suggest_and_shortlist_after_a_check_once_per_pair(
    client: TestClient, world: dict[str, Any]
) -> None:
    _login(client, "adv")
    sid = world["in_cohort"]
    page = client.get(f"/me/students/{sid}").text
    link = re.search(r'class="button primary do-suggest" href="([^"]+)"', page)
    assert link, "a suggestion starts from a recommended position"
    check = client.get(link.group(1).replace("&amp;", "&"))
    assert check.status_code == 200 and "确认把这个岗位推荐给她" in check.text
    assert "我的申请" in check.text and 'id="confirm"' in check.text
    pid = re.search(r'name="position_id" value="([^"]+)"', check.text).group(1)
    before = len(_store(client).interactions_of(student_ids=[sid], events=[Event.suggest]))
    form = {"student_id": sid, "position_id": pid, "event": "suggest", "back": "student"}
    r = client.post("/me/advise", data=form, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith(f"/me/students/{sid}?done=")
    after = client.get(r.headers["location"])
    assert "已推荐给她" in after.text and "您推荐过" in after.text
    suggested = _store(client).interactions_of(student_ids=[sid], events=[Event.suggest])
    assert len(suggested) == before + 1 and suggested[-1].actor.value == "advisor"
    again = client.post("/me/advise", data=form, follow_redirects=False)
    assert "done=adv_already" in again.headers["location"]
    assert (
        len(_store(client).interactions_of(student_ids=[sid], events=[Event.suggest])) == before + 1
    )
    recheck = client.get("/me/advise", params={**form, "back": "student"})
    assert 'id="done-before"' in recheck.text and 'id="confirm"' not in recheck.text
    shortlist = {
        **form,
        "event": "shortlist",
        "back": "plan",
        "cohort": world["cohort"],
        "method": "stable",
    }
    r = client.post("/me/advise", data=shortlist, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith(
        "/me/plan?done=adv_shortlisted"
    )
    assert "method=stable" in r.headers["location"]
    assert Event.shortlist.value in _store(client).pair_events(sid, pid)
    bad = client.post("/me/advise", data={**form, "event": "hire"})
    assert bad.status_code == 422 and "请检查" in bad.text
    unknown = client.post("/me/advise", data={**form, "position_id": "nope"})
    assert unknown.status_code == 404


# -- the plan -------------------------------------------------------------------------------------


def test_the_plan_is_explained_in_plain_words(client: TestClient, world: dict[str, Any]) -> None:
    _login(client, "adv-all")
    page = client.get("/me/plan")
    assert page.status_code == 200 and "安置方案" in page.text
    for words in ("预计成功匹配约", "匹配概率之和", "三种方法对比", "双方都想换的配对", "建议"):
        assert words in page.text, words
    for jargon in ("阻塞对", "志愿位次", "blocking", "0.0"):
        assert jargon not in re.sub(r"<[^>]+>", "", page.text), jargon
    pairs = _pairs(page.text)
    assert len(pairs) > 5 and len({s for s, _ in pairs}) == len(pairs)
    store = _store(client)
    name = store.get("students", pairs[0][0]).name
    assert name in page.text
    assert all(f in page.text for f in ("do-suggest", "do-shortlist", "do-lock", "do-forbid"))
    assert 'id="export-xlsx"' in page.text and 'id="export-csv"' in page.text
    assert any(e["action"] == "view_placement" for e in store.audit_entries(pairs[0][0]))
    for method in ("stable", "greedy"):
        other = client.get("/me/plan", params={"method": method})
        assert f'value="{method}" id="method-{method}" checked' in other.text
    english = client.get("/me/plan?lang=en")
    assert "expected placements" in english.text and "Pairs that would both swap" in english.text
    client.get("/me/plan?lang=zh")


def test_a_student_placed_since_the_engine_was_built_is_left_out_of_the_plan() -> None:
    """On the world written by hand (tests/matcher/handworld.py) the engine knows s1, s2, s3
    and s7 placed; the store's newer events place s5 too, and the plan leaves her out."""
    from api.web.advisor_data import cohort_plan
    from tests.matcher.handworld import ADVISOR, COHORT, hand_world

    hand = hand_world()
    plan = cohort_plan(hand["engine"], hand["store"], ADVISOR, [COHORT], "optimal", {"s5"})
    assert plan.error is None and plan.chosen is not None
    planned = {a["student_id"]: a["position_id"] for a in plan.chosen["assignments"]}
    assert planned == {"s4": "p3", "s6": "p1"} and plan.chosen["unassigned"] == []
    everyone = cohort_plan(hand["engine"], hand["store"], ADVISOR, [COHORT], "optimal", set())
    assert everyone.chosen is not None
    assert {a["student_id"]: a["position_id"] for a in everyone.chosen["assignments"]} == {
        "s4": "p3",
        "s5": "p3",
        "s6": "p1",
    }


def test_locks_and_forbids_are_saved_kept_across_the_switch_and_undone(
    client: TestClient, world: dict[str, Any]
) -> None:
    _login(client, "adv-all")
    pairs = _pairs(client.get("/me/plan").text)
    sid, pid = pairs[0]
    other = next(p for _, p in pairs if p != pid)
    r = client.post(
        "/me/plan/overrides",
        data={"student_id": sid, "position_id": other, "kind": "lock", "method": "optimal"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and "done=adv_locked" in r.headers["location"]
    page = client.get(r.headers["location"]).text
    assert "已锁定，方案已重新计算" in page
    assert (sid, other) in _pairs(page)
    assert (
        f'class="override card" data-kind="lock" data-student="{sid}" data-position="{other}"'
        in page
    )
    english = client.get("/me/plan?lang=en").text  # the switch keeps them: they are saved
    assert f'data-kind="lock" data-student="{sid}"' in english and "Locked" in english
    _login(client, "adv-all")  # a new session too
    assert f'data-kind="lock" data-student="{sid}"' in client.get("/me/plan?lang=zh").text
    victim_s, victim_p = next((s, p) for s, p in _pairs(client.get("/me/plan").text) if s != sid)
    r = client.post(
        "/me/plan/overrides",
        data={"student_id": victim_s, "position_id": victim_p, "kind": "forbid"},
    )
    assert r.status_code == 200 and "已排除" in r.text
    assert (victim_s, victim_p) not in _pairs(r.text)
    ids = re.findall(r'action="/me/plan/overrides/(\d+)/undo"', r.text)
    assert len(ids) == 2
    _login(client, "adv")  # another advisor cannot undo hers
    assert client.post(f"/me/plan/overrides/{ids[0]}/undo").status_code == 404
    _login(client, "adv-all")
    for oid in ids:
        r = client.post(
            f"/me/plan/overrides/{oid}/undo", data={"method": "stable"}, follow_redirects=False
        )
        assert (
            "done=adv_undone" in r.headers["location"] and "method=stable" in r.headers["location"]
        )
    assert 'id="no-overrides"' in client.get("/me/plan").text
    assert _store(client).plan_overrides(find_user(_store(client), "adv-all").id) == []


def test_a_lock_that_cannot_hold_is_refused_with_the_reason(
    client: TestClient, world: dict[str, Any]
) -> None:
    _login(client, "adv-all")
    engine = _engine(client)
    sid, _ = _pairs(client.get("/me/plan").text)[0]
    closed = next(p for i, p in enumerate(engine.positions.ids) if not engine.positions.is_open[i])
    r = client.post(
        "/me/plan/overrides",
        data={"student_id": sid, "position_id": closed, "kind": "lock"},
        follow_redirects=False,
    )
    assert r.status_code == 303 and "error=adv_err_closed" in r.headers["location"]
    page = client.get(r.headers["location"]).text
    assert 'id="error-summary"' in page and "无法锁定" in page
    assert _store(client).plan_overrides(find_user(_store(client), "adv-all").id) == []
    unknown = client.post(
        "/me/plan/overrides", data={"student_id": sid, "position_id": "nope", "kind": "lock"}
    )
    assert unknown.status_code == 404
    odd = client.post(
        "/me/plan/overrides", data={"student_id": sid, "position_id": closed, "kind": "pin"}
    )
    assert odd.status_code == 422


def test_the_exports_have_the_advisors_headers_and_every_student(
    client: TestClient, world: dict[str, Any]
) -> None:
    from openpyxl import load_workbook

    from api.web.advisor_export import HEADERS

    assert HEADERS == ("姓名", "学号", "班级", "状态", "单位", "岗位", "城市", "匹配概率", "备注")
    _login(client, "adv")
    page = client.get("/me/plan?lang=en").text
    link = re.search(r'id="export-xlsx" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    r = client.get(link)
    assert r.status_code == 200 and r.headers["content-type"].startswith(
        "application/vnd.openxmlformats"
    )
    assert "filename*=UTF-8''" in r.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(r.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert tuple(rows[0]) == HEADERS
    assert sheet["A1"].font.bold and sheet.column_dimensions["E"].width >= 20
    store = _store(client)
    cohort = _cohort_ids(client, world["cohort"])
    names = {store.get("students", s).name for s in cohort}
    assert {row[0] for row in rows[1:]} == names and len(rows) == len(cohort) + 1
    assert {row[2] for row in rows[1:]} == {world["cohort"]}
    planned = [row for row in rows[1:] if row[7] is not None]
    assert planned and all(0 <= row[7] <= 1 and row[4] and row[5] for row in planned)
    assert sheet.cell(2 + rows[1:].index(planned[0]), 8).number_format == "0.0%"
    assert all(row[8] for row in rows[1:]), "every row has a note"
    csv_link = re.search(r'id="export-csv" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    text = client.get(csv_link).content.decode("utf-8")
    assert text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text[1:])))
    assert tuple(table[0]) == HEADERS and len(table) == len(cohort) + 1
    assert all(re.fullmatch(r"\d+(\.\d)?%", row[7]) for row in table[1:] if row[7])
    assert any(e["action"] == "export" for e in store.audit_entries(cohort[0]))
    client.get("/me?lang=zh")


# -- moved from tests/api/test_placements.py and test_pages.py (the old page's checks) ----------


def test_the_plan_page_shows_the_plan_and_locks_a_pair(
    client: TestClient, world: dict[str, Any]
) -> None:
    """The API's plan and the page's agree; a lock from the page holds in the next plan."""
    _login(client, "adv-all")
    plan = client.post("/api/v1/placements", json={}, headers=login(client, "adv-all")).json()
    page = client.get("/me/plan").text
    assert {(a["student_id"], a["position_id"]) for a in plan["assignments"]} == set(_pairs(page))
    first = plan["assignments"][0]
    other = next(a for a in plan["assignments"] if a["position_id"] != first["position_id"])
    r = client.post(
        "/me/plan/overrides",
        data={
            "student_id": first["student_id"],
            "position_id": other["position_id"],
            "kind": "lock",
        },
    )
    assert r.status_code == 200 and (first["student_id"], other["position_id"]) in _pairs(r.text)
    csv_text = client.get("/me/plan.csv").content.decode("utf-8")
    name = _store(client).get("students", first["student_id"]).name
    line = next(row for row in csv.reader(io.StringIO(csv_text[1:])) if row[0] == name)
    assert "已锁定" in line[8]
    oid = re.search(r'action="/me/plan/overrides/(\d+)/undo"', r.text).group(1)
    client.post(f"/me/plan/overrides/{oid}/undo")


def test_plan_links_carry_the_cohort_url_encoded(client: TestClient, world: dict[str, Any]) -> None:
    from urllib.parse import quote_plus

    _login(client, "adv-all")
    cohort = world["cohort"]
    page = client.get("/me/plan", params={"cohort": cohort})
    assert page.status_code == 200
    assert f"cohort={quote_plus(cohort)}" in page.text
    switch = page.text.split('id="lang-switch" href="', 1)[1].split('"', 1)[0]
    assert f"cohort={quote_plus(cohort)}" in switch


def test_the_old_page_addresses_are_gone_or_moved(client: TestClient) -> None:
    _login(client, "adv")
    assert client.get("/me/placements.csv").status_code == 404
    board = client.get("/me").text
    assert "cohort-student" in board and 'id="roster"' in board


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_advice_says_the_stable_plan_costs_nothing_when_it_does_not(lang: str) -> None:
    """A stable plan as good as the optimal one is not "about 0.0 fewer" placements."""
    from api.web.advisor_data import CohortPlan
    from api.web.advisor_plan import _advice

    def plan(greedy: float, optimal: float, stable: float) -> CohortPlan:
        totals = {"greedy": greedy, "optimal": optimal, "stable": stable}
        return CohortPlan(
            method="optimal",
            plans={m: {"metrics": {"total_probability": t}} for m, t in totals.items()},
        )

    free = _advice(plan(10.3, 11.7, 11.7), lang)
    assert free is not None and "0.0" not in free and "1.4" in free
    costly = _advice(plan(10.3, 11.7, 10.9), lang)
    assert costly is not None and "0.8" in costly
    assert free != costly
