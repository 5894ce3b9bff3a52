"""The two kinds of truth: the simulator's hidden graded relevance of every pair
(:func:`matcher.simulate.truth.hidden_truth`) and the observed outcomes of the test window."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any


def _transpose(qrels: Mapping[str, Mapping[str, int]]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for q, docs in qrels.items():
        for d, g in docs.items():
            out[d][q] = g
    return dict(out)


def observed_truth(engine: Any, test: str, students: set[str]) -> dict[str, Any]:
    """Graded outcomes of the test window (apply 1 … hire 4) in both directions."""
    from matcher.rules import APPLY_GRADE

    pairs = engine.pairs
    sp: dict[str, dict[str, int]] = defaultdict(dict)
    for i in range(len(pairs.grade)):
        if pairs.semester[i] != test or pairs.grade[i] < APPLY_GRADE:
            continue
        sid, pid = pairs.student_ids[i], pairs.position_ids[i]
        if sid in students and pid in engine.positions.index:
            sp[sid][pid] = int(pairs.grade[i]) - APPLY_GRADE + 1
    return {"student_to_position": dict(sp), "position_to_student": _transpose(sp)}
