from datetime import date, timedelta

import pytest

from systemcraft.domain import adaptation as ad

TODAY = date(2026, 12, 14)


def ev(**kw):
    base = dict(today=TODAY, week_percent=None, ratings={}, days=(), category_minutes={}, confidences=(),
                mock_scores=(), coding_pace=(), planned_to_date=0, done_to_date=0, weekly_budget=600,
                last_week_done=600)
    base.update(kw)
    return ad.Evidence(**base)


def fired(e, rule):
    return [f for f in ad.decide(e).firings if f.rule == rule]


@pytest.mark.parametrize("pct,verdict,stretch,load", [(90, "high", True, 1.0), (89.9, "standard", False, 1.0),
                                                      (70, "standard", False, 1.0), (69.9, "recovery", False, 0.75)])
def test_verdict_thresholds_and_effects(pct, verdict, stretch, load):
    d = ad.decide(ev(week_percent=pct))
    f = fired(ev(week_percent=pct), "verdict")[0]
    assert d.verdict == verdict and f.inputs["week_percent"] == pct
    assert d.adjustment.stretch is stretch and d.adjustment.load_factor == load
    if verdict == "recovery":
        assert d.adjustment.resume_behind


@pytest.mark.parametrize("score,fires", [(3, False), (2.9, True), (1, True), (5, False)])
def test_rating_trigger_below_three(score, fires):
    f = fired(ev(ratings={"story_clarity": score, "coding": 4}), "rating_trigger")
    assert bool(f) is fires
    if fires:
        assert f[0].inputs["area"] == "behavioral"
        assert ("behavioral", 1.25) in f[0].effect.category_bias


def test_rating_triggers_per_area():
    f = fired(ev(ratings={"coding": 2, "time_management": 1}), "rating_trigger")
    assert {x.inputs["area"] for x in f} == {"technical", "interview"}


def days(*ratios):
    start = TODAY - timedelta(days=len(ratios))
    return tuple((start + timedelta(days=i), 100, round(100 * r)) for i, r in enumerate(ratios))


@pytest.mark.parametrize("ratios,fires", [
    ((0.5, 0.5), False), ((0.5, 0.5, 0.5), True), ((0.5, 0.5, 1.0, 0.5, 0.5), False),
    ((0.69, 0.69, 0.69), True), ((0.7, 0.7, 0.7), False), ((1.0, 0.2, 0.2, 0.2), True)])
def test_missed_goals_three_days_running(ratios, fires):
    f = fired(ev(days=days(*ratios)), "missed_goals")
    assert bool(f) is fires
    if fires:
        assert f[0].effect.daily_cut == 0.25 and f[0].inputs["running"] >= 3


@pytest.mark.parametrize("behind,fires", [(20, False), (21, True)])
def test_skill_imbalance_more_than_20_points(behind, fires):
    cm = {"behavioral": (100, 90), "system_design": (100, 90), "coding": (100, 90 - behind)}
    f = fired(ev(category_minutes=cm), "skill_imbalance")
    assert bool(f) is fires
    if fires:
        assert f[0].inputs["category"] == "coding" and ("coding", 1.3) in f[0].effect.category_bias


def test_skill_imbalance_ignores_barely_planned_categories():
    cm = {"behavioral": (100, 100), "mock": (30, 0)}
    assert not fired(ev(category_minutes=cm), "skill_imbalance")


@pytest.mark.parametrize("series,fires", [((4, 2), True), ((4, 3), False), ((5, 3, 4), False), ((3, 5, 3), True)])
def test_confidence_drop_of_two_points(series, fires):
    c = tuple((TODAY - timedelta(days=len(series) - i), v) for i, v in enumerate(series))
    assert bool(fired(ev(confidences=c), "confidence_drop")) is fires


def test_confidence_drop_only_within_a_week():
    c = ((TODAY - timedelta(days=10), 5), (TODAY - timedelta(days=1), 3))
    assert not fired(ev(confidences=c), "confidence_drop")


@pytest.mark.parametrize("scores,fires", [((4, 3.5, 3), True), ((4, 3, 3), False), ((3, 4, 5), False),
                                          ((4, 3), False), ((5, 4, 4.5, 4, 3), True)])
def test_mock_regression_over_two_sessions(scores, fires):
    f = fired(ev(mock_scores=scores), "mock_regression")
    assert bool(f) is fires
    if fires:
        assert ad.decide(ev(mock_scores=scores)).adjustment.pause_mocks_weeks == 1


def pace(before, now):
    rows = [(TODAY - timedelta(days=12 - i), v) for i, v in enumerate(before)]
    rows += [(TODAY - timedelta(days=5 - i), v) for i, v in enumerate(now)]
    return tuple(rows)


@pytest.mark.parametrize("before,now,fires", [((30, 30, 30), (30, 30, 31), True), ((30, 30, 30), (25, 26, 27), False),
                                              ((30, 30), (31, 32, 33), False)])
def test_plateau_over_seven_days(before, now, fires):
    assert bool(fired(ev(coding_pace=pace(before, now)), "plateau")) is fires


@pytest.mark.parametrize("done,tier", [(800, None), (750, None), (749, 1), (600, 1), (599, 2), (450, 2), (449, 3)])
def test_support_tiers_by_completion(done, tier):
    f = fired(ev(planned_to_date=1000, done_to_date=done, weekly_budget=100_000), "support_tier")
    assert (f[0].inputs["tier"] if f else None) == tier


@pytest.mark.parametrize("behind_weeks,tier", [(0.9, None), (1.0, 1), (2.9, 1), (3.0, 2), (4.0, 2), (4.1, 3)])
def test_support_tiers_by_weeks_behind(behind_weeks, tier):
    planned = 100_000
    f = fired(ev(planned_to_date=planned, done_to_date=planned - round(behind_weeks * 600)), "support_tier")
    assert (f[0].inputs["tier"] if f else None) == tier


@pytest.mark.parametrize("done,fires", [(480, False), (479, True), (0, True)])
def test_study_hours_warning_at_80_percent_of_own_budget(done, fires):
    assert bool(fired(ev(last_week_done=done, weekly_budget=600), "study_hours")) is fires


def test_study_hours_warning_is_per_budget_not_twelve_hours():
    # 7 h done on a 7 h minimum track: no warning (a fixed 12 h threshold would have fired)
    assert not fired(ev(last_week_done=420, weekly_budget=420), "study_hours")


def test_merge_never_stretches_someone_behind_and_multiplies_biases():
    a = ad.merge([ad.Adjustment(stretch=True, category_bias=(("mock", 1.5),)),
                  ad.Adjustment(resume_behind=True, category_bias=(("mock", 2.0), ("coding", 1.25)))])
    assert not a.stretch and a.bias_dict() == {"mock": 3.0, "coding": 1.25}
    b = ad.merge([ad.Adjustment(load_factor=0.75, load_weeks=1), ad.Adjustment(load_factor=0.5, load_weeks=2)])
    assert (b.load_factor, b.load_weeks) == (0.5, 2)
    c = ad.merge([ad.Adjustment(pause_mocks_weeks=1), ad.Adjustment(category_bias=(("mock", 1.5),))])
    assert c.bias_dict() == {}


def test_thresholds_live_in_one_table():
    assert set(ad.RULES) >= {"missed_goals", "skill_imbalance", "confidence_drop", "mock_regression", "plateau",
                             "support_tier", "study_hours", "rating_trigger", "verdict"}
