"""What the environment hands the program: TZ, argument bytes, a closed stdin (issue 14 §6, §9).

TZ is resolved the way the C library does (a zone name, an optional leading ':', a path to a zone file
under a zoneinfo folder, legacy names such as Japan) or refused with one line; arguments that are not
valid UTF-8 are refused before anything runs; `review` with input closed says truthfully what it saved.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from systemcraft import paths
from systemcraft.errors import InputError
from tests.conftest import INIT_ARGS


@pytest.mark.parametrize("tz, zone", [
    ("Europe/Paris", "Europe/Paris"),
    (":Europe/Paris", "Europe/Paris"),                         # POSIX: ':' then an implementation name
    ("/usr/share/zoneinfo/Europe/Paris", "Europe/Paris"),      # a path, as some containers set it
    (":/usr/share/zoneinfo/Asia/Tokyo", "Asia/Tokyo"),
    ("/usr/share/zoneinfo/posix/Asia/Tokyo", "Asia/Tokyo"),    # the posix/ copy of the database
    ("Japan", "Japan"),                                        # a legacy name the database still carries
    ("UTC", "UTC"),
])
def test_tz_values_the_system_accepts_resolve_to_a_zone_name(tz, zone):
    if tz.lstrip(":").startswith("/") and not os.path.exists(tz.lstrip(":")):
        pytest.fail(f"{tz} is missing: install tzdata (make test does)")
    assert paths.local_timezone({"TZ": tz}) == zone


@pytest.mark.parametrize("tz", ["Nowhere/Land", "../../etc/passwd", "/etc/passwd", "Europe/../../etc/passwd",
                                "CET-1CEST", "x" * 5000])
def test_tz_values_naming_no_zone_are_refused_in_one_line(tz):
    with pytest.raises(InputError) as info:
        paths.local_timezone({"TZ": tz})
    message = str(info.value)
    assert "not a time zone" in message and "\n" not in message and len(message) < 300


def test_an_empty_tz_means_the_systems_zone():
    zone = paths.local_timezone({"TZ": ""})
    assert zone == paths.local_timezone({})
    assert zone                                                    # a name, at worst UTC


def test_init_under_a_tz_path_stores_the_zone_name(cli, answers_file):
    cli.env["TZ"] = "/usr/share/zoneinfo/America/New_York"
    r = cli(*INIT_ARGS, "--answers", str(answers_file))
    assert r.returncode == 0, r.stderr
    import sqlite3
    conn = sqlite3.connect(cli.home / "systemcraft.db")
    try:
        assert conn.execute("SELECT timezone FROM candidates").fetchone()[0] == "America/New_York"
    finally:
        conn.close()


def test_a_bad_tz_stops_every_command_with_one_line_and_writes_nothing(cli, answers_file):
    cli.env["TZ"] = "Nowhere/Land"
    r = cli(*INIT_ARGS, "--answers", str(answers_file))
    assert r.returncode == 1
    assert r.stderr.count("\n") == 1 and "TZ='Nowhere/Land'" in r.stderr
    assert not (cli.home / "systemcraft.db").exists()


def test_arguments_that_are_not_utf8_are_refused_before_anything_runs(ready_cli):
    """Python keeps undecodable argv bytes as lone surrogates; a title made of them used to reach the
    database and the terminal and end in a traceback (exit 70)."""
    env = {**ready_cli.env, "LC_ALL": "C.UTF-8"}
    before = ready_cli.json("log", "list")
    r = subprocess.run([sys.executable, "-m", "systemcraft", "log", "concept", b"--title".decode(),
                        os.fsdecode(b"Consistent \xff\xfe hashing"), "--minutes", "20"],
                       env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2, r.stderr
    assert r.stderr.count("\n") == 1 and "not valid UTF-8" in r.stderr
    assert ready_cli.json("log", "list") == before


def test_review_with_input_closed_says_what_it_saved(ready_cli):
    """`review --day-start 0 </dev/null` saved the hour, then claimed nothing was saved."""
    r = ready_cli("review", "--day-start", "0")                   # stdin is empty: the first prompt meets EOF
    assert r.returncode == 0, r.stderr
    assert "nothing was saved" not in r.stdout + r.stderr
    assert "study day now starts at 0:00" in r.stdout
    assert "Reviewed 0 cards (stopped; every answer given is saved)." in r.stdout
    import sqlite3
    conn = sqlite3.connect(ready_cli.home / "systemcraft.db")
    try:
        assert conn.execute("SELECT day_start_hour FROM candidates").fetchone()[0] == 0   # it was saved
    finally:
        conn.close()
    assert ready_cli.json("review", "--list")["due"] == 16         # no card was answered by the EOF
