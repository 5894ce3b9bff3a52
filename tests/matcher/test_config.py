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


def test_fusion_weights_merge_per_channel(monkeypatch: pytest.MonkeyPatch) -> None:
    from matcher.retrieval.fusion import DEFAULT_WEIGHTS, weights_for

    assert weights_for("zh") == DEFAULT_WEIGHTS["zh"]
    monkeypatch.setenv("MATCHER_FUSION_WEIGHTS", '{"zh": {"dense": 1.0}}')
    get_settings.cache_clear()
    zh = weights_for("zh")
    assert zh["dense"] == 1.0
    assert {c: w for c, w in zh.items() if c != "dense"} == {
        c: w for c, w in DEFAULT_WEIGHTS["zh"].items() if c != "dense"
    }
    assert weights_for("en") == DEFAULT_WEIGHTS["en"]
    assert weights_for("klingon") == DEFAULT_WEIGHTS["none"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('{"fr": {"dense": 1.0}}', "unknown language"),
        ('{"zh": {"colour": 1.0}}', "unknown channel"),
        ('{"zh": {"dense": -1}}', "must not be negative"),
    ],
)
def test_bad_fusion_weights_are_refused(
    monkeypatch: pytest.MonkeyPatch, value: str, message: str
) -> None:
    monkeypatch.setenv("MATCHER_FUSION_WEIGHTS", value)
    with pytest.raises(ValueError, match=message):
        Settings()
