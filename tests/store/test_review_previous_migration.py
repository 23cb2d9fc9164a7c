"""Revision 0009 (review_log.previous, for undo of a review answer; issue 16 §2) upgrades a home at 0008
that already holds review rows, on SQLite and PostgreSQL.

The home at 0008 is made by today's code (the candidate answers two cards) and migrated down to 0008 with
the shipped revisions, which drops the column: the rows are then exactly what the 0008 code wrote, with no
`previous`. Opening it with today's code upgrades it; the old answers stay and say they cannot be undone,
and answers given after the upgrade can be.
"""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from systemcraft.coach import Coach
from systemcraft.errors import InputError
from systemcraft.store import migrate
from systemcraft.store.migrate import make_engine
from systemcraft.store.schema import HEAD_REVISION
from tests.conftest import onboarded
from tests.store.test_migration_safety import _fresh_schema, _schema


@pytest.fixture
def fresh_url(db_url, request, tmp_path):
    """An empty database of the same kind, to compare schemas with."""
    if db_url.startswith("sqlite"):
        (tmp_path / "fresh").mkdir()
        return f"sqlite:///{tmp_path / 'fresh' / 'x.db'}"
    return request.getfixturevalue("pg_url")


def test_a_home_at_0008_with_answers_upgrades_and_only_new_answers_can_be_undone(make_env, db_url, fresh_url):
    env = make_env(db_url=db_url)
    c = onboarded(env)
    old = [card.id for card in c.due_cards()["cards"][:2]]
    for card_id in old:
        c.answer_card(card_id, "good", 10_000)
    c.close()

    engine = make_engine(db_url)
    try:
        migrate.downgrade(engine, "0008_repair_edited_0002")
        assert migrate.current(engine) == "0008_repair_edited_0002"
        assert "previous" not in {col["name"] for col in inspect(engine).get_columns("review_log")}
        with engine.connect() as conn:
            assert conn.execute(text("SELECT card_id FROM review_log ORDER BY id")).scalars().all() == old
    finally:
        engine.dispose()

    upgraded = Coach(env)
    queue = upgraded.due_cards()                                       # the first use upgrades the home
    assert (queue["done_today"], queue["answers_today"], queue["undo"]) == (2, 2, None)
    with pytest.raises(InputError, match=r"your last answer \(good, to card \d+\) was recorded before undo "
                                         r"existed; it cannot be undone"):
        upgraded.undo_answer()

    new = queue["cards"][0].id
    upgraded.answer_card(new, "easy")                                  # given after the upgrade: undoable
    assert upgraded.due_cards()["undo"]["card"] == new
    assert upgraded.undo_answer()["card"] == new
    with pytest.raises(InputError, match="recorded before undo existed"):
        upgraded.undo_answer()                                         # back at the old answers: refused
    upgraded.close()

    engine = make_engine(db_url)
    try:
        assert migrate.current(engine) == HEAD_REVISION
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT card_id, previous FROM review_log ORDER BY id")).all()
        assert [(r[0], r[1]) for r in rows] == [(old[0], None), (old[1], None)]
        assert _schema(engine) == _fresh_schema(fresh_url)
    finally:
        engine.dispose()


def test_0009_goes_down_and_up_again(db_url, tmp_path):
    (tmp_path / "home").mkdir(exist_ok=True)
    engine = make_engine(db_url)
    try:
        migrate.upgrade(engine)
        assert "previous" in {col["name"] for col in inspect(engine).get_columns("review_log")}
        migrate.downgrade(engine, "0008_repair_edited_0002")
        assert "previous" not in {col["name"] for col in inspect(engine).get_columns("review_log")}
        migrate.upgrade(engine)
        assert migrate.current(engine) == HEAD_REVISION
    finally:
        engine.dispose()
