"""Run Alembic migrations programmatically on an open connection."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, inspect, select, table, true
from sqlalchemy.engine import Connection, Engine

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
