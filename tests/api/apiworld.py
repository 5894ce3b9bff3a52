"""Helpers of the API tests: a tiny simulated world served by the real app, an account per role."""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

from api.app import create_app
from matcher.config import get_settings
from matcher.engine.build import build_engine
from matcher.engine.persist import load_engine, save_engine, staleness
from matcher.retrieval.embedding import load_embedder
from matcher.rules import placed_students
from matcher.simulate import simulate
from matcher.store.accounts import add_user
from matcher.store.database import Store
from matcher.store.ingest import import_files

PASSWORD = "s3cret-pass"
#: Seconds a test server may take to answer its first health check (a loaded machine is slow).
SERVER_START_S = 180


def build_world(
    root: Path,
    *,
    seed: int = 9,
    students: int = 60,
    positions: int = 24,
    enterprises: int = 6,
    url: str | None = None,
) -> dict:
    """Simulate, import and index a small world under ``root`` (in the store at ``url``, a new
    SQLite file by default); add an account per role.

    The world of the same parameters is made once per test session (in SQLite) and copied: its
    records and models, and in SQLite its store, the same bytes as a new one in a fraction of
    the time. Another backend (PostgreSQL) imports the copied records; the models, which
    depend on the records and not on the backend, are kept when the store matches them (same
    write generation, see :func:`staleness`) and built again otherwise.
    """
    url = url or f"sqlite:///{root / 'm.db'}"
    template = _template(seed, students, positions, enterprises)
    shutil.copytree(template / "w", root / "w")
    shutil.copytree(template / "models", root / "models")
    if url.startswith("sqlite:///"):
        with sqlite3.connect(template / "m.db") as source, sqlite3.connect(url[10:]) as target:
            source.backup(target)
        store = Store(url)
    else:
        store = Store(url)
        import_files(store, sorted((root / "w").glob("*.jsonl")))
        if staleness(root / "models", store, get_settings().embedding_model) is not None:
            shutil.rmtree(root / "models")
            save_engine(build_engine(store, load_embedder()), root / "models")
    engine = load_engine(root / "models")
    S = engine.students
    mine, other = S.ids[0], S.ids[1]
    placed = placed_students(engine.pairs)
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


#: Worlds made in this session, by (seed, students, positions, enterprises), before accounts.
_TEMPLATES: dict[tuple[int, int, int, int], Path] = {}


def _template(seed: int, students: int, positions: int, enterprises: int) -> Path:
    """The folder of a world of these parameters in SQLite, made on first use."""
    key = (seed, students, positions, enterprises)
    if key not in _TEMPLATES:
        folder = Path(tempfile.mkdtemp(prefix="matcher-world-"))
        atexit.register(shutil.rmtree, folder, True)
        simulate(folder / "w", students=students, enterprises=enterprises, positions=positions,
                 seed=seed, progress=False)  # fmt: skip
        store = Store(f"sqlite:///{folder / 'm.db'}")
        import_files(store, sorted((folder / "w").glob("*.jsonl")))
        save_engine(build_engine(store, load_embedder()), folder / "models")
        store.dispose()
        _TEMPLATES[key] = folder
    return _TEMPLATES[key]


def new_position(world: dict[str, Any], pid: str, **extra: Any) -> dict[str, Any]:
    """The body of a new position ``pid`` of the world's enterprise account."""
    return {
        "id": pid,
        "enterprise_id": world["enterprise"],
        "title": "光学镜头装调工程师",
        "description": "负责光学镜头装调与检测，使用Zemax进行光学设计。",
        "required_skills": ["Zemax", "光学设计"],
        "city": "长春",
        "openings": 2,
        **extra,
    }


def serve_world(world: dict[str, Any], **kwargs: Any) -> TestClient:
    """A test client of the app on ``world`` (enter it to run the lifespan)."""
    app = create_app(
        models_dir=world["models"],
        database_url=world["url"],
        embedder_factory=lambda: load_embedder(),
        **kwargs,
    )
    return TestClient(app)


def login(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    """The bearer header of a fresh token for ``username``."""
    r = client.post("/api/v1/auth/token", data={"username": username, "password": password})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def http_login(base: str, username: str, password: str = PASSWORD) -> dict[str, str]:
    """The bearer header of a fresh token from a running server at ``base``."""
    form = {"username": username, "password": password}
    answer = httpx.post(f"{base}/api/v1/auth/token", data=form, timeout=30)
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def until(check: Any, seconds: float = 120, every: float = 0.1) -> Any:
    """``check()``'s first truthy answer, asked every ``every`` s; fails after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(every)
    raise AssertionError(f"not within {seconds} s")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_server(
    world: dict[str, Any],
    *args: str,
    env: dict[str, str] | None = None,
    fault: tuple[str, ...] = (),
) -> Iterator[str]:
    """``matcher serve`` on ``world`` in a subprocess (extra ``args`` and settings ``env``;
    ``fault`` arms :mod:`tests.killpoints` in it); yields its base URL. Its output goes to
    ``serve-PORT.log`` in the world's folder, whose end a failure to start quotes."""
    port = free_port()
    env = {
        **os.environ,
        "MATCHER_DATABASE_URL": world["url"],
        "MATCHER_MODELS_DIR": str(world["models"]),
        **(env or {}),
    }
    command = ["-m", "tests.killpoints", *fault, "--"] if fault else ["-m", "matcher"]
    log = Path(world["root"]) / f"serve-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, *command, "serve", "--port", str(port), *args],
            env=env,
            cwd=Path(__file__).resolve().parents[2],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                said = log.read_text(errors="replace")[-2000:]
                raise AssertionError(f"the server did not come up; it said:\n{said}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)
