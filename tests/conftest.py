"""Shared fixtures: a fresh store per test, isolated settings, and a database on each backend.

``database_url`` is parametrized over ``sqlite`` and ``postgresql``: each test that asks for it
runs once per backend on an empty database of its own, and ``MATCHER_DATABASE_URL`` points at
it. The PostgreSQL run needs ``MATCHER_TEST_POSTGRES_URL`` (``.ci/run`` sets it): without it
that run is skipped, unless ``MATCHER_REQUIRE_POSTGRES=1``, when it fails. On PostgreSQL each
test gets a new schema (``search_path`` set in the URL's ``options``), dropped afterwards: much
faster than a database per test, and as isolated for the store, which names no schema.

Worlds too costly to build twice (a served world, a browser's) run on one backend,
:func:`one_backend`: PostgreSQL when it is configured or required (as in CI), else SQLite.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url
from sqlalchemy.pool import NullPool

from matcher.config import get_settings
from matcher.store.database import Store

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session", autouse=True)
def shared_embedding_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One embedding cache for the session: the same texts (worlds simulated from the same seed)
    are encoded by the real model once, not once per test. Set before any fixture of a wider
    scope builds a world, and inherited by the servers and commands tests start."""
    path = tmp_path_factory.mktemp("embeddings")
    before = os.environ.get("MATCHER_EMBEDDING_CACHE")
    os.environ["MATCHER_EMBEDDING_CACHE"] = str(path)
    get_settings.cache_clear()
    yield path
    if before is None:
        os.environ.pop("MATCHER_EMBEDDING_CACHE", None)
    else:
        os.environ["MATCHER_EMBEDDING_CACHE"] = before
    get_settings.cache_clear()


@pytest.fixture(autouse=True)
def _isolated_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_embedding_cache: Path
) -> Iterator[None]:
    """Every test gets its own database and models folder, never the developer's; embeddings
    are cached for the session (``MATCHER_EMBEDDING_CACHE``, which subprocesses inherit)."""
    monkeypatch.setenv("MATCHER_DATABASE_URL", f"sqlite:///{tmp_path / 'matcher.db'}")
    monkeypatch.setenv("MATCHER_MODELS_DIR", str(tmp_path / "models"))
    monkeypatch.setenv("MATCHER_EMBEDDING_CACHE", str(shared_embedding_cache))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty store in a temporary SQLite file."""
    s = Store(f"sqlite:///{tmp_path / 'store.db'}")
    yield s
    s.dispose()


def postgres_base_url() -> str | None:
    """The test server's URL; skips (or fails, when PostgreSQL is required) without one."""
    url = os.environ.get("MATCHER_TEST_POSTGRES_URL")
    if url:
        return url
    if os.environ.get("MATCHER_REQUIRE_POSTGRES") == "1":
        pytest.fail(
            "MATCHER_REQUIRE_POSTGRES=1 but MATCHER_TEST_POSTGRES_URL is not set", pytrace=False
        )
    pytest.skip("MATCHER_TEST_POSTGRES_URL is not set")
    return None  # pragma: no cover - skip raises


@contextmanager
def fresh_database(backend: str, folder: Path) -> Iterator[str]:
    """The URL of a new, empty database on ``backend``, removed afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / f'db-{uuid.uuid4().hex[:8]}.sqlite'}"
        return
    base = postgres_base_url()
    assert base is not None
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, poolclass=NullPool)
    try:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            # A test that leaks an open transaction would make the drop wait: fail instead.
            conn.exec_driver_sql("SET LOCAL lock_timeout = '10s'")
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()


def one_backend() -> str:
    """The backend of a test that runs on one: ``postgresql`` when the test server is
    configured or required (CI), else ``sqlite``."""
    wanted = os.environ.get("MATCHER_TEST_POSTGRES_URL") or (
        os.environ.get("MATCHER_REQUIRE_POSTGRES") == "1"
    )
    return "postgresql" if wanted else "sqlite"


#: Databases of :func:`session_database`, dropped when the session ends.
_SESSION_DATABASES = ExitStack()


def session_database(folder: Path) -> str:
    """The URL of a new, empty database on :func:`one_backend` that lasts the session: for a
    world built where no fixture of this module can drop it (SQLite files go with ``folder``)."""
    return _SESSION_DATABASES.enter_context(fresh_database(one_backend(), folder))


@pytest.fixture(scope="session", autouse=True)
def _drop_session_databases() -> Iterator[None]:
    """Drop the databases :func:`session_database` made, once their servers have stopped."""
    yield
    _SESSION_DATABASES.close()


@pytest.fixture(params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """URL of an empty database of this test's own, once per backend; also the settings' URL."""
    with fresh_database(request.param, tmp_path) as url:
        monkeypatch.setenv("MATCHER_DATABASE_URL", url)
        get_settings.cache_clear()
        yield url


@pytest.fixture(scope="module", params=BACKENDS)
def module_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """Like ``database_url`` but shared by a module's tests (for module-scoped worlds).

    It does not set ``MATCHER_DATABASE_URL`` (the per-test settings fixture would undo it):
    pass the URL on, e.g. ``create_app(database_url=...)`` or ``monkeypatch.setenv``.
    """
    with fresh_database(request.param, tmp_path_factory.mktemp("db")) as url:
        yield url
