"""Researchers see pseudonymised data only; admins and researchers see the model status."""

from __future__ import annotations

import json
from typing import Any

from fastapi.testclient import TestClient

from matcher.schemas import PERSONAL_FIELDS
from tests.api.apiworld import login


def test_researchers_get_pseudonymised_profiles_and_interactions(
    client: TestClient, world: dict[str, Any]
) -> None:
    res = login(client, "res")
    students = client.get("/api/v1/research/students?limit=1000", headers=res)
    assert students.status_code == 200, students.text
    rows = students.json()
    assert len(rows) == 60
    text = json.dumps(rows, ensure_ascii=False)
    store = client.app.state.store  # type: ignore[attr-defined]
    for sid in (world["mine"], world["other"]):
        assert sid not in text, "no student id leaks"
        record = store.get("students", sid)
        for name in ("name", "phone", "student_number", "hometown"):
            value = getattr(record, name)
            assert not value or value not in text, f"{name} leaks"
    assert not PERSONAL_FIELDS & set(rows[0]), "no personal field is a column"
    again = client.get("/api/v1/research/students?limit=1000", headers=res).json()
    assert [r["pseudonym"] for r in again] == [r["pseudonym"] for r in rows], "stable"
    events = client.get("/api/v1/research/interactions?limit=500", headers=res).json()
    assert events and {e["student"] for e in events} <= {r["pseudonym"] for r in rows}
    assert all(len(e["day"]) == 10 for e in events)
    page = client.get("/api/v1/research/interactions?offset=1&limit=2", headers=res).json()
    assert page == events[1:3]


def test_only_researchers_and_admins_get_research_data(client: TestClient) -> None:
    for who in ("stu", "adv", "ent"):
        r = client.get("/api/v1/research/students", headers=login(client, who))
        assert r.status_code == 403, who
    assert client.get("/api/v1/research/interactions").status_code == 401
    bad = client.get("/api/v1/research/students?limit=0", headers=login(client, "res"))
    assert bad.status_code == 422


def test_model_status(client: TestClient) -> None:
    r = client.get("/api/v1/model", headers=login(client, "res"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["version"] and body["scorer"] == "prior" and body["state"] in {"idle", "rebuilding"}
    assert body["counts"]["students"] == 60
    assert client.get("/api/v1/model", headers=login(client, "stu")).status_code == 403
    assert client.post("/api/v1/model/retrain", headers=login(client, "res")).status_code == 403
    assert client.post("/api/v1/model/retrain").status_code == 401
