"""Kill loops (issue 14): SIGKILL a real `systemcraft` process at a random moment and check the home.

Shared by tests/hostile/test_kill_schema.py (a short run in CI) and scripts/soak.py (the long run,
`make soak`). Each loop first times one uncut run of the command while watching the database (its
files' sizes, the schema revision, row counts): when it first changes and when it last does. Most of a
run is Python starting and importing, so kill times drawn only from [0, 1.2 × that time] seldom land in
the few tens of milliseconds that write. The (seeded) kills therefore take turns: anywhere in
[0, 1.2 × T]; inside the window the database changed in (widened a little); and triggered by the
database's first change in that very run, a random moment later. After every kill the next command
must succeed and nothing an earlier command acknowledged (exit 0) may be missing.

`src` is the folder that holds the `systemcraft` package to run (this checkout by default, or an
unpacked older revision to measure "before"); the subprocesses run in a scratch folder with
PYTHONPATH=src so they import that code and nothing else.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from tests.conftest import ANSWERS, INIT_ARGS, TODAY

ROOT = Path(__file__).resolve().parents[2]
UPGRADE_FROM = "0006_deliveries"
LAST_PLAN_DAY = "2027-02-14"     # INIT_ARGS interview 2027-02-15: every planned task is "today or earlier"
STORY_ARGS = ("--lp", "customer-obsession", "--situation", "The billing service paged us nightly.",
              "--task", "I owned the fix.", "--action", "I moved the retries to a queue.",
              "--result", "Pages fell from 30 to 2 a month.")


@dataclass
class LoopResult:
    name: str
    runs: int = 0
    kills: int = 0            # the process was still running when SIGKILL was sent
    finished: int = 0         # it had ended on its own before the kill time
    usable: int = 0           # afterwards the home opened and the next commands succeeded
    acknowledged: int = 0     # writes whose command exited 0
    lost: int = 0             # acknowledged writes missing afterwards
    orphans: int = 0          # rows seen without what they imply (card, log entry), each counted once
    failures: list[str] = field(default_factory=list)
    timing: Timing | None = None      # the uncut run the kill times were drawn from

    def fail(self, what: str) -> None:
        if len(self.failures) < 20:
            self.failures.append(f"run {self.runs}: {what}")

    def row(self) -> dict:
        t = self.timing
        window = f"{t.first:.2f}–{t.last:.2f}" if t and t.first is not None else "–"
        return {"loop": self.name, "uncut s": f"{t.total:.2f}" if t else "–", "writes at s": window,
                "runs": self.runs, "killed": self.kills, "ended first": self.finished,
                "homes usable": self.usable, "acked writes": self.acknowledged, "acked lost": self.lost,
                "orphans": self.orphans}


def table(results: list[LoopResult]) -> str:
    rows = [r.row() for r in results]
    heads = list(rows[0])
    widths = [max(len(h), *(len(str(r[h])) for r in rows)) for h in heads]
    line = lambda cells: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                                   for i, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([line(heads), line("-" * w for w in widths), *(line(r.values()) for r in rows)])


@dataclass(frozen=True)
class Timing:
    """One uncut run: its length, and when the watched database state first and last changed."""
    total: float
    first: float | None = None
    last: float | None = None

    def kill(self, rng: random.Random, i: int, margin: float = 0.1) -> "Kill":
        """The i-th kill, in turn: anywhere in [0, 1.2 × total]; in the window the database changed in
        (widened by `margin`, which covers a transaction's work before its commit shows); or triggered by
        the database's first change in that very run, after up to 1.2 × the window's length."""
        hi = 1.2 * self.total
        if self.first is None or i % 3 == 0:
            return Kill(rng.uniform(0.0, hi))
        if i % 3 == 1:
            return Kill(rng.uniform(max(0.0, self.first - margin), min(hi, self.last + margin / 2)))
        return Kill(rng.uniform(0.0, 1.2 * max(self.last - self.first, 0.01)), after_change=True)


@dataclass(frozen=True)
class Kill:
    delay: float
    after_change: bool = False     # count the delay from the database's first change, not from the start

    def __str__(self) -> str:
        return f"{self.delay:.3f}s after {'the first change' if self.after_change else 'the start'}"


def _first_line(text: str) -> str:
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1][:200] if lines else "(no output)"


class Runner:
    """Runs `python -m systemcraft` from `src` against a home, whole or killed after a delay."""

    def __init__(self, src: Path, scratch: Path) -> None:
        self.src = Path(src).resolve()
        self.scratch = scratch
        scratch.mkdir(parents=True, exist_ok=True)
        self.answers = scratch / "quiz.json"
        self.answers.write_text(json.dumps(ANSWERS))
        self.init_args = (*INIT_ARGS, "--answers", str(self.answers))

    def env(self, home: Path, today: str | None) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith("SYSTEMCRAFT_")}
        env.update(SYSTEMCRAFT_HOME=str(home), SYSTEMCRAFT_TODAY=today or TODAY.isoformat(),
                   TZ="Europe/London", COLUMNS="120", PYTHONPATH=str(self.src))
        return env

    def run(self, home: Path, *args: str, today: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "systemcraft", *args], capture_output=True, text=True,
                              env=self.env(home, today), cwd=self.scratch, stdin=subprocess.DEVNULL,
                              timeout=120)

    def python(self, code: str, *args: str) -> subprocess.CompletedProcess:
        """Run a snippet with `src` on the path (e.g. that revision's own migrate module)."""
        env = {**os.environ, "PYTHONPATH": str(self.src)}
        return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                              cwd=self.scratch, timeout=120)

    def measure(self, home: Path, args: tuple[str, ...], probe: Callable[[], object],
                today: str | None = None) -> tuple[Timing, subprocess.CompletedProcess]:
        """Run uncut while a thread polls `probe()` (the database state) every millisecond or so."""
        seen: list[float] = []
        stop = threading.Event()

        def watch(t0: float) -> None:
            last = _safe(probe)
            while not stop.is_set():
                now = _safe(probe)
                if now != last:
                    seen.append(time.monotonic() - t0)
                    last = now
                time.sleep(0.001)

        t0 = time.monotonic()
        watcher = threading.Thread(target=watch, args=(t0,), daemon=True)
        watcher.start()
        r = self.run(home, *args, today=today)
        total = time.monotonic() - t0
        stop.set()
        watcher.join()
        return Timing(total, seen[0] if seen else None, seen[-1] if seen else None), r

    def killed_after(self, home: Path, args: tuple[str, ...], kill: Kill, probe: Callable[[], object],
                     today: str | None = None) -> tuple[bool, int, str]:
        """Start the command, SIGKILL it at `kill` unless it ended first. Returns (killed, exit status, stderr)."""
        proc = subprocess.Popen([sys.executable, "-m", "systemcraft", *args], env=self.env(home, today),
                                cwd=self.scratch, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        if kill.after_change:
            t0, before = time.monotonic(), _safe(probe)
            while proc.poll() is None and _safe(probe) == before and time.monotonic() - t0 < 60:
                time.sleep(0.0005)
        try:
            proc.wait(timeout=kill.delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)     # this one process, by its id
        _, err = proc.communicate(timeout=120)
        return proc.returncode == -signal.SIGKILL, proc.returncode, err or ""


def _safe(probe: Callable[[], object]) -> object:
    try:
        return probe()
    except sqlite3.Error as exc:           # mid-creation: no table yet, or locked for a moment
        return type(exc).__name__


@contextmanager
def _db(home: Path) -> Iterator[sqlite3.Connection]:
    """A read-only look at the home's database, closed at once (an open reader would hold the WAL)."""
    with closing(sqlite3.connect(f"file:{home / 'systemcraft.db'}?mode=ro", uri=True)) as con:
        yield con


def _revision(home: Path) -> str | None:
    with _db(home) as con:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def _snapshot(home: Path) -> dict:
    """What a home holds that must survive: the candidate, done tasks, stories, log entries."""
    with _db(home) as con:
        return {
            "candidates": {r[0] for r in con.execute("SELECT name FROM candidates")},
            "done": {r[0] for r in con.execute("SELECT id FROM tasks WHERE status = 'done'")},
            "stories": {r[0] for r in con.execute("SELECT title FROM stories")},
            "log": {r[0] for r in con.execute("SELECT id FROM log_entries")},
        }


def _orphans(home: Path) -> list[str]:
    """Rows without what they imply: a story without its card, a logged problem (`log coding`, not the
    entry a done coding task writes) without its card, a done task without its log entry."""
    with _db(home) as con:
        stories = con.execute("SELECT s.id FROM stories s WHERE NOT EXISTS (SELECT 1 FROM cards c WHERE "
                              "c.kind = 'story' AND c.ref = CAST(s.id AS TEXT))").fetchall()
        problems = con.execute("SELECT l.id FROM log_entries l WHERE l.kind = 'coding' AND l.task_id IS NULL "
                               "AND NOT EXISTS (SELECT 1 FROM cards c WHERE c.kind = 'problem' "
                               "AND c.ref = lower(l.title))").fetchall()
        done = con.execute("SELECT t.id FROM tasks t WHERE t.status = 'done' AND NOT EXISTS (SELECT 1 FROM "
                           "log_entries l WHERE l.task_id = t.id)").fetchall()
    return [f"story {r[0]} has no card" for r in stories] + \
        [f"coding log {r[0]} has no problem card" for r in problems] + \
        [f"done task {r[0]} has no log entry" for r in done]


def _files(home: Path) -> tuple[int, ...]:
    """The database file's and its WAL's sizes (-1: absent): every commit grows the WAL. One stat call
    per file: SQLite may remove the WAL between an exists() and a stat() (a CI run failed on that)."""
    return tuple(_size(p) for p in (home / "systemcraft.db", home / "systemcraft.db-wal"))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return -1


def _schema_probe(home: Path) -> Callable[[], object]:
    """The database files, and the revision once it can be read."""
    def probe():
        files = _files(home)
        return files, (_revision(home) if files[0] >= 0 else None)
    return probe


def _rows_probe(home: Path) -> Callable[[], object]:
    def probe():
        with _db(home) as con:
            return con.execute("SELECT (SELECT count(*) FROM stories), (SELECT count(*) FROM cards), "
                               "(SELECT count(*) FROM log_entries), "
                               "(SELECT count(*) FROM tasks WHERE status = 'done')").fetchone()
    return probe


# ---------------------------------------------------------------------------- (a) first-run creation

def creation_loop(runner: Runner, n: int, seed: int = 14) -> LoopResult:
    """Kill `init` on an empty home; then `init` again must either set the home up or say it already is,
    and `status` must answer."""
    res = LoopResult("creation (init)")
    base = runner.scratch / "creation"
    uncut, r = runner.measure(base / "uncut", runner.init_args, _schema_probe(base / "uncut"))
    assert r.returncode == 0, f"an uncut init failed: {r.stderr}"
    res.timing = uncut
    rng = random.Random(seed)
    for i in range(n):
        res.runs += 1
        home = base / f"home{i}"
        when = uncut.kill(rng, i)
        killed, code, err = runner.killed_after(home, runner.init_args, when, _schema_probe(home))
        res.kills += killed
        res.finished += not killed
        acked = code == 0
        res.acknowledged += acked
        if not killed and not acked:
            res.fail(f"init ended {code} without being killed: {_first_line(err)}")
        again = runner.run(home, *runner.init_args)
        already = again.returncode != 0 and "already set up" in again.stderr
        if acked and not already:
            res.lost += 1
            res.fail(f"init had said done, yet a second init found no candidate ({again.returncode})")
        # init again succeeding shows the home works; if it was set up already, `status` must answer
        status = runner.run(home, "status") if already else again
        if (again.returncode == 0 or already) and status.returncode == 0:
            res.usable += 1
        else:
            res.fail(f"killed {when}: init again → {again.returncode} "
                     f"{_first_line(again.stderr)}; status → {status.returncode} {_first_line(status.stderr)}")
        shutil.rmtree(home, ignore_errors=True)
    return res


# ---------------------------------------------------------------------------- (b) upgrade

def make_old_home(runner: Runner, home: Path, revision: str = UPGRADE_FROM) -> dict:
    """A home with a candidate, a done task, a story and log entries, then migrated down to `revision`
    with that code's own Alembic revisions. Returns what it holds."""
    steps = [runner.init_args, ("done", "1", "--minutes", "30"), ("story", "add", "--title", "Old story", *STORY_ARGS),
             ("log", "checkin", "--hours", "1", "--confidence", "3", "--energy", "3")]
    for args in steps:
        r = runner.run(home, *args)
        assert r.returncode == 0, f"{args[0]}: {r.stderr}"
    r = runner.python("import sys\nfrom systemcraft.store import migrate\n"
                      "from systemcraft.store.migrate import make_engine\n"
                      "e = make_engine(sys.argv[1]); migrate.downgrade(e, sys.argv[2]); e.dispose()",
                      f"sqlite:///{home / 'systemcraft.db'}", revision)
    assert r.returncode == 0, r.stderr
    assert _revision(home) == revision
    return _snapshot(home)


def _copy_home(template: Path, home: Path) -> None:
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(template, home)


def upgrade_loop(runner: Runner, n: int, seed: int = 15, revision: str = UPGRADE_FROM) -> LoopResult:
    """Kill the command that upgrades an old home (`status` on a database at `revision`); then `export`
    (which reads every table) must succeed, the schema must be the newest and the old data all there."""
    res = LoopResult(f"upgrade from {revision[:4]}")
    base = runner.scratch / "upgrade"
    template = base / "template"
    before = make_old_home(runner, template, revision)
    head = runner.python("from systemcraft.store.schema import HEAD_REVISION; print(HEAD_REVISION)").stdout.strip()
    uncut_home = base / "uncut"
    _copy_home(template, uncut_home)
    uncut, r = runner.measure(uncut_home, ("status",), _schema_probe(uncut_home))
    assert r.returncode == 0 and _revision(uncut_home) == head, f"an uncut upgrade failed: {r.stderr}"
    res.timing = uncut
    rng = random.Random(seed)
    for i in range(n):
        res.runs += 1
        home = base / f"home{i}"
        _copy_home(template, home)
        when = uncut.kill(rng, i)
        killed, code, err = runner.killed_after(home, ("status",), when, _schema_probe(home))
        res.kills += killed
        res.finished += not killed
        if not killed and code != 0:
            res.fail(f"status ended {code} without being killed: {_first_line(err)}")
        export = runner.run(home, "export", str(home / "out"), "--format", "json")   # reads every table
        ok = export.returncode == 0
        if ok:
            rev, after = _revision(home), _snapshot(home)
            missing = [k for k in before if not before[k] <= after[k]]
            if rev != head or missing:
                ok = False
                res.lost += bool(missing)
                res.fail(f"after the kill {when}: revision {rev}, missing {missing}")
        else:
            res.fail(f"killed {when}: export → {export.returncode} {_first_line(export.stderr)}")
        res.usable += ok
        shutil.rmtree(home, ignore_errors=True)
    return res


# ---------------------------------------------------------------------------- (c) ordinary writes

def _planned_task(home: Path, rng: random.Random) -> tuple[int, str] | None:
    with _db(home) as con:
        rows = con.execute("SELECT t.id, t.day, t.seq FROM tasks t JOIN plans p ON p.id = t.plan_id "
                           "WHERE p.active AND t.status = 'planned' AND t.day <= ? ORDER BY t.day, t.seq",
                           (LAST_PLAN_DAY,)).fetchall()
    if not rows:
        return None
    task_id, day, seq = rng.choice(rows[:60])
    return task_id, f"{day}.{seq}"


def writes_loop(runner: Runner, n: int, seed: int = 16) -> LoopResult:
    """Kill `story add`, `done` and `log coding` at random moments on one home. After each, `status` must
    answer, every write acknowledged so far must be there, and nothing may be half-written (orphans)."""
    res = LoopResult("writes (story/done/log)")
    rng = random.Random(seed)
    home = runner.scratch / "writes" / "home"
    r = runner.run(home, *runner.init_args)
    assert r.returncode == 0, r.stderr
    acked: dict[str, set] = {"stories": set(), "done": set(), "coding": set()}
    seen_orphans: set[str] = set()

    def op(i: int):
        kind = rng.choice(("story", "done", "coding"))
        if kind == "story":
            title = f"Soak story {i}"
            return kind, title, ("story", "add", "--title", title, *STORY_ARGS), None
        if kind == "coding":
            title = f"Soak problem {i}"
            return kind, title, ("log", "coding", "--title", title, "--pattern", "sliding-window",
                                 "--difficulty", "easy", "--minutes", "10"), None
        task = _planned_task(home, rng)
        if task is None:
            return op(i)
        return kind, task[0], ("done", task[1], "--minutes", "20"), LAST_PLAN_DAY

    uncut = {}
    for kind in ("story", "done", "coding"):
        while True:
            k, key, args, today = op(-1 - len(uncut))
            if k == kind:
                break
        uncut[kind], r = runner.measure(home, args, _rows_probe(home), today=today)
        assert r.returncode == 0, r.stderr
        acked["stories" if kind == "story" else kind].add(key)
    res.timing = uncut["story"]
    for i in range(n):
        res.runs += 1
        kind, key, args, today = op(i)
        killed, code, err = runner.killed_after(home, args, uncut[kind].kill(rng, i), _rows_probe(home),
                                                 today=today)
        res.kills += killed
        res.finished += not killed
        if code == 0:
            res.acknowledged += 1
            acked["stories" if kind == "story" else kind].add(key)
        elif not killed:
            res.fail(f"{' '.join(args[:2])} ended {code} without being killed: {_first_line(err)}")
        status = runner.run(home, "status")
        if status.returncode != 0:
            res.fail(f"status after a killed {args[0]} → {status.returncode} {_first_line(status.stderr)}")
            continue
        res.usable += 1
        snap = _snapshot(home)
        with _db(home) as con:
            coding = {r[0] for r in con.execute("SELECT title FROM log_entries WHERE kind = 'coding'")}
        lost = len(acked["stories"] - snap["stories"]) + len(acked["done"] - snap["done"]) + \
            len(acked["coding"] - coding)
        if lost > res.lost:
            res.fail(f"{lost - res.lost} acknowledged write(s) missing after a killed {args[0]}")
        res.lost = lost
        new = [o for o in _orphans(home) if o not in seen_orphans]   # a later write may repair one: count it once
        if new:
            seen_orphans.update(new)
            res.fail("; ".join(new[:3]))
        res.orphans = len(seen_orphans)
    return res
