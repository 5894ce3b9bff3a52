"""The student's workflow clicked through in Chromium, as a 390×844 phone and a 1366×900 desktop.

Her home, saving (the card changes in place), dismissing with a reason and undoing it, a
position's page, the check before applying, the application, an offer accepted, her place on
her home page, a search with filters and "more", her profile with a wrong form and a right
one, and the English switch. Every page is checked to fit the viewport at each size, and each
step is saved as a screenshot (``artifacts/browser/student-<size>-<step>.png``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.api.apiworld import PASSWORD, running_server
from tests.api.browsing import (
    WORKFLOW_SIZES,
    assert_phone_ready,
    chromium,
    log_in,
    need_browser,
    shot,
    wait,
)
from tests.api.web.student_world import student_world

pytestmark = pytest.mark.browser
SIZES = ("phone", "desktop")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    need_browser()
    world = student_world(tmp_path_factory.mktemp("student-browser"), (*SIZES, "lang", "resume"))
    with running_server(world) as base:
        yield {"base": base, "sids": world["sids"], "root": world["root"]}


def _step(driver: Any, size: str, name: str) -> None:
    """The page fits the viewport; a screenshot of it."""
    wait(driver, lambda d: True)
    assert_phone_ready(driver)
    shot(driver, f"student-{size}-{name}")


def _stage(driver: Any, pid: str) -> str:
    """The stage her applications page shows for a position."""
    from selenium.webdriver.common.by import By

    row = driver.find_element(By.CSS_SELECTOR, f'.application[data-position="{pid}"]')
    return str(row.get_attribute("data-stage"))


def _as_enterprise(base: str, sid: str, pid: str, *events: str) -> None:
    """The enterprise's answers, recorded through the API (here by the admin)."""
    token = httpx.post(
        f"{base}/api/v1/auth/token", data={"username": "root", "password": PASSWORD}
    ).json()["access_token"]
    for event in events:
        r = httpx.post(
            f"{base}/api/v1/interactions",
            json={"student_id": sid, "position_id": pid, "event": event},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert r.status_code == 201, r.text


@pytest.mark.parametrize("size", WORKFLOW_SIZES)
def test_student_finds_applies_and_accepts(server: dict[str, Any], size: str) -> None:
    from selenium.webdriver.common.by import By

    base = server["base"]
    with chromium(size) as d:
        log_in(d, base, size)
        assert "为你推荐的岗位" in d.page_source
        _step(d, size, "01-home")
        cards = d.find_elements(By.CSS_SELECTOR, ".job-card[data-position]")
        assert len(cards) >= 3
        first, second = (c.get_attribute("data-position") for c in cards[:2])

        # Saving changes the card in place (the page swaps in only that card; read in one
        # script, as the swap may replace the card between two driver calls).
        cards[0].find_element(By.CSS_SELECTOR, "button.save").click()
        button = f"document.querySelector('#card-{first} button.save')"
        pressed = f"return {button}?.getAttribute('aria-pressed')"
        wait(d, lambda d: d.execute_script(pressed) == "true")
        _step(d, size, "02-saved")

        # Dismissing with a reason: the card goes, the notice offers undo.
        card = d.find_element(By.ID, f"card-{second}")
        card.find_element(By.CSS_SELECTOR, "details.why summary").click()
        card.find_element(By.CSS_SELECTOR, 'button.reason[value="wrong_city"]').click()
        wait(d, lambda d: "done=stu_dismissed" in d.current_url)
        assert "不会再向你推荐" in d.find_element(By.ID, "notice").text
        assert not d.find_elements(By.ID, f"card-{second}")
        _step(d, size, "03-dismissed")
        d.find_element(By.ID, "undo").click()
        wait(d, lambda d: "done=stu_undone" in d.current_url)
        assert d.find_elements(By.ID, f"card-{second}")

        # A position's page, the check, the application.
        d.find_element(By.CSS_SELECTOR, f"#card-{first} h3 a").click()
        wait(d, lambda d: d.current_url.endswith(f"/positions/{first}"))
        assert d.find_element(By.ID, "description") and d.find_element(By.ID, "enterprise")
        _step(d, size, "04-position")
        d.find_element(By.ID, "apply").click()
        wait(d, lambda d: d.current_url.endswith(f"/positions/{first}/apply"))
        assert "企业将看到你的简历资料" in d.page_source
        _step(d, size, "05-check-before-applying")
        d.find_element(By.ID, "confirm-apply").click()
        wait(d, lambda d: "done=stu_applied" in d.current_url)
        assert _stage(d, first) == "applied"
        _step(d, size, "06-applied")

        # The enterprise interviews and offers; she accepts.
        _as_enterprise(base, server["sids"][size], first, "interview", "offer")
        d.get(f"{base}/me")
        assert d.find_element(By.ID, "todo-offers")
        _step(d, size, "07-home-with-an-offer")
        d.find_element(By.ID, "todo-offers").click()
        wait(d, lambda d: "/me/applications" in d.current_url)
        assert _stage(d, first) == "offered"
        _step(d, size, "08-offer")
        d.find_element(By.CSS_SELECTOR, f'.application[data-position="{first}"] .accept').click()
        wait(d, lambda d: d.current_url.endswith(f"/me/offers/{first}/accept"))
        _step(d, size, "09-check-before-accepting")
        d.find_element(By.ID, "confirm-accept").click()
        wait(d, lambda d: "done=stu_accepted" in d.current_url)
        assert _stage(d, first) == "accepted"
        _step(d, size, "10-accepted")
        d.find_element(By.CSS_SELECTOR, 'nav.menu a[href="/me"]').click()
        wait(d, lambda d: d.find_elements(By.ID, "placed"))
        assert not d.find_elements(By.CSS_SELECTOR, ".job-card")
        _step(d, size, "11-placed-home")


@pytest.mark.parametrize("size", WORKFLOW_SIZES)
def test_student_searches_and_edits_her_profile(server: dict[str, Any], size: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    base = server["base"]
    with chromium(size) as d:
        log_in(d, base, size)
        d.find_element(By.CSS_SELECTOR, 'nav.menu a[href="/jobs"]').click()
        wait(d, lambda d: d.find_elements(By.ID, "search-form"))
        _step(d, size, "20-search")
        results = d.find_elements(By.CSS_SELECTOR, "#results .job-card")
        if d.find_elements(By.ID, "more"):
            d.find_element(By.ID, "more").click()  # swaps in the longer list
            wait(d, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#results .job-card"))
                 > len(results))  # fmt: skip
            _step(d, size, "21-search-more")
        d.find_element(By.CSS_SELECTOR, "#filters summary").click()  # the filters fold out
        city = Select(d.find_element(By.ID, "city")).options[1].get_attribute("value")
        Select(d.find_element(By.ID, "city")).select_by_value(city)
        _step(d, size, "22-search-filters")
        d.find_element(By.ID, "apply-filters").click()
        wait(d, lambda d: "city=" in d.current_url)
        assert city in d.find_element(By.CSS_SELECTOR, "#filters summary").text
        for card in d.find_elements(By.CSS_SELECTOR, "#results .job-card .facts"):
            assert city in card.text
        _step(d, size, "23-search-city")

        d.find_element(By.CSS_SELECTOR, 'nav.menu a[href="/me/profile"]').click()
        wait(d, lambda d: d.find_elements(By.ID, "consent"))
        _step(d, size, "30-profile")
        d.find_element(By.ID, "change-study").click()
        wait(d, lambda d: d.find_elements(By.ID, "profile-form"))
        year = d.find_element(By.ID, "f-graduation_year")
        year.clear()
        year.send_keys("明年")
        d.find_element(By.ID, "save-profile").click()
        wait(d, lambda d: d.find_elements(By.ID, "error-summary"))
        assert "毕业年份请填写数字" in d.find_element(By.ID, "error-summary").text
        _step(d, size, "31-profile-error")
        year = d.find_element(By.ID, "f-graduation_year")
        year.clear()
        year.send_keys("2027")
        d.find_element(By.ID, "save-profile").click()
        wait(d, lambda d: "done=stu_profile_saved" in d.current_url)
        _step(d, size, "32-profile-saved")
        d.find_element(By.ID, "change-consent").click()
        wait(d, lambda d: d.find_elements(By.ID, "consent-no"))
        _step(d, size, "33-consent")
        d.find_element(By.ID, "consent-no").click()
        d.find_element(By.ID, "save-profile").click()
        wait(d, lambda d: "done=stu_consent_off" in d.current_url)
        assert d.find_element(By.ID, "consent-state").text == "未开启"


def test_student_reads_her_pages_in_english(server: dict[str, Any]) -> None:
    """(Moved from test_browser: the switch keeps the page, in the other language.)"""
    from selenium.webdriver.common.by import By

    base = server["base"]
    with chromium("phone") as d:
        log_in(d, base, "lang")
        d.find_element(By.ID, "lang-switch").click()
        wait(d, lambda d: "Positions recommended for you" in d.page_source)
        _step(d, "phone", "40-home-en")
        for path, marker in (("/jobs", "Find positions"), ("/me/applications", "My applications"),
                             ("/me/profile", "Enterprises may see my profile")):  # fmt: skip
            d.get(f"{base}{path}")
            assert marker in d.page_source
            _step(d, "phone", f"41-{path.strip('/').replace('/', '-')}-en")
        d.find_element(By.ID, "logout").click()
        wait(d, lambda d: d.find_elements(By.ID, "login-form"))


def test_a_student_fills_her_profile_from_a_chinese_resume(server: dict[str, Any]) -> None:
    """Upload a Chinese résumé on a phone, correct a field on the review, save, and see
    positions recommended for the saved profile."""
    from selenium.webdriver.common.by import By

    from tests.matcher.documents import makers

    base = server["base"]
    resume = server["root"] / "王晓明-简历.pdf"
    resume.write_bytes(makers.pdf_bytes([makers.RESUME_ZH_LEFT, makers.RESUME_ZH_RIGHT]))
    size = "phone"
    with chromium(size) as d:
        log_in(d, base, "resume")
        d.get(f"{base}/me/profile")
        d.find_element(By.ID, "from-resume").click()
        wait(d, lambda d: "/me/profile/resume" in d.current_url)
        _step(d, size, "20-resume-upload")
        d.find_element(By.ID, "f-file").send_keys(str(resume))
        d.find_element(By.ID, "read-resume").click()
        wait(d, lambda d: d.find_elements(By.ID, "review-form"))
        assert d.find_element(By.ID, "f-major").get_attribute("value") == "光电信息科学与工程"
        assert "Zemax光学设计" in d.find_element(By.ID, "f-skills").get_attribute("value")
        assert "王晓明" not in d.page_source
        _step(d, size, "21-resume-review")
        year = d.find_element(By.ID, "f-graduation_year")
        assert year.get_attribute("value") == "2025"
        year.clear()
        year.send_keys("2026")
        d.find_element(By.ID, "save-resume").click()
        wait(d, lambda d: "done=stu_resume_saved" in d.current_url)
        assert "已按简历保存你的资料" in d.page_source
        _step(d, size, "22-resume-saved")
        # The rebuild takes the new profile in within seconds; her home then recommends
        # positions whose matched skills come from the résumé.
        for _ in range(60):
            tags = [t.text for t in d.find_elements(By.CSS_SELECTOR, ".job-card .skills .tag")]
            if any(s in " ".join(tags) for s in ("Zemax", "SolidWorks", "Halcon", "OpenCV")):
                break
            import time

            time.sleep(1)
            d.get(f"{base}/me")
        else:
            raise AssertionError(f"no recommendation matched the résumé's skills: {tags}")
        _step(d, size, "23-resume-recommended")
    token = httpx.post(
        f"{base}/api/v1/auth/token", data={"username": "resume", "password": PASSWORD}
    ).json()["access_token"]
    saved = httpx.get(
        f"{base}/api/v1/students/{server['sids']['resume']}",
        headers={"Authorization": f"Bearer {token}"},
    ).json()
    assert saved["graduation_year"] == 2026 and "Zemax光学设计" in saved["skills"]
