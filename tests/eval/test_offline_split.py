"""``time_split`` on pairs written by hand, without building an engine (fast enough for
``make mutation``).

Spring 2025 (2025S): s1 and s2 apply to p1, s2 is interviewed there in April; s3 applies to p2
in March and is interviewed (September) and hired (October) in the autumn. Autumn 2025 (2025A,
the test window, from 2025-08-01): s1 applies to p2. So three training pairs, one test pair, and
one training label (s3's) that the cut at 2025-08-01 moves from hire back to application.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import numpy as np
import pytest

from eval.offline.split import time_split
from matcher.errors import SplitError
from matcher.schemas import Event, Interaction
from matcher.store.history import pair_outcomes

SPRING = ["2025S"]


def _engine() -> SimpleNamespace:
    events = [
        ("s1", "p1", Event.apply, dt.datetime(2025, 3, 1)),
        ("s2", "p1", Event.apply, dt.datetime(2025, 3, 2)),
        ("s2", "p1", Event.interview, dt.datetime(2025, 4, 2)),
        ("s3", "p2", Event.apply, dt.datetime(2025, 3, 12)),
        ("s3", "p2", Event.interview, dt.datetime(2025, 9, 5)),
        ("s3", "p2", Event.hire, dt.datetime(2025, 10, 1)),
        ("s1", "p2", Event.apply, dt.datetime(2025, 9, 1)),
    ]
    rows = [
        Interaction(id=f"i{n}", student_id=s, position_id=p, event=e, timestamp=t)
        for n, (s, p, e, t) in enumerate(events)
    ]
    return SimpleNamespace(pairs=pair_outcomes(rows))


def _times(*days: str | None) -> np.ndarray:
    return np.array([np.datetime64(d, "s") if d else np.datetime64("NaT", "s") for d in days])


def test_a_split_counts_each_side_and_the_labels_the_cut_moves() -> None:
    split = time_split(_engine(), SPRING, "2025A", _times("2025-03-01", "2025-04-02", None))
    assert split.as_dict() == {
        "train": ["2025S"],
        "test": "2025A",
        "test_start": "2025-08-01",
        "train_pairs": 3,
        "test_pairs": 1,
        "labels_cut": 1,  # s3 at p2: hired in the autumn, an application before it
    }


def test_a_label_reached_in_the_test_window_is_refused_and_an_unknown_time_is_not() -> None:
    engine = _engine()
    # A label with no time (a pair without events, such as a sampled negative) says nothing.
    time_split(engine, SPRING, "2025A", _times(None, None))
    time_split(engine, SPRING, "2025A", _times())
    time_split(engine, SPRING, "2025A", _times("2025-07-31T23:59:59"))
    with pytest.raises(SplitError, match="2025-08-01T00:00:00"):
        time_split(engine, SPRING, "2025A", _times("2025-03-01", "2025-08-01", None))
    with pytest.raises(SplitError, match="counts an event of 2025-10-01"):
        time_split(engine, SPRING, "2025A", _times(None, "2025-10-01"))


def test_a_training_pair_first_seen_in_the_test_window_is_refused() -> None:
    # Trained on both semesters and tested on the autumn, the autumn's pair is on both sides.
    with pytest.raises(
        SplitError, match=r"share 1 interactions \(e.g. student s1 with position p2\)"
    ):
        time_split(_engine(), ["2025S", "2025A"], "2025A", _times())
    # Tested on the spring with the autumn as training, the training pairs start after it.
    with pytest.raises(SplitError, match="first seen at 2025-09-01"):
        time_split(_engine(), ["2025A"], "2025S", _times())


def test_a_split_with_no_training_pairs_is_empty_not_an_error() -> None:
    split = time_split(_engine(), ["2024A"], "2025A", _times())
    assert (split.train_pairs, split.test_pairs, split.labels_cut) == (0, 1, 0)
    assert split.test_start == "2025-08-01"
