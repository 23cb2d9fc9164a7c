"""The schema tool: Alembic migrations over SQLAlchemy, imported only when a database is not at the
head revision (store/db.py checks that with the plain driver first)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, create_engine, event, inspect, select, table, true
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from systemcraft.errors import DataError
from systemcraft.store.schema import HEAD_REVISION, KNOWN_REVISIONS

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 0x5C_0014        # pg_advisory_xact_lock key: "SystemCraft schema"


def _config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def script_revisions() -> list[str]:
    """All revision ids, oldest first."""
    script = ScriptDirectory.from_config(_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def head() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _lock(conn: Connection) -> None:
    """One migrator at a time. SQLite: the engine's BEGIN IMMEDIATE already holds the write lock. PostgreSQL:
    a transaction-scoped advisory lock, so a second process waits, then finds the schema current."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")


def upgrade(engine: Engine, target: str = "head") -> None:
    """Every revision up to `target`, and the alembic_version row, in ONE transaction (env.py runs inside
    it): a kill or an error leaves the schema as it was before, never half-migrated."""
    with engine.begin() as conn:
        _lock(conn)
        command.upgrade(_config(conn), target)


def downgrade(engine: Engine, target: str) -> None:
    with engine.begin() as conn:
        _lock(conn)
        command.downgrade(_config(conn), target)


def clear_half_created(engine: Engine) -> tuple[list[str], list[str]]:
    """Undo what a kill during first-run creation left behind before creation became one transaction
    (SystemCraft before issue 14): SystemCraft tables but no schema revision. If every such table is empty,
    drop them all, in one transaction, so the next upgrade creates the schema afresh. Tables of other
    names are never touched; nothing holding a row is ever dropped.
    Returns (tables dropped, tables holding rows — then nothing was dropped)."""
    from systemcraft.store.tables import metadata

    ours = set(metadata.tables) | {"alembic_version"}
    with engine.begin() as conn:
        _lock(conn)
        if MigrationContext.configure(conn).get_current_revision() is not None:
            return [], []
        names = [t for t in inspect(conn).get_table_names() if t in ours or t.startswith("_alembic_tmp_")]
        holding = [t for t in names if conn.execute(select(true()).select_from(table(t)).limit(1)).first()]
        if not names or holding:
            return [], holding
        leftovers = MetaData()
        leftovers.reflect(conn, only=names)
        leftovers.drop_all(conn)
        return sorted(names), []


def make_engine(url: str) -> Engine:
    """An engine whose transactions are real on SQLite too, DDL included.

    pysqlite begins transactions by itself, only before INSERT/UPDATE/DELETE, so every CREATE/ALTER ran
    in autocommit and a kill mid-migration left half a schema. As SQLAlchemy's SQLite dialect documents
    (pysqlite: serializable isolation, savepoints, transactional DDL), the driver's own handling is turned
    off and the `begin` event emits BEGIN: a schema change and its alembic_version row commit together.

    A transaction begun on purpose (`engine.begin()`, `conn.begin()`: every write and every migration) is
    BEGIN IMMEDIATE: it takes the write lock at once, where busy_timeout waits for another writer. A
    deferred BEGIN that reads first and writes later fails at once with SQLITE_BUSY when another process
    committed in between (SQLite cannot wait there). A transaction SQLAlchemy starts by itself for a read
    (`engine.connect()` then execute) stays a deferred BEGIN: reads never take nor wait for the write lock.

    A new SQLite file comes into being whole: made and switched to WAL under a temporary name, then linked
    into place. Made in place, a kill while SQLite writes its first page (the switch to WAL goes through a
    rollback journal) leaves a hot journal, which the read-only fast reader cannot roll back: every
    command would then say 'attempt to write a readonly database'.
    """
    if url.startswith("sqlite"):
        import os
        import sqlite3
        from contextlib import closing
        from sqlalchemy.engine import make_url

        path = make_url(url).database
        if path and path != ":memory:" and not path.startswith("file:") and not os.path.exists(path):
            fresh = f"{path}.new-{os.getpid()}"
            try:
                with closing(sqlite3.connect(fresh)) as con:
                    con.execute("PRAGMA journal_mode=WAL")
                os.link(fresh, path)                # never replaces a file another process made meanwhile
            except (OSError, sqlite3.Error):
                pass                                # e.g. no hard links here: SQLite creates it in place, as before
            finally:
                for leftover in (fresh, f"{fresh}-wal", f"{fresh}-shm"):
                    if os.path.exists(leftover):
                        os.unlink(leftover)
        engine = create_engine(url, connect_args={"timeout": 10})
        implicit = "systemcraft.implicit_begin"

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn, _record):  # pragma: no branch - runs per connection
            dbapi_conn.isolation_level = None       # the driver never BEGINs or COMMITs on its own
            cur = dbapi_conn.cursor()               # pragmas outside any transaction (WAL cannot switch inside one)
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=10000")
            cur.close()

        @event.listens_for(engine, "before_execute")
        def _before(conn, *_args):
            if not conn.in_transaction():           # this statement is about to autobegin
                conn.info[implicit] = True

        @event.listens_for(engine, "after_execute")
        def _after(conn, *_args):
            conn.info.pop(implicit, None)

        @event.listens_for(engine, "checkout")
        def _checkout(_dbapi_conn, record, _proxy):  # a statement that failed before its BEGIN leaves no mark
            record.info.pop(implicit, None)

        @event.listens_for(engine, "begin")
        def _begin(conn):
            conn.exec_driver_sql("BEGIN" if conn.info.pop(implicit, False) else "BEGIN IMMEDIATE")
        return engine
    return create_engine(url, pool_pre_ping=True)


def ensure_schema(url: str) -> None:
    """Migrate to head on first use (one transaction: a kill leaves the old schema or the new one);
    refuse a database from a newer version. A database with no schema revision yet whose SystemCraft
    tables are all empty — what a kill during first-run creation left before issue 14 — is cleared
    first, so it opens instead of saying 'table … already exists' for ever."""
    try:
        engine = make_engine(url)
    except SQLAlchemyError as exc:
        raise DataError(f"cannot use the database URL '{url}': {exc.__class__.__name__}") from None
    except ModuleNotFoundError as exc:
        raise DataError(f"the database URL '{url}' needs a driver that is not installed ({exc.name})") from None
    try:
        _ensure(engine)
    finally:
        engine.dispose()


def _ensure(engine: Engine) -> None:
    try:
        rev = current(engine)
    except OperationalError as exc:
        raise DataError(f"cannot open the database: {_short(exc)}") from None
    if rev == HEAD_REVISION:
        return
    if rev is not None and rev not in KNOWN_REVISIONS:
        raise DataError(f"the database was written by a newer SystemCraft (schema '{rev}'); "
                        "upgrade SystemCraft to open it")
    try:
        if rev is None:
            _, holding = clear_half_created(engine)
            if holding:
                raise DataError(f"the database has SystemCraft tables with data ({', '.join(holding[:3])}) "
                                "but no schema revision; restore it from a backup or use another home")
        upgrade(engine)
    except OperationalError as exc:
        raise DataError(f"cannot write the database: {_short(exc)}") from None


def _short(exc: Exception) -> str:
    return str(getattr(exc, "orig", exc)).splitlines()[0]
