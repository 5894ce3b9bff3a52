"""What the analytics page tests share: a world whose classes are big enough to show, and
readers of a page's tables and charts.

The simulated worlds' classes hold one or two students each, so every class would be
suppressed. :func:`regroup` puts the first students into three classes of known sizes (one
too small to show) and reindexes, and adds an advisor of two of them, an advisor of the third,
and an account of the enterprise with the most applications to its open positions (so that
its industry has open positions).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from matcher.analytics.privacy import MIN_GROUP
from matcher.engine.build import build_engine
from matcher.engine.persist import save_engine
from matcher.retrieval.embedding import load_embedder
from matcher.schemas import Event, PositionStatus
from matcher.store.accounts import add_user
from matcher.store.database import Store
from tests.api.apiworld import PASSWORD

#: The classes the first students are put in, and how many each holds.
BIG, OTHER, SMALL = "分析2024-1班", "分析2024-2班", "分析2024-3班"
SIZES = {BIG: 30, OTHER: 12, SMALL: MIN_GROUP - 2}


def regroup(world: dict[str, Any]) -> dict[str, Any]:
    """``world`` with classes :data:`SIZES` and their accounts: ``adv-an`` runs :data:`BIG`
    and :data:`SMALL`, ``adv-other`` :data:`OTHER`; ``ent-an`` is the busiest enterprise
    (``busy``)."""
    store = Store(world["url"])
    students = sorted(store.iter_records("students"), key=lambda s: s.id)
    changed, start = [], 0
    for cohort, n in SIZES.items():
        changed += [s.model_copy(update={"cohort": cohort}) for s in students[start : start + n]]
        start += n
    with store.session() as session:
        store.upsert(session, "students", changed)
    save_engine(build_engine(store, load_embedder()), world["models"])
    add_user(store, username="adv-an", role="advisor", password=PASSWORD, cohorts=[BIG, SMALL])
    add_user(store, username="adv-other", role="advisor", password=PASSWORD, cohorts=[OTHER])
    positions = {p.id: p for p in store.iter_records("positions")}
    applied = Counter(
        positions[i.position_id].enterprise_id
        for i in store.interactions_of(events=[Event.apply])
        if positions[i.position_id].status == PositionStatus.open
    )
    busy = max(sorted(applied), key=lambda e: applied[e])
    add_user(store, username="ent-an", role="enterprise", password=PASSWORD, enterprise_id=busy)
    store.dispose()
    return {**world, "classes": SIZES, "busy": busy}


def table_rows(html: str, table_id: str) -> list[list[str]]:
    """The body rows of a page's table: the row's header cell, then its data cells, as text."""
    body = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    body = body.split("<tbody>", 1)[1]
    rows = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        rows.append([re.sub(r"<[^>]+>", "", c).strip().replace("&lt;", "<") for c in cells])
    return rows


def section(html: str, section_id: str) -> str:
    """The HTML of a page's ``<section id=...>``."""
    return html.split(f'<section id="{section_id}"', 1)[1].split("</section>", 1)[0]


def bars(html: str) -> dict[tuple[str, str], str]:
    """(data-key, class) → data-value of each bar of the charts in ``html``."""
    found = re.findall(r'<rect class="([^"]+)"[^>]* data-value="([^"]+)" data-key="([^"]+)"', html)
    return {(key, css): value for css, value, key in found}
