"""Re-planning rules of issue 13 §3, on the pure generator: the hours cap, the stretch week, repeats,
and the list of what a re-plan moves or drops."""

from datetime import date, timedelta

from systemcraft.domain import schedule as sch
from systemcraft.domain.replan import Item, content_changes

MON = date(2026, 11, 23)


def request(adj=None, weeks=12, hours=10.0):
    return sch.ScheduleRequest("comprehensive", "part_time", "L6", MON, MON + timedelta(weeks=weeks), hours,
                               adjustments=adj)


def week_minutes(s, n):
    return next(w for w in s.weeks if w.number == n).scheduled_minutes


def test_catch_up_is_capped_at_declared_hours_plus_ten_percent_without_consent():
    """10 h over 6 study days = 600 min; +60 min a study day would make 960. The cap is 600 × 1.1 = 660
    (a whole number of 15-minute blocks); with consent the full 960 is planned."""
    adj = sch.PlanAdjustments(from_date=MON + timedelta(weeks=3), extra_daily_minutes=60)
    capped = sch.generate(request(adj))
    assert [week_minutes(capped, n) for n in (3, 4, 5)] == [600, 660, 660]
    assert any("needs your consent" in n for n in capped.weeks[3].notes)
    agreed = sch.generate(request(sch.PlanAdjustments(from_date=MON + timedelta(weeks=3), extra_daily_minutes=60,
                                                      over_budget_consent=True)))
    assert week_minutes(agreed, 4) == 960


def test_a_high_week_gives_the_next_week_alone_stretch_and_one_extra_mock():
    adj = sch.PlanAdjustments(from_date=MON + timedelta(weeks=3), stretch=True)
    s = sch.generate(request(adj))
    extra = {w: [t for d in s.days if d.week == w for t in d.tasks if t.text.startswith("Extra mock")]
             for w in (3, 4, 5)}
    assert [len(extra[w]) for w in (3, 4, 5)] == [0, 1, 0] and extra[4][0].minutes == sch.EXTRA_MOCK_MINUTES
    assert "Stretch week" in " ".join(s.weeks[3].notes) and "Stretch" not in " ".join(s.weeks[4].notes)
    # the week keeps its budget: the extra mock takes its 45 minutes from the week's other work
    assert week_minutes(s, 4) == 600


def test_no_plan_week_is_taught_a_third_time():
    """Calendar weeks 1–4 taught plan weeks 1, 2, 3, 3 (week 3 once and its repeat). Resuming at plan
    week 3 again would teach it a third time: the re-plan resumes at plan week 4 and says why."""
    adj = sch.PlanAdjustments(from_date=MON + timedelta(weeks=4), resume_content_week=3,
                              content_weeks=(1, 2, 3, 3, 4, 5, 6, 7, 8, 9, 10, 12))
    s = sch.generate(request(adj))
    content = [w.content_week for w in s.weeks]
    assert content[:5] == [1, 2, 3, 3, 4]
    assert max(content.count(c) for c in set(content)) <= 2
    assert any("already been taught twice" in n for n in s.notes)


def test_weeks_already_lived_keep_their_content():
    adj = sch.PlanAdjustments(from_date=MON + timedelta(weeks=3), content_weeks=(1, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12))
    s = sch.generate(request(adj))
    assert [w.content_week for w in s.weeks][:4] == [1, 2, 2, 3]


def test_content_changes_lists_every_move_drop_and_addition():
    d = MON
    before = [Item(d, "coding", "coding_problems", "two pointers", "3 problems"),
              Item(d + timedelta(1), "system_design", "design_problem", "URL shortener", "Design it"),
              Item(d + timedelta(2), "system_design", "design_problem", "URL shortener", "Design it again"),
              Item(d + timedelta(2), "behavioral", "review", "spaced repetition", "Review")]
    after = [Item(d, "coding", "coding_problems", "two pointers", "3 problems"),
             Item(d + timedelta(8), "system_design", "design_problem", "URL shortener", "Design it"),
             Item(d + timedelta(9), "mock", "mock", "coding", "Mock")]
    c = content_changes(before, after)
    assert c.kept == 1                                               # the coding task stays on its day
    assert [(x.day, y.day) for x, y in c.moved] == [(d + timedelta(1), d + timedelta(8))]
    assert [x.text for x in c.dropped] == ["Design it again"]        # the second design, gone: listed
    assert [y.text for y in c.added] == ["Mock"]                     # the review slot is not content
