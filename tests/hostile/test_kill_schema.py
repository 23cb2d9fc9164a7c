"""SIGKILL during first-run creation and during an upgrade: every home still opens (issue 14 §1).

The short run for CI: SYSTEMCRAFT_KILLS kills per loop (15 by default). `make soak`
(scripts/soak.py) runs the same loops at least 100 times each, plus a loop over ordinary writes.
"""

from __future__ import annotations

import os

from tests.hostile.kill_loops import ROOT, Runner, creation_loop, upgrade_loop

KILLS = int(os.environ.get("SYSTEMCRAFT_KILLS", "15"))


def _check(res) -> None:
    assert res.runs == KILLS
    assert res.kills >= KILLS // 3, f"too few runs were cut ({res.kills} of {res.runs}): the timing is off"
    assert res.failures == [], "\n".join(res.failures)
    assert res.usable == res.runs and res.lost == 0


def test_a_home_killed_while_being_created_opens_afterwards(tmp_path):
    """`init` killed anywhere, from start-up through the schema's creation to the first rows: `init` again
    sets the home up (or finds it set up) and `status` answers; never 'table … already exists'."""
    _check(creation_loop(Runner(ROOT, tmp_path), KILLS, seed=14))


def test_a_home_killed_while_being_upgraded_opens_afterwards_with_its_data(tmp_path):
    """A home at 0006 with a candidate, a done task, a story and a check-in; the command that upgrades it
    is killed; `export` then succeeds, the schema is the newest and the data all there."""
    _check(upgrade_loop(Runner(ROOT, tmp_path), KILLS, seed=15))
