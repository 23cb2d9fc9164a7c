import pytest

from systemcraft.domain import plans as p


def test_catalogue_ids_and_lengths():
    assert {k: v.weeks for k, v in p.PLANS.items()} == {
        "final_prep": 2, "emergency": 2, "intensive": 6, "strategic": 8, "comprehensive": 12,
        "career_transition": 26}


@pytest.mark.parametrize("plan,hours", [
    ("comprehensive", (12, 9, 7)), ("intensive", (15, 12, 10)), ("strategic", (17, 13, 9)),
    ("emergency", (40, 30, 20)), ("career_transition", (10, 9, 8))])
def test_default_hours_per_track(plan, hours):
    assert tuple(p.PLANS[plan].hours[t] for t in p.TRACKS) == hours


@pytest.mark.parametrize("plan,track,expected", [
    ("comprehensive", "standard", (35, 35, 20, 10)), ("comprehensive", "part_time", (40, 40, 15, 5)),
    ("comprehensive", "minimum", (45, 45, 8, 2)), ("intensive", "standard", (30, 35, 20, 15)),
    ("intensive", "part_time", (35, 40, 15, 10)), ("intensive", "minimum", (40, 45, 10, 5))])
def test_allocations_from_the_seeds(plan, track, expected):
    shares = p.PLANS[plan].allocation_for(track, "L6", 1)
    assert tuple(round(shares[c] * 100) for c in p.CATEGORIES) == expected


def test_career_transition_split_differs_by_level():
    l6 = p.PLANS["career_transition"].allocation_for("standard", "L6", 1)
    l7 = p.PLANS["career_transition"].allocation_for("standard", "L7", 1)
    assert (round(l6["system_design"] * 100), round(l6["coding"] * 100), round(l6["behavioral"] * 100),
            round(l6["mock"] * 100)) == (33, 28, 22, 17)
    assert (round(l7["system_design"] * 100), round(l7["coding"] * 100), round(l7["behavioral"] * 100),
            round(l7["mock"] * 100)) == (38, 25, 23, 14)


def test_strategic_has_no_mocks_before_week_5_and_keeps_40_35_25():
    spec = p.PLANS["strategic"]
    early, late = spec.allocation_for("standard", "L6", 4), spec.allocation_for("standard", "L6", 5)
    assert early["mock"] == 0 and late["mock"] == pytest.approx(0.20)
    for shares in (early, late):
        rest = 1 - shares["mock"]
        assert shares["behavioral"] / rest == pytest.approx(0.40)
        assert shares["system_design"] / rest == pytest.approx(0.35)
        assert shares["coding"] / rest == pytest.approx(0.25)
    assert sum(late.values()) == pytest.approx(1.0)


@pytest.mark.parametrize("hours,track", [(12, "standard"), (15, "standard"), (9, "part_time"),
                                         (11.5, "part_time"), (7, "minimum"), (8, "minimum"), (3, "minimum")])
def test_track_inferred_from_hours(hours, track):
    assert p.infer_track("comprehensive", hours) == track


@pytest.mark.parametrize("weeks,role,risk,plan,postpone", [
    (1.5, "manager", "high", "emergency", False),
    (2, "manager", "low", "emergency", True),
    (6, "senior_engineer", "low", "intensive", False),
    (6, "manager", "low", "intensive", False),         # the string comparison sent this to 12 weeks
    (6, "senior_manager", "low", "intensive", False),
    (5, "engineer", "low", "comprehensive", False),
    (12, "engineer", "low", "strategic", False),
    (7, "manager", "low", "strategic", False),
    (13, "manager", "low", "comprehensive", False),
    (13, "senior_manager", "low", "comprehensive", False),
    (13, "senior_engineer", "low", "career_transition", False),
])
def test_select_by_calendar_with_ordered_levels(weeks, role, risk, plan, postpone):
    got, reason, advised = p.select_by_calendar(weeks, role, risk)
    assert (got, advised) == (plan, postpone)
    assert reason


def test_the_longer_plan_wins_and_the_cap_is_stated():
    rec = p.recommend(7, "manager", "low", quiz_plan="comprehensive", quiz_total=60)
    assert rec.plan_id == "comprehensive" and rec.compressed
    assert "12 weeks recommended, 7 available" in rec.explanation()
    assert "raise your hours or move the date" in rec.explanation()


def test_calendar_longer_than_quiz_keeps_calendar_plan():
    rec = p.recommend(10, "manager", "low", quiz_plan="intensive", quiz_total=75)
    assert rec.plan_id == "strategic" and not rec.compressed and not rec.warnings


def test_two_weeks_low_risk_still_gets_a_plan_and_postpone_advice():
    rec = p.recommend(2, "manager", "low", quiz_plan="comprehensive", quiz_total=60)
    assert rec.plan_id == "emergency" and rec.postpone_advised
    assert any("moving the interview" in w for w in rec.warnings)


def test_ready_candidate_with_two_weeks_gets_final_prep():
    rec = p.recommend(1.5, "manager", "high", quiz_plan="final_prep", quiz_total=90)
    assert rec.plan_id == "final_prep" and not rec.postpone_advised


@pytest.mark.parametrize("kwargs,message", [
    (dict(weeks_available=0, role="manager", risk_tolerance="low"), "after the start date"),
    (dict(weeks_available=5, role="director", risk_tolerance="low"), "unknown current role 'director'"),
    (dict(weeks_available=5, role="manager", risk_tolerance="yolo"), "unknown risk tolerance"),
    (dict(weeks_available=5, role="manager", risk_tolerance="low", quiz_plan="nope"), "unknown plan 'nope'"),
])
def test_bad_inputs_are_named(kwargs, message):
    with pytest.raises(p.PlanError, match=message):
        p.recommend(**kwargs)
