"""An engine brought up to date from the change feed answers as a new build of the same store."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from matcher.engine.build import build_engine
from matcher.engine.delta import Pending, StackedRows, updated_engine
from matcher.engine.persist import load_engine, save_engine
from matcher.engine.snapshot import Engine
from matcher.recommend import recommend_candidates, recommend_positions
from matcher.retrieval.embedding import load_embedder
from matcher.schemas import Event, Interaction, PositionStatus
from matcher.simulate import simulate
from matcher.store.database import Store
from matcher.store.ingest import import_files
from matcher.text.skillcache import SkillCache


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("delta")
    simulate(root / "w", students=80, enterprises=8, positions=40, seed=11, progress=False)
    store = Store(f"sqlite:///{root / 'm.db'}")
    import_files(store, sorted((root / "w").glob("*.jsonl")))
    embedder = load_embedder()
    save_engine(build_engine(store, embedder), root / "models")
    store.dispose()
    return {"root": root, "embedder": embedder}


def _copy_store(saved: dict[str, Any], target: Path) -> Store:
    with sqlite3.connect(saved["root"] / "m.db") as a, sqlite3.connect(target) as b:
        a.backup(b)
    return Store(f"sqlite:///{target}")


def _updated(base: Engine, since: int, store: Store, saved: dict[str, Any]) -> Engine:
    """``base`` brought up to date with the store's changes since ``since``."""
    pending = Pending(since)
    pending.add(store.changes_since(since) or [])
    return updated_engine(base, pending, store, saved["embedder"],
                          skills=SkillCache(base.taxonomy))  # fmt: skip


def _writes(store: Store) -> None:
    """A day of writes: positions added, changed, closed; a student added and one changed;
    an enterprise renamed and moved; applications, a dismissal and an undone view."""
    positions = list(store.iter_records("positions"))
    open_ones = [p for p in positions if p.status == PositionStatus.open]
    students = list(store.iter_records("students"))
    enterprise = next(iter(store.iter_records("enterprises")))
    changed = open_ones[0].model_copy(
        update={"description": "激光器调试 Zemax 光学设计 CAN bus", "required_skills": ["Zemax"]}
    )
    closed = open_ones[1].model_copy(update={"status": PositionStatus.closed})
    added = open_ones[2].model_copy(update={"id": "p-new", "title": "机器视觉工程师 OpenCV"})
    newcomer = students[0].model_copy(
        update={"id": "s-new", "self_description": "熟悉 ROS 与激光雷达感知, C++ 与 Python"}
    )
    edited = students[1].model_copy(update={"self_description": "Verilog FPGA 图像处理 项目"})
    moved = enterprise.model_copy(update={"name": "长春新光学", "city": "吉林"})
    at = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    events = [
        Interaction(id="d-1", student_id=students[2].id, position_id=open_ones[3].id,
                    event=Event.apply, timestamp=at),
        Interaction(id="d-2", student_id=students[3].id, position_id=open_ones[4].id,
                    event=Event.dismiss, timestamp=at, reason="not_interested"),
        Interaction(id="d-3", student_id=students[4].id, position_id=open_ones[5].id,
                    event=Event.view, timestamp=at),
    ]  # fmt: skip
    with store.session() as s:
        store.upsert(s, "positions", [changed, closed, added])
    with store.session() as s:
        store.upsert(s, "students", [newcomer, edited])
    with store.session() as s:
        store.upsert(s, "enterprises", [moved])
    with store.session() as s:
        store.upsert(s, "interactions", events)
    assert store.delete_interaction("d-3")


def _rows_by_key(pairs: Any) -> dict[tuple[str, str], int]:
    return {k: i for i, k in enumerate(zip(pairs.student_ids, pairs.position_ids, strict=True))}


def _assert_same_pairs(got: Any, want: Any) -> None:
    """Every column of every pair alike, whatever the order of the rows."""
    import dataclasses

    rows, theirs = _rows_by_key(got), _rows_by_key(want)
    assert rows.keys() == theirs.keys()
    keys = sorted(rows)
    a, b = [rows[k] for k in keys], [theirs[k] for k in keys]
    for f in dataclasses.fields(want):
        mine, other = getattr(got, f.name), getattr(want, f.name)
        if isinstance(other, np.ndarray):
            np.testing.assert_array_equal(mine[a], other[b], err_msg=f.name)
        else:
            assert mine[a] == other[b], f.name


def test_an_updated_engine_answers_as_a_new_build(saved: dict[str, Any], tmp_path: Path) -> None:
    store = _copy_store(saved, tmp_path / "copy.db")
    base = load_engine(saved["root"] / "models")
    since = base.manifest["store_generation"]
    assert since == store.generation()
    _writes(store)
    pending = Pending(since)
    pending.add(store.changes_since(since) or [])
    assert pending.generation == store.generation() and "p-new" in pending.positions
    embedder = saved["embedder"]
    updated = updated_engine(base, pending, store, embedder, skills=SkillCache(base.taxonomy))
    fresh = build_engine(store, embedder)
    store.dispose()

    assert isinstance(updated.position_vectors, StackedRows)
    for kind in ("positions", "students", "enterprises"):  # interactions: as of the version
        assert updated.manifest["counts"][kind] == fresh.manifest["counts"][kind]
    assert updated.manifest["latest_event"] == fresh.manifest["latest_event"]
    assert updated.stats == fresh.stats
    _assert_same_pairs(updated.pairs, fresh.pairs)
    np.testing.assert_array_equal(updated.skill_idf, fresh.skill_idf)
    for sid in fresh.students.ids:
        assert dict(updated.excluded).get(sid, set()) == fresh.excluded.get(sid, set()), sid
        got = [r.as_dict() for r in recommend_positions(updated, sid, k=20)]
        assert got == [r.as_dict() for r in recommend_positions(fresh, sid, k=20)], sid
    open_rows = np.flatnonzero(fresh.positions.is_open)
    for pid in [fresh.positions.ids[r] for r in open_rows]:
        got = [r.as_dict() for r in recommend_candidates(updated, pid, k=10)]
        assert got == [r.as_dict() for r in recommend_candidates(fresh, pid, k=10)], pid
    assert "p-new" in {r.position_id for s in fresh.students.ids[:40]
                       for r in recommend_positions(updated, s, k=20)}  # fmt: skip


def test_pairs_and_placements_follow_the_changes(saved: dict[str, Any], tmp_path: Path) -> None:
    """A hire recorded since the version: the student counts as placed, as after a rebuild."""
    from matcher.rules import placed_students

    store = _copy_store(saved, tmp_path / "copy.db")
    base = load_engine(saved["root"] / "models")
    since = base.manifest["store_generation"]
    placed = placed_students(base.pairs)
    student = next(s for s in base.students.ids if s not in placed)
    position = base.positions.ids[int(np.flatnonzero(base.positions.is_open)[0])]
    at = dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC)
    events = [
        Interaction(id=f"h-{e.value}", student_id=student, position_id=position, event=e,
                    timestamp=at + dt.timedelta(days=i))
        for i, e in enumerate((Event.apply, Event.interview, Event.offer, Event.accept))
    ]  # fmt: skip
    with store.session() as s:
        store.upsert(s, "interactions", events)
    _writes(store)  # a changed student: her old row must not be placed or planned twice
    updated = _updated(base, since, store, saved)
    fresh = build_engine(store, saved["embedder"])
    store.dispose()
    assert student in placed_students(updated.pairs)
    assert placed_students(updated.pairs) == placed_students(fresh.pairs)
    assert len(updated.pairs.grade) == len(fresh.pairs.grade)
    _assert_same_pairs(updated.pairs, fresh.pairs)
    # The new pair reached each grade at its event's time: view and apply both at the apply.
    row = _rows_by_key(updated.pairs)[(student, position)]
    day = [np.datetime64(at.replace(tzinfo=None) + dt.timedelta(days=i), "s") for i in range(4)]
    assert updated.pairs.reached[row].tolist() == [
        t.item() for t in (day[0], day[0], day[0], day[1], day[2], day[3])
    ]
    from matcher.placement.cohort import select_cohort

    cohort = fresh.students.cohort[fresh.students.index["s-new"]]
    mine = sorted(updated.students.ids[r] for r in select_cohort(updated, cohort=cohort))
    assert mine == sorted(fresh.students.ids[r] for r in select_cohort(fresh, cohort=cohort))


def test_a_pair_left_without_events_leaves_the_history(
    saved: dict[str, Any], tmp_path: Path
) -> None:
    """Deleting the only event of a pair the version knew (an undone save or dismissal) takes
    the pair out of popularity, hidden positions and the pairs, as a rebuild would."""
    from collections import Counter

    store = _copy_store(saved, tmp_path / "copy.db")
    base = load_engine(saved["root"] / "models")
    since = base.manifest["store_generation"]
    events = list(store.iter_records("interactions"))
    per_pair = Counter((e.student_id, e.position_id) for e in events)
    hiding = {Event.dismiss, Event.save}
    alone = [e for e in events if per_pair[(e.student_id, e.position_id)] == 1]
    gone = (
        next(e for e in alone if e.event in hiding)
        if any(e.event in hiding for e in alone)
        else alone[0]
    )
    assert store.delete_interaction(gone.id)
    updated = _updated(base, since, store, saved)
    fresh = build_engine(store, saved["embedder"])
    store.dispose()
    assert updated.stats == fresh.stats
    assert len(updated.pairs.grade) == len(fresh.pairs.grade)
    sid = gone.student_id
    assert set(dict(updated.excluded).get(sid, set())) == set(fresh.excluded.get(sid, set()))
    assert [r.as_dict() for r in recommend_positions(updated, sid, k=20)] == [
        r.as_dict() for r in recommend_positions(fresh, sid, k=20)
    ]


def test_an_engine_whose_first_rows_were_replaced_warms_up(
    saved: dict[str, Any], tmp_path: Path
) -> None:
    """The first student and position edited: warming up asks for live rows (it had asked for
    the first row's id, which an updated engine has no more)."""
    from matcher.recommend import warm_up

    store = _copy_store(saved, tmp_path / "copy.db")
    base = load_engine(saved["root"] / "models")
    since = base.manifest["store_generation"]
    student = store.get("students", base.students.ids[0])
    position = store.get("positions", base.positions.ids[0])
    with store.session() as s:
        store.upsert(s, "students", [student.model_copy(update={"self_description": "ROS"})])
        store.upsert(s, "positions", [position.model_copy(update={"title": "新标题"})])
    updated = _updated(base, since, store, saved)
    store.dispose()
    assert updated.students.ids[0] is None and updated.positions.ids[0] is None
    warm_up(updated)
    assert "position_skill_columns" in updated.__dict__
