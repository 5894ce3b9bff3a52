"""Whether enterprises answer their applicants: per enterprise, the applications it received and
how many it answered (an interview, an offer, a rejection or a hire), counted in SQL.

An enterprise that never answers leaves students waiting; the centre calls it. A row of fewer
than five distinct applicants is suppressed, as every analytics view is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, cast, func, select

from matcher.analytics.privacy import shown
from matcher.schemas import Event
from matcher.store.database import Store
from matcher.store.rows import EnterpriseRow, InteractionRow, PositionRow

#: Events by which an enterprise answers an application.
ANSWERS: tuple[Event, ...] = (Event.interview, Event.offer, Event.reject, Event.hire)


@dataclass(frozen=True)
class EnterpriseAnswers:
    """One enterprise's applications and the share it answered (``None`` where suppressed)."""

    enterprise_id: str
    name: str
    applicants: int | None
    applications: int | None
    answered: int | None

    @property
    def rate(self) -> float | None:
        """Answered applications over all applications."""
        if not self.applications or self.answered is None:
            return None
        return self.answered / self.applications

    def as_dict(self) -> dict[str, Any]:
        """The row as JSON wants it."""
        rate = self.rate
        return {
            "enterprise_id": self.enterprise_id,
            "name": self.name,
            "applicants": self.applicants,
            "applications": self.applications,
            "answered": self.answered,
            "rate": None if rate is None else round(rate, 4),
            "suppressed": self.applicants is None,
        }


def enterprise_answers(
    store: Store, *, enterprise_id: str | None = None
) -> list[EnterpriseAnswers]:
    """Every enterprise that received applications, the least answering first."""
    is_apply = cast(InteractionRow.event == Event.apply.value, Integer)
    is_answer = cast(InteractionRow.event.in_([e.value for e in ANSWERS]), Integer)
    pairs = (
        select(
            InteractionRow.student_id.label("student_id"),
            PositionRow.enterprise_id.label("enterprise_id"),
            func.max(is_apply).label("applied"),
            func.max(is_answer).label("answered"),
        )
        .join(PositionRow, PositionRow.id == InteractionRow.position_id)
        .group_by(InteractionRow.student_id, InteractionRow.position_id, PositionRow.enterprise_id)
        .subquery("pairs")
    )
    applications = func.sum(pairs.c.applied).label("applications")
    answered = func.sum(pairs.c.answered * pairs.c.applied).label("answered")
    query = (
        select(
            pairs.c.enterprise_id,
            EnterpriseRow.name,
            func.count(func.distinct(pairs.c.student_id)).label("applicants"),
            applications,
            answered,
        )
        .join(EnterpriseRow, EnterpriseRow.id == pairs.c.enterprise_id)
        .where(pairs.c.applied == 1)
        .group_by(pairs.c.enterprise_id, EnterpriseRow.name)
    )
    if enterprise_id is not None:
        query = query.where(pairs.c.enterprise_id == enterprise_id)
    out = []
    for row in store.fetch(query):
        if shown(row.applicants):
            out.append(
                EnterpriseAnswers(
                    row.enterprise_id,
                    row.name,
                    int(row.applicants),
                    int(row.applications),
                    int(row.answered or 0),
                )
            )
        else:
            out.append(EnterpriseAnswers(row.enterprise_id, row.name, None, None, None))
    out.sort(key=lambda r: (r.rate is None, r.rate if r.rate is not None else 0.0, r.enterprise_id))
    return out
