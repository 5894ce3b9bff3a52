"""Helpers of the browser tests: headless Chromium as a 390×844 phone or a 1366×900 desktop.

Headless Chromium will not make a window narrower than about 500 px, so the phone is emulated
(``mobileEmulation`` with ``deviceMetrics``); :func:`assert_fits` compares the document's
width with the viewport's. Screenshots go to ``artifacts/browser/`` (or
``$MATCHER_TEST_ARTIFACTS``). Without Chromium the tests are skipped, unless
``MATCHER_REQUIRE_BROWSER=1``, when they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.api.apiworld import PASSWORD, build_world
from tests.conftest import session_database

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
ARTIFACTS = Path(os.environ.get("MATCHER_TEST_ARTIFACTS", "artifacts")) / "browser"
PHONE = (390, 844)
DESKTOP = (1366, 900)
#: The sizes a role's workflow runs at: the phone in every run; the desktop, which repeats the
#: phone's steps at 1366 px, in the slow run (``-m slow``) only. The whole loop across roles
#: (``test_loop``) runs at both sizes in every run.
WORKFLOW_SIZES = ("phone", pytest.param("desktop", marks=pytest.mark.slow))


def browser_world(folder: Path, **params: Any) -> dict[str, Any]:
    """:func:`~tests.api.apiworld.build_world` on one backend (PostgreSQL when configured, as in
    CI; see ``tests.conftest.one_backend``), in a database that lasts the session: a browser
    test's server writes through the same store code as production's."""
    return build_world(folder, url=session_database(folder), **params)


def need_browser() -> None:
    """Skip (or fail, when a browser is required) without Chromium and its driver."""
    if CHROMIUM and DRIVER:
        return
    if os.environ.get("MATCHER_REQUIRE_BROWSER") == "1":
        pytest.fail("MATCHER_REQUIRE_BROWSER=1 but chromium or chromedriver is missing")
    pytest.skip("chromium and chromedriver are not installed")


@contextmanager
def chromium(kind: str = "desktop") -> Iterator[Any]:
    """A headless Chromium driver: ``"phone"`` (390×844, emulated) or ``"desktop"``."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    need_browser()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM  # type: ignore[assignment]
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--lang=zh-CN"):
        options.add_argument(flag)
    if kind == "phone":
        width, height = PHONE
        options.add_experimental_option(
            "mobileEmulation",
            {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2.0}},
        )
    else:
        options.add_argument(f"--window-size={DESKTOP[0]},{DESKTOP[1]}")
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.implicitly_wait(5)
    try:
        yield driver
    finally:
        driver.quit()


def wait(driver: Any, condition: Callable[[Any], Any], seconds: float = 60) -> None:
    """Wait for a condition and for the page to have loaded (navigation is asynchronous)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, seconds).until(
        lambda d: condition(d) and d.execute_script("return document.readyState") == "complete"
    )


def log_in(driver: Any, base: str, username: str, password: str = PASSWORD) -> None:
    """Log in through the real form, in Chinese."""
    from selenium.webdriver.common.by import By

    driver.delete_all_cookies()
    driver.get(f"{base}/?lang=zh")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.ID, "login").click()
    wait(driver, lambda d: "/me" in d.current_url)


def assert_fits(driver: Any) -> None:
    """The page is no wider than the viewport (no sideways scrolling)."""
    width = driver.execute_script("return document.documentElement.scrollWidth")
    viewport = driver.execute_script("return window.innerWidth")
    assert width <= viewport, f"{driver.current_url}: {width} px wide in a {viewport} px viewport"


#: What a phone page's controls must measure (Apple's and Google's touch-target guidance; a
#: phone zooms into an input whose text is under 16 px).
TOUCH_PX = 44
INPUT_TEXT_PX = 16

_SMALL_CONTROLS = """
const out = [];
const seen = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
const typed = "input:not([type=hidden]):not([type=checkbox]):not([type=radio])";
// Controls, the site's header and menu, and status pills that lead somewhere; links in text
// and titles are read before they are tapped, and are not held to a button's size.
const touch = `button, .button, ${typed}, select, textarea, body > header a, nav.menu a, a.status`;
for (const e of document.querySelectorAll(touch)) {
  if (!seen(e)) continue;
  const h = e.getBoundingClientRect().height;
  const what = `${e.tagName.toLowerCase()} "${e.textContent.trim().slice(0, 20)}"`;
  if (h < arguments[0] - 0.5) out.push(`${what} ${h.toFixed(0)} px high`);
}
for (const e of document.querySelectorAll(`${typed}:not([type=submit]), select, textarea`)) {
  if (!seen(e)) continue;
  const size = parseFloat(getComputedStyle(e).fontSize);
  if (size < arguments[1]) out.push(`${e.tagName.toLowerCase()} ${e.name} text ${size} px`);
}
const header = document.querySelector("body > header");
if (header) {
  const high = header.getBoundingClientRect().height;
  const line = Math.max(...[...header.children].map((c) => c.getBoundingClientRect().height));
  if (high > line + 24) out.push(`the header wraps: ${high.toFixed(0)} px`);
}
return out;
"""


def assert_phone_ready(driver: Any) -> None:
    """No sideways scrolling, a one-line header, touch targets of 44 px, inputs of 16 px text."""
    assert_fits(driver)
    problems = driver.execute_script(_SMALL_CONTROLS, TOUCH_PX, INPUT_TEXT_PX)
    assert not problems, f"{driver.current_url}: {problems}"


def shot(driver: Any, name: str) -> Path:
    """Save a screenshot of the page; its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
