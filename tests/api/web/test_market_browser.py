"""The labour-market page in a real Chromium, on a phone and a desktop, in both languages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.api.apiworld import build_world, running_server
from tests.api.browsing import assert_phone_ready, chromium, log_in, need_browser, shot, wait

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    need_browser()
    world = build_world(tmp_path_factory.mktemp("market-browser"), seed=11, students=80)
    with running_server(world) as base:
        yield base


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_researcher_reads_the_labour_market(server: str, size: str) -> None:
    from selenium.webdriver.common.by import By

    with chromium(size) as driver:
        log_in(driver, server, "res")
        driver.find_element(By.CSS_SELECTOR, 'nav.menu a[href="/me/market"]').click()
        wait(driver, lambda d: d.find_elements(By.ID, "shortage-bars"))
        first = driver.find_element(By.CSS_SELECTOR, "#shortage-bars li")
        figures = first.find_element(By.CSS_SELECTOR, ".bar-label .muted").text
        openings = first.find_element(By.CSS_SELECTOR, "meter.openings")
        assert figures.split(" / ")[0] == openings.get_attribute("value")
        assert float(openings.get_attribute("value")) <= float(openings.get_attribute("max"))
        assert_phone_ready(driver)
        shot(driver, f"market-{size}-zh")
        driver.find_element(By.ID, "lang-switch").click()
        wait(driver, lambda d: "Skills in short supply" in d.page_source)
        assert_phone_ready(driver)
        shot(driver, f"market-{size}-en")
        table = driver.find_element(By.ID, "funnel-table")
        driver.execute_script("arguments[0].scrollIntoView()", table)
        assert_phone_ready(driver)
        shot(driver, f"market-{size}-funnel")
