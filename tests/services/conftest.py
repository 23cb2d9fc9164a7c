"""Shared by the service tests: an onboarded candidate on each back end (a module may define its own)."""

import pytest

from tests.conftest import onboarded


@pytest.fixture
def coach(make_env, db_url):
    """The test candidate (conftest.onboarded) on SQLite and on PostgreSQL."""
    c = onboarded(make_env(db_url=db_url))
    yield c
    c.close()
