"""The advisor's and the enterprise's analytics pages in a real Chromium, on a 390×844 phone and
a desktop, in Chinese and English: the charts show the tables' figures, a small class is a
``<5`` note, nothing scrolls sideways but the tables in their boxes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

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
from tests.api.web.analytics_world import BIG, SMALL, regroup

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    need_browser()
    world = regroup(browser_world(tmp_path_factory.mktemp("analytics-browser"), seed=13))
    with running_server(world) as base:
        yield base


def _open_from_menu(driver: Any) -> None:
    from selenium.webdriver.common.by import By

    driver.find_element(By.CSS_SELECTOR, 'nav.menu a[href="/me/analytics"]').click()
    wait(driver, lambda d: d.find_elements(By.ID, "analytics"))


def _to(driver: Any, element_id: str) -> Any:
    from selenium.webdriver.common.by import By

    element = driver.find_element(By.ID, element_id)
    driver.execute_script("arguments[0].scrollIntoView()", element)
    return element


def _fits(driver: Any) -> None:
    """Every chart is drawn inside the viewport's width."""
    from selenium.webdriver.common.by import By

    width = driver.execute_script("return window.innerWidth")
    for svg in driver.find_elements(By.CSS_SELECTOR, "svg.chart"):
        assert svg.rect["width"] > 0 and svg.rect["x"] + svg.rect["width"] <= width + 0.5


@pytest.mark.parametrize("size", WORKFLOW_SIZES)
def test_an_advisor_reads_her_classes(server: str, size: str) -> None:
    from selenium.webdriver.common.by import By

    with chromium(size) as driver:
        log_in(driver, server, "adv-an")
        _open_from_menu(driver)
        # The big class's bar is its rate in the table; the small class is "<5", no bar.
        row = driver.find_element(By.CSS_SELECTOR, f'#placement-table tr[data-group="{BIG}"]')
        bar = driver.find_element(By.CSS_SELECTOR, f'#placement rect.bar[data-key="{BIG}"]')
        rate = row.find_element(By.CSS_SELECTOR, "td.rate").text
        assert f"{float(bar.get_attribute('data-value')) * 100:.1f}%" == rate
        assert not driver.find_elements(By.CSS_SELECTOR, f'#placement rect[data-key="{SMALL}"]')
        notes = driver.find_elements(By.CSS_SELECTOR, "#placement text.suppressed")
        assert [n.text for n in notes] == ["<5"]
        small = driver.find_element(By.CSS_SELECTOR, f'#placement-table tr[data-group="{SMALL}"]')
        assert small.find_element(By.CSS_SELECTOR, "td.rate").text == "<5"
        assert_phone_ready(driver)
        _fits(driver)
        shot(driver, f"analytics-advisor-{size}-zh")
        funnel = _to(driver, "funnel")
        shown = funnel.find_element(By.CSS_SELECTOR, "rect.stage-shown")
        cell = driver.find_element(
            By.CSS_SELECTOR, f'#funnel-table tr[data-group="{BIG}"] td[data-stage="shown"]'
        )
        assert shown.get_attribute("data-value") == cell.text
        assert "<5" in funnel.find_element(By.CSS_SELECTOR, ".chart-message.suppressed").text
        shot(driver, f"analytics-advisor-{size}-funnel")
        _to(driver, "trend")
        shot(driver, f"analytics-advisor-{size}-trend")
        driver.find_element(By.ID, "lang-switch").click()
        wait(driver, lambda d: "My classes in figures" in d.page_source)
        assert_phone_ready(driver)
        _fits(driver)
        shot(driver, f"analytics-advisor-{size}-en")
        _to(driver, "shortage")
        shot(driver, f"analytics-advisor-{size}-en-shortage")
        # One class from the selector: the page keeps to it.
        driver.find_element(By.CSS_SELECTOR, f'#cohort option[value="{BIG}"]').click()
        driver.find_element(By.ID, "analytics-go").click()
        wait(driver, lambda d: "cohort=" in d.current_url)
        groups = driver.find_elements(By.CSS_SELECTOR, "#placement-table tbody tr")
        assert [g.get_attribute("data-group") for g in groups] == [BIG]
        assert_phone_ready(driver)


@pytest.mark.parametrize("size", WORKFLOW_SIZES)
def test_an_enterprise_reads_its_recruiting(server: str, size: str) -> None:
    from selenium.webdriver.common.by import By

    with chromium(size) as driver:
        log_in(driver, server, "ent-an")
        _open_from_menu(driver)
        # The first position's chart is the first row of the table, stage by stage.
        first = driver.find_element(By.CSS_SELECTOR, "#position-charts .funnel-one")
        row = driver.find_element(By.CSS_SELECTOR, "#funnel-table tbody tr")
        assert (
            first.find_element(By.TAG_NAME, "h3").text == row.find_element(By.TAG_NAME, "th").text
        )
        for bar in first.find_elements(By.CSS_SELECTOR, "rect.bar"):
            stage = bar.get_attribute("data-key")
            cell = row.find_element(By.CSS_SELECTOR, f'td[data-stage="{stage}"]')
            assert bar.get_attribute("data-value") == cell.text
        assert_phone_ready(driver)
        _fits(driver)
        shot(driver, f"analytics-enterprise-{size}-zh")
        _to(driver, "funnel-table")
        shot(driver, f"analytics-enterprise-{size}-table")
        _to(driver, "answers")
        rate = driver.find_element(By.ID, "answer-rate").text
        assert rate.endswith("%") or rate == "<5"
        shot(driver, f"analytics-enterprise-{size}-answers")
        driver.find_element(By.ID, "lang-switch").click()
        wait(driver, lambda d: "Recruiting in figures" in d.page_source)
        assert_phone_ready(driver)
        _fits(driver)
        shot(driver, f"analytics-enterprise-{size}-en")
        demand = _to(driver, "demand")
        for bar in demand.find_elements(By.CSS_SELECTOR, "rect.bar.first")[:3]:
            skill = bar.get_attribute("data-key")
            row = driver.find_element(By.CSS_SELECTOR, f'#demand-table tr[data-key="{skill}"]')
            assert (
                bar.get_attribute("data-value")
                == row.find_element(By.CSS_SELECTOR, "td.openings").text
            )
        shot(driver, f"analytics-enterprise-{size}-en-demand")
