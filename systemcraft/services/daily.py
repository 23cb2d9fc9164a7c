"""Day-to-day use cases: what to do today, recording a task done or skipped, where the candidate stands."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from systemcraft.domain import plans
from systemcraft.errors import InputError, NotFoundError
from systemcraft.services import logbook
from systemcraft.services.planning import MAX_NOTE, MAX_REASON, clean_text, day_kind, plan_title, task_view
from systemcraft.views import StatusView, TaskView, TodayView, interview_when

MAX_TASK_MINUTES = 720


def today(ctx, on: date | None = None) -> TodayView:
    day = on or ctx.env.today
    cand = ctx.candidate()
    plan = ctx.plan(cand)
    reader = ctx.reader()
    weeks = reader.weeks(plan)
    week = next((w for w in weeks if w.start <= day <= w.end), None)
    rows = reader.tasks_between(plan, day, day)
    days_left = (plan.interview_date - day).days
    since = max(0, -days_left)
    base = dict(date=day, plan_name=plan_title(plan.plan_id, len(weeks)), week=week.number if week else None,
                weeks_total=len(weeks), theme=week.theme if week else None,
                phase=week.phase if week else None, days_to_interview=max(0, days_left),
                interview_date=plan.interview_date, days_since_interview=since,
                interview_when=interview_when(days_left, since))
    if day == plan.interview_date:
        return TodayView(state="interview", message="Interview day. Trust your preparation.", **base)
    if day > plan.interview_date:
        from systemcraft.services import interview
        outcome = interview.latest_for(ctx, cand, plan.interview_date)
        when = base["interview_when"]
        told = (f"You recorded: {outcome['label']}." if outcome else
                "Record how it went, and set a new date if there is another round.")
        return TodayView(state="after", message=f"{when[0].upper()}{when[1:]}. {told}", outcome=outcome, **base)
    if day < plan.effective_start:
        return TodayView(state="before_start",
                         message=f"Your plan starts on {plan.effective_start.isoformat()}.", **base)
    tasks = [task_view(t) for t in rows]
    kind = day_kind(plan, day, bool(tasks))
    messages = {"rest": "Rest day. Recovery is part of the plan.",
                "blackout": "Blocked out. Nothing scheduled.",
                "no_tasks": "Nothing scheduled today."}
    return TodayView(state=kind, tasks=tasks, planned_minutes=sum(t.minutes for t in tasks),
                     done_minutes=sum((t.actual_minutes or 0) for t in tasks if t.status == "done"),
                     message=messages.get(kind, ""), **base)


def resolve(ctx, ref: str):
    ref = (ref or "").strip()
    cand = ctx.candidate()
    plan = ctx.plan(cand)
    m = re.fullmatch(r"(?:(\d{4}-\d{2}-\d{2})\.)?(\d{1,3})", ref)
    if not m:
        raise InputError(f"'{ref[:40]}' is not a task: use its number from today's list (e.g. 2) "
                         "or DATE.N (e.g. 2026-11-24.2)")
    day = ctx.env.today
    if m.group(1):
        try:
            day = date.fromisoformat(m.group(1))
        except ValueError:
            raise InputError(f"'{m.group(1)}' is not a valid date") from None
    if day > ctx.env.today:
        raise InputError(f"task {day.isoformat()}.{m.group(2)} is in the future; "
                         "you can only record today's or earlier tasks")
    seq = int(m.group(2))
    rows = ctx.reader().tasks_between(plan, day, day)
    for t in rows:
        if t.seq == seq:
            return t
    span = f"tasks 1–{max(t.seq for t in rows)}" if rows else "no tasks"
    when = "today" if day == ctx.env.today else day.isoformat()
    raise NotFoundError(f"no task {seq} {'on ' if when != 'today' else ''}{when} ({when} has {span})")


def complete(ctx, ref: str, minutes: int | None = None, note: str | None = None) -> TaskView:
    task = resolve(ctx, ref)
    if task.status == "done":
        raise InputError(f"task {task.ref} is already done")
    if minutes is not None and not 1 <= minutes <= MAX_TASK_MINUTES:
        raise InputError(f"minutes must be between 1 and {MAX_TASK_MINUTES}, got {minutes}")
    note = clean_text(note, "the note", MAX_NOTE, required=False) if note else None
    actual = minutes if minutes is not None else task.minutes
    repo = ctx.repo()
    cand = ctx.candidate()
    with repo.transaction() as conn:
        if not repo.set_task_status(conn, cand.id, task.id, "done", actual, note, None, only_from=("planned", "skipped")):
            raise InputError(f"task {task.ref} is already done")     # another command completed it just now
        repo.add_log(conn, cand.id, **logbook.entry_for_task(task, actual))
    return replace(task_view(task), status="done", actual_minutes=actual, note=note)


def skip(ctx, ref: str, reason: str) -> TaskView:
    reason = clean_text(reason, "the reason", MAX_REASON)
    task = resolve(ctx, ref)
    if task.status != "planned":
        raise InputError(f"task {task.ref} is already {task.status}")
    repo = ctx.repo()
    cand = ctx.candidate()
    with repo.transaction() as conn:
        if not repo.set_task_status(conn, cand.id, task.id, "skipped", None, None, reason, only_from=("planned",)):
            raise InputError(f"task {task.ref} is no longer planned (another command changed it just now)")
    return replace(task_view(task), status="skipped", reason=reason)


def undo(ctx, ref: str | None = None) -> dict:
    """Take back a Done or a Skip recorded today: the task is planned again, and the log entry its Done
    wrote goes with it. Without `ref`, the last one recorded. Returns the task as it is now and what was
    undone ("done" or "skipped")."""
    cand = ctx.candidate()
    plan = ctx.plan(cand)
    if ref is None:
        task = ctx.reader().last_finished_task(plan)
        if task is None:
            raise NotFoundError("nothing to undo: no task is done or skipped")
    else:
        task = resolve(ctx, ref)
        if task.status == "planned":
            raise InputError(f"task {task.ref} is neither done nor skipped: nothing to undo")
    if task.completed_at is None:
        raise InputError(f"task {task.ref} was recorded before SystemCraft kept the time of each record, "
                         "so it cannot be undone")
    recorded_on = _local_day(task.completed_at, cand.timezone)
    if recorded_on != ctx.env.today:
        raise InputError(f"task {task.ref} was recorded on {recorded_on.isoformat()}; only what was recorded "
                         "today can be undone")
    repo = ctx.repo()
    with repo.transaction() as conn:
        if not repo.reopen_task(conn, cand.id, task):
            raise InputError(f"task {task.ref} changed a moment ago (in another window or command); "
                             "nothing was undone")
    ctx.changed()
    now = replace(task_view(task), status="planned", actual_minutes=None, note=None, reason=None)
    return {"task": now, "undone": task.status}


def _local_day(instant, zone: str) -> date:
    try:
        from zoneinfo import ZoneInfo
        return instant.astimezone(ZoneInfo(zone)).date()
    except (KeyError, ValueError):      # an unknown zone name: the record's UTC day
        return instant.date()


def status(ctx) -> StatusView:
    cand = ctx.candidate()
    plan = ctx.plan(cand)
    reader = ctx.reader()
    today = ctx.env.today
    weeks = reader.weeks(plan)
    week = next((w for w in weeks if w.start <= today <= w.end), None)
    by_cat = {c: {"planned": 0, "done": 0, "skipped": 0} for c in plans.CATEGORIES}
    planned = done = skipped = 0
    for cat, st, mins, actual in reader.task_totals(plan, today):
        by_cat.setdefault(cat, {"planned": 0, "done": 0, "skipped": 0})
        by_cat[cat]["planned"] += mins
        planned += mins
        if st == "done":
            by_cat[cat]["done"] += actual
            done += actual
        elif st == "skipped":
            by_cat[cat]["skipped"] += mins
            skipped += mins
    this_week = {"planned": 0, "done": 0, "tasks": 0, "tasks_done": 0}
    if week:
        for t in reader.tasks_between(plan, week.start, week.end):
            this_week["planned"] += t.minutes
            this_week["tasks"] += 1
            if t.status == "done":
                this_week["done"] += t.actual_minutes or 0
                this_week["tasks_done"] += 1
    from systemcraft.store import queries      # two small queries instead of every task row
    upcoming = reader.fetch(queries.NEXT_CHECKPOINT, pid=plan.id, cid=plan.candidate_id, today=today)
    next_cp = None
    if upcoming:
        t = upcoming[0]
        next_cp = {"number": t["checkpoint"], "date": t["day"], "title": t["topic"]}
    finished_days = {r["day"] for r in reader.fetch(queries.DONE_DAYS, pid=plan.id, cid=plan.candidate_id, first=plan.effective_start,
                                                    last=today)}
    streak, d = 0, today if today in finished_days else today - timedelta(days=1)
    while d in finished_days or (d >= plan.effective_start and day_kind(plan, d, True) in ("rest", "blackout")
                                 and d != today):
        if d in finished_days:
            streak += 1
        d -= timedelta(days=1)
        if d < plan.effective_start:
            break
    latest = reader.latest_assessment(cand.id)
    days_left = (plan.interview_date - today).days
    since = max(0, -days_left)
    outcome = None
    if since:
        from systemcraft.services import interview
        outcome = interview.latest_for(ctx, cand, plan.interview_date)
    from systemcraft.services import tracking
    ready = tracking.readiness_view(ctx, cand, today)
    summary = {k: v for k, v in ready.items() if k not in ("components", "groups", "steps")}
    return StatusView(cand.name, cand.target_level, plan_title(plan.plan_id, len(weeks)), plan.track, today,
                      week.number if week else None, len(weeks), max(0, days_left),
                      plan.interview_date, latest.total if latest else None,
                      latest.band if latest else None, planned, done, skipped, by_cat, this_week,
                      next_cp, streak, since, interview_when(days_left, since), outcome, summary)


def practice_calendar(ctx, days: int = 182) -> dict:
    """Minutes practised per day (everything in the log) over the last `days`, for the heatmap."""
    from systemcraft.store import queries
    cand = ctx.candidate()
    plan = ctx.plan(cand)
    last = ctx.env.today
    first = max(plan.effective_start, last - timedelta(days=days - 1))
    rows = ctx.reader().fetch(queries.DAILY_MINUTES, cid=cand.id, first=first, last=last)
    return {"first": first, "last": last, "minutes": {r["day"]: int(r["minutes"]) for r in rows}}


def day_window(ctx):
    plan = ctx.plan()
    return logbook.DayWindow(plan.effective_start, ctx.env.today)
