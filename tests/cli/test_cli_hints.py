"""Issue 16 §4: the services word their messages for every surface and the CLI adds the command (cli/hints.py);
the web shows the words alone (tests/web/test_no_terminal_leaks.py)."""

from __future__ import annotations

from datetime import date

from systemcraft.cli.hints import with_hint


def test_each_neutral_message_gets_its_command_on_the_terminal():
    assert with_hint("no story 7") == "no story 7 (see `systemcraft story list`)"
    assert with_hint("no delivery analysis 3").endswith("(see `systemcraft delivery`)")
    assert with_hint("this SystemCraft already holds a candidate; import into an empty one").endswith("--home NEWDIR)")
    assert "`init --force`" in with_hint("SystemCraft is already set up with a candidate and a plan")
    assert with_hint("Your interview was on 2027-02-15: reviews are paused until you set a new interview date.") \
        .endswith("Set one with `systemcraft plan regenerate --interview DATE`.")
    assert with_hint("no story 7 in the bank") == "no story 7 in the bank"      # only the exact wording


def test_the_cli_still_says_what_to_type(ready_cli, tmp_path):
    r = ready_cli("story", "show", "999")
    assert r.returncode == 1 and "no story 999 (see `systemcraft story list`)" in r.stderr
    out = tmp_path / "out"
    assert ready_cli("export", str(out)).returncode == 0
    r = ready_cli("import", str(out / "systemcraft-export.json"))
    assert r.returncode == 1 and "already holds a candidate" in r.stderr and "--home NEWDIR" in r.stderr
    r = ready_cli("review", today=date(2027, 2, 16))
    assert "reviews are paused until you set a new interview date" in r.stdout
    assert "systemcraft plan regenerate --interview DATE" in r.stdout


def test_the_quiz_can_be_retaken_from_the_terminal_too(ready_cli, answers_file):
    r = ready_cli("assess", "--answers", str(answers_file))
    assert r.returncode == 0, r.stderr
