"""Whether enterprises answer their applicants: per enterprise, the applications it received and
how many it answered (an interview, an offer, a rejection or a hire).

An enterprise that never answers leaves students waiting; the centre calls it. An application
is a pair with the student's application event; it is answered when the pair has one of
:data:`matcher.rules.ANSWERING_EVENTS`. A row of fewer than five distinct applicants is
suppressed, as every analytics view is. Counted over the served engine's pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from matcher.analytics.derived import students_per_enterprise
from matcher.analytics.privacy import shown
from matcher.engine.snapshot import Engine


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
    engine: Engine, *, enterprise_id: str | None = None
) -> list[EnterpriseAnswers]:
    """Every enterprise that received applications, the least answering first."""
    P, E = engine.pairs, engine.enterprises
    s_row, p_row = engine.pair_rows
    applied = ~np.isnat(P.applied_at) & (s_row >= 0) & (p_row >= 0)
    ent = engine.positions.enterprise[np.where(p_row >= 0, p_row, 0)].astype(np.int64)
    if enterprise_id is not None:
        row = E.index.get(enterprise_id)
        applied &= ent == (-1 if row is None else row)
    n = len(E.ids)
    applications = np.bincount(ent[applied], minlength=n)
    answered = np.bincount(ent[applied & P.answered], minlength=n)
    applicants = students_per_enterprise(engine, applied)
    out = []
    rows = np.flatnonzero(applications)
    for e, eid, name in zip(rows.tolist(), E.ids[rows], E.name[rows], strict=True):
        if shown(int(applicants[e])):
            out.append(
                EnterpriseAnswers(
                    str(eid), str(name), int(applicants[e]), int(applications[e]), int(answered[e])
                )
            )
        else:
            out.append(EnterpriseAnswers(str(eid), str(name), None, None, None))
    out.sort(key=lambda r: (r.rate is None, r.rate if r.rate is not None else 0.0, r.enterprise_id))
    return out
