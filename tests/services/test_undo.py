"""Undo (issue 16 §2, first slice): a Done or Skip recorded today can be taken back, and with it the
practice a Done logged. Numbers are worked out from the plan the test candidate gets on TODAY."""

from dataclasses import replace
from datetime import timedelta

import pytest

from systemcraft.coach import Coach
from systemcraft.errors import InputError, NotFoundError
from tests.conftest import TODAY, onboarded


def test_undoing_a_done_plans_the_task_again_and_removes_its_logged_minutes(coach):
    first = coach.today().tasks[0]
    coach.complete("1", first.minutes + 13, "went long")
    assert coach.status().this_week["done"] == first.minutes + 13       # the Done counted its real minutes
    assert len(coach.log_list()) == 1
    result = coach.undo()
    assert result["undone"] == "done" and result["task"].ref == first.ref
    after = coach.today().tasks[0]
    assert (after.status, after.actual_minutes, after.note) == ("planned", None, None)
    assert coach.status().this_week["done"] == 0                         # nothing done any more …
    assert coach.log_list() == []                                        # … and nothing logged
    with pytest.raises(NotFoundError, match="nothing to undo"):
        coach.undo()


def test_undoing_a_skip_forgets_the_reason_and_the_task_can_be_done_after_all(coach):
    coach.skip("2", "travel")
    assert coach.undo("2")["undone"] == "skipped"
    assert coach.today().tasks[1].reason is None
    assert coach.complete("2").status == "done"


def test_only_todays_records_can_be_undone(make_env, db_url):
    env = make_env(db_url=db_url)
    c = onboarded(env)
    c.complete("1")
    c.close()
    tomorrow = Coach(replace(env, today=TODAY + timedelta(days=1)))
    with pytest.raises(InputError, match=f"recorded on {TODAY.isoformat()}; only what was recorded today"):
        tomorrow.undo()
    assert tomorrow.today(TODAY).tasks[0].status == "done"              # still done
    tomorrow.close()


def test_a_planned_task_has_nothing_to_undo(coach):
    with pytest.raises(InputError, match="neither done nor skipped"):
        coach.undo("1")


def test_a_second_undo_from_a_stale_read_changes_nothing(coach, monkeypatch):
    """Two windows: in one, task 1's Done is undone and the task skipped instead; the other still shows
    the Done and presses Undo. Its read is stale, so it is told and nothing changes."""
    from systemcraft.services import daily
    coach.complete("1")
    stale = daily.resolve(coach.ctx, "1")
    coach.undo("1")
    coach.skip("1", "ill")
    monkeypatch.setattr(daily, "resolve", lambda _ctx, _ref: stale)     # the other window still sees "done"
    with pytest.raises(InputError, match="changed a moment ago"):
        coach.undo("1")
    monkeypatch.undo()
    assert coach.today().tasks[0].status == "skipped"                   # the skip stands

