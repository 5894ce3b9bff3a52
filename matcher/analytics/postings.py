"""How positions fare after they are posted: days to the first application and to filling,
and the open positions that nobody applies to.

A position is filled when as many of its pairs are placed (a hire, an accepted offer, a
completed internship) as it has openings; its days to filling run from the day it was posted to
that placement. Positions without a posting day are left out of the timings. Counted over the
served engine's pairs and position columns, as the funnel is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from matcher.analytics.derived import fill_times, first_applications, position_reach
from matcher.analytics.groups import industry_bits
from matcher.analytics.privacy import shown
from matcher.engine.snapshot import Engine
from matcher.engine.tables import TYPES
from matcher.messages import message

#: What the timings can be grouped by.
TIMING_GROUPS: tuple[str, ...] = ("industry", "type", "enterprise")
#: An open position posted at least this many days ago with no application is listed.
QUIET_DAYS = 14


@dataclass(frozen=True)
class PostingTiming:
    """One group's positions: how many drew an application or were filled, and how soon."""

    group: str
    label: str
    positions: int
    applied: int
    days_to_application: float | None  # median over those applied to
    filled: int
    days_to_fill: float | None  # median over those filled

    def as_dict(self) -> dict[str, Any]:
        """The row as JSON wants it."""
        return {
            "group": self.group,
            "label": self.label,
            "positions": self.positions,
            "applied": self.applied,
            "days_to_application": self.days_to_application,
            "filled": self.filled,
            "days_to_fill": self.days_to_fill,
        }


@dataclass(frozen=True)
class QuietPosition:
    """An open position nobody has applied to: how long it has been posted and how many
    students saw it (``None`` for one to four, as every small count)."""

    position_id: str
    title: str
    enterprise_id: str
    enterprise: str
    posted: str
    days: int
    shown_to: int | None
    viewed_by: int | None

    def as_dict(self) -> dict[str, Any]:
        """The row as JSON wants it."""
        return dict(self.__dict__)


def _days(later: np.ndarray, posted: np.ndarray) -> np.ndarray:
    """Days from ``posted`` (datetime64[D]) to ``later`` (datetime64[s]), as floats; NaN where
    either is NaT (a difference with NaT cast to a number is the smallest integer, not NaN)."""
    span = later.astype("datetime64[s]") - posted.astype("datetime64[s]")
    missing = np.isnat(span)
    return np.where(missing, np.nan, span.astype(np.int64) / 86400.0)


def posting_timings(
    engine: Engine, by: str = "industry", *, enterprise_id: str | None = None, lang: str = "zh"
) -> list[PostingTiming]:
    """Per group of positions (posted ones), the share applied to and filled, and the median
    days to each; ``enterprise_id`` keeps one enterprise's positions."""
    if by not in TIMING_GROUPS:
        raise ValueError(f"cannot group postings by {by!r}; one of {list(TIMING_GROUPS)}")
    T, E = engine.positions, engine.enterprises
    chosen = ~np.isnat(T.posted)
    if enterprise_id is not None:
        row = E.index.get(enterprise_id)
        chosen &= T.enterprise == (-1 if row is None else row)
    to_application = _days(first_applications(engine), T.posted)
    to_fill = _days(fill_times(engine), T.posted)
    rows = np.flatnonzero(chosen)
    if by == "industry":  # a position counts in each industry of its enterprise
        bits, keys, labels = industry_bits(engine, lang)
        inside = [rows[(bits[rows] >> i) & 1 == 1] for i in range(len(keys))]
        codes = np.concatenate([np.full(r.size, i, np.int64) for i, r in enumerate(inside)])
        rows = np.concatenate(inside)
    elif by == "type":
        keys = [t.value for t in TYPES]
        labels = [message(f"type_{k}", lang) for k in keys]
        codes = T.type[rows].astype(np.int64)
    else:
        keys, labels = E.ids, E.name
        codes = T.enterprise[rows].astype(np.int64)
    n = len(keys)
    positions = np.bincount(codes, minlength=n)
    applied, days_applied = _grouped_medians(codes, to_application[rows], n)
    filled, days_filled = _grouped_medians(codes, to_fill[rows], n)
    out = [
        PostingTiming(
            str(keys[g]),
            str(labels[g]),
            int(positions[g]),
            int(applied[g]),
            days_applied[g],
            int(filled[g]),
            days_filled[g],
        )
        for g in np.flatnonzero(positions).tolist()
    ]
    out.sort(key=lambda r: (-r.positions, r.group))
    return out


def _grouped_medians(
    codes: np.ndarray, values: np.ndarray, n: int
) -> tuple[np.ndarray, list[float | None]]:
    """Per group, how many values are not NaN and their median (``None`` for none), with one
    sort of all the values rather than a pass per group."""
    keep = ~np.isnan(values)
    codes, values = codes[keep], values[keep]
    order = np.lexsort((values, codes))
    codes, values = codes[order], values[order]
    counts = np.bincount(codes, minlength=n)
    starts = np.cumsum(counts) - counts
    medians: list[float | None] = [None] * n
    for g in np.flatnonzero(counts).tolist():
        lo = starts[g] + (counts[g] - 1) // 2
        hi = starts[g] + counts[g] // 2
        medians[g] = round(float((values[lo] + values[hi]) / 2), 1)
    return counts, medians


def quiet_positions(
    engine: Engine,
    *,
    today: np.datetime64,
    enterprise_id: str | None = None,
    min_days: int = QUIET_DAYS,
    limit: int = 100,
) -> list[QuietPosition]:
    """Open positions posted at least ``min_days`` before ``today`` that no student applied
    to, the longest waiting first (at most ``limit``)."""
    T, E = engine.positions, engine.enterprises
    day = np.datetime64(today, "D")
    chosen = T.is_open & ~np.isnat(T.posted) & (T.posted <= day - np.timedelta64(min_days, "D"))
    chosen &= np.isnat(first_applications(engine))
    if enterprise_id is not None:
        row = E.index.get(enterprise_id)
        chosen &= T.enterprise == (-1 if row is None else row)
    shown_to, viewed_by = position_reach(engine)
    rows = np.flatnonzero(chosen)
    rows = rows[np.lexsort((rows, T.posted[rows]))][:limit]
    out = []
    for r in rows.tolist():
        e = int(T.enterprise[r])
        out.append(
            QuietPosition(
                position_id=str(T.ids[r]),
                title=str(T.title[r]),
                enterprise_id=str(E.ids[e]),
                enterprise=str(E.name[e]),
                posted=str(T.posted[r]),
                days=int((day - T.posted[r]).astype(int)),
                shown_to=int(shown_to[r]) if shown(int(shown_to[r])) or not shown_to[r] else None,
                viewed_by=int(viewed_by[r])
                if shown(int(viewed_by[r])) or not viewed_by[r]
                else None,
            )
        )
    return out
