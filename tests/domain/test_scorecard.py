import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from systemcraft.domain import scorecard as sc

COUNT_ITEMS = [i.id for i in sc.ITEMS if i.kind == "count"]
RATING_ITEMS = [i.id for i in sc.ITEMS if i.kind == "rating"]


def full_marks(**over):
    actual = {k: 1000 for k in COUNT_ITEMS}
    ratings = {k: 5 for k in RATING_ITEMS}
    actual.update({k: v for k, v in over.items() if k in COUNT_ITEMS})
    ratings.update({k: v for k, v in over.items() if k in RATING_ITEMS})
    return sc.WeekInputs(actual, {}, ratings, seed_defaults=True)


def test_full_marks_is_400_and_high():
    card = sc.score_week(full_marks())
    assert card.total == 400 and card.percent == 100 and card.verdict == "high"
    assert all(card.targets_met.values())


def test_counts_cap_at_target_and_ratings_divide_by_five():
    card = sc.score_week(sc.WeekInputs({"stories": 9, "lp_coverage": 8}, {"stories": 3},
                                       {"story_quality": 4, "delivery_confidence": 2}, seed_defaults=True))
    items = {i.id: i for i in card.items}
    assert items["stories"].ratio == 1.0            # 9 of 3 is capped at 1
    assert items["lp_coverage"].ratio == 0.5        # 8 of the seed's 16
    assert items["story_quality"].ratio == 0.8
    assert card.categories["behavioral"] == pytest.approx(100 * (1 + 0.8 + 0.5 + 0.4) / 4, abs=0.1)


def test_seed_targets_apply_only_without_a_plan():
    card = sc.score_week(sc.WeekInputs({"coding": 20}, {}, {}, seed_defaults=True))
    assert next(i for i in card.items if i.id == "coding").target == 40
    planned = sc.score_week(sc.WeekInputs({"coding": 20}, {}, {}))
    coding = next(i for i in planned.items if i.id == "coding")
    assert coding.ratio is None and coding.target is None and coding.note == sc.NOT_PLANNED


def test_items_the_plan_never_schedules_do_not_lower_the_score():
    """Industry reading and networking are never scheduled: logging none of them costs nothing, and a
    candidate who logs some is shown them as 'not planned this week' (never as 0 or as a bonus).
    Learning = mean(concepts 2/2 = 1.0, self-assessment 3/5 = 0.6) = 80 %."""
    card = sc.score_week(sc.WeekInputs({"concepts": 2, "industry": 3}, {"concepts": 2},
                                       {"self_assessment": 3}))
    items = {i.id: i for i in card.items}
    assert items["industry"].ratio is None and items["industry"].value == 3 and items["networking"].ratio is None
    assert card.categories["learning"] == 80.0


def test_a_week_in_progress_has_figures_but_no_verdict():
    card = sc.score_week(sc.WeekInputs({}, {"coding": 4}, {}, finished=False))
    assert card.verdict is None and card.action is None and card.percent == 0.0


def test_doing_every_planned_task_is_never_recovery():
    """Every task done (10 of 10) but every rating 1: Behavioral (1 + .2 + .2)/3 = 46.7, Technical
    (1 + .2 + .2)/3 = 46.7, Interview (1 + .2 + .2 + .2)/4 = 40, Learning (1 + .2)/2 = 60; each category
    is rounded to 0.1 first, so 193.4/400 → 48.35 → 48.4 %,
    which alone would be recovery; the floor makes it standard and says why."""
    low = {k: 1 for k in RATING_ITEMS}
    card = sc.score_week(sc.WeekInputs({"stories": 2, "coding": 3, "mocks": 1, "concepts": 1},
                                       {"stories": 2, "coding": 3, "mocks": 1, "concepts": 1}, low,
                                       tasks_planned=10, tasks_done=10))
    assert card.percent == 48.4
    assert card.verdict == "standard" and card.floor and "10 of 10" in card.floor
    one_short = sc.score_week(sc.WeekInputs({"stories": 2}, {"stories": 2, "coding": 3}, low,
                                            tasks_planned=10, tasks_done=9))
    assert one_short.verdict == "recovery" and one_short.floor is None


def test_nothing_planned_is_left_out_of_the_mean():
    card = sc.score_week(sc.WeekInputs({"coding": 0}, {"coding": 0, "design": 2}, {"tech_communication": 5,
                                                                                   "time_management": 5}))
    coding = next(i for i in card.items if i.id == "coding")
    assert coding.ratio is None and coding.note == sc.NOT_PLANNED
    assert card.categories["technical"] == pytest.approx(100 * (0 + 1 + 1) / 3, abs=0.1)


def test_missing_rating_counts_as_zero_and_says_so():
    card = sc.score_week(sc.WeekInputs({}, {}, {}))
    q = next(i for i in card.items if i.id == "story_quality")
    assert q.ratio == 0.0 and "not rated" in q.note and card.notes


@pytest.mark.parametrize("percent,verdict", [(100, "high"), (90, "high"), (89.9, "standard"), (70, "standard"),
                                             (69.9, "recovery"), (0, "recovery")])
def test_verdict_bands(percent, verdict):
    assert sc.verdict_for(percent) == verdict


@pytest.mark.parametrize("prev,now,expected", [(None, None, None), (None, 3.2, 3.0), (3.0, 3.0, 3.0),
                                               (3.0, 3.5, 4.0), (3.0, 4.0, 5.0), (3.0, 5.0, 5.0),
                                               (3.0, 2.5, 2.0), (4.0, 1.0, 1.0)])
def test_self_assessment_progress(prev, now, expected):
    assert sc.progress_rating(prev, now) == expected


counts = st.dictionaries(st.sampled_from(COUNT_ITEMS), st.integers(0, 60))
targets = st.dictionaries(st.sampled_from(COUNT_ITEMS), st.integers(0, 50))
ratings = st.dictionaries(st.sampled_from(RATING_ITEMS), st.one_of(st.none(), st.integers(1, 5)))


@settings(max_examples=300, deadline=None)
@given(counts, targets, ratings)
def test_property_total_is_bounded(a, t, r):
    card = sc.score_week(sc.WeekInputs(a, t, r))
    assert 0 <= card.total <= 400
    assert all(0 <= v <= 100 for v in card.categories.values())
    assert card.percent == pytest.approx(card.total / 4, abs=0.06)


@settings(max_examples=300, deadline=None)
@given(counts, targets, ratings, st.sampled_from(COUNT_ITEMS + RATING_ITEMS), st.integers(1, 3))
def test_property_monotonic_in_every_item(a, t, r, item, step):
    before = sc.score_week(sc.WeekInputs(a, t, r)).total
    a2, r2 = dict(a), dict(r)
    if item in COUNT_ITEMS:
        a2[item] = a2.get(item, 0) + step
    else:
        r2[item] = min(5, (r2.get(item) or 0) + step)
    assert sc.score_week(sc.WeekInputs(a2, t, r2)).total >= before
