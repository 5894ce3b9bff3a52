"""The recommendation-health routes: who sees what, the answer before a snapshot exists, the
downloads against the JSON."""

from __future__ import annotations

import io
from typing import Any

import pytest
from fastapi.testclient import TestClient

from matcher.analytics.health import (
    FIGURES,
    compute_health,
    health_path,
    read_health,
    save_health,
)
from matcher.analytics.privacy import MIN_GROUP
from matcher.analytics.skills import StudentFilter
from matcher.engine.snapshot import Engine
from matcher.schemas import PERSONAL_FIELDS
from tests.api.apiworld import login


def _served(client: TestClient) -> Engine:
    return client.app.state.served.engine  # type: ignore[attr-defined,no-any-return]


@pytest.fixture
def computed(client: TestClient) -> dict[str, Any]:
    """The served model's snapshot, computed once per world."""
    engine = _served(client)
    found = read_health(engine)
    if found is None:
        save_health(engine, compute_health(engine, k=10))
        found = read_health(engine)
    assert found is not None
    return found


def test_before_the_snapshot_the_answer_names_the_command(client: TestClient) -> None:
    path = health_path(_served(client))
    assert path is not None
    path.unlink(missing_ok=True)
    res = login(client, "res")
    for route in ("health", "gaps"):
        r = client.get(f"/api/v1/analytics/{route}", headers=res)
        assert r.status_code == 409, r.text
        detail = r.json()["detail"]
        assert "matcher health" in detail and "尚未计算" in detail
        assert _served(client).directory.name in detail  # type: ignore[union-attr]
    csv = client.get("/api/v1/analytics/health?format=csv", headers=res)
    assert csv.status_code == 409


def test_the_centre_sees_the_health_of_the_served_model(
    client: TestClient, computed: dict[str, Any]
) -> None:
    for who in ("res", "root"):
        r = client.get("/api/v1/analytics/health?lang=en&top=3", headers=login(client, who))
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["model"] == computed["model"]
        assert body["model"]["version"] == _served(client).directory.name  # type: ignore[union-attr]
        assert body["coverage"] == computed["coverage"]
        assert body["congestion"] == computed["congestion"]
        assert body["students"] == computed["students"] and body["min_group"] == MIN_GROUP
        listed = body["exposure"]["enterprises"]
        assert listed == computed["exposure"]["enterprises"][:3]
        assert body["exposure"]["gini_enterprises"] == computed["exposure"]["gini_enterprises"]
        assert [c["figure"] for c in body["changes"]] == list(FIGURES)
        assert body["changes"][0]["label"].startswith("Coverage")
        assert body["previous"] is None and all(c["change"] is None for c in body["changes"])
        assert not PERSONAL_FIELDS & {k for e in listed for k in e}


def test_only_the_centre_sees_the_health(client: TestClient, computed: dict[str, Any]) -> None:
    del computed
    for who, words in (("stu", "学生"), ("ent", "就业中心"), ("adv", "就业中心")):
        r = client.get("/api/v1/analytics/health", headers=login(client, who))
        assert r.status_code == 403, who
        assert words in r.json()["detail"] and " / " in r.json()["detail"]
    assert client.get("/api/v1/analytics/health").status_code == 401


def test_gaps_for_the_centre_and_for_an_advisor(
    client: TestClient, world: dict[str, Any], computed: dict[str, Any]
) -> None:
    res = login(client, "res")
    everyone = client.get("/api/v1/analytics/gaps?lang=en&top=2", headers=res)
    assert everyone.status_code == 200, everyone.text
    majors = everyone.json()["majors"]
    assert [m["major"] for m in majors] == [g["major"] for g in computed["gaps"]]
    for m in majors:
        assert len(m["skills"]) <= 2
        if m["suppressed"]:
            assert m["students"] is None and not m["skills"]
        else:
            assert m["students"] >= MIN_GROUP
            assert all(s["students"] >= MIN_GROUP and s["label"] == s["label_en"]
                       for s in m["skills"])  # fmt: skip
    engine = _served(client)
    hers = StudentFilter(cohorts=[world["cohort"]]).mask(engine)
    own = {engine.students.major[int(r)] for r in hers.nonzero()[0]}
    adv = login(client, "adv")
    mine = client.get("/api/v1/analytics/gaps", headers=adv)
    assert mine.status_code == 200, mine.text
    assert {m["major"] for m in mine.json()["majors"]} == own
    one = sorted(own)[0]
    assert client.get(f"/api/v1/analytics/gaps?major={one}", headers=adv).status_code == 200
    others = {g["major"] for g in computed["gaps"]} - own
    if others:
        r = client.get(f"/api/v1/analytics/gaps?major={sorted(others)[0]}", headers=adv)
        assert r.status_code == 403 and "major" in r.json()["detail"]
    by_code = client.get(f"/api/v1/analytics/gaps?major={one}", headers=res).json()
    assert [m["major"] for m in by_code["majors"]] == [one]
    major = engine.taxonomy.major(one)
    if major is not None:  # by its Chinese name too
        by_name = client.get(f"/api/v1/analytics/gaps?major={major.zh}", headers=res).json()
        assert by_name["majors"] == by_code["majors"]
    for who in ("stu", "ent"):
        assert client.get("/api/v1/analytics/gaps", headers=login(client, who)).status_code == 403


def test_downloads_match_the_json(client: TestClient, computed: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    del computed
    res = login(client, "res")
    body = client.get("/api/v1/analytics/health?top=10000", headers=res).json()
    book = client.get("/api/v1/analytics/health?format=xlsx", headers=res)
    assert book.status_code == 200 and "attachment" in book.headers["content-disposition"]
    sheets = load_workbook(io.BytesIO(book.content))
    assert sheets.sheetnames == ["推荐健康度", "企业曝光", "拥堵岗位"]
    summary = list(sheets["推荐健康度"].iter_rows(values_only=True))
    assert summary[0] == ("指标", "本模型", "上一模型", "变化")
    assert [r[1] for r in summary[5:]] == [c["value"] for c in body["changes"]]
    exposure = list(sheets["企业曝光"].iter_rows(values_only=True))[1:]
    assert [(r[0], r[3]) for r in exposure] == [
        (e["enterprise_id"], e["exposures"]) for e in body["exposure"]["enterprises"]
    ]
    crowded = list(sheets["拥堵岗位"].iter_rows(values_only=True))[1:]
    assert [r[0] for r in crowded] == [p["position_id"] for p in body["congestion"]["positions"]]
    csv = client.get("/api/v1/analytics/health?format=csv&lang=en", headers=res)
    assert csv.status_code == 200 and csv.content.startswith("\ufeff".encode())
    assert (
        csv.content.decode("utf-8-sig").splitlines()[0] == "Figure,This model,Previous model,Change"
    )
    gaps = client.get("/api/v1/analytics/gaps?lang=en&top=3", headers=res).json()
    book = client.get("/api/v1/analytics/gaps?lang=en&top=3&format=xlsx", headers=res)
    rows = list(load_workbook(io.BytesIO(book.content))["Skill gaps by major"].iter_rows(
        values_only=True))  # fmt: skip
    assert rows[0][:3] == ("Major", "Students counted", "Skill")
    expected = []
    for m in gaps["majors"]:
        if m["suppressed"]:
            expected.append((m["label"], "<5", None, None))
        elif not m["skills"]:
            expected.append((m["label"], m["students"], None, None))
        expected += [(m["label"], m["students"], s["label"], s["students"]) for s in m["skills"]]
    assert [(r[0], r[1], r[2], r[4]) for r in rows[1:]] == expected
    csv = client.get("/api/v1/analytics/gaps?format=csv", headers=res)
    assert csv.status_code == 200 and len(csv.content.decode("utf-8-sig").splitlines()) == len(rows)


def test_bad_parameters_are_422(client: TestClient, computed: dict[str, Any]) -> None:
    del computed
    res = login(client, "res")
    for query in ("health?top=0", "health?format=pdf", "health?lang=fr", "gaps?top=500",
                  "gaps?lang=de"):  # fmt: skip
        assert client.get(f"/api/v1/analytics/{query}", headers=res).status_code == 422, query
