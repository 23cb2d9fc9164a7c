"""Schemathesis against the OpenAPI schema, in process: no 5xx, no status the schema does not declare."""

from __future__ import annotations

import shutil

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.web.conftest import _client, _demo_home


@pytest.fixture(scope="module")
def app_and_token(tmp_path_factory):
    home = tmp_path_factory.mktemp("schema") / "home"
    shutil.copytree(_demo_home(tmp_path_factory), home)
    client, _ = _client(home)
    with client:
        token = client.get("/api/csrf").json()["token"]
        yield client.app, token, client.cookies.get("sc_csrf")


def _schema():
    from systemcraft.environment import Environment
    from systemcraft.web.app import create_app
    from pathlib import Path
    import tempfile
    home = Path(tempfile.mkdtemp()) / "schema-only"
    env = Environment(home=home, db_url=f"sqlite:///{home / 'db.sqlite'}", today=__import__("datetime").date(2026, 11, 23),
                      timezone="Europe/London", clock_fixed=True)
    return schemathesis.openapi.from_asgi("/api/openapi.json", create_app(env), headers={"Host": "127.0.0.1"})


schema = _schema()
STATUSES: list[int] = []


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, app_and_token):
    app, token, cookie = app_and_token
    response = case.call(app=app, base_url="http://127.0.0.1", headers={"X-CSRF-Token": token}, cookies={"sc_csrf": cookie})
    STATUSES.append(response.status_code)
    assert response.status_code < 500, response.text
    case.validate_response(response, checks=(schemathesis.checks.not_a_server_error,
                                             schemathesis.checks.status_code_conformance))


def test_the_fuzzing_reached_real_data():
    """Runs after the fuzzing above: it must have been answered by the demo data, not only refused."""
    assert STATUSES, "schemathesis generated no requests"
    assert STATUSES.count(200) >= 10, f"only {STATUSES.count(200)} successful responses: {sorted(set(STATUSES))}"
