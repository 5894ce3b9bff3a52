"""The labour-market page in a real Chromium, on a phone and a desktop, in both languages: its
charts are drawn, within the page's width, with the figures of the tables beside them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from matcher.analytics.health import compute_health, save_health
from matcher.engine.persist import load_engine
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
from tests.api.web.analytics_world import regroup

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    need_browser()
    world = regroup(browser_world(tmp_path_factory.mktemp("market-browser"), seed=11, students=80))
    engine = load_engine(world["models"])  # the served model's health, as `matcher health` makes
    save_health(engine, compute_health(engine, k=10))
    with running_server(world) as base:
        yield base


@pytest.mark.parametrize("size", WORKFLOW_SIZES)
def test_a_researcher_reads_the_labour_market(server: str, size: str) -> None:
    from selenium.webdriver.common.by import By

    with chromium(size) as driver:
        log_in(driver, server, "res")
        driver.find_element(By.CSS_SELECTOR, 'nav.menu a[href="/me/market"]').click()
        wait(driver, lambda d: d.find_elements(By.ID, "shortage-chart"))
        # The first skill's two bars show its row of the table beside the chart.
        row = driver.find_element(By.CSS_SELECTOR, "#shortage-table tbody tr")
        skill = row.get_attribute("data-key")
        for css, cell in (("first", "openings"), ("second", "students")):
            bar = driver.find_element(
                By.CSS_SELECTOR, f'#shortage-chart rect.bar.{css}[data-key="{skill}"]'
            )
            figure = row.find_element(By.CSS_SELECTOR, f"td.{cell}").text
            assert bar.get_attribute("data-value") == figure
            assert 0 <= bar.rect["width"] <= bar.find_element(By.XPATH, "..").rect["width"]
        # The chart is drawn within the page's width, and its longest bar spans the chart.
        svg = driver.find_element(By.CSS_SELECTOR, "#shortage-chart svg")
        assert 0 < svg.rect["width"] <= driver.execute_script("return window.innerWidth")
        widest = max(b.rect["width"] for b in svg.find_elements(By.CSS_SELECTOR, "rect.bar"))
        assert widest == pytest.approx(svg.rect["width"], abs=1.5)
        assert_phone_ready(driver)
        shot(driver, f"market-{size}-zh")
        driver.find_element(By.ID, "lang-switch").click()
        wait(driver, lambda d: "Skills in short supply" in d.page_source)
        assert_phone_ready(driver)
        shot(driver, f"market-{size}-en")
        charts = driver.find_element(By.ID, "funnel-charts")
        driver.execute_script("arguments[0].scrollIntoView()", charts)
        shown = charts.find_element(By.CSS_SELECTOR, "rect.stage-shown")
        first = driver.find_element(By.CSS_SELECTOR, '#funnel-table td[data-stage="shown"]')
        assert shown.get_attribute("data-value") == first.text
        assert_phone_ready(driver)
        shot(driver, f"market-{size}-funnel")
        driver.execute_script(
            "arguments[0].scrollIntoView()", driver.find_element(By.ID, "funnel-table")
        )
        shot(driver, f"market-{size}-funnel-table")


#: The sections after the funnel, and an element each shows once drawn.
SECTIONS = {
    "trend": "#trend-chart svg",
    "placement": "#placement-chart svg",
    "quiet": "#quiet h2",
    "health": "#exposure-chart svg",
}


@pytest.mark.parametrize("size", WORKFLOW_SIZES)
def test_the_trend_placement_and_health_sections(server: str, size: str) -> None:
    from selenium.webdriver.common.by import By

    with chromium(size) as driver:
        log_in(driver, server, "res")
        for lang, word in (("zh", "推荐健康度"), ("en", "Recommendation health")):
            driver.get(f"{server}/me/market?lang={lang}")
            wait(driver, lambda d, w=word: w in d.page_source)
            width = driver.execute_script("return window.innerWidth")
            for section, css in SECTIONS.items():
                found = driver.find_element(By.CSS_SELECTOR, css)
                driver.execute_script("arguments[0].scrollIntoView()", found)
                assert found.rect["width"] > 0 and found.rect["x"] + found.rect["width"] <= width
                shot(driver, f"market-{size}-{section}-{lang}")
            # The trend's lines and the health figures are drawn from the tables beside them.
            assert driver.find_elements(By.CSS_SELECTOR, "#trend-chart polyline.line")
            headlines = driver.find_elements(By.CSS_SELECTOR, "#health-headlines li")
            assert len(headlines) == 3 and all(h.text for h in headlines)
            first = driver.find_element(By.CSS_SELECTOR, "#exposure-table tbody tr td.share").text
            bar = driver.find_element(By.CSS_SELECTOR, "#exposure-chart rect.bar")
            assert f"{float(bar.get_attribute('data-value')) * 100:.1f}%" == first
            assert_phone_ready(driver)
