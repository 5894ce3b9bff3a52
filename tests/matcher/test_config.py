"""Settings: MATCHER_ environment variables, all documented in the README."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.config import Settings, get_settings

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_setting_is_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [
        f"MATCHER_{n.upper()}"
        for n in Settings.model_fields
        if f"`MATCHER_{n.upper()}`" not in text
    ]
    assert not missing, f"README settings table lacks {missing}"


def test_environment_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATCHER_IMPORT_ERROR_LIMIT", "7")
    get_settings.cache_clear()
    assert get_settings().import_error_limit == 7
