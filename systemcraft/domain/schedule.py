"""The schedule generator: plan + calendar + budget + gaps → dated days with concrete tasks.

A pure function of its request (same inputs, same plan). The method, in order:
1. Map the plan's content weeks onto the calendar weeks left before the interview (compressing
   or stretching, never silently).
2. Give each week a minute budget: the declared hours, pro-rated for a partial week, cut for a
   busy week (but never under 1 h per study day), lighter in the interview week, and capped by
   what the available days can hold.
3. Place the tasks whose category is fixed: competency checkpoints (each at the length it asks for,
   or left out with a note; together at most a fifth of the plan) and the eve-of-interview review.
4. Split the rest between categories for the whole plan at once (iterative proportional fitting:
   each week keeps its own mix, each category reaches its plan-wide share of the time the
   checkpoints leave), then spread each week
   evenly over its study days in 15-minute blocks, each day's customary focus first (Mon
   behavioral, Tue design, Wed coding, Thu mock…).
5. Turn each session into tasks from the week's topics, with 60 % of each category's time on
   the candidate's assessed gaps in that category: nothing given twice in a week, a problem's
   sketch before its full design and follow-ups after it, each story on a prompt about its
   principle (see _TaskMaker).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterable

from systemcraft.domain import principles
from systemcraft.domain.curriculum import (ALL_LPS, BASE, CHECKPOINT_DESIGN_POOL, CHECKPOINTS,
                                           MIN_STUDY_DAYS_FOR_ALL_CHECKPOINTS,
                                           MIN_STUDY_DAYS_FOR_LAST_TWO, PLAN_WEEKS, WeekContent, story_prompts)
from systemcraft.domain.mocks import PERSONAS
from systemcraft.domain.practice import pattern_for
from systemcraft.domain.replan import checkpoint_part as _kept_part, design_stage, task_identity
from systemcraft.domain.plans import CATEGORIES, LEVELS, TRACKS, PlanError, check_choice, get_plan
from systemcraft.domain.wording import plural

BLOCK = 15                      # minutes: the unit everything is scheduled in
GAP_SHARE = 0.60                # share of a category's time spent on assessed gaps
INTERVIEW_WEEK_FACTOR = 0.6     # the interview week is lighter
DAY_BEFORE_MAX = 60             # minutes of light review the day before
BUSY_REDUCTION = 0.35           # a busy week loses 30–40 %: we take 35 %
BUSY_DAY_FLOOR = 60             # ...but keeps at least 1 h per study day
MAX_STRETCH = 1.5               # a plan may be spread over at most 1.5× its length
MAX_CONTENT_REPEATS = 2         # a plan week's content is taught at most twice (once, and one repeat)
OVER_BUDGET_SHARE = 0.10        # adaptation may add at most 10 % to the declared hours without consent
EXTRA_MOCK_MINUTES = 45         # the extra mock of a stretch week
# Checkpoints take at most this share of a plan's time: about what the source's own 6-week plan gives
# them on its lightest track (11 h of checkpoints in 6 weeks of 10 h, 18 %).
MAX_CHECKPOINT_SHARE = 0.20
MAX_HOURS = 70.0
MIN_HOURS = 1.0
MAX_DAY_MINUTES = 720
MIN_DAY_MINUTES = 30
MAX_WEEKS_AHEAD = 104
WEEKDAY_FOCUS = {0: "behavioral", 1: "system_design", 2: "coding", 3: "mock",
                 4: "system_design", 5: "behavioral", 6: "coding"}
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class GapTarget:
    category: str
    topic: str
    weight: float = 1.0
    lp: str | None = None


@dataclass(frozen=True)
class PlanAdjustments:
    """Changes an adaptation makes to the weeks from `from_date` on (see domain/adaptation.py)."""
    from_date: date
    load_factor: float = 1.0          # for the first `load_weeks` adjusted weeks
    load_weeks: int = 0
    daily_cut: float = 0.0            # permanent: share of each week's budget removed
    extra_daily_minutes: int = 0      # permanent: minutes added per study day
    category_bias: tuple[tuple[str, float], ...] = ()
    stretch: bool = False
    pause_mocks_weeks: int = 0
    resume_content_week: int | None = None   # 1-based plan week to resume at (re-dating)
    content_weeks: tuple[int, ...] = ()      # the 1-based plan week each calendar week had in the plan replaced
    settled_before: date | None = None       # unfinished tasks before this day were re-placed by a re-plan
    over_budget_consent: bool = False        # the candidate accepted more than declared hours + 10 %


@dataclass(frozen=True)
class ScheduleRequest:
    plan_id: str
    track: str
    level: str
    start: date
    interview: date
    hours_per_week: float
    weekdays: frozenset[int] = frozenset(range(6))
    max_day_minutes: int = 240
    blackouts: frozenset[date] = frozenset()
    busy_weeks: frozenset[date] = frozenset()   # any date inside a busy week marks that week
    gaps: tuple[GapTarget, ...] = ()
    adjustments: PlanAdjustments | None = None
    travel_days: frozenset[date] = frozenset()  # audio-friendly behavioral work only
    review_minutes: int = 0                      # daily spaced-repetition reviews, inside the budget
    lp_priority: tuple[str, ...] = ()            # principles the story bank lacks: drafted first
    problem_hints: tuple[tuple[str, tuple[str, ...]], ...] = ()   # pattern id → problems in the pack
    # A re-plan keeps the days before `replan_from` as they are, and every finished task: `kept` holds
    # those tasks by day. The days before are not generated again (they hold the kept tasks) and the new
    # tasks read on from them (see _TaskMaker.observe).
    replan_from: date | None = None
    kept: tuple[tuple[date, Task], ...] = ()


@dataclass(frozen=True)
class Task:
    seq: int
    category: str
    kind: str
    minutes: int
    count: int
    text: str
    topic: str
    gap: bool = False
    lp: str | None = None
    checkpoint: int | None = None


@dataclass(frozen=True)
class Session:
    category: str
    minutes: int
    tasks: tuple[Task, ...]


@dataclass(frozen=True)
class Day:
    date: date
    week: int
    kind: str                      # study | rest | blackout
    tasks: tuple[Task, ...] = ()

    @property
    def minutes(self) -> int:
        return sum(t.minutes for t in self.tasks)

    @property
    def sessions(self) -> tuple[Session, ...]:
        """Consecutive tasks of one category form a session (one calendar event)."""
        out: list[Session] = []
        group: list[Task] = []
        for t in self.tasks:
            if group and group[-1].category != t.category:
                out.append(Session(group[0].category, sum(x.minutes for x in group), tuple(group)))
                group = []
            group.append(t)
        if group:
            out.append(Session(group[0].category, sum(x.minutes for x in group), tuple(group)))
        return tuple(out)


@dataclass(frozen=True)
class Week:
    number: int
    start: date
    end: date
    theme: str
    phase: str
    content_week: int              # 1-based index into the plan's own weeks
    budget_minutes: int
    category_minutes: dict[str, int]
    notes: tuple[str, ...] = ()
    shares: dict[str, float] = field(default_factory=dict)   # the allocation this week aimed at

    @property
    def scheduled_minutes(self) -> int:
        return sum(self.category_minutes.values())


@dataclass(frozen=True)
class Schedule:
    request: ScheduleRequest
    start: date                    # may be later than requested when the plan would over-stretch
    weeks: tuple[Week, ...]
    days: tuple[Day, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)

    def category_totals(self) -> dict[str, int]:
        totals = {c: 0 for c in CATEGORIES}
        for d in self.days:
            for t in d.tasks:
                totals[t.category] += t.minutes
        return totals

    def expected_shares(self) -> dict[str, float]:
        """The track's allocation, weighted by each week's budget."""
        acc = {c: 0.0 for c in CATEGORIES}
        total = 0
        for w in self.weeks:
            shares = w.shares
            for c in CATEGORIES:
                acc[c] += shares[c] * w.scheduled_minutes
            total += w.scheduled_minutes
        return {c: (acc[c] / total if total else 0.0) for c in CATEGORIES}

    def day(self, on: date) -> Day | None:
        for d in self.days:
            if d.date == on:
                return d
        return None


# ------------------------------------------------------------------ validation

def validate(req: ScheduleRequest) -> None:
    get_plan(req.plan_id)
    check_choice("track", req.track, TRACKS)
    check_choice("level", req.level, LEVELS)
    if req.interview <= req.start:
        raise PlanError(f"the interview ({req.interview}) must be after the start date ({req.start})")
    if (req.interview - req.start).days > MAX_WEEKS_AHEAD * 7:
        raise PlanError(f"the interview ({req.interview}) is more than {MAX_WEEKS_AHEAD} weeks away; "
                        "pick a date within two years")
    if not (isinstance(req.hours_per_week, (int, float)) and math.isfinite(req.hours_per_week)):
        raise PlanError("hours per week must be a number")
    if not MIN_HOURS <= req.hours_per_week <= MAX_HOURS:
        raise PlanError(f"hours per week must be between {MIN_HOURS:g} and {MAX_HOURS:g}, "
                        f"got {req.hours_per_week:g}")
    if not req.weekdays:
        raise PlanError("choose at least one study day")
    if any(d not in range(7) for d in req.weekdays):
        raise PlanError("study days must be weekdays mon..sun")
    if len(req.weekdays) > 6:
        raise PlanError("keep at least one rest day a week: choose at most 6 study days")
    if not MIN_DAY_MINUTES <= req.max_day_minutes <= MAX_DAY_MINUTES:
        raise PlanError(f"the daily maximum must be between {MIN_DAY_MINUTES} and {MAX_DAY_MINUTES} "
                        f"minutes, got {req.max_day_minutes}")
    adj = req.adjustments
    if adj is not None:
        if not (0 < adj.load_factor <= 2 and 0 <= adj.daily_cut < 1 and 0 <= adj.extra_daily_minutes <= 240):
            raise PlanError("plan adjustments out of range")
        for cat, mult in adj.category_bias:
            check_choice("bias category", cat, CATEGORIES)
            if not 0 < mult <= 5:
                raise PlanError(f"category bias for {cat} must be between 0 and 5")
        if adj.resume_content_week is not None and not 1 <= adj.resume_content_week <= len(PLAN_WEEKS[req.plan_id]):
            raise PlanError("resume week is outside the plan")
    if not 0 <= req.review_minutes <= 60 or req.review_minutes % BLOCK:
        raise PlanError("review minutes must be 0–60 in steps of 15")
    for lp in req.lp_priority:
        principles.get(lp)
    for g in req.gaps:
        check_choice("gap category", g.category, CATEGORIES)
        if not (g.weight > 0 and math.isfinite(g.weight)):
            raise PlanError(f"gap weight for '{g.topic}' must be positive")


# ------------------------------------------------------------------ helpers

def _blocks(minutes: float) -> int:
    return int(minutes // BLOCK)


def _split(total_blocks: int, weights: dict[str, float]) -> dict[str, int]:
    """Largest-remainder split of whole blocks by weight (deterministic tie-break by category order)."""
    keys = [c for c in CATEGORIES if c in weights]
    wsum = sum(max(0.0, weights[k]) for k in keys)
    if total_blocks <= 0 or wsum <= 0:
        return {k: 0 for k in keys}
    raw = {k: total_blocks * max(0.0, weights[k]) / wsum for k in keys}
    out = {k: int(math.floor(raw[k])) for k in keys}
    left = total_blocks - sum(out.values())
    order = sorted(keys, key=lambda k: (-(raw[k] - out[k]), keys.index(k)))
    for k in order[:left]:
        out[k] += 1
    return out


def _resume(mapping: list[int], first: int, r: int, plan_weeks: int, calendar_weeks: int) -> tuple[list[int], int]:
    """Re-date from calendar week `first`: resume at plan week `r` (0-based), never teaching any plan week
    more than MAX_CONTENT_REPEATS times in all (the weeks already lived count)."""
    past = mapping[:first]
    while r < plan_weeks - 1 and past.count(r) >= MAX_CONTENT_REPEATS:
        r += 1
    tail = [r + i for i in content_map(plan_weeks - r, calendar_weeks - first)]
    out = list(past)
    for c in tail:
        # a stretched tail may repeat a week: move on to the next plan week when that would be a third time
        while out.count(c) >= MAX_CONTENT_REPEATS and c < plan_weeks - 1:
            c += 1
        out.append(c)
    return out, r


def content_map(plan_weeks: int, calendar_weeks: int) -> list[int]:
    """0-based content week for each calendar week; the last calendar week gets the last content week."""
    if calendar_weeks == 1:
        return [max(0, plan_weeks - 2)]
    return [round(i * (plan_weeks - 1) / (calendar_weeks - 1)) for i in range(calendar_weeks)]


class _Rotor:
    """Deterministic round-robin cursors keyed by name."""

    def __init__(self) -> None:
        self._pos: dict[str, int] = defaultdict(int)

    def next(self, key: str, items: tuple | list):
        i = self._pos[key]
        self._pos[key] = i + 1
        return items[i % len(items)]


def _chunk(left: int, max_chunk: int) -> int:
    """The next task's length: up to max_chunk, absorbing a lone trailing block."""
    return left if left <= max_chunk + BLOCK else max_chunk


def _lp_name(lp_id: str) -> str:
    return principles.BY_ID[lp_id].name


# ------------------------------------------------------------------ task making

@dataclass(frozen=True)
class _Kind:
    name: str
    unit: int        # minutes per counted item
    max_chunk: int   # largest single task


THEME_KINDS: dict[str, tuple[_Kind, ...]] = {
    "coding": (_Kind("coding_problems", 25, 75), _Kind("design_coding", 45, 45),
               _Kind("pattern_review", 15, 15)),
    "system_design": (_Kind("design_problem", 60, 60), _Kind("design_study", 30, 30)),
    "behavioral": (_Kind("story_draft", 30, 60), _Kind("story_delivery", 15, 45),
                   _Kind("lp_study", 15, 15)),
    "mock": (_Kind("mock", 15, 90), _Kind("mock_review", 15, 15)),
}
GAP_KINDS: dict[str, _Kind] = {
    "coding": _Kind("gap_coding", 25, 75),
    "system_design": _Kind("gap_design", 30, 60),
    "behavioral": _Kind("gap_story", 30, 60),
    "mock": _Kind("gap_mock", 15, 60),
}


class _TaskMaker:
    """Turns each session into concrete tasks, and keeps the plan's content reading right (issue 16 §7):

    * nothing is asked twice in one calendar week: each kind offers its options in order (the week's
      own topics first, then the plan's earlier ones, each in a few honest variants) and the first one
      not yet given this week is taken;
    * design work on a problem runs in order: a sketch or its numbers before the full 45-minute design,
      a deep dive, scaling it or a timed rerun only after it;
    * a story is drafted for a principle on a prompt about that principle (curriculum.story_prompts);
    * after a re-plan, all three hold across what it kept: the kept tasks are observed in their place
      (nothing they give is given again that week, a problem they designed is not sketched again).
    """

    def __init__(self, req: ScheduleRequest) -> None:
        self.req = req
        self.rotor = _Rotor()
        gaps: dict[str, list[GapTarget]] = defaultdict(list)
        for g in sorted(req.gaps, key=lambda g: (-g.weight, g.topic)):
            # Weighted round-robin: a gap of weight 2 comes up twice as often as one of weight 1.
            gaps[g.category].extend([g] * max(1, round(g.weight)))
        self.gaps = dict(gaps)
        self.distinct_gaps = {c: list(dict.fromkeys(v)) for c, v in gaps.items()}
        self.week = 0
        self.given: set[tuple] = set()                   # what this calendar week already asks
        self.repeats: dict[tuple, int] = defaultdict(int)
        self.design_state: dict[str, str] = {}            # problem → sketched | estimated | outlined | designed
        self.follow_ups: dict[str, int] = defaultdict(int)
        self.concept_uses: dict[str, int] = defaultdict(int)
        self.earlier: dict[str, dict[str, None]] = defaultdict(dict)    # kind → topics of earlier weeks
        self.this_week: dict[str, dict[str, None]] = defaultdict(dict)
        self.kept_ids: set[str] = set()                   # replan.task_identity of the week's kept tasks
        self.kept_later: set[str] = set()                 # problems a kept task works on later this week
        self.after_week: list[tuple[str, str]] = []       # (stage, problem) of those, for the weeks after

    def has_gaps(self, category: str) -> bool:
        return category in self.gaps

    def start_week(self, week_no: int) -> None:
        if week_no == self.week:
            return
        for kind, topics in self.this_week.items():
            seen = self.earlier[kind]
            for t in topics:
                seen.pop(t, None)
                seen[t] = None                            # most recent last
        self.this_week = defaultdict(dict)
        self.given = set()
        self.repeats = defaultdict(int)
        self.week = week_no
        for stage, topic in self.after_week:
            self._advance(stage, topic)
        self.kept_ids, self.kept_later, self.after_week = set(), set(), []

    def observe(self, task: Task, later: bool = False) -> None:
        """A task a re-plan keeps in this week (call after start_week, in date order): it counts as given,
        and its design work moves its problem on. `later`: a finished task on a day after the re-plan's
        first (its day is not generated again); its problem is left alone for the rest of the week, as
        the new tasks could not all come after it."""
        self.kept_ids.add(task_identity(task.text))
        stage = design_stage(task.text) if task.kind in ("design_problem", "design_outline") else None
        if later:
            if stage:
                self.kept_later.add(task.topic)
                self.after_week.append((stage, task.topic))
            return
        if stage:
            self._advance(stage, task.topic)
            if stage != "walk":
                self.this_week["design"][task.topic] = None
        elif task.kind in ("coding_problems", "pattern_review"):
            self.this_week["pattern"][task.topic] = None
        elif task.kind == "design_coding":
            self.this_week["dcode"][task.topic] = None
        elif task.kind == "design_study":
            self.concept_uses[task.topic] += 1
            self.this_week["concept"][task.topic] = None

    def _advance(self, stage: str, topic: str) -> None:
        """Where design work of `stage` leaves its problem."""
        if stage in ("design", "rerun"):
            self.design_state[topic] = "designed"
        elif stage in FIRST_PASSES:
            steps = tuple(FIRST_PASSES.values()) + ("designed",)
            now = self.design_state.get(topic)
            if now is None or steps.index(now) < steps.index(FIRST_PASSES[stage]):   # never back a step
                self.design_state[topic] = FIRST_PASSES[stage]
        elif stage in FOLLOW_UPS:
            self.follow_ups[topic] += 1

    def _taken(self, opt: tuple) -> bool:
        """Given already this week: by the new plan, or by a task the re-plan kept."""
        if opt[0] in self.given:
            return True
        if not (self.kept_ids or self.kept_later):
            return False
        return task_identity(opt[1]) in self.kept_ids or (opt[0][0] == "design" and opt[2] in self.kept_later)

    def _before(self, kind: str) -> list[str]:
        """Topics of this kind from the plan's earlier weeks, most recent first."""
        return list(reversed(self.earlier[kind]))

    def _pick(self, options: Iterable[tuple]) -> tuple:
        """The first option (key, text, …) not yet given this week. When every one has been (only at
        loads far above any track's), the first is given again and says which time it is."""
        first = None
        for opt in options:
            if not self._taken(opt):
                self.given.add(opt[0])
                return opt
            if first is None:
                first = opt
        self.repeats[first[0]] += 1
        return (first[0], f"{first[1]} ({_ordinal(self.repeats[first[0]] + 1)} time this week)") + first[2:]

    # -------------------------------------------------------------- sessions

    def session_tasks(self, week_no: int, content: WeekContent, category: str, minutes: int,
                      gap_minutes: int, stretch: bool = False, cap: int | None = None) -> list[dict]:
        self.start_week(week_no)
        gap_part = self.gap_tasks(week_no, content, category, gap_minutes, cap) if gap_minutes else []
        return self.theme_tasks(week_no, content, category, minutes - gap_minutes, stretch, cap) + gap_part

    def theme_tasks(self, week_no: int, content: WeekContent, category: str, minutes: int,
                    stretch: bool = False, cap: int | None = None) -> list[dict]:
        kinds = THEME_KINDS[category]
        if category == "coding" and not content.design_coding:
            kinds = tuple(k for k in kinds if k.name != "design_coding")
        out: list[dict] = []
        left = minutes
        while left >= BLOCK:
            kind = self.rotor.next(f"w{week_no}:{category}:kind", kinds)
            chunk = _capped_chunk(left, kind.max_chunk, cap)
            if kind.name == "design_problem":
                out.append(self._design_task(content, chunk, stretch))
            else:
                out.append(self._make(week_no, content, category, kind.name, chunk,
                                      max(1, chunk // kind.unit), stretch))
            left -= chunk
        return out

    def gap_tasks(self, week_no: int, content: WeekContent, category: str, minutes: int,
                  cap: int | None = None) -> list[dict]:
        kind = GAP_KINDS[category]
        out: list[dict] = []
        left = minutes
        while left >= BLOCK:
            gap = self.rotor.next(f"gap:{category}", self.gaps[category])
            chunk = _capped_chunk(left, kind.max_chunk, cap)
            count = max(1, chunk // kind.unit)
            if not gap.lp:
                self.rotor.next(f"w{week_no}:lp", content.lps)   # (kept: the week's principle order is the plan's)
            gaps = _from(gap, self.distinct_gaps[category])
            _, text, g = self._pick(self._gap_options(content, category, gaps, count))
            out.append(dict(category=category, kind=kind.name, minutes=chunk, count=count, text=text,
                            topic=g.topic, gap=True, lp=g.lp if category == "behavioral" else None))
            left -= chunk
        return out

    def _gap_options(self, content: WeekContent, category: str, gaps: list[GapTarget], count: int):
        problems = plural(count, "problem", "problems")
        if category == "coding":
            for g in gaps:
                yield (("gap", g.topic, 0), f"{count} medium {problems} against the clock, aiming for 30 minutes "
                                             f"each (gap: {g.topic})", g)
            patterns = list(content.patterns) + [p for p in self._before("pattern") if p not in content.patterns]
            for g in gaps:
                for p in patterns:
                    yield (("gap", g.topic, p), f"{count} medium {problems} against the clock, aiming for 30 minutes "
                                                f"each: {p} (gap: {g.topic})", g)
        elif category == "system_design":
            designs = list(self._pool(content)) + [t for t in self._before("design") if t not in self._pool(content)]
            for g in gaps:
                for x in designs:
                    yield (("gap", g.topic, x), f"Gap work on {g.topic}: study it, then apply it to {x}", g)
                yield (("gap", g.topic, "explain"), f"Gap work on {g.topic}: explain it out loud as in an interview, "
                                                     "then list what you could not answer", g)
                yield (("gap", g.topic, "note"), f"Gap work on {g.topic}: write a one-page note with an example and "
                                                  "its trade-offs", g)
                yield (("gap", g.topic, "work"), f"Gap work on {g.topic}: find it in a system you know from work and "
                                                  "write down how that system handles it", g)
                yield (("gap", g.topic, "questions"), f"Gap work on {g.topic}: write three interview questions on it "
                                                       "and answer them", g)
                for c in content.concepts:
                    yield (("gap", g.topic, c), f"Gap work on {g.topic}: study it alongside {c} and note where "
                                                "they meet", g)
        elif category == "behavioral":
            for g in gaps:
                if g.lp:
                    name = _lp_name(g.lp)
                    variants = (f"draft or rework a story for {name}",
                                f"tell your {name} story aloud and take two follow-up questions",
                                f"cut your {name} story to two minutes, keeping its numbers")
                else:
                    variants = ("prepare an example you can tell", "tell your example aloud in two minutes",
                                "ask a colleague what they would probe in your example")
                for i, v in enumerate(variants):
                    yield (("gap", g.topic, i), f"Gap work on {g.topic}: {v}", g)
        else:
            for g in gaps:
                yield (("gap", g.topic, 0), f"Gap work on {g.topic} in a short mock segment", g)
                for name, _ in PERSONAS.values():
                    yield (("gap", g.topic, name), f"Gap work on {g.topic} in a short mock segment with a "
                                                   f"{name.lower()} as the interviewer", g)

    # -------------------------------------------------------------- design problems

    def _pool(self, content: WeekContent, stretch: bool = False) -> tuple[str, ...]:
        return content.design_l7 if (self.req.level == "L7" or stretch) else content.design_l6

    def _design_task(self, content: WeekContent, minutes: int, stretch: bool) -> dict:
        full = minutes >= DESIGN_MINUTES
        key, text, topic = self._pick(self._design_options(content, full, stretch))
        stage = key[1]
        self._advance(stage, topic)
        if stage != "walk":
            self.this_week["design"][topic] = None
        return dict(category="system_design", kind="design_problem" if full else "design_outline", minutes=minutes,
                    count=max(1, minutes // DESIGN_MINUTES), text=text, topic=topic, gap=False, lp=None)

    def _design_options(self, content: WeekContent, full: bool, stretch: bool):
        pool = self._pool(content, stretch)
        before = [t for t in self._before("design") if t not in pool]
        state = self.design_state
        if content.final:
            done = [t for t in before if state.get(t) == "designed"]
            topics = done + [t for t in before if t not in done] + list(pool)
            for x in topics:
                yield (("design", "walk", x), f"Walk through {x} out loud, lightly: no new material", x)
            for x in topics:
                yield (("design", "walk-trade-offs", x), f"Walk through the three main trade-offs of {x} in "
                                                         "five minutes: no new material", x)
            return
        order = (before + list(pool)) if content.revisits else (list(pool) + before)
        designed = [x for x in order if state.get(x) == "designed"]
        if full:
            new = [x for x in order if state.get(x) != "designed"]
            tiers = ((new, "design"), (designed, "rerun"))
            if content.revisits:
                tiers = tiers[::-1]
            for topics, stage in tiers:
                for x in topics:
                    if stage == "design":
                        yield (("design", "design", x), ("Stretch: " if stretch else "") +
                               f"Design {x} in 45 minutes: requirements, estimates, diagram, trade-offs", x)
                    else:
                        yield (("design", "rerun", x), f"Timed rerun: design {x} from a blank page in 45 minutes", x)
            yield from self._follow_ups(designed)
            return
        untouched = [x for x in order if x not in state]

        def first_passes():
            for x in untouched:
                yield (("design", "sketch", x), f"Sketch {x}: requirements, estimates and a first diagram", x)

        for part in ((self._follow_ups(designed), first_passes()) if content.revisits
                     else (first_passes(), self._follow_ups(designed))):
            yield from part
        # Short sessions on a problem not yet designed in full work up to it, one step at a time.
        for x in order:
            if state.get(x) == "sketched":
                yield (("design", "numbers", x), f"Put numbers on {x}: users, requests, storage and the "
                                                 "bottleneck they point to", x)
        for x in order:
            if state.get(x) in ("sketched", "estimated"):
                yield (("design", "outline", x), f"Draw the high-level design of {x}: components, data flow "
                                                 "and the main API", x)
        for x in order:
            if state.get(x) != "designed":
                yield (("design", "resketch", x), f"Sketch {x} again against a 30-minute timer", x)
        # A week with more short sessions than steps left (a re-dated week going back to a problem worked
        # up earlier, with no time for its full design) goes over the steps again from memory.
        for x in order:
            if state.get(x) in ("estimated", "outlined"):
                yield (("design", "renumbers", x), f"Put numbers on {x} again from memory, then check them "
                                                   "against your first estimate", x)
                yield (("design", "reoutline", x), f"Draw the high-level design of {x} again from memory and "
                                                   "compare it with your first drawing", x)

    def _follow_ups(self, designed: list[str]):
        for x in sorted(designed, key=lambda t: self.follow_ups[t]):     # the least followed-up first
            n = self.follow_ups[x]
            for i in range(len(FOLLOW_UPS)):
                stage = tuple(FOLLOW_UPS)[(n + i) % len(FOLLOW_UPS)]
                yield (("design", stage, x), FOLLOW_UPS[stage].format(x), x)

    # -------------------------------------------------------------- everything else

    def _make(self, week_no: int, content: WeekContent, category: str, kind: str, minutes: int,
              count: int, stretch: bool = False) -> dict:
        lp = None
        if kind in ("coding_problems", "pattern_review"):
            first = self.rotor.next(f"w{week_no}:pattern", content.patterns)
            if kind == "coding_problems":
                count, options = self._problem_options(content, _from(first, content.patterns), minutes, count,
                                                       stretch)
            else:
                options = self._review_options(_from(first, content.patterns))
            key, text, topic = self._pick(options)
            if kind == "coding_problems" and key[1] == 0 and not content.final and not stretch:
                titles = dict(self.req.problem_hints).get(pattern_for(topic) or "", ())
                if titles:
                    text += f" (from the bank: {self.rotor.next('hint:' + topic, titles)})"
            self.this_week["pattern"][topic] = None
        elif kind == "design_coding":
            first = self.rotor.next(f"w{week_no}:dcode", content.design_coding)
            exercises = _from(first, content.design_coding) + [x for x in self._before("dcode")
                                                               if x not in content.design_coding]
            _, text, topic = self._pick(
                (("dcode", i, x), form.format(x), x) for i, form in enumerate((
                    "Implement {} from scratch, with tests",
                    "Implement {} again from a blank file, then add one feature with its tests")) for x in exercises)
            self.this_week["dcode"][topic] = None
        elif kind == "design_study":
            first = self.rotor.next(f"w{week_no}:concept", content.concepts)
            _, text, topic = self._pick(self._concept_options(content, first))
            self.concept_uses[topic] += 1
            self.this_week["concept"][topic] = None
        elif kind == "story_draft":
            if self.req.lp_priority:
                first = self.rotor.next("lp-priority", self.req.lp_priority)
                lps = _from(first, list(self.req.lp_priority)) + [x for x in content.lps
                                                                  if x not in self.req.lp_priority]
            else:
                first = self.rotor.next(f"w{week_no}:lp", content.lps)
                lps = _from(first, list(content.lps))
            _, text, topic, lp = self._pick(self._story_options(content, lps, count))
        elif kind == "story_delivery":
            topic = "timed delivery"
            stories = f"{count} {plural(count, 'story', 'stories')}"
            _, text = self._pick((("delivery", i), v) for i, v in enumerate((
                f"Tell {stories} aloud against the timer (2-minute and full versions) and record them",
                f"Tell {stories} in the 30-second version, then answer a follow-up question on each",
                f"Listen back to {stories} you recorded: mark fillers and where the action runs long, "
                "then tell them again",
                f"Tell {stories} to someone who knows your work and ask what they did not believe")))
        elif kind == "lp_study":
            first = self.rotor.next(f"w{week_no}:lp", content.lps)
            lps = _from(first, list(content.lps)) + [x for x in ALL_LPS if x not in content.lps]
            _, text, lp = self._pick((("lp_study", x), f"Study {_lp_name(x)}: what it asks of a manager and which "
                                                       "story shows it", x) for x in lps)
            topic = _lp_name(lp)
        elif kind == "mock":
            topic = content.mock
            if content.final:
                variants = ["Dress rehearsal with a friend: openings, questions to ask, no new material",
                            "Run your opening and your questions for the interviewers once more, then rest"]
            else:
                variants = [f"Mock interview: {topic} ({minutes} min including feedback)"] + [
                    f"Mock interview: {topic}, with a {name.lower()} as the interviewer ({minutes} min including "
                    "feedback)" for name, _ in PERSONAS.values()]
            _, text = self._pick((("mock", i), v) for i, v in enumerate(variants))
        elif kind == "mock_review":
            topic = "mock review"
            _, text = self._pick((("mock_review", i), v) for i, v in enumerate((
                "Score your last mock 1–5 per area and pick 2–3 fixes for this week",
                "Targeted practice: one fix from your last mock review, on a fresh question",
                "Reread your notes of your last mock and write how you would answer its hardest question now")))
        else:  # pragma: no cover - the kinds above are exhaustive
            raise AssertionError(kind)
        return dict(category=category, kind=kind, minutes=minutes, count=count, text=text,
                    topic=topic, gap=False, lp=lp)

    def _problem_options(self, content: WeekContent, patterns: list[str], minutes: int, count: int,
                         stretch: bool) -> tuple[int, Iterable[tuple]]:
        before = [p for p in self._before("pattern") if p not in content.patterns]
        if content.final:
            before = [p for p in before if pattern_for(p)]      # named patterns, not "mixed review"
            if not before:
                return count, [(("coding", 0, p), f"{count} warm-up {plural(count, 'problem', 'problems')}, "
                                                  "no new patterns", p) for p in patterns]
            return count, [(("coding", 0, p), f"{count} warm-up {plural(count, 'problem', 'problems')} on {p}, "
                                              "a pattern you know", p) for p in before]
        if stretch:
            count = max(1, minutes // 40)
            problems = plural(count, "problem", "problems")
            first, again = f"Stretch: {count} hard {problems}: {{}}", \
                f"Stretch: {count} more hard {problems} against a 40-minute timer each: {{}}"
        else:
            easy = content is BASE["know-thyself"]
            unit = 15 if easy else 25
            difficulty = "easy" if easy else "medium"
            count = max(1, minutes // unit)
            problems = plural(count, "problem", "problems")
            first, again = f"{count} {difficulty} {problems}: {{}}", \
                f"{count} more {difficulty} {problems} against a {unit}-minute timer each: {{}}"
        def options():
            for group in (patterns, before):
                for i, form in enumerate((first, again)):
                    for p in group:
                        yield (("coding", i, p), form.format(p), p)

        return count, options()

    def _review_options(self, patterns: list[str]):
        for group in (patterns, [p for p in self._before("pattern") if p not in patterns]):
            for p in group:
                yield (("review", 0, p), f"Review your notes on {p}: write the signal that tells you to use it", p)
            for p in group:
                yield (("review", 1, p), f"Write a one-page cheat sheet for {p}: the signal, the template and one trap",
                       p)

    def _concept_options(self, content: WeekContent, first: str):
        concepts = _from(first, content.concepts)
        before = [c for c in self._before("concept") if c not in content.concepts]
        if content.final:
            for c in concepts + before:
                yield (("concept", "go", c), f"Go over {c}: no new material", c)
            for c in concepts + before:
                yield (("concept", "card", c), f"Put {c} on one index card: no new material", c)
            return
        for group in (concepts, before):
            for c in group:
                n = self.concept_uses[c]
                for i in range(len(CONCEPT_STAGES)):
                    stage = CONCEPT_STAGES[(n + i) % len(CONCEPT_STAGES)]
                    yield (("concept", stage, c), CONCEPT_TEXTS[stage].format(c), c)

    def _story_options(self, content: WeekContent, lps: list[str], count: int):
        stories = plural(count, "story", "stories")
        for lp in lps:
            name = _lp_name(lp)
            if content.final:
                yield (("story", lp), f"Tell your top {name} story once, calmly" if count == 1 else
                       f"Tell {count} of your top stories once each, calmly, starting with your {name} story",
                       "your top stories", lp)
                continue
            for prompt in story_prompts(content, lp):
                yield (("story", lp, prompt), f"Draft {count} STAR {stories} for {name}: {prompt}", prompt, lp)


DESIGN_MINUTES = 60             # a full design: the seeds' 45-minute problem and its write-up
# Work on a problem before its full design, step by step: the state each step leaves it in.
FIRST_PASSES = {"sketch": "sketched", "numbers": "estimated", "outline": "outlined"}
# Work on a problem after its full design, in turn.
FOLLOW_UPS = {"deep": "Deep dive on {}: take one component to its limits (data model, hot spots, failures)",
              "scale": "Scale {} tenfold: what breaks first and how the design changes",
              "break": "Break {} on purpose: take out one component at a time and say what users see"}
CONCEPT_STAGES = ("read", "explain", "note")
CONCEPT_TEXTS = {"read": "Read up on {} and note two trade-offs you could discuss",
                 "explain": "Explain {} out loud in five minutes, then note what you could not answer",
                 "note": "Write a one-page note on {}: the main trade-offs and when each side wins"}
_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def _ordinal(n: int) -> str:
    return _ORDINALS[n - 1] if n <= len(_ORDINALS) else f"{n}th"


def _from(first, items) -> list:
    """`items` in their order, starting at `first`."""
    items = list(items)
    i = items.index(first)
    return items[i:] + items[:i]


def _capped_chunk(left: int, max_chunk: int, cap: int | None) -> int:
    """The next task's length (see _chunk), never longer than `cap` (a checkpoint day's checkpoint time)."""
    chunk = _chunk(left, max_chunk)
    if cap is not None and chunk > cap:
        chunk = max(BLOCK, min(max_chunk, _blocks(cap) * BLOCK))
    return chunk


# ------------------------------------------------------------------ the generator

def _checkpoint_dates(start: date, last_day: date, study_days: list[date],
                      interview: date) -> dict[int, date]:
    """Checkpoint number → the study day it falls on (at or before its target, 2+ days before)."""
    total_days = (last_day - start).days + 1
    if len(study_days) >= MIN_STUDY_DAYS_FOR_ALL_CHECKPOINTS:
        wanted = CHECKPOINTS
    elif len(study_days) >= MIN_STUDY_DAYS_FOR_LAST_TWO:
        wanted = CHECKPOINTS[2:]
    else:
        wanted = CHECKPOINTS[3:]
    latest = interview - timedelta(days=2)
    out: dict[int, date] = {}
    used: set[date] = set()
    for cp in wanted:
        target = start + timedelta(days=max(0, round(cp.day_fraction * total_days) - 1))
        target = min(target, latest)
        candidates = [d for d in study_days if d <= target and d not in used]
        if not candidates:
            candidates = [d for d in study_days if d > target and d <= latest and d not in used]
            if not candidates:
                continue
            chosen = candidates[0]
        else:
            chosen = candidates[-1]
        used.add(chosen)
        out[cp.number] = chosen
    return out


def _finish_begun_checkpoints(cp_by_date: dict[date, int], req: ScheduleRequest,
                              study_dates: list[date]) -> dict[date, int]:
    """A checkpoint a re-plan cuts in two (a part kept, a part still to take) whose day is now before the
    re-plan's first: the rest is taken on the first study day from then on that holds no other checkpoint
    (checkpoint 3 is taken over two days; when 3B's day is blocked out after 3A, 3B moves on, whole)."""
    kept = {_kept_part(t.text) for _, t in req.kept if t.checkpoint}
    out = dict(cp_by_date)
    for d, n in sorted(cp_by_date.items()):
        parts = {p.id for p in CHECKPOINTS[n - 1].parts}
        if d >= req.replan_from or not parts & kept or parts <= kept:
            continue
        del out[d]
        later = next((x for x in study_dates if x >= req.replan_from and x not in out), None)
        if later is not None:
            out[later] = n
    return out


@dataclass
class _WeekDraft:
    index: int
    start: date
    end: date
    dates: list[date]
    study: list[date]
    content_week: int
    theme: str
    phase: str
    content: WeekContent
    shares: dict[str, float]
    budget: int
    stretch: bool
    caps: dict[date, int]
    notes: list[str]
    day_tasks: dict[date, list[dict]]
    used: dict[date, int]
    fixed: dict[str, int]
    extra: dict[str, int]          # fixed minutes on top of the plan-wide allocation (a stretch week's mock)
    checkpoint: dict[str, int]     # checkpoint minutes by category (taken out before the allocation)
    checkpoint_day: dict[date, int]

    @property
    def flexible(self) -> int:
        return max(0, self.budget - sum(self.fixed.values()))


@dataclass(frozen=True)
class Mapping:
    """Which plan week each calendar week teaches, and where the calendar starts."""
    start: date
    calendar_weeks: int
    weeks: list[int]              # 0-based plan week of each calendar week
    first_adjusted: int           # the first calendar week an adaptation changes (calendar_weeks: none)
    notes: list[str]


def content_mapping(req: ScheduleRequest) -> Mapping:
    """Step 1 of the method alone (cheap): the plan's content weeks laid on the calendar weeks."""
    spec = get_plan(req.plan_id)
    plan_weeks = PLAN_WEEKS[req.plan_id]
    notes: list[str] = []
    start = req.start
    calendar_weeks = math.ceil((req.interview - start).days / 7)
    max_weeks = math.ceil(spec.weeks * MAX_STRETCH)
    if calendar_weeks > max_weeks:
        start = req.interview - timedelta(days=7 * max_weeks)
        calendar_weeks = max_weeks
        notes.append(f"The {spec.name} plan spreads over at most {max_weeks} weeks, so it starts on "
                     f"{start.isoformat()}; until then, nothing is scheduled.")
    elif calendar_weeks < spec.weeks:
        notes.append(f"{spec.weeks} weeks of content compressed into {calendar_weeks}.")
    elif calendar_weeks > spec.weeks:
        notes.append(f"{spec.weeks} weeks of content spread over {calendar_weeks}.")
    mapping = content_map(len(plan_weeks), calendar_weeks)
    adj = req.adjustments
    first_adjusted = calendar_weeks
    if adj is not None:
        first_adjusted = max(0, (adj.from_date - start).days // 7)
        before = [c - 1 for c in adj.content_weeks if 1 <= c <= len(plan_weeks)]
        if before and len(before) == len(adj.content_weeks):
            if len(before) == calendar_weeks:
                mapping = before                           # the plan being replaced: its weeks keep their content
            elif 0 < first_adjusted <= len(before) and first_adjusted < calendar_weeks:
                # the calendar changed length: the weeks lived keep theirs, the rest follow on from there
                mapping, _ = _resume(before[:first_adjusted] + mapping[first_adjusted:], first_adjusted,
                                     min(len(plan_weeks) - 1, before[first_adjusted - 1] + 1), len(plan_weeks),
                                     calendar_weeks)
        if adj.resume_content_week is not None and first_adjusted < calendar_weeks:
            was = mapping[first_adjusted]
            mapping, resumed = _resume(mapping, first_adjusted, adj.resume_content_week - 1, len(plan_weeks),
                                       calendar_weeks)
            if resumed != adj.resume_content_week - 1:
                notes.append(f"Plan week {adj.resume_content_week} has already been taught twice, so the plan "
                             f"resumes at its week {resumed + 1} instead of repeating it again.")
            if was != resumed:
                notes.append(f"From {adj.from_date.isoformat()} the plan resumes at its week "
                             f"{resumed + 1} and the later weeks are re-dated to fit.")
    return Mapping(start, calendar_weeks, mapping, first_adjusted, notes)


def generate(req: ScheduleRequest) -> Schedule:
    validate(req)
    spec = get_plan(req.plan_id)
    plan_weeks = PLAN_WEEKS[req.plan_id]
    m = content_mapping(req)
    start, calendar_weeks, mapping, first_adjusted, notes = m.start, m.calendar_weeks, m.weeks, m.first_adjusted, m.notes
    last_day = req.interview - timedelta(days=1)

    all_dates = [start + timedelta(days=i) for i in range((last_day - start).days + 1)]
    study_dates = [d for d in all_dates if d.weekday() in req.weekdays and d not in req.blackouts]
    cp_by_date = {d: n for n, d in _checkpoint_dates(start, last_day, study_dates, req.interview).items()}
    if req.replan_from is not None:
        cp_by_date = _finish_begun_checkpoints(cp_by_date, req, study_dates)
    busy_weeks = {(d - start).days // 7 for d in req.busy_weeks if start <= d <= last_day}

    # Pass 1: each week's budget, and the tasks whose category is fixed (checkpoints, the eve).
    study_set = set(study_dates)

    def draft_all() -> list[_WeekDraft]:
        return [_draft_week(req, spec, wi, calendar_weeks, start, last_day, all_dates, study_set,
                            plan_weeks[mapping[wi]], mapping[wi] + 1, wi in busy_weeks, cp_by_date,
                            wi - first_adjusted if wi >= first_adjusted else None)
                for wi in range(calendar_weeks)]

    drafts = draft_all()
    # Checkpoints must not crowd out the practice they measure: at most a fifth of the plan's time,
    # the earliest left out first. The last one placed stays: as in a short plan (curriculum), a plan
    # keeps its final readiness check whenever its week can hold it.
    total = sum(w.budget for w in drafts)
    while True:
        used = sum(sum(w.checkpoint.values()) for w in drafts)
        placed = {t["checkpoint"] for w in drafts for ts in w.day_tasks.values() for t in ts if t.get("checkpoint")}
        if used <= MAX_CHECKPOINT_SHARE * total or len(placed) < 2:
            break
        first = min(placed)
        notes.append(f"Checkpoint {first} is left out: with it the checkpoints would take {used / 60:g} h of "
                     f"this plan's {total / 60:g} h, more than a fifth of it.")
        cp_by_date = {d: n for d, n in cp_by_date.items() if n != first}
        drafts = draft_all()

    # Pass 2: split every week's flexible minutes so the whole plan meets the track's allocation.
    flexible = _balance(drafts)
    maker = _TaskMaker(req)
    kept = sorted(req.kept, key=lambda x: (x[0], x[1].seq))
    kept_by_day: dict[date, list[Task]] = {}
    for day, t in kept:                       # by day once: a 20-week-old plan keeps ~400 tasks
        kept_by_day.setdefault(day, []).append(t)
    kept_until = req.replan_from or date.min
    weeks: list[Week] = []
    days: list[Day] = []
    carry = {c: 0.0 for c in CATEGORIES}
    for w, target in zip(drafts, flexible):
        desired = {c: max(0.0, target[c] + carry[c]) for c in CATEGORIES}
        cat_min = {c: b * BLOCK for c, b in _split(_blocks(w.flexible), desired).items()}
        for c in CATEGORIES:
            carry[c] += target[c] - cat_min[c]
        maker.start_week(w.index + 1)
        for i in range((w.end - w.start).days + 1):
            day = w.start + timedelta(days=i)
            for t in kept_by_day.get(day, ()):
                maker.observe(t, later=day >= kept_until)
        _fill_days(w, cat_min, maker)
        week_cat = {c: 0 for c in CATEGORIES}
        for d in w.dates:
            if d < kept_until:
                # kept by the re-plan as it is: its tasks, not new ones
                tasks = tuple(kept_by_day.get(d, ()))
                for t in tasks:
                    week_cat[t.category] += t.minutes
                days.append(Day(d, w.index + 1, "study" if tasks or d in study_set else
                                "blackout" if d in req.blackouts else "rest", tasks))
                continue
            if d in req.blackouts:
                days.append(Day(d, w.index + 1, "blackout"))
                continue
            if d.weekday() not in req.weekdays:
                days.append(Day(d, w.index + 1, "rest"))
                continue
            ordered = sorted(w.day_tasks[d], key=lambda t: t["kind"] == "review")
            tasks = tuple(Task(seq=i + 1, checkpoint=t.pop("checkpoint", None), **t)
                          for i, t in enumerate(ordered))
            for t in tasks:
                week_cat[t.category] += t.minutes
            days.append(Day(d, w.index + 1, "study", tasks))
        weeks.append(Week(w.index + 1, w.start, w.end, w.theme, w.phase, w.content_week, w.budget,
                          week_cat, tuple(w.notes), dict(w.shares)))
    return Schedule(req, start, tuple(weeks), tuple(days), tuple(notes))


def _draft_week(req: ScheduleRequest, spec, wi: int, calendar_weeks: int, start: date, last_day: date,
                all_dates: list[date], study_dates: set[date], plan_week: tuple, content_week: int,
                busy: bool, cp_by_date: dict[date, int], adjusted: int | None) -> _WeekDraft:
    w_start = start + timedelta(days=7 * wi)
    w_end = min(w_start + timedelta(days=6), last_day)
    w_dates = [d for d in all_dates if w_start <= d <= w_end]
    w_study = [d for d in w_dates if d in study_dates]
    theme_name, phase, key = plan_week
    content = BASE[key]
    notes: list[str] = []

    budget = req.hours_per_week * 60 * len(w_dates) / 7
    if busy:
        budget = max(budget * (1 - BUSY_REDUCTION), min(budget, BUSY_DAY_FLOOR * len(w_study)))
        notes.append("Busy week: the load is cut by about a third.")
    adj = req.adjustments if adjusted is not None else None
    stretch = bool(adj and adj.stretch and adjusted == 0)      # a high week earns one stretch week, the next
    if adj is not None:
        declared = req.hours_per_week * 60 * len(w_dates) / 7
        budget = budget * (1 - adj.daily_cut) + adj.extra_daily_minutes * len(w_study)
        if adj.daily_cut:
            notes.append(f"Daily targets cut by {adj.daily_cut * 100:.0f}% after missed days.")
        if adjusted < adj.load_weeks:
            budget *= adj.load_factor
            notes.append(f"Adapted: this week's load is {adj.load_factor * 100:.0f}% of normal.")
        cap = declared * (1 + OVER_BUDGET_SHARE)
        if adj.extra_daily_minutes:
            if budget > cap + 0.5 and not adj.over_budget_consent:
                notes.append(f"Catch-up time added up to your declared hours + {OVER_BUDGET_SHARE * 100:.0f}% "
                             f"({cap / 60:.1f} h); more needs your consent.")
                budget = cap
            else:
                notes.append(f"{adj.extra_daily_minutes} extra minutes a study day to catch up.")
        elif budget > cap and not adj.over_budget_consent:
            budget = cap
    if wi == calendar_weeks - 1 and calendar_weeks > 1:
        budget *= INTERVIEW_WEEK_FACTOR
        notes.append("Interview week: lighter load, no new material.")
    caps = {d: _blocks(min(req.max_day_minutes, DAY_BEFORE_MAX) if d == last_day else req.max_day_minutes)
            * BLOCK for d in w_study}
    capacity = sum(caps.values())
    budget_min = _blocks(budget) * BLOCK
    if budget_min > capacity:
        notes.append(f"Your study days hold {capacity / 60:g} h this week, less than the "
                     f"{budget_min / 60:g} h budget.")
        budget_min = capacity
    travel = sum(1 for d in w_study if d in req.travel_days)
    if travel:
        notes.append(f"{travel} travel {plural(travel, 'day', 'days')}: stories and principles only, "
                     "work you can do out loud or on paper.")
    blackout_count = sum(1 for d in w_dates if d in req.blackouts)
    if blackout_count:
        notes.append(f"{blackout_count} blocked-out {plural(blackout_count, 'day', 'days')}: "
                     "the time moves to your other study days.")
    shares = spec.allocation_for(req.track, req.level, content_week)
    if adj is not None:
        bias: dict[str, float] = {}
        for cat, mult in adj.category_bias:
            bias[cat] = bias.get(cat, 1.0) * mult
        if adjusted < adj.pause_mocks_weeks:
            bias["mock"] = 0.0
            notes.append("Mocks paused this week: work on the skills first.")
        if bias:
            raw = {c: shares[c] * bias.get(c, 1.0) for c in CATEGORIES}
            total = sum(raw.values())
            shares = {c: raw[c] / total for c in CATEGORIES} if total > 0 else shares
        if stretch:
            notes.append("Stretch week after a high week: harder problems and one extra mock.")
    w = _WeekDraft(wi, w_start, w_end, w_dates, w_study, content_week, theme_name or content.theme, phase,
                   content, shares, budget_min, stretch, caps, notes, {d: [] for d in w_study},
                   {d: 0 for d in w_study}, {c: 0 for c in CATEGORIES}, {c: 0 for c in CATEGORIES},
                   {c: 0 for c in CATEGORIES}, {d: 0 for d in w_study})

    def place(day: date, task: dict) -> None:
        w.day_tasks[day].append(task)
        w.used[day] += task["minutes"]
        w.fixed[task["category"]] += task["minutes"]
        if task.get("checkpoint"):
            w.checkpoint[task["category"]] += task["minutes"]
            w.checkpoint_day[day] += task["minutes"]

    # The day before the interview: one light-review task and nothing else.
    if last_day in caps and caps[last_day] >= BLOCK and budget_min >= BLOCK:
        m = min(caps[last_day], budget_min)
        place(last_day, dict(category="behavioral", kind="final_review", minutes=m, count=1,
                             text="Light review: cheat sheets and your top three stories; check the "
                                  "logistics; sleep early", topic="final review", gap=False, lp=None))
        caps[last_day] = m

    if req.review_minutes:
        for d in w_study:
            if d == last_day or caps[d] - w.used[d] < req.review_minutes + BLOCK:
                continue
            if sum(w.fixed.values()) + req.review_minutes > budget_min / 2:
                break   # reviews never take more than half of a week
            place(d, dict(category="behavioral", kind="review", minutes=req.review_minutes, count=1,
                          text="Review your due cards", topic="spaced repetition",
                          gap=False, lp=None))

    # After a re-plan, the days it keeps are as they were: nothing fixed is placed on them again, and
    # what they hold (a checkpoint part, the stretch week's extra mock) is not placed twice.
    new_from = req.replan_from or date.min
    kept_here = [t for day, t in req.kept if w_start <= day <= w_end]
    kept_parts = {_kept_part(t.text) for _, t in req.kept if t.checkpoint}
    if stretch and not content.final and not any(t.text.startswith("Extra mock") for t in kept_here):
        # The extra mock: on the week's mock day when it has room, else the study day with the most room.
        room = [d for d in w_study if d != last_day and d >= new_from and caps[d] - w.used[d] >= EXTRA_MOCK_MINUTES]
        if room and budget_min - sum(w.fixed.values()) >= 2 * EXTRA_MOCK_MINUTES:
            day = min(room, key=lambda d: (WEEKDAY_FOCUS[d.weekday()] != "mock", -(caps[d] - w.used[d]), d))
            place(day, dict(category="mock", kind="mock", minutes=EXTRA_MOCK_MINUTES, count=1,
                            text=f"Extra mock (stretch): {content.mock}, timed, with a written self-score",
                            topic=content.mock, gap=False, lp=None))
            w.extra["mock"] += EXTRA_MOCK_MINUTES

    # The later checkpoint first: when a week cannot hold two, the final readiness check is the one kept
    # (as a short plan keeps only the last ones, curriculum.MIN_STUDY_DAYS_FOR_LAST_TWO).
    for d in sorted((x for x in w_study if x in cp_by_date), key=lambda x: -cp_by_date[x]):
        cp = CHECKPOINTS[cp_by_date[d] - 1]
        parts = [p for p in cp.parts if p.id not in kept_parts]
        if not parts:
            continue
        # A checkpoint takes the time it asks for (curriculum.CHECKPOINTS), on every track and budget: a
        # mock round squeezed into 15 minutes is not the checkpoint. One the week cannot hold is left
        # out whole and the week says so; a part is split over days only when no single day can hold it.
        free = min(budget_min - sum(w.fixed.values()),
                   sum(max(0, caps[x] - w.used[x]) for x in w_study if x != last_day and x >= new_from))
        needs = sum(p.minutes for p in parts)
        if needs > free:
            notes.append(f"Checkpoint {cp.number} needs {needs / 60:g} h and this week has room for "
                         f"{max(0, free) / 60:g} h: it is left out rather than cut short; take it in a week "
                         "with the time.")
            continue
        at = w_study.index(d)
        for part in parts:
            anchor = w_study[at - 1] if part.day_before and at > 0 else d
            i = w_study.index(anchor)
            slots = [x for x in w_study[i:] + w_study[:i][::-1] if x != last_day and x >= new_from]
            room = {x: caps[x] - w.used[x] for x in slots}
            text = part.text.replace("{pool}", CHECKPOINT_DESIGN_POOL[req.level])
            whole = next((x for x in slots if room[x] >= part.minutes), None)
            pieces = [(whole, part.minutes)] if whole else []
            left = 0 if whole else part.minutes
            for x in slots:
                if left < BLOCK:
                    break
                if room[x] >= BLOCK:
                    pieces.append((x, min(left, room[x])))
                    left -= pieces[-1][1]
            for n, (x, m) in enumerate(sorted(pieces), start=1):
                place(x, dict(category=part.category, kind="checkpoint", minutes=m, count=1,
                              text=text if n == 1 else f"{text} ({_ordinal(n)} sitting)", topic=cp.title,
                              gap=False, lp=None, checkpoint=cp.number))
    return w


def _balance(drafts: list[_WeekDraft], rounds: int = 60) -> list[dict[str, float]]:
    """Iterative proportional fitting of the flexible minutes.

    Rows are weeks (each must add up to its flexible minutes), columns are categories (each
    must reach the plan-wide target minus its fixed minutes). Starting from each week's own
    allocation keeps that week's character; a zero share stays zero. Checkpoints are exams sized
    by what they ask: their time comes out of the week before the track's allocation splits the
    rest (a 60-minute checkpoint mock would otherwise use up a part-time plan's mock practice).
    """
    target = {c: sum(w.shares[c] * (w.budget - sum(w.checkpoint.values()))
                     - (w.fixed[c] - w.extra[c] - w.checkpoint[c]) for w in drafts) for c in CATEGORIES}
    target = {c: max(0.0, v) for c, v in target.items()}
    flexible = [w.flexible for w in drafts]
    x = [{c: f * w.shares[c] for c in CATEGORIES} for w, f in zip(drafts, flexible)]
    for _ in range(rounds):
        for c in CATEGORIES:
            col = sum(row[c] for row in x)
            if col > 0:
                f = target[c] / col
                for row in x:
                    row[c] *= f
        for w, flex, row in zip(drafts, flexible, x):
            total = sum(row.values())
            if total > 0:
                f = flex / total
                for c in CATEGORIES:
                    row[c] *= f
            elif flex:
                row.update({c: flex * w.shares[c] for c in CATEGORIES})
    return x


def _fill_days(w: _WeekDraft, cat_min: dict[str, int], maker: _TaskMaker) -> None:
    """Spread the week's category minutes over its study days, each day's usual focus first."""
    remaining = sum(cat_min.values())
    target = dict(w.used)
    while remaining >= BLOCK:
        open_days = [d for d in w.study if w.caps[d] - target[d] >= BLOCK]
        if not open_days:
            break
        d = min(open_days, key=lambda x: (target[x], x))
        target[d] += BLOCK
        remaining -= BLOCK
    left = dict(cat_min)
    if remaining:
        # The days are full: give the rest back, largest category first.
        for c in sorted(CATEGORIES, key=lambda c: -left[c]):
            cut = min(left[c], remaining)
            left[c] -= cut
            remaining -= cut
    gap_done = {c: 0 for c in CATEGORIES}
    cat_done = {c: 0 for c in CATEGORIES}
    # Travel days first, so their behavioral work is taken before ordinary days use it up.
    for d in sorted(w.study, key=lambda x: (x not in maker.req.travel_days, x)):
        room = target[d] - w.used[d]
        focus = WEEKDAY_FOCUS[d.weekday()]
        order = [focus] + sorted((c for c in CATEGORIES if c != focus),
                                 key=lambda c: (-left[c], CATEGORIES.index(c)))
        if d in maker.req.travel_days:
            order = ["behavioral"]
        for c in order:
            take = min(left[c], room)
            if take < BLOCK:
                continue
            gap_m = 0
            if maker.has_gaps(c):
                want = _blocks(GAP_SHARE * (cat_done[c] + take) + BLOCK / 2) * BLOCK
                gap_m = max(0, min(take, want - gap_done[c]))
            # On a checkpoint's day the checkpoint is the main item: no ordinary task is longer. A day a
            # re-plan keeps has its share of the week counted, and its kept tasks instead of new ones.
            if maker.req.replan_from is None or d >= maker.req.replan_from:
                w.day_tasks[d].extend(maker.session_tasks(w.index + 1, w.content, c, take, gap_m, w.stretch,
                                                          w.checkpoint_day[d] or None))
            left[c] -= take
            room -= take
            gap_done[c] += gap_m
            cat_done[c] += take
            if room < BLOCK:
                break


def parse_weekdays(text: str | Iterable[str]) -> frozenset[int]:
    """'mon,tue,thu' or 'mon-fri' → weekday numbers; raises PlanError naming the bad token."""
    tokens = text.split(",") if isinstance(text, str) else list(text)
    out: set[int] = set()
    for raw in tokens:
        tok = raw.strip().lower()[:3] if "-" not in raw else raw.strip().lower()
        if not tok:
            continue
        if "-" in tok:
            a, _, b = tok.partition("-")
            a, b = a.strip()[:3], b.strip()[:3]
            if a not in WEEKDAY_NAMES or b not in WEEKDAY_NAMES:
                raise PlanError(f"unknown weekday range '{raw.strip()[:40]}' (use e.g. mon-fri)")
            i, j = WEEKDAY_NAMES.index(a), WEEKDAY_NAMES.index(b)
            if j < i:
                raise PlanError(f"weekday range '{raw.strip()[:40]}' runs backwards")
            out.update(range(i, j + 1))
        elif tok in WEEKDAY_NAMES:
            out.add(WEEKDAY_NAMES.index(tok))
        else:
            raise PlanError(f"unknown weekday '{raw.strip()[:40]}' (use mon, tue, wed, thu, fri, sat, sun)")
    if not out:
        raise PlanError("choose at least one study day")
    return frozenset(out)
