"""`systemcraft mock score ID` (issue 16 §2): a mock stopped early, or saved without a rubric, is scored
later with the same questions as after a mock; `mock list` shows which still wait, and the command."""

from __future__ import annotations

import pytest

from systemcraft.domain import mocks as dm
from tests.cli.test_bad_input import one_line_error

DIMS = dm.rubric_dimensions("behavioral", "L6")


@pytest.fixture
def stopped(ready_cli):
    """A behavioral mock stopped early: a STAR mark, on to question 1, then q (each input one fake minute)."""
    ready_cli.env["SYSTEMCRAFT_MOCK_CLOCK"] = "step:60"
    r = ready_cli("mock", "start", "behavioral", input="s\n\nq\n")
    assert r.returncode == 0, r.stderr
    assert "mock #1 saved as partial" in r.stdout and "Score it later: systemcraft mock score 1" in r.stdout
    return ready_cli


def answers(rec="4", first="4") -> str:
    lines = []
    for i, _ in enumerate(DIMS):
        lines += [first if i == 0 else "4", f"evidence {i}"]
    return "\n".join(lines + [rec, "clear structure; owned the outcome", "more numbers"]) + "\n"


def test_list_shows_the_unscored_mock_and_the_command_then_score_it(stopped):
    listing = stopped("mock", "list")
    assert listing.returncode == 0
    assert "partial" in listing.stdout and "not scored: systemcraft mock score 1" in listing.stdout

    r = stopped("mock", "score", "1", input=answers())
    assert r.returncode == 0, r.stderr
    for d in DIMS:                                      # asked the same questions as after a mock
        assert f"{d} (1–5)" in r.stdout
    assert "Mock #1 scored: recommendation 4 (Hire), mean score 4." in r.stdout

    (m,) = stopped.json("mock", "list")
    assert (m["status"], m["recommendation"]) == ("partial", 4)
    assert m["strengths"] == ["clear structure", "owned the outcome"] and m["improvements"] == ["more numbers"]
    assert m["scores"][DIMS[0]] == {"score": 4, "evidence": "evidence 0"}
    (entry,) = stopped.json("log", "list", "--kind", "mock")
    assert entry["score"] == 4.0 and entry["title"] == "Behavioral mock (partial)"
    assert "recommendation 4" in stopped("mock", "list").stdout
    assert "mock score" not in stopped("mock", "list").stdout


def test_a_score_outside_1_to_5_is_asked_again(stopped):
    r = stopped("mock", "score", "1", input="7\n" + answers(first="3"))
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("type a whole number from 1 to 5") == 1
    assert stopped.json("mock", "list")[0]["scores"][DIMS[0]]["score"] == 3


def test_scoring_twice_is_refused_in_one_line(stopped):
    assert stopped("mock", "score", "1", input=answers()).returncode == 0
    err = one_line_error(stopped("mock", "score", "1", input=answers(rec="1")))
    assert "mock #1 is already scored (recommendation 4); a mock is scored once, so nothing was changed" in err
    assert stopped.json("mock", "list")[0]["recommendation"] == 4


def test_an_unfinished_rubric_saves_nothing(stopped):
    err = one_line_error(stopped("mock", "score", "1", input="4\nfine\n"))
    assert "the rubric was not finished, so mock #1 is still not scored" in err
    assert stopped.json("mock", "list")[0]["recommendation"] is None
    assert stopped.json("log", "list", "--kind", "mock")[0]["score"] is None


@pytest.mark.parametrize("arg, code, message", [
    ("2", 1, "no mock #2"),
    ("2147483647", 1, "no mock #2147483647"),
    ("2147483648", 2, "must be a whole number from 1 to 2147483647"),
    ("99999999999999999999999", 2, "must be a whole number from 1 to 2147483647"),
    ("0", 2, "must be a whole number from 1 to 2147483647, got 0"),
    ("one", 2, "got 'one'"),
])
def test_bad_ids_are_one_line(stopped, arg, code, message):
    assert message in one_line_error(stopped("mock", "score", arg, input=answers()), code)
    assert stopped.json("mock", "list")[0]["recommendation"] is None


def test_a_mock_saved_without_a_rubric_at_the_end_is_scored_too(ready_cli):
    """All phases run, then the input ends before the rubric: saved complete, unscored; scored afterwards."""
    ready_cli.env["SYSTEMCRAFT_MOCK_CLOCK"] = "step:60"
    phases = sum(len(dm.FORMATS[r]) for r in dm.rounds("behavioral", "L6"))
    r = ready_cli("mock", "start", "behavioral", input="\n" * phases)
    assert r.returncode == 0 and "saved without a rubric. Score it later: systemcraft mock score 1" in r.stdout
    assert ready_cli.json("mock", "list")[0]["status"] == "complete"
    assert ready_cli("mock", "score", "1", input=answers(rec="5")).returncode == 0
    assert ready_cli.json("mock", "list")[0]["recommendation"] == 5
    assert ready_cli.json("log", "list", "--kind", "mock")[0]["title"] == "Behavioral mock (complete)"
