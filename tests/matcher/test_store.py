"""The store: upserts, counts, streaming reads."""

from __future__ import annotations

from matcher.schemas import Enterprise, Position
from matcher.store import Store


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


def test_sqlite_uses_wal(store: Store) -> None:
    with store.engine.connect() as conn:
        mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
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
    from matcher.accounts import add_user, authenticate

    add_user(store, username="admin1", role="admin", password="correct horse")
    assert store.generation() == 0
    assert authenticate(store, "admin1", "correct horse") is not None
    assert authenticate(store, "admin1", "wrong horse") is None
    assert authenticate(store, "nobody", "correct horse") is None
