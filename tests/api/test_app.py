"""The API on a tiny simulated world: health, tokens, and who may see whose recommendations."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from matcher.cli import app as cli
from tests.api.apiworld import PASSWORD, login


def _login(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    return login(client, username, password)


def test_health_needs_no_login(client: TestClient) -> None:
    r = client.get("/api/v1/health")
    assert r.status_code == 200 and r.json()["status"] == "ok"
    assert r.json()["scorer"] == "prior"


def test_every_answer_says_how_long_the_service_took(client: TestClient) -> None:
    import re

    for path in ("/api/v1/health", "/api/v1/positions/nobody", "/login"):
        r = client.get(path)
        assert re.fullmatch(r"app;dur=\d+\.\d", r.headers["server-timing"]), r.headers


def test_a_student_sees_her_own_recommendations_only(
    client: TestClient, world: dict[str, Any]
) -> None:
    headers = _login(client, "stu")
    r = client.get(f"/api/v1/students/{world['mine']}/recommendations?k=5", headers=headers)
    assert r.status_code == 200, r.text
    recs = r.json()
    assert 0 < len(recs) <= 5
    assert {"position_id", "matched_skills", "missing_skills", "reasons"} <= set(recs[0])
    english = client.get(
        f"/api/v1/students/{world['mine']}/recommendations?k=5&lang=en", headers=headers
    ).json()
    assert [r["position_id"] for r in english] == [r["position_id"] for r in recs]
    r = client.get(f"/api/v1/students/{world['other']}/recommendations", headers=headers)
    assert r.status_code == 403 and "own" in r.json()["detail"]


def test_anonymous_and_forged_calls_are_refused(client: TestClient, world: dict[str, Any]) -> None:
    url = f"/api/v1/students/{world['mine']}/recommendations"
    assert client.get(url).status_code == 401
    forged = {"Authorization": "Bearer not.a.token"}
    assert client.get(url, headers=forged).status_code == 401
    r = client.post("/api/v1/auth/token", data={"username": "stu", "password": "wrong-pass"})
    assert r.status_code == 401


def test_advisors_see_their_cohorts(client: TestClient, world: dict[str, Any]) -> None:
    headers = _login(client, "adv")
    ok = client.get(f"/api/v1/students/{world['in_cohort']}/recommendations", headers=headers)
    assert ok.status_code == 200
    no = client.get(f"/api/v1/students/{world['outside']}/recommendations", headers=headers)
    assert no.status_code == 403
    missing = client.get("/api/v1/students/nobody/recommendations", headers=headers)
    assert missing.status_code == 403  # as for a student outside her cohorts: ids stay unknown


def test_enterprises_cannot_read_student_recommendations(
    client: TestClient, world: dict[str, Any]
) -> None:
    headers = _login(client, "ent")
    r = client.get(f"/api/v1/students/{world['mine']}/recommendations", headers=headers)
    assert r.status_code == 403


@pytest.mark.parametrize("query", ["k=0", "k=101", "k=ten", "lang=fr"])
def test_bad_query_is_422_with_a_reason(
    client: TestClient, world: dict[str, Any], query: str
) -> None:
    headers = _login(client, "stu")
    r = client.get(f"/api/v1/students/{world['mine']}/recommendations?{query}", headers=headers)
    assert r.status_code == 422 and r.json()["detail"]


def test_users_add_command(tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(
        cli,
        ["users", "add", "--username", "root1", "--role", "admin", "--password-stdin", "--json"],
        input="long enough password\n",
    )
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["role"] == "admin"
    again = runner.invoke(
        cli,
        ["users", "add", "--username", "root1", "--role", "admin", "--password-stdin"],
        input="long enough password\n",
    )
    assert again.exit_code == 1 and "taken" in again.stderr
    short = runner.invoke(
        cli,
        ["users", "add", "--username", "x2y", "--role", "admin", "--password-stdin"],
        input="short\n",
    )
    assert short.exit_code == 1 and "at least 8" in short.stderr
    stray = runner.invoke(
        cli,
        [
            "users",
            "add",
            "--username",
            "s9",
            "--role",
            "student",
            "--student-id",
            "nope",
            "--password-stdin",
        ],
        input="long enough password\n",
    )
    assert stray.exit_code == 1 and "unknown student" in stray.stderr


def test_candidates_for_the_positions_own_enterprise(
    client: TestClient, world: dict[str, Any]
) -> None:
    headers = _login(client, "ent")
    engine = client.app.state.served.engine  # type: ignore[attr-defined]
    P, S = engine.positions, engine.students
    # The account "ent" belongs to the first enterprise (row 0).
    own = next(pid for pid, e in zip(P.ids, P.enterprise, strict=True) if e == 0)
    other = next(pid for pid, e in zip(P.ids, P.enterprise, strict=True) if e != 0)
    r = client.get(f"/api/v1/positions/{own}/candidates?k=5", headers=headers)
    assert r.status_code == 200, r.text
    for cand in r.json():
        assert S.visible[S.index[cand["student_id"]]], "only students who consented"
    assert client.get(f"/api/v1/positions/{other}/candidates", headers=headers).status_code == 403
    assert client.get("/api/v1/positions/nope/candidates", headers=headers).status_code == 404
    student = _login(client, "stu")
    assert client.get(f"/api/v1/positions/{own}/candidates", headers=student).status_code == 403


def test_recommendations_seen_by_others_are_audited(
    client: TestClient, world: dict[str, Any]
) -> None:
    """An advisor reading a student's positions or enterprises leaves one row each; the
    student reading her own leaves none."""
    store = client.app.state.store  # type: ignore[attr-defined]
    sid, mine = world["in_cohort"], world["mine"]
    before = len(store.audit_entries(subject_student_id=sid, limit=1000))
    adv = _login(client, "adv")
    for path in ("recommendations", "enterprises"):
        r = client.get(f"/api/v1/students/{sid}/{path}?k=3", headers=adv)
        assert r.status_code == 200, r.text
    rows = store.audit_entries(subject_student_id=sid, limit=1000)
    assert len(rows) == before + 2
    assert [(e["action"], e["viewer_role"], e["detail"]) for e in rows[:2]] == [
        ("view_recommendations", "advisor", ""),
        ("view_recommendations", "advisor", ""),
    ]
    own = len(store.audit_entries(subject_student_id=mine, limit=1000))
    r = client.get(f"/api/v1/students/{mine}/recommendations?k=3", headers=_login(client, "stu"))
    assert r.status_code == 200
    assert len(store.audit_entries(subject_student_id=mine, limit=1000)) == own


def test_each_candidate_shown_is_audited_with_the_position(
    client: TestClient, world: dict[str, Any]
) -> None:
    store = client.app.state.store  # type: ignore[attr-defined]
    P = client.app.state.served.engine.positions  # type: ignore[attr-defined]
    own = next(pid for pid, e in zip(P.ids, P.enterprise, strict=True) if e == 0)
    r = client.get(f"/api/v1/positions/{own}/candidates?k=4", headers=_login(client, "ent"))
    assert r.status_code == 200, r.text
    shown = [c["student_id"] for c in r.json()]
    assert len(shown) == 4
    for sid in shown:
        newest = store.audit_entries(subject_student_id=sid, limit=1)[0]
        assert (newest["action"], newest["viewer_role"], newest["detail"]) == (
            "view_candidate",
            "enterprise",
            own,
        )


def test_a_dismissal_is_stored_and_stops_showing(client: TestClient, world: dict[str, Any]) -> None:
    headers = _login(client, "stu")
    url = f"/api/v1/students/{world['mine']}/recommendations?k=3"
    first = client.get(url, headers=headers).json()[0]["position_id"]
    r = client.post(
        "/api/v1/interactions",
        json={
            "student_id": world["mine"],
            "position_id": first,
            "event": "dismiss",
            "reason": "not_interested",
        },
        headers=headers,
    )
    assert r.status_code == 201, r.text
    assert first not in [x["position_id"] for x in client.get(url, headers=headers).json()]
    # A dismissal because the position expired is not a dislike: it keeps showing.
    second = client.get(url, headers=headers).json()[0]["position_id"]
    expired = {**{"student_id": world["mine"], "position_id": second}, "event": "dismiss"}
    r2 = client.post("/api/v1/interactions", json={**expired, "reason": "expired"}, headers=headers)
    assert r2.status_code == 201, r2.text
    assert second in [x["position_id"] for x in client.get(url, headers=headers).json()]
    store = client.app.state.store  # type: ignore[attr-defined]
    stored = store.get("interactions", r.json()["id"])
    assert stored is not None and stored.event == "dismiss"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"student_id": "OTHER", "position_id": "P", "event": "view"}, 403),
        ({"student_id": "MINE", "position_id": "P", "event": "hire"}, 403),
        ({"student_id": "MINE", "position_id": "P", "event": "teleport"}, 422),
        ({"student_id": "MINE", "position_id": "P", "event": "view", "reason": "expired"}, 422),
        ({"student_id": "MINE", "position_id": "nope", "event": "view"}, 404),
        ({"student_id": "MINE"}, 422),
    ],
)
def test_bad_interactions_are_refused_with_a_reason(
    client: TestClient, world: dict[str, Any], body: dict[str, str], code: int
) -> None:
    engine = client.app.state.served.engine  # type: ignore[attr-defined]
    subst = {"MINE": world["mine"], "OTHER": world["other"], "P": engine.positions.ids[0]}
    body = {k: subst.get(v, v) for k, v in body.items()}
    r = client.post("/api/v1/interactions", json=body, headers=_login(client, "stu"))
    assert r.status_code == code, r.text
    assert r.json()["detail"]


def test_malformed_and_oversized_bodies(client: TestClient) -> None:
    headers = {**_login(client, "stu"), "Content-Type": "application/json"}
    bad = client.post("/api/v1/interactions", content=b"{not json", headers=headers)
    assert bad.status_code == 422
    huge = client.post("/api/v1/interactions", content=b"x" * (5 * 1024 * 1024), headers=headers)
    assert huge.status_code == 413 and "bytes" in huge.json()["detail"]


def test_exclusions_of_many_students_are_read_in_chunks(
    client: TestClient, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from matcher.store import database

    state = client.app.state  # type: ignore[attr-defined]
    store = state.store
    rows = [i for i in store.iter_records("interactions") if i.event in ("dismiss", "apply")]
    students = sorted({i.student_id for i in rows})
    assert len(students) >= 3, "the world has dismissals and applications of several students"
    expected: dict[str, set[str]] = {}
    without_applied: dict[str, set[str]] = {}
    for i in rows:
        if i.event == "apply" or i.reason != "expired":
            expected.setdefault(i.student_id, set()).add(i.position_id)
        if i.event == "dismiss" and i.reason != "expired":
            without_applied.setdefault(i.student_id, set()).add(i.position_id)
    whole = store.hidden_positions(students)
    monkeypatch.setattr(database, "HIDDEN_CHUNK", 2)
    assert store.hidden_positions(students) == whole == expected
    assert store.hidden_positions(students, refused_only=True) == without_applied
    assert store.hidden_positions([]) == {}


def test_the_service_and_the_command_line_rank_as_of_matcher_today(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``MATCHER_TODAY`` is the day of recommendation for the service as for ``matcher
    recommend`` (it was honoured by the command line only)."""
    import numpy as np

    from matcher.config import get_settings
    from matcher.engine.persist import load_engine
    from matcher.recommend import recommend_positions
    from tests.api.apiworld import serve_world

    engine = load_engine(world["models"])
    # A student no other test of the module acts for: what they record would hide positions.
    sid = engine.students.ids[-1]
    assert sid not in {world["mine"], world["other"], world["in_cohort"], world["outside"]}

    def top(as_of: Any) -> list[str]:
        return [r.position_id for r in recommend_positions(engine, sid, k=5, as_of=as_of)]

    at_clock = top(engine.clock)
    day = next(
        (
            engine.clock + np.timedelta64(d, "D")
            for d in range(10, 400, 10)
            if top(engine.clock + np.timedelta64(d, "D")) != at_clock
        ),
        None,
    )
    assert day is not None, "no later day changes this student's list; the test cannot tell"
    monkeypatch.setenv("MATCHER_TODAY", str(day))
    monkeypatch.setenv("MATCHER_MODELS_DIR", str(world["models"]))
    monkeypatch.setenv("MATCHER_DATABASE_URL", world["url"])
    get_settings.cache_clear()
    with serve_world(world) as client:
        served = client.get(
            f"/api/v1/students/{sid}/recommendations?k=5", headers=_login(client, "root")
        ).json()
    command = CliRunner().invoke(cli, ["recommend", "--student", sid, "--k", "5", "--json"])
    assert command.exit_code == 0, command.stderr
    from_cli = [r["position_id"] for r in json.loads(command.stdout)]
    assert [r["position_id"] for r in served] == from_cli == top(day)


def test_the_command_line_hides_what_the_store_recorded_since_the_index(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dismissal recorded after the engine was built hides the position from ``matcher
    recommend`` as it does from the service (one rule, its SQL in the store)."""
    import datetime as dt

    from matcher.config import get_settings
    from matcher.schemas import DismissReason, Event, Interaction
    from matcher.store.database import Store

    monkeypatch.setenv("MATCHER_MODELS_DIR", str(world["models"]))
    monkeypatch.setenv("MATCHER_DATABASE_URL", world["url"])
    get_settings.cache_clear()
    sid = world["mine"]

    def top() -> list[str]:
        result = CliRunner().invoke(cli, ["recommend", "--student", sid, "--k", "3", "--json"])
        assert result.exit_code == 0, result.stderr
        return [r["position_id"] for r in json.loads(result.stdout)]

    first = top()[0]
    store = Store(world["url"])
    try:
        with store.session() as session:
            store.upsert(
                session,
                "interactions",
                [
                    Interaction(
                        id="cli-hidden-1",
                        student_id=sid,
                        position_id=first,
                        event=Event.dismiss,
                        reason=DismissReason.wrong_city,
                        timestamp=dt.datetime(2026, 12, 1),
                    )
                ],
            )
    finally:
        store.dispose()
    assert first not in top()


def test_the_funnel_refuses_outcomes_out_of_order(
    client: TestClient, world: dict[str, Any]
) -> None:
    """An enterprise cannot record an offer for a student who never applied, nor can a student
    accept an offer nobody made (409); after an application the enterprise can answer it."""
    store = client.app.state.store  # type: ignore[attr-defined]
    engine = client.app.state.served.engine  # type: ignore[attr-defined]
    from matcher.store.accounts import add_user

    P, S = engine.positions, engine.students
    sid, p = next(
        (sid, i)
        for sid in S.ids
        for i, pid in enumerate(P.ids)
        if P.is_open[i] and not store.pair_events(sid, pid)
    )
    owner = engine.enterprises.ids[P.enterprise[p]]
    add_user(store, username="ent-funnel", role="enterprise", password=PASSWORD,
             enterprise_id=owner)  # fmt: skip
    add_user(store, username="stu-funnel", role="student", password=PASSWORD, student_id=sid)
    pair = {"student_id": sid, "position_id": P.ids[p]}
    firm, student = _login(client, "ent-funnel"), _login(client, "stu-funnel")
    offer = client.post("/api/v1/interactions", json={**pair, "event": "offer"}, headers=firm)
    assert offer.status_code == 409 and "apply" in offer.json()["detail"]
    accept = client.post("/api/v1/interactions", json={**pair, "event": "accept"}, headers=student)
    assert accept.status_code == 409 and "offer" in accept.json()["detail"]
    applied = client.post("/api/v1/interactions", json={**pair, "event": "apply"}, headers=student)
    assert applied.status_code == 201, applied.text
    interview = client.post(
        "/api/v1/interactions", json={**pair, "event": "interview"}, headers=firm
    )
    assert interview.status_code == 201, interview.text


def test_control_characters_are_refused_with_422_on_every_database(
    client: TestClient, world: dict[str, Any]
) -> None:
    """Issue #16 row 7: a NUL in a login name or a path answered 500 on PostgreSQL (before any
    login) and was stored as given on SQLite."""
    stu = _login(client, "stu")
    mine = world["mine"]
    cases = [
        client.post("/login", data={"username": "adm\x00", "password": "x"}),
        client.post("/api/v1/auth/token", data={"username": "adm\x00", "password": "x"}),
        client.get(f"/api/v1/students/{mine}%00", headers=stu),
        client.get("/api/v1/students/x%01y", headers=stu),
        client.get("/me/jobs?q=%00", headers=stu),
        client.patch(
            f"/api/v1/students/{mine}", json={"self_description": "a\u0000b"}, headers=stu
        ),
        client.patch(f"/api/v1/students/{mine}", json={"skills": ["Zemax\u001b"]}, headers=stu),
    ]
    for r in cases:
        assert r.status_code == 422, (r.request.url, r.status_code, r.text)
        assert "U+00" in r.json()["detail"] and "控制字符" in r.json()["detail"]
    fine = client.patch(
        f"/api/v1/students/{mine}", json={"self_description": "第一行\n第二行\t缩进"}, headers=stu
    )
    assert fine.status_code == 200 and fine.json()["self_description"].startswith("第一行\n")


def test_records_refuse_control_characters_whoever_writes_them() -> None:
    from pydantic import ValidationError

    from matcher.schemas import Enterprise

    with pytest.raises(ValidationError, match="control character"):
        Enterprise(id="e1", name="长春\x00光电", sectors=["optics"], city="长春")


def test_a_busy_or_unreachable_store_is_503_with_retry_after(
    client: TestClient, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #16 row 5: 500 while an import held the SQLite store ('database is locked')."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    stu = _login(client, "stu")
    store = client.app.state.store  # type: ignore[attr-defined]

    def locked(*_a: object, **_k: object) -> None:
        raise OperationalError("SELECT …", {}, sqlite3.OperationalError("database is locked"))

    monkeypatch.setattr(store, "get", locked)
    api = client.get(f"/api/v1/students/{world['mine']}", headers=stu)
    assert api.status_code == 503 and api.headers["Retry-After"] == "5"
    assert "store is busy" in api.json()["detail"] and "数据库正忙" in api.json()["detail"]
    client.cookies.clear()
    client.post("/login", data={"username": "stu", "password": PASSWORD})
    page = client.get("/me/profile")
    assert page.status_code == 503 and "数据库正忙" in page.text and "<html" in page.text
    assert page.headers["Retry-After"] == "5"


def test_smaller_findings_of_the_attack(client: TestClient, world: dict[str, Any]) -> None:
    """Issue #16 row 15: a chunked body over the cap and 1,000-deep JSON got 400; a form's 422
    echoed the password; 404 against 403 told a student which ids exist."""
    stu = _login(client, "stu")
    headers = {**stu, "Content-Type": "application/json"}

    def chunks() -> Any:
        for _ in range(20):
            yield b" " * 65_536  # 1.25 MB, no Content-Length

    chunked = client.post("/api/v1/interactions", content=chunks(), headers=headers)
    assert chunked.status_code == 413, chunked.text
    deep = client.post("/api/v1/interactions", content=b"[" * 1000 + b"]" * 1000, headers=headers)
    assert deep.status_code == 422 and "deeper than 32" in deep.json()["detail"]
    ok_depth = client.patch(
        f"/api/v1/students/{world['mine']}",
        json={"preferences": {"cities": ["长春"]}},
        headers=stu,
    )
    assert ok_depth.status_code == 200

    secret = "hunter2-secret-value"
    echo = client.post("/api/v1/auth/token", data={"password": secret})  # no username
    assert echo.status_code == 422 and secret not in echo.text

    other_exists = client.get(f"/api/v1/students/{world['other']}", headers=stu)
    nobody = client.get("/api/v1/students/no-such-student", headers=stu)
    assert other_exists.status_code == nobody.status_code == 403
    assert other_exists.json() == nobody.json()
    adv = _login(client, "adv")
    outside = client.get(f"/api/v1/students/{world['outside']}/recommendations", headers=adv)
    unknown = client.get("/api/v1/students/no-such-student/recommendations", headers=adv)
    assert outside.status_code == unknown.status_code == 403
    root = _login(client, "root")
    assert client.get("/api/v1/students/no-such-student", headers=root).status_code == 404
