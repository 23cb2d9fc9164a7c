"""Hot-path reads with the standard library's sqlite3 (no SQLAlchemy import: ~200 ms saved).

Implements the same read interface as repository.Repository; tests/store/test_readers.py runs
both over one database and demands identical answers.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from pathlib import Path
from urllib.parse import quote

from systemcraft.errors import DataError
from systemcraft.store import records
from systemcraft.store.schema import HEAD_REVISION, KNOWN_REVISIONS


class SqliteReader:
    def __init__(self, path: Path) -> None:
        self.path = path
        # In a read-only directory a WAL database cannot create its shared-memory file; since no one
        # can write there either, reading it as immutable is both safe and the only way to read it.
        flags = "mode=ro" if os.access(path.parent, os.W_OK) else "mode=ro&immutable=1"
        try:
            # One reader serves one request at a time, but a web request may open and close it on
            # different worker threads.
            self.conn = sqlite3.connect(f"file:{quote(str(path))}?{flags}", uri=True, check_same_thread=False)
        except sqlite3.Error as exc:
            raise DataError(f"cannot open the database {path}: {exc}") from None
        self.conn.row_factory = sqlite3.Row

    def close(self) -> None:
        self.conn.close()

    def schema_state(self) -> str:
        """'current', 'behind' (needs migrating) or 'empty'; raises DataError when newer/foreign."""
        try:
            row = self.conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return "empty"
            raise DataError(f"cannot read the database {self.path}: {exc}") from None
        except sqlite3.DatabaseError as exc:
            raise DataError(f"{self.path} is not a SystemCraft database ({exc})") from None
        if row is None:
            return "empty"
        rev = row[0]
        if rev == HEAD_REVISION:
            return "current"
        if rev in KNOWN_REVISIONS:
            return "behind"
        raise DataError(f"the database {self.path} was written by a newer SystemCraft "
                        f"(schema '{rev}'); upgrade SystemCraft to open it")

    def _one(self, sql: str, *args):
        return self.conn.execute(sql, args).fetchone()

    def candidate(self) -> records.CandidateRecord | None:
        r = self._one("SELECT * FROM candidates ORDER BY id LIMIT 1")
        return records.candidate_from_row(r) if r else None

    def latest_assessment(self, candidate_id: int) -> records.AssessmentRecord | None:
        r = self._one("SELECT * FROM assessments WHERE candidate_id = ? ORDER BY taken_on DESC, id DESC "
                      "LIMIT 1", candidate_id)
        return records.assessment_from_row(r) if r else None

    def active_plan(self, candidate_id: int) -> records.PlanRecord | None:
        r = self._one("SELECT * FROM plans WHERE candidate_id = ? AND active = 1 ORDER BY id DESC LIMIT 1",
                      candidate_id)
        return records.plan_from_row(r) if r else None

    def weeks(self, plan_id: int) -> list[records.WeekRecord]:
        rows = self.conn.execute("SELECT * FROM plan_weeks WHERE plan_id = ? ORDER BY number", (plan_id,))
        return [records.week_from_row(r) for r in rows]

    def tasks_between(self, plan_id: int, first: date, last: date) -> list[records.TaskRecord]:
        rows = self.conn.execute(
            "SELECT * FROM tasks WHERE plan_id = ? AND day >= ? AND day <= ? ORDER BY day, seq",
            (plan_id, first.isoformat(), last.isoformat()))
        return [records.task_from_row(r) for r in rows]

    def task_totals(self, plan_id: int, until: date) -> list[tuple[str, str, int, int]]:
        """(category, status, planned minutes, actual minutes) summed over days up to `until`."""
        rows = self.conn.execute(
            "SELECT category, status, SUM(minutes), SUM(COALESCE(actual_minutes, 0)) FROM tasks "
            "WHERE plan_id = ? AND day <= ? GROUP BY category, status ORDER BY category, status",
            (plan_id, until.isoformat()))
        return [(r[0], r[1], int(r[2]), int(r[3])) for r in rows]

    def fetch(self, sql: str, **params) -> list[dict]:
        """Run one of store.queries' statements; rows come back as normalised dicts."""
        args = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in params.items()}
        cur = self.conn.execute(sql, args)
        cur.row_factory = None          # plain tuples: the dicts are built once below
        names = [d[0] for d in cur.description]
        dates = [i for i, n in enumerate(names) if n in records.DATE_COLUMNS]
        rows = cur.fetchall()
        if not dates:                   # SQLite hands back int/float/str already: nothing to convert
            return [dict(zip(names, r)) for r in rows]
        out = []
        fromiso = date.fromisoformat
        for r in rows:
            r = list(r)
            for i in dates:
                if r[i] is not None:
                    r[i] = fromiso(r[i][:10])
            out.append(dict(zip(names, r)))
        return out
