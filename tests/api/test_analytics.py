"""The analytics routes: who sees what, suppressed small groups, no personal field."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from matcher.analytics.privacy import MIN_GROUP
from matcher.schemas import PERSONAL_FIELDS
from tests.api.apiworld import login


def test_the_centre_sees_every_group_and_small_ones_are_suppressed(client: TestClient) -> None:
    for who in ("res", "root"):
        r = client.get("/api/v1/analytics/funnel?by=major", headers=login(client, who))
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["min_group"] == MIN_GROUP and body["by"] == "major"
        groups = body["groups"]
        assert groups, "the world has outcomes"
        for g in groups:
            if g["suppressed"]:
                assert g["students"] is None and g["applied"] is None
            else:
                assert g["students"] >= MIN_GROUP
                assert g["shown"] >= g["viewed"] >= g["applied"] >= g["placed"]
        assert body["suppressed_groups"] == sum(g["suppressed"] for g in groups)
        assert not PERSONAL_FIELDS & set(groups[0])


def test_a_student_gets_no_analytics(client: TestClient) -> None:
    r = client.get("/api/v1/analytics/funnel", headers=login(client, "stu"))
    assert r.status_code == 403
    assert "students" in r.json()["detail"] and "学生" in r.json()["detail"]
    assert client.get("/api/v1/analytics/funnel").status_code == 401


def test_an_advisor_sees_her_cohorts_only(client: TestClient, world: dict[str, Any]) -> None:
    adv = login(client, "adv")
    mine = client.get("/api/v1/analytics/funnel?by=cohort", headers=adv)
    assert mine.status_code == 200, mine.text
    assert {g["group"] for g in mine.json()["groups"]} <= {world["cohort"]}
    other = client.get("/api/v1/analytics/funnel?cohort=not-hers", headers=adv)
    assert other.status_code == 403


def test_an_enterprise_sees_its_own_positions_only(
    client: TestClient, world: dict[str, Any]
) -> None:
    ent = login(client, "ent")
    own = client.get("/api/v1/analytics/funnel?by=enterprise", headers=ent)
    assert own.status_code == 200, own.text
    assert {g["group"] for g in own.json()["groups"]} <= {world["enterprise"]}
    every = login(client, "root")
    all_groups = client.get("/api/v1/analytics/funnel?by=enterprise", headers=every).json()
    assert len(all_groups["groups"]) > 1  # the centre sees more than one enterprise
    assert client.get("/api/v1/analytics/funnel?enterprise=e9999", headers=ent).status_code == 403


def test_bad_parameters_are_422(client: TestClient) -> None:
    res = login(client, "res")
    for query in ("by=gender", "semester=spring", "semester=2026X"):
        r = client.get(f"/api/v1/analytics/funnel?{query}", headers=res)
        assert r.status_code == 422, query


def test_skill_demand_and_supply_for_each_role(client: TestClient) -> None:
    res = login(client, "res")
    r = client.get("/api/v1/analytics/skills?lang=en&top=5", headers=res)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["skills"] and len(body["shortage"]) <= 5 and len(body["surplus"]) <= 5
    assert body["students_chosen"] >= MIN_GROUP
    openings = [s["openings"] for s in body["skills"]]
    assert openings == sorted(openings, reverse=True)
    assert all(s["students"] is None or s["students"] == 0 or s["students"] >= MIN_GROUP
               for s in body["skills"])  # fmt: skip
    zh = client.get("/api/v1/analytics/skills?lang=zh&top=5", headers=res).json()
    assert [s["skill_id"] for s in zh["skills"]] == [s["skill_id"] for s in body["skills"]]
    assert zh["skills"][0]["label"] != body["skills"][0]["label"]  # Chinese and English labels
    ent = client.get("/api/v1/analytics/skills?top=5", headers=login(client, "ent"))
    assert ent.status_code == 200 and ent.json()["skills"] == zh["skills"]  # the market's
    adv = login(client, "adv")
    mine = client.get("/api/v1/analytics/skills", headers=adv).json()
    chosen = mine["students_chosen"]
    assert chosen is None or chosen < body["students_chosen"]  # her cohort's students only
    assert client.get("/api/v1/analytics/skills?cohort=x", headers=adv).status_code == 403
    assert client.get("/api/v1/analytics/skills", headers=login(client, "stu")).status_code == 403
    assert client.get("/api/v1/analytics/skills?industry=x", headers=res).status_code == 422


def test_exports_match_the_json(client: TestClient) -> None:
    import io

    from openpyxl import load_workbook

    res = login(client, "res")
    body = client.get("/api/v1/analytics/funnel?by=degree", headers=res).json()
    csv = client.get("/api/v1/analytics/funnel?by=degree&format=csv&lang=en", headers=res)
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert csv.content.startswith("\ufeff".encode())
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Group,Students,Shown")
    assert len(lines) == 1 + len(body["groups"])
    book = client.get("/api/v1/analytics/skills?format=xlsx&top=3", headers=res)
    assert book.status_code == 200 and "attachment" in book.headers["content-disposition"]
    sheets = load_workbook(io.BytesIO(book.content))
    assert sheets.sheetnames == ["技能供需", "紧缺技能", "富余技能"]
    market = client.get("/api/v1/analytics/skills?top=3", headers=res).json()
    table = list(sheets["技能供需"].iter_rows(values_only=True))
    assert table[0][:4] == ("技能", "类别", "在招岗位", "招聘人数")
    assert [(r[0], r[3]) for r in table[1:]] == [
        (s["label"], s["openings"]) for s in market["skills"]
    ]
    short = list(sheets["紧缺技能"].iter_rows(values_only=True))[1:]
    assert [r[0] for r in short] == [s["label"] for s in market["shortage"]]
    bad = client.get("/api/v1/analytics/skills?format=pdf", headers=res)
    assert bad.status_code == 422


def test_placement_rates_for_the_centre_and_an_advisor(
    client: TestClient, world: dict[str, Any]
) -> None:
    res = login(client, "res")
    cohorts = client.get("/api/v1/analytics/placement?by=cohort", headers=res).json()["groups"]
    assert cohorts and all(g["suppressed"] == (g["students"] is None) for g in cohorts)
    r = client.get("/api/v1/analytics/placement?by=degree", headers=res)
    assert r.status_code == 200, r.text
    groups = r.json()["groups"]
    assert groups and sum(g["students"] or 0 for g in groups) > 0
    for g in groups:
        if not g["suppressed"]:
            assert g["students"] >= MIN_GROUP and 0 <= g["rate"] <= 1
            assert g["rate"] == round(g["placed"] / g["students"], 4)
    adv = login(client, "adv")
    mine = client.get("/api/v1/analytics/placement", headers=adv).json()["groups"]
    assert {g["group"] for g in mine} <= {world["cohort"]}
    assert client.get("/api/v1/analytics/placement?cohort=x", headers=adv).status_code == 403
    for who in ("ent", "stu"):
        assert (
            client.get("/api/v1/analytics/placement", headers=login(client, who)).status_code == 403
        )
    csv = client.get("/api/v1/analytics/placement?format=csv&lang=en", headers=res)
    assert csv.content.decode("utf-8-sig").splitlines()[0] == "Group,Students,Placed,Placement rate"


def test_enterprise_answers_for_the_centre_and_the_enterprise_itself(
    client: TestClient, world: dict[str, Any]
) -> None:
    every = client.get("/api/v1/analytics/answers", headers=login(client, "root"))
    assert every.status_code == 200, every.text
    rows = every.json()
    assert rows and all(r["suppressed"] == (r["applicants"] is None) for r in rows)
    own = client.get("/api/v1/analytics/answers", headers=login(client, "ent")).json()
    assert {r["enterprise_id"] for r in own} <= {world["enterprise"]}
    for who in ("adv", "stu"):
        r = client.get("/api/v1/analytics/answers", headers=login(client, who))
        assert r.status_code == 403, who
    book = client.get(
        "/api/v1/analytics/answers?format=xlsx&lang=en", headers=login(client, "root")
    )
    assert book.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    table = list(load_workbook(BytesIO(book.content))["Answers"].iter_rows(values_only=True))
    assert table[0][0] == "Enterprise" and len(table) == 1 + len(rows)
    # A suppressed enterprise's figures are exported as the same "<5" note as everywhere.
    assert [r[3] for r in table[1:]] == ["<5" if r["suppressed"] else r["answered"] for r in rows]


def test_the_funnel_by_industry_college_and_position(
    client: TestClient, world: dict[str, Any]
) -> None:
    res = login(client, "res")
    for by in ("industry", "college", "position"):
        r = client.get(f"/api/v1/analytics/funnel?by={by}&lang=en", headers=res)
        assert r.status_code == 200, (by, r.text)
        assert all(g["label"] for g in r.json()["groups"])
    sectors = client.get("/api/v1/analytics/funnel?by=industry&lang=en", headers=res).json()
    from matcher.schemas import Sector

    assert {g["group"] for g in sectors["groups"]} <= {s.value for s in Sector}
    own = client.get("/api/v1/analytics/funnel?by=position", headers=login(client, "ent"))
    import json

    lines = (world["root"] / "w" / "positions.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    positions = {p["id"] for p in records if p["enterprise_id"] == world["enterprise"]}
    assert {g["group"] for g in own.json()["groups"]} <= positions


def test_the_skill_trend_for_each_role(client: TestClient) -> None:
    res = login(client, "res")
    r = client.get("/api/v1/analytics/skills/trend?top=3&lang=en", headers=res)
    assert r.status_code == 200, r.text
    body = r.json()
    from matcher.store.history import semester_start

    in_order = sorted(body["semesters"], key=semester_start)  # 2026S (Feb) before 2026A (Aug)
    assert len(body["skills"]) == 3 and body["semesters"] == in_order
    assert len(body["points"]) == 3 * len(body["semesters"])
    chosen = body["skills"][0]
    one = client.get(f"/api/v1/analytics/skills/trend?skill={chosen}", headers=res).json()
    assert one["skills"] == [chosen]
    assert [p["openings"] for p in one["points"]] == [
        p["openings"] for p in body["points"] if p["skill_id"] == chosen
    ]
    bad = client.get("/api/v1/analytics/skills/trend?skill=no.such.skill", headers=res)
    assert bad.status_code == 422 and "no.such.skill" in bad.json()["detail"]
    assert client.get("/api/v1/analytics/skills/trend", headers=login(client, "ent")).is_success
    adv = login(client, "adv")
    assert client.get("/api/v1/analytics/skills/trend?cohort=x", headers=adv).status_code == 403
    stu = login(client, "stu")
    assert client.get("/api/v1/analytics/skills/trend", headers=stu).status_code == 403
    csv = client.get("/api/v1/analytics/skills/trend?top=3&format=csv&lang=en", headers=res)
    assert len(csv.content.decode("utf-8-sig").splitlines()) == 1 + len(body["points"])


def test_postings_timings_and_quiet_positions_by_role(
    client: TestClient, world: dict[str, Any]
) -> None:
    root = login(client, "root")
    for by in ("industry", "type", "enterprise"):
        r = client.get(f"/api/v1/analytics/postings?by={by}", headers=root)
        assert r.status_code == 200, r.text
        for row in r.json():
            assert row["applied"] <= row["positions"] and row["filled"] <= row["positions"]
    ent = login(client, "ent")
    own = client.get("/api/v1/analytics/postings?by=enterprise", headers=ent).json()
    assert {row["group"] for row in own} <= {world["enterprise"]}
    adv = login(client, "adv")
    assert client.get("/api/v1/analytics/postings?by=type", headers=adv).status_code == 200
    assert client.get("/api/v1/analytics/postings?by=enterprise", headers=adv).status_code == 403
    quiet = client.get("/api/v1/analytics/postings/quiet?min_days=0", headers=root)
    assert quiet.status_code == 200, quiet.text
    for row in quiet.json():
        assert row["shown_to"] is None or row["shown_to"] == 0 or row["shown_to"] >= MIN_GROUP
    mine = client.get("/api/v1/analytics/postings/quiet?min_days=0", headers=ent).json()
    assert {row["enterprise_id"] for row in mine} <= {world["enterprise"]}
    stu = login(client, "stu")
    for path in ("postings", "postings/quiet"):
        assert client.get(f"/api/v1/analytics/{path}", headers=stu).status_code == 403
