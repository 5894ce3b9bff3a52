"""Admins retrain the model from the service; the old model serves until the new one is ready."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.api.apiworld import build_world, login, serve_world


@pytest.mark.slow
def test_an_admin_retrains_and_the_learned_model_is_served(tmp_path: Path) -> None:
    # Training needs outcomes in at least two semesters: a world big enough to have them.
    world = build_world(tmp_path, seed=5, students=160, positions=64)
    with serve_world(world) as client:
        root = login(client, "root")
        served = client.app.state.served  # type: ignore[attr-defined]
        old = served.engine
        r = client.post("/api/v1/model/retrain", headers=root)
        assert r.status_code == 202, r.text
        again = client.post("/api/v1/model/retrain", headers=root)
        assert again.status_code in (202, 409)
        assert served.wait_idle(600)
        status = client.get("/api/v1/model", headers=root).json()
        assert status["last_error"] is None, status["last_error"]
        assert status["scorer"] == "learned" and status["ranker"] in {"pointwise", "listwise"}
        assert status["validation"] and served.engine is not old
        url = f"/api/v1/students/{world['mine']}/recommendations?k=3"
        recs = client.get(url, headers=login(client, "stu")).json()
        assert all(r["probability"] is not None for r in recs)
        assert client.get("/api/v1/health").json()["scorer"] == "learned"
