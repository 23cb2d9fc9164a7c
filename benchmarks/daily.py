"""The daily commands, cold, on the demo candidate: reads and writes side by side (issue 15 §4).

Targets (cold medians on these machines): `today` ≤ 90 ms; `done`, `skip`, `log` ≤ 150 ms; `story add`
≤ 200 ms; `week`, `status` ≤ 120 ms. `python -c pass` runs in the same loop as the yardstick: this VM's
speed drifts by ~15 % between runs, so compare within one table.

Every write sample changes something real: `done` and `skip` each finish a different planned task (the
clock is moved a day on for each, so each is that day's task), `log` and `story add` each add a row.
Run with `make bench` or `python benchmarks/daily.py [--runs N]`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from systemcraft.coach import Coach
from systemcraft.demo import create_demo
from systemcraft.environment import Environment

TODAY = date(2026, 11, 23)
STORY = ["--title", "Cut the release train from two weeks to two days", "--lp", "deliver-results", "--level", "L6",
         "--situation", "Our mobile releases slipped every fortnight and support tickets piled up behind them.",
         "--task", "I owned getting releases predictable without adding headcount to the team.",
         "--action", "I split the monolith build into three pipelines, added canary checks and moved the team "
                     "to trunk-based development over six weeks, pairing with the two sceptical leads first.",
         "--result", "Releases went from every 14 days to every 2, and crash-related tickets fell 38% in a quarter."]


def median_row(name: str, samples: list[float], target: float | None, base: float) -> str:
    med = statistics.median(samples)
    verdict = "" if target is None else ("ok" if med <= target else "OVER")
    tgt = "" if target is None else f"{target:.0f}"
    return f"| {name:<34} | {len(samples):>3} | {med:>8.1f} | {med - base:>8.1f} | {tgt:>6} | {verdict:<4} |"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    root = Path(tempfile.mkdtemp(prefix="systemcraft-daily-"))
    home = root / "home"
    try:
        env = Environment(home=home, db_url=f"sqlite:///{home / 'systemcraft.db'}", today=TODAY,
                          timezone="Europe/London", clock_fixed=True)
        home.mkdir()
        create_demo(home, env)
        # Days after today that have at least two tasks: one sample of `done` and one of `skip` each.
        coach = Coach(env)
        days = []
        for w in coach.plan_view().weeks:
            for d in coach.plan_view(w.number).weeks[0].days:
                if d["date"] > TODAY and len(d["tasks"]) >= 2:
                    days.append(d["date"])
        coach.close()
        if len(days) < runs + 1:
            raise SystemExit(f"only {len(days)} future study days in the demo plan; use --runs {len(days) - 1}")

        exe = shutil.which("systemcraft", path=os.path.dirname(sys.executable)) or "systemcraft"
        base_env = {**os.environ, "SYSTEMCRAFT_HOME": str(home), "TZ": "Europe/London"}
        commands = {
            "`python -c pass`": lambda i: ([sys.executable, "-c", "pass"], None),
            "`today`": lambda i: ([exe, "today"], days[i]),
            "`week`": lambda i: ([exe, "week"], days[i]),
            "`status`": lambda i: ([exe, "status"], days[i]),
            "`done N`": lambda i: ([exe, "done", f"{days[i].isoformat()}.1"], days[i]),
            "`skip N -r …`": lambda i: ([exe, "skip", f"{days[i].isoformat()}.2", "-r", "travel"], days[i]),
            "`log study`": lambda i: ([exe, "log", "study", "--category", "coding", "--minutes", "20"], days[i]),
            "`story add` (flags)": lambda i: ([exe, "story", "add", *STORY], days[i]),
        }
        targets = {"`today`": 90, "`week`": 120, "`status`": 120, "`done N`": 150, "`skip N -r …`": 150,
                   "`log study`": 150, "`story add` (flags)": 200}
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for name, make in commands.items():          # one warm-up each: the page cache, the byte code
            cmd, day = make(runs)
            subprocess.run(cmd, env={**base_env, "SYSTEMCRAFT_TODAY": (day or TODAY).isoformat()},
                           capture_output=True)
        for i in range(runs):                        # interleaved: drift hits every command alike
            for name, make in commands.items():
                cmd, day = make(i)
                run_env = {**base_env, "SYSTEMCRAFT_TODAY": (day or TODAY).isoformat()}
                t = time.perf_counter()
                done = subprocess.run(cmd, env=run_env, capture_output=True)
                samples[name].append((time.perf_counter() - t) * 1000)
                if done.returncode != 0:
                    raise SystemExit(f"{' '.join(cmd[1:])} failed: {done.stderr.decode()[-300:]}")
        base = statistics.median(samples["`python -c pass`"])
        print(f"SystemCraft daily commands, cold — Python {sys.version.split()[0]}, {os.cpu_count()} cores, "
              f"{runs} runs each, interleaved (ms)\n")
        print("| command                            |   n |   median | − python |  target | ok?  |")
        print("|------------------------------------|-----|----------|----------|---------|------|")
        for name in commands:
            print(median_row(name, samples[name], targets.get(name), base))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
