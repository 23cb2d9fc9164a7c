"""Scripted candidates driven day by day through the Coach on a pinned clock (issue 13 §8).

A script says, for each day, what the candidate does with that day's tasks; on Sundays they rate the
week, on Mondays they run `adapt` (which judges the week just over). The driver records every finished
week's scorecard, every adaptation's before/after plan, and the planned minutes of every week, so the
tests can compare them with tables worked out by hand and check the properties that must hold for
everyone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Callable

from systemcraft.coach import Coach, PlanChanges, PlanOptions, Profile
from systemcraft.domain.practice import DIMENSIONS
from systemcraft.errors import InputError
from systemcraft.services import logbook
from tests.conftest import ANSWERS, TODAY


@dataclass(frozen=True)
class Day:
    """What the candidate does on one day: a share of each task's planned minutes (None: skip it), extra
    logged practice, and the check-in confidence (None: no check-in)."""
    minutes_share: float | None = 1.0
    extra_coding: int = 0            # problems solved beyond the plan (logged on their own)
    confidence: int | None = 4


@dataclass
class Script:
    name: str
    hours: float = 10
    weeks: int = 12
    behaviour: Callable[[int, date], Day] = lambda week, day: Day()
    rating: Callable[[int], int | None] = lambda week: 4      # None: the week is not rated
    changes: dict[date, PlanChanges] = field(default_factory=dict)   # plan changes made on a day
    consent: bool = False


@dataclass
class Run:
    cards: dict[int, dict] = field(default_factory=dict)       # week → the finished week's scorecard
    adaptations: list[dict] = field(default_factory=list)
    replans: list[tuple[list, list, dict]] = field(default_factory=list)   # (before, after, summary content)
    week_minutes: dict[int, int] = field(default_factory=dict)  # week → planned minutes in the final plan
    week_days: dict[int, int] = field(default_factory=dict)     # week → days in the week
    hours: float = 0
    interview: date | None = None
    due_days: list[date] = field(default_factory=list)
    commands: int = 0                                            # use cases called through the Coach
    tasks_done: dict[int, tuple[int, int]] = field(default_factory=dict)   # week → (done, planned)


def _future(c: Coach, after: date) -> list[tuple[str, str, str]]:
    plan = c.plan_view()
    out = []
    for w in plan.weeks:
        for d in c.plan_view(w.number).weeks[0].days:
            for t in d["tasks"]:
                if d["date"] >= after and t.status == "planned" and t.kind != "review":
                    out.append((t.category, t.kind, t.text))
    return out


def drive(script: Script, make_env, db_url: str | None = None) -> Run:
    run = Run(hours=script.hours)
    env = make_env(today=TODAY, db_url=db_url)
    c = Coach(env)
    c.onboard(Profile(script.name, "L6", "manager", 10, 9), ANSWERS,
              PlanOptions(start=TODAY, interview=TODAY + timedelta(weeks=script.weeks), hours_per_week=script.hours))
    interview = c.plan_view().interview
    c.close()
    day = TODAY
    while day < interview:
        c = Coach(make_env(today=day, db_url=db_url))
        try:
            if day in script.changes:
                c.regenerate(script.changes[day])
                interview = c.plan_view().interview
            view = c.today()
            run.commands += 1
            week = view.week
            if day.weekday() == 0 and day > TODAY:
                last = week - 1
                run.cards[last] = c.weekly_scorecard(last)
                run.commands += 2
                before = _future(c, day)
                try:
                    result = c.adapt(dry_run=False, accept_extra_hours=script.consent)
                except InputError as exc:        # e.g. the interview week: nothing left to adapt
                    result = {"error": exc.message}
                if "error" not in result:
                    run.adaptations.append(result)
                    run.replans.append((before, _future(c, day), result["plan_change"]["content"]))
                view = c.today()
            act = script.behaviour(week, day)
            for t in view.tasks:
                if t.status != "planned":
                    continue
                if act.minutes_share is None:
                    c.skip(t.ref, "could not study")
                else:
                    c.complete(t.ref, max(1, round(t.minutes * act.minutes_share)))
                run.commands += 1
            if act.minutes_share is not None and view.tasks:
                for card in c.due_cards()["cards"]:        # the day's review share, answered "good"
                    c.answer_card(card.id, "good")
                    run.commands += 1
                run.commands += 1
            if act.extra_coding:
                c.log(logbook.coding_entry(day, "extra practice", "two-pointers", "medium", 25 * act.extra_coding,
                                           True, count=act.extra_coding))
            if view.tasks and act.confidence is not None:
                c.log(logbook.checkin_entry(day, view.planned_minutes / 60, view.theme, act.confidence, 4, None))
                run.commands += 1
            if day.weekday() == 6:
                r = script.rating(week)
                if r is not None:
                    c.rate_week({d.id: r for d in DIMENSIONS}, week)
                    run.commands += 1
        finally:
            c.close()
        day += timedelta(days=1)
    c = Coach(make_env(today=interview - timedelta(days=1), db_url=db_url))
    try:
        plan = c.plan_view()
        run.interview = plan.interview
        for w in plan.weeks:
            run.week_minutes[w.number] = sum(w.planned_minutes.values())
            run.week_days[w.number] = (w.end - w.start).days + 1
        for w in plan.weeks:
            tasks = [t for d in c.plan_view(w.number).weeks[0].days for t in d["tasks"]]
            run.tasks_done[w.number] = (sum(1 for t in tasks if t.status == "done"), len(tasks))
        from systemcraft.store import queries
        cand = c._candidate()
        run.due_days = [r["due_day"] for r in c.reader().fetch(queries.CARD_LOAD, cid=cand.id, first=date(1970, 1, 1),
                                                               last=date(9999, 12, 31), no=False)]
    finally:
        c.close()
    return run


def dropped_unlisted(before: list, after: list, content: dict) -> int:
    """Items planned before a re-plan and gone after it, beyond those the re-plan listed as dropped."""
    gone = Counter((cat, kind) for cat, kind, _ in before) - Counter((cat, kind) for cat, kind, _ in after)
    return max(0, sum(gone.values()) - len(content["dropped"]))
