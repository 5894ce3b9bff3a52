"""Schema migrations of the store: Alembic, configured from code, shipped inside the package.

:class:`~matcher.store.database.Store` calls :func:`upgrade` when it opens a database, so a new
database
and an older one both end at :data:`HEAD`. A database at head costs one short check (Alembic is
not even imported). A store made by the code before migrations existed (``create_all``, no
``alembic_version`` table) is recognised by its tables, stamped as revision ``0001`` (the schema
that code made) and upgraded from there, keeping its data.

Each upgrade runs in one transaction under a lock, so two processes opening a new store at the
same time do not both migrate it: a PostgreSQL transaction-level advisory lock, and on SQLite
``BEGIN IMMEDIATE`` (the database's write lock). PostgreSQL and SQLite both roll schema changes
back with the transaction when a migration fails.

To write a new revision: change the tables in :mod:`matcher.store.rows`, then autogenerate
against a
database at head and review the file it writes into ``versions/``::

    from alembic import command
    from matcher.store.migrations import alembic_config
    cfg = alembic_config(url="sqlite:///scratch.db")
    command.upgrade(cfg, "head")
    command.revision(cfg, "what changed", autogenerate=True, rev_id="0003")

and set :data:`HEAD` to the new revision id (a test checks that it is the scripts' head).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import (
    Column,
    Connection,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    inspect,
    text,
)
from sqlalchemy.pool import NullPool

from matcher.errors import SchemaError

if TYPE_CHECKING:
    from alembic.config import Config

logger = logging.getLogger(__name__)

#: Folder of ``env.py``, ``script.py.mako`` and ``versions/`` (package data).
SCRIPT_LOCATION = Path(__file__).resolve().parent

#: The newest revision; must equal the head of ``versions/`` (checked by a test).
HEAD = "0005"

#: The schema that ``Base.metadata.create_all`` made before migrations existed.
INITIAL = "0001"

#: Alembic's own table that records the revision of a database.
VERSION_TABLE = "alembic_version"

#: Tables of revision 0001, by which a store made by ``create_all`` is recognised.
INITIAL_TABLES = frozenset(
    {"enterprises", "students", "positions", "interactions", "users", "store_meta"}
)

#: Key of the PostgreSQL advisory lock that serialises migrations of one database.
_PG_LOCK_KEY = 0x6D617463  # "matc"

#: ``store_meta`` as revision 0001 has it: stores made before the write generation lack it, and
#: the old code created it on the next open; adopting such a store does the same.
_STORE_META_0001 = Table(
    "store_meta",
    MetaData(),
    Column("key", String(64), primary_key=True),
    Column("value", Integer, nullable=False),
)


def alembic_config(connection: Connection | None = None, *, url: str | None = None) -> Config:
    """An Alembic configuration of the store's migrations, with no ``alembic.ini``.

    ``connection`` (used by :func:`upgrade`) makes every command run on it, inside its
    transaction; ``url`` is for Alembic commands run by hand (such as autogenerate).
    """
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(SCRIPT_LOCATION))
    cfg.set_main_option("path_separator", "os")
    if url is not None:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _read_revision(conn: Connection) -> str | None:
    """The revision recorded in the database, ``None`` when it has none."""
    if not inspect(conn).has_table(VERSION_TABLE):
        return None
    revisions = list(conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars())
    if len(revisions) > 1:
        raise SchemaError(f"{VERSION_TABLE} holds several revisions: {sorted(revisions)}")
    return revisions[0] if revisions else None


def _engine_of(target: str | Engine) -> tuple[Engine, bool]:
    """The engine of ``target`` and whether it was made here (and must be disposed)."""
    if isinstance(target, Engine):
        return target, False
    return create_engine(target, poolclass=NullPool), True


def current_revision(target: str | Engine) -> str | None:
    """The revision a database is at (``None``: no ``alembic_version``, or an empty one)."""
    engine, own = _engine_of(target)
    try:
        with engine.connect() as conn:
            return _read_revision(conn)
    finally:
        if own:
            engine.dispose()


def _lock(conn: Connection) -> None:
    """Hold the database's migration lock until the transaction ends."""
    dialect = conn.dialect.name
    if dialect == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
    elif dialect == "sqlite":
        # pysqlite begins transactions only before DML: begin one by hand so the DDL is inside
        # it, and take the write lock at once. SQLAlchemy's commit or rollback ends it.
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def _adopt_legacy(conn: Connection, cfg: Config) -> bool:
    """Stamp a store made by ``create_all`` as revision 0001; whether it was one."""
    from alembic import command

    tables = set(inspect(conn).get_table_names())
    if VERSION_TABLE in tables:
        return False
    present = tables & INITIAL_TABLES
    if not present:
        return False
    missing = INITIAL_TABLES - present
    if missing - {"store_meta"}:
        raise SchemaError(
            f"the database has some of the store's tables ({', '.join(sorted(present))}) but not "
            f"{', '.join(sorted(missing))}, and no {VERSION_TABLE}: not a store to migrate"
        )
    if missing:
        _STORE_META_0001.create(conn)
    command.stamp(cfg, INITIAL)
    logger.info("adopted a store made without migrations as revision %s", INITIAL)
    return True


def upgrade(target: str | Engine, revision: str = "head") -> str | None:
    """Bring the database at ``target`` (URL or engine) to ``revision``; the revision after.

    Skips Alembic entirely when the database is already at :data:`HEAD` and ``revision`` is
    ``"head"``. Raises :class:`SchemaError` for a database whose tables are not a store, and
    Alembic's ``CommandError`` for one at a revision this code does not know (a newer matcher).
    """
    engine, own = _engine_of(target)
    try:
        if revision in ("head", HEAD) and current_revision(engine) == HEAD:
            return HEAD
        from alembic import command

        with engine.begin() as conn:
            _lock(conn)
            cfg = alembic_config(conn)
            _adopt_legacy(conn, cfg)
            before = _read_revision(conn)
            command.upgrade(cfg, revision)
            after = _read_revision(conn)
        if before != after:
            logger.info("store schema upgraded from %s to %s", before, after)
        return after
    finally:
        if own:
            engine.dispose()


def downgrade(target: str | Engine, revision: str) -> str | None:
    """Take the database back to ``revision`` (``"base"``: drop everything); the revision after."""
    from alembic import command

    engine, own = _engine_of(target)
    try:
        with engine.begin() as conn:
            _lock(conn)
            cfg = alembic_config(conn)
            _adopt_legacy(conn, cfg)
            command.downgrade(cfg, revision)
            return _read_revision(conn)
    finally:
        if own:
            engine.dispose()


def script_head() -> str | None:
    """The head revision of the scripts in ``versions/`` (reads them; for checks)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()
