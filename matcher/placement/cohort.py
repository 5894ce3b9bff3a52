"""Whom an advisor places: a cohort selected, those already placed left out, their refusals kept.

The command line (``matcher place``) and the service (``POST /api/v1/placements``, the
advisor's page) both go through :func:`select_cohort`, :func:`still_to_place` and
:func:`plan_cohort`, so they plan the same students against the same refusals.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from matcher.engine.snapshot import Engine
from matcher.errors import NobodyToPlace
from matcher.placement.allocation import METHODS, allocate, compare, plan_as_dict
from matcher.placement.problem import PER_STUDENT, build_problem
from matcher.rules import merge, placed_students, refused_positions


def select_cohort(
    engine: Engine,
    *,
    major: str | None = None,
    graduation_year: int | None = None,
    cohort: str | None = None,
    student_ids: Sequence[str] | None = None,
) -> np.ndarray:
    """Student rows matching every filter given (all students when none is given).

    ``major`` is a catalogue code or a Chinese or English name. Raises
    :class:`~matcher.errors.NobodyToPlace` for an unknown student id or when nobody matches.
    """
    S = engine.students
    if student_ids is not None:
        unknown = [s for s in student_ids if s not in S.index]
        if unknown:
            shown = ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")
            raise NobodyToPlace(
                f"unknown student id(s): {shown}", key="unknown_students", ids=shown
            )
        rows = np.array([S.index[s] for s in dict.fromkeys(student_ids)], dtype=np.int64)
    else:
        rows = np.arange(len(S), dtype=np.int64)
    keep = engine.live_students[rows].copy()  # not a row replaced since the version was saved
    if major is not None:
        keys = {major.strip().lower(), major.strip()}
        known = engine.taxonomy.major(major)
        if known is not None:
            keys.add(known.code)
        keep &= np.array(
            [S.major[r] in keys or (S.major_code[r] or "") in keys for r in rows], dtype=bool
        )
    if graduation_year is not None:
        keep &= S.graduation_year[rows] == graduation_year
    if cohort is not None:
        keep &= np.array([S.cohort[r] == cohort for r in rows], dtype=bool)
    if not keep.any():
        wanted = {"major": major, "graduation_year": graduation_year, "cohort": cohort}
        given = ", ".join(f"{k}={v}" for k, v in wanted.items() if v is not None)
        given = given or "all"
        raise NobodyToPlace(
            f"no student matches the cohort selection ({given})",
            key="no_student_matches",
            given=given,
        )
    return rows[keep]


def still_to_place(engine: Engine, rows: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """The cohort's rows of students still to place, and the ids of those already placed
    (:func:`matcher.rules.placed_students`), sorted."""
    done = placed_students(engine.pairs)
    ids = engine.students.ids
    keep = np.array([ids[r] not in done for r in rows], dtype=bool)
    return rows[keep], sorted(ids[r] for r in rows[~keep])


def cohort_rows(
    engine: Engine,
    *,
    major: str | None = None,
    graduation_year: int | None = None,
    cohort: str | None = None,
    student_ids: Sequence[str] | None = None,
    within: Collection[str] | None = None,
) -> tuple[np.ndarray, list[str]]:
    """The rows of the selected students still to place, and the ids of those already placed.

    ``within`` limits the selection to those cohorts (an advisor's own). Raises
    :class:`~matcher.errors.NobodyToPlace` when nobody is selected or left to place.
    """
    rows = select_cohort(
        engine,
        major=major,
        graduation_year=graduation_year,
        cohort=cohort,
        student_ids=student_ids,
    )
    if within is not None:
        mine = set(within)
        rows = rows[np.array([engine.students.cohort[r] in mine for r in rows], dtype=bool)]
    rows, already = still_to_place(engine, rows)
    if not len(rows):
        raise NobodyToPlace("nobody in this selection is left to place", key="nobody_left")
    return rows, already


def refusals(
    engine: Engine, since: Mapping[str, Collection[str]] | None = None
) -> dict[str, set[str]]:
    """Positions each student refused: in the engine's snapshot and, given, recorded since."""
    return merge(refused_positions(engine.pairs), {k: set(v) for k, v in (since or {}).items()})


def plan_cohort(
    engine: Engine,
    rows: np.ndarray | None,
    *,
    method: str = "optimal",
    compare_all: bool = False,
    locked: Iterable[tuple[str, str]] = (),
    forbidden: Iterable[tuple[str, str]] = (),
    refused_since: Mapping[str, Collection[str]] | None = None,
    as_of: np.datetime64 | None = None,
    per_student: int = PER_STUDENT,
) -> dict[str, Any]:
    """Build the problem of ``rows`` (every student when ``None``) and allocate: one plan
    (``method``), or with ``compare_all`` every method's plan by name (``{"problem": …,
    "plans": {…}}``).

    Each assignment carries the position's title and enterprise name. Raises ``ValueError``
    for an unknown method, a bad lock or forbid, or when no position is open.
    """
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; use one of {', '.join(METHODS)}")
    problem = build_problem(
        engine,
        rows,
        as_of=as_of,
        per_student=per_student,
        locked=locked,
        forbidden=forbidden,
        dismissed=refusals(engine, refused_since),
    )
    if compare_all:
        plans = compare(problem)
        for plan in plans.values():
            _label(engine, plan)
        return {"problem": problem, "plans": plans}
    plan = allocate(problem, method)
    greedy = plan if method == "greedy" else allocate(problem, "greedy")
    return _label(engine, plan_as_dict(plan, greedy.total_probability))


def _label(engine: Engine, plan: dict[str, Any]) -> dict[str, Any]:
    """``plan`` with each assignment's title and enterprise name."""
    P, E = engine.positions, engine.enterprises
    for a in plan["assignments"]:
        p = P.index[a["position_id"]]
        a["title"] = P.title[p]
        a["enterprise"] = E.name[int(P.enterprise[p])]
    return plan
