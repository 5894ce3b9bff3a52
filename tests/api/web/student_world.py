"""The world of the student's page tests: the small served world, and students of their own.

Each test that changes what a student has done uses a student of its own, still to place, who
agreed to be seen and has at least ``MIN_OPEN`` positions open to her; ``stu`` (the world's
first student) already holds a place in the engine's history.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from matcher.engine.persist import load_engine
from matcher.recommend import recommend_positions
from matcher.rules import placed_students
from matcher.store.accounts import add_user
from matcher.store.database import Store
from tests.api.apiworld import PASSWORD, build_world
from tests.conftest import session_database

#: Positions open to each chosen student, at least.
MIN_OPEN = 12


def student_world(root: Path, usernames: tuple[str, ...], url: str | None = None) -> dict[str, Any]:
    """A world with a student account for each of ``usernames`` (``world["sids"]``), in the
    store at ``url``; by default a new one on one backend (PostgreSQL when configured, as in
    CI, so the student's browser tests run on it; see ``tests.conftest.one_backend``)."""
    url = url or session_database(root)
    world = build_world(root, seed=4, students=60, positions=120, enterprises=8, url=url)
    engine = load_engine(world["models"])
    placed = placed_students(engine.pairs)
    assert world["mine"] in placed, "stu holds a place in this world"
    S = engine.students
    ready = [
        sid
        for sid in S.ids
        if sid not in placed
        and S.visible[S.index[sid]]
        and len(recommend_positions(engine, sid, k=MIN_OPEN, per_enterprise=MIN_OPEN)) >= MIN_OPEN
    ]
    assert len(ready) >= len(usernames), "enough students with positions open to them"
    sids = dict(zip(usernames, ready, strict=False))
    store = Store(world["url"])
    for username, sid in sids.items():
        add_user(store, username=username, role="student", password=PASSWORD, student_id=sid)
    store.dispose()
    return {**world, "sids": sids}
