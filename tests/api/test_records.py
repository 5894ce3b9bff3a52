"""Records through the API: create, read, update and close, re-indexed without a restart."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from matcher.recommend import recommend_positions
from tests.api.apiworld import login, new_position, serve_world


def _served(client: TestClient) -> Any:
    return client.app.state.served  # type: ignore[attr-defined]


def test_a_new_position_is_indexed_without_a_restart(
    client: TestClient, world: dict[str, Any]
) -> None:
    ent = login(client, "ent")
    served = _served(client)
    before = served.engine
    r = client.post("/api/v1/positions", json=new_position(world, "newpos1"), headers=ent)
    assert r.status_code == 201, r.text
    assert (
        client.get("/api/v1/positions/newpos1", headers=ent).json()["title"] == "光学镜头装调工程师"
    )
    assert served.wait_idle(120)
    assert served.status()["last_error"] is None
    engine = served.engine
    assert engine is not before and "newpos1" in engine.positions.index
    assert "newpos1" not in before.positions.index, "the old version was not changed in place"
    r = client.get("/api/v1/positions/newpos1/candidates?k=3", headers=ent)
    assert r.status_code == 200, r.text
    again = client.post("/api/v1/positions", json=new_position(world, "newpos1"), headers=ent)
    assert again.status_code == 409


def test_requests_in_flight_keep_a_consistent_index(
    client: TestClient, world: dict[str, Any]
) -> None:
    served = _served(client)
    old = served.engine
    first = [r.position_id for r in recommend_positions(old, world["mine"], k=5)]
    pid = old.positions.ids[0]
    r = client.patch(
        f"/api/v1/positions/{pid}",
        json={"title": "完全不同的岗位 totally different"},
        headers=login(client, "root"),
    )
    assert r.status_code == 200, r.text
    assert served.wait_idle(120) and served.engine is not old
    # A request that read the old engine before the swap ranks exactly as before.
    assert [r.position_id for r in recommend_positions(old, world["mine"], k=5)] == first
    i = served.engine.positions.index[pid]
    assert "totally different" in served.engine.positions.documents[i]


def test_closing_a_position_hides_it_at_once(client: TestClient, world: dict[str, Any]) -> None:
    stu, root = login(client, "stu"), login(client, "root")
    url = f"/api/v1/students/{world['mine']}/recommendations?k=5"
    top = client.get(url, headers=stu).json()[0]["position_id"]
    r = client.post(f"/api/v1/positions/{top}/close", json={"status": "filled"}, headers=root)
    assert r.status_code == 200 and r.json()["status"] == "filled"
    assert top not in [x["position_id"] for x in client.get(url, headers=stu).json()]
    reopen = client.post(f"/api/v1/positions/{top}/close", json={"status": "open"}, headers=root)
    assert reopen.status_code == 422
    assert client.post("/api/v1/positions/nope/close", headers=root).status_code == 404
    served = _served(client)
    assert served.wait_idle(120)
    assert top not in [x["position_id"] for x in client.get(url, headers=stu).json()]


def test_who_may_write_what(client: TestClient, world: dict[str, Any]) -> None:
    stu, adv, ent = login(client, "stu"), login(client, "adv"), login(client, "ent")
    mine, other = world["mine"], world["other"]
    own = client.patch(
        f"/api/v1/students/{mine}", json={"self_description": "热爱光学与机器视觉"}, headers=stu
    )
    assert own.status_code == 200 and own.json()["self_description"] == "热爱光学与机器视觉"
    assert client.patch(f"/api/v1/students/{other}", json={}, headers=stu).status_code == 403
    assert client.patch(f"/api/v1/students/{mine}", json={}, headers=ent).status_code == 403
    in_cohort = client.patch(
        f"/api/v1/students/{world['in_cohort']}", json={"languages": ["英语"]}, headers=adv
    )
    assert in_cohort.status_code == 200, in_cohort.text
    outside = client.patch(f"/api/v1/students/{world['outside']}", json={}, headers=adv)
    assert outside.status_code == 403
    foreign = new_position(world, "notmine")
    foreign["enterprise_id"] = "someone-else"
    assert client.post("/api/v1/positions", json=foreign, headers=ent).status_code == 403
    company = {"id": "e-new", "name": "长春新光电", "sectors": ["optics"], "city": "长春"}
    assert client.post("/api/v1/enterprises", json=company, headers=ent).status_code == 403


def test_a_student_cannot_change_what_the_school_keeps(
    client: TestClient, world: dict[str, Any]
) -> None:
    """Her cohort (which advisor sees her), GPA and rank are the school's: she once moved
    herself into another advisor's scope with a PATCH."""
    stu, adv = login(client, "stu"), login(client, "adv")
    url = f"/api/v1/students/{world['mine']}"
    before = client.get(url, headers=stu).json()
    for change in ({"cohort": "another-class"}, {"gpa": 4.0}, {"rank_percentile": 0.01}):
        r = client.patch(url, json=change, headers=stu)
        assert r.status_code == 403, (change, r.text)
        assert next(iter(change)) in r.json()["detail"]
    same = client.patch(url, json={"cohort": before["cohort"], "gpa": before["gpa"]}, headers=stu)
    assert same.status_code == 200  # sending what is stored changes nothing and is fine
    after = client.get(url, headers=stu).json()
    assert (after["cohort"], after["gpa"]) == (before["cohort"], before["gpa"])
    corrected = client.patch(  # an advisor may correct them for her cohort
        f"/api/v1/students/{world['in_cohort']}", json={"gpa": 3.1}, headers=adv
    )
    assert corrected.status_code == 200 and corrected.json()["gpa"] == 3.1


def test_invalid_changes_are_refused_with_the_field_named(
    client: TestClient, world: dict[str, Any]
) -> None:
    stu = login(client, "stu")
    url = f"/api/v1/students/{world['mine']}"
    bad_year = client.patch(url, json={"graduation_year": "soon"}, headers=stu)
    assert bad_year.status_code == 422 and "graduation_year" in str(bad_year.json()["detail"])
    unknown = client.patch(url, json={"favourite_colour": "blue"}, headers=stu)
    assert unknown.status_code == 422 and "favourite_colour" in str(unknown.json()["detail"])
    cleared = client.patch(url, json={"self_description": None}, headers=stu)  # was a 500
    assert cleared.status_code == 422 and "self_description" in cleared.text
    moved = client.patch(url, json={"id": "someone"}, headers=stu)
    assert moved.status_code == 422 and "id" in str(moved.json()["detail"])
    no_openings = new_position(world, "zero", openings=0)
    r = client.post("/api/v1/positions", json=no_openings, headers=login(client, "ent"))
    assert r.status_code == 422 and "openings" in r.text
    assert client.get("/api/v1/students/nope", headers=login(client, "root")).status_code == 404


def test_profile_views_by_others_are_audited(client: TestClient, world: dict[str, Any]) -> None:
    store = client.app.state.store  # type: ignore[attr-defined]
    mine = world["mine"]
    seen = len(store.audit_entries(subject_student_id=mine))
    own = client.get(f"/api/v1/students/{mine}", headers=login(client, "stu"))
    assert own.status_code == 200 and own.json()["id"] == mine
    assert len(store.audit_entries(subject_student_id=mine)) == seen, "own views are not audited"
    assert client.get(f"/api/v1/students/{mine}", headers=login(client, "root")).status_code == 200
    entries = store.audit_entries(subject_student_id=mine)
    assert len(entries) == seen + 1 and entries[0]["action"] == "view_profile"
    assert entries[0]["viewer_role"] == "admin"
    r = client.get(f"/api/v1/students/{world['other']}", headers=login(client, "stu"))
    assert r.status_code == 403


def test_an_advisor_adds_a_student_who_then_gets_recommendations(
    client: TestClient, world: dict[str, Any]
) -> None:
    adv = login(client, "adv")
    body = {
        "id": "newstu1",
        "major": "光电信息科学与工程",
        "cohort": world["cohort"],
        "degree": "bachelor",
        "graduation_year": 2027,
        "skills": ["Zemax", "光学设计", "Python"],
        "name": "不会进入文档的名字",
    }
    r = client.post("/api/v1/students", json=body, headers=adv)
    assert r.status_code == 201, r.text
    assert client.post("/api/v1/students", json=body, headers=adv).status_code == 409
    elsewhere = {**body, "id": "newstu2", "cohort": "another cohort"}
    assert client.post("/api/v1/students", json=elsewhere, headers=adv).status_code == 403
    served = _served(client)
    assert served.wait_idle(120)
    engine = served.engine
    s = engine.students.index["newstu1"]
    assert "不会进入文档的名字" not in engine.students.documents[s]
    recs = client.get("/api/v1/students/newstu1/recommendations?k=3", headers=adv)
    assert recs.status_code == 200 and len(recs.json()) == 3


def test_a_failed_rebuild_keeps_the_last_good_engine(world: dict[str, Any]) -> None:
    def broken() -> Any:
        raise RuntimeError("disk on fire")

    with serve_world(world) as client:
        served = _served(client)
        served._embedder_factory = broken  # the rebuild's own embedder fails to load
        good = served.engine
        r = client.patch(
            f"/api/v1/students/{world['mine']}",
            json={"self_description": "换一个描述"},
            headers=login(client, "stu"),
        )
        assert r.status_code == 200
        assert served.wait_idle(60)
        assert served.engine is good
        assert "disk on fire" in served.status()["last_error"]
        url = f"/api/v1/students/{world['mine']}/recommendations?k=3"
        assert client.get(url, headers=login(client, "stu")).status_code == 200
        status = client.get("/api/v1/model", headers=login(client, "root")).json()
        assert "disk on fire" in status["last_error"]


def test_an_undone_dismissal_shows_the_position_again_at_once(
    client: TestClient, world: dict[str, Any]
) -> None:
    """The engine a rebuild made while a dismissal stood hid the position until the next
    rebuild, though the dismissal was gone from the store (seen in the student's browser)."""
    stu = login(client, "stu")
    url = f"/api/v1/students/{world['mine']}/recommendations?k=5"
    position = client.get(url, headers=stu).json()[0]["position_id"]
    body = {"student_id": world["mine"], "position_id": position, "event": "dismiss"}
    dismissed = client.post("/api/v1/interactions", json=body, headers=stu)
    assert dismissed.status_code == 201, dismissed.text
    served = _served(client)
    served.request_rebuild()
    assert served.wait_idle()
    assert position in served.engine.excluded[world["mine"]]  # the engine read the dismissal
    served.store.delete_interaction(dismissed.json()["id"])  # what the page's undo does
    shown = [r["position_id"] for r in client.get(url, headers=stu).json()]
    assert position in shown
