"""Capacity-constrained allocation of a cohort of students to open positions.

This module knows nothing of the engine: a :class:`PlacementProblem` holds the cohort, the open
positions with their free openings, and a sparse set of candidate pairs, each with the
student-side probability P(student applies | shown), the enterprise-side probability
P(interview or better | applied) and the match probability (their product). Advisors' locked
pairs are fixed before any method runs; forbidden pairs are removed from the candidates.
:mod:`matcher.placement.problem` builds problems from the engine.

Three methods, each returning a :class:`Plan` (every student at most once, no position past its
free openings):

- ``optimal``: the plan of greatest total match probability, as a min-cost flow (OR-Tools
  ``SimpleMinCostFlow``) source → student → position → sink, with integer costs
  ``-(round(p × 10⁸) + 1)``: the ``+ 1`` prefers, among plans of equal total probability, the
  one that places more students. Students may stay unassigned.
- ``stable``: student-proposing deferred acceptance (many-to-one). Students rank their candidate
  positions by the student-side probability, positions rank students by the enterprise-side
  probability (ties by listing order, so preferences are strict); the result has no blocking
  pair under those preferences and is the best stable plan for every student.
- ``greedy``: the baseline. Students in cohort order each take their best still-open position
  by match probability.

>>> problem = PlacementProblem.from_pairs(
...     ["a", "b"], ["x", "y"], [1, 1],
...     [("a", "x", 0.9, 0.9), ("a", "y", 0.8, 0.8), ("b", "x", 0.9, 0.9)],
... )
>>> [allocate(problem, m).total_probability for m in ("greedy", "optimal")]
[0.81, 1.45]

Why one long module (about 530 lines): the problem, its three methods and the measures that
compare them share the problem's invariants (candidate pairs sorted by student, locks fixed,
capacities) and are tested as one unit.
"""

from __future__ import annotations

import heapq
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import numpy as np

logger = logging.getLogger(__name__)

METHODS: tuple[str, ...] = ("optimal", "stable", "greedy")
#: Match probabilities become integer flow costs at this scale.
COST_SCALE = 10**8


def _array(values: Any, dtype: Any) -> np.ndarray:
    return np.asarray(values, dtype=dtype).reshape(-1)


@dataclass
class PlacementProblem:
    """A cohort, open positions with free openings, and scored candidate pairs.

    Pairs are parallel arrays: pair ``k`` is student ``student_ids[student[k]]`` with position
    ``position_ids[position[k]]``. ``locked`` holds pair indices that every plan must contain.
    ``forbidden`` records the (student id, position id) pairs an advisor removed (they are not
    among the pairs any more). ``openings`` is each position's advertised openings, ``capacity``
    what is still free.
    """

    student_ids: list[str]
    position_ids: list[str]
    capacity: np.ndarray
    student: np.ndarray
    position: np.ndarray
    p_student: np.ndarray
    p_enterprise: np.ndarray
    probability: np.ndarray
    scorer: str = "learned"
    openings: np.ndarray | None = None
    locked: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    forbidden: frozenset[tuple[str, str]] = frozenset()
    info: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.capacity = _array(self.capacity, np.int64)
        self.student = _array(self.student, np.int64)
        self.position = _array(self.position, np.int64)
        self.p_student = _array(self.p_student, np.float64)
        self.p_enterprise = _array(self.p_enterprise, np.float64)
        self.probability = _array(self.probability, np.float64)
        self.locked = _array(self.locked, np.int64)
        self.openings = (
            self.capacity.copy() if self.openings is None else _array(self.openings, np.int64)
        )
        n = len(self.student)
        if len(self.capacity) != len(self.position_ids) or len(self.openings) != len(
            self.position_ids
        ):
            raise ValueError("capacity and openings need one entry per position")
        if (self.capacity < 0).any():
            raise ValueError("capacities must not be negative")
        if (
            any(len(a) != n for a in (self.position, self.p_student, self.p_enterprise))
            or len(self.probability) != n
        ):
            raise ValueError("pair arrays must have equal lengths")
        if n and (
            self.student.min() < 0
            or self.student.max() >= len(self.student_ids)
            or self.position.min() < 0
            or self.position.max() >= len(self.position_ids)
        ):
            raise ValueError("a pair refers to a student or position outside the problem")
        for name in ("p_student", "p_enterprise", "probability"):
            values = getattr(self, name)
            if not np.isfinite(values).all() or (values < 0).any() or (values > 1).any():
                raise ValueError(f"{name} must be finite and within [0, 1]")
        if len(set(self.student_ids)) != len(self.student_ids):
            raise ValueError("student ids must be unique")
        if len(set(self.position_ids)) != len(self.position_ids):
            raise ValueError("position ids must be unique")
        if n and len(np.unique(self.student * len(self.position_ids) + self.position)) != n:
            raise ValueError("a (student, position) pair is listed twice")
        if len(self.locked):
            _check_locks(self, self.locked)

    # -- construction helpers ------------------------------------------------------------------

    @classmethod
    def from_pairs(
        cls,
        student_ids: Sequence[str],
        position_ids: Sequence[str],
        capacity: Sequence[int] | np.ndarray,
        pairs: Iterable[tuple[Any, ...]],
        **kw: Any,
    ) -> PlacementProblem:
        """From ``(student id, position id, p_student, p_enterprise[, probability])`` tuples;
        the match probability defaults to the product of the two sides."""
        s_index = {s: i for i, s in enumerate(student_ids)}
        p_index = {p: i for i, p in enumerate(position_ids)}
        rows = list(pairs)
        try:
            s = [s_index[r[0]] for r in rows]
            p = [p_index[r[1]] for r in rows]
        except KeyError as exc:
            raise ValueError(f"unknown id {exc.args[0]!r} in a pair") from None
        ps = np.array([r[2] for r in rows], dtype=np.float64)
        pe = np.array([r[3] for r in rows], dtype=np.float64)
        prob = np.array([r[4] if len(r) > 4 else r[2] * r[3] for r in rows], dtype=np.float64)
        return cls(
            list(student_ids),
            list(position_ids),
            np.asarray(capacity),
            np.array(s, dtype=np.int64),
            np.array(p, dtype=np.int64),
            ps,
            pe,
            prob,
            **kw,
        )

    def pair_index(self, student_id: str, position_id: str) -> int | None:
        """Index of the candidate pair, or ``None`` when the pair is not a candidate."""
        s = self._student_index.get(student_id)
        p = self._position_index.get(position_id)
        if s is None or p is None:
            return None
        return self._pair_lookup.get((s, p))

    def constrain(
        self,
        locked: Iterable[tuple[str, str]] = (),
        forbidden: Iterable[tuple[str, str]] = (),
    ) -> PlacementProblem:
        """A new problem with these pairs forbidden (removed) and these locked (kept in every
        plan), on top of the constraints this one already has.

        Raises ``ValueError`` for an unknown id, a pair both locked and forbidden, a locked pair
        that is not a candidate, a student locked to two positions, or a position locked to
        more students than it has free openings.
        """
        locked, forbidden = list(locked), list(forbidden)
        for sid, pid in [*locked, *forbidden]:
            if sid not in self._student_index:
                raise ValueError(f"student {sid!r} is not in the cohort")
            if pid not in self._position_index:
                raise ValueError(f"position {pid!r} is not an open position of this placement")
        both = set(locked) & set(forbidden)
        if both:
            sid, pid = sorted(both)[0]
            raise ValueError(f"pair {sid}:{pid} is both locked and forbidden")
        already = {
            (self.student_ids[self.student[k]], self.position_ids[self.position[k]])
            for k in self.locked
        }
        clash = already & set(forbidden)
        if clash:
            sid, pid = sorted(clash)[0]
            raise ValueError(f"pair {sid}:{pid} is locked and cannot be forbidden")
        drop = {k for k in (self.pair_index(s, p) for s, p in forbidden) if k is not None}
        keep = np.setdiff1d(np.arange(len(self.student)), np.fromiter(drop, np.int64, len(drop)))
        new_index = np.full(len(self.student), -1, dtype=np.int64)
        new_index[keep] = np.arange(len(keep))
        lock_idx = [int(new_index[k]) for k in self.locked]
        for sid, pid in locked:
            k = self.pair_index(sid, pid)
            if k is None:
                raise ValueError(
                    f"pair {sid}:{pid} is not a candidate (dismissed, ineligible or outside "
                    "the candidate pool); build the placement with it locked"
                )
            if new_index[k] not in lock_idx:
                lock_idx.append(int(new_index[k]))
        return replace(
            self,
            student=self.student[keep],
            position=self.position[keep],
            p_student=self.p_student[keep],
            p_enterprise=self.p_enterprise[keep],
            probability=self.probability[keep],
            locked=np.array(lock_idx, dtype=np.int64),
            forbidden=self.forbidden | frozenset(forbidden),
            info=dict(self.info),
        )

    # -- derived orders (cached) ---------------------------------------------------------------

    @cached_property
    def _student_index(self) -> dict[str, int]:
        return {s: i for i, s in enumerate(self.student_ids)}

    @cached_property
    def _position_index(self) -> dict[str, int]:
        return {p: i for i, p in enumerate(self.position_ids)}

    @cached_property
    def _pair_lookup(self) -> dict[tuple[int, int], int]:
        return {
            (s, p): k
            for k, (s, p) in enumerate(
                zip(self.student.tolist(), self.position.tolist(), strict=True)
            )
        }

    @cached_property
    def student_order(self) -> np.ndarray:
        """Pair indices grouped by student, each student's best first by her own side's
        probability (ties: match probability, then position order)."""
        return np.lexsort((self.position, -self.probability, -self.p_student, self.student))

    @cached_property
    def student_bounds(self) -> np.ndarray:
        """``student_order[bounds[s]:bounds[s + 1]]`` are student ``s``'s pairs."""
        counts = np.bincount(self.student, minlength=len(self.student_ids))
        return np.concatenate([[0], np.cumsum(counts)])

    @cached_property
    def preference_rank(self) -> np.ndarray:
        """Rank (from 1) of each pair in its student's preference list."""
        rank = np.empty(len(self.student), dtype=np.int64)
        starts = self.student_bounds[self.student[self.student_order]]
        rank[self.student_order] = np.arange(len(self.student)) - starts + 1
        return rank


def _check_locks(problem: PlacementProblem, locked: np.ndarray) -> None:
    """Locked pairs: valid indices, one per student, within each position's free openings."""
    if locked.min() < 0 or locked.max() >= len(problem.student):
        raise ValueError("a locked pair index is outside the candidate pairs")
    students = problem.student[locked]
    values, counts = np.unique(students, return_counts=True)
    if (counts > 1).any():
        sid = problem.student_ids[values[counts > 1][0]]
        raise ValueError(f"student {sid!r} is locked to more than one position")
    load = np.bincount(problem.position[locked], minlength=len(problem.position_ids))
    over = np.flatnonzero(load > problem.capacity)
    if over.size:
        p = int(over[0])
        raise ValueError(
            f"position {problem.position_ids[p]!r} has {int(problem.capacity[p])} free "
            f"opening(s) but {int(load[p])} locked student(s)"
        )


@dataclass
class Plan:
    """One allocation: the pair assigned to each student (``-1`` when unassigned)."""

    problem: PlacementProblem
    method: str
    assigned: np.ndarray
    seconds: float = 0.0

    @property
    def pairs(self) -> np.ndarray:
        """Indices of the assigned pairs, in student order."""
        return self.assigned[self.assigned >= 0]

    @property
    def total_probability(self) -> float:
        """Sum of the assigned pairs' match probabilities."""
        return round(float(self.problem.probability[self.pairs].sum()), 6)

    def check(self) -> None:
        """Raise ``ValueError`` when the plan breaks a hard constraint."""
        pr = self.problem
        k = self.pairs
        if (pr.student[k] != np.flatnonzero(self.assigned >= 0)).any():
            raise ValueError("a student holds another student's pair")
        load = np.bincount(pr.position[k], minlength=len(pr.position_ids))
        if (load > pr.capacity).any():
            raise ValueError("a position is given more students than its free openings")
        if not np.isin(pr.locked, k).all():
            raise ValueError("a locked pair is missing from the plan")


# -- the three methods ---------------------------------------------------------------------------


def _residual(problem: PlacementProblem) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Locked assignment, capacities left after it, and the pairs still free to choose."""
    pr = problem
    assigned = np.full(len(pr.student_ids), -1, dtype=np.int64)
    assigned[pr.student[pr.locked]] = pr.locked
    capacity = pr.capacity - np.bincount(pr.position[pr.locked], minlength=len(pr.position_ids))
    free = (assigned[pr.student] < 0) & (capacity[pr.position] > 0)
    return assigned, capacity, free


def _optimal(problem: PlacementProblem) -> np.ndarray:
    from ortools.graph.python import min_cost_flow  # type: ignore[import-untyped]

    pr = problem
    assigned, capacity, free = _residual(pr)
    k = np.flatnonzero(free)
    if k.size == 0:
        return assigned
    n_s, n_p = len(pr.student_ids), len(pr.position_ids)
    source, sink = n_s + n_p, n_s + n_p + 1
    students = np.unique(pr.student[k])
    positions = np.unique(pr.position[k])
    cost = -(np.rint(pr.probability[k] * COST_SCALE).astype(np.int64) + 1)
    tails = np.concatenate(
        [np.full(len(students), source), pr.student[k], n_s + positions, [source]]
    )
    heads = np.concatenate([students, n_s + pr.position[k], np.full(len(positions), sink), [sink]])
    caps = np.concatenate(
        [np.ones(len(students)), np.ones(len(k)), capacity[positions], [len(students)]]
    ).astype(np.int64)
    costs = np.concatenate([np.zeros(len(students)), cost, np.zeros(len(positions)), [0]]).astype(
        np.int64
    )
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), caps, costs
    )
    flow.set_nodes_supplies(
        np.array([source, sink], dtype=np.int32), np.array([len(students), -len(students)])
    )
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow ended with status {status}")
    pair_arcs = arcs[len(students) : len(students) + len(k)]
    used = k[flow.flows(pair_arcs) > 0]
    assigned[pr.student[used]] = used
    return assigned


def _stable(problem: PlacementProblem) -> np.ndarray:
    pr = problem
    assigned, capacity, free = _residual(pr)
    order = pr.student_order[free[pr.student_order]]
    counts = np.bincount(pr.student[order], minlength=len(pr.student_ids))
    bounds = np.concatenate([[0], np.cumsum(counts)]).tolist()
    nxt = bounds[:-1]
    order_l = order.tolist()
    pos_l = pr.position.tolist()
    pe_l = pr.p_enterprise.tolist()
    cap_l = capacity.tolist()
    held: list[list[tuple[float, int, int]]] = [[] for _ in pr.position_ids]
    waiting = [s for s in range(len(pr.student_ids)) if counts[s]][::-1]
    while waiting:
        s = waiting.pop()
        while nxt[s] < bounds[s + 1]:
            k = order_l[nxt[s]]
            nxt[s] += 1
            p = pos_l[k]
            heap = held[p]
            entry = (pe_l[k], -s, k)  # the position prefers a higher probability, then a lower row
            if len(heap) < cap_l[p]:
                heapq.heappush(heap, entry)
                break
            if entry > heap[0]:
                _, minus_out, _ = heapq.heapreplace(heap, entry)
                waiting.append(-minus_out)
                break
    for heap in held:
        for _, minus_s, k in heap:
            assigned[-minus_s] = k
    return assigned


def _greedy(problem: PlacementProblem) -> np.ndarray:
    pr = problem
    assigned, capacity, free = _residual(pr)
    order = np.lexsort((pr.position, -pr.p_student, -pr.probability, pr.student))
    order = order[free[order]]
    cap = capacity.tolist()
    pos_l = pr.position.tolist()
    stu_l = pr.student.tolist()
    done = set()
    for k in order.tolist():
        s = stu_l[k]
        if s in done:
            continue
        p = pos_l[k]
        if cap[p] > 0:
            cap[p] -= 1
            assigned[s] = k
            done.add(s)
    return assigned


_METHODS = {"optimal": _optimal, "stable": _stable, "greedy": _greedy}


def allocate(problem: PlacementProblem, method: str = "optimal") -> Plan:
    """Allocate with ``method`` (``optimal``, ``stable`` or ``greedy``); locked pairs are kept."""
    if method not in _METHODS:
        raise ValueError(f"unknown method {method!r}; use one of {', '.join(METHODS)}")
    started = time.perf_counter()
    assigned = _METHODS[method](problem)
    plan = Plan(problem, method, assigned, time.perf_counter() - started)
    plan.check()
    logger.info(
        "%s placement: %d of %d students placed in %.3f s",
        method,
        len(plan.pairs),
        len(problem.student_ids),
        plan.seconds,
    )
    return plan


# -- measures ------------------------------------------------------------------------------------


def blocking_pairs(plan: Plan) -> int:
    """Candidate pairs (s, p) that would both rather be together than where the plan puts them.

    The student strictly prefers ``p`` (by her side's probability) to her assigned position, or
    is unassigned; the position has a free opening, or strictly prefers ``s`` (by its side's
    probability) to the worst student it holds.
    """
    pr = plan.problem
    a = plan.assigned
    current = np.where(a >= 0, pr.p_student[np.maximum(a, 0)], -np.inf)
    student_wants = pr.p_student > current[pr.student]
    held = plan.pairs
    load = np.bincount(pr.position[held], minlength=len(pr.position_ids))
    worst = np.full(len(pr.position_ids), np.inf)
    np.minimum.at(worst, pr.position[held], pr.p_enterprise[held])
    position_wants = (load[pr.position] < pr.capacity[pr.position]) | (
        pr.p_enterprise > worst[pr.position]
    )
    return int((student_wants & position_wants).sum())


def plan_metrics(plan: Plan, greedy_total: float | None = None) -> dict[str, Any]:
    """Fill rate, slots filled, total and mean probability, blocking pairs, worst-off rank, …"""
    pr = plan.problem
    held = plan.pairs
    n = len(pr.student_ids)
    openings = int(pr.capacity.sum())
    ranks = pr.preference_rank[held]
    total = plan.total_probability
    if greedy_total is None:
        greedy_total = (
            total if plan.method == "greedy" else allocate(pr, "greedy").total_probability
        )
    return {
        "students": n,
        "students_placed": len(held),
        "fill_rate": round(len(held) / n, 4) if n else 0.0,
        "unassigned": n - len(held),
        "openings": openings,
        "slots_filled": len(held),
        "slot_fill_rate": round(len(held) / openings, 4) if openings else 0.0,
        "total_probability": total,
        "mean_probability": round(total / len(held), 6) if len(held) else 0.0,
        "greedy_total_probability": greedy_total,
        "blocking_pairs": blocking_pairs(plan),
        "worst_rank": int(ranks.max()) if len(ranks) else None,
        "mean_rank": round(float(ranks.mean()), 3) if len(ranks) else None,
        "candidate_pairs": len(pr.student),
        "locked": len(pr.locked),
        "forbidden": len(pr.forbidden),
        "seconds": round(plan.seconds, 4),
    }


def plan_as_dict(plan: Plan, greedy_total: float | None = None) -> dict[str, Any]:
    """The plan as advisors and the API read it (ids and probabilities only)."""
    pr = plan.problem
    locked = set(pr.locked.tolist())
    assignments = [
        {
            "student_id": pr.student_ids[pr.student[k]],
            "position_id": pr.position_ids[pr.position[k]],
            "probability": round(float(pr.probability[k]), 6),
            "locked": k in locked,
        }
        for k in plan.pairs.tolist()
    ]
    unassigned = [pr.student_ids[s] for s in np.flatnonzero(plan.assigned < 0)]
    metrics = plan_metrics(plan, greedy_total)
    if "build_seconds" in pr.info:
        metrics["build_seconds"] = pr.info["build_seconds"]
    out = {
        "assignments": assignments,
        "unassigned": unassigned,
        "metrics": metrics,
        "method": plan.method,
        "scorer": pr.scorer,
    }
    if pr.info:
        out["problem"] = dict(pr.info)
    return out


def compare(
    problem: PlacementProblem, methods: Sequence[str] = METHODS
) -> dict[str, dict[str, Any]]:
    """Every method's plan as a dict, each carrying greedy's total probability."""
    plans = {m: allocate(problem, m) for m in dict.fromkeys(["greedy", *methods])}
    greedy_total = plans["greedy"].total_probability
    return {m: plan_as_dict(plans[m], greedy_total) for m in methods}
