"""The store on a real PostgreSQL server (``.ci/run`` installs and starts one).

Set ``MATCHER_TEST_POSTGRES_URL`` (``postgresql+psycopg://user:password@host:port/db``) to run
these; without it they are skipped, and say so.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from matcher.ingest import ImportFailed, import_files
from matcher.schemas import Enterprise, Interaction, Position, Student
from matcher.simulate import simulate
from matcher.store import Base, Store

URL = os.environ.get("MATCHER_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(not URL, reason="MATCHER_TEST_POSTGRES_URL is not set")


@pytest.fixture
def pg() -> Iterator[Store]:
    """An empty PostgreSQL store (every table dropped and made again)."""
    store = Store(URL, create=False)  # type: ignore[arg-type]
    Base.metadata.drop_all(store.engine)
    Base.metadata.create_all(store.engine)
    yield store
    Base.metadata.drop_all(store.engine)
    store.dispose()


def test_upsert_generation_and_rollback(pg: Store) -> None:
    assert pg.engine.dialect.name == "postgresql"
    ent = Enterprise(id="e1", name="长春光电", sectors=["optics"], city="长春")
    with pg.session() as s:
        pg.upsert(s, "enterprises", [ent])
        pg.upsert(
            s,
            "positions",
            [Position(id="p1", enterprise_id="e1", title="光学工程师", city="长春", openings=1)],
        )
    with pg.session() as s:
        pg.upsert(
            s,
            "positions",
            [
                Position(
                    id="p1", enterprise_id="e1", title="Optical Engineer", city="长春", openings=3
                )
            ],
        )
    got = pg.get("positions", "p1")
    assert got is not None and (got.title, got.openings) == ("Optical Engineer", 3)
    assert pg.generation() == 3
    with pytest.raises(RuntimeError), pg.session() as s:
        pg.upsert(s, "enterprises", [ent])
        raise RuntimeError("boom")
    assert pg.generation() == 3
    assert pg.counts()["positions"] == 1


def test_a_simulated_world_round_trips(pg: Store, tmp_path: Path) -> None:
    simulate(tmp_path / "w", students=40, enterprises=5, positions=16, seed=1, progress=False)
    files = sorted((tmp_path / "w").glob("*.jsonl"))
    import_files(pg, files)
    sqlite = Store(f"sqlite:///{tmp_path / 's.db'}")
    import_files(sqlite, files)
    for kind in ("enterprises", "students", "positions", "interactions"):
        assert list(pg.iter_records(kind)) == list(sqlite.iter_records(kind)), kind
    sqlite.dispose()


def test_a_refused_import_writes_nothing(pg: Store, tmp_path: Path) -> None:
    bad = tmp_path / "positions.jsonl"
    bad.write_text(
        '{"id": "p1", "enterprise_id": "e404", "title": "x", "city": "长春"}\n', encoding="utf-8"
    )
    with pytest.raises(ImportFailed):
        import_files(pg, [bad])
    assert sum(pg.counts().values()) == 0 and pg.generation() == 0


def test_chinese_text_and_times_survive(pg: Store) -> None:
    with pg.session() as s:
        pg.upsert(
            s,
            "enterprises",
            [Enterprise(id="e1", name="吉林省激光雷达有限公司", sectors=["icv"], city="长春")],
        )
        pg.upsert(
            s,
            "positions",
            [Position(id="p1", enterprise_id="e1", title="激光雷达标定", city="长春", openings=2)],
        )
        pg.upsert(
            s, "students", [Student(id="s1", major="车辆工程", degree="硕士", graduation_year=2027)]
        )
        pg.upsert(
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
    assert pg.get("enterprises", "e1").name == "吉林省激光雷达有限公司"  # type: ignore[union-attr]
    assert pg.get("interactions", "i1").timestamp == dt.datetime(2026, 9, 1, 8, 30)  # type: ignore[union-attr]
