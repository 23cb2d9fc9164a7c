"""Migrations that cannot brick a home (issue 14 §1).

- Shipped revision files are history: each one's SHA-256 is pinned here.
- 0008 repairs the databases made while 0002 was being edited, tested from databases really made by
  the code of those commits (taken from git history), on SQLite and PostgreSQL.
- Schema changes run in one transaction on SQLite too (a failing upgrade leaves the old schema), write
  transactions take the write lock up front (BEGIN IMMEDIATE) and reads do not, so concurrent writers
  from several processes all succeed.
"""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from systemcraft.store import migrate
from systemcraft.errors import DataError
from systemcraft.store.migrate import make_engine
from systemcraft.store.repository import Repository
from systemcraft.store.schema import HEAD_REVISION, KNOWN_REVISIONS
from tests.hostile.kill_loops import LAST_PLAN_DAY, ROOT, STORY_ARGS, Runner

VERSIONS = ROOT / "systemcraft" / "store" / "migrations" / "versions"

# Once a revision file is committed it has shipped: it is never edited again, a change is a new revision.
SHIPPED = {
    "0001_initial.py": "351659ae0ba7b51947655ef96d74ee1d7d415e93708f77341d29a3e8d8b24040",
    "0002_practice_log.py": "39645398d56a596633716baa0c74d8f87e161d182d72c229796f078cc7796bf5",
    "0003_stories_reviews.py": "9250db355722f2397a094f3038bf80861485948ed67f8ece9af6821a747599e1",
    "0004_mocks.py": "243b60bd083a93615c01307be2aad2630dec3d3b84e8fcba528d596fa06d4e1b",
    "0005_log_lp_index.py": "78ba2d75c578b22080cbe093ca58d82cce256ef364913387fa1bbccb3fc04a8b",
    "0006_deliveries.py": "a4d055957b24553b5c6b2ef1c0f24fbad84419244f010acc985d05657a88466d",
    "0007_calendar_outcomes.py": "bf43a9dc0209c46e8c1394975fbd66f17010e1519c9cd9cb36540bed9c0ace4c",
    "0008_repair_edited_0002.py": "f90ec137755352613c41df9b72d8fb886aa3c5f0003c36fb365fcffaf832db36",
    "0009_review_previous.py": "d2560307b58d00c67ac4c0e0a2e1744eb0bba0dc2d14e80a1a67e0271f3ec012",
    "0010_review_log_time_index.py": "28585dca3f7449ada27712846d7f45ea175d537160a768bd25ad66a8c47ee1a2",
    "0011_log_task_index.py": "6c9c0d5c250976839136130f2ed7c37f63c81bbff2c38a266637667825a758f0",
    "0012_practice_recordings.py": "e06ddd01dc0c311154a7b66dd257d0a5153544fa8175f279cdc3e1be47965612",
    "0013_once_tokens.py": "f4901c017a13de40908dad47be546fc591b5ec146266cf856709a397b937e9c6",
}

# The commits whose databases recorded 0002 before `plans.travel_days` was added to it (8a394af).
EDITED_0002_ERA = ("35a4e59", "3205e57")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------------- shipped revisions

@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_a_shipped_revision_is_never_edited(name):
    path = VERSIONS / name
    assert path.is_file(), f"{name} was shipped and must stay"
    assert _sha256(path) == SHIPPED[name], (
        f"{name} has shipped and was edited: databases that already ran it will never see the change. "
        "Restore the file and add a new revision instead (see 0008_repair_edited_0002.py). "
        f"(Only a revision not yet committed may be re-pinned: {_sha256(path)}.)")


def test_every_revision_file_is_pinned_and_known():
    files = sorted(p.name for p in VERSIONS.glob("[0-9]*.py"))
    unpinned = [f for f in files if f not in SHIPPED]
    assert not unpinned, f"pin the SHA-256 of {unpinned} in SHIPPED once committed (it ships with the commit)"
    assert [f.removesuffix(".py") for f in files] == list(KNOWN_REVISIONS)
    assert KNOWN_REVISIONS[-1] == HEAD_REVISION


def test_the_hash_check_notices_a_one_byte_edit(tmp_path):
    edited = tmp_path / "0002_practice_log.py"
    edited.write_bytes((VERSIONS / "0002_practice_log.py").read_bytes() + b"\n")
    assert _sha256(edited) != SHIPPED["0002_practice_log.py"]


# ---------------------------------------------------------------------------- databases of the edited-0002 era

def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, timeout=120)


def _checkout(commit: str, into: Path) -> Path:
    """That commit's `systemcraft` package, unpacked (git archive: no worktree, nothing left in .git)."""
    if _git("cat-file", "-e", f"{commit}^{{commit}}").returncode != 0:
        pytest.fail(f"commit {commit} is not in this repository's history: run the tests from a full clone")
    r = _git("archive", "--format=tar", commit, "systemcraft")
    assert r.returncode == 0, r.stderr
    with tarfile.open(fileobj=io.BytesIO(r.stdout)) as tar:
        tar.extractall(into, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    return into


def _schema(engine) -> dict:
    """Tables → column names and nullability, index names and columns, unique constraints."""
    insp = inspect(engine)
    out = {}
    for t in sorted(insp.get_table_names()):
        out[t] = {
            "columns": sorted((c["name"], bool(c["nullable"])) for c in insp.get_columns(t)),
            "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in insp.get_indexes(t)),
            "unique": sorted(tuple(u["column_names"]) for u in insp.get_unique_constraints(t)),
        }
    return out


def _fresh_schema(url: str) -> dict:
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
        return _schema(engine)
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, tmp_path):
    """(database URL for the old home, URL of an empty database to compare with)"""
    if request.param == "sqlite":
        (tmp_path / "fresh").mkdir()
        return f"sqlite:///{tmp_path / 'home' / 'systemcraft.db'}", f"sqlite:///{tmp_path / 'fresh' / 'x.db'}"
    return request.getfixturevalue("pg_url"), request.getfixturevalue("pg_url")


@pytest.mark.parametrize("commit", EDITED_0002_ERA)
def test_a_home_made_while_0002_was_edited_works_after_the_upgrade(commit, backend, tmp_path):
    url, fresh_url = backend
    home = tmp_path / "home"
    old = Runner(_checkout(commit, tmp_path / f"src-{commit}"), tmp_path / "old-scratch")
    now = Runner(ROOT, tmp_path / "scratch")
    db = ("--db", url)

    for args in (old.init_args, ("done", "1", "--minutes", "40"),
                 ("log", "checkin", "--hours", "1.5", "--confidence", "4", "--energy", "3")):
        r = old.run(home, *db, *args)
        assert r.returncode == 0, f"the {commit} code could not {args[0]}: {r.stderr}"
    engine = make_engine(url)
    try:
        assert migrate.current(engine) == "0002_practice_log"
        assert "travel_days" not in {c["name"] for c in inspect(engine).get_columns("plans")}, \
            "the old code must have made the database without the column added later"
    finally:
        engine.dispose()

    # Today's code upgrades it (0003 … 0008) on first use; then every command works.
    commands = [("status",), ("today",), ("week",), ("month",), ("export", str(tmp_path / "json")),
                ("export", str(tmp_path / "csv"), "--format", "csv"), ("story", "add", "--title", "After", *STORY_ARGS),
                ("done", "2", "--minutes", "20"), ("plan", "regenerate", "--travel", "2026-12-01..2026-12-02")]
    for args in commands:
        r = now.run(home, *db, *args)
        assert r.returncode == 0, f"`{' '.join(args)}` on a {commit} home: {r.returncode} {r.stderr}"

    engine = make_engine(url)
    try:
        assert migrate.current(engine) == HEAD_REVISION
        repaired = _schema(engine)
        with engine.connect() as conn:    # the repaired column holds what `plan regenerate --travel` gave it
            travel = conn.execute(text("SELECT travel_days FROM plans WHERE active")).scalar()
        assert "2026-12-01" in json.dumps(travel)
    finally:
        engine.dispose()
    assert repaired == _fresh_schema(fresh_url), "the repaired schema differs from a new database's"

    export = json.loads(next((tmp_path / "json").glob("*.json")).read_text())
    assert export["candidate"]["name"] == "Sam Candidate"
    assert sum(t["status"] == "done" for t in export["tasks"]) == 1          # the old code's `done 1`
    assert {e["kind"] for e in export["log_entries"]} >= {"checkin"}


def test_the_repair_does_nothing_on_a_correct_database(db_url, tmp_path):
    (tmp_path / "home").mkdir(exist_ok=True)
    engine = make_engine(db_url)
    try:
        migrate.upgrade(engine, "0007_calendar_outcomes")
        before = _schema(engine)
        migrate.upgrade(engine, "0008_repair_edited_0002")
        assert migrate.current(engine) == "0008_repair_edited_0002"
        assert _schema(engine) == before
        migrate.downgrade(engine, "0007_calendar_outcomes")     # and back: 0008 owns nothing to drop
        assert _schema(engine) == before
        migrate.upgrade(engine)
        assert migrate.current(engine) == HEAD_REVISION
    finally:
        engine.dispose()


# ---------------------------------------------------------------------------- one transaction per upgrade

def test_a_failing_upgrade_leaves_the_old_schema(db_url, tmp_path):
    """0007 creates calendar_events, then interview_outcomes; the second fails here, so the first must be
    rolled back with it (pysqlite used to auto-commit it: 'table calendar_events already exists' forever)."""
    (tmp_path / "home").mkdir(exist_ok=True)
    engine = make_engine(db_url)
    try:
        migrate.upgrade(engine, "0006_deliveries")
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE interview_outcomes (id INTEGER PRIMARY KEY)"))
        with pytest.raises(DBAPIError) as caught:          # SQLite: OperationalError; PostgreSQL: ProgrammingError
            migrate.upgrade(engine)
        assert "interview_outcomes" in str(caught.value)
        assert migrate.current(engine) == "0006_deliveries"
        assert "calendar_events" not in inspect(engine).get_table_names()
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE interview_outcomes"))
        migrate.upgrade(engine)
        assert migrate.current(engine) == HEAD_REVISION
    finally:
        engine.dispose()


@pytest.mark.parametrize("version_table", ["empty", "missing"])
def test_a_home_half_created_by_an_older_version_is_cleared_and_opens(db_url, tmp_path, version_table):
    """Before creation was one transaction, a kill left tables and an empty (or no) alembic_version, and
    every command said 'table … already exists'. Such a home holds nothing, so opening it starts afresh;
    a table that is not SystemCraft's is left alone."""
    (tmp_path / "home").mkdir(exist_ok=True)
    engine = make_engine(db_url)
    try:
        migrate.upgrade(engine, "0003_stories_reviews")
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM alembic_version" if version_table == "empty" else "DROP TABLE alembic_version"))
            conn.execute(text("CREATE TABLE someone_elses (id INTEGER)"))
        repo = Repository(db_url, lambda: None)
        repo.ensure_schema()
        repo.close()
        assert migrate.current(engine) == HEAD_REVISION
        tables = set(inspect(engine).get_table_names())
        assert "someone_elses" in tables and {"stories", "deliveries", "calendar_events"} <= tables
    finally:
        engine.dispose()


def test_a_database_with_data_but_no_revision_is_refused_untouched(db_url, tmp_path):
    (tmp_path / "home").mkdir(exist_ok=True)
    engine = make_engine(db_url)
    try:
        migrate.upgrade(engine, "0001_initial")
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO candidates (name, target_level, \"current_role\", years_experience, "
                              "engineers_managed, multi_team, org_transformation, risk_tolerance, timezone, "
                              "created_at) VALUES ('Kept', 'L6', 'manager', 5, 5, false, false, 'low', 'UTC', "
                              "CURRENT_TIMESTAMP)"))
            conn.execute(text("DELETE FROM alembic_version"))
        repo = Repository(db_url, lambda: None)
        with pytest.raises(DataError, match="no schema revision"):
            repo.ensure_schema()
        repo.close()
        with engine.connect() as conn:
            assert conn.execute(text("SELECT name FROM candidates")).scalar() == "Kept"
    finally:
        engine.dispose()


def test_a_new_sqlite_file_comes_into_being_whole(tmp_path):
    """Made in place, a kill during SQLite's first write (the switch to WAL, through a rollback journal) left
    a hot journal that the read-only fast reader cannot roll back. The file now appears complete, already
    in WAL mode, before anything connects; nothing else is left in the folder."""
    path = tmp_path / "home" / "systemcraft.db"
    path.parent.mkdir()
    engine = make_engine(f"sqlite:///{path}")
    try:
        assert sorted(p.name for p in path.parent.iterdir()) == ["systemcraft.db"]
        header = path.read_bytes()
        assert len(header) == 4096 and header[:16] == b"SQLite format 3\x00" and header[18:20] == b"\x02\x02"
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as ro:    # the fast reader's way in
            assert ro.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        make_engine(f"sqlite:///{path}").dispose()                              # an existing file is left as it is
        assert path.read_bytes() == header
    finally:
        engine.dispose()


def test_sqlite_ddl_rolls_back_and_pragmas_hold_inside_transactions(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with pytest.raises(RuntimeError):
            with engine.begin() as conn:
                conn.execute(text("CREATE TABLE parent (id INTEGER PRIMARY KEY)"))
                raise RuntimeError("killed here")
        assert inspect(engine).get_table_names() == []
        with engine.begin() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10000
            conn.execute(text("CREATE TABLE parent (id INTEGER PRIMARY KEY)"))
            conn.execute(text("CREATE TABLE child (id INTEGER PRIMARY KEY, p INTEGER REFERENCES parent(id))"))
        with pytest.raises(IntegrityError):
            with engine.begin() as conn:
                conn.execute(text("INSERT INTO child (p) VALUES (42)"))
    finally:
        engine.dispose()


def test_sqlite_writes_take_the_lock_at_begin_and_reads_never_do(tmp_path):
    path = tmp_path / "x.db"
    engine = make_engine(f"sqlite:///{path}")
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE t (x INTEGER)"))
        with engine.connect() as reader:
            assert reader.execute(text("SELECT count(*) FROM t")).scalar() == 0   # a read transaction is open
            other.execute("BEGIN IMMEDIATE")                                     # … and a writer is not held up
            other.execute("INSERT INTO t VALUES (1)")
            other.execute("COMMIT")
        with engine.begin():                                  # no statement yet: the lock is already taken
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()
        engine.dispose()


def test_two_writers_that_read_then_write_are_serialised_not_refused(tmp_path):
    """Two engines (as two processes would have) each read, then write, overlapping. With a deferred BEGIN
    the first one's write fails at once ('database is locked': its snapshot went stale, and SQLite does not
    wait there); with BEGIN IMMEDIATE the second waits for the first and reads what it wrote."""
    path = tmp_path / "x.db"
    first, second = make_engine(f"sqlite:///{path}"), make_engine(f"sqlite:///{path}")
    with first.begin() as conn:
        conn.execute(text("CREATE TABLE t (who TEXT, seen INTEGER)"))
    has_read, errors = threading.Event(), []

    def write(engine, who: str, leads: bool) -> None:
        try:
            with engine.begin() as conn:
                if not leads:
                    has_read.wait(5)
                seen = conn.execute(text("SELECT count(*) FROM t")).scalar()
                if leads:
                    has_read.set()
                    time.sleep(0.3)       # the other writer starts meanwhile
                conn.execute(text("INSERT INTO t VALUES (:who, :seen)"), {"who": who, "seen": seen})
        except DBAPIError as exc:
            errors.append(f"{who}: {exc.orig}")
            has_read.set()

    threads = [threading.Thread(target=write, args=(first, "first", True)),
               threading.Thread(target=write, args=(second, "second", False))]
    try:
        threads[0].start()
        time.sleep(0.05)
        threads[1].start()
        for t in threads:
            t.join(30)
        assert errors == []
        with first.connect() as conn:
            assert conn.execute(text("SELECT who, seen FROM t ORDER BY seen")).all() == [("first", 0), ("second", 1)]
    finally:
        first.dispose()
        second.dispose()


def test_concurrent_writers_in_separate_processes_all_succeed(tmp_path):
    """Six processes at once (three `story add`, three `done`): each waits for the write lock rather than
    failing, and every write is there."""
    runner = Runner(ROOT, tmp_path / "scratch")
    home = tmp_path / "home"
    assert runner.run(home, *runner.init_args).returncode == 0
    with sqlite3.connect(home / "systemcraft.db") as con:
        tasks = [f"{d}.{s}" for d, s in con.execute("SELECT day, seq FROM tasks WHERE status = 'planned' "
                                                    "ORDER BY day, seq LIMIT 3")]
    commands = [("story", "add", "--title", f"Concurrent {i}", *STORY_ARGS) for i in range(3)] + \
        [("done", t, "--minutes", "10") for t in tasks]
    procs = [subprocess.Popen([sys.executable, "-m", "systemcraft", *args], cwd=runner.scratch,
                              env=runner.env(home, LAST_PLAN_DAY), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for args in commands]
    results = [(p.args[3:5], p.wait(timeout=120), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert [r for r in results if r[1] != 0] == []
    with sqlite3.connect(home / "systemcraft.db") as con:
        titles = {r[0] for r in con.execute("SELECT title FROM stories")}
        done = con.execute("SELECT count(*) FROM tasks WHERE status = 'done'").fetchone()[0]
        cards = con.execute("SELECT count(*) FROM cards WHERE kind = 'story'").fetchone()[0]
    assert titles == {f"Concurrent {i}" for i in range(3)} and done == 3 and cards == 3
