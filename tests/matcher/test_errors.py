"""The matcher's errors (matcher.errors)."""

from __future__ import annotations


def test_errors_a_user_can_act_on_speak_both_languages() -> None:
    from matcher.errors import NobodyToPlace

    error = NobodyToPlace("nobody in this selection is left to place", key="nobody_left")
    assert str(error) == error.localized("en") == "nobody in this selection is left to place"
    assert error.localized("zh") == "所选范围内的学生均已落实，无需安置"
    plain = NobodyToPlace("no key")
    assert plain.localized("zh") == "no key"
