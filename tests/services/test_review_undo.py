"""Undo of a review answer, and the day's review limits (issue 16 §2 and §3), through the real Coach on
SQLite and PostgreSQL.

The candidate (tests/conftest.onboarded): onboarded on Monday 23 November 2026, a 12-week plan to Monday
15 February 2027, studying Monday–Saturday; the 16 principle cards, all new, due since onboarding. The
day's limits (domain/review.py, rule 3): a share of 10 cards (the 15 minutes the schedule reserves for
reviews) and 20 answers in all, learning steps included (the sources' "20 reviews a day"; INVENTORY §2.22).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from systemcraft.coach import Coach
from systemcraft.domain.principles import PRINCIPLES
from systemcraft.environment import Environment
from systemcraft.errors import ConflictError, InputError, NotFoundError
from systemcraft.store import queries, records
from tests.conftest import TODAY, onboarded, sa_connect
from tests.domain.test_stories_domain import good_story

NOON = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)       # 12:00 in London too (GMT in November)


@dataclass(frozen=True)
class Moving(Environment):
    """The test environment with a clock the test moves (`at[0]`), for learning steps minutes apart."""
    at: list = field(default_factory=lambda: [NOON])

    def now(self) -> datetime:
        return self.at[0]


def moving(env: Environment, at: datetime = NOON) -> Moving:
    return Moving(**{f.name: getattr(env, f.name) for f in fields(Environment)}, at=[at])


def cards(coach: Coach) -> dict[int, records.CardRecord]:
    cand = coach._candidate()
    return {r["id"]: records.card_from_row(r) for r in coach.reader().fetch(queries.CARDS, cid=cand.id, no=False)}


def review_rows(coach: Coach) -> list[dict]:
    with sa_connect(coach.env.db_url) as conn:
        return [dict(r._mapping) for r in conn.execute(text("SELECT * FROM review_log ORDER BY id"))]


def review_task(coach: Coach):
    return next(t for t in coach.today().tasks if t.kind == "review")


def answer_share(coach: Coach, rating: str = "good") -> list[dict]:
    """Answer whatever the queue serves now, in order; the outcomes."""
    return [coach.answer_card(card.id, rating, 30_000) for card in coach.due_cards()["cards"]]


# ---------------------------------------------------------------------------- undo

def test_undo_puts_the_card_back_exactly_and_removes_the_review(coach):
    first = coach.due_cards()["cards"][0]
    before = cards(coach)[first.id]
    outcome = coach.answer_card(first.id, "good", 4_000)
    moved = cards(coach)[first.id]
    assert (moved.fsrs, moved.due) != (before.fsrs, before.due)        # the answer did move it
    assert coach.due_cards()["undo"] == {"card": first.id, "prompt": first.prompt, "rating": "good"}
    assert outcome["task_done"] is False

    undone = coach.undo_answer()
    assert (undone["card"], undone["rating"], undone["task_reopened"]) == (first.id, "good", False)
    back = cards(coach)[first.id]
    assert (back.fsrs, back.due, back.due_day) == (before.fsrs, before.due, before.due_day)
    assert review_rows(coach) == []
    queue = coach.due_cards()
    assert (queue["done_today"], queue["answers_today"], queue["undo"]) == (0, 0, None)
    assert queue["cards"][0].id == first.id                            # served first again, as before
    with pytest.raises(NotFoundError, match="nothing to undo"):
        coach.undo_answer()


def test_undo_again_takes_back_the_answer_before(coach):
    served = coach.due_cards()["cards"][:2]
    before = {c.id: cards(coach)[c.id] for c in served}
    coach.answer_card(served[0].id, "easy")
    coach.answer_card(served[1].id, "hard")
    assert coach.undo_answer()["card"] == served[1].id                  # the last one first
    assert coach.undo_answer()["card"] == served[0].id
    after = cards(coach)
    assert all((after[i].fsrs, after[i].due) == (b.fsrs, b.due) for i, b in before.items())


def test_undoing_the_answer_that_ticked_the_review_task_plans_it_again(coach):
    """The tenth answer finishes the day's share of 10 and ticks the review task (with the 10 × 30 s the
    answers took: 5 minutes) and logs it; its undo plans the task again and removes that log entry, and
    answering the card again ticks it again."""
    assert review_task(coach).status == "planned"
    outcomes = answer_share(coach)
    assert [o["task_done"] for o in outcomes] == [False] * 9 + [True]
    assert (review_task(coach).status, review_task(coach).actual_minutes) == ("done", 5)
    assert len(coach.log_list()) == 1

    undone = coach.undo_answer()
    assert undone["task_reopened"] is True and undone["card"] == outcomes[-1]["card"]
    task = review_task(coach)
    assert (task.status, task.actual_minutes) == ("planned", None)
    assert coach.log_list() == []
    queue = coach.due_cards()
    assert (queue["done_today"], queue["left_today"], [c.id for c in queue["cards"]]) == (9, 1, [undone["card"]])

    assert coach.answer_card(undone["card"], "good", 30_000)["task_done"] is True
    assert review_task(coach).status == "done" and len(coach.log_list()) == 1


def test_a_task_recorded_again_by_hand_stays_as_it_is(make_env, db_url):
    """The answer ticked the task at 12:00; at 12:03 the candidate undid that Done on Today and marked it
    done by hand with 25 minutes. Undoing the answer takes the answer back but leaves their own Done alone."""
    env = moving(make_env(db_url=db_url))
    coach = onboarded(env)
    answer_share(coach)
    env.at[0] = NOON + timedelta(minutes=3)
    seq = str(review_task(coach).seq)
    coach.undo(seq)
    coach.complete(seq, 25)
    assert coach.undo_answer()["task_reopened"] is False
    assert (review_task(coach).status, review_task(coach).actual_minutes) == ("done", 25)
    assert len(review_rows(coach)) == 9
    coach.close()


def test_only_answers_given_today_can_be_undone(make_env, db_url):
    env = make_env(db_url=db_url)
    c = onboarded(env)
    card = c.due_cards()["cards"][0]
    c.answer_card(card.id, "good")
    c.close()
    tomorrow = Coach(make_env(today=TODAY + timedelta(days=1), db_url=db_url))
    assert tomorrow.due_cards()["undo"] is None
    with pytest.raises(InputError, match=f"given on {TODAY.isoformat()}; only answers given today can be undone"):
        tomorrow.undo_answer()
    assert len(review_rows(tomorrow)) == 1                              # nothing changed
    tomorrow.close()


def test_a_stale_undo_changes_nothing(make_env, db_url):
    """Two windows show the same last answer (12:00); one undoes it, and the card is answered anew at 12:01
    (SQLite may give that new row the deleted row's id). The other window's undo of the 12:00 answer finds
    it gone and changes nothing; and a page that showed the last answer to card A does not undo one that
    is now to card B."""
    env = moving(make_env(db_url=db_url))
    coach = onboarded(env)
    card, other = coach.due_cards()["cards"][:2]
    coach.answer_card(card.id, "good")
    stale = coach.reader().fetch(queries.LAST_REVIEW, cid=coach._candidate().id)[0]
    coach.undo_answer()
    env.at[0] = NOON + timedelta(minutes=1)
    coach.answer_card(card.id, "again")
    after = cards(coach)[card.id]
    repo = coach.repo()
    prev = records.as_json(stale["previous"])
    with repo.transaction() as conn:
        assert repo.undo_review(conn, coach.candidate_id, stale["id"], card.id,
                                records.as_datetime(stale["reviewed_at"]), prev["fsrs"],
                                records.as_datetime(prev["due"]), records.as_date(prev["due_day"])) == (False, False)
    assert (cards(coach)[card.id].fsrs, len(review_rows(coach))) == (after.fsrs, 1)

    coach.answer_card(other.id, "good")                                 # the other window's answer
    with pytest.raises(ConflictError, match="your last answer is now to another card"):
        coach.undo_answer(card.id)
    assert len(review_rows(coach)) == 2
    assert coach.undo_answer(other.id)["card"] == other.id
    coach.close()


# ---------------------------------------------------------------------------- the day's limits

def test_thirty_nine_due_cards_the_share_and_the_answers_hold_across_sessions(make_env, db_url):
    """39 cards (16 principles + 23 stories), all new, all due. Limits: 10 cards, 20 answers a day.

    Monday 12:00 — the first session serves 10; all answered "good" (a new card's first "good" is an FSRS
    learning step: back in 10 minutes). 12:05 — a second session serves 0: the share is used, the 10 are
    not back yet, 29 wait. 12:30 — the 10 are back: learning steps need no share, so all 10 are served
    (answers 11–20), answered "again" (back in 1 minute). 12:40 — 20 answers given: nothing is served
    though the 10 are due again, and an answer to any card is refused. Tuesday — a new day: 10 served."""
    env = moving(make_env(db_url=db_url))
    c = onboarded(env)
    for i in range(23):
        c.add_story(good_story(title=f"Story {i + 1}", primary_lp=PRINCIPLES[i % 16].id, secondary_lps=()))

    first = c.due_cards()
    assert (first["due"], len(first["cards"]), first["cap"], first["answer_cap"]) == (39, 10, 10, 20)
    assert first["status"] == "0 of up to 10 cards and 0 of up to 20 answers today"
    assert first["limit"] == ("Up to 10 cards a day and 20 answers in all: a card you are still learning comes "
                              "back after a few minutes, and each return is an answer.")
    for card in first["cards"]:
        c.answer_card(card.id, "good", 20_000)

    env.at[0] = NOON + timedelta(minutes=5)
    second = c.due_cards()
    assert second["cards"] == [] and second["share_done"]
    assert second["finished"] == ("Today's share is done: 10 cards reviewed today, the most in a day. "
                                  "10 cards you are still learning come back later today. "
                                  "29 more due cards wait for your next study day.")

    env.at[0] = NOON + timedelta(minutes=30)
    third = c.due_cards()
    assert sorted(x.id for x in third["cards"]) == sorted(x.id for x in first["cards"])
    for card in third["cards"]:
        c.answer_card(card.id, "again", 5_000)

    env.at[0] = NOON + timedelta(minutes=40)
    fourth = c.due_cards()
    assert fourth["cards"] == [] and fourth["share_done"] and fourth["answers_left"] == 0
    assert fourth["status"] == "10 of up to 10 cards and 20 of up to 20 answers today"
    assert fourth["finished"] == ("Today's reviews are done: 20 answers given, the most in a day. "
                                  "39 due cards wait for your next study day.")
    before = len(review_rows(c))
    with pytest.raises(InputError, match="today's reviews are done: 20 answers given"):
        c.answer_card(first["cards"][0].id, "good")
    assert len(review_rows(c)) == before == 20
    c.close()

    tuesday = Coach(moving(make_env(today=TODAY + timedelta(days=1), db_url=db_url), NOON + timedelta(days=1)))
    next_day = tuesday.due_cards()
    assert (next_day["due"], len(next_day["cards"]), next_day["answers_today"]) == (39, 10, 0)
    tuesday.close()


def test_a_fresh_card_past_the_share_is_refused_on_every_surface(coach):
    """The share is 10 cards: with 10 answered, an eleventh card (answered by id, as a second window or the
    API would) is refused and nothing is written; undoing one answer makes room for exactly one."""
    answer_share(coach)
    served = set(cards(coach))
    answered = {r["card_id"] for r in review_rows(coach)}
    other = min(served - answered)
    with pytest.raises(InputError, match="today's share is done: 10 cards reviewed"):
        coach.answer_card(other, "good")
    assert len(review_rows(coach)) == 10
    coach.undo_answer()
    assert coach.answer_card(other, "good")["duplicate"] is False
    with pytest.raises(InputError, match="today's share is done"):
        coach.answer_card(min(served - answered - {other}), "good")


# ---------------------------------------------------------------------------- export and import

def test_export_and_import_carry_what_undo_needs(make_env, db_url, tmp_path):
    """The ten answers of the share (the last ticked the review task) survive an export and an import into
    an empty home the same day exactly, and the last can be undone there: its card goes back and the
    imported review task is planned again."""
    c = onboarded(make_env(db_url=db_url))
    answer_share(c)
    path = c.export_all(tmp_path / "out", "json")[0]
    c.close()
    exported = json.loads(path.read_text())["review_log"]
    assert len(exported) == 10 and all(r["previous"] for r in exported)
    assert [bool(r["previous"].get("task")) for r in exported] == [False] * 9 + [True]

    fresh = Coach(make_env(home=tmp_path / "new", db_url=_empty_like(db_url, tmp_path)))
    fresh.import_all(path)
    again = json.loads(fresh.export_all(tmp_path / "again", "json")[0].read_text())["review_log"]
    assert again == exported                                           # the column round-trips exactly
    undone = fresh.undo_answer()
    assert undone["task_reopened"] is True
    assert review_task(fresh).status == "planned" and len(review_rows(fresh)) == 9
    fresh.close()


def _empty_like(db_url: str, tmp_path) -> str | None:
    """An empty database of the same kind: a new SQLite file, or a new PostgreSQL database on the server."""
    if db_url.startswith("sqlite"):
        return None
    import psycopg
    base, name = db_url.rsplit("/", 1)
    new = f"{name}_imported"
    with psycopg.connect(db_url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{new}"')
    return f"{base}/{new}"


def test_an_answer_imported_from_an_export_made_before_undo_cannot_be_undone(make_env, tmp_path):
    c = onboarded(make_env())
    card = c.due_cards()["cards"][0]
    c.answer_card(card.id, "good")
    path = c.export_all(tmp_path / "out", "json")[0]
    c.close()
    data = json.loads(path.read_text())
    for r in data["review_log"]:
        del r["previous"]                                              # as an export of the old version reads
    path.write_text(json.dumps(data))
    fresh = Coach(make_env(home=tmp_path / "new"))
    assert fresh.import_all(path)["review_log"] == 1
    assert fresh.due_cards()["undo"] is None
    with pytest.raises(InputError, match="was recorded before undo existed; it cannot be undone"):
        fresh.undo_answer()
    fresh.close()
