"""Planning use cases: the readiness quiz, setting a candidate up, the plan and its re-generation.

The rules are in domain/ (assessment, plans, schedule, replan); this module gathers what they need from
the store, calls them, and saves what they decide in one transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Mapping

from systemcraft.domain import plans
from systemcraft.domain import text as text_rules
from systemcraft.domain.plans import PLANS, PlanError
from systemcraft.errors import InputError, NotFoundError
from systemcraft.views import OnboardView, PlanView, QuizView, RecommendationView, TaskView, WeekView

MAX_NAME = 200
MAX_NOTE = 2000
MAX_REASON = 500
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
    level: str | None = None          # re-plan for another target level (the profile's, once it changed)


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
    problem = text_rules.control_problem(text)
    if problem:
        raise InputError(f"{what} {problem}")
    return text


def _domain(fn, *args, **kwargs):
    """Call a pure rule and turn its ValueError into the user-facing error family."""
    try:
        return fn(*args, **kwargs)
    except (PlanError, _assessment().QuizError) as exc:   # evaluated only when something was raised
        raise InputError(str(exc)) from None


def score(ctx, answers: Mapping[str, object], profile: Profile | None = None) -> QuizView:
    result = _domain(_assessment().score_quiz, answers)
    return _quiz_view(result, profile)


def onboard(ctx, profile: Profile, answers: Mapping[str, object], options: PlanOptions,
            force: bool = False, another: bool = False) -> OnboardView:
    """Set up a candidate: profile, quiz, plan, the principle cards, in one transaction. Local mode
    refuses a home that has one unless `force`; `another` (the server) always adds a new candidate,
    and this Coach then acts for them."""
    profile = _check_profile(profile)
    if another:
        ctx.cache["lp_priority"] = ()          # a new candidate has no story bank yet
    result = _domain(_assessment().score_quiz, answers)
    quiz = _quiz_view(result, profile)
    level = quiz.level_advice["level"] if profile.target_level == "auto" else profile.target_level
    rec, schedule, explanation = build(
        ctx, role=profile.current_role, risk=profile.risk_tolerance, level=level, quiz=result,
        options=options)
    repo = ctx.repo(create=True)
    existing = None if another else repo.candidate(candidate_id=ctx.candidate_id)
    if existing is not None and not force:
        raise InputError(_already_set_up(ctx))
    acting_for = ctx.candidate_id
    try:
        with repo.transaction() as conn:
            fields = dict(name=profile.name, target_level=level, current_role=profile.current_role,
                          years_experience=profile.years_experience,
                          engineers_managed=profile.engineers_managed, multi_team=profile.multi_team,
                          org_transformation=profile.org_transformation,
                          risk_tolerance=profile.risk_tolerance)
            if existing is not None:
                cid = existing.id
                repo.update_candidate(conn, cid, timezone=ctx.env.timezone, **fields)
            else:
                cid = repo.add_candidate(conn, timezone_name=ctx.env.timezone, **fields)
            ctx.candidate_id = cid
            repo.add_assessment(conn, cid, ctx.env.today, dict(result.points),
                                result.section_scores["technical"], result.section_scores["leadership"],
                                result.section_scores["cultural"], result.total, result.band)
            repo.add_plan(conn, cid, schedule, explanation, options.session_start)
            from systemcraft.services import storybank
            storybank.sync_cards(ctx, conn)    # the 16 principle cards exist from day one, committed with the plan
    except BaseException:
        ctx.candidate_id = acting_for     # nothing was saved: the Context acts for whom it did before
        raise
    ctx.changed()
    return OnboardView(profile.name, level, quiz, rec, _schedule_summary(schedule), str(ctx.env.home))


def check_can_set_up(ctx, force: bool = False) -> None:
    """Before asking anything: refuse a home that is already set up (unless `force`), so the candidate
    does not answer every question and the 20 quiz items only to be refused at the end."""
    if force or not ctx.has_database():
        return
    if ctx.reader().candidate(candidate_id=ctx.candidate_id) is not None:
        raise InputError(_already_set_up(ctx))


def _already_set_up(ctx) -> str:
    return "SystemCraft is already set up with a candidate and a plan"     # the CLI adds its commands (cli/hints.py)


def build(ctx, *, role: str, risk: str, level: str, quiz, options: PlanOptions,
          plan_start: date | None = None, adjustments=None, replan_from: date | None = None, kept: tuple = ()):
    _check_options(options, ctx.env.today)
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
        review_minutes=_review_minutes(), lp_priority=lp_priority(ctx), problem_hints=problem_hints(ctx),
        replan_from=replan_from, kept=kept)
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


def assess(ctx, answers: Mapping[str, object]) -> QuizView:
    cand = ctx.candidate()
    result = _domain(_assessment().score_quiz, answers)
    previous = ctx.reader().latest_assessment(cand.id)
    repo = ctx.repo()
    with repo.transaction() as conn:
        repo.add_assessment(conn, cand.id, ctx.env.today, dict(result.points),
                            result.section_scores["technical"], result.section_scores["leadership"],
                            result.section_scores["cultural"], result.total, result.band)
    view = _quiz_view(result, _profile_of(cand))
    return replace(view, previous_total=previous.total if previous else None)


def latest_quiz(ctx) -> QuizView | None:
    """The most recent quiz, scored again (bands, gaps and level advice) for display."""
    cand = ctx.candidate()
    latest = ctx.reader().latest_assessment(cand.id)
    if latest is None:
        return None
    return _quiz_view(_domain(_assessment().score_quiz, latest.answers), _profile_of(cand))


def recommend(ctx, interview: date | None = None, hours: float | None = None) -> RecommendationView:
    cand = ctx.candidate()
    plan = ctx.reader().active_plan(cand.id)
    latest = ctx.reader().latest_assessment(cand.id)
    quiz = _domain(_assessment().score_quiz, latest.answers) if latest else None
    options = PlanOptions(
        start=ctx.env.today,
        interview=interview or (plan.interview_date if plan else ctx.env.today + timedelta(weeks=12)),
        hours_per_week=hours if hours is not None else (plan.hours_per_week if plan else None),
        weekdays=plan.weekdays if plan else frozenset(range(6)),
        max_day_minutes=plan.max_day_minutes if plan else 240)
    view, _, _ = build(ctx, role=cand.current_role, risk=cand.risk_tolerance,
                             level=cand.target_level, quiz=quiz, options=options)
    return view


def plan_view(ctx, week: int | None = None) -> PlanView:
    cand = ctx.candidate()
    plan = ctx.plan(cand)
    reader = ctx.reader()
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
                days.append({"date": d, "kind": day_kind(plan, d, bool(dt)),
                             "tasks": [task_view(t) for t in dt]})
        views.append(WeekView(w.number, w.start, w.end, w.theme, w.phase, w.budget_minutes, planned,
                              sum(t.actual_minutes or 0 for t in wt if t.status == "done"),
                              list(w.notes), days))
    current = next((w.number for w in weeks if w.start <= ctx.env.today <= w.end), None)
    return PlanView(plan.plan_id, plan_title(plan.plan_id, len(weeks)), plan.track, plan.level, plan.effective_start,
                    plan.interview_date, plan.hours_per_week,
                    [_schedule().WEEKDAY_NAMES[d] for d in sorted(plan.weekdays)], plan.max_day_minutes,
                    list(plan.blackouts), list(plan.busy_weeks), plan.version, plan.explanation,
                    views, current, plan.session_start)


def plan_title(plan_id: str, weeks: int) -> str:
    """The plan's name as the candidate's schedule bears it out: "8-week strategic" over a 10-week
    schedule says so, instead of a title the schedule below contradicts."""
    spec = PLANS[plan_id]
    if weeks == spec.weeks or weeks == 0:
        return spec.name
    return f"{spec.name} plan, {'spread over' if weeks > spec.weeks else 'fitted into'} {weeks} weeks"


def lp_priority(ctx) -> tuple[str, ...]:
    """Principles the story bank is short of, largest shortfall first (none before a bank exists)."""
    path = ctx.sqlite_file
    if path is not None and not path.exists():
        return ()
    # Cached first: onboard(another=True) primes it with () for a candidate who has no id yet, and without an
    # id the lookup below is local mode's "the only candidate", which a database of several refuses.
    if "lp_priority" in ctx.cache:
        return ctx.cache["lp_priority"]
    try:
        cand = ctx.reader().candidate(candidate_id=ctx.candidate_id)
    except NotFoundError:
        return ()
    if cand is None:
        return ()
    if "lp_priority" not in ctx.cache:
        from systemcraft.store import queries, records     # the rows alone: no story-bank service needed
        stories = [records.story_from_row(r) for r in ctx.reader().fetch(queries.STORIES, cid=cand.id)]
        if not stories:
            ctx.cache["lp_priority"] = ()
        else:
            from systemcraft.domain import coverage
            plan = ctx.reader().active_plan(cand.id)
            ctx.cache["lp_priority"] = coverage.priority_lps(coverage.compute(stories, plan.plan_id if plan else None,
                                                                    cand.target_level))
    return ctx.cache["lp_priority"]


def problem_hints(ctx) -> tuple:
    """The pack's coding problems by pattern, for the schedule's coding tasks (the pack is package
    data: read once per Coach)."""
    if "problem_hints" not in ctx.cache:
        from systemcraft.content.loader import coding_problems, load
        cache = ctx.env.home / "cache" if ctx.sqlite_file is not None else None
        hints: dict[str, list[str]] = {}
        for p in coding_problems(load(cache)):
            hints.setdefault(p["pattern"], []).append(p["title"])
        ctx.cache["problem_hints"] = tuple((k, tuple(v)) for k, v in sorted(hints.items()))
    return ctx.cache["problem_hints"]


def request_for(ctx, plan):
    """The schedule request a stored plan was generated from (for re-generation and analysis)."""
    cand = ctx.candidate()
    latest = ctx.reader().latest_assessment(cand.id)
    quiz = _domain(_assessment().score_quiz, latest.answers) if latest else None
    gaps = tuple(_schedule().GapTarget(g.category, g.study_topic, g.weight, g.lp) for g in quiz.gaps) if quiz else ()
    return _schedule().ScheduleRequest(plan.plan_id, plan.track, plan.level, plan.start_date, plan.interview_date,
                           plan.hours_per_week, plan.weekdays, plan.max_day_minutes, frozenset(plan.blackouts),
                           frozenset(plan.busy_weeks), gaps, _adjustments_from(plan.adjustments),
                           frozenset(plan.travel_days), _review_minutes(), lp_priority(ctx),
                           problem_hints(ctx))


def regenerate(ctx, changes: PlanChanges, reason: str = "plan regenerate", adjustments=None,
               dry_run: bool = False, adaptation: dict | None = None) -> dict:
    cand = ctx.candidate()
    plan = ctx.plan(cand)
    today = ctx.env.today
    interview = changes.interview or plan.interview_date
    if interview <= today:
        raise InputError(f"the interview ({interview}) must be after today ({today})")
    blackouts = (frozenset(plan.blackouts) | changes.add_blackouts) - changes.remove_blackouts
    level = changes.level or plan.level
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
    latest = ctx.reader().latest_assessment(cand.id)
    quiz = _domain(_assessment().score_quiz, latest.answers) if latest else None
    start_for_weeks = plan.start_date if plan.start_date <= today else options.start
    if adjustments is None:
        adjustments = _adjustments_from(plan.adjustments)
    todays = ctx.reader().tasks_between(plan, today, today)
    from_day = today + timedelta(days=1) if any(t.status != "planned" for t in todays) else today
    view, schedule, explanation = build(ctx, role=cand.current_role, risk=cand.risk_tolerance,
                                              level=level, quiz=quiz, options=options,
                                              plan_start=start_for_weeks, adjustments=adjustments,
                                              replan_from=from_day, kept=_kept(ctx, plan, from_day))
    if adjustments is not None:      # remember which plan week each calendar week now teaches
        adjustments = replace(adjustments, content_weeks=tuple(w.content_week for w in schedule.weeks))
    before = ctx.reader().tasks_between(plan, from_day, plan.interview_date)
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
        # every task already done or skipped stays as it is, whatever its day: count them all (counting only
        # those from `from` on said "0 finished tasks kept" while the re-plan kept every one)
        "kept_finished": sum(1 for t in ctx.reader().tasks_between(plan, min(plan.start_date, plan.effective_start),
                                                                   plan.interview_date) if t.status != "planned"),
        "plan": view.plan_id, "track": view.track, "hours_per_week": view.hours_per_week,
        "interview": interview.isoformat(), "level": level,
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
    if adaptation is None and _unchanged(ctx, plan, schedule, explanation, options.session_start, adjustments,
                                         before, from_day):
        return {**summary, "unchanged": True}     # e.g. Apply pressed twice: no new version, no second history entry
    repo = ctx.repo()
    with repo.transaction() as conn:
        repo.replace_from(conn, cand.id, plan.id, schedule, from_day, explanation, reason, summary,
                          session_start=options.session_start)
        repo.set_plan_adjustments(conn, cand.id, plan.id, _adjustments_json(adjustments))
        if adaptation is not None:
            repo.add_adaptation(conn, cand.id, plan.id, adaptation["week"], adaptation["verdict"],
                                adaptation["firings"], _adjustments_json(adjustments) or {})
        from systemcraft.services.reviews import settle_cards
        settle_cards(ctx, conn)        # a new interview date or study days move review cards: stored settled
    ctx.changed()
    return summary


# ---------------------------------------------------------------- helpers

def _unchanged(ctx, plan, schedule, explanation: dict, session_start: str, adjustments, before,
               from_day: date) -> bool:
    """A re-plan that would write exactly what is stored (the plan's settings and explanation, its weeks, every
    task still planned from `from_day`) writes nothing: the same re-plan sent again is not a second version."""
    import json

    def plain(value):
        return json.loads(json.dumps(value, default=str, sort_keys=True))

    req = schedule.request
    if (req.plan_id, req.track, req.level, req.start, schedule.start, req.interview, float(req.hours_per_week),
            frozenset(req.weekdays), req.max_day_minutes, frozenset(req.blackouts), frozenset(req.busy_weeks),
            frozenset(req.travel_days), session_start) != \
            (plan.plan_id, plan.track, plan.level, plan.start_date, plan.effective_start, plan.interview_date,
             float(plan.hours_per_week), frozenset(plan.weekdays), plan.max_day_minutes, frozenset(plan.blackouts),
             frozenset(plan.busy_weeks), frozenset(plan.travel_days), plan.session_start):
        return False
    gaps = [dict(category=g.category, topic=g.topic, weight=g.weight, lp=g.lp) for g in req.gaps]
    if plain([gaps, explanation, _adjustments_json(adjustments)]) != \
            plain([list(plan.gaps), plan.explanation, plan.adjustments]):
        return False
    weeks = [(w.number, w.start, w.end, w.theme, w.phase, w.budget_minutes, tuple(w.notes)) for w in schedule.weeks]
    if weeks != [(w.number, w.start, w.end, w.theme, w.phase, w.budget_minutes, tuple(w.notes))
                 for w in ctx.reader().weeks(plan)]:
        return False

    def task(day, week, t):
        return day, week, t.category, t.kind, t.minutes, t.count, t.topic, t.text, t.gap, t.lp, t.checkpoint
    new = [task(d.date, d.week, t) for d in schedule.days if d.date >= from_day for t in d.tasks]
    old = [task(t.day, t.week, t) for t in sorted(before, key=lambda t: (t.day, t.seq)) if t.status == "planned"]
    return new == old


def _kept(ctx, plan, from_day: date) -> tuple:
    """What a re-plan from `from_day` keeps (every task before it, every finished one), for the generator
    to read on from: the new tasks of a week it splits neither repeat nor undo what it holds (issue 16 §7)."""
    Task = _schedule().Task
    rows = ctx.reader().tasks_between(plan, min(plan.start_date, plan.effective_start), plan.interview_date)
    return tuple((t.day, Task(t.seq, t.category, t.kind, t.minutes, t.count, t.text, t.topic, t.gap, t.lp,
                              t.checkpoint))
                 for t in rows if t.day < from_day or t.status != "planned")


def _review_minutes() -> int:
    from systemcraft.domain.review import DAILY_REVIEW_MINUTES
    return DAILY_REVIEW_MINUTES


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


def _schedule_summary(schedule) -> dict:
    totals = schedule.category_totals()
    first = next((d for d in schedule.days if d.tasks), None)
    return {"start": schedule.start, "weeks": len(schedule.weeks), "minutes": sum(totals.values()),
            "by_category": totals, "first_day": first.date if first else None,
            "notes": list(schedule.notes)}


def task_view(t) -> TaskView:
    return TaskView(t.ref, t.seq, t.category, t.kind, t.minutes, _surface_free(t.text), t.status, t.gap,
                    t.checkpoint, t.actual_minutes, t.note, t.reason)


_OLD_COMMAND = " (`systemcraft review`)"     # in review tasks stored before issue 16; each surface adds its own way


def _surface_free(text: str) -> str:
    """A task's words without a terminal command: the CLI and the web each say how to do it."""
    return text.replace(_OLD_COMMAND, "") if _OLD_COMMAND in text else text


def day_kind(plan, day: date, has_tasks: bool) -> str:
    if day in plan.blackouts:
        return "blackout"
    if day.weekday() not in plan.weekdays:
        return "rest"
    return "study" if has_tasks else "no_tasks"


# ---------------------------------------------------------------- the profile and the quiz, changed later
# (issue 16 §4: the web alone is enough). Neither rebuilds the plan: each says what a re-plan would change,
# and the candidate previews it (regenerate with dry_run) before applying it.

PROFILE_FIELDS = ("name", "target_level", "current_role", "years_experience", "engineers_managed", "multi_team",
                  "org_transformation", "risk_tolerance")


def profile_settings(ctx) -> dict:
    """The set-up profile as it stands, the level the active plan was built for, and the latest quiz's advice."""
    cand = ctx.candidate()
    plan = ctx.reader().active_plan(cand.id)
    quiz = latest_quiz(ctx)
    return {"profile": _profile_of(cand), "day_start_hour": cand.day_start_hour,
            "plan_level": plan.level if plan else None, "plan_id": plan.plan_id if plan else None,
            "level_advice": quiz.level_advice if quiz else None}


def update_profile(ctx, changed: Profile, day_start_hour: int | None = None) -> dict:
    """Change who the candidate is, in one transaction. The plan is kept as it is: `replan_level` names the
    target level when the plan was built for another one, and `recommended` the plan now recommended when
    the change (role, risk tolerance) moved the recommendation; re-planning is the candidate's choice."""
    _domain(plans.check_choice, "target level", changed.target_level, plans.LEVELS)
    changed = _check_profile(changed)
    from systemcraft.schemas.profile import DAY_START
    if day_start_hour is not None and not DAY_START[0] <= day_start_hour <= DAY_START[1]:
        raise InputError(f"the study day must start at an hour from {DAY_START[0]} to {DAY_START[1]}, "
                         f"got {day_start_hour}")
    cand = ctx.candidate()
    before = _profile_of(cand)
    fields = [f for f in PROFILE_FIELDS if getattr(before, f) != getattr(changed, f)]
    if day_start_hour is not None and day_start_hour != cand.day_start_hour:
        fields.append("day_start_hour")
    recommended_before = _recommended_plan(ctx)
    if fields:
        repo = ctx.repo()
        with repo.transaction() as conn:
            repo.update_candidate(conn, cand.id, timezone=cand.timezone,
                                  **{f: getattr(changed, f) for f in PROFILE_FIELDS})
            if "day_start_hour" in fields:
                repo.set_day_start(conn, cand.id, day_start_hour)
        ctx.changed()
    plan = ctx.reader().active_plan(cand.id)
    recommended_after = _recommended_plan(ctx)
    return {"changed": fields, "target_level": changed.target_level, "plan_level": plan.level if plan else None,
            "replan_level": changed.target_level if plan is not None and plan.level != changed.target_level
            else None,
            "recommended": recommended_after if recommended_after != recommended_before else None}


def retake_quiz(ctx, answers: Mapping[str, object]) -> dict:
    """The readiness quiz again (onboarding's 20 items), scored and stored by `assess`. The same answers sent
    twice on one day (a double submit) are stored once. Says whether the recommended plan changed."""
    cand = ctx.candidate()
    result = _domain(_assessment().score_quiz, answers)          # a bad answer is refused before anything
    latest = ctx.reader().latest_assessment(cand.id)
    recommended_before = _recommended_plan(ctx)
    repeated = latest is not None and latest.taken_on == ctx.env.today and latest.answers == dict(result.points)
    if not repeated:
        assess(ctx, answers)
        ctx.changed()
    recommended_after = _recommended_plan(ctx)
    return {"stored": not repeated, "total": result.total,
            "recommended": recommended_after if recommended_after != recommended_before else None}


def quiz_comparison(ctx) -> dict | None:
    """The latest quiz beside the one before it, area by area (None before any quiz)."""
    cand = ctx.candidate()
    rows = ctx.reader().latest_two_assessments(cand.id)
    if not rows:
        return None
    who = _profile_of(cand)
    after = _quiz_view(_domain(_assessment().score_quiz, rows[0].answers), who)
    before = _quiz_view(_domain(_assessment().score_quiz, rows[1].answers), who) if len(rows) > 1 else None
    areas = [{"id": sid, "name": s["name"], "max": s["max"], "after": s["score"], "band_after": s["band"],
              "before": before.sections[sid]["score"] if before else None,
              "band_before": before.sections[sid]["band"] if before else None}
             for sid, s in after.sections.items()]
    plan = ctx.reader().active_plan(cand.id)
    return {"after": after, "before": before, "taken_on": rows[0].taken_on,
            "before_taken_on": rows[1].taken_on if len(rows) > 1 else None, "areas": areas,
            "plan_id": plan.plan_id if plan else None, "recommended": _recommended_plan(ctx)}


def quiz_answers(ctx) -> dict[str, str]:
    """The latest quiz's answers as the letters the form shows (A weakest … E strongest)."""
    latest = ctx.reader().latest_assessment(ctx.candidate().id)
    if latest is None:
        return {}
    letters = _assessment().LETTERS
    return {q: letters[p - 1] for q, p in latest.answers.items() if isinstance(p, int) and 1 <= p <= len(letters)}


def _recommended_plan(ctx) -> str | None:
    """The plan recommended now (weeks left, role, risk tolerance, latest quiz); None once the interview is past."""
    try:
        return recommend(ctx).plan_id
    except InputError:
        return None
