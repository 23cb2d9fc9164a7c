"""A sample candidate three weeks into a plan, in a separate home, for a first look around."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from systemcraft.coach import Coach, PlanOptions, Profile
from systemcraft.environment import Environment
from systemcraft.domain.practice import DIMENSIONS
from systemcraft.errors import InputError
from systemcraft.services import logbook

DEMO_ANSWERS = {"q1": "C", "q2": "B", "q3": "C", "q4": "D", "q5": "C", "q6": "B", "q7": "D", "q8": "C",
                "q9": "C", "q10": "B", "q11": "C", "q12": "C", "q13": "B", "q14": "C", "q15": "D",
                "q16": "D", "q17": "C", "q18": "C", "q19": "D", "q20": "C"}
DAYS_IN = 17


def create_demo(home: Path, env: Environment) -> dict:
    """`env` gives today, the time zone and whether the clock is pinned; the demo's past days run on
    a clock pinned to each of them, so every stored timestamp agrees with its day."""
    today = env.today
    db = home / "systemcraft.db"
    if db.exists():
        raise InputError(f"a demo already exists in {home}; remove that folder or pass --dir elsewhere")
    start = today - timedelta(days=DAYS_IN)
    here = replace(env, home=home, db_url=f"sqlite:///{db}")
    past = Coach(replace(here, today=start, clock_fixed=True))
    try:
        past.onboard(
            Profile("Alex Demo", "L6", "manager", 11, 12, multi_team=False, org_transformation=False),
            DEMO_ANSWERS,
            PlanOptions(start=start, interview=start + timedelta(weeks=12), hours_per_week=10,
                        weekdays=frozenset(range(6)), max_day_minutes=150))
    finally:
        past.close()
    now = Coach(here)
    done = skipped = 0
    try:
        for offset in range(DAYS_IN):
            day = start + timedelta(days=offset)
            view = now.today(day)
            for t in view.tasks:
                # A believable record: most work done (some of it slower), one task in seven skipped.
                if (offset + t.seq) % 7 == 3:
                    now.skip(t.ref, "work ran late")
                    skipped += 1
                else:
                    now.complete(t.ref, t.minutes + (15 if t.seq == 1 and offset % 3 == 0 else 0))
                    done += 1
            if view.tasks:
                now.log(logbook.checkin_entry(day, view.planned_minutes / 60, view.theme,
                                              3 + (offset // 7) % 2, 3 + offset % 2, None))
        for week, base in ((1, 3), (2, 3), (3, 4)):
            now.rate_week({d.id: str(min(5, base + (i % 3 == 0))) for i, d in enumerate(DIMENSIONS)}, week)
        now.week_notes(2, win="First full STAR story told in under five minutes",
                       challenge="Coding pace on medium problems", focus="Sliding-window problems")
    finally:
        now.close()
    return {"name": "Alex Demo", "done": done, "skipped": skipped, "days": DAYS_IN}
