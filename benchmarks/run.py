"""SystemCraft speed benchmarks: prints a table of medians (never asserted in tests).

Targets from the issues:
  today cold start on a 26-week plan ≤ 100 ms · 26-week plan generation ≤ 50 ms · ICS export ≤ 200 ms
Run with `make bench` (uses the installed, byte-compiled package).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from systemcraft.coach import Coach, PlanOptions, Profile
from systemcraft.domain.schedule import GapTarget, ScheduleRequest, generate
from systemcraft.environment import Environment

TODAY = date(2026, 11, 23)
ANSWERS = {f"q{i}": "B" for i in range(1, 21)}   # total 40: the 6-month plan


def timed(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def row(name: str, samples: list[float], target: float) -> str:
    med = statistics.median(samples)
    p90 = sorted(samples)[int(len(samples) * 0.9) - 1]
    verdict = "ok" if med <= target else "OVER"
    return f"| {name:<42} | {len(samples):>3} | {min(samples):>8.1f} | {med:>8.1f} | {p90:>8.1f} | {target:>7.0f} | {verdict:<4} |"


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="systemcraft-bench-"))
    try:
        env = Environment(home=home, db_url=f"sqlite:///{home / 'systemcraft.db'}", today=TODAY,
                          timezone="Europe/London")
        coach = Coach(env)
        coach.onboard(Profile("Bench", "L7", "engineer", 8, 3), ANSWERS,
                      PlanOptions(start=TODAY, interview=TODAY + timedelta(weeks=26), hours_per_week=10))
        view = coach.plan_view()
        assert view.plan_id == "career_transition" and len(view.weeks) == 26, view.plan_id

        request = ScheduleRequest("career_transition", "standard", "L7", TODAY, TODAY + timedelta(weeks=26), 10.0,
                                  gaps=tuple(GapTarget(c, f"gap {c}", 2.0) for c in
                                             ("coding", "system_design", "behavioral")))
        generate(request)
        gen = timed(lambda: generate(request), 50)

        target = home / "plan.ics"
        ics = timed(lambda: coach.export_ics(target), 15)
        coach.close()

        exe = shutil.which("systemcraft", path=os.path.dirname(sys.executable)) or "systemcraft"
        cmd = [exe, "today"]
        run_env = {**os.environ, "SYSTEMCRAFT_HOME": str(home), "SYSTEMCRAFT_TODAY": "2026-12-02"}
        subprocess.run(cmd, env=run_env, check=True, capture_output=True)   # warm the page cache
        cold = timed(lambda: subprocess.run(cmd, env=run_env, check=True, capture_output=True), 21)
        baseline = timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), 11)

        print(f"SystemCraft benchmarks — Python {sys.version.split()[0]}, {os.cpu_count()} cores "
              f"(times in ms; `python -c pass` median {statistics.median(baseline):.1f} ms)\n")
        print("| benchmark                                  |   n |      min |   median |      p90 |  target | ok?  |")
        print("|--------------------------------------------|-----|----------|----------|----------|---------|------|")
        print(row("`systemcraft today` cold start (26-wk plan)", cold, 100))
        print(row("generate a 26-week plan (in process)", gen, 50))
        print(row("export a 26-week plan as ICS (in process)", ics, 200))
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
