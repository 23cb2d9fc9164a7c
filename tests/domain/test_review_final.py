"""Reviews that aim at the interview (issue 13 §4): the pure rules in domain/review.py, numbers by hand.

The FSRS-6 defaults the `fsrs` package ships: a first "good" gives stability S = w2 = 2.3065 days; recall
after t days is R = (1 + F·t/S)^C with C = −w20 = −0.1542 and F = 0.9^(1/C) − 1 = 0.98035 (so R = 0.9
exactly when t = S). The interview below is Monday 15 February 2027; its eve, Sunday the 14th, is a rest
day for a Monday–Saturday candidate, so the last study day is Saturday the 13th.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta, timezone

import pytest
from fsrs import Card, Scheduler, State
from hypothesis import given, settings
from hypothesis import strategies as st

from systemcraft.domain import review as rv

I = date(2027, 2, 15)                      # a Monday
EVE = I - timedelta(days=1)                # Sunday: a rest day
MON_SAT = frozenset(range(6))
TZ, START = "Europe/London", 4


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=timezone.utc)


def mature(i: int, stability: float = 100.0, last: date = I - timedelta(days=20)) -> Card:
    """A well-learnt card: in review, last seen on `last`."""
    return Card(card_id=i, state=State.Review, step=None, stability=stability, difficulty=5.0,
                due=noon(last) + timedelta(days=round(stability)), last_review=noon(last))


def new(i: int) -> Card:
    return Card(card_id=i, due=noon(date(2026, 11, 23)))


def candidate(make) -> list[rv.FinalCard]:
    """20 story cards (ids 1–20) and the 16 principle cards (ids 21–36)."""
    return [rv.FinalCard(i, "story" if i <= 20 else "lp", make(i), None if make is new else I - timedelta(days=20))
            for i in range(1, 37)]


# ---------------------------------------------------------------- recall on the day, by hand

def test_recall_on_the_interview_day_is_fsrs_retrievability_in_whole_study_days():
    s = Scheduler(enable_fuzzing=False)
    assert s._FACTOR == pytest.approx(0.98035, abs=1e-5) and s._DECAY == -0.1542
    # A card never seen, answered "good" once: S = 2.3065.
    #   2 days before: (1 + 0.98035·2/2.3065)^−0.1542 = 1.85008^−0.1542 = 0.9095  → good enough
    #   3 days before: (1 + 0.98035·3/2.3065)^−0.1542 = 2.27512^−0.1542 = 0.8809  → not
    assert rv.recall_after_good(new(1), None, I - timedelta(days=2), I) == pytest.approx(0.9095, abs=1e-4)
    assert rv.recall_after_good(new(1), None, I - timedelta(days=3), I) == pytest.approx(0.8809, abs=1e-4)
    # S = 100, last seen 20 days before: (1 + 0.98035·20/100)^−0.1542 = 1.19607^−0.1542 = 0.9728
    card = mature(1)
    assert rv.recall_on(card, I - timedelta(days=20), I) == pytest.approx(0.9728, abs=1e-4)
    assert rv.recall_on(card, I - timedelta(days=20), I) == pytest.approx(
        s.get_card_retrievability(card, noon(I)))
    assert rv.recall_on(new(1), None, I) == 0.0


# ---------------------------------------------------------------- the plan, by hand

def test_a_well_learnt_bank_is_spread_three_a_day_over_the_last_two_weeks():
    """36 cards, S = 100 days, last seen 20 days before the interview, none yet in the window; the
    share is 10. Any day of the window is a good day (S after a review ≥ 100 ≥ 14 days to go).
    The window, 1–14 February, has 12 study days (two Sundays off), so the smallest level is
    ⌈36 / 12⌉ = 3: three cards on each study day, none on Sundays, none short."""
    plan = rv.plan_final_reviews(candidate(mature), I, I - timedelta(days=14), 10, MON_SAT)
    per_day = Counter(plan.due.values())
    assert len(per_day) == 12 and set(per_day.values()) == {3}
    assert all(d.weekday() != 6 for d in per_day) and max(per_day) == date(2027, 2, 13)
    assert plan.level == 3 and len(plan.reach) == 36 and not plan.shortfall and not plan.covered
    assert min(plan.recall.values()) > 0.98      # one good review lifts S well above 100
    # forward fill in id order: stories 1–3 on Monday 1 February, …, principles 34–36 on Saturday the 13th
    assert [plan.due[i] for i in (1, 3, 4, 36)] == [date(2027, 2, 1)] * 2 + [date(2027, 2, 2), date(2027, 2, 13)]


def test_a_share_of_two_leaves_twelve_cards_without_their_review_and_says_why():
    """The same bank with a share of 2 a day: 12 study days × 2 = 24 reviews for 36 cards. Level 2
    places 24; the other 12 find no room on any day (all days hold 2) and wait behind the others on
    the last study day. Simulated alone, any of them would get its review: the share is the cause."""
    cards = candidate(mature)
    plan = rv.plan_final_reviews(cards, I, I - timedelta(days=14), 2, MON_SAT)
    assert plan.level == 2 and len(plan.reach) == 24 and len(plan.unplaced) == 12 and not plan.best_effort
    assert Counter(plan.due.values())[date(2027, 2, 13)] == 2 + 12
    outlook = rv.forecast([rv.Stored(c.id, c.kind, c.card) for c in cards], I, noon(I - timedelta(days=14)),
                          TZ, START, MON_SAT, 2)
    assert len(outlook.short) == 12 and len(outlook.short_share) == 12 and not outlook.short_time
    assert outlook.message.startswith("12 of 36 story and principle cards will not get a review in the last two "
                                      "weeks that carries them to 90 % recall on the interview day (2027-02-15)")
    assert outlook.message.endswith("their reviews do not fit in the share of 2 cards a day.")


def test_thirty_six_new_cards_three_days_out_only_ten_can_get_there():
    """Friday the 12th (I − 3), 36 cards never reviewed, share 10. A first "good" reaches 0.9 only two
    days before (0.9095; three days: 0.8809), so the only good day is Saturday the 13th (Sunday is off):
    10 cards reach 90 %. The other 26 find no good day with room: 10 take today's free room (an earlier
    review is better than none), 16 wait on Saturday behind the ten. Following the rules with every
    answer good: Friday serves the 10 early ones, Saturday the 10 planned ones (the never-seen go first:
    the weakest first), so 10 reach 0.9, 10 end at 0.8809 and 16 are never seen: 26 short, all because
    of the share (alone, any card gets there: reviewed Friday and again Saturday)."""
    cards = candidate(new)
    today = I - timedelta(days=3)
    plan = rv.plan_final_reviews(cards, I, today, 10, MON_SAT)
    assert Counter(plan.due.values()) == {today: 10, date(2027, 2, 13): 26}
    assert len(plan.reach) == 10 and len(plan.best_effort) == 10 and len(plan.unplaced) == 16
    assert all(plan.due[i] == today for i in plan.best_effort)
    outlook = rv.forecast([rv.Stored(c.id, c.kind, c.card) for c in cards], I, noon(today), TZ, START, MON_SAT, 10)
    assert len(outlook.short) == 26 and len(outlook.short_share) == 26
    assert sorted(round(r, 4) for r in outlook.recall.values())[:26] == [0.0] * 16 + [0.8809] * 10
    assert "26 of 36" in outlook.message and "share of 10 cards a day" in outlook.message


def test_on_the_last_study_day_what_is_short_is_short_of_time():
    """Saturday the 13th, share already used up: no study day is left for anything."""
    cards = candidate(new)
    sat = date(2027, 2, 13)
    outlook = rv.forecast([rv.Stored(c.id, c.kind, c.card) for c in cards], I, noon(sat), TZ, START,
                          frozenset(range(5)), 10)          # a Monday–Friday candidate: Saturday is off too
    assert len(outlook.short_time) == 36 and "too few study days are left" in outlook.message


def test_cards_reviewed_in_the_window_and_already_at_target_are_covered():
    """Reviewed on 10 February with S = 100: recall on the 15th is (1 + 0.98035·5/100)^−0.1542 = 0.9926."""
    cards = [rv.FinalCard(1, "story", mature(1, last=date(2027, 2, 10)), date(2027, 2, 10)),
             rv.FinalCard(2, "lp", mature(2), I - timedelta(days=20))]
    plan = rv.plan_final_reviews(cards, I, date(2027, 2, 11), 10, MON_SAT)
    assert plan.covered == {1} and set(plan.due) == {2}
    assert plan.recall[1] == pytest.approx(0.9926, abs=1e-4)


def test_cards_answered_today_use_up_the_share_and_are_planned_from_tomorrow():
    """Ten cards answered today (the whole share): nothing more is planned today, and a card answered
    today is never planned for today."""
    today = date(2027, 2, 8)
    answered = [rv.FinalCard(i, "lp", mature(i, stability=3.0, last=today), today) for i in range(1, 3)]
    plan = rv.plan_final_reviews(candidate(mature)[2:] + answered, I, today, 10, MON_SAT, done_today=10)
    assert today not in plan.due.values() and min(plan.due.values()) == today + timedelta(days=1)
    plan = rv.plan_final_reviews(answered, I, today, 10, MON_SAT, done_today=2)
    assert all(d > today for d in plan.due.values())


# ---------------------------------------------------------------- nothing after the eve

def test_a_review_due_after_the_eve_rests_until_the_interview():
    card = mature(1, stability=40.0, last=date(2027, 1, 20))
    out = rv.review(card, "good", noon(date(2027, 2, 3)), 12, TZ, START, MON_SAT, {}, 10, interview_day=I)
    assert out.card.due.date() > I                       # FSRS would wait past the interview …
    assert out.rests and out.due_day == EVE              # … so nothing is due before it: it rests on the eve
    same = rv.review(card, "good", noon(date(2027, 2, 3)), 12, TZ, START, MON_SAT, {}, 10)
    assert same.due_day > I and not same.rests           # without an interview day the old behaviour stands


def test_spreading_never_moves_a_card_past_the_eve():
    """S = 3, seen Wednesday the 10th, answered "good" on Thursday the 11th: FSRS puts it on Sunday the
    14th, a rest day. With Friday and Saturday full, the old rule took the first study day at or after
    Sunday, which is the interview day itself; now the card stays on the eve."""
    card = mature(1, stability=3.0, last=date(2027, 2, 10))
    thursday = noon(date(2027, 2, 11))
    assert rv.review(card, "good", thursday, 4, TZ, START, frozenset(range(7)), {}, 10).due_day == EVE
    full = {date(2027, 2, 12): 10, date(2027, 2, 13): 10}
    assert rv.review(card, "good", thursday, 4, TZ, START, MON_SAT, full, 10).due_day == I      # the old rule
    out = rv.review(card, "good", thursday, 4, TZ, START, MON_SAT, full, 10, interview_day=I)
    assert out.due_day == EVE and not out.rests


def test_a_card_created_after_the_interview_rests():
    made = Card(card_id=9, due=noon(I + timedelta(days=3)))
    st_ = rv.settle([rv.Stored(9, "concept", made)], I, noon(I + timedelta(days=3)), TZ, START, MON_SAT, 10)
    assert st_.placements[9].rests and st_.placements[9].due_day == EVE


@settings(max_examples=60, deadline=None)
@given(cards=st.lists(st.tuples(st.sampled_from(["story", "lp", "concept", "problem"]),
                                st.integers(-30, 60), st.floats(0.3, 200), st.integers(1, 60)), max_size=25),
       offset=st.integers(-40, 3), cap=st.integers(1, 12), weekdays=st.sets(st.integers(0, 6), min_size=1))
def test_no_card_is_ever_placed_after_the_eve(cards, offset, cap, weekdays):
    """Any bank, any day from 40 days before to 3 days after the interview, any share and study days."""
    today = I + timedelta(days=offset)
    stored = []
    for i, (kind, due_in, stability, seen_ago) in enumerate(cards, 1):
        last = today - timedelta(days=seen_ago)
        stored.append(rv.Stored(i, kind, Card(card_id=i, state=State.Review, step=None, stability=stability,
                                              difficulty=5.0, due=noon(today + timedelta(days=due_in)),
                                              last_review=noon(last))))
    settled = rv.settle(stored, I, noon(today), TZ, START, frozenset(weekdays), cap)
    assert all(p.due_day <= EVE for p in settled.placements.values())
    assert all(rv.study_day(p.due, TZ, START) == p.due_day for p in settled.placements.values())
    queue = rv.day_queue(stored, settled, noon(today), TZ, START, cap)
    assert len(queue.serve) <= max(0, cap - settled.done_today) + queue.repeats


# ---------------------------------------------------------------- the day's share, double submits

def test_the_share_counts_what_was_answered_earlier_today():
    today = date(2026, 12, 7)
    answered = [rv.Stored(i, "lp", mature(i, stability=20.0, last=today)) for i in range(1, 5)]  # 4 done today
    waiting = [rv.Stored(i, "lp", Card(card_id=i, due=noon(today - timedelta(days=1)))) for i in range(5, 25)]
    settled = rv.settle(answered + waiting, I, noon(today) + timedelta(hours=1), TZ, START, MON_SAT, 10)
    queue = rv.day_queue(answered + waiting, settled, noon(today) + timedelta(hours=1), TZ, START, 10)
    assert (queue.done_today, queue.left, len(queue.serve), len(queue.due)) == (4, 6, 6, 20)


def test_no_more_is_served_than_the_days_answers_allow():
    """4 cards answered today in 17 answers (learning steps count): the share leaves 6 cards, but only 3 of
    the 20 answers are left, so 3 are served, in queue order; with all 20 given, none. A learning step
    whose time has come needs no share, yet it is an answer too."""
    today = date(2026, 12, 7)
    at = noon(today) + timedelta(hours=1)
    answered = [rv.Stored(i, "lp", mature(i, stability=20.0, last=today)) for i in range(1, 5)]
    waiting = [rv.Stored(i, "lp", Card(card_id=i, due=noon(today - timedelta(days=1)))) for i in range(5, 25)]
    settled = rv.settle(answered + waiting, I, at, TZ, START, MON_SAT, 10)
    full = rv.day_queue(answered + waiting, settled, at, TZ, START, 10)
    three = rv.day_queue(answered + waiting, settled, at, TZ, START, 10, answers_today=17)
    assert (three.left, three.answers, three.answers_left, three.serve) == (6, 17, 3, full.serve[:3])
    none = rv.day_queue(answered + waiting, settled, at, TZ, START, 10, answers_today=20)
    assert (none.serve, none.answers_left, len(none.due)) == ((), 0, 20)

    step = Card(card_id=1, state=State.Learning, step=1, stability=2.3, difficulty=5.0,
                due=at - timedelta(minutes=5), last_review=at - timedelta(minutes=15))     # back now
    stored = [rv.Stored(1, "lp", step)]
    settled = rv.settle(stored, I, at, TZ, START, MON_SAT, 10)
    assert rv.day_queue(stored, settled, at, TZ, START, 10, answers_today=19).serve == (1,)
    assert rv.day_queue(stored, settled, at, TZ, START, 10, answers_today=20).serve == ()


def test_a_second_answer_seconds_later_to_a_card_not_due_is_a_double_submit():
    at = noon(date(2026, 12, 7))
    assert rv.is_double_submit(at, at + timedelta(minutes=10), at + timedelta(seconds=2))
    assert not rv.is_double_submit(at, at + timedelta(minutes=10), at + timedelta(minutes=5))   # minutes later
    assert not rv.is_double_submit(at, at + timedelta(minutes=1), at + timedelta(minutes=1))    # due again
    assert not rv.is_double_submit(None, at, at)                                                # never answered
