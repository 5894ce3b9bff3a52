"""Every role logs in and clicks through its page in a real headless Chromium (selenium).

The server is the real one (``matcher serve`` in a subprocess) on a small simulated world.
Screenshots go to ``artifacts/browser/`` (or ``$MATCHER_TEST_ARTIFACTS``). Without Chromium and
its driver these tests are skipped, unless ``MATCHER_REQUIRE_BROWSER=1`` (as ``.ci/run`` sets
after installing them), when they fail instead.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.apiworld import PASSWORD, running_server
from tests.api.browsing import browser_world

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
ARTIFACTS = Path(os.environ.get("MATCHER_TEST_ARTIFACTS", "artifacts")) / "browser"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    if not (CHROMIUM and DRIVER):
        if os.environ.get("MATCHER_REQUIRE_BROWSER") == "1":
            pytest.fail("MATCHER_REQUIRE_BROWSER=1 but chromium or chromedriver is missing")
        pytest.skip("chromium and chromedriver are not installed")
    world = browser_world(
        tmp_path_factory.mktemp("browser"), seed=6, students=50, positions=20, enterprises=5
    )
    with running_server(world) as base:
        yield {"base": base}


@pytest.fixture
def browser(server: dict[str, Any]) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM  # type: ignore[assignment]
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1280,1600",
        "--lang=zh-CN",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def _login(driver: Any, base: str, username: str) -> None:
    from selenium.webdriver.common.by import By

    driver.delete_all_cookies()
    driver.get(f"{base}/?lang=zh")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "login").click()
    _wait(driver, lambda d: d.current_url.endswith("/me"))


def _wait(driver: Any, condition: Any, seconds: float = 60) -> None:
    """Wait for a condition and for the page to have loaded (navigation is asynchronous)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, seconds).until(
        lambda d: condition(d) and d.execute_script("return document.readyState") == "complete"
    )


def _shot(driver: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def test_wrong_password_is_told(browser: Any, server: dict[str, Any]) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{server['base']}/?lang=zh")
    browser.find_element(By.ID, "username").send_keys("stu")
    browser.find_element(By.ID, "password").send_keys("wrong-password")
    browser.find_element(By.ID, "login").click()
    _wait(browser, lambda d: "login-error" in d.page_source)
    assert browser.find_element(By.ID, "login-error").text == "用户名或密码错误"
