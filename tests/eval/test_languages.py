"""The cross-language table of the offline evaluation on a grid whose answer is known."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from eval.offline.common import DIRECTIONS
from eval.offline.grid import PairGrid
from eval.offline.languages import cross_language
from eval.offline.systems import Scores
from matcher.engine.tables import LANGS


def _codes(*names: str) -> np.ndarray:
    return np.array([LANGS.index(n) for n in names], dtype=np.int8)


def test_each_language_pair_ranks_only_its_own_records() -> None:
    s_langs = ("zh", "en", "zh", "mixed")
    p_langs = ("zh", "en", "en", "mixed", "zh")
    engine = SimpleNamespace(
        students=SimpleNamespace(lang=_codes(*s_langs)),
        positions=SimpleNamespace(lang=_codes(*p_langs)),
    )
    grid = PairGrid(
        students=np.arange(4), positions=np.arange(5), X=np.zeros((4, 5, 1)),
        bm25_ps=np.zeros((4, 5)), chars_sp=np.zeros((4, 5)), chars_ps=np.zeros((4, 5)),
    )  # fmt: skip
    stu = [f"s{i}" for i in range(4)]
    pos = [f"p{j}" for j in range(5)]
    rng = np.random.default_rng(0)
    grades = rng.integers(0, 4, size=(4, 5))
    grades[:, 3] = 3  # the mixed position is the best for everyone: it must not count
    sp = {s: {p: int(grades[i, j]) for j, p in enumerate(pos)} for i, s in enumerate(stu)}
    ps = {p: {s: int(grades[i, j]) for i, s in enumerate(stu)} for j, p in enumerate(pos)}
    scores = Scores()
    scores.add("perfect", grades.astype(float))
    scores.add("inverse", -grades.astype(float))
    out = cross_language(
        engine, grid, scores, {DIRECTIONS[0]: sp, DIRECTIONS[1]: ps}, stu, pos,
        systems=("perfect", "inverse"),
    )  # fmt: skip
    assert out["one_language_share"] == {"students": 0.75, "positions": 0.8}
    forward = out[DIRECTIONS[0]]
    # Chinese-only students s0 and s2 against English-only positions p1 and p2.
    expected_cross = sum(bool(grades[i, [1, 2]].any()) for i in (0, 2)) + bool(
        grades[1, [0, 4]].any()
    )
    assert forward["queries"]["zh→en"] + forward["queries"]["en→zh"] == expected_cross
    perfect = forward["systems"]["perfect"]
    for key in ("same", "cross", "zh→en"):
        if perfect[key] is not None:
            assert perfect[key] == 1.0, key
    assert forward["systems"]["inverse"]["cross"] < 1.0
    assert set(out[DIRECTIONS[1]]["queries"]) == {"zh→zh", "en→en", "zh→en", "en→zh"}
