"""The one rule of every analytics view: no group of fewer than five students is shown."""

from __future__ import annotations

#: Smallest number of distinct students a shown figure may describe; a smaller group's cells
#: are suppressed (left empty) and the view says so.
MIN_GROUP = 5


def shown(students: int) -> bool:
    """Whether a group of ``students`` distinct students may be shown."""
    return students >= MIN_GROUP
