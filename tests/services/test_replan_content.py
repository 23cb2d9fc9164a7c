"""A re-plan in the middle of a week, through the Coach and the database (issue 16 §7): the week it splits
holds the kept tasks (before the re-plan's first day, and every finished one) and the new ones, and must
read as one week — no task twice, no sketch of a problem after its full design, no follow-up before it,
each principle task on a prompt about its principle, every checkpoint part at its length."""

from __future__ import annotations

from datetime import timedelta

import pytest

from systemcraft.coach import Coach, PlanChanges
from tests.conftest import TODAY, onboarded
from tests.domain.test_plan_content import Planned, checkpoints_wrong, given_twice, off_principle, out_of_order


def stored(coach: Coach) -> Planned:
    """The plan as the database holds it: its tasks by day and plan week, the notes of the plan and of
    each week."""
    plan = coach.reader().active_plan(coach._candidate().id)
    weeks = coach.reader().weeks(plan)
    rows = coach.reader().tasks_between(plan, weeks[0].start, weeks[-1].end)
    days = {}
    for t in rows:
        days.setdefault((t.day, t.week), []).append(t)
    return Planned(tuple((d, w, tuple(sorted(ts, key=lambda t: t.seq))) for (d, w), ts in sorted(days.items())),
                   {0: tuple(plan.explanation.get("notes", ())), **{w.number: tuple(w.notes) for w in weeks}})


@pytest.mark.parametrize("weekday", [1, 2, 4])
def test_a_midweek_replan_keeps_the_split_week_reading_as_one(make_env, db_url, weekday):
    """Week 2 of the 12-week plan (10 h): the candidate finishes every task up to the re-plan day, and one
    of that day's, then re-plans with more hours and the next two days as travel days. The kept tasks
    stay as they were; the new ones must not give any of them again in the same week (the generator read
    the week from its own version of the kept days, which a change of hours or days makes different)."""
    onboarded(make_env(db_url=db_url)).close()
    day = TODAY + timedelta(weeks=1)
    replan_on = day + timedelta(days=weekday)
    while day <= replan_on:
        c = Coach(make_env(today=day, db_url=db_url))
        for t in c.today().tasks[: None if day < replan_on else 1]:
            c.complete(t.ref)
        c.close()
        day += timedelta(days=1)
    c = Coach(make_env(today=replan_on, db_url=db_url))
    before = stored(c)
    kept = [(d, t.text, t.status) for d, w, ts in before.days for t in ts if d < replan_on or t.status == "done"]
    c.regenerate(PlanChanges(hours_per_week=13, add_travel_days=frozenset(
        replan_on + timedelta(days=i) for i in (1, 2))))
    after = stored(c)
    c.close()
    assert [(d, t.text, t.status) for d, w, ts in after.days for t in ts
            if d < replan_on or t.status == "done"] == kept
    wrong = given_twice(after) + out_of_order(after) + checkpoints_wrong(after) + off_principle(after)
    assert not wrong, "\n".join(wrong[:10])
