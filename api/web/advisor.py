"""The advisor's pages: her cohorts' placement plan, with locks, forbids and a CSV download."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import numpy as np
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from pydantic import ValidationError

from api.deps import EngineDep, StoreDep
from api.routes.placements import cohort_plan, plan_csv
from api.schemas import Pair, PlanCreate
from api.web.common import PageUser, language_of, login_first, page
from matcher.engine.snapshot import Engine
from matcher.errors import MatcherError
from matcher.rules import applied_students
from matcher.schemas import User
from matcher.store.database import Store

router = APIRouter(include_in_schema=False)


def home(request: Request, user: User, engine: EngineDep, store: StoreDep) -> Response:
    """The cohort board."""
    return page(request, "advisor/home.html", user, **_cohort_board(request, user, engine, store))


@router.get("/me/placements.csv")
def placements_csv(
    request: Request, user: PageUser, engine: EngineDep, store: StoreDep
) -> Response:
    """The advisor's current plan (same query as the board) as a CSV download."""
    if user is None:
        return login_first()
    return plan_csv(engine, cohort_plan(store, engine, user, _placement_request(request)))


def _placement_request(request: Request) -> PlanCreate:
    """The advisor's plan settings from the query: method, cohort, and locked / forbidden pairs.

    Locks and forbids travel as ``lock=STUDENT:POSITION`` / ``forbid=…`` query parameters, so
    the plan is re-run from the link itself and the page keeps no hidden state.
    """

    def pairs(name: str) -> list[Pair]:
        out = []
        for value in request.query_params.getlist(name)[:200]:
            sid, _, pid = value.partition(":")
            if sid and pid:
                out.append(Pair(student_id=sid[:64], position_id=pid[:64]))
        return out

    method = request.query_params.get("method", "optimal")
    cohort = request.query_params.get("cohort") or None
    try:
        return PlanCreate(
            method=method,  # type: ignore[arg-type]
            cohort=cohort,
            locked=pairs("lock"),
            forbidden=pairs("forbid"),
        )
    except ValidationError as exc:
        raise HTTPException(422, exc.errors(include_url=False, include_context=False)) from None


def _cohort_board(request: Request, user: User, engine: Engine, store: Store) -> dict[str, Any]:
    """The cohort's placement plan (status, planned position, lock / forbid) and open slots."""
    wanted = _placement_request(request)
    try:
        plan = cohort_plan(store, engine, user, wanted)
        error = None
    except HTTPException as exc:
        if exc.status_code == 403:
            raise
        cause = exc.__cause__
        plan = None
        if isinstance(cause, MatcherError):
            error = cause.localized(language_of(request))
        else:
            error = str(exc.detail)
    applied = applied_students(engine.pairs)
    rows = []
    if plan is not None:
        for a in plan["assignments"]:
            status = "applied" if a["student_id"] in applied else "unplaced"
            rows.append({**a, "status": status})
        for sid in plan["unassigned"]:
            status = "applied" if sid in applied else "unplaced"
            rows.append({"student_id": sid, "status": status, "position_id": None})
        rows.extend({"student_id": sid, "status": "placed", "position_id": None}
                    for sid in plan["already_placed"])  # fmt: skip
    P, E = engine.positions, engine.enterprises
    slots: dict[int, int] = {}
    for i in np.flatnonzero(P.is_open):
        slots[int(P.enterprise[i])] = slots.get(int(P.enterprise[i]), 0) + int(P.openings[i])
    ranked = sorted(slots.items(), key=lambda kv: -kv[1])[:30]
    query = [("method", wanted.method)] + ([("cohort", wanted.cohort)] if wanted.cohort else [])
    query += [("lock", f"{p.student_id}:{p.position_id}") for p in wanted.locked]
    query += [("forbid", f"{p.student_id}:{p.position_id}") for p in wanted.forbidden]
    return {
        "plan": plan,
        "rows": rows,
        "error": error,
        "wanted": wanted,
        "query": urlencode(query),
        "cohorts": user.cohorts,
        "slots": [{"name": E.name[e], "openings": n} for e, n in ranked],
    }
