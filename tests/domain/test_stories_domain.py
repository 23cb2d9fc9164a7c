from datetime import date, datetime, timedelta, timezone

import pytest
from fsrs import Card, Rating, Scheduler

from systemcraft.domain import coverage as cov
from systemcraft.domain import matching
from systemcraft.domain import review as rv
from systemcraft.domain import story_analysis as sa
from systemcraft.domain.stories import LP_MINIMUMS, PORTFOLIO_TARGETS, Story, StoryError, validate

TODAY = date(2026, 11, 23)


def words(n, word="context"):
    return " ".join([word] * n) + "."


def good_story(**kw):
    base = dict(
        title="Billing migration", primary_lp="ownership", secondary_lps=("dive-deep",), level="L6",
        situation=words(95), task=words(55),
        action="I wrote the plan. " + words(250, "work") + " Finance pushed back, so I built a reconciliation report.",
        result="We cut billing latency by 40% and saved $300k a year for 2 million customers. " + words(80, "impact"),
        obstacles="Finance distrusted the new numbers.",
        lessons="I now run a reconciliation check with finance before any data migration starts.",
        happened=date(2025, 6, 30), short_version=words(70, "short"), two_minute_version=words(300, "two"))
    base.update(kw)
    return Story(**base)


def rules(story, level=None, today=TODAY):
    return {(f.rule, f.part if f.rule == "timing" else "", f.severity) for f in sa.analyse(story, today,
                                                                                           target_level=level)}


def fired(story, rule, **kw):
    return [f for f in sa.analyse(story, TODAY, **kw) if f.rule == rule and f.severity != "ok"]


# ---------------------------------------------------------------- analysis rules

def test_a_good_story_raises_no_warnings():
    warnings = [f for f in sa.analyse(good_story(), TODAY) if f.severity == "warning"]
    assert warnings == [], warnings


@pytest.mark.parametrize("part,n,fires", [("situation", 50, True), ("situation", 100, False),
                                          ("action", 400, True), ("action", 260, False)])
def test_timing_per_part(part, n, fires):
    s = good_story(**{part: ("I acted. " if part == "action" else "") + words(n)})
    found = [f for f in fired(s, "timing") if f.part == part]
    assert bool(found) is fires
    if fires:
        assert found[0].evidence


@pytest.mark.parametrize("n, fires", [(37, False), (36, True), (38, False)])
def test_a_part_is_judged_on_the_seconds_its_message_shows(n, fires):
    """L6 task: 15–30 s at 150 words a minute. 37 words are 14.8 s, shown as "about 15 s": within (a real
    published answer once read "runs about 15 s; L6 aims for 15–30 s: say more"). 36 words are 14.4 s, shown
    as "about 14 s": short, and said so. 38 words are 15.2 s: within."""
    s = good_story(task=words(n))
    found = [f for f in fired(s, "timing") if f.part == "task"]
    assert bool(found) is fires, [f.message for f in found]
    assert all("about 14 s" in f.message for f in found)


def test_situation_over_90_seconds():
    assert fired(good_story(situation=words(240)), "situation_long")
    assert not fired(good_story(situation=words(200)), "situation_long")


def test_full_length_window():
    assert not [f for f in sa.analyse(good_story(), TODAY) if f.rule == "length"]
    short = good_story(situation="Short.", task="Short.", action="I did it.", result="It rose 5%.")
    assert [f for f in sa.analyse(short, TODAY) if f.rule == "length"]


def test_versions_missing_or_off_length():
    assert [f for f in sa.analyse(good_story(short_version=""), TODAY) if f.rule == "version_missing"]
    assert [f for f in sa.analyse(good_story(short_version=words(200)), TODAY) if f.rule == "version_length"]
    assert not [f for f in sa.analyse(good_story(), TODAY) if f.rule.startswith("version")]


def test_result_needs_a_number():
    s = good_story(result="It went much better and everyone was happy. " + words(80, "impact"))
    assert fired(s, "no_metric")
    assert not fired(good_story(), "no_metric")


def test_technical_only_numbers_are_flagged():
    s = good_story(result="Latency fell by 40% and p99 dropped to 120 ms. " + words(80, "impact"))
    assert [f for f in sa.analyse(s, TODAY) if f.rule == "no_business_metric"]
    assert [f for f in sa.analyse(good_story(), TODAY) if f.rule == "metric" and f.severity == "ok"]


def test_i_versus_we():
    we = good_story(action="We planned it. We built it and our team shipped it. " + words(250, "work"))
    assert fired(we, "no_i")
    mixed = good_story(action="We planned it, we built it, we shipped it with our team, and I reviewed it. " +
                       words(250, "work"))
    assert fired(mixed, "we_over_i") and not fired(mixed, "no_i")
    assert not fired(good_story(), "no_i") and not fired(good_story(), "we_over_i")


def test_obstacles_named_or_not():
    plain = good_story(obstacles="", action="I wrote the plan. " + words(250, "work"))
    assert fired(plain, "no_obstacles")
    assert not fired(good_story(obstacles=""), "no_obstacles")     # "pushed back" in the action counts
    assert not fired(good_story(), "no_obstacles")


def test_generic_or_missing_lessons():
    assert fired(good_story(lessons="Communication is key."), "generic_lessons")
    assert fired(good_story(lessons="Teamwork."), "generic_lessons")
    assert [f for f in sa.analyse(good_story(lessons=""), TODAY) if f.rule == "no_lessons"]
    assert not fired(good_story(), "generic_lessons")


def test_stale_after_three_years():
    assert fired(good_story(happened=TODAY - timedelta(days=int(3.2 * 365))), "stale")
    assert not fired(good_story(happened=TODAY - timedelta(days=int(2.5 * 365))), "stale")
    assert not fired(good_story(happened=None), "stale")


def test_l7_scope_markers():
    assert fired(good_story(level="L7"), "l7_scope")
    scoped = good_story(level="L7", situation="Across the organisation, 6 teams depended on billing. " + words(120))
    assert not fired(scoped, "l7_scope")
    assert not fired(good_story(), "l7_scope")          # an L6 story is not judged on L7 scope


def test_analysis_speed_is_not_asserted_but_works_on_long_text():
    s = good_story(action="I did. " + words(1500, "work"))
    assert fired(s, "timing")


# ---------------------------------------------------------------- validation

@pytest.mark.parametrize("kw,message", [
    (dict(primary_lp="ownershp"), "did you mean 'ownership'"),
    (dict(secondary_lps=("dive-deep", "earn-trust", "frugality")), "at most 2 secondary"),
    (dict(secondary_lps=("ownership",)), "already the primary"),
    (dict(situation="  "), "situation: the STAR part is empty"),
    (dict(result=""), "result: the STAR part is empty"),
    (dict(title=""), "title: must not be empty"),
    (dict(level="L8"), "level: must be one of .L6. or .L7."),
    (dict(status="done"), "status: must be one of .draft. or .ready."),
])
def test_validation_names_the_field(kw, message):
    with pytest.raises(StoryError, match=message):
        validate(good_story(**kw))


def test_validation_normalises_ids_and_duplicates():
    s = validate(good_story(primary_lp="Ownership", secondary_lps=("dive-deep", "Dive-Deep")))
    assert s.primary_lp == "ownership" and s.secondary_lps == ("dive-deep",)


# ---------------------------------------------------------------- coverage

def mk(i, primary, *secondary, level="L6", **kw):
    return good_story(id=i, title=f"story {i}", primary_lp=primary, secondary_lps=secondary, level=level, **kw)


def test_the_minimums_are_42_slots_and_targets_follow_the_plan():
    assert sum(LP_MINIMUMS.values()) == 42
    assert PORTFOLIO_TARGETS["career_transition"] == {"L6": 25, "L7": 30}
    assert PORTFOLIO_TARGETS["emergency"]["L6"] == 8 and PORTFOLIO_TARGETS["comprehensive"]["L7"] == 20


def test_coverage_arithmetic():
    stories = [mk(1, "ownership", "dive-deep", "earn-trust"), mk(2, "ownership"), mk(3, "dive-deep", "ownership")]
    c = cov.compute(stories, "intensive", "L6")
    rows = {r.lp: r for r in c.rows}
    assert (rows["ownership"].primary, rows["ownership"].secondary, rows["ownership"].missing) == (2, 1, 1)
    assert rows["dive-deep"].count == 2 and rows["dive-deep"].missing == 0
    assert rows["earn-trust"].count == 1 and rows["earn-trust"].missing == 2
    assert c.slots_filled == 3 + 2 + 1 and c.covered == 3 and c.portfolio_target == 12
    assert "need 1 more story for Ownership" in c.gaps
    assert "need 3 more stories for Customer Obsession" in c.gaps
    assert c.matrix[1] == {"ownership": "P", "dive-deep": "S", "earn-trust": "S"}
    assert any("3 of the 12 stories" in w for w in c.warnings)


def test_overused_and_failure_and_l7_warnings():
    stories = [mk(1, "frugality", "think-big", "earn-trust"), mk(2, "ownership")]
    c = cov.compute(stories, "comprehensive", "L7")
    assert any("overused: 'story 1' is the only story for" in w for w in c.warnings)
    assert any("no failure story" in w for w in c.warnings)
    assert any("no L7-scope story yet" in w for w in c.warnings)
    with_failure = stories + [mk(3, "learn-and-be-curious", failure=True)]
    assert not any("no failure story" in w for w in cov.compute(with_failure, None, "L6").warnings)


def test_priority_puts_the_largest_shortfall_first():
    c = cov.compute([mk(1, "ownership")], None, "L6")
    pri = cov.priority_lps(c)
    assert pri[0] in ("deliver-results",) and "ownership" in pri
    assert pri.index("deliver-results") < pri.index("frugality")


# ---------------------------------------------------------------- matching

def test_question_points_to_principles():
    assert matching.question_lps("Tell me about a time you disagreed with your manager")[0] == "have-backbone"
    assert matching.question_lps("dive-deep") == ["dive-deep"]
    assert "customer-obsession" in matching.question_lps("a time a customer was unhappy")


def test_ranking_prefers_primary_then_secondary_then_text():
    stories = [mk(1, "earn-trust", "have-backbone", title_x=None) if False else
               good_story(id=1, title="Trust rebuilt", primary_lp="earn-trust", secondary_lps=("have-backbone",)),
               good_story(id=2, title="The big disagreement", primary_lp="have-backbone"),
               good_story(id=3, title="Cost cutting", primary_lp="frugality")]
    lps, ranked = matching.rank("When did you disagree and push back on a decision?", stories)
    assert lps[0] == "have-backbone"
    assert [m.story_id for m in ranked[:2]] == [2, 1]
    assert "primary Have Backbone" in ranked[0].reason


# ---------------------------------------------------------------- FSRS

NOW = datetime(2026, 11, 23, 12, tzinfo=timezone.utc)
EVERY_DAY = frozenset(range(7))


@pytest.mark.parametrize("rating", ["again", "hard", "good", "easy"])
def test_scheduling_matches_the_fsrs_reference(rating):
    ours = rv.new_card(7, NOW)
    ref = Card(card_id=7, due=NOW)
    for step in range(4):                 # a few reviews, each on its due date
        when = max(NOW, ours.due) + timedelta(minutes=1)
        out = rv.review(ours, rating, when, 90, "UTC", 0, EVERY_DAY, {}, 10_000)
        ref, _ = Scheduler(desired_retention=0.90, enable_fuzzing=False).review_card(
            ref, Rating[rating.capitalize()], review_datetime=when)
        assert out.card.due == ref.due and out.card.stability == ref.stability
        assert out.moved_from is None
        ours = out.card


@pytest.mark.parametrize("days,retention", [(100, 0.90), (31, 0.90), (30, 0.92), (15, 0.92), (14, 0.95), (1, 0.95)])
def test_retention_rises_toward_the_interview(days, retention):
    assert rv.desired_retention(days) == retention
    assert rv.scheduler(days).desired_retention == retention


def graduated():
    card = rv.new_card(1, NOW)
    return rv.review(card, "easy", NOW, 90, "UTC", 0, EVERY_DAY, {}, 100).card


def test_rest_days_move_a_review_to_the_study_day_before():
    out = rv.review(graduated(), "good", graduated().due, 90, "UTC", 0, EVERY_DAY, {}, 100)
    natural = out.due_day
    no_natural_day = frozenset(d for d in range(7) if d != natural.weekday())
    moved = rv.review(graduated(), "good", graduated().due, 90, "UTC", 0, no_natural_day, {}, 100)
    assert moved.due_day == natural - timedelta(days=1) and moved.moved_from == natural


def test_a_full_day_spills_to_an_earlier_day():
    natural = rv.review(graduated(), "good", graduated().due, 90, "UTC", 0, EVERY_DAY, {}, 100).due_day
    full = {natural: 5, natural - timedelta(days=1): 5}
    moved = rv.review(graduated(), "good", graduated().due, 90, "UTC", 0, EVERY_DAY, full, 5)
    assert moved.due_day == natural - timedelta(days=2)


def test_study_day_honours_time_zone_and_day_start():
    late = datetime(2026, 11, 24, 2, 30, tzinfo=timezone.utc)     # 02:30 UTC = 21:30 the day before in New York
    assert rv.study_day(late, "America/New_York", 4) == date(2026, 11, 23)
    assert rv.study_day(late, "UTC", 4) == date(2026, 11, 23)      # before 04:00 counts as the previous day
    assert rv.study_day(late, "UTC", 0) == date(2026, 11, 24)
    assert rv.day_end(date(2026, 11, 23), "UTC", 4) == datetime(2026, 11, 24, 4, tzinfo=timezone.utc)


def test_unknown_rating():
    with pytest.raises(ValueError, match="unknown rating"):
        rv.review(rv.new_card(1, NOW), "perfect", NOW, 10, "UTC", 4, EVERY_DAY, {}, 10)
