"""The tracking commands through the real entry point: happy paths and bad input."""

import json
from datetime import timedelta

import pytest

from tests.cli.test_bad_input import one_line_error
from tests.conftest import TODAY


def test_log_week_adapt_month_progress(ready_cli, tmp_path):
    cli = ready_cli
    assert cli("done", "1").returncode == 0
    r = cli("log", "coding", "--title", "Two sum", "--pattern", "hash-maps", "--difficulty", "easy",
            "--minutes", "15")
    assert r.returncode == 0 and "Logged #" in r.stdout
    assert cli("log", "checkin", "--hours", "1.5", "--confidence", "4", "--energy", "3").returncode == 0
    assert cli("log", "ratings", "coding=2", "story_clarity=4").returncode == 0
    assert cli("log", "notes", "--win", "first story drafted").returncode == 0
    entries = cli.json("log", "list")
    assert [e["kind"] for e in entries] == ["story", "coding", "checkin"]
    card = cli.json("week")
    assert card["in_progress"] and card["free_text"]["biggest_win"] == "first story drafted"
    text = cli("week").stdout
    assert "Behavioral competence" in text and "/400" in text
    later = TODAY + timedelta(days=8)
    adapt = cli.json("adapt", "--dry-run", today=later)
    assert adapt["verdict"] == "recovery" and adapt["dry_run"]
    assert "Adaptation after week 1" in cli("adapt", "--dry-run", today=later).stdout
    applied = cli.json("adapt", today=later)
    assert not applied["dry_run"]
    assert cli.json("plan", "show", today=later)["version"] == 2
    month = cli.json("month", today=later)
    assert month["month"] == 1 and "readiness" in month
    assert "Readiness:" in cli("month", today=later).stdout
    prog = cli("progress", today=later)
    assert prog.returncode == 0 and "Scorecard trend" in prog.stdout


def test_checkpoint_command(ready_cli):
    r = ready_cli("checkpoint", "record", "1", "--part", "1A=80", "--part", "1B=21", "--part", "1C=76",
                  "--part", "1D=75", today=TODAY + timedelta(days=12))
    assert r.returncode == 0 and "passed" in r.stdout
    assert "not a valid" not in r.stderr
    r = ready_cli("checkpoint", "record", "1", "--part", "1A=80", "--part", "1B=21", "--part", "1C=76",
                  "--part", "1D=75", today=TODAY + timedelta(days=13))
    assert "48 hours" in one_line_error(r)


def test_export_import_round_trip_via_cli(ready_cli, tmp_path, cli):
    ready_cli("done", "1")
    out = tmp_path / "export"
    assert ready_cli("export", str(out)).returncode == 0
    assert ready_cli("export", "--format", "csv", str(tmp_path / "csv")).returncode == 0
    assert (tmp_path / "csv" / "tasks.csv").exists()
    other = type(cli)(tmp_path / "other")
    r = other("import", str(out / "systemcraft-export.json"))
    assert r.returncode == 0, r.stderr
    assert other.json("today")["tasks"] == ready_cli.json("today")["tasks"]
    assert "already holds a candidate" in one_line_error(other("import", str(out / "systemcraft-export.json")))


@pytest.mark.parametrize("args,message", [
    (("log", "coding", "--title", "x", "--pattern", "tree", "--difficulty", "easy", "--minutes", "5"),
     "unknown pattern 'tree'"),
    (("log", "coding", "--title", "x", "--pattern", "trees", "--difficulty", "easy", "--minutes", "-5"),
     "between 1 and 720"),
    (("log", "study", "--category", "yoga", "--minutes", "30"), "unknown category 'yoga'"),
    (("log", "ratings", "coding=9"), "from 1 to 5"),
    (("log", "ratings", "coding"), "is not DIMENSION=SCORE"),
    (("log", "ratings", "vibes=3"), "unknown rating dimension"),
    (("log", "checkin", "--hours", "2", "--confidence", "7", "--energy", "3"), "confidence must be"),
    (("log", "concept", "x", "--date", "2027-01-01"), "in the future"),
    (("log", "concept", "x", "--date", "2026-01-01"), "before your plan started"),
    (("log", "mock", "--type", "bar raiser", "--score", "0", "--minutes", "60"), "from 1 to 5"),
    (("log", "edit", "99", "minutes=3"), "no log entry 99"),
    (("log", "delete", "99"), "no log entry 99"),
    (("log", "list", "--kind", "yoga"), "unknown log kind"),
    (("week", "--week", "77"), "week 77 is not in this plan"),
    (("adapt",), "no full week to judge yet"),
    (("adapt", "--week", "1"), "not over yet"),
    (("month", "--month", "0"), "month 0 is not in this plan"),
    (("checkpoint", "record", "7", "--part", "1A=3"), "unknown checkpoint 7"),
    (("checkpoint", "record", "1", "--part", "1A=300"), "between 0 and 100"),
    (("checkpoint", "record", "1", "--part", "1A"), "is not PART=SCORE"),
    (("checkpoint", "record", "4", "--survey", "8,8"), "15 ratings"),
])
def test_tracking_commands_reject_bad_input_and_write_nothing(ready_cli, args, message):
    before = ready_cli.json("log", "list")
    assert message in one_line_error(ready_cli(*args))
    assert ready_cli.json("log", "list") == before


@pytest.mark.parametrize("content,message", [
    ("{", "not valid JSON"), ('{"format": "nope"}', "not a SystemCraft export"), ("[]", "not a SystemCraft export")])
def test_import_rejects_broken_files(cli, tmp_path, content, message):
    f = tmp_path / "x.json"
    f.write_text(content)
    assert message in one_line_error(cli("import", str(f)))
    assert not (cli.home / "systemcraft.db").exists()


def test_import_missing_file(cli, tmp_path):
    assert "No such file" in one_line_error(cli("import", str(tmp_path / "nope.json")))


def test_regenerate_with_travel_and_holiday_weeks(ready_cli):
    r = ready_cli("plan", "regenerate", "--travel", "2026-12-01..2026-12-02", "--holiday-week", "2026-12-21")
    assert r.returncode == 0, r.stderr
    week2 = ready_cli.json("plan", "show", "--week", "2")["weeks"][0]
    tue = next(d for d in week2["days"] if d["date"] == "2026-12-01")
    assert tue["tasks"] and {t["category"] for t in tue["tasks"]} == {"behavioral"}
    week5 = ready_cli.json("plan", "show", "--week", "5")["weeks"][0]
    assert sum(week5["planned_minutes"].values()) < 600 and any("Busy week" in n for n in week5["notes"])
    assert "not a valid date for --travel" in ready_cli("plan", "regenerate", "--travel", "soon").stderr


def test_init_on_a_set_up_home_is_refused_before_any_question(ready_cli):
    """It used to ask every profile question and all 20 quiz items, then refuse. Even on a terminal
    (simulated with `script`), the refusal now comes first and nothing is asked."""
    import subprocess
    import sys
    r = ready_cli("init")
    assert r.returncode == 1 and "already set up" in r.stderr and "--force" in r.stderr
    tty = subprocess.run(["script", "-qec", f"{sys.executable} -m systemcraft init", "/dev/null"],  # util-linux
                         env=ready_cli.env, capture_output=True, text=True, input="", timeout=60)
    assert "already set up" in tty.stdout
    assert "name" not in tty.stdout.lower().split("already set up")[0]     # no question came before it
