"""Skill extraction quality on a hand-labelled set: micro precision and recall per language.

The labelled file is JSONL, one sentence per line:
``{"text": "...", "lang": "zh" | "en", "skills": ["canonical_id", ...]}``. A prediction counts as
correct when its canonical id is among the sentence's labels (set semantics per sentence).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from matcher.text.taxonomy import Taxonomy

#: The project's own labelled set (written by hand, independent of the aliases' author).
DEFAULT_LABELLED = Path(__file__).resolve().parent / "data" / "skill_extraction_labelled.jsonl"


@dataclass
class ExtractionScore:
    """Counts and micro-averaged precision/recall/F1 of one group of sentences."""

    sentences: int = 0
    true_positives: int = 0
    predicted: int = 0
    gold: int = 0
    false_positives: list[tuple[str, str]] = field(default_factory=list)
    false_negatives: list[tuple[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Correct predictions over all predictions."""
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """Correct predictions over all labels."""
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        """The figures for JSON output."""
        return {
            "sentences": self.sentences,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "predicted": self.predicted,
            "gold": self.gold,
        }


def read_labelled(path: Path) -> list[dict[str, object]]:
    """Read the labelled JSONL file; a bad line raises ``ValueError`` with ``FILE:LINE``."""
    rows = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if not isinstance(row.get("text"), str) or not isinstance(row.get("skills"), list):
                    raise ValueError("needs 'text' (string) and 'skills' (list)")
            except (json.JSONDecodeError, ValueError, AttributeError) as exc:
                raise ValueError(f"{path}:{number}: {exc}") from None
            rows.append(row)
    return rows


def evaluate_extraction(
    taxonomy: Taxonomy, rows: list[dict[str, object]]
) -> dict[str, ExtractionScore]:
    """Score extraction per language (``zh``, ``en``) and over ``all`` sentences."""
    scores: dict[str, ExtractionScore] = defaultdict(ExtractionScore)
    for row in rows:
        text = str(row["text"])
        gold = {str(s) for s in row["skills"]}  # type: ignore[union-attr]
        predicted = set(taxonomy.extract_ids(text))
        for key in (str(row.get("lang", "all")), "all"):
            score = scores[key]
            score.sentences += 1
            score.gold += len(gold)
            score.predicted += len(predicted)
            score.true_positives += len(gold & predicted)
            score.false_positives += [(text, s) for s in sorted(predicted - gold)]
            score.false_negatives += [(text, s) for s in sorted(gold - predicted)]
    return dict(scores)
