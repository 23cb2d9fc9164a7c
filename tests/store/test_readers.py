"""One store over two databases: the same use cases on SQLite and on PostgreSQL read back as equal
records (the twin readers of before issue 15 are gone; what must agree now is the back ends)."""

from dataclasses import replace
from datetime import timedelta

from systemcraft.coach import Coach, PlanOptions, Profile
from systemcraft.store import queries
from systemcraft.store.repository import dump
from tests.conftest import ANSWERS, TODAY


def _story():
    from tests.domain.test_stories_domain import good_story
    return good_story(team_size=8, period="2025 Q1–Q2", metrics="40% faster")


def _drive(env):
    coach = Coach(env)
    coach.onboard(Profile("Sam", "L7", "senior_manager", 15, 40, True, True), ANSWERS,
                  PlanOptions(start=TODAY, interview=TODAY + timedelta(weeks=9), hours_per_week=11,
                              blackouts=frozenset({TODAY + timedelta(days=3)})))
    coach.complete("1", 33, "note with 'quotes', a % sign, :colon and ünïcode")
    coach.skip("2", "travel")
    coach.add_story(_story())
    repo = coach.reader()
    cand = repo.candidate()
    plan = repo.active_plan(cand.id)
    first, last = plan.effective_start, plan.interview_date
    out = {
        "candidate": replace(cand, id=0),
        "assessment": replace(repo.latest_assessment(cand.id), id=0, candidate_id=0),
        "plan": replace(plan, id=0, candidate_id=0),
        "weeks": repo.weeks(plan),
        "tasks": [replace(t, id=0) for t in repo.tasks_between(plan, first, last)],
        "totals": repo.task_totals(plan, last),
        "daily": repo.fetch(queries.DAILY_TASKS, pid=plan.id, cid=cand.id, first=first, last=last),
        "log": [{k: v for k, v in r.items() if k not in ("id", "candidate_id", "task_id", "created_at")}
                for r in repo.fetch(queries.LOG_ENTRIES, cid=cand.id, first=first, last=last)],
        "export": {k: len(v) if isinstance(v, list) else None for k, v in dump(repo, cand.id).items()},
    }
    coach.close()
    return out


def test_sqlite_and_postgresql_read_back_alike(make_env, pg_url, tmp_path):
    on_sqlite = _drive(make_env())
    on_postgres = _drive(make_env(db_url=pg_url, home=tmp_path / "pg-home"))
    assert len(on_sqlite["tasks"]) > 50
    assert on_sqlite["tasks"][0].completed_at is not None and on_sqlite["tasks"][0].completed_at.tzinfo is not None
    assert on_sqlite["tasks"][0].note == "note with 'quotes', a % sign, :colon and ünïcode"
    for key in on_sqlite:
        assert on_sqlite[key] == on_postgres[key], key
