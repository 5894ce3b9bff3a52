"""The advisor's plan: a whole cohort placed within the openings, in plain words, with overrides.

``/me/plan`` places the students of her cohorts still to place (:mod:`matcher.placement.cohort`)
by every method and shows the one she chose, explained: expected placements (the sum of the
pairs' match probabilities), pairs unlikely to work flagged, and which method to use and why.
Her locks and forbids are saved on the server (``POST /me/plan/overrides``, undone one by one),
so they survive the language switch and her next session. From a planned pair she suggests the
position to the student or shortlists it (:mod:`api.web.advisor`). The plan downloads as a
spreadsheet (``/me/plan.xlsx``) or CSV (``/me/plan.csv``) with every student of the cohort.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from api.audit import audit_views
from api.deps import EngineDep, StoreDep
from api.web import advisor_export
from api.web.advisor_data import (
    LOW_PROBABILITY,
    METHODS,
    CohortPlan,
    Member,
    PairForm,
    chosen_cohorts,
    cohort_plan,
    formats,
    member,
    members,
    override_state,
    place_facts,
    place_text,
    the_day,
)
from api.web.common import PageUser, done, language_of, notice, page, require
from api.web.views import position_facts
from matcher.cohorts import suggestions
from matcher.engine.snapshot import Engine
from matcher.errors import MatcherError
from matcher.messages import language, message
from matcher.schemas import Event, Role, User
from matcher.store.database import Store

router = APIRouter(include_in_schema=False)

#: Why a lock was refused (``?error=`` of the plan page), as word keys.
LOCK_ERRORS: tuple[str, ...] = (
    "adv_err_closed",
    "adv_err_full",
    "adv_err_refused",
    "adv_err_placed",
)


def _settings(request: Request, user: User) -> tuple[str, str, list[str]]:
    """The plan's cohort (``""``: all hers), method and the cohorts it covers."""
    cohort = request.query_params.get("cohort", "")
    method = request.query_params.get("method", "optimal")
    if method not in METHODS:
        method = "optimal"
    return cohort, method, chosen_cohorts(user, cohort or None)


def _query(cohort: str, method: str) -> dict[str, str]:
    return {k: v for k, v in (("cohort", cohort), ("method", method)) if v}


@router.get("/me/plan")
def plan_page(request: Request, user: PageUser, engine: EngineDep, store: StoreDep) -> Response:
    """The plan of her cohorts, explained, with her overrides and the actions on each pair."""
    user = require(user, Role.advisor)
    cohort, method, cohorts = _settings(request, user)
    lang = language_of(request)
    view = _plan_view(engine, store, user, cohorts, method, lang)
    audit_views(store, user, "view_placement", [m.id for m in view["students"]])
    error_key = request.query_params.get("error")
    return page(
        request,
        "advisor/plan.html",
        user,
        cohorts=user.cohorts,
        cohort=cohort,
        method=method,
        methods=METHODS,
        query=_query(cohort, method),
        lock_error=error_key if error_key in LOCK_ERRORS else None,
        notice=notice(request),
        low=LOW_PROBABILITY,
        **view,
        **formats(engine, lang, the_day(engine)),
    )


def _plan_view(
    engine: Engine, store: Store, user: User, cohorts: list[str], method: str, lang: str
) -> dict[str, Any]:
    """Everything the plan page and the exports show of a plan."""
    day = the_day(engine)
    students = members(store, cohorts, day)
    by_id = {m.id: m for m in students}
    placed = {m.id for m in students if m.season.status == "placed"}
    plan = cohort_plan(engine, store, user, cohorts, method, placed)
    chosen = plan.chosen
    pairs = []
    planned: set[str] = set()
    for a in (chosen or {}).get("assignments", []):
        m = by_id.get(a["student_id"])
        if m is None:
            continue
        planned.add(m.id)
        pairs.append(
            {
                "m": m,
                "a": a,
                "facts": position_facts(engine, engine.positions.index[a["position_id"]], lang),
                "low": a["probability"] < LOW_PROBABILITY,
                "suggested": a["position_id"] in suggestions(m.steps),
                "shortlisted": a["position_id"] in suggestions(m.steps, Event.shortlist),
            }
        )
    pairs.sort(key=lambda p: (p["m"].cohort, p["m"].number or p["m"].id))
    overrides = []
    for o in plan.overrides:
        m = by_id.get(o["student_id"])
        if m is not None:
            overrides.append(
                {**o, "m": m, "place": place_text(engine, store, o["position_id"], lang)}
            )
    return {
        "plan": plan,
        "chosen": chosen,
        "students": students,
        "pairs": pairs,
        "unplanned": [m for m in students if m.id not in planned and m.id not in placed],
        "placed": [
            {
                "m": m,
                "facts": place_facts(engine, m.season.placed_position or "", lang),
                "place": place_text(engine, store, m.season.placed_position or "", lang),
            }
            for m in students
            if m.id in placed
        ],
        "overrides": overrides,
        "compare": _comparison(plan),
        "error": _error_text(plan, lang),
        "advice": _advice(plan, lang),
    }


def _comparison(plan: CohortPlan) -> list[dict[str, Any]]:
    """Each method's plan in numbers an advisor reads: placed, expected, pairs wanting a swap."""
    rows = []
    for name in METHODS:
        p = plan.plans.get(name)
        if p is None:
            continue
        m = p["metrics"]
        rows.append(
            {
                "method": name,
                "placed": m["students_placed"],
                "students": m["students"],
                "expected": m["total_probability"],
                "swaps": m["blocking_pairs"],
                "worst": m["worst_rank"],
            }
        )
    return rows


def _advice(plan: CohortPlan, lang: str) -> str | None:
    """Which method to use and why, from the three plans' numbers."""
    plans = plan.plans
    if not all(m in plans for m in METHODS):
        return None
    total = {m: plans[m]["metrics"]["total_probability"] for m in METHODS}
    gain = max(total["optimal"] - total["greedy"], 0.0)
    loss = max(total["optimal"] - total["stable"], 0.0)
    first = message("adv_advice" if gain >= 0.05 else "adv_advice_even", lang, gain=f"{gain:.1f}")
    stable = message(
        "adv_stable_costs" if loss >= 0.05 else "adv_stable_free", lang, loss=f"{loss:.1f}"
    )
    return first + ("" if language(lang) == "zh" else " ") + stable


def _error_text(plan: CohortPlan, lang: str) -> str | None:
    """Why the plan could not be made, or was made without her overrides."""
    if plan.error is None:
        return None
    if isinstance(plan.error, MatcherError) and plan.error.key is not None:
        return plan.error.localized(lang)
    return message("adv_err_clash", lang)


# -- overrides ----------------------------------------------------------------------------------


class OverrideForm(PairForm):
    """A lock or a forbid of a pair of the plan."""

    kind: Literal["lock", "forbid"]


@router.post("/me/plan/overrides")
def add_override(
    user: PageUser, engine: EngineDep, store: StoreDep, form: Annotated[OverrideForm, Form()]
) -> Response:
    """Lock a student to a position, or forbid the pair, and plan again with it.

    A lock that cannot hold (the position closed or its openings all locked, the student
    placed, or she refused the position) is not saved: the plan says why.
    """
    user = require(user, Role.advisor)
    m = member(store, user, form.student_id, the_day(engine))
    if form.position_id not in engine.positions.index:
        raise HTTPException(404, "unknown position")
    query = _query(form.cohort, form.method if form.method in METHODS else "")
    if form.kind == "lock":
        why = _lock_refusal(engine, store, user, m, form.position_id)
        if why is not None:
            target = urlencode({**query, "error": f"adv_err_{why}"})
            return RedirectResponse(f"/me/plan?{target}", status_code=303)
    store.save_plan_override(user.id, m.cohort, form.student_id, form.position_id, form.kind)
    return done("/me/plan", "adv_locked" if form.kind == "lock" else "adv_forbidden", **query)


def _lock_refusal(
    engine: Engine, store: Store, user: User, m: Member, position_id: str
) -> str | None:
    """Why the lock of ``m`` to the position cannot hold, or ``None``."""
    day = the_day(engine)
    everyone = members(store, user.cohorts, day)
    to_place = {
        x.id for x in everyone if x.season.status != "placed" and x.id in engine.students.index
    }
    kept = [
        o
        for o in store.plan_overrides(user.id)
        if not (
            o["student_id"] == m.id and (o["kind"] == "lock" or o["position_id"] == position_id)
        )
    ]
    new = {"student_id": m.id, "position_id": position_id, "kind": "lock"}
    refused = store.hidden_positions([m.id], refused_only=True)
    override_state(engine, [*kept, new], to_place, day, refused)
    return None if new["applies"] else str(new["why"])


@router.post("/me/plan/overrides/{override_id}/undo")
def undo_override(
    override_id: int,
    user: PageUser,
    store: StoreDep,
    cohort: Annotated[str, Form(max_length=200)] = "",
    method: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    """Undo one of her locks or forbids (404 for none of hers)."""
    user = require(user, Role.advisor)
    if not store.delete_plan_override(user.id, override_id):
        raise HTTPException(404, "no such override of yours")
    return done("/me/plan", "adv_undone", **_query(cohort, method if method in METHODS else ""))


# -- exports ------------------------------------------------------------------------------------


def _export(
    request: Request, user: User | None, engine: Engine, store: Store, kind: str
) -> Response:
    user = require(user, Role.advisor)
    cohort, method, cohorts = _settings(request, user)
    view = _plan_view(engine, store, user, cohorts, method, "zh")
    audit_views(store, user, "export", [m.id for m in view["students"]], kind)
    rows = advisor_export.rows(view, method)
    name = advisor_export.filename(
        cohort or message("adv_all_cohorts", "zh"), the_day(engine), kind
    )
    body, media = (
        (advisor_export.as_xlsx(rows), advisor_export.XLSX)
        if kind == "xlsx"
        else (advisor_export.as_csv(rows), advisor_export.CSV)
    )
    return Response(body, media_type=media, headers=advisor_export.disposition(name))


@router.get("/me/plan.xlsx")
def plan_xlsx(request: Request, user: PageUser, engine: EngineDep, store: StoreDep) -> Response:
    """Every student of the selection with her place, her planned position or a note (Excel)."""
    return _export(request, user, engine, store, "xlsx")


@router.get("/me/plan.csv")
def plan_csv(request: Request, user: PageUser, engine: EngineDep, store: StoreDep) -> Response:
    """The same as ``/me/plan.xlsx``, as CSV (UTF-8 with a byte-order mark, for Excel)."""
    return _export(request, user, engine, store, "csv")
