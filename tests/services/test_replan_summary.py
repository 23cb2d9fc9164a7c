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
