"""Skill extraction measured on the project's hand-labelled sentences."""

from __future__ import annotations

import pytest

from eval.extraction import DEFAULT_LABELLED, evaluate_extraction, read_labelled
from matcher.text.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def rows() -> list[dict[str, object]]:
    return read_labelled(DEFAULT_LABELLED)


def test_labelled_set_is_bilingual_and_big_enough(rows: list[dict[str, object]]) -> None:
    langs = [r["lang"] for r in rows]
    assert langs.count("zh") >= 30 and langs.count("en") >= 30


def test_labels_are_known_skills(rows: list[dict[str, object]]) -> None:
    tax = load_taxonomy()
    unknown = {s for r in rows for s in r["skills"] if s not in tax}  # type: ignore[union-attr]
    assert not unknown


def test_extraction_quality_floor(rows: list[dict[str, object]]) -> None:
    # A floor well below the measured figures in the README: it fails on a real regression.
    scores = evaluate_extraction(load_taxonomy(), rows)
    for lang in ("zh", "en"):
        assert scores[lang].precision >= 0.80, (lang, scores[lang].as_dict())
        assert scores[lang].recall >= 0.70, (lang, scores[lang].as_dict())
