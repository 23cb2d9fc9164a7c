"""Numbers from the command line are range-checked before they reach SQL (issue 14 §3, §9).

Before, `story show 99999999999999999999999` (and `story edit|delete|check`, `log edit|delete`) ended
in "OverflowError: Python int too large to convert to SQLite INTEGER — this is a SystemCraft bug"
(exit 70); `plan regenerate --max-day 0` was silently ignored; `story match --limit -1` answered "no
story fits"; `review --limit 0` meant "no limit". Now every numeric option and argument has a checked
type (cli/params.py): ids are 1 … 2,147,483,647 (PostgreSQL's `integer`), other whole numbers fit
64 bits and the domain judges their meaning (NaN and infinite decimals included), with the same
message as on the web. Every hostile value below is a
one-line error with exit 1 or 2: never 70, never a traceback, never SQL.

The first test finds the numeric parameters itself: a new one without a checked type, or without
a case here, fails it.
"""

from __future__ import annotations

import re

import click
import pytest

from systemcraft.cli.params import INT32_MAX, Real, Whole
from tests.cli.test_bad_input import one_line_error
from tests.hostile import cli_sweep

TODAY = cli_sweep.TODAY
# (command words, parameter name) → (argv with {v} where the value goes, a valid value, the day to run on)
CASES: dict[tuple[str, str], tuple[tuple[str, ...], str, str | None]] = {
    ("done", "minutes"): (("done", "1", "--minutes", "{v}"), "30", None),
    ("week", "week"): (("week", "--week", "{v}"), "1", None),
    ("adapt", "week"): (("adapt", "--dry-run", "--week", "{v}"), "1", "2026-12-09"),
    ("month", "number"): (("month", "--month", "{v}"), "1", None),
    ("checkpoint record", "number"): (("checkpoint", "record", "{v}", "--part", "1A=80", "--part", "1B=22",
                                       "--part", "1C=70", "--part", "1D=90"), "1", None),
    ("plan recommend", "hours"): (("plan", "recommend", "--hours", "{v}"), "10", None),
    ("plan show", "week"): (("plan", "show", "--week", "{v}"), "1", None),
    ("plan regenerate", "hours"): (("plan", "regenerate", "--hours", "{v}"), "9", None),
    ("plan regenerate", "max_day"): (("plan", "regenerate", "--max-day", "{v}"), "200", None),
    ("log coding", "minutes"): (("log", "coding", "--title", "Two sum", "--pattern", "two-pointers",
                                 "--difficulty", "easy", "--minutes", "{v}"), "25", None),
    ("log design", "minutes"): (("log", "design", "--problem", "a chat", "--level", "L6", "--minutes", "{v}",
                                 "--score", "3"), "60", None),
    ("log design", "score"): (("log", "design", "--problem", "a chat", "--level", "L6", "--minutes", "60",
                               "--score", "{v}"), "3", None),
    ("log study", "minutes"): (("log", "study", "--category", "coding", "--minutes", "{v}"), "30", None),
    ("log story", "minutes"): (("log", "story", "--title", "Billing", "--lp", "ownership", "--minutes", "{v}"),
                               "20", None),
    ("log mock", "score"): (("log", "mock", "--type", "behavioral", "--score", "{v}", "--minutes", "45"), "3", None),
    ("log mock", "minutes"): (("log", "mock", "--type", "behavioral", "--score", "3", "--minutes", "{v}"),
                              "45", None),
    ("log checkin", "hours"): (("log", "checkin", "--hours", "{v}", "--confidence", "3", "--energy", "3"),
                               "1.5", None),
    ("log checkin", "confidence"): (("log", "checkin", "--hours", "1", "--confidence", "{v}", "--energy", "3"),
                                    "3", None),
    ("log checkin", "energy"): (("log", "checkin", "--hours", "1", "--confidence", "3", "--energy", "{v}"),
                                "3", None),
    ("log ratings", "week"): (("log", "ratings", "coding=3", "--week", "{v}"), "1", None),
    ("log notes", "week"): (("log", "notes", "--win", "shipped", "--week", "{v}"), "1", None),
    ("log list", "week"): (("log", "list", "--week", "{v}"), "1", None),
    ("log edit", "entry_id"): (("log", "edit", "{v}", "minutes=40"), "1", None),
    ("log delete", "entry_id"): (("log", "delete", "{v}"), "1", None),
    ("story show", "story_id"): (("story", "show", "{v}"), "1", None),
    ("story edit", "story_id"): (("story", "edit", "{v}"), "1", None),       # EDITOR=false: exit 1 when valid
    ("story delete", "story_id"): (("story", "delete", "{v}"), "1", None),
    ("story check", "story_id"): (("story", "check", "{v}"), "1", None),
    ("story check", "wpm"): (("story", "check", "--wpm", "{v}"), "150", None),
    ("story match", "limit"): (("story", "match", "ownership", "--limit", "{v}"), "3", None),
    ("review", "limit"): (("review", "--list", "--limit", "{v}"), "5", None),
    ("review", "day_start"): (("review", "--list", "--day-start", "{v}"), "4", None),
    ("analyze", "story_id"): (("analyze", "{tmp}/answer.txt", "--duration", "2:00", "--no-save", "--story", "{v}"),
                              "1", None),
    ("analyze", "mock_id"): (("analyze", "{tmp}/answer.txt", "--duration", "2:00", "--no-save", "--mock", "{v}"),
                             "1", None),
    ("delivery", "analysis_id"): (("delivery", "{v}"), "1", None),
    ("mock score", "mock_id"): (("mock", "score", "{v}"), None, None),     # the home's one mock is scored already
    ("init", "years"): (("init", "--force", "--years", "{v}"), "10", None),
    ("init", "engineers"): (("init", "--force", "--engineers", "{v}"), "9", None),
    ("init", "hours"): (("init", "--force", "--hours", "{v}"), "10", None),
    ("init", "max_day"): (("init", "--force", "--max-day", "{v}"), "240", None),
    ("serve", "port"): (("serve", "--no-open", "--port", "{v}"), None, None),
    ("serve", "workers"): (("serve", "--no-open", "--workers", "{v}"), None, None),
}
INIT_REST = {"years": "10", "engineers": "9", "hours": "10", "max_day": "240"}

WHOLE_VALUES = ["99999999999999999999999", "9" * 5000, "-9223372036854775809", "9223372036854775808",
                str(INT32_MAX + 1), "1e3", "nan", "inf", "0x10", "1.5", "", "٣" * 30]
REAL_VALUES = ["nan", "inf", "-inf", "1e400", "1e308", "-1", "99999999999999999999999", "9" * 5000, "0x10",
               "", "1,5"]
SQL = re.compile(r"SELECT|INSERT|UPDATE|DELETE FROM|sqlite|psycopg|sqlalchemy|OverflowError|Traceback", re.I)


def numeric_params() -> dict[tuple[str, str], click.Parameter]:
    from systemcraft.cli import analyze, content, daily, log, mock, plan, review, setup, story, web  # noqa: F401
    from systemcraft.cli.main import cli
    found = {}

    def walk(group, prefix):
        for name, cmd in group.commands.items():
            path = f"{prefix} {name}".strip()
            if isinstance(cmd, click.Group):
                walk(cmd, path)
                continue
            for p in cmd.params:
                if isinstance(p.type, (click.types.IntParamType, click.types.FloatParamType, Whole, Real)):
                    found[(path, p.name)] = p
    walk(cli, "")
    return found


def test_every_numeric_parameter_has_a_checked_type_and_a_case_here():
    params = numeric_params()
    assert len(params) >= 40
    unchecked = [k for k, p in params.items()
                 if not isinstance(p.type, (Whole, Real))
                 and not (isinstance(p.type, click.IntRange) and p.type.min is not None and p.type.max is not None
                          and p.type.max <= INT32_MAX)]
    assert unchecked == [], f"give these a type from cli/params.py: {unchecked}"
    ids = [k for k, p in params.items() if k[1].endswith("_id") or k[1] == "entry_id"]
    assert all((params[k].type.min if isinstance(params[k].type, click.IntRange) else params[k].type.low) == 1
               for k in ids)
    assert set(params) == set(CASES), f"missing or stale cases: {set(params) ^ set(CASES)}"


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    root = tmp_path_factory.mktemp("numbers")
    h = cli_sweep.make_home(root)
    env = {"SYSTEMCRAFT_HOME": str(h), "SYSTEMCRAFT_TODAY": TODAY, "TZ": "Europe/London"}
    code, _, err = cli_sweep.run_full(["mock", "import-feedback", str(root / "files" / "feedback.md")], env)
    assert code == 0, err                       # mock 1, for `analyze --mock 1`
    return root / "files", env


def argv_for(key, value, tmp) -> list[str]:
    template = CASES[key][0]
    argv = [a.replace("{v}", value).replace("{tmp}", str(tmp)) for a in template]
    if key[0] == "init":        # init needs every other answer as an option (no terminal)
        rest = []
        for name, default in INIT_REST.items():
            if name != key[1]:
                rest += [f"--{name.replace('_', '-')}", default]
        argv = argv + rest + ["--name", "Sam", "--role", "manager", "--interview", "2027-02-15",
                              "--answers", str(tmp / "quiz.json")]
    return argv


def run(home, argv, day=None):
    tmp, env = home
    return cli_sweep.run_full(argv, {**env, "SYSTEMCRAFT_TODAY": day or TODAY})


def cases():
    out = []
    for key, (_, valid, day) in CASES.items():
        values = REAL_VALUES if key[1] == "hours" else WHOLE_VALUES
        out += [pytest.param(key, v, day, id=f"{key[0]} --{key[1]}={v[:12]}") for v in values]
    return out


@pytest.mark.parametrize("key,value,day", cases())
def test_a_hostile_number_is_a_one_line_error(home, key, value, day):
    code, out, err = run(home, argv_for(key, value, home[0]), day)
    assert code in (1, 2), (code, out[:200], err)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert not SQL.search(err), err
    assert len(err) < 500, err                      # a 5,000-digit value is not echoed whole


DESTRUCTIVE = {("story delete", "story_id"), ("log delete", "entry_id"), ("init", "years"), ("init", "engineers"),
               ("init", "hours"), ("init", "max_day")}


@pytest.mark.parametrize("key", [k for k, c in CASES.items() if c[1] is not None], ids=" ".join)
def test_the_same_invocation_with_a_sensible_number_works(home, key, tmp_path):
    """The hostile values above reach the parameter: with a sensible one the command succeeds."""
    if key in DESTRUCTIVE:          # on a home of its own, so the shared one keeps its story and entry
        h = cli_sweep.make_home(tmp_path)
        home = (tmp_path / "files", {**home[1], "SYSTEMCRAFT_HOME": str(h)})
    code, out, err = run(home, argv_for(key, CASES[key][1], home[0]), CASES[key][2])
    expected = 1 if key == ("story edit", "story_id") else 0       # the test's EDITOR is `false`
    assert code == expected, (code, out[:300], err)
    if expected:
        assert "the editor exited with status 1" in err


# ---- the cases named in the issue, with their messages ---------------------------------------------

@pytest.mark.parametrize("argv,code,message", [
    (("done", "99999999999999999999999"), 1, "is not a task"),
    (("story", "show", "99999999999999999999999"), 2, "must be a whole number from 1 to 2147483647"),
    (("story", "show", "1e3"), 2, "must be a whole number from 1 to 2147483647, got '1e3'"),
    (("story", "delete", "2147483648"), 2, "got 2147483648"),
    (("log", "delete", "9" * 5000), 2, "(5000 characters)"),
    (("mock", "show", "-1"), 2, "No such command 'show'"),
    (("log", "checkin", "--hours", "nan", "--confidence", "3", "--energy", "3"), 1, "hours must be between 0 and 16, got nan"),
    (("log", "checkin", "--hours", "1e400", "--confidence", "3", "--energy", "3"), 1, "got inf"),
    (("plan", "regenerate", "--hours", "nan"), 1, "hours per week must be at least 1 and at most 70, got nan"),
    (("log", "checkin", "--hours", "0x10", "--confidence", "3", "--energy", "3"), 2, "must be a number such as"),
    (("week", "--week", "9223372036854775808"), 2, "must be a whole number from -9223372036854775808"),
    (("week", "--week", "2147483648"), 1, "week 2147483648 is not in this plan"),
    (("log", "checkin", "--hours", "1e308", "--confidence", "3", "--energy", "3"), 1, "hours must be between 0 and 16"),
    (("log", "study", "--category", "coding", "--minutes", "-5"), 1, "minutes must be between 1 and 720, got -5"),
    (("done", "2", "--minutes", "-5"), 1, "minutes must be between 1 and 720, got -5"),
    (("plan", "regenerate", "--max-day", "0"), 2, "must be a whole number from 1 to"),
    (("story", "match", "ownership", "--limit", "0"), 2, "from 1 to 100"),
    (("review", "--list", "--limit", "0"), 2, "from 1 to 100000"),
    (("log", "edit", "1", "minutes=99999999999999999999999"), 1, "minutes must be between 1 and 720"),
    (("log", "edit", "1", "score=nan"), 1, "score must be from 1 to 5"),
    (("log", "ratings", "coding=99999999999999999999999"), 1, "whole number from 1 to 5"),
    (("checkpoint", "record", "1", "--part", "1A=nan"), 1, "between 0 and 100, got nan"),
    (("checkpoint", "record", "4", "--survey", ",".join(["99999999999999999999999"] * 15)), 1, "15 ratings from 1 to 10"),
])
def test_the_reported_cases(home, argv, code, message):
    got, out, err = run(home, list(argv))
    assert got == code, (got, out[:200], err)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in err, err
    assert not SQL.search(err)


def test_a_fake_mock_clock_of_nan_is_refused(ready_cli):
    ready_cli.env["SYSTEMCRAFT_MOCK_CLOCK"] = "step:nan"
    assert "SYSTEMCRAFT_MOCK_CLOCK must look like step:60" in one_line_error(ready_cli("mock", "start", "coding"))


def test_a_rubric_score_in_other_digits_is_asked_again(ready_cli):
    from systemcraft.domain import mocks as dm
    ready_cli.env["SYSTEMCRAFT_MOCK_CLOCK"] = "step:60"
    phases = sum(len(dm.FORMATS[r]) for r in dm.rounds("coding", "L6"))
    dims = dm.rubric_dimensions("coding", "L6")
    lines = [""] * phases + ["²", "٣", "4", "ok"] + ["3", "ok"] * (len(dims) - 1) + ["3", "", ""]
    r = ready_cli("mock", "start", "coding", input="\n".join(lines) + "\n")
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("type a whole number from 1 to 5") == 2


def test_the_largest_id_reaches_postgresql_as_not_found(cli, answers_file, pg_url):
    """2,147,483,647 is the bound because PostgreSQL's `integer` ids stop there: at the bound the
    store answers "not found"; one past it never reaches the store."""
    from tests.conftest import INIT_ARGS
    cli.env["SYSTEMCRAFT_DB"] = pg_url
    assert cli(*INIT_ARGS, "--answers", str(answers_file)).returncode == 0
    for argv in (("story", "show"), ("story", "delete"), ("log", "delete"), ("delivery",)):
        err = one_line_error(cli(*argv, str(INT32_MAX)))
        assert "no " in err and not SQL.search(err), err
        err = one_line_error(cli(*argv, str(INT32_MAX + 1)), 2)
        assert "2147483647" in err and not SQL.search(err), err
