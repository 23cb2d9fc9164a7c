"""Issue 13 §5 and §6 through the real command: provisional readiness on every readiness surface, and
`status`/`today`/`interview outcome` after the interview (INIT_ARGS: interview on 2027-02-15)."""

import re
import sqlite3
from datetime import date

import pytest

INTERVIEW = date(2027, 2, 15)
DAY_AFTER = date(2027, 2, 16)


def outcome_rows(cli) -> int:
    with sqlite3.connect(cli.home / "systemcraft.db") as conn:
        return conn.execute("SELECT COUNT(*) FROM interview_outcomes").fetchone()[0]


def one_line_error(r) -> str:
    assert r.returncode != 0, r.stdout
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    return lines[0]


def test_day_one_ratings_show_provisional_and_capped_everywhere(ready_cli):
    assert ready_cli("log", "ratings", "system_design=5", "coding=5").returncode == 0
    for command in (("status",), ("progress",), ("month",)):
        r = ready_cli(*command)
        assert r.returncode == 0, r.stderr
        assert "Readiness: 38/100 PROVISIONAL" in r.stdout, command          # 37.5, rounded half to even
        assert "Provisional: it rests on 0 finished weeks of the plan and needs 2 (from 2026-12-07)." in r.stdout
        assert "20 points from your self-ratings are held back" in r.stdout and "at most 10 points" in r.stdout
    for command in (("status",), ("progress",), ("month",)):
        data = ready_cli.json(*command)
        r = data["readiness"]
        assert (r["score"], r["uncapped"], r["daily_cap"], r["provisional"]) == (37.5, 57.5, 10, True)
        assert r["reason"].startswith("it rests on 0 finished weeks")


def test_status_and_today_the_day_after_the_interview(ready_cli):
    for command in ("status", "today"):
        r = ready_cli(command, today=DAY_AFTER)
        assert r.returncode == 0, r.stderr
        assert re.search(r"[Yy]our interview was 1 day ago", r.stdout), r.stdout
        assert not re.search(r"-\d+ day", r.stdout)
        assert "systemcraft interview outcome offer|no_offer|waiting|postponed|withdrew" in r.stdout
        assert "systemcraft plan regenerate --interview DATE" in r.stdout
    status = ready_cli.json("status", today=DAY_AFTER)
    assert status["days_to_interview"] == 0 and status["days_since_interview"] == 1
    assert status["interview_when"] == "your interview was 1 day ago"
    assert ready_cli.json("today", today=DAY_AFTER)["days_to_interview"] == 0
    assert "3 days ago" in ready_cli("status", today=date(2027, 2, 18)).stdout


@pytest.mark.parametrize("args, today, message", [
    (("great",), DAY_AFTER, "error: unknown outcome 'great': use one of offer, no_offer, waiting, postponed, withdrew"),
    (("offer",), date(2027, 2, 14),
     "error: your interview is on 2027-02-15, 1 day from now: record its outcome on or after that day"),
    (("offer", "--note", "x" * 2001), DAY_AFTER, "error: the note is too long (2001 characters, at most 2000)"),
])
def test_bad_outcomes_get_one_line_and_write_nothing(ready_cli, args, today, message):
    r = ready_cli("interview", "outcome", *args, today=today)
    assert one_line_error(r) == message
    assert r.returncode == 1
    assert outcome_rows(ready_cli) == 0


def test_recording_an_outcome_keeps_the_note_and_shows_it(ready_cli):
    note = "Bar raiser went long.\nWaiting for the recruiter."
    saved = ready_cli.json("interview", "outcome", "waiting", "--note", note, today=INTERVIEW)
    assert saved["outcome"] == "waiting" and saved["notes"] == note and saved["interview_date"] == "2027-02-15"
    r = ready_cli("interview", "outcome", "offer", today=DAY_AFTER)
    assert r.returncode == 0 and "Recorded for your interview on 2027-02-15: an offer." in r.stdout
    status = ready_cli("status", today=DAY_AFTER).stdout
    assert "Outcome recorded on 2027-02-16: an offer" in status
    assert "Record a newer outcome" in status
    assert ready_cli.json("status", today=DAY_AFTER)["outcome"]["outcome"] == "offer"
    assert outcome_rows(ready_cli) == 2


def test_a_new_date_after_the_interview(ready_cli):
    r = ready_cli("plan", "regenerate", "--interview", "2027-03-20", today=DAY_AFTER)
    assert r.returncode == 0, r.stderr
    status = ready_cli.json("status", today=DAY_AFTER)
    assert status["days_to_interview"] == 32 and status["days_since_interview"] == 0
    assert "32 days to your interview (2027-03-20)" in ready_cli("today", today=DAY_AFTER).stdout
