"""The plan's title agrees with the schedule under it (issue 16 §3): an 8-week plan laid over a
10-week run to the interview says so."""

from datetime import timedelta

from systemcraft.coach import Coach, PlanOptions, Profile
from systemcraft.services.planning import plan_title
from tests.conftest import ANSWERS, TODAY


def test_titles():
    assert plan_title("strategic", 8) == "8-week strategic"
    assert plan_title("strategic", 10) == "8-week strategic plan, spread over 10 weeks"
    assert plan_title("comprehensive", 9) == "12-week comprehensive plan, fitted into 9 weeks"


def test_every_surface_shows_the_same_title(make_env):
    c = Coach(make_env())
    c.onboard(Profile("Sam", "L6", "manager", 10, 9), ANSWERS,
              PlanOptions(start=TODAY, interview=TODAY + timedelta(weeks=10), hours_per_week=10, plan="strategic"))
    assert len(c.plan_view().weeks) == 10               # the schedule runs to the interview, 10 weeks out
    title = c.plan_view().plan_name
    assert title == "8-week strategic plan, spread over 10 weeks"
    assert c.today().plan_name == title and c.status().plan_name == title
    c.close()
