"""The change feed: every write of matching records names what it changed, at its generation.

Runs once per backend, like ``test_database.py``.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator

import pytest

from matcher.schemas import Enterprise, Event, Interaction, Position, Student
from matcher.store.accounts import add_user
from matcher.store.database import Change, Store


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """An empty store on each backend."""
    s = Store(database_url)
    yield s
    s.dispose()


def _world(store: Store) -> None:
    with store.session() as s:
        store.upsert(
            s, "enterprises", [Enterprise(id="e1", name="x", sectors=["icv"], city="长春")]
        )
        store.upsert(
            s,
            "positions",
            [
                Position(
                    id=f"p{i}", enterprise_id="e1", title="测试工程师", city="长春", openings=1
                )
                for i in (1, 2)
            ],
        )
        store.upsert(
            s,
            "students",
            [Student(id="s1", major="车辆工程", degree="bachelor", graduation_year=2027)],
        )


def test_each_write_names_its_records_at_its_generation(store: Store) -> None:
    _world(store)  # one transaction, three writes
    assert store.changes_since(0) == [
        Change(1, "enterprises", "e1", None),
        Change(2, "positions", "p1", None),
        Change(2, "positions", "p2", None),
        Change(3, "students", "s1", None),
    ]
    at = dt.datetime(2026, 9, 1, tzinfo=dt.UTC)
    views = [
        Interaction(id=f"i{k}", student_id="s1", position_id="p1", event=Event.view, timestamp=at)
        for k in (1, 2)
    ]
    with store.session() as s:
        store.upsert(s, "interactions", views)  # two events of one pair: the pair once
    assert store.delete_interaction("i1")
    add_user(store, username="admin1", password="correct horse", role="admin")  # not matching data
    assert store.changes_since(3) == [
        Change(4, "interactions", "s1", "p1"),
        Change(5, "interactions", "s1", "p1"),
    ]
    assert store.generation() == 5 and store.changes_since(5) == []


def test_a_rolled_back_write_leaves_no_change(store: Store) -> None:
    _world(store)
    with pytest.raises(RuntimeError), store.session() as s:
        store.upsert(
            s, "students", [Student(id="s2", major="光电", degree="bachelor", graduation_year=2027)]
        )
        raise RuntimeError("boom")
    assert store.generation() == 3 and store.changes_since(3) == []


def test_pruned_changes_say_so_instead_of_answering_short(store: Store) -> None:
    _world(store)
    assert store.prune_changes(2) == 3
    assert store.changes_since(1) is None  # the feed no longer reaches back there
    assert store.changes_since(2) == [Change(3, "students", "s1", None)]
    store.prune_changes(1)  # never moves back
    assert store.changes_since(1) is None


def test_concurrent_writers_take_generations_in_commit_order(store: Store) -> None:
    """Writers on several connections: every generation is one write's, none is lost, and a
    reader that has seen generation g never meets a change below g later."""
    _world(store)
    seen: list[int] = []
    done = threading.Event()

    def read() -> None:
        last = 3
        while not done.is_set():
            for change in store.changes_since(last) or []:
                assert change.generation > last or change.generation == seen[-1]
                seen.append(change.generation)
                last = change.generation

    def write(w: int) -> None:
        for k in range(15):
            with store.session() as s:
                store.upsert(
                    s,
                    "students",
                    [
                        Student(
                            id=f"w{w}-{k}", major="光电", degree="bachelor", graduation_year=2027
                        )
                    ],
                )

    reader = threading.Thread(target=read)
    reader.start()
    writers = [threading.Thread(target=write, args=(w,)) for w in range(3)]
    for t in writers:
        t.start()
    for t in writers:
        t.join()
    done.set()
    reader.join()
    changes = store.changes_since(3) or []
    assert [c.generation for c in changes] == list(range(4, 4 + 45))
    assert sorted(c.record_id for c in changes) == sorted(
        f"w{w}-{k}" for w in range(3) for k in range(15)
    )
    assert seen == sorted(seen) and set(seen) <= set(range(4, 49))
