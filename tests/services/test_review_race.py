"""Two windows answering review cards at the same moment cannot pass the day's answer limit together.

Each answer counts the day's answers inside its write transaction before it inserts. On PostgreSQL (READ
COMMITTED) two transactions could both count before either committed and both insert, one answer past the
limit. The answer now takes the candidate's row first, so the second waits for the first to commit, counts
again and is refused. SQLite serialises writers already (BEGIN IMMEDIATE); the same test runs there.

The test lowers the day's answer limit to 1 and holds window A inside its transaction, just after it
counted, for 1.5 s while window B answers another card. Without the lock B counts 0 too, both insert
and the log holds 2 answers; with it B waits on A, then counts 1 and is refused: exactly 1 answer stored.
"""

from __future__ import annotations

import threading
import time

import pytest

from systemcraft.coach import Coach
from systemcraft.domain import review as rv
from systemcraft.errors import InputError
from systemcraft.services import reviews
from tests.conftest import onboarded
from tests.services.test_review_undo import moving, review_rows


def _hold_until(event: threading.Event, seconds: float) -> None:
    """Wait for `event` at most `seconds`, by short sleeps: an Event.wait(timeout) that has to run out never
    returns under faketime (the suite's second run), since its deadline is taken from the faked clock."""
    for _ in range(int(seconds / 0.01)):
        if event.is_set():
            return
        time.sleep(0.01)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path, make_env):
    if request.param == "sqlite":
        return make_env()
    from tests.conftest import new_pg_database
    return make_env(db_url=new_pg_database(request.getfixturevalue("pg_server"), "sc_race"), home=tmp_path / "pg")


def test_two_windows_at_once_cannot_pass_the_answer_limit(database, monkeypatch):
    env = moving(database)
    onboarded(env)
    window_a, window_b = Coach(env), Coach(env)
    first, second = window_a.due_cards()["cards"][:2]
    monkeypatch.setattr(rv, "ANSWERS_PER_DAY", 1)

    a_counted, b_counted = threading.Event(), threading.Event()
    count = reviews._answers_since

    def held(ctx, cand, today, conn=None):
        n = count(ctx, cand, today, conn)
        if conn is not None:                       # the count inside the write transaction
            if threading.current_thread().name == "A":
                a_counted.set()
                _hold_until(b_counted, 1.5)        # B, if it is not held back, counts meanwhile
            else:
                b_counted.set()
        return n

    monkeypatch.setattr(reviews, "_answers_since", held)
    outcomes: dict[str, object] = {}

    def answer(name, coach, card):
        try:
            outcomes[name] = coach.answer_card(card.id, "good", 20_000)
        except InputError as exc:
            outcomes[name] = exc

    a = threading.Thread(target=answer, name="A", args=("A", window_a, first))
    a.start()
    assert a_counted.wait(10)
    b = threading.Thread(target=answer, name="B", args=("B", window_b, second))
    b.start()
    a.join(20), b.join(20)
    assert not a.is_alive() and not b.is_alive()
    assert isinstance(outcomes["A"], dict) and outcomes["A"]["card"] == first.id
    assert isinstance(outcomes["B"], InputError) and "answers given" in str(outcomes["B"])
    assert [r["card_id"] for r in review_rows(window_a)] == [first.id]
