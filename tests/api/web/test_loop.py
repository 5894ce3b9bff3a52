"""The whole loop in Chromium, as a 390×844 phone and as a 1366×900 desktop.

A student finds a position by filter and applies after confirming; the enterprise sees the
applicant, invites her to interview and makes an offer; the student accepts; the advisor sees
her placed by name; the enterprise's position shows one opening fewer. Every step is a page
action of the real ``matcher serve`` (the same events and rules as the API) and a screenshot at
that size. Then every page of every role's menu is checked at 390 px for sideways scrolling.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from matcher.engine.persist import load_engine
from matcher.rules import placed_students
from matcher.store.accounts import add_user
from matcher.store.database import Store
from tests.api.apiworld import PASSWORD, running_server
from tests.api.browsing import (
    assert_phone_ready,
    browser_world,
    chromium,
    log_in,
    need_browser,
    shot,
    wait,
)

pytestmark = pytest.mark.browser


def _pairs(engine: Any, store: Store, n: int) -> list[tuple[str, str]]:
    """``n`` (student, position) pairs of different students and enterprises: each student
    still to place and able to apply to the position (open on the day, her degree, untouched),
    each position with an opening."""
    from matcher.retrieval.positions import eligible_positions
    from matcher.rules import recommendation_day

    S, P = engine.students, engine.positions
    day = recommendation_day(engine.clock)
    placed = placed_students(engine.pairs)
    out: list[tuple[str, str]] = []
    used_enterprises: set[int] = set()
    for s, sid in enumerate(S.ids):
        if sid in placed or not S.cohort[s] or any(sid == a for a, _ in out):
            continue
        allowed = eligible_positions(engine, s, day, store.hidden_positions([sid]).get(sid, ()))
        for p in allowed.nonzero()[0].tolist():
            e = int(P.enterprise[p])
            if e in used_enterprises or store.pair_events(sid, P.ids[p]):
                continue
            out.append((sid, P.ids[p]))
            used_enterprises.add(e)
            break
        if len(out) == n:
            return out
    raise AssertionError("the world has too few students and positions for the loop")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    need_browser()
    world = browser_world(
        tmp_path_factory.mktemp("loop"), seed=12, students=80, positions=30, enterprises=8
    )
    store = Store(world["url"])
    engine = load_engine(world["models"])
    runs = {}
    for kind, (sid, pid) in zip(("phone", "desktop"), _pairs(engine, store, 2), strict=True):
        p = engine.positions.index[pid]
        s = engine.students.index[sid]
        eid = engine.enterprises.ids[engine.positions.enterprise[p]]
        accounts = {
            "student": (f"loop-stu-{kind}", {"student_id": sid}),
            "enterprise": (f"loop-ent-{kind}", {"enterprise_id": eid}),
            "advisor": (f"loop-adv-{kind}", {"cohorts": [engine.students.cohort[s]]}),
        }
        for role, (username, links) in accounts.items():
            add_user(store, username=username, role=role, password=PASSWORD, **links)
        name = store.get("students", sid).name  # type: ignore[union-attr]
        runs[kind] = {
            "student": sid,
            "name": name,
            "position": pid,
            "title": engine.positions.title[p],
            "city": engine.positions.city[p],
            "users": {role: username for role, (username, _) in accounts.items()},
        }
    store.dispose()
    with running_server(world) as base:
        yield {"base": base, "runs": runs}


def _open(driver: Any, url: str, ready: str) -> None:
    """Load ``url`` and wait until the element ``ready`` (a CSS selector) is there."""
    from selenium.webdriver.common.by import By

    driver.get(url)
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ready))


def _click(driver: Any, selector: str, then: str) -> None:
    """Click the element ``selector`` and wait for ``then`` to be on the page."""
    from selenium.webdriver.common.by import By

    driver.find_element(By.CSS_SELECTOR, selector).click()
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, then))


def _openings_left(driver: Any, base: str, position: str) -> int:
    from selenium.webdriver.common.by import By

    _open(driver, f"{base}/me", f'.ent-position[data-position="{position}"]')
    card = driver.find_element(By.CSS_SELECTOR, f'.ent-position[data-position="{position}"]')
    return int(card.find_element(By.CSS_SELECTOR, ".openings-left").get_attribute("data-left"))


@pytest.mark.parametrize("kind", ["phone", "desktop"])
def test_the_whole_loop(site: dict[str, Any], kind: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    base, run = site["base"], site["runs"][kind]
    sid, pid, users = run["student"], run["position"], run["users"]
    card = f'.job-card[data-position="{pid}"]'
    with chromium(kind) as d:
        # The enterprise's openings before.
        log_in(d, base, users["enterprise"])
        before = _openings_left(d, base, pid)
        shot(d, f"loop-{kind}-01-enterprise-before")

        # The student finds the position by filter and applies after confirming.
        log_in(d, base, users["student"])
        _open(d, f"{base}/jobs", "#search-form")
        d.find_element(By.ID, "q").send_keys(run["title"][:12])
        d.execute_script("document.getElementById('filters').open = true")
        Select(d.find_element(By.ID, "city")).select_by_value(run["city"])
        d.find_element(By.ID, "apply-filters").click()
        wait(d, lambda drv: drv.find_elements(By.CSS_SELECTOR, card))
        assert_phone_ready(d)
        shot(d, f"loop-{kind}-02-student-found")
        d.find_element(By.CSS_SELECTOR, f"{card} a[href='/positions/{pid}']").click()
        wait(d, lambda drv: drv.find_elements(By.ID, "apply"))
        shot(d, f"loop-{kind}-03-student-position")
        _click(d, "#apply", "#confirm-apply")
        assert_phone_ready(d)
        shot(d, f"loop-{kind}-04-student-confirm")
        _click(d, "#confirm-apply", f'.application[data-position="{pid}"][data-stage="applied"]')
        shot(d, f"loop-{kind}-05-student-applied")

        # The enterprise sees the applicant, invites her to interview, makes an offer.
        log_in(d, base, users["enterprise"])
        applicant = f'.applicant[data-student="{sid}"]'
        _open(d, f"{base}/me/positions/{pid}", f'{applicant}[data-stage="applied"]')
        assert_phone_ready(d)
        shot(d, f"loop-{kind}-06-enterprise-applicant")
        _click(d, f"{applicant} .do-interview", "#confirm")
        shot(d, f"loop-{kind}-07-enterprise-confirm-interview")
        _click(d, "#confirm", f'{applicant}[data-stage="interview"]')
        _click(d, f"{applicant} .do-offer", "#confirm")
        _click(d, "#confirm", f'{applicant}[data-stage="offered"]')
        shot(d, f"loop-{kind}-08-enterprise-offered")

        # The student accepts.
        log_in(d, base, users["student"])
        offered = f'.application[data-position="{pid}"][data-stage="offered"]'
        _open(d, f"{base}/me/applications", offered)
        shot(d, f"loop-{kind}-09-student-offer")
        _click(d, f"{offered} .accept", "#confirm-accept")
        assert_phone_ready(d)
        shot(d, f"loop-{kind}-10-student-confirm-accept")
        accepted = f'.application[data-position="{pid}"][data-stage]'
        _click(d, "#confirm-accept", accepted)
        stage = d.find_element(By.CSS_SELECTOR, accepted).get_attribute("data-stage")
        assert stage in ("accepted", "placed")
        shot(d, f"loop-{kind}-11-student-accepted")

        # The advisor sees her placed, by name.
        log_in(d, base, users["advisor"])
        row = f'.cohort-student[data-student="{sid}"]'
        _open(d, f"{base}/me", row)
        placed = d.find_element(By.CSS_SELECTOR, row)
        assert placed.get_attribute("data-status") == "placed"
        assert run["name"] and run["name"] in placed.text
        assert_phone_ready(d)
        shot(d, f"loop-{kind}-12-advisor-placed")

        # The enterprise's position shows one opening fewer.
        log_in(d, base, users["enterprise"])
        assert _openings_left(d, base, pid) == before - 1
        shot(d, f"loop-{kind}-13-enterprise-after")


@pytest.mark.parametrize("role", ["student", "enterprise", "advisor"])
def test_every_page_of_a_menu_fits_a_phone(site: dict[str, Any], role: str) -> None:
    """Each section of the role's menu, in both languages, fits 390 px with phone-sized controls."""
    from selenium.webdriver.common.by import By

    base, users = site["base"], site["runs"]["phone"]["users"]
    with chromium("phone") as d:
        log_in(d, base, users[role])
        links = [a.get_attribute("href") for a in d.find_elements(By.CSS_SELECTOR, "nav.menu a")]
        assert links, "the role has a menu"
        for lang in ("zh", "en"):
            for href in links:
                d.get(f"{href}{'&' if '?' in href else '?'}lang={lang}")
                wait(d, lambda drv: drv.find_elements(By.TAG_NAME, "main"))
                assert_phone_ready(d)
        shot(d, f"loop-phone-menu-{role}")
