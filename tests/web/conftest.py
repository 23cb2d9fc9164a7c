"""Web fixtures: the app in process (TestClient) over a real SQLite file, on the fixed clock."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from systemcraft.environment import Environment
from tests.conftest import TODAY

_DEMO_CACHE: dict[str, Path] = {}


class Web:
    """A TestClient that knows its CSRF token and the home it serves."""

    def __init__(self, client, home: Path, env) -> None:
        self.client = client
        self.home = home
        self.env = env
        self.token = client.get("/api/csrf").json()["token"]

    def get(self, path: str, **kw):
        return self.client.get(path, follow_redirects=False, **kw)

    def post(self, path: str, data=None, csrf: bool = True, **kw):
        data = dict(data or {})
        if csrf and "json" not in kw:
            data.setdefault("csrf_token", self.token)
        return self.client.post(path, data=data if "json" not in kw else None, follow_redirects=False, **kw)

    def api(self, method: str, path: str, json=None, csrf: bool = True, **kw):
        headers = {"X-CSRF-Token": self.token} if csrf else {}
        headers.update(kw.pop("headers", {}))
        return self.client.request(method, path, json=json, headers=headers, follow_redirects=False, **kw)

    def coach(self):
        from systemcraft.coach import Coach
        return Coach(self.env)


def _demo_home(tmp_path_factory) -> Path:
    """A demo candidate three weeks in (built once per session, copied per test)."""
    if "demo" not in _DEMO_CACHE:
        from systemcraft.demo import create_demo
        home = tmp_path_factory.mktemp("demo") / "home"
        create_demo(home, Environment(home=home, db_url="", today=TODAY, timezone="Europe/London",
                                      clock_fixed=True))
        _DEMO_CACHE["demo"] = home
    return _DEMO_CACHE["demo"]


def _client(home: Path, speed: float = 1.0):
    from fastapi.testclient import TestClient
    from systemcraft.environment import Environment
    from systemcraft.web.app import create_app
    env = Environment(home=home, db_url=f"sqlite:///{home / 'systemcraft.db'}", today=TODAY,
                      timezone="Europe/London", clock_fixed=True)
    return TestClient(create_app(env, mock_speed=speed), base_url="http://127.0.0.1"), env


@pytest.fixture
def web(tmp_path, tmp_path_factory):
    """The demo candidate's coach in the browser (in process)."""
    home = tmp_path / "home"
    shutil.copytree(_demo_home(tmp_path_factory), home)
    client, env = _client(home)
    with client:
        yield Web(client, home, env)


@pytest.fixture
def fresh_web(tmp_path):
    """A brand-new home: nothing set up yet."""
    home = tmp_path / "fresh"
    client, env = _client(home)
    with client:
        yield Web(client, home, env)


def count_rows(home: Path, table: str) -> int:
    import sqlite3
    with sqlite3.connect(home / "systemcraft.db") as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def onboarding_form(**overrides) -> dict:
    from tests.conftest import ANSWERS
    form = {"name": "Ada Candidate", "role": "manager", "years": "12", "engineers": "18", "level": "L6",
            "risk": "medium", "interview": "2027-02-19", "hours": "12", "max_day": "180",
            "days": ["mon", "tue", "wed", "thu", "sat"], **ANSWERS}
    form.update(overrides)
    return form
