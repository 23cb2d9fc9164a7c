import pytest

from systemcraft.domain import milestones as m
from systemcraft.domain import monthly, readiness
from systemcraft.domain.practice import CORE_DIMENSIONS


def test_readiness_weights_sum_to_100_and_full_data_scores_100():
    assert sum(w for _, _, w in readiness.WEIGHTS) == 100
    r = readiness.compute({d: 5 for d in CORE_DIMENSIONS}, {f"q{i}": 5 for i in range(1, 21)}, 16)
    assert r.score == 100 and r.groups == {"technical": 40, "leadership": 35, "behavioral": 25}


def test_readiness_with_no_data_is_zero_and_says_why():
    r = readiness.compute({}, None, 0)
    assert r.score == 0
    assert all(c.value is None or c.value == 0 for c in r.components)
    assert any("quiz" in c.source for c in r.components)


def test_readiness_known_mix():
    r = readiness.compute({"system_design": 4, "coding": 3}, {"q9": 5, "q14": 3}, 8)
    parts = {c.id: c.points for c in r.components}
    assert parts["system_design"] == pytest.approx(12) and parts["coding"] == pytest.approx(9)
    assert parts["people"] == pytest.approx(12)          # mean(5, 3)/5 × 15
    assert parts["principles"] == pytest.approx(10)      # only coverage 8/16 known → 0.5 × 20


@pytest.mark.parametrize("hours,expected", [(20, {"hours": 80, "problems": 150, "stories": 12, "mocks": 8}),
                                            (10, {"hours": 40, "problems": 75, "stories": 6, "mocks": 4})])
def test_month_targets_scale_to_the_budget(hours, expected):
    assert monthly.month_targets(hours) == expected


def test_month_lines_cap_at_100_percent():
    lines = {x.id: x for x in monthly.month_lines({"hours": 100, "problems": 30}, 20)}
    assert lines["hours"].percent == 100 and lines["problems"].percent == 20


def test_milestone_week_2_all_ratings_three():
    ok = m.check_milestone(2, {d: 3 for d in CORE_DIMENSIONS}, ("behavioral",), ())
    assert ok.met is True
    low = m.check_milestone(2, {**{d: 3 for d in CORE_DIMENSIONS}, "coding": 2}, ("behavioral",), ())
    assert low.met is False and "coding" in low.detail
    assert m.check_milestone(2, {"coding": 4}, (), ()).met is None


def test_milestone_week_4_primary_areas_and_week_8_mocks():
    r = {d: 4 for d in CORE_DIMENSIONS} | {"time_management": 2}
    assert m.check_milestone(4, r, ("behavioral", "technical"), ()).met is True
    assert m.check_milestone(4, r, ("interview",), ()).met is False
    assert m.check_milestone(8, {}, (), (4, 4.5)).met is True
    assert m.check_milestone(8, {}, (), (5, 3)).met is False
    assert m.check_milestone(5, {}, (), ()) is None


@pytest.mark.parametrize("scores,passed", [({"1A": 75, "1B": 20, "1C": 75, "1D": 75}, True),
                                           ({"1A": 74, "1B": 20, "1C": 75, "1D": 75}, False),
                                           ({"1A": 90, "1B": 19, "1C": 90, "1D": 90}, False)])
def test_checkpoint_1_pass_marks(scores, passed):
    assert m.judge_checkpoint(1, scores).passed is passed


def test_checkpoint_3_needs_80_and_no_fatal_flaw():
    assert m.judge_checkpoint(3, {"3A": 85, "3B": 75}).passed is True
    assert m.judge_checkpoint(3, {"3A": 85, "3B": 74}).passed is False
    assert m.judge_checkpoint(3, {"3A": 95, "3B": 95}, fatal_flaw=True).passed is False


def test_checkpoint_4_survey():
    assert m.judge_checkpoint(4, {}, survey=(8,) * 15).passed is True
    assert m.judge_checkpoint(4, {}, survey=(10,) * 14 + (6,)).passed is False
    assert m.judge_checkpoint(4, {}, survey=(7,) * 15).passed is False
    with pytest.raises(ValueError, match="15 ratings"):
        m.judge_checkpoint(4, {}, survey=(8,) * 14)


@pytest.mark.parametrize("scores,message", [({"1A": 101, "1B": 20, "1C": 75, "1D": 75}, "between 0 and 100"),
                                            ({"1A": 80}, "missing 1B"), ({"9Z": 1}, "no part 9Z")])
def test_checkpoint_bad_scores(scores, message):
    with pytest.raises(ValueError, match=message):
        m.judge_checkpoint(1, scores)
