"""Reading, writing and merging the records the API edits (students, enterprises, positions).

Every write goes to the store at once and wakes the engine's background thread, which takes the
change in from the store's change feed (see :mod:`matcher.serving`); requests keep being
answered from the previous engine until the new one is published, so none sees a half-updated
index.
"""

from __future__ import annotations

from typing import Any, TypeVar

from fastapi import HTTPException
from pydantic import BaseModel, ValidationError

from api.schemas import stored
from matcher.schemas import Record
from matcher.serving import ServedEngine
from matcher.store.database import Store

R = TypeVar("R", bound=Record)


def found(store: Store, kind: str, record_id: str) -> Any:
    """The stored record of ``kind`` (students, enterprises, positions), or 404 naming it."""
    record = store.get(kind, record_id)
    if record is None:
        raise HTTPException(404, f"unknown {kind[:-1]} {record_id!r}")
    return record


def save(store: Store, served: ServedEngine, kind: str, record: Record) -> None:
    """Write ``record`` and have the engine take it in now (in the background)."""
    with store.session() as session:
        store.upsert(session, kind, [record])
    served.refresh()


def create(store: Store, served: ServedEngine, kind: str, record: type[R], body: BaseModel) -> R:
    """Store a new record of type ``record`` from a create body (409 when its id is taken)."""
    new = stored(record, body)
    if store.get(kind, new.id) is not None:  # type: ignore[attr-defined]
        raise HTTPException(409, f"{kind[:-1]} {new.id!r} exists; PATCH it instead")  # type: ignore[attr-defined]
    save(store, served, kind, new)
    return new


def merged(kind: type[R], current: R, update: BaseModel) -> R:
    """``current`` with the fields set in ``update``, validated as a whole (422 naming each
    problem); the id never changes."""
    changes = update.model_dump(exclude_unset=True)
    if "id" in changes and changes["id"] != current.id:  # type: ignore[attr-defined]
        raise HTTPException(422, "id: cannot be changed")
    try:
        return kind.model_validate({**current.model_dump(), **changes})
    except ValidationError as exc:
        problems = [
            f"{'.'.join(str(x) for x in e['loc']) or 'body'}: {e['msg']}" for e in exc.errors()
        ]
        raise HTTPException(422, problems) from None
