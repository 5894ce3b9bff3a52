"""What the pages show of records, shared by the roles: a position's facts on one line.

Chinese job sites put title and salary first, then enterprise, city, degree and type, then
tags; every page that lists positions shows them the same way from here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matcher.engine.snapshot import Engine
from matcher.engine.tables import TIERS, TYPES
from matcher.messages import message
from matcher.schemas import Degree, Enterprise, Position, PositionStatus


@dataclass(frozen=True)
class PositionFacts:
    """A position as a card shows it, in one language."""

    id: str
    title: str
    enterprise_id: str
    enterprise: str
    city: str
    type: str
    salary: str
    degree: str
    openings: str
    deadline: str
    tier: str | None
    is_open: bool


def salary_text(low: float, high: float, lang: str) -> str:
    """A monthly salary range in thousands of yuan, as job boards write it."""
    if np.isnan(low) and np.isnan(high):
        return message("salary_open", lang)
    if np.isnan(high):
        return message("salary_from", lang, low=_k(low))
    if np.isnan(low):
        low = high
    return message("salary_range", lang, low=_k(low), high=_k(high))


def _k(value: float) -> str:
    thousands = value / 1000
    return f"{thousands:.0f}" if thousands == int(thousands) else f"{thousands:.1f}"


def position_facts(engine: Engine, row: int, lang: str) -> PositionFacts:
    """The facts of position row ``row`` of the engine, in ``lang``."""
    P, E = engine.positions, engine.enterprises
    e = int(P.enterprise[row])
    degree = list(Degree)[int(P.min_degree[row])].value
    deadline = P.deadline[row]
    tier = TIERS[int(E.tier[e])].value
    return PositionFacts(
        id=P.ids[row],
        title=P.title[row],
        enterprise_id=E.ids[e],
        enterprise=E.name[e],
        city=P.city[row],
        type=message(f"type_{TYPES[int(P.type[row])].value}", lang),
        salary=salary_text(float(P.salary_min[row]), float(P.salary_max[row]), lang),
        degree=message("degree_min", lang, degree=message(f"degree_{degree}", lang)),
        openings=message("openings_n", lang, n=int(P.openings[row])),
        deadline=(
            message("no_deadline", lang)
            if np.isnat(deadline)
            else message("deadline_on", lang, date=str(deadline))
        ),
        tier=None if tier == "none" else message(f"tier_{tier}", lang),
        is_open=bool(P.is_open[row]),
    )


def record_facts(position: Position, enterprise: Enterprise, lang: str) -> PositionFacts:
    """The facts of a stored position as :func:`position_facts` shows an indexed one (the same
    words), so a position posted or edited shows before the engine is rebuilt."""

    def amount(value: int | None) -> float:
        return float("nan") if value is None else float(value)

    degree = message(f"degree_{position.min_degree.value}", lang)
    tier = enterprise.tier.value
    return PositionFacts(
        id=position.id,
        title=position.title,
        enterprise_id=enterprise.id,
        enterprise=enterprise.name,
        city=position.city,
        type=message(f"type_{position.type.value}", lang),
        salary=salary_text(amount(position.salary_min), amount(position.salary_max), lang),
        degree=message("degree_min", lang, degree=degree),
        openings=message("openings_n", lang, n=position.openings),
        deadline=(
            message("no_deadline", lang)
            if position.deadline is None
            else message("deadline_on", lang, date=position.deadline.isoformat())
        ),
        tier=None if tier == "none" else message(f"tier_{tier}", lang),
        is_open=position.status == PositionStatus.open,
    )
