"""Helpers of the API tests: a tiny simulated world served by the real app, an account per role."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from matcher.accounts import add_user
from matcher.embedding import load_embedder
from matcher.engine import build_engine, save_engine
from matcher.ingest import import_files
from matcher.simulate import simulate
from matcher.store import Store

PASSWORD = "s3cret-pass"


def build_world(
    root: Path,
    *,
    seed: int = 9,
    students: int = 60,
    positions: int = 24,
    url: str | None = None,
) -> dict:
    """Simulate, import and index a small world under ``root`` (in the store at ``url``, a new
    SQLite file by default); add an account per role."""
    simulate(root / "w", students=students, enterprises=6, positions=positions, seed=seed,
             progress=False)  # fmt: skip
    url = url or f"sqlite:///{root / 'm.db'}"
    store = Store(url)
    import_files(store, sorted((root / "w").glob("*.jsonl")))
    engine = build_engine(store, load_embedder(cache_dir=root / "cache"))
    save_engine(engine, root / "models")
    S = engine.students
    mine, other = S.ids[0], S.ids[1]
    placed = {sid for sid, g in zip(engine.pairs.student_ids, engine.pairs.grade, strict=True)
              if g >= 5}  # fmt: skip
    # The cohort with the most students still to place (for the advisor's placement plan).
    waiting = Counter(c for sid, c in zip(S.ids, S.cohort, strict=True) if c and sid not in placed)
    cohort = waiting.most_common(1)[0][0]
    outside = next(sid for sid, c in zip(S.ids, S.cohort, strict=True) if c != cohort)
    in_cohort = next(sid for sid, c in zip(S.ids, S.cohort, strict=True) if c == cohort)
    add_user(store, username="stu", role="student", password=PASSWORD, student_id=mine)
    add_user(store, username="adv", role="advisor", password=PASSWORD, cohorts=[cohort])
    add_user(
        store,
        username="ent",
        role="enterprise",
        password=PASSWORD,
        enterprise_id=engine.enterprises.ids[0],
    )
    add_user(store, username="res", role="researcher", password=PASSWORD)
    add_user(store, username="root", role="admin", password=PASSWORD)
    store.dispose()
    return {
        "root": root,
        "url": url,
        "models": root / "models",
        "mine": mine,
        "other": other,
        "in_cohort": in_cohort,
        "outside": outside,
        "cohort": cohort,
        "enterprise": engine.enterprises.ids[0],
    }


def serve_world(world: dict[str, Any], **kwargs: Any) -> TestClient:
    """A test client of the app on ``world`` (enter it to run the lifespan)."""
    app = create_app(
        models_dir=world["models"],
        database_url=world["url"],
        embedder_factory=lambda: load_embedder(cache_dir=world["root"] / "cache"),
        **kwargs,
    )
    return TestClient(app)


def login(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    """The bearer header of a fresh token for ``username``."""
    r = client.post("/api/v1/auth/token", data={"username": username, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}
