"""Shared fixtures: a fresh SQLite store per test and a clean settings cache."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from matcher.config import get_settings
from matcher.store import Store


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test gets its own database and models folder, never the developer's."""
    monkeypatch.setenv("MATCHER_DATABASE_URL", f"sqlite:///{tmp_path / 'matcher.db'}")
    monkeypatch.setenv("MATCHER_MODELS_DIR", str(tmp_path / "models"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty store in a temporary SQLite file."""
    s = Store(f"sqlite:///{tmp_path / 'store.db'}")
    yield s
    s.dispose()
