"""The command-line sweep (cli_sweep.py) in CI: every command, each slot, the first three hostile values
of its kind. The whole sweep (~1,000 invocations) runs in `make soak`."""

from __future__ import annotations

import pytest

from tests.hostile import cli_sweep
from tests.hostile.cli_sweep import Case, Outcome


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    return cli_sweep.sweep(tmp_path_factory.mktemp("sweep"), per_kind=3)


def test_every_baseline_is_a_valid_invocation(results):
    """The sweep only reaches deep code if the invocation it mutates works: every baseline exits 0
    (content lint exits 1 because its page has findings, which it prints on stdout)."""
    baselines = {r.case.what: r.code for r in results if r.case.what.endswith("(baseline)")}
    assert len(baselines) == len(cli_sweep.BASE)
    broken = {what: code for what, code in baselines.items() if code != 0 and what != "content lint (baseline)"}
    assert broken == {}
    assert baselines["content lint (baseline)"] == 1


def test_no_hostile_value_ends_in_a_traceback_or_a_ragged_error(results):
    findings = [f"{r.finding}: {r.case.what}: {r.stderr.strip()[:160]}" for r in results if r.finding]
    assert findings == []
    assert len(results) > 300


@pytest.mark.parametrize("code, stderr, stdout, verdict", [
    (70, "error: unexpected OverflowError … this is a SystemCraft bug\n", "", "exit 70 / traceback"),
    (1, "Traceback (most recent call last):\n  File …\n", "", "exit 70 / traceback"),
    (1, "error: '\n\n' is not FIELD=VALUE\n", "", "lines on stderr"),
    (3, "error: x\n", "", "exit 3"),
    (1, "", "", "0 lines on stderr"),
    (1, "error: no story 5\n", "", None),
    (2, "error: no such option: --x\n", "", None),
    (0, "", "Done.\n", None),
])
def test_the_sweep_judges_outcomes_as_stated(code, stderr, stdout, verdict):
    found = Outcome(Case(("x",), "x"), code, stderr, stdout).finding
    assert (found is None) if verdict is None else (verdict in found)
