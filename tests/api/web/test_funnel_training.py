"""What users do on the pages is the ranker's next training data.

A scripted season of page actions (students apply after the check page, the enterprise
invites to interview, offers and rejects, students accept and decline) goes through the pages
as a browser would post them; then the admin's retrain button rebuilds and retrains, and every
scripted pair is in the training pairs with the grade of the furthest step it reached.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient

from matcher.engine.persist import load_engine
from matcher.rules import GRADES
from matcher.schemas import Event
from matcher.store.accounts import add_user
from matcher.store.database import Store
from matcher.store.history import semester_of
from tests.api.apiworld import PASSWORD, build_world, serve_world


@pytest.fixture(scope="module")
def season(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    world = build_world(
        tmp_path_factory.mktemp("funnel"), seed=21, students=60, positions=24, enterprises=6
    )
    store = Store(world["url"])
    engine = load_engine(world["models"])
    P, S = engine.positions, engine.students
    position = next(
        p for p in range(len(P)) if P.is_open[p] and P.openings[p] >= 1 and P.min_degree[p] == 0
    )
    pid = P.ids[position]
    fresh = [sid for sid in S.ids if not store.pair_events(sid, pid)][:4]
    assert len(fresh) == 4, "four students who never met the position"
    eid = engine.enterprises.ids[P.enterprise[position]]
    add_user(store, username="firm", role="enterprise", password=PASSWORD, enterprise_id=eid)
    for i, sid in enumerate(fresh):
        add_user(store, username=f"cand{i}", role="student", password=PASSWORD, student_id=sid)
    store.dispose()
    with serve_world(world) as client:
        yield {"client": client, "world": world, "position": pid, "students": fresh}


def _as(client: TestClient, username: str) -> None:
    client.cookies.clear()
    r = client.post("/login", data={"username": username, "password": PASSWORD})
    assert r.status_code == 200 and "/me" in str(r.url), r.text[:200]


def _post(client: TestClient, url: str, **form: Any) -> None:
    r = client.post(url, data=form, follow_redirects=False)
    assert r.status_code == 303, (url, r.status_code, r.text[:300])


def test_a_season_of_page_actions_is_the_next_training_data(season: dict[str, Any]) -> None:
    client, pid, students = season["client"], season["position"], season["students"]
    furthest = {students[0]: Event.accept, students[1]: Event.decline,
                students[2]: Event.reject, students[3]: Event.interview}  # fmt: skip
    for i in range(4):  # each applies, after the check page
        _as(client, f"cand{i}")
        assert "confirm-apply" in client.get(f"/positions/{pid}/apply").text
        _post(client, f"/positions/{pid}/apply")
    _as(client, "firm")
    _post(client, f"/me/positions/{pid}/decide", event="interview",
          student=[students[0], students[1], students[3]])  # fmt: skip
    _post(client, f"/me/positions/{pid}/decide", event="reject", student=[students[2]])
    _post(client, f"/me/positions/{pid}/decide", event="offer",
          student=[students[0], students[1]])  # fmt: skip
    for i, answer in ((0, "accept"), (1, "decline")):
        _as(client, f"cand{i}")
        _post(client, f"/me/offers/{pid}/{answer}")

    store = client.app.state.store  # type: ignore[attr-defined]
    recorded = store.interactions_of(position_ids=[pid], student_ids=students)
    assert {(it.student_id, it.event.value) for it in recorded} >= {
        (sid, e.value) for sid, e in furthest.items()
    }

    # The admin retrains from the pages; the new version learns from those events.
    add_user(store, username="boss", role="admin", password=PASSWORD)
    _as(client, "boss")
    _post(client, "/me/model/retrain")
    served = client.app.state.served  # type: ignore[attr-defined]
    assert served.wait_idle(timeout=600), "the retraining finishes"
    assert served.status()["last_error"] is None, served.status()["last_error"]
    engine = served.engine
    assert engine.ranker is not None and engine.manifest["training"]["chosen"]

    from matcher.ranking.training import training_pairs

    # The served model is refit on every row of the training pairs (every semester; the
    # still-running one is left out of choosing between rankers, not out of the fit).
    data, _, _ = training_pairs(engine)
    p = engine.positions.index[pid]
    for sid, event in furthest.items():
        s = engine.students.index[sid]
        rows = np.flatnonzero((data.student == s) & (data.position == p))
        assert rows.size == 1, f"the pair {sid} × {pid} is a training pair"
        assert data.y[rows[0]] == GRADES[event], (sid, event, data.y[rows[0]])
        assert data.semester[rows[0]] == semester_of(engine.pairs.first_seen.max().item())
    assert load_engine(season["world"]["models"]).directory == engine.directory
