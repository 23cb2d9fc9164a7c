"""The application facade: one method per use case. CLI and web call these and nothing below.

Reads on SQLite go through the stdlib reader (fast start); everything else, and every write,
goes through the SQLAlchemy repository, imported only when needed.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Mapping

from systemcraft import paths
from systemcraft.services import logbook
from systemcraft.domain import plans
from systemcraft.domain.plans import PLANS, PlanError
from systemcraft.environment import Environment
from systemcraft.errors import DataError, InputError, NotFoundError
from systemcraft.views import (OnboardView, PlanView, QuizView, RecommendationView, StatusView,
                               TaskView, TodayView, WeekView, interview_when)

MAX_NAME = 200
MAX_NOTE = 2000
MAX_REASON = 500
MAX_TASK_MINUTES = 720
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class Profile:
    name: str
    target_level: str            # L6, L7 or auto
    current_role: str
    years_experience: int
    engineers_managed: int
    multi_team: bool = False
    org_transformation: bool = False
    risk_tolerance: str = "medium"


@dataclass(frozen=True)
class PlanOptions:
    start: date
    interview: date
    hours_per_week: float | None = None
    weekdays: frozenset[int] = frozenset(range(6))
    max_day_minutes: int = 240
    blackouts: frozenset[date] = frozenset()
    busy_weeks: frozenset[date] = frozenset()
    track: str | None = None
    plan: str | None = None
    session_start: str = "19:00"
    travel_days: frozenset[date] = frozenset()


@dataclass(frozen=True)
class PlanChanges:
    hours_per_week: float | None = None
    interview: date | None = None
    weekdays: frozenset[int] | None = None
    max_day_minutes: int | None = None
    add_blackouts: frozenset[date] = frozenset()
    remove_blackouts: frozenset[date] = frozenset()
    add_busy_weeks: frozenset[date] = frozenset()
    add_travel_days: frozenset[date] = frozenset()
    track: str | None = None
    plan: str | None = None
    session_start: str | None = None


def _assessment():
    from systemcraft.domain import assessment    # the quiz: not needed on the daily paths
    return assessment


def _schedule():
    from systemcraft.domain import schedule      # the generator: only when a plan is (re)built
    return schedule


def clean_text(value: str, what: str, limit: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise InputError(f"{what} must not be empty")
    if len(text) > limit:
        raise InputError(f"{what} is too long ({len(text)} characters, at most {limit})")
    if _CONTROL.search(text):
        raise InputError(f"{what} contains control characters")
    return text


def _domain(fn, *args, **kwargs):
    """Call a pure rule and turn its ValueError into the user-facing error family."""
    try:
        return fn(*args, **kwargs)
    except (PlanError, _assessment().QuizError) as exc:   # evaluated only when something was raised
        raise InputError(str(exc)) from None


class Coach:
    def __init__(self, env: Environment, repo=None, candidate_id: int | None = None) -> None:
        """A coach for one candidate: `candidate_id`, or (local mode) the home's only candidate.
        `repo` lets a long-running server share one store (and its connections) across requests."""
        self.env = env
        self._repo = repo
        self._owns_repo = repo is None
        self.candidate_id = candidate_id
        self._hints = None
        self._lp_cache = None      # principles the bank is short of: kept until the next write

    # ------------------------------------------------------------ plumbing

    @property
    def sqlite_file(self) -> Path | None:
        return paths.sqlite_path(self.env.db_url)

    def refresh_reader(self) -> None:
        """After a write: forget what was derived from the rows before it."""
        self._lp_cache = None

    def close(self) -> None:
        if self._repo is not None and self._owns_repo:
            self._repo.close()

    def _store(self, create: bool = False):
        if self._repo is None:
            path = self.sqlite_file
            if path is not None and create:
                _prepare_dir(path.parent)
            from systemcraft.store.repository import Repository
            repo = Repository(self.env.db_url, self.env.now, create=create)
            repo.ensure_schema()
            self._repo = repo
        return self._repo

    def repo(self, create: bool = False):
        """The store, for a use case that writes: refused up front in a read-only home."""
        repo = self._store(create)
        path = self.sqlite_file
        if path is not None and (not os.access(path.parent, os.W_OK) or not os.access(path, os.W_OK)):
            raise DataError(f"the data directory {path.parent} is read-only: SystemCraft can show "
                            "your plan but cannot record changes there")
        return repo

    def reader(self):
        """The store, for a use case that only reads."""
        return self._store()

    def _candidate(self):
        cand = self.reader().candidate(candidate_id=self.candidate_id)
        if cand is None:
            if self.candidate_id is not None:
                raise NotFoundError(f"no candidate {self.candidate_id}")
            raise NotFoundError("no candidate set up yet: run `systemcraft init`")
        self.candidate_id = cand.id
        return cand

    def _plan(self, cand=None):
        cand = cand or self._candidate()
        plan = self.reader().active_plan(cand.id)
        if plan is None:
            raise NotFoundError("no active plan: run `systemcraft init`")
        return plan

    # ------------------------------------------------------------ assessment & onboarding

    def score(self, answers: Mapping[str, object], profile: Profile | None = None) -> QuizView:
        result = _domain(_assessment().score_quiz, answers)
        return _quiz_view(result, profile)

    def onboard(self, profile: Profile, answers: Mapping[str, object], options: PlanOptions,
                force: bool = False, another: bool = False) -> OnboardView:
        """Set up a candidate: profile, quiz, plan, the principle cards, in one transaction. Local mode
        refuses a home that has one unless `force`; `another` (the server) always adds a new candidate,
        and this Coach then acts for them."""
        profile = _check_profile(profile)
        result = _domain(_assessment().score_quiz, answers)
        quiz = _quiz_view(result, profile)
        level = quiz.level_advice["level"] if profile.target_level == "auto" else profile.target_level
        rec, schedule, explanation = self._build(
            role=profile.current_role, risk=profile.risk_tolerance, level=level, quiz=result,
            options=options)
        repo = self.repo(create=True)
        existing = None if another else repo.candidate(candidate_id=self.candidate_id)
        if existing is not None and not force:
            where = self.sqlite_file.parent if self.sqlite_file else "this database"
            raise InputError(f"SystemCraft is already set up in {where}; use `systemcraft plan regenerate` "
                             "to change the plan, or `init --force` to start over")
        with repo.transaction() as conn:
            fields = dict(name=profile.name, target_level=level, current_role=profile.current_role,
                          years_experience=profile.years_experience,
                          engineers_managed=profile.engineers_managed, multi_team=profile.multi_team,
                          org_transformation=profile.org_transformation,
                          risk_tolerance=profile.risk_tolerance)
            if existing is not None:
                cid = existing.id
                repo.update_candidate(conn, cid, timezone=self.env.timezone, **fields)
            else:
                cid = repo.add_candidate(conn, timezone_name=self.env.timezone, **fields)
            self.candidate_id = cid
            repo.add_assessment(conn, cid, self.env.today, dict(result.points),
                                result.section_scores["technical"], result.section_scores["leadership"],
                                result.section_scores["cultural"], result.total, result.band)
            repo.add_plan(conn, cid, schedule, explanation, options.session_start)
            from systemcraft.services import storybank
            storybank.sync_cards(self, conn)    # the 16 principle cards exist from day one, committed with the plan
        self.refresh_reader()
        return OnboardView(profile.name, level, quiz, rec, _schedule_summary(schedule), str(self.env.home))

    def _build(self, *, role: str, risk: str, level: str, quiz, options: PlanOptions,
               plan_start: date | None = None, adjustments=None):
        _check_options(options, self.env.today)
        weeks_available = (options.interview - options.start).days / 7
        rec = _domain(plans.recommend, weeks_available, role, risk,
                      quiz.recommended_plan if quiz else None, quiz.total if quiz else None)
        plan_id = options.plan or rec.plan_id
        _domain(plans.get_plan, plan_id)
        reasons = list(rec.reasons)
        if options.plan and options.plan != rec.plan_id:
            reasons.append(f"You chose the {PLANS[plan_id].name} plan over our "
                           f"{PLANS[rec.plan_id].name} recommendation.")
        track = options.track
        if track is not None:
            _domain(plans.check_choice, "track", track, plans.TRACKS)
        hours = options.hours_per_week
        if hours is None:
            hours = PLANS[plan_id].hours[track or "standard"]
        track = track or plans.infer_track(plan_id, hours)
        gaps = tuple(_schedule().GapTarget(g.category, g.study_topic, g.weight, g.lp) for g in quiz.gaps) if quiz else ()
        request = _schedule().ScheduleRequest(
            plan_id=plan_id, track=track, level=level, start=plan_start or options.start,
            interview=options.interview, hours_per_week=float(hours), weekdays=options.weekdays,
            max_day_minutes=options.max_day_minutes, blackouts=options.blackouts,
            busy_weeks=options.busy_weeks, gaps=gaps, adjustments=adjustments, travel_days=options.travel_days,
            review_minutes=_review_minutes(), lp_priority=self._lp_priority(), problem_hints=self._problem_hints())
        schedule = _domain(_schedule().generate, request)
        warnings = list(rec.warnings)
        if hours < PLANS[plan_id].hours["minimum"]:
            warnings.append(f"{hours:g} h/week is below even the minimum track "
                            f"({PLANS[plan_id].hours['minimum']:g} h) of this plan.")
        explanation = {"reasons": reasons, "warnings": warnings, "notes": list(schedule.notes)}
        view = RecommendationView(plan_id, PLANS[plan_id].name, PLANS[plan_id].weeks,
                                  round(weeks_available, 1), track, float(hours),
                                  rec.compressed if plan_id == rec.plan_id else
                                  PLANS[plan_id].weeks > -(-(options.interview - options.start).days // 7),
                                  rec.postpone_advised, reasons, warnings)
        return view, schedule, explanation

    def assess(self, answers: Mapping[str, object]) -> QuizView:
        cand = self._candidate()
        result = _domain(_assessment().score_quiz, answers)
        previous = self.reader().latest_assessment(cand.id)
        repo = self.repo()
        with repo.transaction() as conn:
            repo.add_assessment(conn, cand.id, self.env.today, dict(result.points),
                                result.section_scores["technical"], result.section_scores["leadership"],
                                result.section_scores["cultural"], result.total, result.band)
        view = _quiz_view(result, _profile_of(cand))
        return replace(view, previous_total=previous.total if previous else None)

    def latest_quiz(self) -> QuizView | None:
        """The most recent quiz, scored again (bands, gaps and level advice) for display."""
        cand = self._candidate()
        latest = self.reader().latest_assessment(cand.id)
        if latest is None:
            return None
        return _quiz_view(_domain(_assessment().score_quiz, latest.answers), _profile_of(cand))

    def recommend(self, interview: date | None = None, hours: float | None = None) -> RecommendationView:
        cand = self._candidate()
        plan = self.reader().active_plan(cand.id)
        latest = self.reader().latest_assessment(cand.id)
        quiz = _domain(_assessment().score_quiz, latest.answers) if latest else None
        options = PlanOptions(
            start=self.env.today,
            interview=interview or (plan.interview_date if plan else self.env.today + timedelta(weeks=12)),
            hours_per_week=hours if hours is not None else (plan.hours_per_week if plan else None),
            weekdays=plan.weekdays if plan else frozenset(range(6)),
            max_day_minutes=plan.max_day_minutes if plan else 240)
        view, _, _ = self._build(role=cand.current_role, risk=cand.risk_tolerance,
                                 level=cand.target_level, quiz=quiz, options=options)
        return view

    # ------------------------------------------------------------ the plan

    def plan_view(self, week: int | None = None) -> PlanView:
        cand = self._candidate()
        plan = self._plan(cand)
        reader = self.reader()
        weeks = reader.weeks(plan)
        if week is not None and not any(w.number == week for w in weeks):
            raise InputError(f"week {week} is not in this plan (weeks 1–{len(weeks)})")
        chosen = [w for w in weeks if week is None or w.number == week]
        first = chosen[0].start if chosen else plan.effective_start
        last = chosen[-1].end if chosen else plan.effective_start
        task_rows = reader.tasks_between(plan, first, last)
        views = []
        for w in chosen:
            wt = [t for t in task_rows if w.start <= t.day <= w.end]
            planned = {c: 0 for c in plans.CATEGORIES}
            for t in wt:
                planned[t.category] += t.minutes
            days = []
            if week is not None:
                for i in range((w.end - w.start).days + 1):
                    d = w.start + timedelta(days=i)
                    dt = [t for t in wt if t.day == d]
                    days.append({"date": d, "kind": _day_kind(plan, d, bool(dt)),
                                 "tasks": [_task_view(t) for t in dt]})
            views.append(WeekView(w.number, w.start, w.end, w.theme, w.phase, w.budget_minutes, planned,
                                  sum(t.actual_minutes or 0 for t in wt if t.status == "done"),
                                  list(w.notes), days))
        current = next((w.number for w in weeks if w.start <= self.env.today <= w.end), None)
        return PlanView(plan.plan_id, PLANS[plan.plan_id].name, plan.track, plan.level, plan.effective_start,
                        plan.interview_date, plan.hours_per_week,
                        [_schedule().WEEKDAY_NAMES[d] for d in sorted(plan.weekdays)], plan.max_day_minutes,
                        list(plan.blackouts), list(plan.busy_weeks), plan.version, plan.explanation,
                        views, current)

    def _lp_priority(self) -> tuple[str, ...]:
        """Principles the story bank is short of, largest shortfall first (none before a bank exists)."""
        path = self.sqlite_file
        if path is not None and not path.exists():
            return ()
        try:
            cand = self.reader().candidate()
        except NotFoundError:
            return ()
        if cand is None:
            return ()
        if self._lp_cache is None:
            from systemcraft.store import queries, records     # the rows alone: no story-bank service needed
            stories = [records.story_from_row(r) for r in self.reader().fetch(queries.STORIES, cid=cand.id)]
            if not stories:
                self._lp_cache = ()
            else:
                from systemcraft.domain import coverage
                plan = self.reader().active_plan(cand.id)
                self._lp_cache = coverage.priority_lps(coverage.compute(stories, plan.plan_id if plan else None,
                                                                        cand.target_level))
        return self._lp_cache

    def _problem_hints(self) -> tuple:
        """The pack's coding problems by pattern, for the schedule's coding tasks (the pack is package
        data: read once per Coach)."""
        if self._hints is None:
            from systemcraft.content.loader import coding_problems, load
            cache = self.env.home / "cache" if self.sqlite_file is not None else None
            hints: dict[str, list[str]] = {}
            for p in coding_problems(load(cache)):
                hints.setdefault(p["pattern"], []).append(p["title"])
            self._hints = tuple((k, tuple(v)) for k, v in sorted(hints.items()))
        return self._hints

    def request_for(self, plan):
        """The schedule request a stored plan was generated from (for re-generation and analysis)."""
        cand = self._candidate()
        latest = self.reader().latest_assessment(cand.id)
        quiz = _domain(_assessment().score_quiz, latest.answers) if latest else None
        gaps = tuple(_schedule().GapTarget(g.category, g.study_topic, g.weight, g.lp) for g in quiz.gaps) if quiz else ()
        return _schedule().ScheduleRequest(plan.plan_id, plan.track, plan.level, plan.start_date, plan.interview_date,
                               plan.hours_per_week, plan.weekdays, plan.max_day_minutes, frozenset(plan.blackouts),
                               frozenset(plan.busy_weeks), gaps, _adjustments_from(plan.adjustments),
                               frozenset(plan.travel_days), _review_minutes(), self._lp_priority(),
                               self._problem_hints())

    def regenerate(self, changes: PlanChanges, reason: str = "plan regenerate", adjustments=None,
                   dry_run: bool = False, adaptation: dict | None = None) -> dict:
        cand = self._candidate()
        plan = self._plan(cand)
        today = self.env.today
        interview = changes.interview or plan.interview_date
        if interview <= today:
            raise InputError(f"the interview ({interview}) must be after today ({today})")
        blackouts = (frozenset(plan.blackouts) | changes.add_blackouts) - changes.remove_blackouts
        options = PlanOptions(
            start=max(today, plan.start_date), interview=interview,
            hours_per_week=changes.hours_per_week if changes.hours_per_week is not None else plan.hours_per_week,
            weekdays=changes.weekdays if changes.weekdays is not None else plan.weekdays,
            max_day_minutes=changes.max_day_minutes or plan.max_day_minutes,
            blackouts=blackouts, busy_weeks=frozenset(plan.busy_weeks) | changes.add_busy_weeks,
            track=changes.track or (plan.track if changes.hours_per_week is None else None),
            plan=changes.plan or plan.plan_id,
            session_start=changes.session_start or plan.session_start,
            travel_days=frozenset(plan.travel_days) | changes.add_travel_days)
        latest = self.reader().latest_assessment(cand.id)
        quiz = _domain(_assessment().score_quiz, latest.answers) if latest else None
        start_for_weeks = plan.start_date if plan.start_date <= today else options.start
        if adjustments is None:
            adjustments = _adjustments_from(plan.adjustments)
        view, schedule, explanation = self._build(role=cand.current_role, risk=cand.risk_tolerance,
                                                  level=plan.level, quiz=quiz, options=options,
                                                  plan_start=start_for_weeks, adjustments=adjustments)
        if adjustments is not None:      # remember which plan week each calendar week now teaches
            adjustments = replace(adjustments, content_weeks=tuple(w.content_week for w in schedule.weeks))
        todays = self.reader().tasks_between(plan, today, today)
        from_day = today + timedelta(days=1) if any(t.status != "planned" for t in todays) else today
        before = self.reader().tasks_between(plan, from_day, plan.interview_date)
        after = [t for d in schedule.days if d.date >= from_day for t in d.tasks]
        from systemcraft.domain.replan import Item, content_changes
        changes = content_changes(
            [Item(t.day, t.category, t.kind, t.topic, t.text) for t in before if t.status == "planned"],
            [Item(d.date, t.category, t.kind, t.topic, t.text) for d in schedule.days if d.date >= from_day
             for t in d.tasks])
        summary = {
            "from": from_day.isoformat(),
            "planned_minutes_before": sum(t.minutes for t in before if t.status == "planned"),
            "planned_minutes_after": sum(t.minutes for t in after),
            "kept_finished": sum(1 for t in before if t.status != "planned"),
            "plan": view.plan_id, "track": view.track, "hours_per_week": view.hours_per_week,
            "interview": interview.isoformat(),
        }
        after_weeks = {w.number: w for w in schedule.weeks}
        summary["weeks"] = [{"week": n, "theme": w.theme, "budget_minutes": w.budget_minutes,
                             "planned_minutes": w.scheduled_minutes, "notes": list(w.notes)}
                            for n, w in after_weeks.items() if w.end >= from_day]
        summary["notes"] = list(schedule.notes)
        summary["content"] = {
            "kept": changes.kept,
            "moved": [{"item": x.text, "from": x.day.isoformat(), "to": y.day.isoformat()} for x, y in changes.moved],
            "dropped": [{"item": x.text, "from": x.day.isoformat()} for x in changes.dropped],
            "added": [{"item": y.text, "on": y.day.isoformat()} for y in changes.added]}
        if dry_run:
            return summary
        repo = self.repo()
        with repo.transaction() as conn:
            repo.replace_from(conn, cand.id, plan.id, schedule, from_day, explanation, reason, summary,
                              session_start=options.session_start)
            repo.set_plan_adjustments(conn, cand.id, plan.id, _adjustments_json(adjustments))
            if adaptation is not None:
                repo.add_adaptation(conn, cand.id, plan.id, adaptation["week"], adaptation["verdict"],
                                    adaptation["firings"], _adjustments_json(adjustments) or {})
        self.refresh_reader()
        return summary

    def export_ics(self, target: Path) -> int:
        """Write the plan as a calendar; stable UIDs, SEQUENCE and cancellations: services/calendar_sync.py."""
        from systemcraft.services import calendar_sync
        return calendar_sync.export_ics(self, target)

    # ------------------------------------------------------------ day to day

    def today(self, on: date | None = None) -> TodayView:
        day = on or self.env.today
        cand = self._candidate()
        plan = self._plan(cand)
        reader = self.reader()
        weeks = reader.weeks(plan)
        week = next((w for w in weeks if w.start <= day <= w.end), None)
        rows = reader.tasks_between(plan, day, day)
        days_left = (plan.interview_date - day).days
        since = max(0, -days_left)
        base = dict(date=day, plan_name=PLANS[plan.plan_id].name, week=week.number if week else None,
                    weeks_total=len(weeks), theme=week.theme if week else None,
                    phase=week.phase if week else None, days_to_interview=max(0, days_left),
                    interview_date=plan.interview_date, days_since_interview=since,
                    interview_when=interview_when(days_left, since))
        if day == plan.interview_date:
            return TodayView(state="interview", message="Interview day. Trust your preparation.", **base)
        if day > plan.interview_date:
            from systemcraft.services import interview
            outcome = interview.latest_for(self, cand, plan.interview_date)
            when = base["interview_when"]
            told = (f"You recorded: {outcome['label']}." if outcome else
                    "Record how it went, and set a new date if there is another round.")
            return TodayView(state="after", message=f"{when[0].upper()}{when[1:]}. {told}", outcome=outcome, **base)
        if day < plan.effective_start:
            return TodayView(state="before_start",
                             message=f"Your plan starts on {plan.effective_start.isoformat()}.", **base)
        tasks = [_task_view(t) for t in rows]
        kind = _day_kind(plan, day, bool(tasks))
        messages = {"rest": "Rest day. Recovery is part of the plan.",
                    "blackout": "Blocked out. Nothing scheduled.",
                    "no_tasks": "Nothing scheduled today."}
        return TodayView(state=kind, tasks=tasks, planned_minutes=sum(t.minutes for t in tasks),
                         done_minutes=sum((t.actual_minutes or 0) for t in tasks if t.status == "done"),
                         message=messages.get(kind, ""), **base)

    def _resolve(self, ref: str):
        ref = (ref or "").strip()
        cand = self._candidate()
        plan = self._plan(cand)
        m = re.fullmatch(r"(?:(\d{4}-\d{2}-\d{2})\.)?(\d{1,3})", ref)
        if not m:
            raise InputError(f"'{ref[:40]}' is not a task: use its number from `today` (e.g. 2) "
                             "or DATE.N (e.g. 2026-11-24.2)")
        day = self.env.today
        if m.group(1):
            try:
                day = date.fromisoformat(m.group(1))
            except ValueError:
                raise InputError(f"'{m.group(1)}' is not a valid date") from None
        if day > self.env.today:
            raise InputError(f"task {day.isoformat()}.{m.group(2)} is in the future; "
                             "you can only record today's or earlier tasks")
        seq = int(m.group(2))
        rows = self.reader().tasks_between(plan, day, day)
        for t in rows:
            if t.seq == seq:
                return t
        span = f"tasks 1–{max(t.seq for t in rows)}" if rows else "no tasks"
        when = "today" if day == self.env.today else day.isoformat()
        raise NotFoundError(f"no task {seq} {'on ' if when != 'today' else ''}{when} ({when} has {span})")

    def complete(self, ref: str, minutes: int | None = None, note: str | None = None) -> TaskView:
        task = self._resolve(ref)
        if task.status == "done":
            raise InputError(f"task {task.ref} is already done")
        if minutes is not None and not 1 <= minutes <= MAX_TASK_MINUTES:
            raise InputError(f"minutes must be between 1 and {MAX_TASK_MINUTES}, got {minutes}")
        note = clean_text(note, "the note", MAX_NOTE, required=False) if note else None
        actual = minutes if minutes is not None else task.minutes
        repo = self.repo()
        cand = self._candidate()
        with repo.transaction() as conn:
            if not repo.set_task_status(conn, cand.id, task.id, "done", actual, note, None, only_from=("planned", "skipped")):
                raise InputError(f"task {task.ref} is already done")     # another command completed it just now
            repo.add_log(conn, cand.id, **logbook.entry_for_task(task, actual))
        return replace(_task_view(task), status="done", actual_minutes=actual, note=note)

    def skip(self, ref: str, reason: str) -> TaskView:
        reason = clean_text(reason, "the reason", MAX_REASON)
        task = self._resolve(ref)
        if task.status != "planned":
            raise InputError(f"task {task.ref} is already {task.status}")
        repo = self.repo()
        cand = self._candidate()
        with repo.transaction() as conn:
            if not repo.set_task_status(conn, cand.id, task.id, "skipped", None, None, reason, only_from=("planned",)):
                raise InputError(f"task {task.ref} is no longer planned (another command changed it just now)")
        return replace(_task_view(task), status="skipped", reason=reason)

    def status(self) -> StatusView:
        cand = self._candidate()
        plan = self._plan(cand)
        reader = self.reader()
        today = self.env.today
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
        while d in finished_days or (d >= plan.effective_start and _day_kind(plan, d, True) in ("rest", "blackout")
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
            outcome = interview.latest_for(self, cand, plan.interview_date)
        ready = _tracking().readiness_view(self, cand, today)
        summary = {k: v for k, v in ready.items() if k not in ("components", "groups", "steps")}
        return StatusView(cand.name, cand.target_level, PLANS[plan.plan_id].name, plan.track, today,
                          week.number if week else None, len(weeks), max(0, days_left),
                          plan.interview_date, latest.total if latest else None,
                          latest.band if latest else None, planned, done, skipped, by_cat, this_week,
                          next_cp, streak, since, interview_when(days_left, since), outcome, summary)


    # ------------------------------------------------------------ tracking (services/tracking.py)

    def log(self, entry: dict) -> dict:
        return _tracking().add_entry(self, entry)

    def log_list(self, week: int | None = None, kind: str | None = None) -> list[dict]:
        return _tracking().list_entries(self, week, kind)

    def log_edit(self, entry_id: int, changes: dict[str, str]) -> dict:
        return _tracking().edit_entry(self, entry_id, changes)

    def log_delete(self, entry_id: int) -> dict:
        return _tracking().delete_entry(self, entry_id)

    def rate_week(self, scores: dict[str, object], week: int | None = None) -> dict:
        return _tracking().rate_week(self, scores, week)

    def week_notes(self, week: int | None, win=None, challenge=None, focus=None) -> dict:
        return _tracking().week_notes(self, week, win, challenge, focus)

    def weekly_scorecard(self, week: int | None = None) -> dict:
        return _tracking().scorecard(self, week)

    def all_scorecards(self) -> list[dict]:
        return _tracking().all_scorecards(self)

    def adapt(self, dry_run: bool = True, week: int | None = None, accept_extra_hours: bool = False) -> dict:
        return _tracking().adapt(self, dry_run, week, accept_extra_hours)

    def record_checkpoint(self, number: int, scores: dict[str, float], fatal_flaw: bool = False,
                          survey: tuple[int, ...] = ()) -> dict:
        return _tracking().record_checkpoint(self, number, scores, fatal_flaw, survey)

    def month(self, number: int | None = None) -> dict:
        return _tracking().month(self, number)

    def record_interview_outcome(self, outcome: str, note: str | None = None) -> dict:
        from systemcraft.services import interview
        return interview.record(self, outcome, note)

    def interview_outcomes(self) -> list[dict]:
        from systemcraft.services import interview
        return interview.history(self)

    def progress(self) -> dict:
        return _tracking().progress(self)

    def practice_calendar(self, days: int = 182) -> dict:
        """Minutes practised per day (everything in the log) over the last `days`, for the heatmap."""
        from systemcraft.store import queries
        cand = self._candidate()
        plan = self._plan(cand)
        last = self.env.today
        first = max(plan.effective_start, last - timedelta(days=days - 1))
        rows = self.reader().fetch(queries.DAILY_MINUTES, cid=cand.id, first=first, last=last)
        return {"first": first, "last": last, "minutes": {r["day"]: int(r["minutes"]) for r in rows}}

    def export_all(self, directory: Path, fmt: str) -> list[Path]:
        from systemcraft.services import transfer
        from systemcraft.store.repository import dump
        cand = self._candidate()
        data = transfer.export_data(dump(self.repo(), cand.id), self.env.today)
        return transfer.write_export(data, directory, fmt)

    def import_all(self, path: Path) -> dict[str, int]:
        from systemcraft.services import transfer
        from systemcraft.store.repository import load
        data = transfer.read_export(path)          # everything is checked before anything is written
        repo = self.repo(create=True)
        if repo.candidate(candidate_id=self.candidate_id) is not None:
            where = self.sqlite_file.parent if self.sqlite_file else "this database"
            raise InputError(f"{where} already holds a candidate; import into an empty home (--home NEWDIR)")
        with repo.transaction() as conn:
            counts = load(repo, conn, data)
        return counts

    # ------------------------------------------------------------ story bank (services/storybank.py)

    def stories(self):
        return _storybank().all_stories(self)

    def story(self, story_id: int):
        return _storybank().get(self, story_id)

    def add_story(self, story) -> int:
        return _storybank().add(self, story)

    def edit_story_text(self, story_id: int, text: str) -> int:
        return _storybank().edit_text(self, story_id, text)

    def update_story(self, story_id: int, story) -> int:
        return _storybank().update(self, story_id, story)

    def analyse_draft(self, story, wpm: int = 150) -> dict:
        """The story check for a story being written (not saved): same rules, same evidence, plus what
        still stops it from being saved (`problem`)."""
        from systemcraft.domain.stories import StoryError, validate
        problem = None
        try:
            story = validate(story)
        except StoryError as exc:
            problem = str(exc)
        view = _storybank().report(story, self._candidate().target_level, self.env.today, wpm)
        return {**view, "problem": problem}

    def delete_story(self, story_id: int):
        return _storybank().delete(self, story_id)

    def export_stories(self, directory: Path, fmt: str = "md") -> list[Path]:
        return _storybank().export(self, directory, fmt)

    def import_stories(self, path: Path) -> dict:
        return _storybank().import_path(self, path)

    def check_stories(self, story_id: int | None = None, wpm: int = 150) -> list[dict]:
        return _storybank().check(self, story_id, wpm)

    def story_coverage(self) -> dict:
        return _storybank().coverage(self)

    def match_stories(self, question: str, limit: int = 5) -> dict:
        return _storybank().match(self, question, limit)

    def due_cards(self, limit: int | None = None) -> dict:
        return _reviews().due(self, limit)

    def answer_card(self, card_id: int, rating: str, duration_ms: int | None = None) -> dict:
        return _reviews().answer(self, card_id, rating, duration_ms)

    def sync_cards(self) -> dict:
        return _storybank().sync_cards(self)

    def finish_review_session(self, seconds: float) -> bool:
        return _reviews().finish_session(self, seconds)

    def set_day_start(self, hour: int) -> None:
        _reviews().set_day_start(self, hour)

    # ------------------------------------------------------------ mocks (services/mockrun.py)

    def plan_mock(self, fmt: str, level: str | None = None, persona: str = "collaborator") -> dict:
        from systemcraft.services import mockrun
        return mockrun.plan(self, fmt, level, persona)

    def save_mock(self, planned: dict, session, rubric, status: str) -> int:
        from systemcraft.services import mockrun
        return mockrun.save(self, planned, session, rubric, status)

    def import_mock_feedback(self, path: Path) -> dict:
        from systemcraft.services import mockrun
        return mockrun.import_feedback(self, path)

    def mock_history(self) -> list[dict]:
        from systemcraft.services import mockrun
        return mockrun.history(self)

    # ------------------------------------------------------------ delivery (services/delivery.py)

    def has_database(self) -> bool:
        return self.sqlite_file is None or self.sqlite_file.exists()

    def analyse_transcript(self, path: Path, *, fmt: str | None = None, duration: float | None = None,
                           model_dir: Path | None = None, speaker: str | None = None, story_id: int | None = None,
                           mock_id: int | None = None, mock_offset: float = 0.0, level: str | None = None,
                           version: str | None = None, save: bool = True) -> dict:
        """Read (or transcribe) an answer, measure its delivery, time its STAR parts, store the report."""
        from systemcraft.services import delivery
        transcript = delivery.read_file(path, fmt, duration, model_dir)
        return delivery.analyse(self, transcript, path.name, speaker=speaker, story_id=story_id, mock_id=mock_id,
                                mock_offset=mock_offset, level=level, version=version, save=save)

    def analyse_upload(self, data: bytes, name: str, *, fmt: str | None = None, duration: float | None = None,
                       speaker: str | None = None, story_id: int | None = None, mock_id: int | None = None,
                       mock_offset: float = 0.0, level: str | None = None, version: str | None = None) -> dict:
        from systemcraft.services import delivery
        transcript = delivery.read_upload(data, name, fmt, duration)
        return delivery.analyse(self, transcript, name, speaker=speaker, story_id=story_id, mock_id=mock_id,
                                mock_offset=mock_offset, level=level, version=version)

    def analyse_read(self, transcript, source: str, **options) -> dict:
        """Analyse a transcript already read or transcribed (the web transcribes recordings itself)."""
        from systemcraft.services import delivery
        return delivery.analyse(self, transcript, source, **options)

    def delivery_history(self) -> list[dict]:
        from systemcraft.services import delivery
        return delivery.history(self)

    def delivery_report(self, delivery_id: int) -> dict:
        from systemcraft.services import delivery
        return delivery.get(self, delivery_id)

    def day_window(self):
        plan = self._plan()
        return logbook.DayWindow(plan.effective_start, self.env.today)


# ---------------------------------------------------------------- helpers

def _review_minutes() -> int:
    from systemcraft.domain.review import DAILY_REVIEW_MINUTES
    return DAILY_REVIEW_MINUTES


def _reviews():
    from systemcraft.services import reviews    # the review queue: no story analysis on `systemcraft review`
    return reviews


def _storybank():
    from systemcraft.services import storybank
    return storybank


def _tracking():
    from systemcraft.services import tracking   # imported on first use: keeps `today` lean
    return tracking


def _adjustments_from(data: dict | None):
    if not data:
        return None
    from systemcraft.domain.schedule import PlanAdjustments
    return PlanAdjustments(
        from_date=date.fromisoformat(data["from_date"]), load_factor=data["load_factor"],
        load_weeks=data["load_weeks"], daily_cut=data["daily_cut"],
        extra_daily_minutes=data["extra_daily_minutes"],
        category_bias=tuple((c, m) for c, m in data["category_bias"]), stretch=data["stretch"],
        pause_mocks_weeks=data["pause_mocks_weeks"], resume_content_week=data["resume_content_week"],
        content_weeks=tuple(data.get("content_weeks") or ()),
        settled_before=date.fromisoformat(data["settled_before"]) if data.get("settled_before") else None,
        over_budget_consent=bool(data.get("over_budget_consent", False)))


def _adjustments_json(adj) -> dict | None:
    if adj is None:
        return None
    return {"from_date": adj.from_date.isoformat(), "load_factor": adj.load_factor, "load_weeks": adj.load_weeks,
            "daily_cut": adj.daily_cut, "extra_daily_minutes": adj.extra_daily_minutes,
            "category_bias": [list(b) for b in adj.category_bias], "stretch": adj.stretch,
            "pause_mocks_weeks": adj.pause_mocks_weeks, "resume_content_week": adj.resume_content_week,
            "content_weeks": list(adj.content_weeks),
            "settled_before": adj.settled_before.isoformat() if adj.settled_before else None,
            "over_budget_consent": adj.over_budget_consent}


def _prepare_dir(directory: Path) -> None:
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataError(f"cannot create the data directory {directory}: {exc.strerror or exc}") from None
    if not os.access(directory, os.W_OK | os.X_OK):
        raise DataError(f"cannot write to the data directory {directory}: permission denied")


def _check_profile(p: Profile) -> Profile:
    name = clean_text(p.name, "the name", MAX_NAME)
    _domain(plans.check_choice, "level", p.target_level, plans.LEVELS + ("auto",))
    _domain(plans.check_choice, "current role", p.current_role, plans.ROLES)
    _domain(plans.check_choice, "risk tolerance", p.risk_tolerance, plans.RISK_TOLERANCES)
    from systemcraft.schemas.profile import ENGINEERS, YEARS       # the onboarding form's and import's limits
    if not YEARS[0] <= p.years_experience <= YEARS[1]:
        raise InputError(f"years of experience must be between {YEARS[0]} and {YEARS[1]}, got {p.years_experience}")
    if not ENGINEERS[0] <= p.engineers_managed <= ENGINEERS[1]:
        raise InputError(f"engineers managed must be between {ENGINEERS[0]} and {ENGINEERS[1]}, "
                         f"got {p.engineers_managed}")
    return replace(p, name=name)


def _check_options(o: PlanOptions, today: date) -> None:
    if o.interview <= today:
        raise InputError(f"the interview date {o.interview} is not in the future (today is {today})")
    if o.start < today - timedelta(days=7):
        raise InputError(f"the start date {o.start} is more than a week in the past")
    if o.start >= o.interview:
        raise InputError(f"the start date {o.start} must be before the interview ({o.interview})")
    from systemcraft.domain.schedule import MAX_HOURS, MIN_HOURS
    if o.hours_per_week is not None and not (MIN_HOURS <= o.hours_per_week <= MAX_HOURS):   # NaN fails too
        raise InputError(f"hours per week must be at least {MIN_HOURS:g} and at most {MAX_HOURS:g}, "
                         f"got {o.hours_per_week:g}")
    if not _TIME.match(o.session_start):
        raise InputError(f"session start must be a time like 19:00, got '{o.session_start}'")


def _profile_of(cand) -> Profile:
    return Profile(cand.name, cand.target_level, cand.current_role, cand.years_experience,
                   cand.engineers_managed, cand.multi_team, cand.org_transformation, cand.risk_tolerance)


def _quiz_view(result, profile: Profile | None) -> QuizView:
    sections = {s.id: {"name": s.name, "score": result.section_scores[s.id], "max": s.maximum,
                       "band": result.section_bands[s.id]} for s in _assessment().SECTIONS}
    gaps = [{"question": g.question_id, "topic": g.topic, "points": g.points, "category": g.category,
             "study_topic": g.study_topic, "lp": g.lp} for g in result.gaps]
    advice = {"level": None, "reason": "give your experience to get level advice"}
    if profile is not None:
        a = _assessment().advise_target_level(result.total, profile.engineers_managed, profile.years_experience,
                                           profile.multi_team, profile.org_transformation)
        advice = {"level": a.level, "reason": a.reason}
    return QuizView(result.total, result.band, result.band_label, result.advice, result.recommended_plan,
                    sections, gaps, [g.topic for g in result.top_development_areas], advice)


def _task_view(t) -> TaskView:
    return TaskView(t.ref, t.seq, t.category, t.kind, t.minutes, t.text, t.status, t.gap, t.checkpoint,
                    t.actual_minutes, t.note, t.reason)


def _day_kind(plan, day: date, has_tasks: bool) -> str:
    if day in plan.blackouts:
        return "blackout"
    if day.weekday() not in plan.weekdays:
        return "rest"
    return "study" if has_tasks else "no_tasks"


def _schedule_summary(schedule) -> dict:
    totals = schedule.category_totals()
    first = next((d for d in schedule.days if d.tasks), None)
    return {"start": schedule.start, "weeks": len(schedule.weeks), "minutes": sum(totals.values()),
            "by_category": totals, "first_day": first.date if first else None,
            "notes": list(schedule.notes)}
