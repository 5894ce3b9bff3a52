"""Domain rules that the command line, the service, the pages and the evaluation share.

Each rule has one function here; nothing else decides it again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from matcher.schemas import Event
from matcher.store.history import GRADES

if TYPE_CHECKING:
    from matcher.store.history import PairOutcomes


def recommendation_day(clock: np.datetime64, as_of: np.datetime64 | None = None) -> np.datetime64:
    """The moment recommendations are made at: ``as_of`` when given, else ``MATCHER_TODAY``,
    else ``clock`` (the time of the store's latest event, so that a replayed or simulated world
    is seen as of its own time)."""
    if as_of is not None:
        return np.datetime64(as_of)
    from matcher.config import get_settings

    today = get_settings().today
    return clock if today is None else np.datetime64(today, "D")


def placed_students(pairs: PairOutcomes) -> set[str]:
    """Students who already hold a place: hired, an offer accepted or an internship completed."""
    placed = GRADES[Event.hire]
    return {sid for sid, g in zip(pairs.student_ids, pairs.grade, strict=True) if g >= placed}
