"""The advisor's whole job in a real headless Chromium, as a 390 px phone and a 1366 px desktop.

She finds the student to call on her roster, opens her, suggests a position after the check,
goes to the plan, locks and forbids pairs (saved: they survive the language switch), undoes
them, and finds the downloads. Every page must fit the phone without sideways scrolling;
screenshots of each step go to ``artifacts/browser/`` (``$MATCHER_TEST_ARTIFACTS``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from matcher.engine.persist import load_engine
from matcher.store.accounts import add_user
from matcher.store.database import Store
from tests.api.apiworld import PASSWORD, running_server
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

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    need_browser()
    world = browser_world(
        tmp_path_factory.mktemp("advisor-browser"),
        seed=6,
        students=50,
        positions=20,
        enterprises=5,
    )
    store = Store(world["url"])
    engine = load_engine(world["models"])
    cohorts = sorted({c for c in engine.students.cohort if c})  # students compete for places
    add_user(store, username="adv-all", role="advisor", password=PASSWORD, cohorts=cohorts)
    store.dispose()
    with running_server(world) as base:
        yield {"base": base, "world": world}


def _click(driver: Any, css: str, within: Any = None) -> None:
    from selenium.webdriver.common.by import By

    element = (within or driver).find_element(By.CSS_SELECTOR, css)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


def _step(driver: Any, kind: str, name: str) -> None:
    """Every page fits the screen; a screenshot of each step."""
    assert_phone_ready(driver)
    shot(driver, f"advisor-{kind}-{name}")


@pytest.mark.parametrize("kind", WORKFLOW_SIZES)
def test_the_advisor_finds_whom_to_call_advises_her_and_plans_the_cohort(
    server: dict[str, Any], kind: str
) -> None:
    from selenium.webdriver.common.by import By

    base = server["base"]
    with chromium(kind) as d:
        log_in(d, base, "adv-all")
        wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, ".cohort-student"))
        rows = d.find_elements(By.CSS_SELECTOR, "tr.cohort-student[data-student][data-status]")
        assert len(rows) > 10 and "我的学生" in d.page_source
        assert rows[0].find_element(By.CSS_SELECTOR, "a.name").text.strip(), "names are shown"
        _step(d, kind, "1-roster")

        # Only those at risk, by the chip.
        chip = d.find_element(By.ID, "chip-risk")
        _click(d, "#chip-risk")
        wait(d, lambda d: "show=risk" in d.current_url)
        _step(d, kind, "2-at-risk")
        assert chip is not None

        # Her page, one tap from the roster.
        d.get(f"{base}/me?sort=number")
        first = d.find_elements(By.CSS_SELECTOR, "tr.cohort-student")[0]
        sid = first.get_attribute("data-student")
        name = first.find_element(By.CSS_SELECTOR, "a.name").text
        _click(d, "a.name", first)
        wait(d, lambda d: f"/me/students/{sid}" in d.current_url)
        assert name in d.find_element(By.ID, "student").text
        _step(d, kind, "3-student")

        # Suggest a recommended position, after the check.
        suggest = d.find_elements(By.CSS_SELECTOR, "#recommendations .do-suggest")
        if suggest:
            _click(d, "#recommendations .do-suggest")
            wait(d, lambda d: "/me/advise" in d.current_url)
            assert d.find_element(By.ID, "confirm-title").text
            _step(d, kind, "4-check")
            _click(d, "#confirm")
            wait(d, lambda d: "done=adv_suggested" in d.current_url)
            assert d.find_element(By.ID, "notice").text == "已推荐给她"
            _step(d, kind, "5-suggested")

        # The plan: lock one pair, forbid another.
        d.find_element(By.LINK_TEXT, "安置方案").click()
        wait(d, lambda d: d.current_url.endswith("/me/plan"))
        pairs = d.find_elements(By.CSS_SELECTOR, ".plan-pair[data-student][data-position]")
        assert len(pairs) >= 2 and d.find_element(By.ID, "expected").text
        _step(d, kind, "6-plan")
        locked = pairs[0].get_attribute("data-student")
        _click(d, ".do-lock", pairs[0])
        wait(d, lambda d: "done=adv_locked" in d.current_url)
        saved = d.find_elements(By.CSS_SELECTOR, f'.override[data-student="{locked}"]')
        assert saved and saved[0].get_attribute("data-kind") == "lock"
        card = d.find_element(By.CSS_SELECTOR, f'.plan-pair[data-student="{locked}"]')
        assert "已锁定" in card.text
        _step(d, kind, "7-locked")
        victim = next(
            p
            for p in d.find_elements(By.CSS_SELECTOR, ".plan-pair")
            if p.get_attribute("data-student") != locked
        )
        pair = (victim.get_attribute("data-student"), victim.get_attribute("data-position"))
        _click(d, ".do-forbid", victim)
        wait(d, lambda d: "done=adv_forbidden" in d.current_url)
        assert not d.find_elements(
            By.CSS_SELECTOR, f'.plan-pair[data-student="{pair[0]}"][data-position="{pair[1]}"]'
        )
        assert len(d.find_elements(By.CSS_SELECTOR, ".override")) == 2

        # The switch keeps them: they are saved with the plan.
        _click(d, "#lang-switch")
        wait(d, lambda d: "Placement plan" in d.page_source)
        assert len(d.find_elements(By.CSS_SELECTOR, ".override .undo")) == 2
        _step(d, kind, "8-english")
        for left in (1, 0):
            _click(d, ".override .undo")
            wait(d, lambda d, n=left: len(d.find_elements(By.CSS_SELECTOR, ".override")) == n)
        assert "done=adv_undone" in d.current_url and d.find_element(By.ID, "no-overrides")
        xlsx = d.find_element(By.ID, "export-xlsx").get_attribute("href")
        csv = d.find_element(By.ID, "export-csv").get_attribute("href")
        assert "/me/plan.xlsx" in xlsx and "/me/plan.csv" in csv
        _step(d, kind, "9-undone")
        _click(d, "#lang-switch")
        wait(d, lambda d: "安置方案" in d.page_source)
