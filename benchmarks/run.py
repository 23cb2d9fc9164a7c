"""SystemCraft speed benchmarks: prints a table of medians (never asserted in tests).

Targets from the issues:
  today cold start on a 26-week plan ≤ 100 ms · 26-week plan generation ≤ 50 ms · ICS export ≤ 200 ms
  with three years of daily logs (≈ 50,000 entries): `week`, `month` and `adapt --dry-run` cold ≤ 150 ms;
  all 156 weekly scorecards ≤ 300 ms
  with 200 stories, 5,000 cards and 100,000 reviews: `story coverage` ≤ 150 ms, `review` until the
  first card is shown ≤ 150 ms, analysing one story ≤ 5 ms
  content: lint the whole built-in pack ≤ 2 s; load the pack (cached) ≤ 100 ms
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
from dataclasses import replace
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


def add_three_years_of_logs(env: Environment) -> int:
    """≈ 46 entries a day for 3 years up to week 20 of the plan, plus weekly ratings: ≈ 50,000 rows."""
    from systemcraft.store.repository import Repository
    repo = Repository(env.db_url, env.now)
    cand = repo.candidate()
    end = TODAY + timedelta(weeks=20)
    start = end - timedelta(days=3 * 365)
    kinds = ["coding"] * 20 + ["design"] * 6 + ["study"] * 8 + ["story"] * 5 + ["mock"] * 2 + \
            ["concept", "industry", "networking", "checkin", "checkin"]
    lps = ["ownership", "earn-trust", "dive-deep", "think-big", "frugality", "customer-obsession"]
    rows, day, n = [], start, 0
    while day <= end:
        for i, kind in enumerate(kinds):
            n += 1
            row = {"day": day, "kind": kind, "minutes": 20 + (n % 40), "count": 1 + n % 3, "title": f"entry {n}"}
            if kind == "coding":
                row.update(pattern="two-pointers", difficulty="medium", category="coding")
            elif kind == "story":
                row.update(lp=lps[n % len(lps)], category="behavioral")
            elif kind == "mock":
                row.update(score=float(1 + n % 5), category="mock")
            elif kind == "checkin":
                row.update(confidence=1 + n % 5, energy=1 + (n + 2) % 5, minutes=None)
            rows.append(row)
        day += timedelta(days=1)
    with repo.transaction() as conn:
        repo.add_logs(conn, cand.id, rows)
        week = start
        while week <= end:
            repo.set_ratings(conn, cand.id, week, {"coding": 3, "story_clarity": 4, "time_management": 3})
            week += timedelta(weeks=1)
    repo.close()
    return len(rows)


def add_story_bank(env: Environment) -> None:
    """200 stories, 5,000 cards (16 principles, 200 stories, the rest concepts), 100,000 reviews."""
    from datetime import datetime, timezone
    from sqlalchemy import insert
    from systemcraft.store.repository import Repository
    from systemcraft.store.tables import cards, review_log
    from tests_story import SAMPLE
    from dataclasses import replace as dc_replace
    lps = ["ownership", "earn-trust", "dive-deep", "think-big", "frugality", "customer-obsession", "deliver-results",
           "have-backbone", "bias-for-action", "invent-and-simplify"]
    from systemcraft.store.migrate import make_engine
    repo = Repository(env.db_url, env.now)
    cand = repo.candidate()
    now = datetime(2027, 4, 12, 12, tzinfo=timezone.utc)
    with repo.transaction() as conn:
        for i in range(200):
            repo.add_story(conn, cand.id, dc_replace(SAMPLE, title=f"Story {i}", primary_lp=lps[i % 10],
                                                     secondary_lps=(lps[(i + 3) % 10],)))
    repo.close()
    engine = make_engine(env.db_url)          # bulk rows through SQLAlchemy: the seeding is not measured
    with engine.begin() as conn:
        conn.execute(cards.delete())
        rows = []
        for i in range(5000):
            kind = "lp" if i < 16 else ("story" if i < 216 else "concept")
            # due from 5 days ago to 54 days ahead, each last reviewed at least 10 days ago
            due_day = TODAY + timedelta(weeks=20) + timedelta(days=(i % 60) - 5)
            due = datetime(due_day.year, due_day.month, due_day.day, 4, tzinfo=timezone.utc)
            last = min(due, now) - timedelta(days=10)
            rows.append({"candidate_id": cand.id, "kind": kind, "ref": f"r{i}", "prompt": f"Prompt {i}",
                         "answer": f"Answer {i}", "fsrs": {"card_id": i, "state": 2, "step": None, "stability": 10.0,
                                                           "difficulty": 5.0, "due": due.isoformat(),
                                                           "last_review": last.isoformat()},
                         "due": due, "due_day": due_day, "suspended": False, "created_at": now})
        conn.execute(insert(cards), rows)
        ids = [r[0] for r in conn.execute(cards.select().with_only_columns(cards.c.id))]
        # three years of answers, one every 15 minutes of the past 1,042 days up to 10 days ago (each card's
        # last review above); they were all stamped `now` before, 100,000 answers "today", which no one has
        at = [now - timedelta(days=10, minutes=15 * i) for i in range(100_000)]
        conn.execute(insert(review_log), [{"card_id": ids[i % len(ids)], "rating": 1 + i % 4, "reviewed_at": at[i],
                                           "duration_ms": 3000, "due_before": at[i], "due_after": at[i]}
                                          for i in range(100_000)])
    engine.dispose()


def all_156_scorecards(env: Environment, today: date) -> int:
    """The weekly scorecards of three years of logs: one grouped fetch, 156 scorecards."""
    from systemcraft.domain.scorecard import score_week
    from systemcraft.services.weekly import WeekData, WeekSpan
    coach = Coach(replace(env, today=today))
    cand = coach._candidate()
    plan = coach._plan(cand)
    first = today - timedelta(weeks=156)
    data = WeekData(coach.reader(), cand.id, plan.id, first, today)
    cards = [score_week(data.inputs(WeekSpan(i + 1, first + timedelta(weeks=i), first + timedelta(weeks=i, days=6))))
             for i in range(156)]
    coach.close()
    assert len(cards) == 156
    return len(cards)


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="systemcraft-bench-"))
    try:
        env = Environment(home=home, db_url=f"sqlite:///{home / 'systemcraft.db'}", today=TODAY,
                          timezone="Europe/London", clock_fixed=True)
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
        run_env = {**os.environ, "SYSTEMCRAFT_HOME": str(home), "SYSTEMCRAFT_TODAY": "2026-12-02"}

        def cold_run(*args):
            cmd = [exe, *args]
            subprocess.run(cmd, env=run_env, check=True, capture_output=True)   # warm the page cache
            return timed(lambda: subprocess.run(cmd, env=run_env, check=True, capture_output=True), 21)

        cold = cold_run("today")
        entries = add_three_years_of_logs(env)
        log_env_today = TODAY + timedelta(weeks=20)
        run_env["SYSTEMCRAFT_TODAY"] = log_env_today.isoformat()
        week_cold = cold_run("week")
        month_cold = cold_run("month")
        adapt_cold = cold_run("adapt", "--dry-run")
        cards = timed(lambda: all_156_scorecards(env, log_env_today), 11)
        add_story_bank(env)
        coverage_cold = cold_run("story", "coverage")
        review_cmd = [exe, "review"]
        subprocess.run(review_cmd, env=run_env, input=b"q\n", capture_output=True, check=True)
        first_card = timed(lambda: subprocess.run(review_cmd, env=run_env, input=b"q\n", capture_output=True,
                                                  check=True), 21)
        from systemcraft.domain.story_analysis import analyse
        from tests_story import SAMPLE
        analysis = timed(lambda: analyse(SAMPLE, TODAY), 200)
        from systemcraft.content import loader
        from systemcraft.content.lint import lint_paths
        lint_all = timed(lambda: lint_paths([loader.PACK]), 5)
        loader.load(home / "cache")
        pack_load = timed(lambda: loader.load(home / "cache"), 21)
        pack_cold = cold_run("content", "list")
        baseline = timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), 11)

        print(f"SystemCraft benchmarks — Python {sys.version.split()[0]}, {os.cpu_count()} cores "
              f"(times in ms; `python -c pass` median {statistics.median(baseline):.1f} ms)\n")
        print("| benchmark                                  |   n |      min |   median |      p90 |  target | ok?  |")
        print("|--------------------------------------------|-----|----------|----------|----------|---------|------|")
        print(row("`systemcraft today` cold start (26-wk plan)", cold, 100))
        print(row("generate a 26-week plan (in process)", gen, 50))
        print(row("export a 26-week plan as ICS (in process)", ics, 200))
        print(row(f"`systemcraft week` cold ({entries:,} log entries)", week_cold, 150))
        print(row(f"`systemcraft month` cold ({entries:,} log entries)", month_cold, 150))
        print(row(f"`systemcraft adapt --dry-run` cold ({entries:,} entries)", adapt_cold, 150))
        print(row("all 156 weekly scorecards (in process)", cards, 300))
        print(row("`systemcraft story coverage` cold (200 stories)", coverage_cold, 150))
        print(row("`systemcraft review` to first card (5,000 cards)", first_card, 150))
        print(row("analyse one story (in process)", analysis, 5))
        print(row("lint the built-in pack (95 pages)", lint_all, 2000))
        print(row("load the pack, cached (in process)", pack_load, 100))
        print(row("`systemcraft content list` cold", pack_cold, 100))
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
