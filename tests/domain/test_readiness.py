"""Readiness needs evidence (issue 13 §5): one day's self-ratings move it at most DAILY_CAP points, and it is
provisional until it rests on MIN_FINISHED_WEEKS finished plan weeks. Numbers worked by hand from WEIGHTS."""

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from systemcraft.domain import readiness
from systemcraft.domain.practice import DIMENSIONS

# The conftest candidate's quiz (ANSWERS scored): only the questions readiness reads matter.
QUIZ = {"q3": 3, "q9": 3, "q14": 3, "q13": 2, "q10": 2, "q11": 3,
        "q15": 4, "q16": 4, "q17": 3, "q18": 3, "q19": 4, "q20": 3}
# By hand, with no self-ratings and no principle covered:
#   cloud 10 × 3/5 = 6 · people 15 × (3+3)/2/5 = 9 · strategy 10 × 2/5 = 4 · cross-functional 10 × (2+3)/2/5 = 5
#   principles 20 × avg(no rating, 0/16) = 0 · culture 5 × (4+4+3+3+4+3)/6/5 = 3.5 · design and coding 0
BASE = 6 + 9 + 4 + 5 + 0 + 3.5          # 27.5
DAY1 = date(2026, 11, 23)


def test_the_weights_are_the_stated_ones_and_the_cap_is_a_constant():
    assert sum(w for _, _, w in readiness.WEIGHTS) == 100
    assert readiness.DAILY_CAP == 10 and readiness.MIN_FINISHED_WEEKS == 2
    assert readiness.compute({}, QUIZ, 0).score == BASE == 27.5


def test_two_self_ratings_on_day_one_move_it_by_the_cap_only():
    # At face value system design 5/5 and coding 5/5 add 15 × 5/5 + 15 × 5/5 = 30 points: 27.5 → 57.5.
    s = readiness.settle([(DAY1, {"system_design": 5, "coding": 5})], QUIZ, 0, finished_weeks=0,
                         firm_from=DAY1 + timedelta(days=14))
    assert s.uncapped == 57.5
    assert s.score == 27.5 + 10 == 37.5                 # the day's change is clamped to 10 points
    assert s.held_back == 20.0 and s.daily_cap == 10
    assert s.steps == ((DAY1, 37.5),)
    assert s.provisional and s.finished_weeks == 0
    assert s.reason == "it rests on 0 finished weeks of the plan and needs 2 (from 2026-12-07)"
    assert s.cap_note.startswith("20 points from your self-ratings are held back")
    assert "at most 10 points" in s.cap_note


def test_two_entries_on_one_day_are_one_step():
    s = readiness.settle([(DAY1, {"system_design": 5}), (DAY1, {"coding": 5})], QUIZ, 0, finished_weeks=0)
    assert s.score == 37.5 and len(s.steps) == 1


def test_later_rating_days_let_the_rest_count_and_falls_are_clamped_too():
    w2, w3, w4 = (DAY1 + timedelta(weeks=n) for n in (1, 2, 3))
    history = [(DAY1, {"system_design": 5, "coding": 5}),     # target +30: counts 10 → 37.5
               (w2, {"coding": 5}),                          # still +30: 10 more → 47.5
               (w3, {"coding": 5}),                          # the last 10 → 57.5 (face value reached)
               (w4, {"system_design": 1, "coding": 1})]      # target 15/5 + 15/5 = 6: falls 10 → 20 → 47.5
    s = readiness.settle(history, QUIZ, 0, finished_weeks=4)
    assert [v for _, v in s.steps] == [37.5, 47.5, 57.5, 47.5]
    assert s.uncapped == 27.5 + 6 == 33.5
    assert s.held_back == -14.0 and "still to come" in s.cap_note
    assert not s.provisional and s.reason is None


def test_quiz_and_principles_count_at_once_only_ratings_are_capped():
    # Eight principles covered: principles = 20 × avg(no rating, 8/16) = 10 points, not capped.
    s = readiness.settle([], QUIZ, 8, finished_weeks=2)
    assert s.score == s.uncapped == BASE + 10 and s.held_back == 0 and s.cap_note is None


def test_a_plan_week_finished_is_what_lifts_provisional():
    one = readiness.settle([], QUIZ, 0, finished_weeks=1)
    two = readiness.settle([], QUIZ, 0, finished_weeks=2)
    assert one.provisional and one.reason == "it rests on 1 finished week of the plan and needs 2"
    assert not two.provisional and two.reason is None


history_strategy = st.lists(
    st.tuples(st.integers(0, 90), st.dictionaries(st.sampled_from([d.id for d in DIMENSIONS]),
                                                   st.integers(1, 5), min_size=1, max_size=6)),
    max_size=12)


@settings(max_examples=150, deadline=None)
@given(history_strategy, st.integers(0, 16))
def test_no_day_ever_moves_it_more_than_the_cap(raw, lps):
    history = [(DAY1 + timedelta(days=d), r) for d, r in raw]
    s = readiness.settle(history, QUIZ, lps, finished_weeks=3)
    previous = readiness.compute({}, QUIZ, lps).score
    for _, score in s.steps:
        assert abs(score - previous) <= readiness.DAILY_CAP + 0.1     # 0.1: the scores are rounded
        previous = score
    assert 0 <= s.score <= 100
    assert abs(s.uncapped - s.score - s.held_back) <= 0.11
