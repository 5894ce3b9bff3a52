"""Advisor placements: the three methods on hand-made problems whose answers are known, random
problems checked against scipy's assignment solver, and a problem built from a tiny real engine
(real model, real indexes) through the library and the ``matcher place`` command."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment
from typer.testing import CliRunner

from matcher.cli import app as cli_app
from matcher.config import get_settings
from matcher.engine.build import build_engine
from matcher.engine.persist import save_engine
from matcher.engine.snapshot import Engine
from matcher.errors import NobodyToPlace
from matcher.placement.allocation import (
    METHODS,
    PlacementProblem,
    Plan,
    allocate,
    blocking_pairs,
    compare,
    plan_as_dict,
    plan_metrics,
)
from matcher.placement.cohort import (
    cohort_rows,
    plan_cohort,
    refusals,
    select_cohort,
    still_to_place,
)
from matcher.placement.plans import write_csv
from matcher.placement.problem import build_problem, free_openings, open_positions, parse_pairs
from matcher.retrieval.embedding import load_embedder
from matcher.schemas import PERSONAL_FIELDS
from matcher.simulate import simulate
from matcher.store.database import Store
from matcher.store.ingest import import_files
from tests.matcher.handworld import COHORT, hand_world


def _assigned(plan: Any) -> dict[str, str]:
    pr = plan.problem
    return {pr.student_ids[pr.student[k]]: pr.position_ids[pr.position[k]] for k in plan.pairs}


def _check_feasible(plan: Any) -> None:
    """Each student at most once, no position past its free openings (checked by hand)."""
    pr = plan.problem
    students = pr.student[plan.pairs]
    assert len(set(students.tolist())) == len(students)
    load = np.bincount(pr.position[plan.pairs], minlength=len(pr.position_ids))
    assert (load <= pr.capacity).all()


# -- hand-made problems ------------------------------------------------------------------------


def _three_by_two() -> PlacementProblem:
    # a likes x most, but only b can use x well; greedy gives x to a and strands b.
    return PlacementProblem.from_pairs(
        ["a", "b", "c"],
        ["x", "y"],
        [1, 1],
        [
            ("a", "x", 0.9, 1.0, 0.9),
            ("a", "y", 0.8, 1.0, 0.8),
            ("b", "x", 0.85, 1.0, 0.85),
            ("c", "y", 0.1, 1.0, 0.1),
        ],
    )


def test_greedy_is_suboptimal_on_three_by_two() -> None:
    problem = _three_by_two()
    greedy = allocate(problem, "greedy")
    optimal = allocate(problem, "optimal")
    assert _assigned(greedy) == {"a": "x", "c": "y"}
    assert greedy.total_probability == pytest.approx(1.0)
    assert _assigned(optimal) == {"a": "y", "b": "x"}
    assert optimal.total_probability == pytest.approx(1.65)
    metrics = plan_metrics(optimal)
    assert metrics["greedy_total_probability"] == pytest.approx(1.0)
    assert metrics["students_placed"] == 2 and metrics["unassigned"] == 1
    assert metrics["fill_rate"] == pytest.approx(2 / 3, abs=1e-4)
    assert metrics["slots_filled"] == 2 and metrics["slot_fill_rate"] == 1.0
    assert metrics["mean_probability"] == pytest.approx(0.825)
    assert metrics["worst_rank"] == 2  # a got her second choice
    # Positions are indifferent (p_enterprise 1.0 everywhere) and ties never block.
    assert blocking_pairs(greedy) == 0 and blocking_pairs(optimal) == 0


def test_blocking_pairs_counted() -> None:
    # x prefers b to a; greedy puts a at x, so (b, x) blocks; b is unassigned.
    problem = PlacementProblem.from_pairs(
        ["a", "b"], ["x"], [1], [("a", "x", 0.9, 0.2), ("b", "x", 0.5, 0.8)]
    )
    greedy = allocate(problem, "greedy")
    assert _assigned(greedy) == {"a": "x"}
    assert blocking_pairs(greedy) == 1
    stable = allocate(problem, "stable")
    assert _assigned(stable) == {"b": "x"}
    assert blocking_pairs(stable) == 0


def test_unique_stable_matching_many_to_one() -> None:
    # Everyone prefers x (2 openings) to y (1). x ranks a > b > c, y ranks c > b > a: the only
    # stable plan is a, b at x and c at y.
    pe = {("a", "x"): 0.9, ("b", "x"): 0.6, ("c", "x"): 0.3}
    pe |= {("a", "y"): 0.1, ("b", "y"): 0.4, ("c", "y"): 0.7}
    pairs = [(s, p, 0.8 if p == "x" else 0.5, pe[s, p]) for s in "abc" for p in "xy"]
    problem = PlacementProblem.from_pairs(["c", "b", "a"], ["x", "y"], [2, 1], pairs)
    stable = allocate(problem, "stable")
    assert _assigned(stable) == {"a": "x", "b": "x", "c": "y"}
    assert blocking_pairs(stable) == 0
    # Every other feasible complete plan has a blocking pair.
    for other in ({"a": "x", "c": "x", "b": "y"}, {"b": "x", "c": "x", "a": "y"}):
        k = [problem.pair_index(s, p) for s, p in other.items()]
        assigned = np.full(3, -1)
        for idx in k:
            assigned[problem.student[idx]] = idx
        assert blocking_pairs(Plan(problem, "hand", assigned)) > 0


def test_capacity_zero_and_empty_problem() -> None:
    problem = PlacementProblem.from_pairs(["a"], ["x"], [0], [("a", "x", 0.5, 0.5)])
    for method in METHODS:
        plan = allocate(problem, method)
        assert len(plan.pairs) == 0
    empty = PlacementProblem.from_pairs(["a"], ["x"], [1], [])
    assert all(len(allocate(empty, m).pairs) == 0 for m in METHODS)


def test_bad_problems_are_refused() -> None:
    with pytest.raises(ValueError, match="within"):
        PlacementProblem.from_pairs(["a"], ["x"], [1], [("a", "x", 1.5, 0.5)])
    with pytest.raises(ValueError, match="twice"):
        PlacementProblem.from_pairs(["a"], ["x"], [1], [("a", "x", 0.5, 0.5)] * 2)
    with pytest.raises(ValueError, match="unknown id"):
        PlacementProblem.from_pairs(["a"], ["x"], [1], [("a", "z", 0.5, 0.5)])
    with pytest.raises(ValueError, match="unknown method"):
        allocate(_three_by_two(), "random")


# -- advisor constraints -----------------------------------------------------------------------


def test_locks_are_honoured_by_every_method() -> None:
    problem = _three_by_two().constrain(locked=[("c", "y")])
    for method in METHODS:
        plan = allocate(problem, method)
        got = _assigned(plan)
        assert got["c"] == "y", method
        assert "a" not in got or got["a"] == "x"
        _check_feasible(plan)
        assert plan_as_dict(plan)["metrics"]["locked"] == 1
    assert [a["locked"] for a in plan_as_dict(allocate(problem))["assignments"]].count(True) == 1


def test_locks_beyond_capacity_and_conflicts_are_refused() -> None:
    problem = _three_by_two()
    with pytest.raises(ValueError, match=r"'x' has 1 free opening\(s\) but 2 locked"):
        problem.constrain(locked=[("a", "x"), ("b", "x")])
    with pytest.raises(ValueError, match="more than one position"):
        problem.constrain(locked=[("a", "x"), ("a", "y")])
    with pytest.raises(ValueError, match="both locked and forbidden"):
        problem.constrain(locked=[("a", "x")], forbidden=[("a", "x")])
    with pytest.raises(ValueError, match="not a candidate"):
        problem.constrain(locked=[("c", "x")])
    with pytest.raises(ValueError, match="not in the cohort"):
        problem.constrain(forbidden=[("zz", "x")])
    locked = problem.constrain(locked=[("a", "x")])
    with pytest.raises(ValueError, match="locked and cannot be forbidden"):
        locked.constrain(forbidden=[("a", "x")])


def test_forbidden_pairs_are_never_assigned() -> None:
    problem = _three_by_two()
    best = _assigned(allocate(problem, "optimal"))
    forbidden = list(best.items())
    constrained = problem.constrain(forbidden=forbidden)
    assert len(constrained.student) == len(problem.student) - len(forbidden)
    for method in METHODS:
        got = _assigned(allocate(constrained, method))
        assert not set(got.items()) & set(forbidden), method
    assert plan_metrics(allocate(constrained))["forbidden"] == 2


# -- random problems against scipy -------------------------------------------------------------


def _random_problem(rng: np.random.Generator) -> PlacementProblem:
    n_s, n_p = int(rng.integers(2, 9)), int(rng.integers(1, 5))
    capacity = rng.integers(0, 3, size=n_p)
    pairs = [
        (f"s{s}", f"p{p}", float(rng.random()), float(rng.random()))
        for s in range(n_s)
        for p in range(n_p)
        if rng.random() < 0.7
    ]
    return PlacementProblem.from_pairs(
        [f"s{s}" for s in range(n_s)], [f"p{p}" for p in range(n_p)], capacity, pairs
    )


def _best_total(problem: PlacementProblem) -> float:
    """Maximum total probability by the Hungarian method over one column per opening."""
    slots = np.repeat(np.arange(len(problem.position_ids)), problem.capacity)
    if not len(slots):
        return 0.0
    weight = np.zeros((len(problem.student_ids), len(problem.position_ids)))
    weight[problem.student, problem.position] = problem.probability
    expanded = weight[:, slots]
    rows, cols = linear_sum_assignment(expanded, maximize=True)
    return float(expanded[rows, cols].sum())


@pytest.mark.parametrize("seed", range(25))
def test_random_problems(seed: int) -> None:
    problem = _random_problem(np.random.default_rng(seed))
    plans = {m: allocate(problem, m) for m in METHODS}
    for plan in plans.values():
        _check_feasible(plan)
    assert blocking_pairs(plans["stable"]) == 0
    best = _best_total(problem)
    assert plans["optimal"].total_probability == pytest.approx(best, abs=1e-5)
    assert plans["optimal"].total_probability >= plans["greedy"].total_probability - 1e-6
    assert plans["optimal"].total_probability >= plans["stable"].total_probability - 1e-6


def test_compare_reports_every_method_with_greedy_total() -> None:
    result = compare(_three_by_two())
    assert set(result) == set(METHODS)
    for method, plan in result.items():
        assert plan["method"] == method
        assert set(plan) >= {"assignments", "unassigned", "metrics", "method", "scorer"}
        assert {"fill_rate", "blocking_pairs", "total_probability", "seconds"} <= set(
            plan["metrics"]
        )
        assert plan["metrics"]["greedy_total_probability"] == pytest.approx(1.0)
        json.dumps(plan)


# -- on a tiny real engine ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("placement")
    simulate(root / "w", students=160, enterprises=16, positions=64, seed=5, progress=False)
    store = Store(f"sqlite:///{root / 'm.db'}")
    import_files(store, sorted((root / "w").glob("*.jsonl")))
    engine = build_engine(store, load_embedder())
    store.dispose()
    save_engine(engine, root / "models")
    return {"root": root, "engine": engine, "models": root / "models"}


class _SidesRanker:
    """A stand-in two-sided ranker: the student side from dense cosine, the other constant."""

    def predict_sides(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.clip(X[:, 0], 0, 1), np.full(len(X), 0.5)


def test_lexical_document_terms_match_query_terms(world: dict[str, Any]) -> None:
    engine: Engine = world["engine"]
    for s in range(5):
        assert engine.student_lexical.document_terms(
            engine.students.ids[s]
        ) == engine.position_lexical.query_terms(engine.students.documents[s])
    with pytest.raises(KeyError, match="unknown document"):
        engine.student_lexical.document_terms("nobody")


def test_lexical_scores_many_match_single_queries(world: dict[str, Any]) -> None:
    engine: Engine = world["engine"]
    lex = engine.position_lexical
    queries = [engine.student_lexical.document_terms(sid) for sid in engine.students.ids[:6]]
    queries.append(["no-such-token-anywhere"])
    many = lex.scores_many(queries)
    assert many.shape == (7, len(lex))
    for i, q in enumerate(queries):
        np.testing.assert_allclose(many[i], lex.scores(q), rtol=1e-5, atol=1e-4)
    assert not many[-1].any()
    assert lex.scores_many([]).shape == (0, len(lex))


def test_problem_from_engine(world: dict[str, Any]) -> None:
    engine: Engine = world["engine"]
    problem = build_problem(engine, per_student=8)
    P, S = engine.positions, engine.students
    rows = open_positions(engine, engine.clock)
    assert rows.size and set(problem.position_ids) <= {P.ids[r] for r in rows}
    assert problem.scorer == "prior"
    assert problem.student_ids == S.ids
    counts = np.bincount(problem.student, minlength=len(S))
    assert counts.max() <= 8
    # Every candidate is eligible by degree; dismissed pairs are never candidates.
    refused = refusals(engine)
    for k in range(len(problem.student)):
        s = S.index[problem.student_ids[problem.student[k]]]
        p = P.index[problem.position_ids[problem.position[k]]]
        assert S.degree[s] >= P.min_degree[p]
        assert problem.position_ids[problem.position[k]] not in refused.get(S.ids[s], ())
    rows_in = np.array([P.index[p] for p in problem.position_ids])
    np.testing.assert_array_equal(problem.capacity, free_openings(engine, rows_in))
    assert problem.info["build_seconds"] >= 0
    # Applications are not refusals: no applied-only pair counts as dismissed.
    applied_only = [
        (engine.pairs.student_ids[i], engine.pairs.position_ids[i])
        for i in range(len(engine.pairs.grade))
        if engine.pairs.grade[i] >= 2 and not engine.pairs.dismissed[i]
    ]
    assert applied_only
    assert not any(pid in refused.get(sid, ()) for sid, pid in applied_only[:200])
    for method in METHODS:
        plan = allocate(problem, method)
        _check_feasible(plan)
    assert (
        allocate(problem, "optimal").total_probability
        >= allocate(problem, "greedy").total_probability
    )


def test_dismissed_positions_are_never_assigned(world: dict[str, Any]) -> None:
    engine: Engine = world["engine"]
    plain = build_problem(engine, per_student=6)
    chosen = allocate(plain, "optimal")
    refuse: dict[str, set[str]] = {}
    for k in chosen.pairs[:10]:
        refuse.setdefault(plain.student_ids[plain.student[k]], set()).add(
            plain.position_ids[plain.position[k]]
        )
    problem = build_problem(engine, per_student=6, dismissed=refuse)
    for k in range(len(problem.student)):
        sid = problem.student_ids[problem.student[k]]
        assert problem.position_ids[problem.position[k]] not in refuse.get(sid, ())
    sid, pids = next(iter(refuse.items()))
    with pytest.raises(ValueError, match="dismissed"):
        build_problem(engine, per_student=6, dismissed=refuse, locked=[(sid, next(iter(pids)))])


def test_two_sided_ranker_gives_both_sides(world: dict[str, Any]) -> None:
    engine: Engine = world["engine"]
    engine.ranker = _SidesRanker()
    try:
        problem = build_problem(engine, select_cohort(engine)[:40], per_student=5)
    finally:
        engine.ranker = None
    assert problem.scorer == "learned"
    np.testing.assert_allclose(problem.p_enterprise, 0.5)
    np.testing.assert_allclose(problem.probability, problem.p_student * problem.p_enterprise)


def test_lock_outside_the_pool_is_scored_and_kept(world: dict[str, Any]) -> None:
    engine: Engine = world["engine"]
    cohort = select_cohort(engine)[:30]
    problem = build_problem(engine, cohort, per_student=1)
    sid = problem.student_ids[0]
    own = {problem.position_ids[problem.position[k]] for k in np.flatnonzero(problem.student == 0)}
    other = next(p for p in problem.position_ids if p not in own)
    refused = refusals(engine).get(sid, set())
    assert other not in refused
    result = plan_cohort(engine, cohort, method="stable", per_student=1, locked=[(sid, other)])
    assert {"student_id": sid, "position_id": other} in [
        {k: a[k] for k in ("student_id", "position_id")} for a in result["assignments"]
    ]


def test_cohort_selection(world: dict[str, Any]) -> None:
    engine: Engine = world["engine"]
    S = engine.students
    year = int(S.graduation_year[0])
    rows = select_cohort(engine, graduation_year=year)
    assert rows.size and (S.graduation_year[rows] == year).all()
    name = next(c for c in S.cohort if c)
    assert all(S.cohort[r] == name for r in select_cohort(engine, cohort=name))
    code = S.major[0]
    by_code = select_cohort(engine, major=code)
    assert 0 in by_code.tolist() and all(S.major[r] == code for r in by_code)
    major = engine.taxonomy.major(code)
    if major is not None:
        assert select_cohort(engine, major=major.zh).tolist() == by_code.tolist()
    assert select_cohort(engine, student_ids=[S.ids[3], S.ids[1]]).tolist() == [3, 1]
    with pytest.raises(ValueError, match="unknown student"):
        select_cohort(engine, student_ids=["nobody"])
    with pytest.raises(ValueError, match="no student matches"):
        select_cohort(engine, graduation_year=1900)


def test_parse_pairs() -> None:
    assert parse_pairs(["s1:p2", " s3 : p4 "]) == [("s1", "p2"), ("s3", "p4")]
    assert parse_pairs(["s1:p:2"]) == [("s1", "p:2")]  # a position id may hold a colon
    for bad in ("s1", "s1:", ":p2", " : "):
        with pytest.raises(ValueError) as caught:
            parse_pairs(["s1:p2", bad])
        assert str(caught.value) == f"expected STUDENT:POSITION, got {bad!r}"


def test_csv_for_advisors(world: dict[str, Any], tmp_path: Path) -> None:
    engine: Engine = world["engine"]
    plan = plan_cohort(engine, None, per_student=5)
    path = tmp_path / "plan.csv"
    n = write_csv(plan, engine, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["student_id", "position_id", "title", "enterprise", "probability"]
    assert len(rows) == n + 1 == len(plan["assignments"]) + len(plan["unassigned"]) + 1
    assert any(any("\u4e00" <= ch <= "\u9fff" for ch in r[2] + r[3]) for r in rows[1:])


def test_csv_for_advisors_defuses_formulas(
    world: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A position title ``=HYPERLINK(…)`` was written as is (issue #16, row 8)."""
    engine: Engine = world["engine"]
    plan = plan_cohort(engine, None, per_student=5)
    p = engine.positions.index[plan["assignments"][0]["position_id"]]
    attack = '=HYPERLINK("http://evil.example","click")'
    titles = list(engine.positions.title)
    titles[p] = attack
    monkeypatch.setattr(engine.positions, "title", titles)
    path = tmp_path / "plan.csv"
    write_csv(plan, engine, path)
    rows = list(csv.reader(path.read_bytes().decode("utf-8-sig").splitlines()))
    assert "'" + attack in [r[2] for r in rows]
    assert attack not in [r[2] for r in rows]


def _invoke(world: dict[str, Any], monkeypatch: pytest.MonkeyPatch, *args: str) -> Any:
    monkeypatch.setenv("MATCHER_MODELS_DIR", str(world["models"]))
    get_settings.cache_clear()
    return CliRunner().invoke(cli_app, ["place", *args])


def test_cli_place_json(world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    engine: Engine = world["engine"]
    result = _invoke(world, monkeypatch, "--json", "--per-student", "6")
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["method"] == "optimal" and plan["scorer"] == "prior"
    metrics = plan["metrics"]
    for key in (
        "fill_rate",
        "blocking_pairs",
        "total_probability",
        "greedy_total_probability",
        "seconds",
        "worst_rank",
        "slots_filled",
    ):
        assert key in metrics
    assert metrics["total_probability"] >= metrics["greedy_total_probability"]
    placed = [a["student_id"] for a in plan["assignments"]]
    assert len(placed) == len(set(placed))
    assert len(placed) + len(plan["unassigned"]) + len(plan["already_placed"]) == len(
        engine.students
    )
    load: dict[str, int] = {}
    for a in plan["assignments"]:
        load[a["position_id"]] = load.get(a["position_id"], 0) + 1
    openings = {engine.positions.ids[i]: int(o) for i, o in enumerate(engine.positions.openings)}
    assert all(n <= openings[p] for p, n in load.items())
    text = result.stdout
    for name in PERSONAL_FIELDS:
        assert f'"{name}"' not in text


def test_cli_place_compare_lock_and_errors(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first = _invoke(world, monkeypatch, "--json", "--per-student", "4")
    plan = json.loads(first.stdout)
    a = plan["assignments"][0]
    result = _invoke(
        world,
        monkeypatch,
        "--compare",
        "--json",
        "--per-student",
        "4",
        "--forbid",
        f"{a['student_id']}:{a['position_id']}",
        "--csv",
        str(tmp_path / "p.csv"),
        "--ground-truth",
        str(world["root"] / "w" / "ground_truth"),
    )
    assert result.exit_code == 0, result.stderr
    plans = json.loads(result.stdout)["plans"]
    assert set(plans) == set(METHODS)
    assert all(
        p["metrics"]["true_utility"] >= p["metrics"]["mutual_matches"] for p in plans.values()
    )
    for p in plans.values():
        assert (a["student_id"], a["position_id"]) not in {
            (x["student_id"], x["position_id"]) for x in p["assignments"]
        }
    assert (tmp_path / "p.csv").exists()
    table = _invoke(world, monkeypatch, "--compare", "--per-student", "4")
    assert table.exit_code == 0 and "| optimal |" in table.stdout
    bad = _invoke(world, monkeypatch, "--lock", "nobody:p1")
    assert bad.exit_code == 1
    assert bad.stderr.startswith("error:") and len(bad.stderr.strip().splitlines()) == 1
    assert _invoke(world, monkeypatch, "--method", "best").exit_code != 0


def test_bench_placement_row(world: dict[str, Any]) -> None:
    from eval.placement import bench_placement

    engine: Engine = world["engine"]
    row = bench_placement(engine, per_student=4, all_open=True, openings=100)
    assert row["all_positions_opened"] and row["positions"] == len(engine.positions)
    assert row["openings"] == 100 and row["students"] == len(engine.students)
    assert set(row["methods"]) == set(METHODS)
    assert row["methods"]["stable"]["blocking_pairs"] == 0
    assert row["build"]["build_seconds"] > 0
    assert not engine.positions.is_open.all()  # the engine itself is untouched


def test_bench_placement_opens_every_position_without_touching_the_engine(
    world: dict[str, Any],
) -> None:
    from eval.placement import bench_placement

    engine: Engine = world["engine"]
    was_open = engine.positions.is_open.copy()
    n = len(engine.positions)
    row = bench_placement(engine, per_student=5, all_open=True, openings=2 * n)
    assert row["all_positions_opened"] and row["positions"] == n and row["openings"] == 2 * n
    assert set(row["methods"]) == {"greedy", "optimal", "stable"}
    for m in row["methods"].values():
        assert m["students_placed"] <= min(row["openings"], row["students"])
    assert row["methods"]["stable"]["blocking_pairs"] == 0
    assert row["methods"]["optimal"]["total_probability"] >= (
        row["methods"]["greedy"]["total_probability"] - 1e-9
    )
    assert (engine.positions.is_open == was_open).all()


def test_cli_place_leaves_out_students_already_placed(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``matcher place`` plans only students still to place, as the service does (it planned
    students already hired or holding an accepted offer)."""
    from matcher.schemas import Event, Interaction

    placing = {Event.hire, Event.accept, Event.internship_completed}
    placed = set()
    with (world["root"] / "w" / "interactions.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            it = Interaction.model_validate_json(line)
            if it.event in placing:
                placed.add(it.student_id)
    assert placed, "the world has nobody placed; the test cannot tell"
    result = _invoke(world, monkeypatch, "--json", "--per-student", "6")
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)
    assigned = {a["student_id"] for a in plan["assignments"]}
    assert not assigned & placed
    assert not set(plan["unassigned"]) & placed
    assert set(plan["already_placed"]) == placed & set(world["engine"].students.ids)


# -- on the world written by hand (tests/matcher/handworld.py: its table gives every answer) --


def test_free_openings_are_the_openings_less_the_students_placed() -> None:
    """p1 takes 3 and holds a hire and an accepted offer; p2 takes 1 and holds two hires; p3
    takes 2 and holds only an offer, which takes no opening."""
    engine: Engine = hand_world()["engine"]
    rows = np.array([engine.positions.index[p] for p in ("p1", "p2", "p3")])
    assert free_openings(engine, rows).tolist() == [1, 0, 2]
    assert free_openings(engine, rows[::-1]).tolist() == [2, 0, 1]


def test_a_full_position_and_a_closed_one_are_left_out_of_the_problem() -> None:
    problem = build_problem(hand_world()["engine"])
    assert problem.position_ids == ["p1", "p3"]  # p2 is full, p4 closed
    assert problem.capacity.tolist() == [1, 2]
    assert problem.openings.tolist() == [3, 2]
    assert problem.info["positions"] == 2 and problem.info["positions_full"] == 1
    # s6 refused p3: her only candidate is p1.
    s6 = problem.student_ids.index("s6")
    assert [problem.position_ids[j] for j in problem.position[problem.student == s6]] == ["p1"]


def test_students_already_placed_are_left_out_of_the_plan() -> None:
    """s1 (hired), s2 (accepted an offer), s3 and s7 (hired) are placed; s4 holds only an offer."""
    engine: Engine = hand_world()["engine"]
    rows = select_cohort(engine, cohort=COHORT)
    left, placed = still_to_place(engine, rows)
    assert [engine.students.ids[r] for r in left] == ["s4", "s5", "s6"]
    assert placed == ["s1", "s2", "s3", "s7"]
    rows, already = cohort_rows(engine, cohort=COHORT)
    assert [engine.students.ids[r] for r in rows] == ["s4", "s5", "s6"]
    assert already == ["s1", "s2", "s3", "s7"]
    # Three students for three free openings; s6 refused p3, so she alone takes p1.
    plan = plan_cohort(engine, rows)
    assert {a["student_id"]: a["position_id"] for a in plan["assignments"]} == {
        "s4": "p3",
        "s5": "p3",
        "s6": "p1",
    }
    assert plan["unassigned"] == []
    with pytest.raises(ValueError, match="locked student 's1' is not in the cohort"):
        plan_cohort(engine, rows, locked=[("s1", "p3")])


def _ids(engine: Engine, rows: np.ndarray) -> list[str]:
    return [engine.students.ids[r] for r in rows]


SEVEN = ["s1", "s2", "s3", "s4", "s5", "s6", "s7"]


def test_a_cohort_is_selected_by_major_year_cohort_or_ids() -> None:
    engine: Engine = hand_world()["engine"]
    assert _ids(engine, select_cohort(engine)) == [*SEVEN, "s8"]
    for major in (
        "光电信息科学与工程",
        " 080705 ",
        "Optoelectronic Information Science and Engineering",
    ):
        assert _ids(engine, select_cohort(engine, major=major)) == SEVEN, major
    assert _ids(engine, select_cohort(engine, major="车辆工程")) == ["s8"]
    assert _ids(engine, select_cohort(engine, graduation_year=2028)) == ["s8"]
    assert _ids(engine, select_cohort(engine, cohort="EE2302")) == ["s8"]
    every = select_cohort(engine, major="080705", graduation_year=2027, cohort=COHORT)
    assert _ids(engine, every) == SEVEN
    assert _ids(engine, select_cohort(engine, student_ids=["s3", "s1", "s3"])) == ["s3", "s1"]
    assert _ids(engine, select_cohort(engine, student_ids=["s8", "s3"], cohort=COHORT)) == ["s3"]
    with pytest.raises(NobodyToPlace):  # every filter holds, the last one too
        select_cohort(engine, major="车辆工程", cohort=COHORT)


def test_a_selection_of_nobody_says_why() -> None:
    engine: Engine = hand_world()["engine"]
    with pytest.raises(NobodyToPlace) as caught:
        select_cohort(engine, student_ids=["s1", "x1", "x2", "x3", "x4", "x5", "x6"])
    assert str(caught.value) == "unknown student id(s): x1, x2, x3, x4, x5 …"
    assert (caught.value.key, caught.value.fields) == (
        "unknown_students",
        {"ids": "x1, x2, x3, x4, x5 …"},
    )
    with pytest.raises(NobodyToPlace, match=r"^unknown student id\(s\): x1, x2, x3, x4, x5$"):
        select_cohort(engine, student_ids=["x1", "x2", "x3", "x4", "x5"])
    with pytest.raises(NobodyToPlace) as caught:
        select_cohort(engine, major="080705", graduation_year=2028)
    given = "major=080705, graduation_year=2028"
    assert str(caught.value) == f"no student matches the cohort selection ({given})"
    assert (caught.value.key, caught.value.fields) == ("no_student_matches", {"given": given})
    with pytest.raises(NobodyToPlace, match=r"selection \(cohort=EE2301\)$"):
        select_cohort(engine, cohort="EE2301")
    with pytest.raises(NobodyToPlace) as caught:
        cohort_rows(engine, student_ids=["s1", "s7"])
    assert str(caught.value) == "nobody in this selection is left to place"
    assert caught.value.key == "nobody_left"
    with pytest.raises(NobodyToPlace, match="left to place"):
        cohort_rows(engine, cohort="EE2302", within=[COHORT])


def test_an_advisor_places_only_within_her_cohorts() -> None:
    engine: Engine = hand_world()["engine"]
    rows, already = cohort_rows(engine, within=["EE2302"])
    assert (_ids(engine, rows), already) == (["s8"], [])
    rows, already = cohort_rows(engine, major="080705", within=[COHORT, "EE2302"])
    assert (_ids(engine, rows), already) == (["s4", "s5", "s6"], ["s1", "s2", "s3", "s7"])
    rows, already = cohort_rows(engine)
    assert (_ids(engine, rows), already) == (["s4", "s5", "s6", "s8"], ["s1", "s2", "s3", "s7"])


def test_refusals_are_the_engines_and_those_recorded_since() -> None:
    engine: Engine = hand_world()["engine"]
    assert refusals(engine) == {"s6": {"p3"}}
    assert refusals(engine, {"s5": ["p1"], "s6": ["p1"]}) == {"s5": {"p1"}, "s6": {"p1", "p3"}}


def test_locks_forbids_and_refusals_shape_the_plan() -> None:
    """s4, s5 and s6 for p1 (one free opening) and p3 (two); s6 refused p3."""
    engine: Engine = hand_world()["engine"]
    rows, _ = cohort_rows(engine, cohort=COHORT)

    def placed(plan: dict[str, Any]) -> dict[str, str]:
        return {a["student_id"]: a["position_id"] for a in plan["assignments"]}

    locked = plan_cohort(engine, rows, method="stable", locked=[("s5", "p1")])
    assert placed(locked) == {"s4": "p3", "s5": "p1"} and locked["unassigned"] == ["s6"]
    assert [a["locked"] for a in locked["assignments"]] == [False, True]
    assert locked["metrics"]["locked"] == 1
    forbidden = plan_cohort(engine, rows, forbidden=[("s6", "p1")])  # s6 is left no position
    assert sorted(placed(forbidden)) == ["s4", "s5"] and forbidden["unassigned"] == ["s6"]
    assert forbidden["metrics"]["forbidden"] == 1
    # Greedy takes students in cohort order: s4, who refused p3 since, takes p1, s5 then p3.
    refused = plan_cohort(engine, rows, method="greedy", refused_since={"s4": ["p3"]})
    assert placed(refused) == {"s4": "p1", "s5": "p3"} and refused["unassigned"] == ["s6"]
    both = plan_cohort(engine, rows, compare_all=True)
    assert sorted(both["plans"]) == ["greedy", "optimal", "stable"]
    assert both["problem"].position_ids == ["p1", "p3"]
    s6 = next(a for a in both["plans"]["optimal"]["assignments"] if a["student_id"] == "s6")
    assert (s6["position_id"], s6["title"], s6["enterprise"]) == (
        "p1",
        "光学设计工程师",
        "长春光机",
    )
    # Each plan is measured against greedy's on the same problem; here greedy gives p1 to s5
    # (cohort order) and leaves s6 without a place.
    optimal, greedy = plan_cohort(engine, rows), plan_cohort(engine, rows, method="greedy")
    assert placed(greedy) == {"s4": "p3", "s5": "p1"} and greedy["unassigned"] == ["s6"]
    total = greedy["metrics"]["total_probability"]
    assert optimal["metrics"]["greedy_total_probability"] == total
    assert total < optimal["metrics"]["total_probability"]
    assert plan_cohort(engine, rows, per_student=1)["metrics"]["candidate_pairs"] == 3
    with pytest.raises(ValueError, match="no position is open with a free opening on 2027-07-01"):
        plan_cohort(engine, rows, as_of=np.datetime64("2027-07-01"))
    with pytest.raises(
        ValueError, match=r"^unknown method 'best'; use one of optimal, stable, greedy$"
    ):
        plan_cohort(engine, rows, method="best")


def test_locks_the_problem_cannot_hold_are_refused_with_the_reason() -> None:
    engine: Engine = hand_world()["engine"]
    rows, _ = cohort_rows(engine, cohort=COHORT)
    for locked, reason in (
        (("nobody", "p1"), "locked student 'nobody' is not in the cohort"),
        (("s8", "p1"), "locked student 's8' is not in the cohort"),
        (("s4", "p4"), "locked position 'p4' is not open on 2026-09-01"),
        (("s4", "nowhere"), "locked position 'nowhere' is not open on 2026-09-01"),
        (("s6", "p3"), "student 's6' dismissed position 'p3'; it cannot be locked"),
        (("s4", "p2"), "position 'p2' has 0 free opening(s) but 1 locked student(s)"),
    ):
        with pytest.raises(ValueError) as caught:
            build_problem(engine, rows, locked=[locked])
        assert str(caught.value) == reason
    with pytest.raises(ValueError, match=r"^per_student must be at least 1$"):
        build_problem(engine, rows, per_student=0)
    with pytest.raises(
        ValueError, match=r"^no position is open with a free opening on 2027-07-01$"
    ):
        build_problem(engine, rows, as_of=np.datetime64("2027-07-01"))


def _pairs(problem: PlacementProblem) -> list[tuple[str, str]]:
    return [
        (problem.student_ids[s], problem.position_ids[p])
        for s, p in zip(problem.student, problem.position, strict=True)
    ]


def test_candidates_are_eligible_and_the_best_few_per_student() -> None:
    engine: Engine = hand_world()["engine"]
    everyone = build_problem(engine)
    assert everyone.student_ids == [*SEVEN, "s8"] and everyone.scorer == "prior"
    # s8 studies for an associate degree: every position asks for a bachelor's.
    assert "s8" not in {everyone.student_ids[s] for s in everyone.student}
    rows, _ = cohort_rows(engine, cohort=COHORT)
    one = build_problem(engine, rows, per_student=1)
    best = _pairs(one)
    assert [s for s, _ in best] == ["s4", "s5", "s6"] and best[2] == ("s6", "p1")
    two = build_problem(engine, rows, per_student=2)
    assert _pairs(two) == [("s4", "p1"), ("s4", "p3"), ("s5", "p1"), ("s5", "p3"), ("s6", "p1")]
    # A lock outside her best few is added and scored.
    other = "p1" if best[0][1] == "p3" else "p3"
    locked = build_problem(engine, rows, per_student=1, locked=[("s4", other)])
    assert ("s4", other) in _pairs(locked)
    assert locked.locked.size == 1 and 0 < locked.probability[locked.locked[0]] <= 1
    np.testing.assert_array_equal(two.p_student, two.probability)  # the prior serves all three
    assert set(two.info) == {
        "as_of", "positions", "positions_full", "per_student", "candidate_seconds",
        "scoring_seconds", "build_seconds", "build_cpu_seconds",
    }  # fmt: skip
    assert (two.info["as_of"], two.info["per_student"]) == ("2026-09-01", 2)


def test_the_advisors_csv_lists_every_student_once(tmp_path: Path) -> None:
    engine: Engine = hand_world()["engine"]
    rows, _ = cohort_rows(engine, cohort=COHORT)
    plan = plan_cohort(engine, rows, locked=[("s5", "p1")])
    path = tmp_path / "not" / "there" / "plan.csv"
    assert write_csv(plan, engine, path) == 3
    assert write_csv(plan, engine, path) == 3  # written again over the first
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    got = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert got[0] == ["student_id", "position_id", "title", "enterprise", "probability"]
    assert [r[:4] for r in got[1:]] == [
        ["s4", "p3", "嵌入式软件工程师", "吉林智联"],
        ["s5", "p1", "光学设计工程师", "长春光机"],
        ["s6", "", "", ""],
    ]
    p = {a["student_id"]: a["probability"] for a in plan["assignments"]}
    assert [r[4] for r in got[1:]] == [f"{p['s4']:.6f}", f"{p['s5']:.6f}", ""]
    stream = io.StringIO()
    forged = {"assignments": [], "unassigned": ["=1+1"]}
    assert write_csv(forged, engine, stream) == 1
    assert (
        stream.getvalue() == "student_id,position_id,title,enterprise,probability\r\n'=1+1,,,,\r\n"
    )


def test_the_measures_of_a_plan_by_hand() -> None:
    """Two students, two single openings; a prefers x (0.9) to y (0.8), b has only x (0.9).
    Optimal: a→y (0.64), b→x (0.81); greedy: a→x and b is left out."""
    problem = PlacementProblem.from_pairs(
        ["a", "b"],
        ["x", "y"],
        [1, 1],
        [("a", "x", 0.9, 0.9), ("a", "y", 0.8, 0.8), ("b", "x", 0.9, 0.9)],
        scorer="prior",
    )
    optimal = plan_metrics(allocate(problem, "optimal"))
    assert optimal.pop("seconds") >= 0
    assert optimal == {
        "students": 2, "students_placed": 2, "fill_rate": 1.0, "unassigned": 0,
        "openings": 2, "slots_filled": 2, "slot_fill_rate": 1.0, "total_probability": 1.45,
        "mean_probability": 0.725, "greedy_total_probability": 0.81, "blocking_pairs": 0,
        "worst_rank": 2, "mean_rank": 1.5, "candidate_pairs": 3, "locked": 0, "forbidden": 0,
    }  # fmt: skip
    greedy = plan_as_dict(allocate(problem, "greedy"))
    assert greedy["assignments"] == [
        {"student_id": "a", "position_id": "x", "probability": 0.81, "locked": False}
    ]
    assert (greedy["unassigned"], greedy["method"], greedy["scorer"]) == (["b"], "greedy", "prior")
    assert "problem" not in greedy
    m = greedy["metrics"]
    assert (m["fill_rate"], m["slot_fill_rate"], m["mean_probability"]) == (0.5, 0.5, 0.81)
    assert (m["greedy_total_probability"], m["worst_rank"], m["mean_rank"]) == (0.81, 1, 1.0)
    thirds = PlacementProblem.from_pairs(
        ["a", "b", "c"], ["x"], [1], [("a", "x", 0.5, 0.5)]
    ).constrain(locked=[("a", "x")], forbidden=[("b", "x")])
    thirds.info = {"build_seconds": 1.5, "as_of": "2026-09-01"}
    held = plan_as_dict(allocate(thirds, "stable"), 0.2)
    assert held["assignments"][0]["locked"] is True
    assert held["metrics"]["fill_rate"] == 0.3333 and held["metrics"]["locked"] == 1
    assert held["metrics"]["forbidden"] == 1 and held["metrics"]["build_seconds"] == 1.5
    assert held["metrics"]["greedy_total_probability"] == 0.2
    assert held["problem"] == {"build_seconds": 1.5, "as_of": "2026-09-01"}
    nobody = plan_metrics(allocate(PlacementProblem.from_pairs([], ["x"], [0], []), "optimal"))
    assert (nobody["fill_rate"], nobody["slot_fill_rate"], nobody["mean_probability"]) == (
        0.0, 0.0, 0.0
    )  # fmt: skip
    assert (nobody["worst_rank"], nobody["mean_rank"]) == (None, None)


def test_locks_a_problem_cannot_hold_are_named() -> None:
    pairs = [("a", "x", 0.5, 0.5), ("b", "x", 0.5, 0.5), ("a", "y", 0.5, 0.5)]
    problem = PlacementProblem.from_pairs(["a", "b"], ["x", "y"], [1, 1], pairs)
    for locked, reason in (
        ([3], "a locked pair index is outside the candidate pairs"),
        ([-1], "a locked pair index is outside the candidate pairs"),
        ([0, 2], "student 'a' is locked to more than one position"),
        ([0, 1], "position 'x' has 1 free opening(s) but 2 locked student(s)"),
    ):
        with pytest.raises(ValueError) as caught:
            PlacementProblem.from_pairs(["a", "b"], ["x", "y"], [1, 1], pairs, locked=locked)
        assert str(caught.value) == reason, locked
    assert problem.pair_index("a", "y") == 2 and problem.pair_index("b", "y") is None
    assert problem.pair_index("c", "x") is None and problem.pair_index("a", "z") is None


class _FixedSides:
    """A two-sided ranker whose sides are given numbers, some outside [0, 1]."""

    kind = "pointwise"

    def __init__(self, ps: float, pe: float) -> None:
        self.ps, self.pe = ps, pe

    def predict_sides(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return np.full(len(X), self.ps), np.full(len(X), self.pe)


class _FixedList:
    """A listwise ranker whose probability is a given number."""

    kind = "listwise"

    def __init__(self, p: float) -> None:
        self.p = p

    def predict(self, X: np.ndarray) -> np.ndarray:
        return np.full(len(X), self.p)


def test_a_learned_ranker_scores_the_pairs_within_zero_and_one() -> None:
    """Both sides are clipped to [0, 1] and the match probability is their product."""
    engine: Engine = hand_world()["engine"]
    rows, _ = cohort_rows(engine, cohort=COHORT)
    try:
        for ranker, expected in (
            (_FixedSides(1.5, 0.4), (1.0, 0.4, 0.6)),
            (_FixedSides(-0.5, 0.4), (0.0, 0.4, 0.0)),
            (_FixedSides(0.5, 1.5), (0.5, 1.0, 0.75)),
            (_FixedSides(0.5, -2.0), (0.5, 0.0, 0.0)),
            (_FixedList(1.25), (1.0, 1.0, 1.0)),
            (_FixedList(-0.25), (0.0, 0.0, 0.0)),
            (_FixedList(0.3), (0.3, 0.3, 0.3)),
        ):
            engine.ranker = ranker
            problem = build_problem(engine, rows, per_student=2)
            assert problem.scorer == "learned"
            got = (problem.p_student, problem.p_enterprise, problem.probability)
            for values, want in zip(got, expected, strict=True):
                np.testing.assert_allclose(values, want)
    finally:
        engine.ranker = None
