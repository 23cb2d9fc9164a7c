"""Issue 13's speed target: a full 12-week scripted candidate (≈ 600 use cases through the Coach, on
SQLite, one Coach per day as the CLI would open) in ≤ 20 s. Prints medians; never asserted in tests."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from systemcraft.environment import Environment  # noqa: E402
from tests.conftest import TODAY  # noqa: E402
from tests.scenarios.driver import Day, Script, drive  # noqa: E402


def one(script: Script) -> tuple[float, int]:
    home = Path(tempfile.mkdtemp(prefix="systemcraft-scenario-")) / "home"

    def make_env(today=TODAY, db_url=None, home=home):
        return Environment(home=home, db_url=db_url or f"sqlite:///{home / 'systemcraft.db'}", today=today,
                           timezone="Europe/London", clock_fixed=True)
    t = time.perf_counter()
    run = drive(script, make_env)
    return time.perf_counter() - t, run.commands


def main() -> None:
    scripts = {"steady": Script("Steady"),
               "behind then recovers": Script("Behind", behaviour=lambda w, d: Day(None, 0, 2) if w in (3, 4)
                                              else Day(), rating=lambda w: 3 if w in (3, 4) else 4)}
    print("| 12-week scenario (SQLite)   | runs | commands | median s | target s |")
    print("|-----------------------------|------|----------|----------|----------|")
    for name, script in scripts.items():
        samples = [one(script) for _ in range(3)]
        print(f"| {name:<27} | {len(samples):>4} | {samples[0][1]:>8} | "
              f"{statistics.median(s for s, _ in samples):>8.2f} | {20:>8} |")


if __name__ == "__main__":
    main()
