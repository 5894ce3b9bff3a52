"""Cohort placements through the API: capacities, locks, forbids (the advisor's page:
tests/api/web/test_advisor.py)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from fastapi.testclient import TestClient

from matcher.store.accounts import add_user
from tests.api.apiworld import PASSWORD, login


@pytest.fixture(scope="module", autouse=True)
def _advisor_of_every_cohort(client: TestClient) -> None:
    """'adv' runs every cohort here, so her plan has students competing for openings."""
    store = client.app.state.store  # type: ignore[attr-defined]
    cohorts = sorted({c for c in client.app.state.served.engine.students.cohort if c})  # type: ignore[attr-defined]
    add_user(store, username="adv-all", role="advisor", password=PASSWORD, cohorts=cohorts)


def _plan(client: TestClient, who: str = "adv-all", **body: Any) -> Any:
    return client.post("/api/v1/placements", json=body, headers=login(client, who))


def test_a_plan_respects_openings_and_places_each_student_once(
    client: TestClient, world: dict[str, Any]
) -> None:
    r = _plan(client)
    assert r.status_code == 200, r.text
    plan = r.json()
    engine = client.app.state.served.engine  # type: ignore[attr-defined]
    S, P = engine.students, engine.positions
    placed = [a["student_id"] for a in plan["assignments"]]
    assert len(placed) == len(set(placed)), "each student at most once"
    for pid, n in Counter(a["position_id"] for a in plan["assignments"]).items():
        assert n <= P.openings[P.index[pid]], f"{pid} over its openings"
    assert len(placed) + len(plan["unassigned"]) > len(placed) > 5, "students compete"
    m = plan["metrics"]
    assert m["total_probability"] > m["greedy_total_probability"], "optimal beats greedy here"
    own = _plan(client, "adv").json()  # an advisor of one cohort places only that cohort
    everyone = [a["student_id"] for a in own["assignments"]] + own["unassigned"]
    assert everyone and {S.cohort[S.index[s]] for s in everyone} == {world["cohort"]}
    assert {"fill_rate", "blocking_pairs", "seconds", "worst_rank"} <= set(m)
    assert all(a["title"] and a["enterprise"] for a in plan["assignments"])
    stable = _plan(client, method="stable").json()
    assert stable["metrics"]["blocking_pairs"] == 0
    store = client.app.state.store  # type: ignore[attr-defined]
    audited = store.audit_entries(subject_student_id=placed[0])
    assert any(e["action"] == "view_placement" for e in audited)


def test_locks_forbids_and_dismissals_are_honoured(
    client: TestClient, world: dict[str, Any]
) -> None:
    plan = _plan(client).json()
    first = plan["assignments"][0]
    pair = {"student_id": first["student_id"], "position_id": first["position_id"]}
    without = _plan(client, forbidden=[pair]).json()
    assert pair not in [
        {"student_id": a["student_id"], "position_id": a["position_id"]}
        for a in without["assignments"]
    ]
    other = next(a for a in plan["assignments"] if a["position_id"] != first["position_id"])
    lock = {"student_id": first["student_id"], "position_id": other["position_id"]}
    locked = _plan(client, locked=[lock]).json()
    mine = [a for a in locked["assignments"] if a["student_id"] == first["student_id"]]
    assert mine and mine[0]["position_id"] == other["position_id"] and mine[0]["locked"]
    bad = _plan(client, locked=[{"student_id": first["student_id"], "position_id": "nope"}])
    assert bad.status_code == 422 and "nope" in bad.json()["detail"]
    # She dismisses the position she was planned for: the next plan never gives it to her.
    dismissal = {**pair, "event": "dismiss", "reason": "wrong_city"}
    r = client.post("/api/v1/interactions", json=dismissal, headers=login(client, "root"))
    assert r.status_code == 201, r.text
    after = _plan(client).json()
    assert pair not in [
        {"student_id": a["student_id"], "position_id": a["position_id"]}
        for a in after["assignments"]
    ]
    refused = _plan(client, locked=[pair])
    assert refused.status_code == 422 and "dismissed" in refused.json()["detail"]


def test_who_may_place(client: TestClient, world: dict[str, Any]) -> None:
    assert _plan(client, "stu").status_code == 403
    assert _plan(client, "ent").status_code == 403
    assert _plan(client, "adv", cohort="not my cohort").status_code == 403
    assert client.post("/api/v1/placements", json={}).status_code == 401
    assert _plan(client, method="magic").status_code == 422
    assert _plan(client, "root").status_code == 200
