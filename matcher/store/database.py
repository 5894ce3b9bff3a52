"""The store: the only source of truth, and every query the matcher runs on it.

SQLite by default (WAL mode), any SQLAlchemy URL through ``MATCHER_DATABASE_URL``; the tables
are in :mod:`matcher.store.rows`. Opening a store brings its database to the newest schema
revision (:mod:`matcher.store.migrations`).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

from sqlalchemy import (
    Engine,
    Row,
    Text,
    bindparam,
    cast,
    create_engine,
    delete,
    event,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.expression import Executable

from matcher.rules import HIDING_EVENTS, hides, refuses
from matcher.schemas import Event, Interaction, Record, Role
from matcher.store.migrations import upgrade as upgrade_schema
from matcher.store.rows import (
    AUDIT_DETAIL_MAX,
    CHANGES_PRUNED,
    GENERATION,
    OVERRIDE_KINDS,
    TABLES,
    AuditRow,
    ChangeRow,
    InteractionRow,
    MetaRow,
    PlanOverrideRow,
    row_values,
)

logger = logging.getLogger(__name__)


#: Seconds a new connection keeps trying to switch a fresh database to WAL while it is locked.
WAL_SWITCH_SECONDS = 30.0


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        _use_wal(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _use_wal(cursor: Any) -> None:
    """Put the database in WAL mode, waiting while another connection holds it.

    Switching the journal mode needs the database to itself and does not wait on SQLite's
    busy timeout: connections opening a new database together (several server workers, or
    stores migrating at once) got "database is locked". Once in WAL the switch is a no-op.
    """
    import sqlite3
    import time

    deadline = time.monotonic() + WAL_SWITCH_SECONDS
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


#: Seconds a SQLite connection waits for another writer's lock before giving up (then the
#: service answers 503 with Retry-After, the command line says the store is busy).
LOCK_WAIT_SECONDS = 10.0
#: Students per query of :meth:`Store.hidden_positions` (the bound list stays far below any
#: backend's limit).
HIDDEN_CHUNK = 500


@functools.cache
def _hiding_events_query() -> Any:
    """Events of some students that may hide a position, with a dismissal's reason (built once).

    Only the reason is read out of the JSON record, in SQL: parsing whole records cost 5 ms a
    request for a student with a long history.
    """
    rows = InteractionRow.__table__.c
    return select(
        rows.student_id, rows.position_id, rows.event, rows.data["reason"].as_string()
    ).where(
        rows.event.in_(bindparam("events", expanding=True)),
        rows.student_id.in_(bindparam("students", expanding=True)),
    )


class Store:
    """Connection to the store; create with a SQLAlchemy URL.

    With ``create`` (the default) the database is brought to the newest schema revision through
    Alembic (:func:`matcher.store.migrations.upgrade`): a new database gets every table, an older
    one
    is migrated keeping its data, one already at the newest revision costs one short check.

    >>> store = Store("sqlite://")
    >>> store.counts()["students"]
    0
    """

    def __init__(self, url: str, *, create: bool = True) -> None:
        self.url = url
        # Never a record's values in an error message or a log line (they hold names and
        # phones); a busy SQLite file is waited for before "database is locked".
        connect_args = {"timeout": LOCK_WAIT_SECONDS} if url.startswith("sqlite") else {}
        self.engine: Engine = create_engine(
            url, future=True, hide_parameters=True, connect_args=connect_args
        )
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _set_sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if create:
            try:
                upgrade_schema(self.engine)
            except BaseException:
                self.engine.dispose()
                raise

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session in one transaction: committed on success, rolled back on any error."""
        with self._sessions() as session, session.begin():
            yield session

    def fetch(self, statement: Executable, params: Mapping[str, Any] | None = None) -> list[Row]:
        """The rows of one read-only Core statement, on a pooled connection (no ORM session).

        For the request path: a statement built once with bound parameters costs about a third
        of an ORM query built per call (0.17 against 0.42 ms for a student's exclusions).
        """
        with self.engine.connect() as connection:
            return list(connection.execute(statement, dict(params or {})))

    def upsert(self, session: Session, kind: str, records: Sequence[Record]) -> None:
        """Insert records of type ``kind`` or update those whose id exists."""
        if not records:
            return
        row_cls, _ = TABLES[kind]
        rows = [row_values(kind, r) for r in records]
        table = row_cls.__table__
        dialect = self.engine.dialect.name
        if dialect in ("sqlite", "postgresql"):
            if dialect == "sqlite":
                from sqlalchemy.dialects.sqlite import insert
            else:
                from sqlalchemy.dialects.postgresql import insert
            stmt = insert(table)
            updates = {c.name: stmt.excluded[c.name] for c in table.columns if c.name != "id"}
            session.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=updates), rows)
        else:  # Portable path for other databases: merge row by row.
            for values in rows:
                session.merge(row_cls(**values))
        if kind != "users":
            generation = self._bump_generation(session)
            if kind == "interactions":
                pairs = dict.fromkeys((r.student_id, r.position_id) for r in records)  # type: ignore[attr-defined]
                changed = [(kind, s, p) for s, p in pairs]
            else:
                changed = [(kind, r.id, None) for r in records]  # type: ignore[attr-defined]
            self._record_changes(session, generation, changed)

    def _bump_generation(self, session: Session) -> int:
        """Count one more write of matching records, inside the writer's transaction; return the
        new generation.

        The counter's row stays locked until the transaction ends, so writers take generations
        one after another in the order they commit: a reader of the change feed never sees a
        generation commit after a later one.
        """
        dialect = self.engine.dialect.name
        if dialect in ("sqlite", "postgresql"):
            if dialect == "sqlite":
                from sqlalchemy.dialects.sqlite import insert
            else:
                from sqlalchemy.dialects.postgresql import insert
            bump = insert(MetaRow).values(key=GENERATION, value=1)
            return int(
                session.execute(
                    bump.on_conflict_do_update(
                        index_elements=["key"], set_={"value": MetaRow.value + 1}
                    ).returning(MetaRow.value)
                ).scalar_one()
            )
        meta = session.get(MetaRow, GENERATION, with_for_update=True)
        value = (meta.value if meta else 0) + 1
        session.merge(MetaRow(key=GENERATION, value=value))
        return value

    @staticmethod
    def _record_changes(
        session: Session, generation: int, changed: Sequence[tuple[str, str, str | None]]
    ) -> None:
        """Add the change feed's rows of one write (see :meth:`changes_since`)."""
        if changed:
            session.execute(
                ChangeRow.__table__.insert(),
                [
                    {"generation": generation, "kind": k, "record_id": r, "position_id": p}
                    for k, r, p in changed
                ],
            )

    def changes_since(self, generation: int) -> list[Change] | None:
        """What the writes after ``generation`` changed, oldest first: ``None`` when the feed no
        longer reaches back that far (pruned after a version holding those writes was
        published; load that version instead).
        """
        table = ChangeRow.__table__.c
        with self._sessions() as session:
            pruned = session.scalar(select(MetaRow.value).where(MetaRow.key == CHANGES_PRUNED))
            if pruned is not None and generation < pruned:
                return None
            rows = session.execute(
                select(table.generation, table.kind, table.record_id, table.position_id)
                .where(table.generation > generation)
                .order_by(table.generation, table.id)
            ).all()
        return [Change(*row) for row in rows]

    def prune_changes(self, through: int) -> int:
        """Forget the change rows up to generation ``through`` (a published version holds
        them); return how many went."""
        with self.session() as session:
            gone = session.execute(
                delete(ChangeRow).where(ChangeRow.generation <= through)
            ).rowcount
            current = session.get(MetaRow, CHANGES_PRUNED)
            if current is None or current.value < through:
                session.merge(MetaRow(key=CHANGES_PRUNED, value=through))
        return int(gone or 0)

    def hidden_positions(
        self, student_ids: Sequence[str], *, refused_only: bool = False
    ) -> dict[str, set[str]]:
        """Per student, the positions her recorded events hide from her recommendations
        (:func:`matcher.rules.hides`), or with ``refused_only`` those she refused
        (:func:`matcher.rules.refuses`), as the store has them now.

        Read per request by the service, so an event recorded by any server process takes
        effect at once.
        """
        rule = refuses if refused_only else hides
        events = [Event.dismiss.value] if refused_only else [e.value for e in HIDING_EVENTS]
        out: dict[str, set[str]] = {}
        ids = list(student_ids)
        for start in range(0, len(ids), HIDDEN_CHUNK):
            chunk = ids[start : start + HIDDEN_CHUNK]
            rows = self.fetch(_hiding_events_query(), {"events": events, "students": chunk})
            for sid, pid, kind, reason in rows:
                if rule(kind, reason):
                    out.setdefault(sid, set()).add(pid)
        return out

    def interactions_of(
        self,
        *,
        student_ids: Sequence[str] | None = None,
        position_ids: Sequence[str] | None = None,
        events: Sequence[Event] | None = None,
        limit: int | None = None,
    ) -> list[Interaction]:
        """Interactions of these students and/or positions (each list at most a few thousand
        ids), oldest first; ``events`` keeps only those kinds, ``limit`` the newest that many."""
        table = InteractionRow.__table__.c
        query = select(cast(InteractionRow.data, Text))
        if student_ids is not None:
            query = query.where(table.student_id.in_(list(student_ids)))
        if position_ids is not None:
            query = query.where(table.position_id.in_(list(position_ids)))
        if events is not None:
            query = query.where(table.event.in_([Event(e).value for e in events]))
        if limit is not None:
            query = query.order_by(table.timestamp.desc(), table.id.desc()).limit(limit)
        else:
            query = query.order_by(table.timestamp, table.id)
        with self._sessions() as session:
            rows = session.execute(query).scalars().all()
        found = [Interaction.model_validate_json(r) for r in rows]
        return found[::-1] if limit is not None else found

    def latest_event_time(self) -> dt.datetime | None:
        """The time of the newest interaction (naive UTC), or ``None`` in an empty store."""
        with self._sessions() as session:
            return session.scalar(select(func.max(InteractionRow.timestamp)))

    def pair_events(self, student_id: str, position_id: str) -> set[str]:
        """The kinds of event a student and a position have had so far."""
        table = InteractionRow.__table__.c
        query = select(table.event).where(
            table.student_id == student_id, table.position_id == position_id
        )
        return {row[0] for row in self.fetch(query)}

    def delete_interaction(self, interaction_id: str) -> bool:
        """Remove one interaction (an undone save or dismissal); whether there was one.

        Counts as a write of matching records (:meth:`generation`).
        """
        with self.session() as session:
            row = session.get(InteractionRow, interaction_id)
            if row is None:
                return False
            session.delete(row)
            generation = self._bump_generation(session)
            self._record_changes(
                session, generation, [("interactions", row.student_id, row.position_id)]
            )
        return True

    def generation(self) -> int:
        """How many writes of matching records the store has had: equal numbers mean unchanged.

        Every :meth:`upsert` of enterprises, students, positions or interactions (an import
        batch, an API write) increases it inside its own transaction, so a rolled-back import
        leaves it as it was; accounts are not matching records and do not count.
        """
        with self._sessions() as session:
            return int(session.scalar(select(MetaRow.value).where(MetaRow.key == GENERATION)) or 0)

    def existing_ids(self, session: Session, kind: str, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` already exist in the table of ``kind``."""
        row_cls, _ = TABLES[kind]
        wanted = list(ids)
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            found.update(session.scalars(select(row_cls.id).where(row_cls.id.in_(chunk))))
        return found

    def counts(self) -> dict[str, int]:
        """Number of records of each type."""
        with self._sessions() as session:
            return {
                kind: session.scalar(select(func.count()).select_from(row_cls)) or 0
                for kind, (row_cls, _) in TABLES.items()
                if kind != "users"
            }

    def iter_records(self, kind: str, *, batch_size: int = 1000) -> Iterator[Record]:
        """Every record of type ``kind`` in id order, streamed in batches.

        The JSON text goes to pydantic as text (``model_validate_json``): parsing it in
        pydantic's core is about twice as fast as decoding to a dict first.
        """
        row_cls, model = TABLES[kind]
        as_text = cast(row_cls.data, Text)
        last: str | None = None
        with self._sessions() as session:
            while True:
                query = select(row_cls.id, as_text).order_by(row_cls.id).limit(batch_size)
                if last is not None:
                    query = query.where(row_cls.id > last)
                rows = session.execute(query).all()
                if not rows:
                    return
                for _row_id, data in rows:
                    yield model.model_validate_json(data)
                last = rows[-1][0]

    def get(self, kind: str, record_id: str) -> Record | None:
        """One record by id, or ``None``."""
        row_cls, model = TABLES[kind]
        with self._sessions() as session:
            data = session.scalar(select(row_cls.data).where(row_cls.id == record_id))
        return model.model_validate(data) if data is not None else None

    def record_audit(
        self,
        viewer_id: str,
        viewer_role: Role | str,
        action: str,
        subject_student_id: str,
        detail: str = "",
        *,
        at: dt.datetime | None = None,
    ) -> int:
        """Write one audit entry in its own short transaction; its id.

        Call it *before* serving a view of a student's data by someone else, and let its errors
        propagate: a view that could not be audited must not be served (the request fails with a
        5xx instead). ``detail`` is a short note such as ``"k=10 lang=zh"`` or a position id,
        never a name or another personal field. ``at`` defaults to now (stored as naive UTC).
        Raises :class:`ValueError` for an unknown role, an empty id or action, or values longer
        than their columns, and the database's error when the row cannot be written.
        """
        return self.record_audits(
            viewer_id, viewer_role, action, [subject_student_id], detail, at=at
        )[0]

    def record_audits(
        self,
        viewer_id: str,
        viewer_role: Role | str,
        action: str,
        subject_student_ids: Sequence[str],
        detail: str = "",
        *,
        at: dt.datetime | None = None,
    ) -> list[int]:
        """One entry per student in one transaction (a candidate list); their ids, in order.

        All or nothing, with the same checks and errors as :meth:`record_audit`.
        """
        role = Role(viewer_role).value
        fields = [("viewer_id", viewer_id, 64), ("action", action, 32)]
        fields += [("subject_student_id", sid, 64) for sid in subject_student_ids]
        _check_lengths("audit", fields)
        if len(detail) > AUDIT_DETAIL_MAX:
            raise ValueError(f"audit detail is longer than {AUDIT_DETAIL_MAX} characters")
        when = _naive_utc(at)
        rows = [
            AuditRow(
                at=when,
                viewer_id=viewer_id,
                viewer_role=role,
                action=action,
                subject_student_id=sid,
                detail=detail,
            )
            for sid in subject_student_ids
        ]
        with self.session() as session:
            session.add_all(rows)
            session.flush()
            return [int(row.id) for row in rows]

    def audit_entries(
        self, subject_student_id: str | None = None, limit: int = 100, offset: int = 0
    ) -> list[dict[str, Any]]:
        """The newest audit entries, of one student or of all, newest first, ``offset`` skipped.

        Each is ``{"id", "at", "viewer_id", "viewer_role", "action", "subject_student_id",
        "detail"}`` with ``at`` a timezone-aware UTC datetime.
        """
        if limit < 1:
            raise ValueError(f"limit must be at least 1: {limit}")
        if offset < 0:
            raise ValueError(f"offset must not be negative: {offset}")
        query = (
            select(AuditRow)
            .order_by(AuditRow.at.desc(), AuditRow.id.desc())
            .offset(offset)
            .limit(limit)
        )
        if subject_student_id is not None:
            query = query.where(AuditRow.subject_student_id == subject_student_id)
        with self._sessions() as session:
            rows = session.scalars(query).all()
        return [
            {
                "id": row.id,
                "at": row.at.replace(tzinfo=dt.UTC),
                "viewer_id": row.viewer_id,
                "viewer_role": row.viewer_role,
                "action": row.action,
                "subject_student_id": row.subject_student_id,
                "detail": row.detail,
            }
            for row in rows
        ]

    def plan_overrides(
        self, advisor_id: str, cohorts: Sequence[str] | None = None
    ) -> list[dict[str, Any]]:
        """An advisor's saved locks and forbids, oldest first (of ``cohorts`` when given).

        Each is ``{"id", "cohort", "student_id", "position_id", "kind", "created_at"}``, ``kind``
        one of :data:`~matcher.store.rows.OVERRIDE_KINDS` and ``created_at`` naive UTC.
        """
        query = select(PlanOverrideRow).where(PlanOverrideRow.advisor_id == advisor_id)
        if cohorts is not None:
            query = query.where(PlanOverrideRow.cohort.in_(list(cohorts)))
        query = query.order_by(PlanOverrideRow.created_at, PlanOverrideRow.id)
        with self._sessions() as session:
            rows = session.scalars(query).all()
        return [
            {
                "id": row.id,
                "cohort": row.cohort,
                "student_id": row.student_id,
                "position_id": row.position_id,
                "kind": row.kind,
                "created_at": row.created_at,
            }
            for row in rows
        ]

    def save_plan_override(
        self,
        advisor_id: str,
        cohort: str,
        student_id: str,
        position_id: str,
        kind: str,
        *,
        at: dt.datetime | None = None,
    ) -> int:
        """Save an advisor's lock or forbid of a pair in her cohort's plan; the row's id.

        It replaces her earlier override of the same pair (a lock turned into a forbid, or
        back) and, for a lock, her other lock of the student: a student is locked to one
        position at most. Raises :class:`ValueError` for an unknown kind or an empty or too
        long id.
        """
        if kind not in OVERRIDE_KINDS:
            raise ValueError(f"override kind must be one of {OVERRIDE_KINDS}, not {kind!r}")
        _check_lengths(
            "override",
            [("advisor_id", advisor_id, 64), ("cohort", cohort, 200),
             ("student_id", student_id, 64), ("position_id", position_id, 64)],
        )  # fmt: skip
        when = _naive_utc(at)
        row = PlanOverrideRow(
            advisor_id=advisor_id,
            cohort=cohort,
            student_id=student_id,
            position_id=position_id,
            kind=kind,
            created_at=when,
        )
        same_pair = PlanOverrideRow.position_id == position_id
        if kind == "lock":
            same_pair = or_(same_pair, PlanOverrideRow.kind == "lock")
        with self.session() as session:
            session.execute(
                delete(PlanOverrideRow).where(
                    PlanOverrideRow.advisor_id == advisor_id,
                    PlanOverrideRow.student_id == student_id,
                    same_pair,
                )
            )
            session.add(row)
            session.flush()
            return int(row.id)

    def delete_plan_override(self, advisor_id: str, override_id: int) -> bool:
        """Undo one of an advisor's overrides; whether she had one of that id."""
        with self.session() as session:
            result = session.execute(
                delete(PlanOverrideRow).where(
                    PlanOverrideRow.id == override_id, PlanOverrideRow.advisor_id == advisor_id
                )
            )
            return bool(result.rowcount)  # type: ignore[attr-defined]

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


class Change(NamedTuple):
    """One row of the change feed: a record (or a pair's events) written at a generation."""

    generation: int
    kind: str  # students, positions, enterprises or interactions
    record_id: str  # for interactions: the student
    position_id: str | None  # for interactions: the position


def _check_lengths(what: str, fields: Iterable[tuple[str, str, int]]) -> None:
    """Raise ``ValueError`` for a value empty or longer than its column."""
    for name, value, longest in fields:
        if not value or len(value) > longest:
            raise ValueError(f"{what} {name} must have 1 to {longest} characters: {value!r}")


def _naive_utc(at: dt.datetime | None) -> dt.datetime:
    """``at`` (now by default) as the naive UTC the tables store."""
    when = at or dt.datetime.now(dt.UTC)
    return when.astimezone(dt.UTC).replace(tzinfo=None) if when.tzinfo is not None else when


def open_store(url: str | None = None) -> Store:
    """Open the store at ``url`` or at the configured ``MATCHER_DATABASE_URL``."""
    if url is None:
        from matcher.config import get_settings

        url = get_settings().database_url
    return Store(url)
