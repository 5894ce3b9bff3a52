"""Advisors' plan overrides (revision 0003), on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect

from matcher.store import migrations
from matcher.store.database import Store
from matcher.store.migrations import HEAD


def _pairs(store: Store, advisor: str = "u-adv", **kw: object) -> list[tuple[str, str, str]]:
    return [
        (o["student_id"], o["position_id"], o["kind"]) for o in store.plan_overrides(advisor, **kw)
    ]  # type: ignore[arg-type]


def test_overrides_round_trip_per_advisor_and_cohort(database_url: str) -> None:
    store = Store(database_url)
    t0 = dt.datetime(2027, 4, 1, 9, tzinfo=dt.UTC)
    first = store.save_plan_override("u-adv", "光电2023-1班", "s1", "p1", "lock", at=t0)
    store.save_plan_override("u-adv", "光电2023-1班", "s2", "p1", "forbid",
                             at=t0 + dt.timedelta(minutes=1))  # fmt: skip
    store.save_plan_override("u-adv", "智造2023-1班", "s3", "p2", "lock",
                             at=t0 + dt.timedelta(minutes=2))  # fmt: skip
    store.save_plan_override("u-other", "光电2023-1班", "s1", "p9", "lock")
    assert _pairs(store) == [("s1", "p1", "lock"), ("s2", "p1", "forbid"), ("s3", "p2", "lock")]
    assert _pairs(store, cohorts=["智造2023-1班"]) == [("s3", "p2", "lock")]
    assert _pairs(store, cohorts=[]) == []
    saved = store.plan_overrides("u-adv")[0]
    assert saved["id"] == first and saved["cohort"] == "光电2023-1班"
    assert saved["created_at"] == dt.datetime(2027, 4, 1, 9)  # naive UTC
    assert _pairs(store, "u-other") == [("s1", "p9", "lock")]
    store.dispose()


def test_a_pair_has_one_override_and_a_student_one_lock(database_url: str) -> None:
    store = Store(database_url)
    store.save_plan_override("u-adv", "c", "s1", "p1", "lock")
    store.save_plan_override("u-adv", "c", "s1", "p2", "forbid")
    store.save_plan_override("u-adv", "c", "s1", "p3", "lock")  # replaces the lock on p1
    assert sorted(_pairs(store)) == [("s1", "p2", "forbid"), ("s1", "p3", "lock")]
    store.save_plan_override("u-adv", "c", "s1", "p3", "forbid")  # a lock turned into a forbid
    assert sorted(_pairs(store)) == [("s1", "p2", "forbid"), ("s1", "p3", "forbid")]
    store.save_plan_override("u-adv", "c", "s1", "p2", "lock")  # and a forbid into a lock
    assert sorted(_pairs(store)) == [("s1", "p2", "lock"), ("s1", "p3", "forbid")]
    store.dispose()


def test_only_its_advisor_undoes_an_override(database_url: str) -> None:
    store = Store(database_url)
    oid = store.save_plan_override("u-adv", "c", "s1", "p1", "lock")
    assert not store.delete_plan_override("u-other", oid)
    assert store.delete_plan_override("u-adv", oid)
    assert not store.delete_plan_override("u-adv", oid)
    assert store.plan_overrides("u-adv") == []
    store.dispose()


@pytest.mark.parametrize(
    ("field", "value"),
    [("kind", "pin"), ("student_id", ""), ("position_id", "p" * 65), ("cohort", "")],
)
def test_bad_overrides_are_refused(field: str, value: str) -> None:
    store = Store("sqlite://")
    args = {"advisor_id": "u", "cohort": "c", "student_id": "s", "position_id": "p",
            "kind": "lock", field: value}  # fmt: skip
    with pytest.raises(ValueError, match=field.split("_")[0]):
        store.save_plan_override(**args)
    store.dispose()


def test_revision_3_adds_the_table_and_downgrades_to_2(database_url: str) -> None:
    store = Store(database_url)
    assert HEAD >= "0003" and migrations.current_revision(database_url) == HEAD
    with store.engine.connect() as conn:
        columns = {c["name"] for c in inspect(conn).get_columns("plan_overrides")}
        indexes = {
            i["name"]: i["column_names"] for i in inspect(conn).get_indexes("plan_overrides")
        }
    assert columns == {"id", "advisor_id", "cohort", "student_id", "position_id", "kind",
                       "created_at"}  # fmt: skip
    assert indexes["ix_plan_overrides_advisor_cohort"] == ["advisor_id", "cohort"]
    store.save_plan_override("u-adv", "c", "s1", "p1", "lock")
    store.record_audit("u-adv", "advisor", "view_placement", "s1")
    assert migrations.downgrade(database_url, "0002") == "0002"
    with store.engine.connect() as conn:
        assert not inspect(conn).has_table("plan_overrides")
    assert len(store.audit_entries()) == 1  # revision 2's table keeps its rows
    assert migrations.upgrade(database_url) == HEAD
    assert store.plan_overrides("u-adv") == []  # the overrides went with their table
    store.dispose()
