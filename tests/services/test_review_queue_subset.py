"""Today's review queue reads only the cards it can touch (services/reviews.due, CARDS_FOR_TODAY): the
queue it builds must be exactly the one built from every card, on every day of a realistic run, on
SQLite and PostgreSQL.

The run: the test candidate (conftest.onboarded: 16 principle cards, a 12-week plan to 15 Feb 2027)
answers each day's queue for three weeks with a repeating mix of ratings (again cards come back minutes
later, easy ones go weeks out), and on day 10 the interview moves four weeks earlier, which rests every
card whose next review would fall after the new eve. Each day the queue is read twice: as shipped, and
with the subset query swapped for the all-cards query. Both must agree on everything the surfaces show.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from systemcraft.coach import Coach, PlanChanges
from systemcraft.services import reviews
from systemcraft.store import queries
from tests.conftest import TODAY, onboarded
from tests.services.test_review_undo import moving

RATINGS = ("good", "again", "easy", "hard", "good", "easy", "good")


def _view(coach: Coach) -> dict:
    q = coach.due_cards()
    return {**{k: v for k, v in q.items() if k != "cards"},
            "cards": [(c.id, c.due, c.due_day) for c in q["cards"]]}


def test_the_subset_queue_equals_the_full_queue_every_day(make_env, db_url, monkeypatch):
    env = moving(make_env(db_url=db_url), datetime(2026, 11, 23, 9, tzinfo=timezone.utc))
    coach = onboarded(env)
    served = moved_earlier = 0
    read: list[int] = []                          # cards the shipped queue read, each day
    state = reviews._review_state

    def counting(*a, **kw):
        out = state(*a, **kw)
        read.append(len(out[4]))
        return out
    for day in range(21):
        env.at[0] = datetime(2026, 11, 23, 9, tzinfo=timezone.utc) + timedelta(days=day)
        if day == 10:
            coach.regenerate(PlanChanges(interview=TODAY + timedelta(weeks=8)), dry_run=False)
            moved_earlier = 1
        with monkeypatch.context() as m:
            m.setattr(reviews, "_review_state", counting)
            shipped = _view(coach)
        with monkeypatch.context() as m:
            m.setattr(queries, "CARDS_FOR_TODAY", queries.CARDS)       # every card, as before the subset
            full = _view(coach)
        assert shipped == full, f"day {day}"
        for i, card in enumerate(shipped["cards"]):
            coach.answer_card(card[0], RATINGS[(day + i) % len(RATINGS)], 20_000)
            served += 1
    # the run exercised what it claims: answers on most days, a re-plan that moved the interview
    assert served >= 60 and moved_earlier
    assert min(read) < 16 and max(read) == 16     # some days the subset left cards unread, the comparison bit
    assert coach.plan_view().interview == TODAY + timedelta(weeks=8)
    coach.close()
