"""The repository against a real SQLite file and a real PostgreSQL server (same tests, both)."""

from datetime import timedelta

import pytest
from sqlalchemy import create_engine, inspect, text

from systemcraft.coach import Coach, PlanChanges, PlanOptions, Profile
from systemcraft.errors import DataError, InputError
from systemcraft.store import migrate
from systemcraft.store.migrate import make_engine
from systemcraft.store.schema import HEAD_REVISION, KNOWN_REVISIONS
from tests.conftest import sa_connect, ANSWERS, TODAY

PROFILE = Profile("Sam", "L6", "manager", 10, 9)
OPTIONS = PlanOptions(start=TODAY, interview=TODAY + timedelta(weeks=12), hours_per_week=10)


def test_known_revisions_match_alembic():
    assert migrate.script_revisions() == list(KNOWN_REVISIONS)
    assert migrate.head() == HEAD_REVISION


def test_migrations_up_down_up(db_url, tmp_path):
    (tmp_path / "home").mkdir(exist_ok=True)
    engine = make_engine(db_url)
    migrate.upgrade(engine)
    assert migrate.current(engine) == HEAD_REVISION
    tables = set(inspect(engine).get_table_names())
    assert {"candidates", "assessments", "plans", "plan_weeks", "tasks", "plan_changes"} <= tables
    migrate.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert migrate.current(engine) == HEAD_REVISION
    engine.dispose()


def test_first_use_migrates_and_onboarding_writes_everything(db_url, make_env):
    coach = Coach(make_env(db_url=db_url))
    view = coach.onboard(PROFILE, ANSWERS, OPTIONS)
    repo = coach.repo()
    cand = repo.candidate()
    plan = repo.active_plan(cand.id)
    assert cand.name == "Sam" and plan.plan_id == view.recommendation.plan_id
    assert repo.latest_assessment(cand.id).total == 61
    assert len(repo.weeks(plan)) == 12
    rows = repo.tasks_between(plan, plan.effective_start, plan.interview_date)
    assert sum(t.minutes for t in rows) == view.plan["minutes"]
    assert all(t.status == "planned" for t in rows)
    coach.close()


def test_sqlite_gets_wal_and_foreign_keys(tmp_path, make_env):
    coach = Coach(make_env())
    coach.onboard(PROFILE, ANSWERS, OPTIONS)
    with sa_connect(coach.env.db_url) as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    coach.close()


def test_done_and_skip_are_stored(db_url, make_env):
    coach = Coach(make_env(db_url=db_url))
    coach.onboard(PROFILE, ANSWERS, OPTIONS)
    coach.complete("1", 50, "went well")
    coach.skip("2", "meeting ran over")
    day = coach.today()
    assert [(t.status, t.actual_minutes, t.note, t.reason) for t in day.tasks[:2]] == [
        ("done", 50, "went well", None), ("skipped", None, None, "meeting ran over")]
    coach.close()


def test_regenerate_keeps_finished_work_and_rewrites_the_future(db_url, make_env):
    coach = Coach(make_env(db_url=db_url))
    coach.onboard(PROFILE, ANSWERS, OPTIONS)
    coach.complete("1", 45)
    coach.close()
    later = Coach(make_env(db_url=db_url, today=TODAY + timedelta(days=8)))
    later.complete(f"{TODAY.isoformat()}.2")   # catching up on an old task is allowed
    summary = later.regenerate(PlanChanges(hours_per_week=6))
    repo = later.repo()
    plan = repo.active_plan(repo.candidate().id)
    assert plan.hours_per_week == 6 and plan.version == 2
    kept = repo.tasks_between(plan, TODAY, TODAY)
    assert [t.status for t in kept[:2]] == ["done", "done"]
    future = repo.tasks_between(plan, TODAY + timedelta(days=8), plan.interview_date)
    per_week = {}
    for t in future:
        per_week[t.week] = per_week.get(t.week, 0) + t.minutes
    assert per_week[3] == 360                      # 6 h a week from now on
    assert summary["planned_minutes_after"] < summary["planned_minutes_before"]
    with sa_connect(repo.url) as conn:
        reason = conn.execute(text("SELECT reason FROM plan_changes")).scalar()
    assert reason == "plan regenerate"
    later.close()


def test_regenerate_after_recording_today_starts_tomorrow(db_url, make_env):
    coach = Coach(make_env(db_url=db_url))
    coach.onboard(PROFILE, ANSWERS, OPTIONS)
    before = coach.today().tasks
    coach.complete("1")
    summary = coach.regenerate(PlanChanges(hours_per_week=14))
    assert summary["from"] == (TODAY + timedelta(days=1)).isoformat()
    assert [t.text for t in coach.today().tasks] == [t.text for t in before]
    coach.close()


def test_newer_database_is_refused(db_url, make_env):
    coach = Coach(make_env(db_url=db_url))
    coach.onboard(PROFILE, ANSWERS, OPTIONS)
    coach.close()
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    engine.dispose()
    fresh = Coach(make_env(db_url=db_url))
    with pytest.raises(DataError, match="newer SystemCraft"):
        fresh.today()
    fresh.close()


def test_a_failed_write_leaves_nothing_behind(db_url, make_env):
    coach = Coach(make_env(db_url=db_url))
    coach.onboard(PROFILE, ANSWERS, OPTIONS)
    repo = coach.repo()
    cand = repo.candidate()
    plan = repo.active_plan(cand.id)
    count = len(repo.tasks_between(plan, plan.effective_start, plan.interview_date))
    with pytest.raises(RuntimeError):
        with repo.transaction() as conn:
            repo.add_assessment(conn, cand.id, TODAY, {}, 1, 1, 1, 3, "x")
            conn.execute("DELETE FROM tasks")
            raise RuntimeError("boom")
    assert len(repo.tasks_between(plan, plan.effective_start, plan.interview_date)) == count
    assert repo.latest_assessment(cand.id).total == 61
    coach.close()


def test_init_twice_is_refused_without_force(db_url, make_env):
    coach = Coach(make_env(db_url=db_url))
    coach.onboard(PROFILE, ANSWERS, OPTIONS)
    with pytest.raises(InputError, match="already set up"):
        coach.onboard(PROFILE, ANSWERS, OPTIONS)
    coach.onboard(PROFILE, ANSWERS, OPTIONS, force=True)
    repo = coach.repo()
    with sa_connect(repo.url) as conn:
        assert conn.execute(text("SELECT count(*) FROM plans WHERE active")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM candidates")).scalar() == 1
    coach.close()


@pytest.mark.parametrize("start", KNOWN_REVISIONS[:-1])
def test_upgrade_from_every_earlier_revision_keeps_data(db_url, start, tmp_path):
    (tmp_path / "home").mkdir(exist_ok=True)
    engine = make_engine(db_url)
    migrate.upgrade(engine, start)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO candidates (name, target_level, \"current_role\", years_experience, "
                          "engineers_managed, multi_team, org_transformation, risk_tolerance, timezone, created_at) "
                          "VALUES ('Kept', 'L6', 'manager', 5, 5, false, false, 'low', 'UTC', CURRENT_TIMESTAMP)"))
    migrate.upgrade(engine)
    assert migrate.current(engine) == HEAD_REVISION
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name FROM candidates")).scalar() == "Kept"
    migrate.downgrade(engine, start)
    assert migrate.current(engine) == start
    engine.dispose()


def test_a_failed_onboarding_of_another_candidate_saves_nothing_and_leaves_the_coach_as_it_was(db_url, make_env,
                                                                                            monkeypatch):
    from systemcraft.store.repository import Repository
    env = make_env(db_url=db_url)
    first = Coach(env)
    first.onboard(PROFILE, ANSWERS, OPTIONS)
    first_id = first.candidate_id
    other = Coach(env, candidate_id=first_id)

    def boom(*_a, **_k):
        raise RuntimeError("killed mid-write")
    monkeypatch.setattr(Repository, "add_plan", boom)
    with pytest.raises(RuntimeError):
        other.onboard(PROFILE, ANSWERS, OPTIONS, another=True)
    monkeypatch.undo()
    assert other.candidate_id == first_id                     # still acting for the first candidate
    assert other.status().name == "Sam"
    with sa_connect(db_url) as conn:
        assert conn.execute(text("SELECT COUNT(*) FROM candidates")).scalar() == 1
    first.close()
    other.close()
