"""The store on SQLite and on PostgreSQL: upserts, counts, streaming reads, all-or-nothing writes.

Every test here runs once per backend (the ``store`` fixture below overrides the SQLite-only one
of ``conftest.py``); the PostgreSQL run needs ``MATCHER_TEST_POSTGRES_URL`` (``.ci/run`` sets it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from matcher.errors import ImportFailed
from matcher.schemas import Enterprise, Interaction, Position, Student
from matcher.simulate import simulate
from matcher.store.database import Store
from matcher.store.ingest import import_files
from tests.matcher.store.storerace import open_together


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """An empty store on each backend."""
    s = Store(database_url)
    yield s
    s.dispose()


def test_the_store_is_on_the_backend_asked_for(store: Store, database_url: str) -> None:
    assert store.engine.dialect.name == database_url.split(":")[0].split("+")[0]


def test_upsert_inserts_then_updates(store: Store) -> None:
    ent = Enterprise(id="e1", name="长春光电", sectors=["optics"], city="长春")
    with store.session() as s:
        store.upsert(s, "enterprises", [ent])
        store.upsert(
            s,
            "positions",
            [Position(id="p1", enterprise_id="e1", title="光学工程师", city="长春", openings=1)],
        )
    with store.session() as s:
        store.upsert(
            s,
            "positions",
            [
                Position(
                    id="p1", enterprise_id="e1", title="Optical Engineer", city="长春", openings=3
                )
            ],
        )
    assert store.counts() == {"enterprises": 1, "students": 0, "positions": 1, "interactions": 0}
    got = store.get("positions", "p1")
    assert isinstance(got, Position)
    assert (got.title, got.openings) == ("Optical Engineer", 3)


def test_session_rolls_back_on_error(store: Store) -> None:
    ent = Enterprise(id="e1", name="x", sectors=["icv"], city="长春")
    try:
        with store.session() as s:
            store.upsert(s, "enterprises", [ent])
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert store.counts()["enterprises"] == 0


def test_iter_records_streams_in_id_order(store: Store) -> None:
    ents = [
        Enterprise(id=f"e{i:04d}", name=f"n{i}", sectors=["optics"], city="长春") for i in range(25)
    ]
    with store.session() as s:
        store.upsert(s, "enterprises", ents[::-1])
    got = [r.id for r in store.iter_records("enterprises", batch_size=7)]
    assert got == [e.id for e in ents]


def test_sqlite_uses_wal(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'wal.db'}")
    with store.engine.connect() as conn:
        mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
    store.dispose()
    assert mode == "wal"


def test_generation_counts_committed_writes(store: Store) -> None:
    assert store.generation() == 0
    ent = Enterprise(id="e1", name="x", sectors=["icv"], city="长春")
    with store.session() as s:
        store.upsert(s, "enterprises", [ent])
    with store.session() as s:
        store.upsert(s, "enterprises", [ent])  # the same record again is still a write
    assert store.generation() == 2
    try:
        with store.session() as s:
            store.upsert(s, "enterprises", [ent])
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert store.generation() == 2  # rolled back with the records
    with store.session() as s:
        store.upsert(s, "enterprises", [])
    assert store.generation() == 2  # nothing written, nothing counted


def test_accounts_do_not_change_the_generation(store: Store) -> None:
    from matcher.store.accounts import add_user, authenticate

    add_user(store, username="admin1", role="admin", password="correct horse")
    assert store.generation() == 0
    assert authenticate(store, "admin1", "correct horse") is not None
    assert authenticate(store, "admin1", "wrong horse") is None
    assert authenticate(store, "nobody", "correct horse") is None


def test_a_simulated_world_round_trips(store: Store, tmp_path: Path) -> None:
    """The same files give the same records back on this backend as on a plain SQLite store."""
    simulate(tmp_path / "w", students=40, enterprises=5, positions=16, seed=1, progress=False)
    files = sorted((tmp_path / "w").glob("*.jsonl"))
    import_files(store, files)
    reference = Store(f"sqlite:///{tmp_path / 'reference.db'}")
    import_files(reference, files)
    for kind in ("enterprises", "students", "positions", "interactions"):
        got = list(store.iter_records(kind))
        assert got and got == list(reference.iter_records(kind)), kind
    reference.dispose()


def test_a_refused_import_writes_nothing(store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "positions.jsonl"
    bad.write_text(
        '{"id": "p1", "enterprise_id": "e404", "title": "x", "city": "长春"}\n', encoding="utf-8"
    )
    with pytest.raises(ImportFailed):
        import_files(store, [bad])
    assert sum(store.counts().values()) == 0 and store.generation() == 0


def test_chinese_text_and_times_survive(store: Store) -> None:
    with store.session() as s:
        store.upsert(
            s,
            "enterprises",
            [Enterprise(id="e1", name="吉林省激光雷达有限公司", sectors=["icv"], city="长春")],
        )
        store.upsert(
            s,
            "positions",
            [Position(id="p1", enterprise_id="e1", title="激光雷达标定", city="长春", openings=2)],
        )
        store.upsert(
            s, "students", [Student(id="s1", major="车辆工程", degree="硕士", graduation_year=2027)]
        )
        store.upsert(
            s,
            "interactions",
            [
                Interaction(
                    id="i1",
                    student_id="s1",
                    position_id="p1",
                    event="apply",
                    timestamp=dt.datetime(2026, 9, 1, 8, 30),
                )
            ],
        )
    ent = store.get("enterprises", "e1")
    assert isinstance(ent, Enterprise) and ent.name == "吉林省激光雷达有限公司"
    event = store.get("interactions", "i1")
    assert isinstance(event, Interaction) and event.timestamp == dt.datetime(2026, 9, 1, 8, 30)


def test_foreign_keys_are_enforced(store: Store) -> None:
    """A position of an unknown enterprise is refused by the database itself, on both backends."""
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), store.session() as s:
        store.upsert(
            s,
            "positions",
            [Position(id="p1", enterprise_id="e404", title="x", city="长春", openings=1)],
        )
    assert store.counts()["positions"] == 0


def test_stores_opening_a_new_sqlite_file_together_wait_for_each_other(tmp_path: Path) -> None:
    """Switching a new database to WAL ignored SQLite's busy timeout: "database is locked"."""
    for round_ in range(25):
        assert open_together(f"sqlite:///{tmp_path / f'race{round_}.db'}") == []


def test_fetch_runs_one_built_statement_with_each_call_s_parameters(store: Store) -> None:
    from sqlalchemy import bindparam, select

    from matcher.store.rows import PositionRow

    with store.session() as s:
        store.upsert(
            s,
            "enterprises",
            [Enterprise(id="e1", name="长春光电", sectors=["optics"], city="长春")],
        )
        store.upsert(
            s,
            "positions",
            [
                Position(
                    id=f"p{i}", enterprise_id="e1", title=f"光学工程师 {i}", city="长春", openings=1
                )
                for i in range(3)
            ],
        )
    table = PositionRow.__table__.c
    query = select(table.id, table.data).where(table.id.in_(bindparam("ids", expanding=True)))
    first = store.fetch(query, {"ids": ["p0", "p2"]})
    assert sorted(r.id for r in first) == ["p0", "p2"]
    assert {r.data["title"] for r in first} == {"光学工程师 0", "光学工程师 2"}
    assert [r.id for r in store.fetch(query, {"ids": ["p1"]})] == ["p1"]
    assert store.fetch(query, {"ids": ["nope"]}) == []


def test_audit_entries_page_with_an_offset(store: Store) -> None:
    ids = [store.record_audit("u1", "admin", "view_profile", f"s{i}") for i in range(5)]
    newest_first = [e["id"] for e in store.audit_entries(limit=10)]
    assert newest_first == sorted(ids, reverse=True)
    assert [e["id"] for e in store.audit_entries(limit=2, offset=2)] == newest_first[2:4]
    with pytest.raises(ValueError, match="offset"):
        store.audit_entries(offset=-1)
