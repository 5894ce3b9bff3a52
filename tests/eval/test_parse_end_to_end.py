"""Recommendations from résumés read back against the typed profiles, on a small world."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.parsing.end_to_end import end_to_end


@pytest.mark.slow  # two engines are built (about a minute here)
def test_parsed_profiles_are_compared_with_typed_ones(tmp_path: Path) -> None:
    result = end_to_end(tmp_path, students=80, enterprises=8, positions=40, sample=12, seed=3)
    assert result["students"] == 12
    assert 0 <= result["overlap@10"] <= 1
    assert 0 < result["ndcg@10_typed"] <= 1 and 0 < result["ndcg@10_parsed"] <= 1
    assert result["skills_read_per_resume"] > 0
