"""Layering rules from ARCHITECTURE.md, checked on the source and on a real cold start."""

import ast
import json

import pytest
import subprocess
import sys
from pathlib import Path

import systemcraft

PKG = Path(systemcraft.__file__).parent
FORBIDDEN_IN_DOMAIN = ("systemcraft.cli", "systemcraft.web", "systemcraft.store", "systemcraft.coach",
                       "sqlalchemy", "fastapi", "click", "rich", "alembic", "psycopg", "sqlite3")
HEAVY = ("sqlalchemy", "alembic", "fastapi", "pydantic", "psycopg", "rich", "icalendar")


def imports_of(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


def test_domain_is_pure():
    offenders = {}
    for f in (PKG / "domain").glob("*.py"):
        bad = {m for m in imports_of(f) if m.startswith(FORBIDDEN_IN_DOMAIN)}
        bad |= {m for m in imports_of(f) if m in ("datetime",) and "now(" in f.read_text()}
        if bad:
            offenders[f.name] = sorted(bad)
    assert offenders == {}


def test_domain_reads_no_clock_and_no_randomness():
    for f in (PKG / "domain").glob("*.py"):
        text = f.read_text()
        for needle in ("date.today(", "datetime.now(", "time.time(", "import random", "os.environ"):
            assert needle not in text, f"{f.name} uses {needle}"


WALL_CLOCK_CALLS = {("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"), ("date", "today"),
                    ("time", "time"), ("time", "time_ns"), ("time", "localtime"), ("time", "gmtime"),
                    ("time", "ctime"), ("time", "strftime"), ("datetime", "fromtimestamp")}


def wall_clock_reads(source: str) -> list[str]:
    """`X.Y(` calls that read the wall clock (X the last name before the attribute: datetime.datetime.now
    and dt.now both count when the receiver is named like the module or class)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            recv = node.func.value
            name = recv.id if isinstance(recv, ast.Name) else recv.attr if isinstance(recv, ast.Attribute) else None
            if (name, node.func.attr) in WALL_CLOCK_CALLS and not (node.func.attr in ("strftime", "fromtimestamp")
                                                                    and node.args):
                found.append(f"line {node.lineno}: {name}.{node.func.attr}()")
        elif isinstance(node, ast.ImportFrom) and node.module == "time":
            found += [f"line {node.lineno}: from time import {a.name}" for a in node.names
                      if a.name in ("time", "time_ns", "localtime", "gmtime", "ctime")]
    return found


def test_only_the_environment_reads_the_wall_clock():
    """One clock (issue 13): every timestamp comes from Environment.now()/today; durations may use
    time.monotonic, which is no date."""
    offenders = {str(f.relative_to(PKG)): hits for f in PKG.rglob("*.py")
                 if f.name != "environment.py" and (hits := wall_clock_reads(f.read_text()))}
    assert offenders == {}


def test_the_clock_check_catches_each_form():
    sample = ("import time, datetime\nfrom datetime import date\n"
              "a = datetime.datetime.now()\nb = date.today()\nc = time.time()\n"
              "d = datetime.datetime.utcnow()\ne = time.monotonic()\nf = x.strftime('%Y')\n")
    assert wall_clock_reads(sample) == ["line 3: datetime.now()", "line 4: date.today()", "line 5: time.time()",
                                        "line 6: datetime.utcnow()"]


def test_only_the_store_speaks_sql():
    for f in PKG.rglob("*.py"):
        if "store" in f.parts:
            continue
        mods = imports_of(f)
        assert not {m for m in mods if m.startswith(("sqlalchemy", "sqlite3", "alembic"))}, f


def test_cli_modules_do_not_import_heavy_libraries_at_import_time():
    for f in (PKG / "cli").glob("*.py"):
        if f.name == "tables.py":   # Rich tables: only imported inside the commands that print them
            continue
        tree = ast.parse(f.read_text())
        top = set()
        for node in tree.body:
            if isinstance(node, ast.Import):
                top.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                top.add(node.module)
        assert not {m for m in top if m.split(".")[0] in HEAVY}, f.name


PROBE = """
import sys, json
from systemcraft.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r})
sys.stderr.write('MODULES=' + json.dumps(heavy) + '\\n')
"""


def test_today_cold_start_imports_nothing_heavy(ready_cli):
    r = subprocess.run([sys.executable, "-c", PROBE.format(heavy=set(HEAVY)), "today"], env=ready_cli.env,
                       capture_output=True, text=True)
    assert "week 1 of 12" in r.stdout, r.stderr
    line = [x for x in r.stderr.splitlines() if x.startswith("MODULES=")][0]
    assert json.loads(line[len("MODULES="):]) == []


@pytest.mark.parametrize("command", [["week"], ["month"], ["log", "list"]])
def test_weekly_and_monthly_reviews_do_not_load_sqlalchemy(ready_cli, command):
    r = subprocess.run([sys.executable, "-c", PROBE.format(heavy={"sqlalchemy", "alembic", "pydantic"}), *command],
                       env=ready_cli.env, capture_output=True, text=True)
    assert r.returncode == 0 or "MODULES=" in r.stderr, r.stderr
    line = [x for x in r.stderr.splitlines() if x.startswith("MODULES=")][0]
    assert json.loads(line[len("MODULES="):]) == []


def test_help_touches_no_database(tmp_path):
    env = {"SYSTEMCRAFT_HOME": str(tmp_path / "h"), "PATH": "/usr/bin:/bin"}
    r = subprocess.run([sys.executable, "-m", "systemcraft", "--help"], env=env, capture_output=True, text=True)
    assert r.returncode == 0 and not (tmp_path / "h").exists()


# ---------------------------------------------------------------- issue 15: one way down, light daily commands

BELOW_THE_COACH = ("services", "store", "domain", "exports", "content", "transcripts", "schemas")


def test_nothing_below_the_coach_imports_it():
    """Data flows one way: cli/web → coach → services → store → domain. A service receives a Context
    (services/context.py), never the Coach, and nothing below imports the CLI or the web."""
    offenders = {}
    for part in BELOW_THE_COACH:
        for f in (PKG / part).rglob("*.py"):
            bad = {m for m in imports_of(f) if m.startswith(("systemcraft.coach", "systemcraft.cli", "systemcraft.web"))}
            if bad:
                offenders[str(f.relative_to(PKG))] = sorted(bad)
    assert offenders == {}


def test_the_coach_is_a_thin_facade():
    """Every public Coach method is one call into a service (a docstring and lazy imports aside)."""
    tree = ast.parse((PKG / "coach.py").read_text())
    coach = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Coach")
    thick = []
    for fn in coach.body:
        if not isinstance(fn, ast.FunctionDef) or fn.name.startswith("__"):
            continue
        body = [s for s in fn.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
                and not isinstance(s, (ast.Import, ast.ImportFrom))]
        if len(body) > 2:
            thick.append(fn.name)
    assert thick == []


DAILY_COMMANDS = [
    (["today"], None), (["week"], None), (["status"], None),
    (["done", "1"], None), (["skip", "2", "-r", "travel"], None),
    (["log", "study", "--category", "coding", "--minutes", "20"], None),
    (["log", "checkin", "--hours", "1.5", "--confidence", "3", "--energy", "4"], None),
    (["story", "add", "--title", "Cut the release train", "--lp", "deliver-results", "--level", "L6",
      "--situation", "Releases slipped every fortnight and support tickets piled up behind them.",
      "--task", "I owned making releases predictable without adding headcount.",
      "--action", "I split the build into three pipelines and moved the team to trunk-based development.",
      "--result", "Releases went from every 14 days to every 2; crash tickets fell 38% in a quarter."], None),
    (["review"], "\ng\nq\n"),
]


def imported_modules(stderr: str) -> set[str]:
    """Top-level package names from `python -X importtime` output."""
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name and name != "package":
                names.add(name.split(".")[0])
    return names


@pytest.mark.parametrize("args,stdin", DAILY_COMMANDS, ids=lambda v: " ".join(v[:2]) if isinstance(v, list) else "")
def test_daily_commands_import_no_heavy_library(ready_cli, args, stdin):
    """Reads and writes alike load neither SQLAlchemy nor Alembic (the schema is current), nor FastAPI
    or pydantic (issue 15 §4-5), seen by the interpreter itself with -X importtime."""
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "systemcraft", *args], env=ready_cli.env,
                       input=stdin or "", capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    heavy = imported_modules(r.stderr) & {"sqlalchemy", "alembic", "fastapi", "pydantic", "starlette"}
    assert heavy == set(), (args, heavy)


def test_the_importtime_reader_sees_a_heavy_import():
    r = subprocess.run([sys.executable, "-X", "importtime", "-c", "import sqlalchemy"], capture_output=True,
                       text=True)
    assert "sqlalchemy" in imported_modules(r.stderr)
