"""`systemcraft init` offers the candidate's public holidays as blackout days (issue 16 §7): asked on a
terminal (country, region, the list, a yes/no), or `--holidays GB` / `--holidays US-CA` / `--no-holidays`
in a script; `plan regenerate --holidays` adds them later. Dates checked against the `holidays` package."""

from __future__ import annotations

import json
import os
import pty
import sqlite3
import subprocess
import sys
from datetime import date

import pytest

from tests.cli.test_bad_input import no_database, one_line_error
from tests.conftest import CLI, INIT_ARGS
from tests.test_architecture import imported_modules

SET_UP = date(2026, 12, 1)           # a Tuesday: the plan's weeks run Tuesday to Monday
GB_ARGS = ("init", "--name", "Sam Candidate", "--role", "manager", "--years", "10", "--engineers", "9",
           "--interview", "2027-02-19", "--hours", "10")
GB_HOLIDAYS = ["2026-12-25", "2026-12-26", "2026-12-28", "2027-01-01"]
# Every question but the holidays' answered by an option, so a terminal is asked only about holidays.
QUIET = ("--single-team", "--no-org-change", "--risk", "medium", "--level", "L6", "--days", "mon-sat",
         "--max-day", "240")


@pytest.fixture
def gb_cli(tmp_path) -> CLI:
    return CLI(tmp_path / "home", today=SET_UP)


def week(cli: CLI, number: int) -> dict:
    return cli.json("plan", "show", "--week", str(number))["weeks"][0]


def minutes(day: dict) -> int:
    return sum(t["minutes"] for t in day["tasks"])


def blackouts(cli: CLI) -> list[str]:
    return cli.json("plan", "show")["blackouts"]


def on_a_terminal(cli: CLI, args, lines: list[str]):
    """Run the CLI with its standard input on a pseudo-terminal (so it asks), typing `lines`."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "systemcraft", *args], stdin=slave, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=cli.env, text=True)
    os.close(slave)
    try:
        os.write(master, "".join(line + "\n" for line in lines).encode())
        out, err = proc.communicate(timeout=120)
    finally:
        os.close(master)
    return proc.returncode, out, err


# ---------------------------------------------------------------- the scenario, worked out by hand

def test_a_gb_candidate_blocks_out_christmas_and_new_year(gb_cli, answers_file):
    """Set up on Tue 1 Dec 2026, interview Fri 19 Feb 2027, 10 h a week, Monday to Saturday, at most 4 h a day.
    GB's holidays in the window: Fri 25 Dec, Sat 26 Dec (Boxing Day) and Mon 28 Dec (its substitute, since
    26 Dec is a Saturday), Fri 1 Jan 2027. Plan week 4 runs Tue 22 to Mon 28 Dec: three of its six study
    days are blocked out and hold no task. Blocked-out time moves to the week's other study days, as it
    always has (domain/schedule.py): 22-24 Dec can hold 3 × 240 = 720 min, so the whole 600 min budget
    lands on them, each day heavier than any day of a normal week (600 min over 6 days)."""
    r = gb_cli(*GB_ARGS, "--holidays", "GB", "--answers", str(answers_file))
    assert r.returncode == 0, r.stderr
    assert ("Blocked out 4 public holidays in GB: 2026-12-25 Christmas Day, 2026-12-26 Boxing Day, "
            "2026-12-28 Boxing Day (observed), 2027-01-01 New Year's Day.") in r.stdout
    assert blackouts(gb_cli) == GB_HOLIDAYS

    christmas = week(gb_cli, 4)
    assert (christmas["start"], christmas["end"]) == ("2026-12-22", "2026-12-28")
    kinds = {d["date"]: d["kind"] for d in christmas["days"]}
    assert kinds == {"2026-12-22": "study", "2026-12-23": "study", "2026-12-24": "study",
                     "2026-12-25": "blackout", "2026-12-26": "blackout", "2026-12-27": "rest",
                     "2026-12-28": "blackout"}
    assert all(d["tasks"] == [] for d in christmas["days"] if d["kind"] != "study")
    assert "3 blocked-out days: the time moves to your other study days." in christmas["notes"]
    study = [minutes(d) for d in christmas["days"] if d["kind"] == "study"]
    assert sum(study) == 600 and all(150 < m <= 240 for m in study)

    normal = week(gb_cli, 3)                                   # 15-21 Dec: six study days, no holiday
    assert sum(minutes(d) for d in normal["days"]) == 600
    assert max(minutes(d) for d in normal["days"]) < min(study)

    new_year = week(gb_cli, 5)                                 # 29 Dec - 4 Jan
    day = {d["date"]: d for d in new_year["days"]}
    assert day["2027-01-01"]["kind"] == "blackout" and day["2027-01-01"]["tasks"] == []
    assert day["2026-12-31"]["kind"] == "study" and day["2027-01-02"]["kind"] == "study"


def test_with_a_short_day_cap_the_christmas_week_carries_less(gb_cli, answers_file):
    """The same candidate at most 2 h a day: 22-24 Dec hold 3 × 120 = 360 min, less than the 600 min budget,
    so plan week 4 carries 360 min while week 3 (six study days, 720 min of room) carries all 600."""
    r = gb_cli(*GB_ARGS, "--max-day", "120", "--holidays", "GB", "--answers", str(answers_file))
    assert r.returncode == 0, r.stderr
    assert sum(minutes(d) for d in week(gb_cli, 4)["days"]) == 360
    assert sum(minutes(d) for d in week(gb_cli, 3)["days"]) == 600
    assert "Your study days hold 6 h this week, less than the 10 h budget." in week(gb_cli, 4)["notes"]


def test_without_holidays_christmas_is_planned_like_any_week(gb_cli, answers_file):
    """The issue's complaint, for contrast: with no holidays, 25 Dec and 28 Dec are study days with tasks."""
    r = gb_cli(*GB_ARGS, "--no-holidays", "--answers", str(answers_file))
    assert r.returncode == 0, r.stderr
    assert blackouts(gb_cli) == []
    day = {d["date"]: d for d in week(gb_cli, 4)["days"]}
    assert day["2026-12-25"]["kind"] == "study" and minutes(day["2026-12-25"]) > 0


def test_a_us_california_candidate(cli, answers_file):
    """Set up on Mon 23 Nov 2026 (the test clock), interview Mon 15 Feb 2027: Thanksgiving (26 Nov), the day
    after (a California holiday), Christmas, New Year's Day and Martin Luther King Jr. Day (18 Jan) are
    blocked out; Presidents' Day is 15 Feb, the interview day, outside the plan."""
    r = cli(*INIT_ARGS, "--holidays", "US-CA", "--answers", str(answers_file))
    assert r.returncode == 0, r.stderr
    assert blackouts(cli) == ["2026-11-26", "2026-11-27", "2026-12-25", "2027-01-01", "2027-01-18"]
    day = {d["date"]: d for d in week(cli, 1)["days"]}
    assert day["2026-11-26"]["kind"] == "blackout" and day["2026-11-26"]["tasks"] == []
    assert day["2026-11-27"]["kind"] == "blackout"


def test_json_output_stays_json(gb_cli, answers_file):
    r = gb_cli(*GB_ARGS, "--holidays", "GB", "--answers", str(answers_file), "--json")
    assert r.returncode == 0, r.stderr
    json.loads(r.stdout)
    assert blackouts(gb_cli) == GB_HOLIDAYS


def test_holidays_join_the_blackouts_given_by_hand(gb_cli, answers_file):
    r = gb_cli(*GB_ARGS, "--holidays", "GB", "--blackout", "2026-12-24", "--answers", str(answers_file))
    assert r.returncode == 0, r.stderr
    assert blackouts(gb_cli) == ["2026-12-24", *GB_HOLIDAYS]


def test_a_window_with_no_holidays_builds_the_plan_and_says_so(tmp_path, answers_file):
    cli = CLI(tmp_path / "home", today=date(2027, 3, 1))
    r = cli("init", "--name", "Sam", "--role", "manager", "--years", "10", "--engineers", "9",
            "--interview", "2027-03-22", "--hours", "10", "--holidays", "GB", "--answers", str(answers_file))
    assert r.returncode == 0, r.stderr
    assert "No public holidays in GB fall between 2027-03-01 and 2027-03-21." in r.stdout
    assert blackouts(cli) == []


# ---------------------------------------------------------------- bad input: one line, nothing written

@pytest.mark.parametrize("extra, message", [
    (("--holidays", "XX"), "unknown country 'XX': use a two-letter code such as GB, US, DE or IN"),
    (("--holidays", "US-ZZ"), "unknown region 'ZZ' for US: use one of"),
    (("--holidays", ""), "choose a country: a two-letter code such as GB, US, DE or IN"),
    (("--holidays", "G\x01B"), "unknown country 'G?B'"),
    (("--holidays", "Q" * 5000), "unknown country '" + "Q" * 20 + "'"),
    (("--holidays", "GB", "--no-holidays"), "choose either --holidays or --no-holidays, not both"),
])
def test_bad_holiday_options_are_one_line_errors_and_write_nothing(gb_cli, answers_file, extra, message):
    r = gb_cli(*GB_ARGS, *extra, "--answers", str(answers_file))
    assert message in one_line_error(r)
    no_database(gb_cli)


# ---------------------------------------------------------------- on a terminal: asked, listed, confirmed

def test_a_terminal_asks_for_the_country_and_region_lists_the_days_and_confirms(gb_cli, answers_file):
    code, out, err = on_a_terminal(gb_cli, [*GB_ARGS, *QUIET, "--answers", str(answers_file)],
                                   ["XX", "gb", "ZZ", "sct", "y"])
    assert code == 0, err
    assert "unknown country 'XX'" in err and "unknown region 'ZZ' for GB" in err        # asked again, not fatal
    assert "Region of United Kingdom (ENG England, NIR Northern Ireland, SCT Scotland, WLS Wales" in out
    assert "Public holidays in GB-SCT from 2026-12-01 to 2027-02-18:" in out
    assert "2027-01-02 Sat  New Year Holiday" in out
    assert "Block out these 6 days, with no study on them?" in out
    assert blackouts(gb_cli) == ["2026-12-25", "2026-12-26", "2026-12-28", "2027-01-01", "2027-01-02",
                                 "2027-01-04"]


def test_a_terminal_marks_holidays_that_are_not_study_days(gb_cli, answers_file):
    args = [a if a != "mon-sat" else "mon-fri" for a in (*GB_ARGS, *QUIET)]
    code, out, err = on_a_terminal(gb_cli, [*args, "--answers", str(answers_file)], ["GB", "", ""])
    assert code == 0, err
    assert "2026-12-26 Sat  Boxing Day  (not one of your study days)" in out
    assert "2026-12-25 Fri  Christmas Day\n" in out
    assert blackouts(gb_cli) == GB_HOLIDAYS                     # the default answer is yes


def test_a_terminal_answer_no_adds_nothing(gb_cli, answers_file):
    code, out, err = on_a_terminal(gb_cli, [*GB_ARGS, *QUIET, "--answers", str(answers_file)], ["GB", "", "n"])
    assert code == 0, err
    assert blackouts(gb_cli) == []


def test_a_blank_country_asks_nothing_more(gb_cli, answers_file):
    code, out, err = on_a_terminal(gb_cli, [*GB_ARGS, *QUIET, "--answers", str(answers_file)], [""])
    assert code == 0, err
    assert "Region of" not in out and "Public holidays in" not in out
    assert blackouts(gb_cli) == []


def test_no_holidays_on_a_terminal_does_not_ask(gb_cli, answers_file):
    code, out, err = on_a_terminal(gb_cli, [*GB_ARGS, *QUIET, "--no-holidays", "--answers", str(answers_file)], [])
    assert code == 0, err
    assert "Country for public holidays" not in out


# ---------------------------------------------------------------- after set-up: plan regenerate --holidays

def test_plan_regenerate_adds_the_holidays_left_before_the_interview(ready_cli):
    """The ready candidate (23 Nov 2026 → 15 Feb 2027) adds GB's: the four of Christmas and New Year."""
    r = ready_cli("plan", "regenerate", "--holidays", "GB")
    assert r.returncode == 0, r.stderr
    assert "Blocked out 4 public holidays in GB: 2026-12-25 Christmas Day" in r.stdout
    assert blackouts(ready_cli) == GB_HOLIDAYS
    with sqlite3.connect(ready_cli.home / "systemcraft.db") as conn:
        days = {d for (d,) in conn.execute("SELECT DISTINCT day FROM tasks WHERE status = 'planned'")}
    assert not days & set(GB_HOLIDAYS)


def test_plan_regenerate_with_an_unknown_country_changes_nothing(ready_cli):
    before = ready_cli.json("plan", "show")["version"]
    assert "unknown country 'ZZ'" in one_line_error(ready_cli("plan", "regenerate", "--holidays", "ZZ"))
    assert ready_cli.json("plan", "show")["version"] == before


def test_today_does_not_load_the_holidays_package(ready_cli):
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "systemcraft", "today"], env=ready_cli.env,
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "holidays" not in imported_modules(r.stderr)
    assert "systemcraft" in imported_modules(r.stderr)         # the reader does see imports
