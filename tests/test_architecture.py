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
