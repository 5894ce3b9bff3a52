"""Researchers and admins click through their pages in a real headless Chromium, as a 390×844
phone and as a 1366×900 desktop: the report, the model, retraining, the audit log, the accounts.

The server is the real one (``matcher serve`` in a subprocess) on a small simulated world with
an evaluation report of its served model (real plots). Every page must fit the phone's width;
each step is saved as a screenshot (``artifacts/browser/research-<size>-<step>.png``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from eval.plots import plot_metric_at_k, plot_reliability
from matcher.engine.persist import load_engine
from matcher.store.accounts import list_users
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
from tests.api.web.test_research_pages import metrics, write_report

pytestmark = pytest.mark.browser
SIZES = ("phone", "desktop")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    need_browser()
    world = browser_world(
        tmp_path_factory.mktemp("research-browser"),
        seed=7,
        students=50,
        positions=20,
        enterprises=5,
    )
    engine = load_engine(world["models"])
    folder = write_report(world["models"], metrics(str(engine.manifest["version"])))
    curves = {
        n: {1: 0.1 * i, 10: 0.1 * i + 0.05, 100: 0.1 * i + 0.1}
        for i, n in enumerate(("random", "bm25", "fusion", "prior", "learned"), 1)
    }
    for direction in ("student_to_position", "position_to_student"):
        plot_metric_at_k(
            curves,
            "nDCG@k",
            folder / "plots" / f"ndcg_at_k_{direction}.png",
            f"nDCG@k, {direction.replace('_', ' ')}",
        )
    rows = [{"count": 10, "mean_predicted": p, "observed_rate": p * 0.9} for p in (0.1, 0.5, 0.9)]
    plot_reliability({"pointwise": rows}, folder / "plots" / "calibration.png", "Reliability")
    store = Store(world["url"])
    ent = next(u["id"] for u in list_users(store) if u["username"] == "ent")
    start = dt.datetime(2026, 3, 1, 1, 0, tzinfo=dt.UTC)
    for i in range(30):
        store.record_audit(
            ent,
            "enterprise",
            "view_candidate",
            world["other"],
            f"p{i:03d}",
            at=start + dt.timedelta(minutes=i),
        )
    store.dispose()
    with running_server(world) as base:
        yield {"base": base, "world": world}


def _step(driver: Any, size: str, name: str) -> None:
    """Check that the page fits the phone (or desktop) width and save it."""
    assert_phone_ready(driver)
    shot(driver, f"research-{size}-{name}")


def _go(driver: Any, href: str) -> None:
    """Follow the menu to ``href``."""
    from selenium.webdriver.common.by import By

    driver.find_element(By.CSS_SELECTOR, f'nav.menu a[href="{href}"]').click()
    wait(driver, lambda d: d.current_url.split("?", 1)[0].endswith(href))


@pytest.mark.parametrize("size", WORKFLOW_SIZES)
def test_a_researcher_reads_the_report_and_the_model(server: dict[str, Any], size: str) -> None:
    from selenium.webdriver.common.by import By

    with chromium(size) as driver:
        log_in(driver, server["base"], "res")
        wait(driver, lambda d: d.find_elements(By.ID, "report-summary"))
        assert driver.find_element(By.ID, "report-fresh").is_displayed()
        figures = driver.find_element(By.ID, "key-figures").text
        assert "0.4421" in figures and "prior" in figures
        _step(driver, size, "report")
        table = driver.find_element(By.CSS_SELECTOR, "#hidden-student_to_position .scroll")
        driver.execute_script("arguments[0].scrollIntoView()", table)
        wide = driver.execute_script("return arguments[0].scrollWidth", table)
        shown = driver.execute_script("return arguments[0].clientWidth", table)
        if size == "phone":
            assert wide > shown, "a wide table scrolls inside its box on a phone"
            driver.execute_script("arguments[0].scrollLeft = 200", table)
        _step(driver, size, "report-table")
        driver.find_element(By.CSS_SELECTOR, "#toc summary").click()
        driver.find_element(By.CSS_SELECTOR, '#toc a[href="#calibration"]').click()
        wait(driver, lambda d: d.current_url.endswith("#calibration"))
        image = driver.find_element(By.CSS_SELECTOR, "#calibration figure img")
        wait(driver, lambda d: d.execute_script("return arguments[0].naturalWidth", image) > 100)
        _step(driver, size, "report-calibration")
        _go(driver, "/me/model")
        assert driver.find_element(By.ID, "model-facts").text
        assert not driver.find_elements(By.ID, "retrain"), "researchers do not retrain"
        _step(driver, size, "model")
        driver.find_element(By.ID, "lang-switch").click()
        wait(driver, lambda d: "The served model" in d.page_source)
        _step(driver, size, "model-en")
        _go(driver, "/me")
        assert "Offline evaluation report" in driver.page_source
        _step(driver, size, "report-en")


@pytest.mark.parametrize("size", WORKFLOW_SIZES)
def test_an_admin_retrains_and_reads_the_audit_log_and_the_accounts(
    server: dict[str, Any], size: str
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    with chromium(size) as driver:
        log_in(driver, server["base"], "root")
        _go(driver, "/me/model")
        _step(driver, size, "admin-model")
        link = driver.find_elements(By.ID, "retrain")
        if link:
            link[0].click()
        else:  # the other size's retraining is still running: the page says so
            assert driver.find_element(By.ID, "retrain-busy").is_displayed()
            driver.get(f"{server['base']}/me/model/retrain")
        wait(driver, lambda d: d.find_elements(By.ID, "retrain-title"))
        _step(driver, size, "retrain-question")
        confirm = driver.find_elements(By.ID, "retrain-confirm")
        if not confirm:
            assert driver.find_element(By.ID, "retrain-busy").is_displayed()
            driver.find_element(By.CSS_SELECTOR, 'main a.back[href="/me/model"]').click()
            wait(driver, lambda d: d.find_elements(By.ID, "job"))
        else:
            confirm[0].click()
            wait(driver, lambda d: "done=res_retrain" in d.current_url)
            assert driver.find_element(By.ID, "notice").text in (
                "已安排重新训练；新模型通过验证后会自动启用。",
                "已有一次重新训练在排队或进行中，没有重复安排。",
            )
        _step(driver, size, "retrain-queued")
        # Refreshing the job's state swaps in that section only: the page is not reloaded.
        driver.execute_script(
            "window.stayed = true; document.getElementById('job').dataset.old = 1"
        )
        driver.find_element(By.ID, "refresh-job").click()
        wait(
            driver,
            lambda d: d.execute_script(
                "const job = document.getElementById('job');"
                "return job && !job.dataset.old && job.querySelector('#job-facts') !== null"
            ),
        )
        assert driver.execute_script("return window.stayed === true")
        _go(driver, "/me/audit")
        assert len(driver.find_elements(By.CSS_SELECTOR, ".audit-row")) == 25
        _step(driver, size, "audit")
        driver.find_element(By.ID, "next-page").click()
        wait(driver, lambda d: "page=2" in d.current_url)
        _step(driver, size, "audit-page-2")
        field = driver.find_element(By.ID, "student")
        field.send_keys("no such id!")
        driver.find_element(By.ID, "filter").click()
        wait(driver, lambda d: d.find_elements(By.ID, "error-summary"))
        _step(driver, size, "audit-error")
        field = driver.find_element(By.ID, "student")
        field.clear()
        field.send_keys(server["world"]["other"])
        driver.find_element(By.ID, "filter").click()
        wait(driver, lambda d: d.find_elements(By.ID, "audit-of"))
        rows = driver.find_elements(By.CSS_SELECTOR, ".audit-row")
        assert rows and all(server["world"]["other"] in r.text for r in rows)
        _step(driver, size, "audit-student")
        _go(driver, "/me/users")
        assert "root" in driver.find_element(By.ID, "users-table").text
        _step(driver, size, "users")
        Select(driver.find_element(By.ID, "role")).select_by_value("enterprise")
        driver.find_element(By.ID, "show-role").click()
        wait(driver, lambda d: "role=enterprise" in d.current_url)
        assert len(driver.find_elements(By.CSS_SELECTOR, ".user-row")) == 1
        _step(driver, size, "users-enterprise")


def test_a_student_is_refused_the_model_page(server: dict[str, Any]) -> None:
    from selenium.webdriver.common.by import By

    with chromium("phone") as driver:
        log_in(driver, server["base"], "stu")
        driver.get(f"{server['base']}/me/model")
        wait(driver, lambda d: d.find_elements(By.ID, "error-title"))
        assert driver.find_element(By.ID, "error-title").text == "无权访问此页面"
        _step(driver, "phone", "refused")
