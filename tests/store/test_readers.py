"""The stdlib sqlite3 reader and the SQLAlchemy repository must answer identically."""

from datetime import timedelta

from systemcraft.coach import Coach, PlanOptions, Profile
from systemcraft.store.repository import Repository
from systemcraft.store.sqlite_read import SqliteReader
from tests.conftest import ANSWERS, TODAY


def test_both_readers_agree(make_env, tmp_path):
    env = make_env()
    coach = Coach(env)
    coach.onboard(Profile("Sam", "L7", "senior_manager", 15, 40, True, True), ANSWERS,
                  PlanOptions(start=TODAY, interview=TODAY + timedelta(weeks=9), hours_per_week=11,
                              blackouts=frozenset({TODAY + timedelta(days=3)})))
    coach.complete("1", 33, "note with 'quotes' and ünïcode")
    coach.skip("2", "travel")
    coach.close()
    fast = SqliteReader(tmp_path / "home" / "systemcraft.db")
    full = Repository(env.db_url, env.now)
    assert fast.schema_state() == "current"
    cand = full.candidate()
    assert fast.candidate() == cand
    assert fast.latest_assessment(cand.id) == full.latest_assessment(cand.id)
    plan = full.active_plan(cand.id)
    assert fast.active_plan(cand.id) == plan
    assert fast.weeks(plan.id) == full.weeks(plan.id)
    first, last = plan.effective_start, plan.interview_date
    fast_tasks, full_tasks = fast.tasks_between(plan.id, first, last), full.tasks_between(plan.id, first, last)
    assert fast_tasks == full_tasks and len(fast_tasks) > 50
    assert fast_tasks[0].completed_at is not None and fast_tasks[0].completed_at.tzinfo is not None
    assert fast.task_totals(plan.id, last) == full.task_totals(plan.id, last)
    fast.close()
    full.close()


def test_fresh_file_reports_empty(tmp_path):
    import sqlite3
    path = tmp_path / "x.db"
    sqlite3.connect(path).close()
    assert SqliteReader(path).schema_state() == "empty"
