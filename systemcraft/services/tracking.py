"""Tracking use cases: log, ratings, weekly scorecard, adaptation, checkpoints, month, progress."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date, timedelta

from systemcraft.domain import adaptation, milestones, monthly, readiness
from systemcraft.domain import scorecard as sc
from systemcraft.domain.plans import CATEGORIES, PLANS
from systemcraft.domain.practice import AREAS, CORE_DIMENSIONS, DIMENSION_BY_ID
from systemcraft.errors import InputError, NotFoundError
from systemcraft.services import logbook, planning
from systemcraft.services.weekly import WeekData, WeekSpan, evidence
from systemcraft.store import queries, records
from systemcraft.domain.wording import counted


def _window(ctx, plan) -> logbook.DayWindow:
    return logbook.DayWindow(plan.effective_start, ctx.env.today)


def _weeks(ctx, plan):
    return ctx.reader().weeks(plan)


def current_week(ctx, plan, weeks=None) -> int:
    weeks = weeks or _weeks(ctx, plan)
    today = ctx.env.today
    for w in weeks:
        if w.start <= today <= w.end:
            return w.number
    return weeks[-1].number if today > weeks[-1].end else 1


def _span(ctx, plan, week: int | None, default_current: bool = True) -> WeekSpan:
    weeks = _weeks(ctx, plan)
    n = week if week is not None else current_week(ctx, plan, weeks)
    for w in weeks:
        if w.number == n:
            return WeekSpan(w.number, w.start, w.end)
    raise InputError(f"week {n} is not in this plan (weeks 1–{len(weeks)})")


# ---------------------------------------------------------------- the log

def add_entry(ctx, entry: dict) -> dict:
    """Record practice. A check-in is one per day: a second one for the same day updates the first
    (`updated` says so) instead of adding a twin. The same entry logged again by hand within
    DOUBLE_SUBMIT_SECONDS (a form sent twice, a command run twice) is not added again: `duplicate` says so
    and `id` is the first one's."""
    cand = ctx.candidate()
    plan = ctx.plan(cand)
    logbook.check_day(entry["day"], _window(ctx, plan))
    repo = ctx.repo()
    from systemcraft.services import storybank
    updated = duplicate = False
    with repo.transaction() as conn:
        same_day = (repo.fetch_in(conn, queries.CHECKINS, cid=cand.id, first=entry["day"], last=entry["day"])
                    if entry["kind"] == "checkin" else [])
        twin = None if same_day or entry["kind"] == "checkin" or entry.get("task_id") else \
            _twin(repo, conn, cand.id, entry, ctx.env.now())
        if same_day:
            entry_id = same_day[-1]["id"]
            repo.update_log(conn, cand.id, entry_id, **{k: entry.get(k) for k in CHECKIN_FIELDS})
            updated = True
        elif twin is not None:
            entry_id, duplicate = twin, True
        else:
            entry_id = repo.add_log(conn, cand.id, **entry)
            storybank.add_card_for_entry(ctx, entry, conn)      # the entry and its card commit together
    if not duplicate:
        ctx.changed()
    return {"id": entry_id, "updated": updated, "duplicate": duplicate,
            **{k: v for k, v in entry.items() if v is not None}}


DOUBLE_SUBMIT_SECONDS = 10
TWIN_FIELDS = ("category", "minutes", "count", "title", "link", "pattern", "difficulty", "level", "score",
               "solved_alone", "confidence", "energy", "insight", "lp")


def _twin(repo, conn, cid: int, entry: dict, now) -> int | None:
    """The id of an entry written by hand in the last DOUBLE_SUBMIT_SECONDS with exactly these values, if any."""
    since = now - timedelta(seconds=DOUBLE_SUBMIT_SECONDS)
    wanted = {k: entry.get(k, 1 if k == "count" else None) for k in TWIN_FIELDS}
    for row in repo.fetch_in(conn, queries.LOG_TWINS, cid=cid, day=entry["day"], kind=entry["kind"], since=since):
        stored = asdict(records.log_from_row(row))
        if all(stored[k] == wanted[k] for k in TWIN_FIELDS):
            return stored["id"]
    return None


CHECKIN_FIELDS = ("minutes", "title", "confidence", "energy", "insight")


def day_checkin(ctx, day: date | None = None) -> dict | None:
    """The day's check-in (today's by default), as the form shows it; None before one is saved."""
    cand = ctx.candidate()
    day = day or ctx.env.today
    rows = ctx.reader().fetch(queries.LOG_ENTRIES, cid=cand.id, first=day, last=day)
    mine = [r for r in rows if r["kind"] == "checkin"]
    if not mine:
        return None
    r = mine[-1]
    return {"id": r["id"], "day": day, "hours": (r["minutes"] or 0) / 60, "topic": r["title"] or "",
            "confidence": r["confidence"], "energy": r["energy"], "insight": r["insight"] or ""}


LOG_KINDS = ("coding", "design", "study", "concept", "industry", "networking", "story", "mock", "checkin")


def _list_span(ctx, plan, week: int | None, kind: str | None) -> tuple[date, date]:
    """The days a listing covers (one plan week, or the plan's first day to today), its kind checked."""
    if kind and kind not in LOG_KINDS:
        raise InputError(f"unknown log kind '{kind}'")
    if week is not None:
        span = _span(ctx, plan, week)
        return span.first, span.last
    return plan.effective_start, ctx.env.today


def list_entries(ctx, week: int | None, kind: str | None) -> list[dict]:
    cand = ctx.candidate()
    plan = ctx.plan(cand)
    first, last = _list_span(ctx, plan, week, kind)
    rows = ctx.reader().fetch(queries.LOG_ENTRIES, cid=cand.id, first=first, last=last)
    out = [asdict(records.log_from_row(r)) for r in rows]
    if kind:
        out = [e for e in out if e["kind"] == kind]
    return out


def list_page(ctx, week: int | None, kind: str | None, limit: int, offset: int) -> tuple[list[dict], int]:
    """One page of what `list_entries` lists, newest first, and how many entries it lists in all (the web's
    list: three years of practice are thousands of entries, read a page at a time)."""
    cand = ctx.candidate()
    plan = ctx.plan(cand)
    first, last = _list_span(ctx, plan, week, kind)
    where = dict(cid=cand.id, first=first, last=last, kind=kind or "")
    reader = ctx.reader()
    total = int(reader.fetch(queries.LOG_COUNT, **where)[0]["entries"])
    rows = reader.fetch(queries.LOG_PAGE, **where, n=limit, offset=offset) if total > offset else []
    return [asdict(records.log_from_row(r)) for r in rows], total


def _entry(ctx, cand, entry_id: int):
    rows = ctx.reader().fetch(queries.LOG_ENTRY, cid=cand.id, id=entry_id)
    if not rows:
        raise NotFoundError(f"no log entry {entry_id}")
    return records.log_from_row(rows[0])


def get_entry(ctx, entry_id: int) -> dict:
    """One log entry, as `list_entries` shows it (the web's edit form)."""
    return asdict(_entry(ctx, ctx.candidate(), entry_id))


def edit_entry(ctx, entry_id: int, changes: dict[str, str]) -> dict:
    cand = ctx.candidate()
    plan = ctx.plan(cand)
    if not changes:
        raise InputError("nothing to change: give field=value pairs, e.g. minutes=40")
    entry = _entry(ctx, cand, entry_id)
    values = logbook.edit_values(entry, changes, _window(ctx, plan))
    repo = ctx.repo()
    with repo.transaction() as conn:
        repo.update_log(conn, cand.id, entry_id, **values)
    ctx.changed()
    return asdict(replace(entry, **values))


def delete_entry(ctx, entry_id: int) -> dict:
    cand = ctx.candidate()
    entry = _entry(ctx, cand, entry_id)
    repo = ctx.repo()
    with repo.transaction() as conn:
        repo.delete_log(conn, cand.id, entry_id)
    return asdict(entry)


def rate_week(ctx, scores: dict[str, object], week: int | None) -> dict:
    cand = ctx.candidate()
    plan = ctx.plan(cand)
    values = logbook.ratings_entry(scores)
    span = _span(ctx, plan, week)
    if span.first > ctx.env.today:
        raise InputError(f"week {span.number} has not started yet")
    repo = ctx.repo()
    with repo.transaction() as conn:
        repo.set_ratings(conn, cand.id, span.first, values)
    return {"week": span.number, "ratings": values}


def week_notes(ctx, week: int | None, win, challenge, focus) -> dict:
    """The week's three free-text notes. A note not given (None) is kept as it was; one given blank is
    cleared (the web form sends all three, so emptying a box removes that note)."""
    cand = ctx.candidate()
    plan = ctx.plan(cand)
    span = _span(ctx, plan, week)
    given = {"biggest_win": (win, "the biggest win"), "challenge": (challenge, "the challenge"),
             "next_focus": (focus, "next week's focus")}
    values = {k: logbook._text(v, label) for k, (v, label) in given.items() if v is not None}
    if not values:
        raise InputError("give at least one of --win, --challenge, --focus")
    repo = ctx.repo()
    with repo.transaction() as conn:
        repo.set_week_notes(conn, cand.id, span.first, **values)
    return {"week": span.number, **values}


# ---------------------------------------------------------------- the weekly scorecard

def _card_view(span: WeekSpan, card: sc.Scorecard, notes_row: dict | None) -> dict:
    return {
        "week": span.number, "first": span.first, "last": span.last,
        "items": [asdict(i) for i in card.items],
        "categories": {c: {"name": sc.CATEGORY_NAMES[c], "percent": card.categories[c],
                           "target": sc.CATEGORY_TARGETS[c], "met": card.targets_met[c]} for c in card.categories},
        "total": card.total, "percent": card.percent, "verdict": card.verdict, "action": card.action,
        "notes": list(card.notes),
        "free_text": {k: (notes_row or {}).get(k) for k in ("biggest_win", "challenge", "next_focus")},
    }


def scorecard(ctx, week: int | None) -> dict:
    cand = ctx.candidate()
    plan = ctx.plan(cand)
    span = _span(ctx, plan, week)
    data = WeekData(ctx.reader(), cand.id, plan.id, span.first, span.last)
    in_progress = span.last >= ctx.env.today
    card = sc.score_week(data.inputs(span, finished=not in_progress))
    notes = ctx.reader().fetch(queries.WEEK_NOTES, cid=cand.id, ws=span.first)
    view = _card_view(span, card, notes[0] if notes else None)
    view["in_progress"] = in_progress
    view["not_started"] = span.first > ctx.env.today
    if in_progress:
        view["rules"] = []
        view["notes"].insert(0, "This week is still in progress: the numbers are so far; the verdict and the "
                                "rules come once it is over.")
    else:
        ev = evidence(ctx.reader(), cand.id, plan, _weeks(ctx, plan), span.last + timedelta(days=1),
                      card.percent)
        view["rules"] = [_firing(f) for f in adaptation.decide(ev).firings]
    mocks = tuple(float(r["score"]) for r in ctx.reader().fetch(queries.MOCK_SCORES, cid=cand.id, until=span.last))
    m = milestones.check_milestone(span.number, data.ratings_as_of(span.last), _primary_areas(plan), mocks)
    view["milestone"] = asdict(m) if m else None
    view["hours"] = data.hours_logged(span.first, span.last)
    view["budget_hours"] = plan.hours_per_week
    return view


def all_scorecards(ctx, until_week: int | None = None) -> list[dict]:
    cand = ctx.candidate()
    plan = ctx.plan(cand)
    weeks = _weeks(ctx, plan)
    if until_week is not None:
        weeks = [w for w in weeks if w.number <= until_week] or weeks[:1]
    data = WeekData(ctx.reader(), cand.id, plan.id, weeks[0].start, weeks[-1].end)
    out = []
    for w in weeks:
        span = WeekSpan(w.number, w.start, w.end)
        finished = w.end < ctx.env.today
        card = sc.score_week(data.inputs(span, finished=finished))
        out.append({"week": w.number, "percent": card.percent, "total": card.total, "verdict": card.verdict,
                    "finished": finished,
                    "categories": card.categories, "hours": data.hours_logged(w.start, w.end),
                    "minutes": data.minutes(w.start, w.end)})
    return out


def _primary_areas(plan) -> tuple[str, ...]:
    """The plan's two largest areas: behavioral and technical on most tracks."""
    shares = PLANS[plan.plan_id].allocation_for(plan.track, plan.level, 1)
    area_share = {"behavioral": shares["behavioral"], "technical": shares["system_design"] + shares["coding"],
                  "interview": shares["mock"]}
    return tuple(sorted(area_share, key=lambda a: -area_share[a])[:2])


def _firing(f) -> dict:
    return {"rule": f.rule, "message": f.message, "inputs": _plain(f.inputs), "actions": list(f.actions),
            "changes": {k: v for k, v in asdict(f.effect).items() if v != asdict(adaptation.Adjustment())[k]}}


def _plain(obj):
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if isinstance(obj, date):
        return obj.isoformat()
    return obj


# ---------------------------------------------------------------- adaptation

def adapt(ctx, dry_run: bool, week: int | None, accept_extra_hours: bool = False) -> dict:
    cand = ctx.candidate()
    plan = ctx.plan(cand)
    weeks = _weeks(ctx, plan)
    today = ctx.env.today
    if today >= plan.interview_date:
        raise InputError("the interview date has passed; nothing left to adapt")
    if week is None:
        done_weeks = [w for w in weeks if w.end < today]
        if not done_weeks:
            raise InputError("no full week to judge yet: adapt after your first week "
                             f"(it ends on {weeks[0].end})")
        week = done_weeks[-1].number
    span = _span(ctx, plan, week)
    if span.last >= today:
        raise InputError(f"week {week} is not over yet; adapt looks at finished weeks")
    applied = [r for r in ctx.reader().fetch(queries.ADAPTATIONS, pid=plan.id, cid=plan.candidate_id)
               if r["week"] == span.number]
    if applied and not dry_run:
        at = records.as_datetime(applied[-1]["at"]).date().isoformat()
        raise InputError(f"week {span.number} was already adapted on {at}; the plan already follows it")
    data = WeekData(ctx.reader(), cand.id, plan.id, span.first, span.last)
    card = sc.score_week(data.inputs(span))
    ev = evidence(ctx.reader(), cand.id, plan, weeks, today, card.percent)
    decision = adaptation.decide(ev)
    failures = _checkpoint_failures(ctx, cand)
    adj = decision.adjustment
    from systemcraft.domain.schedule import PlanAdjustments, content_mapping
    previous = plan.adjustments or {}
    # which plan week each calendar week teaches: stored since the last re-plan, else worked out
    content_weeks = tuple(previous.get("content_weeks") or
                          (c + 1 for c in content_mapping(planning.request_for(ctx, plan)).weeks))
    resume = None
    if adj.resume_behind or failures:
        resume = _resume_week(ctx, weeks, data, span, failures, content_weeks)
    todays = ctx.reader().tasks_between(plan, today, today)
    from_day = today + timedelta(days=1) if any(t.status != "planned" for t in todays) else today
    settled = date.fromisoformat(previous["settled_before"]) if previous.get("settled_before") else None
    if resume is not None:
        settled = from_day          # what was left undone before now is re-dated, so no longer owed
    plan_adj = PlanAdjustments(
        from_date=from_day, load_factor=adj.load_factor, load_weeks=adj.load_weeks, daily_cut=adj.daily_cut,
        extra_daily_minutes=adj.extra_daily_minutes, category_bias=adj.category_bias, stretch=adj.stretch,
        pause_mocks_weeks=adj.pause_mocks_weeks, resume_content_week=resume, content_weeks=content_weeks,
        settled_before=settled, over_budget_consent=accept_extra_hours)
    view = {"week": span.number, "percent": card.percent, "verdict": decision.verdict,
            "rules": [_firing(f) for f in decision.firings], "dry_run": dry_run,
            "adjustment": _plain(asdict(plan_adj)),
            "extend_weeks_advice": max([adj.extend_weeks_advice] + [f["extend"] for f in failures]),
            "checkpoint_failures": failures, "already_applied": bool(applied)}
    preview = planning.regenerate(ctx, planning.PlanChanges(), reason=f"adapt after week {span.number}", adjustments=plan_adj,
                               dry_run=dry_run, adaptation={"week": span.number, "verdict": decision.verdict,
                                                            "firings": view["rules"]})
    view["plan_change"] = preview
    return view


def _resume_week(ctx, weeks, data, span, failures, content_weeks: tuple[int, ...]) -> int | None:
    """Re-dating: resume at the plan week of the earliest recent week left under 70 % done, or at
    the week of a failed checkpoint."""
    content = {n: c for n, c in enumerate(content_weeks, start=1)}
    candidates = []
    for w in weeks:
        if w.end < ctx.env.today and w.number >= span.number - 1:
            mins = data.minutes(w.start, w.end) if span.first <= w.start else None
            if mins is None:
                continue
            planned = sum(m["planned"] for m in mins.values())
            done = sum(m["done"] for m in mins.values())
            if planned and done < 0.7 * planned:
                candidates.append(content.get(w.number))
    for f in failures:
        candidates.append(content.get(f["week"]))
    candidates = [c for c in candidates if c]
    return min(candidates) if candidates else None


def _checkpoint_failures(ctx, cand) -> list[dict]:
    rows = ctx.reader().fetch(queries.CHECKPOINT_RESULTS, cid=cand.id)
    latest: dict[int, int] = {}
    for r in rows:
        latest[r["checkpoint"]] = max(latest.get(r["checkpoint"], 0), r["attempt"])
    out = []
    for number, attempt in latest.items():
        parts = {r["part"]: float(r["score"]) for r in rows if r["checkpoint"] == number and r["attempt"] == attempt}
        outcome = _judge_stored(number, parts)
        if outcome is not None and not outcome.passed:
            week = _checkpoint_week(ctx, number)
            out.append({"checkpoint": number, "attempt": attempt, "detail": outcome.detail, "week": week,
                        "extend": milestones.FAIL_EXTENSION_WEEKS[number]})
    return out


def _judge_stored(number: int, parts: dict[str, float]):
    if number == 4:
        survey = tuple(int(v) for k, v in sorted(parts.items()) if k.startswith("S"))
        return milestones.judge_checkpoint(4, {}, survey=survey) if len(survey) == 15 else None
    fatal = parts.pop("FF", 0) > 0
    try:
        return milestones.judge_checkpoint(number, parts, fatal_flaw=fatal)
    except ValueError:
        return None


def _checkpoint_week(ctx, number: int) -> int:
    cand = ctx.candidate()
    plan = ctx.plan(cand)
    rows = ctx.reader().tasks_between(plan, plan.effective_start, plan.interview_date)
    return next((t.week for t in rows if t.checkpoint == number), 1)


def record_checkpoint(ctx, number: int, scores: dict[str, float], fatal_flaw: bool,
                      survey: tuple[int, ...]) -> dict:
    """Record an attempt. A retake of checkpoint 1 or 2 may give only the parts that failed last time: the
    parts passed then are carried over (`carried`). Any attempt after the first waits RETAKE_HOURS."""
    cand = ctx.candidate()
    ctx.plan(cand)
    if number not in milestones.PASS_MARKS:
        raise InputError(f"unknown checkpoint {number} (1–4)")
    rows = ctx.reader().fetch(queries.CHECKPOINT_RESULTS, cid=cand.id)
    mine = [r for r in rows if r["checkpoint"] == number]
    attempt = max((r["attempt"] for r in mine), default=0) + 1
    carried = _carried_parts(number, mine, attempt - 1, scores)
    scores = {**carried, **scores}
    try:
        outcome = milestones.judge_checkpoint(number, dict(scores), fatal_flaw, survey)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    now = ctx.env.now()
    if mine:
        earliest = _retake_from(mine)
        if now < earliest:
            raise InputError(f"a retake of checkpoint {number} is allowed from "
                             f"{earliest.strftime('%Y-%m-%d %H:%M')} UTC (48 hours after the last attempt)")
    parts = dict(scores)
    if number == 3 and fatal_flaw:
        parts["FF"] = 1.0
    if number == 4:
        parts.update({f"S{i:02d}": float(v) for i, v in enumerate(survey, start=1)})
    repo = ctx.repo()
    with repo.transaction() as conn:
        for part, score in parts.items():
            repo.add_checkpoint_result(conn, cand.id, number, part, score, attempt, taken_at=now)
    ctx.changed()
    view = {"checkpoint": number, "attempt": attempt, "passed": outcome.passed, "detail": outcome.detail,
            "parts": {p: {"score": s, "pass": m, "passed": ok} for p, (s, m, ok) in outcome.parts.items()},
            "carried": sorted(carried), "retake_from": now + timedelta(hours=milestones.RETAKE_HOURS)}
    if not outcome.passed:
        view["next_steps"] = next_steps(number, attempt, outcome, view["retake_from"])
        view["next"] = " ".join(view["next_steps"])
    return view


def _retake_from(rows: list[dict]):
    """When the next attempt may be recorded: RETAKE_HOURS after the last one."""
    last = max(records.as_datetime(r["taken_at"]) for r in rows)
    return last + timedelta(hours=milestones.RETAKE_HOURS)


def _carried_parts(number: int, rows: list[dict], last_attempt: int, given: dict[str, float]) -> dict[str, float]:
    """The parts of checkpoint 1 or 2 passed at the last attempt and not given again (a checkpoint judged as a
    whole, 3 or 4, is taken whole every time)."""
    if number not in (1, 2) or not last_attempt:
        return {}
    marks = milestones.PASS_MARKS[number]
    last = {r["part"]: float(r["score"]) for r in rows if r["attempt"] == last_attempt}
    return {p: s for p, s in last.items() if p in marks and p not in given and s >= marks[p][1]}


def next_steps(number: int, attempt: int, outcome, retake_from) -> list[str]:
    """What to do after a failed attempt, in words for every surface (the terminal adds its command: cli/hints.py;
    the web links the Week page's re-plan)."""
    when = f"{retake_from:%Y-%m-%d %H:%M} UTC"
    failed = [p for p, (_, _, ok) in outcome.parts.items() if not ok]
    if number in (1, 2) and failed:
        first = (f"Retake only {'the failed part' if len(failed) == 1 else 'the failed parts'} "
                 f"({', '.join(failed)}) from {when}, 48 hours after this attempt: the parts you passed are "
                 "carried over.")
    elif number == 4:
        first = f"Take the confidence survey again from {when}, 48 hours after this attempt."
    else:
        first = f"Retake the whole checkpoint from {when}, 48 hours after this attempt."
    steps = [first, f"Re-plan from the evidence to repeat that week's content, and consider moving the interview "
                    f"by {counted(milestones.FAIL_EXTENSION_WEEKS[number], 'week')}."]
    if attempt >= milestones.COACH_AFTER_ATTEMPTS:
        steps.append(f"This was attempt {attempt}: talk to a coach or mentor before the next one.")
    return steps


def checkpoints(ctx) -> list[dict]:
    """Every checkpoint of the plan, and any other with a recorded attempt: its parts and pass marks, its days in
    the plan, each attempt judged, when the next attempt may be recorded and what to do after a failure."""
    from systemcraft.domain.curriculum import CHECKPOINTS
    from systemcraft.domain.replan import checkpoint_part
    cand = ctx.candidate()
    plan = ctx.plan(cand)
    reader = ctx.reader()
    tasks = reader.fetch(queries.CHECKPOINT_TASKS, pid=plan.id, cid=cand.id)
    rows = reader.fetch(queries.CHECKPOINT_RESULTS, cid=cand.id)
    now = ctx.env.now()
    out = []
    for cp in CHECKPOINTS:
        mine = [r for r in rows if r["checkpoint"] == cp.number]
        planned = [t for t in tasks if t["checkpoint"] == cp.number]
        if not mine and not planned:
            continue
        texts = {}
        for t in planned:
            texts.setdefault(checkpoint_part(t["text"]) or "", t["text"])
        marks = milestones.PASS_MARKS[cp.number]
        parts = [{"id": p.id, "text": texts.get(p.id, p.text.replace("{pool}", "a design from the pool")),
                  "max": marks[p.id][0] if p.id in marks else None,
                  "pass": marks[p.id][1] if p.id in marks and cp.number in (1, 2, 3) else None,
                  "scored": p.id in marks} for p in cp.parts]
        attempts = [_attempt_view(cp.number, n, [r for r in mine if r["attempt"] == n])
                    for n in sorted({r["attempt"] for r in mine})]
        retake_from = _retake_from(mine) if mine else None
        last = attempts[-1] if attempts else None
        view = {"number": cp.number, "title": cp.title, "parts": parts, "fatal_flaw": cp.number == 3,
                "survey": cp.number == 4,
                "days": sorted({t["day"] for t in planned}), "week": planned[0]["week"] if planned else None,
                "attempts": attempts, "retake_from": retake_from,
                "open": retake_from is None or now >= retake_from,
                "passed": last["passed"] if last else None, "next_steps": last["next_steps"] if last else []}
        out.append(view)
    return out


def _attempt_view(number: int, attempt: int, rows: list[dict]) -> dict:
    scores = {r["part"]: float(r["score"]) for r in rows}
    fatal = scores.get("FF", 0) > 0
    survey = [int(v) for k, v in sorted(scores.items()) if k.startswith("S")]
    outcome = _judge_stored(number, dict(scores))
    taken = max(records.as_datetime(r["taken_at"]) for r in rows)
    failed = outcome is not None and not outcome.passed
    return {"attempt": attempt, "taken_at": taken,
            "passed": outcome.passed if outcome is not None else None,
            "detail": outcome.detail if outcome is not None else "not enough scores to judge",
            "scores": {p: s for p, s in scores.items() if p in milestones.PASS_MARKS[number]},
            "parts": {p: {"score": s, "pass": m, "passed": ok} for p, (s, m, ok) in outcome.parts.items()}
            if outcome is not None else {},
            "fatal_flaw": fatal, "survey": survey,
            "next_steps": next_steps(number, attempt, outcome, taken + timedelta(hours=milestones.RETAKE_HOURS))
            if failed else []}


# ---------------------------------------------------------------- month and progress

def month(ctx, number: int | None) -> dict:
    cand = ctx.candidate()
    plan = ctx.plan(cand)
    weeks = _weeks(ctx, plan)
    months = (len(weeks) + 3) // 4
    if number is None:
        number = (current_week(ctx, plan, weeks) - 1) // 4 + 1
    if not 1 <= number <= months:
        raise InputError(f"month {number} is not in this plan (months 1–{months})")
    ws = weeks[(number - 1) * 4: number * 4]
    first, last = ws[0].start, ws[-1].end
    data = WeekData(ctx.reader(), cand.id, plan.id, first, last)
    totals = {"hours": data.hours_logged(first, last), "problems": 0.0, "stories": 0.0, "mocks": 0.0}
    for r in data.log:
        if first <= r["day"] <= last:
            if r["kind"] == "coding":
                totals["problems"] += r["items"]
            elif r["kind"] == "story":
                totals["stories"] += r["items"]
            elif r["kind"] == "mock":
                totals["mocks"] += r["entries"]
    lines = monthly.month_lines(totals, plan.hours_per_week, len(ws))
    start_r, end_r = data.ratings_as_of(first - timedelta(days=1)), data.ratings_as_of(last)
    area = {a: {"start": _area_mean(start_r, a), "end": _area_mean(end_r, a)} for a in AREAS}
    view = {"month": number, "weeks": [w.number for w in ws], "first": first, "last": last,
            "lines": [{"id": x.id, "actual": x.actual, "target": x.target, "percent": x.percent} for x in lines],
            "ratings": area, "readiness": readiness_view(ctx, cand, last)}
    return view


def _area_mean(ratings: dict[str, float], area: str) -> float | None:
    vals = [v for d, v in ratings.items() if d in DIMENSION_BY_ID and DIMENSION_BY_ID[d].area == area]
    return round(sum(vals) / len(vals), 2) if vals else None


def readiness_view(ctx, cand, until: date) -> dict:
    """Readiness as of `until` (issue 13 §5): the self-ratings replayed day by day, each day's change clamped
    to readiness.DAILY_CAP (a week's ratings are kept under its first day), and provisional until it rests
    on readiness.MIN_FINISHED_WEEKS finished plan weeks (weeks whose last day is before today, or for a
    past `until`, on or before it). Derived once until the store next writes: Progress asks for today's
    twice (its own panel and the status summary)."""
    return ctx.derived(f"readiness:{cand.id}:{until.isoformat()}", lambda: _readiness_view(ctx, cand, until))


def _readiness_view(ctx, cand, until: date) -> dict:
    rows = ctx.reader().fetch(queries.RATINGS_UNTIL, cid=cand.id, until=until)
    history: dict[date, dict[str, float]] = {}
    for r in rows:
        history.setdefault(r["week_start"], {})[r["dimension"]] = float(r["score"])
    quiz = ctx.reader().latest_assessment(cand.id)
    from systemcraft.services.weekly import lp_first_seen
    lps = sum(1 for d in lp_first_seen(ctx.reader(), cand.id) if d <= until)
    weeks = _weeks(ctx, ctx.plan(cand))
    as_of = min(ctx.env.today, until + timedelta(days=1))
    need = readiness.MIN_FINISHED_WEEKS
    firm_from = weeks[min(need, len(weeks)) - 1].end + timedelta(days=1) if weeks else None
    s = readiness.settle(sorted(history.items()), quiz.answers if quiz else None, lps,
                         sum(1 for w in weeks if w.end < as_of), firm_from)
    result = s.readiness
    return {"score": s.score, "provisional": s.provisional, "reason": s.reason,
            "finished_weeks": s.finished_weeks, "min_finished_weeks": need,
            "uncapped": s.uncapped, "held_back": s.held_back, "daily_cap": s.daily_cap, "cap_note": s.cap_note,
            "steps": [{"day": d, "score": v} for d, v in s.steps],
            "groups": result.groups,
            "components": [{"group": c.group, "id": c.id, "weight": c.weight,
                            "value": None if c.value is None else round(c.value, 3),
                            "points": round(c.points, 2), "source": c.source} for c in result.components]}


def progress(ctx) -> dict:
    cand = ctx.candidate()
    plan = ctx.plan(cand)
    today = ctx.env.today
    this_week = current_week(ctx, plan)
    cards = [c for c in all_scorecards(ctx, this_week) if c["week"] <= this_week]
    rows = ctx.reader().fetch(queries.RATINGS_UNTIL, cid=cand.id, until=today)
    trends: dict[str, list] = {d: [] for d in CORE_DIMENSIONS}
    for r in rows:
        if r["dimension"] in trends:
            trends[r["dimension"]].append(int(r["score"]))
    from systemcraft.services import daily
    status = daily.status(ctx)
    return {"weeks": cards, "ratings": trends, "streak_days": status.streak_days,
            "readiness": readiness_view(ctx, cand, today), "categories": list(CATEGORIES),
            "delivery": _delivery_history(ctx)}


def _delivery_history(ctx) -> list[dict]:
    from systemcraft.services import delivery      # transcript readers: only for the progress page
    return delivery.history(ctx)
