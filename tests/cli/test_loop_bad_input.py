"""Issue 13's bad input for the evidence loop: out-of-range ratings, an interview moved into the past,
an adaptation applied twice. Each gets one line on stderr, a non-zero exit, and nothing written twice."""

import sqlite3
from datetime import timedelta

import pytest

from tests.cli.test_bad_input import one_line_error
from tests.conftest import TODAY


def rows(cli, table: str) -> int:
    with sqlite3.connect(cli.home / "systemcraft.db") as db:
        return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


@pytest.mark.parametrize("value,message", [("0", "1"), ("6", "5"), ("x", "story_clarity"), ("4.5", "story_clarity"),
                                           ("-1", "1"), ("99999999999999999999", "story_clarity")])
def test_ratings_outside_one_to_five_are_refused(ready_cli, value, message):
    r = ready_cli("log", "ratings", f"story_clarity={value}")
    assert message in one_line_error(r)
    assert rows(ready_cli, "ratings") == 0


def test_an_interview_moved_before_today_is_refused(ready_cli):
    before = rows(ready_cli, "tasks")
    for day in ((TODAY - timedelta(days=1)).isoformat(), TODAY.isoformat()):
        r = ready_cli("plan", "regenerate", "--interview", day)
        assert "must be after today" in one_line_error(r)
    assert rows(ready_cli, "tasks") == before and rows(ready_cli, "plan_changes") == 0


def test_an_adaptation_applied_twice_is_refused_and_written_once(ready_cli):
    monday = TODAY + timedelta(days=7)
    first = ready_cli("adapt", today=monday)
    assert first.returncode == 0, first.stderr
    tasks = rows(ready_cli, "tasks")
    again = ready_cli("adapt", today=monday)
    assert "week 1 was already adapted on 2026-11-30" in one_line_error(again)
    assert rows(ready_cli, "adaptations") == 1 and rows(ready_cli, "tasks") == tasks
    preview = ready_cli("adapt", "--dry-run", today=monday)      # a preview stays available
    assert preview.returncode == 0 and "Content ahead" in preview.stdout
