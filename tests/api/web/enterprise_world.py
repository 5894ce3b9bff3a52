"""What the enterprise's page tests share: an HR account on a busy open position, and events
recorded as their authors would."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from typing import Any

from matcher.engine.snapshot import Engine
from matcher.schemas import Actor, Event, Interaction, PositionStatus, Student
from matcher.store.accounts import add_user
from matcher.store.database import Store
from tests.api.apiworld import PASSWORD


def put(store: Store, sid: str, pid: str, event: str, actor: Actor = Actor.student) -> None:
    """An event as its author recorded it (in these tests, mostly the student's own)."""
    record = Interaction(
        id=f"t{uuid.uuid4().hex[:12]}",
        student_id=sid,
        position_id=pid,
        event=event,
        timestamp=dt.datetime.now(dt.UTC).replace(tzinfo=None),
        actor=actor,
    )
    with store.session() as session:
        store.upsert(session, "interactions", [record])


def hr_account(store: Store, engine: Engine, username: str = "hr-main") -> dict[str, Any]:
    """An account for the enterprise of the open, indexed position most applied to: that
    position, the others open, the enterprise's own, and students who did no more than see
    them."""
    positions = {p.id: p for p in store.iter_records("positions")}
    applied = Counter(i.position_id for i in store.interactions_of(events=[Event.apply]))
    indexed = [
        pid
        for pid, p in sorted(positions.items())
        if p.status == PositionStatus.open and pid in engine.positions.index
    ]
    main = max(indexed, key=lambda pid: applied[pid])
    ent = positions[main].enterprise_id
    add_user(store, username=username, role="enterprise", password=PASSWORD, enterprise_id=ent)
    own = [pid for pid, p in positions.items() if p.enterprise_id == ent]
    # Being shown or opening a posting is not taking part: a realistic funnel shows each
    # posting to most students.
    seen = {Event.impression, Event.view}
    touched = {i.student_id for i in store.interactions_of(position_ids=own) if i.event not in seen}
    fresh: list[Student] = [s for s in store.iter_records("students") if s.id not in touched]
    return {
        "position": main,
        "enterprise": ent,
        "own": own,
        "others": [pid for pid in indexed if positions[pid].enterprise_id != ent],
        "positions": positions,
        "fresh": fresh,
    }
