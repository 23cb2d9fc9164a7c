"""What a re-plan says it keeps must be what it keeps (issue 16 §3)."""


def test_a_replan_preview_counts_every_finished_task_it_keeps(coach):
    """Two tasks done and one skipped today: the preview must say 3 finished tasks are kept (it said 0,
    counting only tasks from tomorrow on), and after applying, all three are still recorded."""
    from systemcraft.coach import PlanChanges
    coach.complete("1")
    coach.complete("2")
    coach.skip("3", "travel")
    preview = coach.regenerate(PlanChanges(hours_per_week=8), dry_run=True)
    assert preview["kept_finished"] == 3
    applied = coach.regenerate(PlanChanges(hours_per_week=8))
    assert applied["kept_finished"] == 3
    assert [t.status for t in coach.today().tasks][:3] == ["done", "done", "skipped"]


def test_the_same_replan_applied_twice_is_one_new_version(coach):
    """Apply pressed twice (or a re-plan form re-sent after Back): the second would write exactly what is stored,
    so it writes nothing, on both databases: no second version, no second entry in the plan's history. A re-plan
    that changes anything, even back to the old settings, is a version of its own."""
    from systemcraft.coach import PlanChanges
    from systemcraft.store.tables import plan_changes
    from tests.conftest import sa_connect

    def changes() -> int:
        with sa_connect(coach.env.db_url) as conn:
            return len(conn.execute(plan_changes.select()).fetchall())
    plan = coach.plan_view()
    before = changes()
    first = coach.regenerate(PlanChanges(hours_per_week=8), reason="first")
    assert "unchanged" not in first and coach.plan_view().version == plan.version + 1
    tasks = [(t.ref, t.minutes, t.text) for t in coach.today().tasks]
    again = coach.regenerate(PlanChanges(hours_per_week=8), reason="again")
    assert again["unchanged"] is True and coach.plan_view().version == plan.version + 1 and changes() == before + 1
    assert [(t.ref, t.minutes, t.text) for t in coach.today().tasks] == tasks
    assert "unchanged" not in coach.regenerate(PlanChanges(hours_per_week=plan.hours_per_week))   # back again: a change
    assert coach.plan_view().version == plan.version + 2 and changes() == before + 2
