"""Bad input: a one-line message naming the problem, a non-zero exit, nothing half-written."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import timedelta

import pytest

from tests.conftest import INIT_ARGS, TODAY, missing_component


def one_line_error(r, code=1):
    assert r.returncode == code, (r.returncode, r.stdout, r.stderr)
    lines = [line for line in r.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    assert "Traceback" not in r.stderr
    return r.stderr


def no_database(cli):
    assert not (cli.home / "systemcraft.db").exists()


def init_with(cli, answers_file, *replace, extra=()):
    args = list(INIT_ARGS)
    for flag, value in zip(replace[::2], replace[1::2]):
        args[args.index(flag) + 1] = value
    return cli(*args, "--answers", str(answers_file), *extra)


@pytest.mark.parametrize("flag,value,message", [
    ("--interview", "2026-11-01", "not in the future"),
    ("--interview", "2026-02-30", "not a valid date for --interview"),
    ("--interview", "next tuesday", "not a valid date"),
    ("--hours", "0", "at least 1"),
    ("--hours", "500", "at most 70"),
    ("--hours", "-3", "at least 1"),
    ("--years", "-1", "between 0 and 60"),
    ("--engineers", "-5", "between 0 and 100000"),
    ("--name", "   ", "the name must not be empty"),
    ("--name", "x" * 300, "too long"),
    ("--name", "evil\x1b[2Jname", "control characters"),
])
def test_init_rejects_impossible_values(cli, answers_file, flag, value, message):
    assert message in one_line_error(init_with(cli, answers_file, flag, value))
    no_database(cli)


def test_start_after_interview(cli, answers_file):
    r = init_with(cli, answers_file, extra=("--start", "2027-03-01"))
    assert "must be before the interview" in one_line_error(r)
    no_database(cli)


def test_interview_absurdly_far(cli, answers_file):
    r = init_with(cli, answers_file, "--interview", "2031-01-01")
    assert "more than 104 weeks" in one_line_error(r)
    no_database(cli)


@pytest.mark.parametrize("extra,message", [
    (("--plan", "bootcamp"), "Invalid value for '--plan'"),
    (("--track", "turbo"), "Invalid value for '--track'"),
    (("--level", "L9"), "Invalid value for '--level'"),
    (("--days", "funday"), "unknown weekday 'funday'"),
    (("--days", "mon-sun"), "at least one rest day"),
    (("--max-day", "5"), "daily maximum"),
    (("--blackout", "2026-12-30..2026-12-01"), "ends before it starts"),
    (("--session-start", "25:00"), "time like 19:00"),
])
def test_init_rejects_unknown_choices(cli, answers_file, extra, message):
    r = init_with(cli, answers_file, extra=extra)
    code = 2 if "Invalid value" in message else 1
    assert message in one_line_error(r, code)
    no_database(cli)


@pytest.mark.parametrize("content,message", [
    ("{not json", "not valid JSON (line 1"),
    ('{"q1": "A"}', "missing quiz answer(s): q2, q3"),
    (json.dumps({f"q{i}": "Z" for i in range(1, 21)}), "answer for q1 must be A–E"),
    (json.dumps({**{f"q{i}": "A" for i in range(1, 21)}, "q99": "A"}), "unknown quiz item(s): q99"),
    ('["A", "B"]', "must hold an object"),
    ("", "not valid JSON"),
])
def test_malformed_or_partial_answers(cli, tmp_path, content, message):
    f = tmp_path / "bad.json"
    f.write_text(content)
    r = cli(*INIT_ARGS, "--answers", str(f))
    assert message in one_line_error(r)
    no_database(cli)


def test_answers_file_missing_too_big_or_binary(cli, tmp_path):
    assert "No such file" in one_line_error(cli(*INIT_ARGS, "--answers", str(tmp_path / "nope.json")))
    big = tmp_path / "big.json"
    big.write_text("{" + " " * 70_000 + "}")
    assert "too large" in one_line_error(cli(*INIT_ARGS, "--answers", str(big)))
    binary = tmp_path / "bin.json"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00garbage")                  # a picture given by mistake
    assert "not UTF-8" in one_line_error(cli(*INIT_ARGS, "--answers", str(binary)))
    utf16 = tmp_path / "utf16.json"                # \xff\xfe is UTF-16's mark: decoded, then judged as JSON
    utf16.write_bytes(b"\xff\xfe" + "{garbage".encode("utf-16-le"))
    assert "not valid JSON" in one_line_error(cli(*INIT_ARGS, "--answers", str(utf16)))
    assert "is a directory" in one_line_error(cli(*INIT_ARGS, "--answers", str(tmp_path)))
    no_database(cli)


def test_missing_options_without_a_terminal(cli, answers_file):
    r = cli("init", "--name", "Sam", "--answers", str(answers_file))
    assert "missing --years" in one_line_error(r)
    no_database(cli)


def test_read_commands_before_init(cli):
    for args in (("today",), ("status",), ("plan", "show"), ("done", "1"), ("plan", "export", "--ics", "x.ics")):
        assert "run `systemcraft init` first" in one_line_error(cli(*args))
    no_database(cli)


def run_read_only(cli, *args):
    """Run the command with the data directory really read-only: a read-only bind mount in a private
    mount namespace as root (root ignores permission bits), or permission bits otherwise."""
    cmd = [sys.executable, "-m", "systemcraft", *args]
    if os.geteuid() == 0:
        if shutil.which("unshare") is None:
            missing_component("unshare (util-linux)")
        script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'
        cmd = ["unshare", "-m", "--propagation", "private", "sh", "-c", script, str(cli.home), *cmd]
    else:
        for f in cli.home.iterdir():
            f.chmod(0o444)
        cli.home.chmod(0o555)
    try:
        return subprocess.run(cmd, env=cli.env, capture_output=True, text=True, timeout=60)
    finally:
        if os.geteuid() != 0:
            cli.home.chmod(0o755)


def test_read_only_empty_data_directory(cli, answers_file):
    cli.home.mkdir()
    r = run_read_only(cli, *INIT_ARGS, "--answers", str(answers_file))
    assert "cannot write to the data directory" in one_line_error(r, 3)
    assert list(cli.home.iterdir()) == []


def test_read_only_data_directory_reads_but_refuses_writes(ready_cli):
    db = ready_cli.home / "systemcraft.db"
    before = db.read_bytes()
    shown = run_read_only(ready_cli, "today")
    assert shown.returncode == 0 and "week 1 of 12" in shown.stdout, shown.stderr
    r = run_read_only(ready_cli, "done", "1")
    assert "is read-only" in one_line_error(r, 3)
    assert db.read_bytes() == before
    assert ready_cli.json("today")["tasks"][0]["status"] == "planned"


def test_unusable_data_directory(cli, answers_file, tmp_path):
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    r = cli("--home", str(blocker / "sub"), *INIT_ARGS, "--answers", str(answers_file))
    assert "cannot create the data directory" in one_line_error(r, 3)


def test_database_from_a_newer_version(ready_cli):
    db = ready_cli.home / "systemcraft.db"
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num = '0042_future'")
    con.commit()
    con.close()
    for args in (("today",), ("done", "1"), ("plan", "show")):
        assert "newer SystemCraft" in one_line_error(ready_cli(*args), 3)


def test_not_a_database(cli):
    cli.home.mkdir()
    (cli.home / "systemcraft.db").write_text("this is not sqlite")
    assert "not a SystemCraft database" in one_line_error(cli("today"), 3)


def test_unwritable_ics_path(ready_cli, tmp_path):
    assert "does not exist" in one_line_error(ready_cli("plan", "export", "--ics", str(tmp_path / "no" / "x.ics")))
    assert "is a directory" in one_line_error(ready_cli("plan", "export", "--ics", str(tmp_path)))
    assert not list(tmp_path.glob(".*.tmp"))


def test_export_replaces_atomically(ready_cli, tmp_path):
    target = tmp_path / "plan.ics"
    target.write_text("old calendar")
    assert ready_cli("plan", "export", "--ics", str(target)).returncode == 0
    assert target.read_text().startswith("BEGIN:VCALENDAR")
    assert not list(tmp_path.glob(".plan.ics.*"))


@pytest.mark.parametrize("args,message", [
    (("done", "9"), "no task 9 today"),
    (("done", "abc"), "is not a task"),
    (("done", "2026-11-30.1"), "is in the future"),
    (("done", "2026-13-01.1"), "not a valid date"),
    (("done", "1", "--minutes", "0"), "between 1 and 720"),
    (("done", "1", "--minutes", "100000"), "between 1 and 720"),
    (("done", "1", "--note", "n" * 3000), "too long"),
    (("skip", "1", "--reason", "  "), "the reason must not be empty"),
    (("today", "--date", "2026-02-31"), "not a valid date for --date"),
    (("plan", "show", "--week", "40"), "week 40 is not in this plan"),
    (("plan", "regenerate", "--interview", "2026-11-20"), "must be after today"),
    (("plan", "regenerate", "--hours", "0"), "at least 1"),
    (("plan", "regenerate", "--days", "mon-sun"), "at least one rest day"),
])
def test_daily_commands_reject_bad_input_and_change_nothing(ready_cli, args, message):
    before = ready_cli.json("plan", "show")
    today_before = ready_cli.json("today")
    assert message in one_line_error(ready_cli(*args))
    assert ready_cli.json("plan", "show") == before
    assert ready_cli.json("today") == today_before


def test_done_twice_and_skip_after_done(ready_cli):
    assert ready_cli("done", "1").returncode == 0
    assert "already done" in one_line_error(ready_cli("done", "1"))
    assert "already done" in one_line_error(ready_cli("skip", "1", "--reason", "x"))


def test_skip_needs_a_reason(ready_cli):
    r = ready_cli("skip", "1")
    assert r.returncode == 2 and "--reason" in r.stderr


def test_bad_fixed_clock_is_named(cli):
    env_cli = type(cli)(cli.home, extra_env={"SYSTEMCRAFT_TODAY": "someday"})
    assert "SYSTEMCRAFT_TODAY must be a date" in one_line_error(env_cli("today"))


def test_start_without_a_terminal_explains(cli):
    assert "run `systemcraft init` in a terminal" in one_line_error(cli("start"))


def test_an_unexpected_failure_is_one_line_and_saves_the_details(ready_cli):
    con = sqlite3.connect(ready_cli.home / "systemcraft.db")
    con.execute("ALTER TABLE plans DROP COLUMN travel_days")     # damage the schema behind our back
    con.commit()
    con.close()
    r = ready_cli("today")
    assert r.returncode == 70
    line = one_line_error(r, 70)
    assert "this is a SystemCraft bug" in line
    log = line.split("details in ")[1].split(" ")[0]
    assert "Traceback" in open(log).read()
