"""Schema migrations (Alembic) and the audit log, on SQLite and on PostgreSQL.

Every test taking ``database_url`` runs once per backend on an empty database of its own.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, MetaData, insert, inspect
from sqlalchemy.exc import SQLAlchemyError

from matcher.errors import SchemaError
from matcher.schemas import Enterprise, Position, Student
from matcher.store import migrations
from matcher.store.database import Store
from matcher.store.migrations import HEAD, INITIAL, INITIAL_TABLES
from matcher.store.rows import TABLES, Base, EnterpriseRow, row_values
from tests.matcher.store.storerace import open_together

AUDIT_COLUMNS = {"id", "at", "viewer_id", "viewer_role", "action", "subject_student_id", "detail"}


def _tables(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def _schema_diffs(engine: Engine, metadata: MetaData) -> list[Any]:
    """What autogenerate would change to make the database match ``metadata`` (none: equal)."""
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, metadata)


#: Indexes that later revisions added to revision 0001's tables.
LATER_INDEXES = frozenset({"ix_interactions_pair_events"})


def _initial_metadata() -> MetaData:
    """The tables that ``Base.metadata.create_all`` made before migrations (revision 0001)."""
    metadata = MetaData()
    for name in sorted(INITIAL_TABLES):
        table = Base.metadata.tables[name].to_metadata(metadata)
        for index in [i for i in table.indexes if i.name in LATER_INDEXES]:
            table.indexes.discard(index)
    return metadata


def _legacy_store(url: str, *, without: tuple[str, ...] = ()) -> Store:
    """A store as the code before migrations made it: plain ``create_all``, then some records."""
    legacy = Store(url, create=False)
    tables = [Base.metadata.tables[n] for n in sorted(INITIAL_TABLES) if n not in without]
    Base.metadata.create_all(legacy.engine, tables=tables)
    records = {
        "enterprises": [Enterprise(id="e1", name="长春光电", sectors=["optics"], city="长春")],
        "positions": [
            Position(id="p1", enterprise_id="e1", title="光学工程师", city="长春", openings=2)
        ],
        "students": [Student(id="s1", major="光电信息", degree="本科", graduation_year=2027)],
    }
    with legacy.session() as s:  # rows as that code wrote them (no change feed then)
        for kind, found in records.items():
            table = TABLES[kind][0].__table__
            s.execute(table.insert(), [row_values(kind, r) for r in found])
            legacy._bump_generation(s)
    return legacy


def _make_legacy_records(url: str, *, without: tuple[str, ...] = ()) -> None:
    """A legacy store lacking the tables ``without``, with one enterprise."""
    legacy = Store(url, create=False)
    tables = [Base.metadata.tables[n] for n in sorted(INITIAL_TABLES) if n not in without]
    Base.metadata.create_all(legacy.engine, tables=tables)
    values = row_values("enterprises", Enterprise(id="e1", name="x", sectors=["icv"], city="长春"))
    with legacy.engine.begin() as conn:  # not upsert: that needs store_meta
        conn.execute(insert(EnterpriseRow.__table__).values(**values))
    legacy.dispose()


def test_head_is_the_scripts_head_and_the_history_is_linear() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrations.alembic_config())
    assert script.get_heads() == [HEAD] == [migrations.script_head()]
    chain = [r.revision for r in script.walk_revisions("base", "heads")]
    assert chain == ["0005", "0004", "0003", "0002", "0001"]
    assert (migrations.SCRIPT_LOCATION / "script.py.mako").is_file()


def test_a_new_database_is_at_head_and_matches_the_models(database_url: str) -> None:
    store = Store(database_url)
    assert migrations.current_revision(database_url) == HEAD
    assert migrations.current_revision(store.engine) == HEAD
    assert _tables(store.engine) == set(Base.metadata.tables) | {"alembic_version"}
    assert _schema_diffs(store.engine, Base.metadata) == []
    with store.engine.connect() as conn:
        indexes = {i["name"]: i["column_names"] for i in inspect(conn).get_indexes("audit_log")}
        columns = {c["name"] for c in inspect(conn).get_columns("audit_log")}
    assert indexes["ix_audit_log_subject_at"] == ["subject_student_id", "at"]
    assert columns == AUDIT_COLUMNS  # ids and roles only: nothing personal
    store.dispose()


def test_revision_1_is_the_schema_create_all_made(database_url: str) -> None:
    assert migrations.upgrade(database_url, INITIAL) == INITIAL
    store = Store(database_url, create=False)
    assert _tables(store.engine) == INITIAL_TABLES | {"alembic_version"}
    assert _schema_diffs(store.engine, _initial_metadata()) == []
    store.dispose()


def test_a_store_made_by_create_all_is_stamped_and_upgraded(database_url: str) -> None:
    legacy = _legacy_store(database_url)
    generation = legacy.generation()
    assert generation == 3
    assert "audit_log" not in _tables(legacy.engine)
    assert migrations.current_revision(database_url) is None
    legacy.dispose()

    store = Store(database_url)  # what every command and the API do when they start
    assert migrations.current_revision(database_url) == HEAD
    assert "audit_log" in _tables(store.engine)
    assert _schema_diffs(store.engine, Base.metadata) == []
    assert store.counts() == {"enterprises": 1, "students": 1, "positions": 1, "interactions": 0}
    position = store.get("positions", "p1")
    assert isinstance(position, Position) and position.title == "光学工程师"
    assert store.generation() == generation
    store.record_audit("u-admin", "admin", "view_profile", "s1")
    assert len(store.audit_entries("s1")) == 1
    store.dispose()


def test_a_store_from_before_the_write_generation_gains_it(database_url: str) -> None:
    """Stores made before ``store_meta`` existed got it from ``create_all`` on the next open."""
    _make_legacy_records(database_url, without=("store_meta",))
    store = Store(database_url)
    assert migrations.current_revision(database_url) == HEAD
    assert _schema_diffs(store.engine, Base.metadata) == []
    assert store.counts()["enterprises"] == 1 and store.generation() == 0
    with store.session() as s:
        store.upsert(
            s, "students", [Student(id="s1", major="m", degree="本科", graduation_year=2027)]
        )
    assert store.generation() == 1
    store.dispose()


def test_a_database_with_only_some_store_tables_is_refused(database_url: str) -> None:
    _make_legacy_records(database_url, without=("students", "interactions", "store_meta"))
    with pytest.raises(SchemaError, match="interactions, store_meta, students"):
        Store(database_url)
    assert migrations.current_revision(database_url) is None
    probe = Store(database_url, create=False)
    assert "alembic_version" not in _tables(probe.engine)
    probe.dispose()


def test_a_failed_upgrade_changes_nothing(database_url: str) -> None:
    """The stamp and every step share one transaction: a failure leaves the database as it was."""
    legacy = _legacy_store(database_url)
    with legacy.engine.begin() as conn:  # someone's own table in the way of revision 0002
        conn.exec_driver_sql("CREATE TABLE audit_log (note VARCHAR(10))")
    legacy.dispose()
    with pytest.raises(SQLAlchemyError):
        Store(database_url)
    assert migrations.current_revision(database_url) is None
    probe = Store(database_url, create=False)
    assert _tables(probe.engine) == INITIAL_TABLES | {"audit_log"}
    assert probe.counts()["positions"] == 1
    probe.dispose()


def test_revision_2_downgrades_and_upgrades_again(database_url: str) -> None:
    store = Store(database_url)
    with store.session() as s:
        store.upsert(
            s, "enterprises", [Enterprise(id="e1", name="x", sectors=["icv"], city="长春")]
        )
    store.record_audit("u1", "advisor", "view_recommendations", "s1")

    assert migrations.downgrade(database_url, INITIAL) == INITIAL
    assert _tables(store.engine) == INITIAL_TABLES | {"alembic_version"}
    assert _schema_diffs(store.engine, _initial_metadata()) == []
    assert store.counts()["enterprises"] == 1
    with pytest.raises(SQLAlchemyError):  # no table: the view must not be served
        store.record_audit("u1", "advisor", "view_recommendations", "s1")

    assert migrations.upgrade(database_url) == HEAD
    assert store.audit_entries() == []  # the log went with its table
    assert store.counts()["enterprises"] == 1

    assert migrations.downgrade(database_url, "base") is None
    assert _tables(store.engine) == {"alembic_version"}
    store.dispose()


def test_a_store_at_head_opens_without_running_alembic(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from alembic import command

    calls: list[str] = []
    real = command.upgrade
    monkeypatch.setattr(command, "upgrade", lambda cfg, rev: calls.append(rev) or real(cfg, rev))
    Store(database_url).dispose()
    assert calls == ["head"]
    for _ in range(3):
        Store(database_url).dispose()
    assert calls == ["head"]


def test_stores_opened_at_once_migrate_once(database_url: str) -> None:
    """Processes starting together on a new database: the lock makes the others wait, then see
    the database at head."""
    assert open_together(database_url) == []
    assert migrations.current_revision(database_url) == HEAD


def test_an_in_memory_sqlite_store_is_at_head() -> None:
    store = Store("sqlite://")
    assert migrations.current_revision(store.engine) == HEAD
    assert store.record_audit("u1", "admin", "export", "s1") == 1
    assert store.counts()["students"] == 0
    store.dispose()


def test_the_audit_log_round_trips(database_url: str) -> None:
    store = Store(database_url)
    # Earlier than the entry written at the current time, with whole seconds.
    t0 = (dt.datetime.now(dt.UTC) - dt.timedelta(days=3)).replace(microsecond=0)
    first = store.record_audit("adv1", "advisor", "view_profile", "s1", "cohort 光电2023", at=t0)
    store.record_audit(
        "ent1", "enterprise", "view_candidates", "s1", "position p7", at=t0 + dt.timedelta(hours=1)
    )
    store.record_audit("adm1", "admin", "export", "s2", at=t0 + dt.timedelta(hours=2))
    before = dt.datetime.now(dt.UTC)
    store.record_audit("adv1", "advisor", "view_recommendations", "s1", "k=10 lang=zh")

    entries = store.audit_entries("s1")
    assert [e["action"] for e in entries] == [
        "view_recommendations",
        "view_candidates",
        "view_profile",
    ]
    assert set(entries[0]) == AUDIT_COLUMNS
    assert entries[-1] == {
        "id": first,
        "at": t0,
        "viewer_id": "adv1",
        "viewer_role": "advisor",
        "action": "view_profile",
        "subject_student_id": "s1",
        "detail": "cohort 光电2023",
    }
    assert entries[0]["at"] >= before - dt.timedelta(seconds=1)
    assert entries[0]["at"].tzinfo is dt.UTC
    assert entries[1]["viewer_role"] == "enterprise" and entries[1]["detail"] == "position p7"
    assert [e["subject_student_id"] for e in store.audit_entries()] == ["s1", "s2", "s1", "s1"]
    assert len(store.audit_entries(limit=2)) == 2
    assert store.audit_entries("s404") == []
    store.dispose()


def test_a_list_is_audited_in_one_transaction(database_url: str) -> None:
    store = Store(database_url)
    with pytest.raises(ValueError, match="subject_student_id"):
        store.record_audits("ent1", "enterprise", "view_candidate", ["s1", "", "s3"], "p7")
    assert store.audit_entries() == []  # all or nothing
    ids = store.record_audits("ent1", "enterprise", "view_candidate", ["s1", "s2", "s3"], "p7")
    assert len(ids) == 3 and ids == sorted(ids)
    entries = store.audit_entries()
    assert [e["subject_student_id"] for e in entries] == ["s3", "s2", "s1"]
    assert {(e["viewer_id"], e["action"], e["detail"]) for e in entries} == {
        ("ent1", "view_candidate", "p7")
    }
    assert len({e["at"] for e in entries}) == 1
    store.dispose()


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (("u1", "janitor", "view_profile", "s1"), "janitor"),
        (("", "admin", "view_profile", "s1"), "viewer_id"),
        (("u1", "admin", "", "s1"), "action"),
        (("u1", "admin", "view_profile", ""), "subject_student_id"),
        (("u1", "admin", "view_profile", "s1", "x" * 201), "detail"),
    ],
)
def test_bad_audit_entries_are_refused(
    database_url: str, args: tuple[str, ...], problem: str
) -> None:
    store = Store(database_url)
    with pytest.raises(ValueError, match=problem):
        store.record_audit(*args)
    with pytest.raises(ValueError, match="limit"):
        store.audit_entries(limit=0)
    assert store.audit_entries() == []
    store.dispose()


def test_the_fixture_gives_each_test_an_empty_database(database_url: str) -> None:
    store = Store(database_url, create=False)
    assert _tables(store.engine) == set()
    store.dispose()


def test_the_settings_point_at_the_fixtures_database(database_url: str) -> None:
    from matcher.config import get_settings

    assert get_settings().database_url == database_url


def test_alembic_is_configured_from_the_package(tmp_path: Path) -> None:
    """No ``alembic.ini`` needed: commands work from any folder on the package's scripts."""
    from alembic import command

    cfg = migrations.alembic_config(url=f"sqlite:///{tmp_path / 'x.db'}")
    assert cfg.config_file_name is None
    command.upgrade(cfg, "head")
    assert migrations.current_revision(f"sqlite:///{tmp_path / 'x.db'}") == HEAD


def test_the_module_fixture_gives_a_shared_database(module_database_url: str) -> None:
    """``module_database_url`` (for module-scoped worlds such as the API tests') works too."""
    store = Store(module_database_url)
    assert migrations.current_revision(store.engine) == HEAD
    store.dispose()
