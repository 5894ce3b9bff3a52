"""Training labels count only events before the window they are validated on.

A hand-made store of two semesters: five students apply and are interviewed in the spring
(2025S) and again in the autumn (2025A), so the autumn is the validation window; one more
student applies in the spring and is interviewed and hired in the autumn.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from eval.offline.split import time_split
from matcher.engine.build import build_engine
from matcher.errors import SplitError
from matcher.ranking.training import training_pairs
from matcher.retrieval.embedding import load_embedder
from matcher.schemas import Enterprise, Event, Interaction, Position, Student
from matcher.store.database import Store

LATE = ("s6", "p3")  # applied in the spring, interviewed and hired in the autumn


def _events() -> list[Interaction]:
    out: list[tuple[str, str, Event, dt.datetime]] = []
    for i in range(1, 6):
        s = f"s{i}"
        out += [
            (s, "p1", Event.apply, dt.datetime(2025, 3, i)),
            (s, "p1", Event.interview, dt.datetime(2025, 4, i)),
            (s, "p2", Event.apply, dt.datetime(2025, 9, i)),
            (s, "p2", Event.interview, dt.datetime(2025, 10, i)),
        ]
    out += [
        (*LATE, Event.apply, dt.datetime(2025, 3, 12)),
        (*LATE, Event.interview, dt.datetime(2025, 9, 5)),
        (*LATE, Event.hire, dt.datetime(2025, 10, 1)),
    ]
    return [
        Interaction(id=f"i{n}", student_id=s, position_id=p, event=e, timestamp=t)
        for n, (s, p, e, t) in enumerate(out)
    ]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root: Path = tmp_path_factory.mktemp("window")
    store = Store(f"sqlite:///{root / 'm.db'}")
    titles = {"p1": "光学设计工程师 Zemax", "p2": "激光器调试工程师", "p3": "嵌入式软件工程师 C++"}
    with store.session() as s:
        store.upsert(
            s, "enterprises", [Enterprise(id="e1", name="长光", sectors=["optics"], city="长春")]
        )
        store.upsert(
            s,
            "positions",
            [
                Position(id=p, enterprise_id="e1", title=t, city="长春", openings=2)
                for p, t in titles.items()
            ],
        )
        students = [
            Student(id=f"s{i}", major="光电信息科学与工程", degree="bachelor",
                    graduation_year=2026, skills=["Zemax", "C++"])
            for i in range(1, 7)
        ]  # fmt: skip
        store.upsert(s, "students", students)
        store.upsert(s, "interactions", _events())
    built = build_engine(store, load_embedder())
    store.dispose()
    return built


def _row(engine: Any, data: Any, pair: tuple[str, str]) -> int:
    s, p = engine.students.index[pair[0]], engine.positions.index[pair[1]]
    rows = np.flatnonzero((data.student == s) & (data.position == p))
    assert rows.size == 1, pair
    return int(rows[0])


def test_training_sees_the_application_not_the_later_hire(engine: Any) -> None:
    data, validation, train = training_pairs(engine, negatives_per_query=0)
    assert (validation, train) == ("2025A", ["2025S"])
    row = _row(engine, data, LATE)
    assert data.semester[row] == "2025S"
    assert data.y[row] == 2  # graded as of 2025-08-01: the application
    assert data.y_full[row] == 5  # the final refit of the served model may know the hire
    assert data.label_time[row] == np.datetime64("2025-03-12T00:00:00")
    # Pairs that ended before the window, and the window's own pairs, keep their grades.
    assert data.y[_row(engine, data, ("s1", "p1"))] == 3
    assert data.y[_row(engine, data, ("s1", "p2"))] == 3
    in_train = np.isin(np.array(data.semester), train)
    assert data.y[in_train].max() == 3 and data.y_full[in_train].max() == 5
    assert (data.label_time[in_train] < np.datetime64("2025-08-01")).all()


def test_the_offline_split_accepts_these_labels_and_refuses_the_full_ones(engine: Any) -> None:
    data, test, train = training_pairs(engine, negatives_per_query=0)
    in_train = np.isin(np.array(data.semester), train)
    split = time_split(engine, train, test, data.label_time[in_train])
    assert (split.test, split.test_start, split.train_pairs) == ("2025A", "2025-08-01", 6)
    assert split.labels_cut == 1  # the late pair's interview and hire are left out
    # Graded with every event, the late pair's label counts its hire of 2025-10-01.
    row = _row(engine, data, LATE)
    leaky = data.label_time[in_train].copy()
    leaky[np.flatnonzero(in_train).tolist().index(row)] = np.datetime64("2025-10-01T00:00:00")
    with pytest.raises(SplitError, match="2025-10-01T00:00:00"):
        time_split(engine, train, test, leaky)
