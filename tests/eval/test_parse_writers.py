"""The résumé writer of the labelled documents (eval.parsing.writers) on records the simulator
can now make."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from eval.parsing.writers import resume_text

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample" / "students.jsonl"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_resume_of_a_student_whose_skills_the_taxonomy_does_not_know(lang: str) -> None:
    """A written skill may lie outside the taxonomy (issue #20): a student with only such skills
    has none for a project to use, and her projects are written without naming one (this
    raised IndexError)."""
    with SAMPLE.open(encoding="utf-8") as fh:
        record = next(r for r in map(json.loads, fh) if r.get("projects"))
    record["skills"] = ["Qwerty Studio 9", "某某内部工具"]
    content = resume_text(record, lang, style=3, rng=random.Random(5))
    projects = next(s for s in content.sections if s.key == "projects")
    kinds = [i.kind for i in projects.items]
    assert kinds[0] == "entry" and "bullet" in kinds
    assert all(i.text for i in projects.items)
