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
    return sc.WeekInputs(actual, {}, ratings)


def test_full_marks_is_400_and_high():
    card = sc.score_week(full_marks())
    assert card.total == 400 and card.percent == 100 and card.verdict == "high"
    assert all(card.targets_met.values())


def test_counts_cap_at_target_and_ratings_divide_by_five():
    card = sc.score_week(sc.WeekInputs({"stories": 9, "lp_coverage": 8}, {"stories": 3},
                                       {"story_quality": 4, "delivery_confidence": 2}))
    items = {i.id: i for i in card.items}
    assert items["stories"].ratio == 1.0            # 9 of 3 is capped at 1
    assert items["lp_coverage"].ratio == 0.5        # 8 of the seed's 16
    assert items["story_quality"].ratio == 0.8
    assert card.categories["behavioral"] == pytest.approx(100 * (1 + 0.8 + 0.5 + 0.4) / 4, abs=0.1)


def test_seed_targets_apply_when_no_plan_target_is_given():
    card = sc.score_week(sc.WeekInputs({"coding": 20}, {}, {}))
    assert next(i for i in card.items if i.id == "coding").target == 40


def test_nothing_planned_is_left_out_of_the_mean():
    card = sc.score_week(sc.WeekInputs({"coding": 0}, {"coding": 0, "design": 2}, {"tech_communication": 5,
                                                                                   "time_management": 5}))
    coding = next(i for i in card.items if i.id == "coding")
    assert coding.ratio is None and "nothing planned" in coding.note
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
