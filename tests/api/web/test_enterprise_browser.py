"""The enterprise's whole workflow in a real headless Chromium, as a 390 px phone and a desktop.

An HR account logs in, opens its position, takes an application from new to interview, offer
and hire (the student's acceptance is hers, recorded as she would), rejects two new
applications at once, invites a candidate, reads an applicant's profile, posts a position
(first with mistakes), edits it and closes it, and posts another from a Word job description.
Every page must fit a phone's width; each step is saved as a screenshot
(``artifacts/browser/enterprise-<size>-<step>.png``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from matcher.engine.persist import load_engine
from matcher.schemas import PositionStatus
from matcher.store.database import Store
from tests.api.apiworld import running_server
from tests.api.browsing import (
    WORKFLOW_SIZES,
    assert_phone_ready,
    browser_world,
    chromium,
    log_in,
    need_browser,
    shot,
    wait,
)
from tests.api.web.enterprise_world import hr_account, put

pytestmark = pytest.mark.browser
SIZES = ("phone", "desktop")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    need_browser()
    world = browser_world(
        tmp_path_factory.mktemp("ent-browser"), seed=6, students=50, positions=20, enterprises=5
    )
    store = Store(world["url"])
    engine = load_engine(world["models"])
    found = hr_account(store, engine)
    pid = found["position"]
    fresh = [s.id for s in found["fresh"]]
    people = {size: fresh[3 * i : 3 * i + 3] for i, size in enumerate(SIZES)}
    for trio in people.values():
        for sid in trio:
            put(store, sid, pid, "apply")
    with running_server(world) as base:
        yield {"base": base, "store": store, "position": pid, "people": people}
    store.dispose()


def _css(driver: Any, selector: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def _click(driver: Any, selector: str) -> None:
    """Click an element in the middle of the screen (not under the sticky bulk bar)."""
    element = _css(driver, selector)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def _all(driver: Any, selector: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, selector)


def _step(driver: Any, size: str, name: str, focus: str | None = None) -> None:
    """Check the page fits a phone's width, show ``focus`` and save a screenshot."""
    assert_phone_ready(driver)
    if focus:
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", _css(driver, focus))
    shot(driver, f"enterprise-{size}-{name}")


def _left(driver: Any) -> int:
    return int(_css(driver, ".openings-left").get_attribute("data-left"))


def _stage(driver: Any, sid: str) -> str:
    return _css(driver, f'.applicant[data-student="{sid}"]').get_attribute("data-stage")


def _act(driver: Any, size: str, sid: str, action: str, note: str = "") -> None:
    """Click an applicant's action, confirm it (with a note) and come back to the position."""
    _click(driver, f'.applicant[data-student="{sid}"] .do-{action}')
    wait(driver, lambda d: "/decide" in d.current_url)
    if note:
        _css(driver, "#note").send_keys(note)
    _step(driver, size, f"confirm-{action}")
    _click(driver, "#confirm")
    wait(driver, lambda d: "done=ent_" in d.current_url)


@pytest.mark.parametrize("size", WORKFLOW_SIZES)
def test_hr_takes_applications_through_the_funnel(site: dict[str, Any], size: str) -> None:
    store, pid = site["store"], site["position"]
    first, second, third = site["people"][size]
    with chromium(size) as driver:
        log_in(driver, site["base"], "hr-main")
        card = f'.ent-position[data-position="{pid}"]'
        assert _css(driver, card)
        _step(driver, size, "home")
        _click(driver, f"{card} a.manage")
        wait(driver, lambda d: f"/me/positions/{pid}" in d.current_url)
        assert _stage(driver, first) == "applied"
        before = _left(driver)
        _step(driver, size, "position", f'.applicant[data-student="{first}"]')

        _act(driver, size, first, "interview", "周三下午两点，长春新区")
        assert _css(driver, "#notice").text == "已邀请 1 位申请人面试"
        assert _stage(driver, first) == "interview"
        _act(driver, size, first, "offer")
        assert _stage(driver, first) == "offered"
        assert not _all(driver, f'.applicant[data-student="{first}"] .do-hire')
        put(store, first, pid, "accept")  # she accepts on her own page
        driver.refresh()
        wait(driver, lambda d: _stage(d, first) == "accepted")
        assert _left(driver) == max(before - 1, 0), "an accepted offer takes an opening"
        _act(driver, size, first, "hire")
        assert _stage(driver, first) == "placed" and _left(driver) == max(before - 1, 0)
        _step(driver, size, "placed", f'.applicant[data-student="{first}"]')

        for sid in (second, third):
            _click(driver, f'.applicant[data-student="{sid}"] input[name=student]')
        _step(driver, size, "bulk-selected", "#bulk-form")
        _click(driver, "#bulk-form .bulk-reject")
        wait(driver, lambda d: "/decide" in d.current_url)
        assert len(_all(driver, "#decide-people li")) == 2
        _step(driver, size, "confirm-bulk")
        _click(driver, "#confirm")
        wait(driver, lambda d: "done=ent_reject" in d.current_url)
        assert _css(driver, "#notice").text == "已将 2 份申请标记为不合适"
        assert {_stage(driver, second), _stage(driver, third)} == {"rejected"}

        candidate = _all(driver, ".candidate .do-invite")[0]
        sid = candidate.find_element("xpath", "ancestor::div[@data-student]").get_attribute(
            "data-student"
        )
        _click(driver, f'.candidate[data-student="{sid}"] .do-invite')  # in place: data-swap
        wait(driver, lambda d: _all(d, f'.candidate[data-student="{sid}"] .invited'))
        assert "invite" in store.pair_events(sid, pid)
        _step(driver, size, "invited", f'.candidate[data-student="{sid}"]')

        _click(driver, f'.applicant[data-student="{first}"] .view-profile')
        wait(driver, lambda d: "/me/candidates/" in d.current_url)
        assert _css(driver, "#contact") and _css(driver, "#application")
        _step(driver, size, "profile")

        driver.get(f"{site['base']}/me/positions/{pid}")
        _click(driver, "#lang-switch")
        wait(driver, lambda d: "Applicants (" in d.page_source)
        _step(driver, size, "position-en")
        _click(driver, "#lang-switch")
        wait(driver, lambda d: "申请人（" in d.page_source)


@pytest.mark.parametrize("size", WORKFLOW_SIZES)
def test_hr_posts_edits_and_closes_a_position(site: dict[str, Any], size: str) -> None:
    store = site["store"]
    with chromium(size) as driver:
        log_in(driver, site["base"], "hr-main")
        _click(driver, "#post-new")
        wait(driver, lambda d: d.current_url.endswith("/me/positions/new"))
        _step(driver, size, "form")
        _css(driver, "#f-openings").clear()
        _css(driver, "#f-openings").send_keys("两个")
        _click(driver, "#continue")
        wait(driver, lambda d: _all(d, "#error-summary"))
        links = [
            a.get_attribute("href").rsplit("#", 1)[1] for a in _all(driver, "#error-summary a")
        ]
        assert links == ["f-title", "f-openings"], links
        _step(driver, size, "form-errors")
        _click(driver, '#error-summary a[href="#f-title"]')
        wait(driver, lambda d: d.current_url.endswith("#f-title"))
        title = f"光学检测实习生 {size}"
        _css(driver, "#f-title").send_keys(title)
        _css(driver, "#f-openings").clear()
        _css(driver, "#f-openings").send_keys("2")
        _css(driver, "#f-required_skills").send_keys("光学设计\nMATLAB")
        _click(driver, "#f-type-internship")
        _click(driver, "#continue")
        wait(driver, lambda d: _all(d, "#check-form"))
        _step(driver, size, "check")
        _click(driver, "#confirm")
        wait(driver, lambda d: "done=ent_posted" in d.current_url)
        pid = driver.current_url.split("/me/positions/", 1)[1].split("?", 1)[0]
        made = store.get("positions", pid)
        assert made.title == title and made.openings == 2 and made.type.value == "internship"
        assert _css(driver, "#not-indexed")
        _step(driver, size, "posted")

        _click(driver, "#edit-position")
        wait(driver, lambda d: d.current_url.endswith("/edit"))
        _css(driver, "#f-openings").clear()
        _css(driver, "#f-openings").send_keys("3")
        _click(driver, "#continue")
        wait(driver, lambda d: _all(d, "#check-form"))
        rows = [r.get_attribute("data-field") for r in _all(driver, "#check-form .row")]
        assert rows == ["openings"]
        _step(driver, size, "check-changes")
        _click(driver, "#confirm")
        wait(driver, lambda d: "done=ent_saved" in d.current_url)
        assert store.get("positions", pid).openings == 3

        _click(driver, "#close-position")
        wait(driver, lambda d: "/close" in d.current_url)
        _step(driver, size, "close")
        _click(driver, "#confirm")
        wait(driver, lambda d: "done=ent_closed" in d.current_url)
        assert store.get("positions", pid).status == PositionStatus.closed
        ended = _css(driver, f'#ended-positions .ent-position[data-position="{pid}"]')
        assert ended.get_attribute("data-status") == "closed"
        _step(driver, size, "closed")


#: A job description as an enterprise has it in Word (each line a paragraph).
JOB_DOCX = (
    "吉林光电仪器有限公司",
    "岗位名称：光学检测工程师",
    "岗位职责：",
    "1. 使用干涉仪检测镜片面形；",
    "任职要求：",
    "1. 本科及以上学历，光学工程相关专业；",
    "2. 熟悉MATLAB和Zemax，会Python者优先。",
    "工作地点：长春市高新区",
    "薪资：4000-6000元/月",
    "招聘人数：2人",
    "截止日期：2027年6月30日",
)


def _docx(folder: Path, paragraphs: tuple[str, ...]) -> Path:
    """A Word file of ``paragraphs``, written under ``folder``."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = folder / "招聘启事.docx"
    document.save(str(path))
    return path


@pytest.mark.parametrize("size", WORKFLOW_SIZES)
def test_hr_posts_a_position_from_a_word_job_description(
    site: dict[str, Any], size: str, tmp_path: Path
) -> None:
    store = site["store"]
    before = {p.id for p in store.iter_records("positions")}
    with chromium(size) as driver:
        log_in(driver, site["base"], "hr-main")
        _step(driver, size, "draft-home")
        _click(driver, "#post-from-jd")
        wait(driver, lambda d: d.current_url.endswith("/me/positions/draft"))
        _step(driver, size, "draft-upload")
        _css(driver, "#f-file").send_keys(str(_docx(tmp_path, JOB_DOCX)))
        _click(driver, "#read")
        wait(driver, lambda d: _all(d, "#draft-banner"))
        assert _css(driver, "#f-title").get_attribute("value") == "光学检测工程师"
        assert _css(driver, "#f-city").get_attribute("value") == "长春"
        assert _css(driver, "#f-salary_min").get_attribute("value") == "4000"
        assert "Zemax光学设计" in _css(driver, "#f-required_skills").get_attribute("value")
        assert _css(driver, "#n-title").text == "来自你的文件：“光学检测工程师”"
        assert _css(driver, "#f-type").is_selected() and _css(driver, "#n-type").text == "请核对"
        assert {p.id for p in store.iter_records("positions")} == before, "a draft stores nothing"
        if size == "phone":
            width = driver.execute_script("return document.documentElement.scrollWidth")
            assert width <= 390, f"{width} px wide on a 390 px phone"
        _step(driver, size, "draft-form")
        _step(driver, size, "draft-form-skills", "#g-required_skills")
        _step(driver, size, "draft-form-salary", "#g-salary_min")
        title = f"光学检测工程师（{size}）"
        _css(driver, "#f-title").clear()
        _css(driver, "#f-title").send_keys(title)
        _click(driver, "#continue")
        wait(driver, lambda d: _all(d, "#check-form"))
        _step(driver, size, "draft-check")
        _click(driver, "#confirm")
        wait(driver, lambda d: "done=ent_posted" in d.current_url)
        pid = driver.current_url.split("/me/positions/", 1)[1].split("?", 1)[0]
        made = store.get("positions", pid)
        assert made.title == title and made.type.value == "job"
        assert made.city == "长春" and (made.salary_min, made.salary_max) == (4000, 6000)
        assert made.required_skills[:1] == ["干涉测量"] and made.accepted_majors == ["光学工程"]
        assert {p.id for p in store.iter_records("positions")} == before | {pid}
        assert title in _css(driver, "main").text
        _step(driver, size, "draft-posted")
