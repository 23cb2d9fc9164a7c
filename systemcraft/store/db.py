"""One way to talk to the database: DB-API connections (stdlib sqlite3, psycopg) running the SQL of
store/queries.py, on SQLite and PostgreSQL alike.

Why not SQLAlchemy for the queries too: importing it costs ~200 ms on these machines, which made every
write twice as slow as a read, and the fast path had grown a second, stdlib-only copy of every read.
SQLAlchemy tables and Alembic stay the schema's definition and migration tool (store/tables.py,
store/migrate.py); they are imported only when a database's schema revision is not the head.

The SQL is written once, with `:name` parameters, in the subset both databases speak (RETURNING,
ON CONFLICT … DO NOTHING, TRUE/FALSE). Values are adapted here, one rule per kind:
- SQLite: dates as 'YYYY-MM-DD', instants as UTC 'YYYY-MM-DD HH:MM:SS.ffffff' (the text SQLAlchemy
  wrote before, so old rows and new rows compare and sort alike), JSON as text, booleans as 0/1;
- PostgreSQL: native dates, instants and booleans; JSON through psycopg's Json wrapper.
- both: an integer outside the 64-bit range as NULL (no row has such an id; see `_in_range`).
"""

from __future__ import annotations

import json
import os
import re
import threading
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Mapping
from urllib.parse import quote

from systemcraft.errors import DataError, NotFoundError
from systemcraft.store.schema import HEAD_REVISION, KNOWN_REVISIONS

_PARAM = re.compile(r"'(?:[^']|'')*'|::|:([A-Za-z_]\w*)|%")


def to_pyformat(sql: str) -> str:
    """`:name` → `%(name)s` for psycopg; a literal % doubles; quoted text and `::` casts are left alone."""
    def swap(m: re.Match) -> str:
        token = m.group(0)
        if m.group(1):
            return f"%({m.group(1)})s"
        return "%%" if token == "%" else token
    return _PARAM.sub(swap, sql)


def sqlite_instant(v: datetime) -> str:
    if v.tzinfo is not None:
        v = v.astimezone(timezone.utc).replace(tzinfo=None)
    return f"{v:%Y-%m-%d %H:%M:%S}.{v.microsecond:06d}"


# The range of a 64-bit signed integer: SQLite's INTEGER and PostgreSQL's BIGINT, the type of every id.
INT64_MIN, INT64_MAX = -2**63, 2**63 - 1


def _in_range(v: Any) -> Any:
    """An integer outside the 64-bit range is bound as NULL. Such numbers arrive only as ids a user typed
    (`story show 10**30`, a crafted URL), and no row can have such an id, so the lookup must find nothing:
    bound as it is, sqlite3 raises OverflowError and PostgreSQL refuses a bigint out of range (or compares a
    numeric), where `id = NULL` simply matches no row and the use case says "not found"."""
    if isinstance(v, int) and not isinstance(v, bool) and not INT64_MIN <= v <= INT64_MAX:
        return None
    return v


def _sqlite_value(v: Any) -> Any:
    if isinstance(v, int):
        return _in_range(v)
    if isinstance(v, datetime):
        return sqlite_instant(v)
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, (dict, list, tuple)):
        return json.dumps(v)
    return v


class Connection:
    """One DB-API connection. Outside `transaction()` every statement commits on its own (reads see the
    latest committed rows); inside, everything commits together or not at all."""

    dialect = "sqlite"

    def __init__(self, raw) -> None:
        self.raw = raw
        self.in_transaction = False

    # -- subclass hooks
    def _cursor_execute(self, sql: str, params: Mapping):
        raise NotImplementedError

    BEGIN = "BEGIN"

    def _operational_error(self) -> type:
        """The driver's error for a refused BEGIN or COMMIT (busy, read-only, gone)."""
        raise NotImplementedError

    # -- the interface
    def execute(self, sql: str, params: Mapping | None = None):
        return self._cursor_execute(sql, params or {})

    def executemany(self, sql: str, rows: list[Mapping]) -> None:
        raise NotImplementedError

    def rows(self, sql: str, **params) -> list[dict]:
        cur = self.execute(sql, params)
        names = [d[0] for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]

    def first(self, sql: str, **params) -> dict | None:
        cur = self.execute(sql, params)
        r = cur.fetchone()
        if r is None:
            return None
        return dict(zip([d[0] for d in cur.description], r))

    def scalar(self, sql: str, **params):
        r = self.execute(sql, params).fetchone()
        return None if r is None else r[0]

    def rowcount(self, sql: str, **params) -> int:
        return self.execute(sql, params).rowcount

    @contextmanager
    def transaction(self) -> Iterator["Connection"]:
        if self.in_transaction:                 # a use case calling a helper that opens its own: one transaction
            yield self
            return
        operational = self._operational_error()
        try:
            self.raw.execute(self.BEGIN)
        except operational as exc:
            raise DataError(f"the database refused the write: {_first_line(exc)}") from None
        self.in_transaction = True
        try:
            yield self
        except BaseException:
            self.in_transaction = False
            try:
                self.raw.execute("ROLLBACK")
            except Exception:   # the connection is already broken; the original error is the one to show
                pass
            raise
        self.in_transaction = False
        try:
            self.raw.execute("COMMIT")
        except operational as exc:
            try:
                self.raw.execute("ROLLBACK")
            except Exception:
                pass
            raise DataError(f"the database refused the write: {_first_line(exc)}") from None

    def close(self) -> None:
        try:
            self.raw.close()
        except Exception:       # closing twice, or after the server went away: nothing left to release
            pass


class SqliteConnection(Connection):
    dialect = "sqlite"

    def _cursor_execute(self, sql, params):
        import sqlite3
        try:
            return self.raw.execute(sql, {k: _sqlite_value(v) for k, v in params.items()})
        except sqlite3.OperationalError as exc:
            if self.in_transaction:
                raise DataError(f"the database refused the write: {_first_line(exc)}") from None
            raise DataError(f"cannot read the database: {_first_line(exc)}") from None
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.IntegrityError):
                raise
            raise DataError(f"the database file is damaged or not a SystemCraft database: {_first_line(exc)}") \
                from None

    def executemany(self, sql, rows):
        import sqlite3
        try:
            self.raw.executemany(sql, [{k: _sqlite_value(v) for k, v in r.items()} for r in rows])
        except sqlite3.OperationalError as exc:
            raise DataError(f"the database refused the write: {_first_line(exc)}") from None

    BEGIN = "BEGIN IMMEDIATE"       # take the write lock at once: busy_timeout then waits for another writer

    def _operational_error(self):
        import sqlite3
        return sqlite3.OperationalError


class PostgresConnection(Connection):
    dialect = "postgresql"
    _converted: dict[str, str] = {}

    def _sql(self, sql: str) -> str:
        out = self._converted.get(sql)
        if out is None:
            out = self._converted[sql] = to_pyformat(sql)
        return out

    def _params(self, params: Mapping) -> dict:
        from psycopg.types.json import Json
        return {k: Json(v) if isinstance(v, (dict, list, tuple)) else _in_range(v) for k, v in params.items()}

    def _cursor_execute(self, sql, params):
        import psycopg
        try:
            return self.raw.execute(self._sql(sql), self._params(params))
        except psycopg.OperationalError as exc:
            raise DataError(f"the database refused the request: {_first_line(exc)}") from None

    def executemany(self, sql, rows):
        import psycopg
        try:
            with self.raw.cursor() as cur:
                cur.executemany(self._sql(sql), [self._params(r) for r in rows])
        except psycopg.OperationalError as exc:
            raise DataError(f"the database refused the write: {_first_line(exc)}") from None

    def _operational_error(self):
        import psycopg
        return psycopg.OperationalError


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else exc.__class__.__name__


# ---------------------------------------------------------------- opening a database

def sqlite_file(url: str) -> Path | None:
    """The file of a `sqlite:///path` URL; None for any other database."""
    from systemcraft import paths
    return paths.sqlite_path(url)


def postgres_conninfo(url: str) -> str:
    """`postgresql+psycopg://user@host:port/db` (the SQLAlchemy form users pass) → libpq's URI."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.split("+")[0] not in ("postgresql", "postgres"):
        raise DataError(f"cannot use the database URL '{url}': not a sqlite:/// or postgresql:// URL")
    return f"postgresql://{rest}"


def connect(url: str) -> Connection:
    """A connection to a database whose schema is already there (see `Database.open`)."""
    path = sqlite_file(url)
    if path is not None:
        import sqlite3
        # In a read-only directory a WAL database cannot create its shared-memory file; since no one can
        # write there either, reading it as immutable is both safe and the only way to read it.
        writable = os.access(path.parent, os.W_OK) and os.access(path, os.W_OK)
        flags = "mode=rw" if writable else ("mode=ro" if os.access(path.parent, os.W_OK) else "mode=ro&immutable=1")
        try:
            raw = sqlite3.connect(f"file:{quote(str(path))}?{flags}", uri=True, isolation_level=None,
                                  check_same_thread=False, timeout=10)
            if writable:
                raw.execute("PRAGMA foreign_keys=ON")
                raw.execute("PRAGMA busy_timeout=10000")
        except sqlite3.Error as exc:
            raise DataError(f"cannot open the database {path}: {_first_line(exc)}") from None
        return SqliteConnection(raw)
    try:
        import psycopg
    except ModuleNotFoundError as exc:
        raise DataError(f"the database URL '{url}' needs a driver that is not installed ({exc.name})") from None
    try:
        raw = psycopg.connect(postgres_conninfo(url), autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        raise DataError(f"cannot open the database: {_first_line(exc)}") from None
    return PostgresConnection(raw)


def schema_revision(conn: Connection, where: str) -> str | None:
    """The schema revision the database is at (None: no SystemCraft schema yet)."""
    if conn.dialect == "sqlite":
        import sqlite3
        try:
            row = conn.raw.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return None
            raise DataError(f"cannot read the database {where}: {_first_line(exc)}") from None
        except sqlite3.DatabaseError as exc:
            raise DataError(f"{where} is not a SystemCraft database ({_first_line(exc)})") from None
        return row[0] if row else None
    exists = conn.raw.execute("SELECT to_regclass('alembic_version')").fetchone()[0]
    if exists is None:
        return None
    row = conn.raw.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


class Database:
    """A database at one URL: hands out connections (reused; one per thread at a time) whose schema is
    current, migrating first when it is not."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = sqlite_file(url)
        self._idle: list[Connection] = []
        self._lock = threading.Lock()
        self._checked = False

    def open(self, create: bool = False) -> None:
        """Check the schema once; migrate (Alembic, imported only then) when it is behind or absent.
        `create`: make the SQLite file when there is none."""
        if self._checked:
            return
        where = str(self.path) if self.path is not None else "this database"
        if self.path is not None and not self.path.exists():
            if not create:
                raise NotFoundError(f"no SystemCraft data in {self.path.parent}: run `systemcraft init` first")
            self._migrate()
        conn = connect(self.url)
        try:
            rev = schema_revision(conn, where)
        except BaseException:
            conn.close()
            raise
        if rev == HEAD_REVISION:
            self._give_back(conn)
            self._checked = True
            return
        conn.close()
        if rev is not None and rev not in KNOWN_REVISIONS:
            raise DataError(f"the database {where} was written by a newer SystemCraft (schema '{rev}'); "
                            "upgrade SystemCraft to open it")
        if self.path is not None and not (os.access(self.path.parent, os.W_OK) and os.access(self.path, os.W_OK)):
            raise DataError(f"the data directory {self.path.parent} is read-only and its database needs "
                            "upgrading: make it writable once, or run this version elsewhere")
        self._migrate()
        self._checked = True

    def _migrate(self) -> None:
        from systemcraft.store import migrate
        migrate.ensure_schema(self.url)

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        self.open()
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = connect(self.url)
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:         # cannot be: transaction() always ends one; never reuse a broken one
                conn.close()
                raise
            self._give_back(conn)
            raise
        self._give_back(conn)

    def _give_back(self, conn: Connection) -> None:
        with self._lock:
            if len(self._idle) < 8:
                self._idle.append(conn)
                return
        conn.close()

    def close(self) -> None:
        """Close every idle connection. (Closing matters on SQLite: the last connection to close
        checkpoints the write-ahead log into the database file.)"""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()

