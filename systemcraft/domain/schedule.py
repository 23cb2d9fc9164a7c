"""The schedule generator: plan + calendar + budget + gaps → dated days with concrete tasks.

A pure function of its request (same inputs, same plan). The method, in order:
1. Map the plan's content weeks onto the calendar weeks left before the interview (compressing
   or stretching, never silently).
2. Give each week a minute budget: the declared hours, pro-rated for a partial week, cut for a
   busy week (but never under 1 h per study day), lighter in the interview week, and capped by
   what the available days can hold.
3. Split each week's budget between categories with a running ledger, so the whole plan matches
   the track's allocation even when checkpoints, rounding or a full calendar push a week off.
4. Place competency checkpoints, spread the rest evenly over the study days in 15-minute blocks,
   give each day its customary focus first (Mon behavioral, Tue design, Wed coding, Thu mock…).
5. Turn each session into tasks from the week's topics, with 60 % of each category's time on
   the candidate's assessed gaps in that category.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterable

from systemcraft.domain import principles
from systemcraft.domain.curriculum import (BASE, CHECKPOINT_DESIGN_POOL, CHECKPOINTS,
                                           MIN_WEEKS_FOR_ALL_CHECKPOINTS, PLAN_WEEKS, WeekContent)
from systemcraft.domain.plans import CATEGORIES, LEVELS, TRACKS, PlanError, check_choice, get_plan

BLOCK = 15                      # minutes: the unit everything is scheduled in
GAP_SHARE = 0.60                # share of a category's time spent on assessed gaps
INTERVIEW_WEEK_FACTOR = 0.6     # the interview week is lighter
DAY_BEFORE_MAX = 60             # minutes of light review the day before
BUSY_REDUCTION = 0.35           # a busy week loses 30–40 %: we take 35 %
BUSY_DAY_FLOOR = 60             # ...but keeps at least 1 h per study day
MAX_STRETCH = 1.5               # a plan may be spread over at most 1.5× its length
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
        spec = get_plan(self.request.plan_id)
        acc = {c: 0.0 for c in CATEGORIES}
        total = 0
        for w in self.weeks:
            shares = spec.allocation_for(self.request.track, self.request.level, w.content_week)
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


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


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
    def __init__(self, req: ScheduleRequest) -> None:
        self.req = req
        self.rotor = _Rotor()
        gaps: dict[str, list[GapTarget]] = defaultdict(list)
        for g in sorted(req.gaps, key=lambda g: (-g.weight, g.topic)):
            # Weighted round-robin: a gap of weight 2 comes up twice as often as one of weight 1.
            gaps[g.category].extend([g] * max(1, round(g.weight)))
        self.gaps = dict(gaps)

    def has_gaps(self, category: str) -> bool:
        return category in self.gaps

    def theme_tasks(self, week_no: int, content: WeekContent, category: str, minutes: int) -> list[dict]:
        kinds = THEME_KINDS[category]
        if category == "coding" and not content.design_coding:
            kinds = tuple(k for k in kinds if k.name != "design_coding")
        out: list[dict] = []
        left = minutes
        while left >= BLOCK:
            kind = self.rotor.next(f"w{week_no}:{category}:kind", kinds)
            chunk = _chunk(left, kind.max_chunk)
            if kind.name == "design_problem" and chunk < kind.max_chunk:
                out.append(self._make(week_no, content, category, "design_outline", chunk, 1))
            else:
                out.append(self._make(week_no, content, category, kind.name, chunk,
                                      max(1, chunk // kind.unit)))
            left -= chunk
        return out

    def gap_tasks(self, week_no: int, content: WeekContent, category: str, minutes: int) -> list[dict]:
        kind = GAP_KINDS[category]
        out: list[dict] = []
        left = minutes
        while left >= BLOCK:
            gap = self.rotor.next(f"gap:{category}", self.gaps[category])
            chunk = _chunk(left, kind.max_chunk)
            count = max(1, chunk // kind.unit)
            lp = gap.lp or self.rotor.next(f"w{week_no}:lp", content.lps)
            if category == "coding":
                text = (f"{count} medium {_plural(count, 'problem', 'problems')} against the clock, "
                        f"aiming for 30 minutes each (gap: {gap.topic})")
            elif category == "system_design":
                problem = self._design(week_no, content)
                text = f"Gap work on {gap.topic}: study it, then apply it to {problem}"
            elif category == "behavioral":
                text = (f"Gap work on {gap.topic}: draft or rework a story for {_lp_name(lp)}"
                        if gap.lp else f"Gap work on {gap.topic}: prepare an example you can tell")
            else:
                text = f"Gap work on {gap.topic} in a short mock segment"
            out.append(dict(category=category, kind=kind.name, minutes=chunk, count=count, text=text,
                            topic=gap.topic, gap=True, lp=gap.lp if category == "behavioral" else None))
            left -= chunk
        return out

    def _design(self, week_no: int, content: WeekContent) -> str:
        pool = content.design_l7 if self.req.level == "L7" else content.design_l6
        return self.rotor.next(f"w{week_no}:design", pool)

    def _make(self, week_no: int, content: WeekContent, category: str, kind: str, minutes: int,
              count: int) -> dict:
        lp = None
        if kind in ("coding_problems",):
            topic = self.rotor.next(f"w{week_no}:pattern", content.patterns)
            if content.final:
                text = f"{count} warm-up {_plural(count, 'problem', 'problems')}, no new patterns"
            else:
                difficulty = "easy" if content is BASE["know-thyself"] else "medium"
                count = max(1, minutes // (15 if difficulty == "easy" else 25))
                text = f"{count} {difficulty} {_plural(count, 'problem', 'problems')}: {topic}"
        elif kind == "design_coding":
            topic = self.rotor.next(f"w{week_no}:dcode", content.design_coding)
            text = f"Implement {topic} from scratch, with tests"
        elif kind == "pattern_review":
            topic = self.rotor.next(f"w{week_no}:pattern", content.patterns)
            text = f"Review your notes on {topic}: write the signal that tells you to use it"
        elif kind == "design_problem":
            topic = self._design(week_no, content)
            text = (f"Walk through {topic} lightly, out loud" if content.final else
                    f"Design {topic} in 45 minutes: requirements, estimates, diagram, trade-offs")
        elif kind == "design_outline":
            topic = self._design(week_no, content)
            text = f"Sketch {topic}: requirements, estimates and a first diagram"
        elif kind == "design_study":
            topic = self.rotor.next(f"w{week_no}:concept", content.concepts)
            text = f"Read up on {topic} and note two trade-offs you could discuss"
        elif kind == "story_draft":
            topic = self.rotor.next(f"w{week_no}:story", content.story_themes)
            lp = self.rotor.next(f"w{week_no}:lp", content.lps)
            if content.final:
                text = f"Tell {count} of your top {_plural(count, 'story', 'stories')} once each, calmly"
            else:
                text = (f"Draft {count} STAR {_plural(count, 'story', 'stories')} for {_lp_name(lp)}: "
                        f"{topic}")
        elif kind == "story_delivery":
            topic = "timed delivery"
            text = (f"Tell {count} {_plural(count, 'story', 'stories')} aloud against the timer "
                    "(2-minute and full versions) and record them")
        elif kind == "lp_study":
            lp = self.rotor.next(f"w{week_no}:lp", content.lps)
            topic = _lp_name(lp)
            text = f"Study {topic}: what it asks of a manager and which story shows it"
        elif kind == "mock":
            topic = content.mock
            text = (f"Dress rehearsal with a friend: openings, questions to ask, no new material"
                    if content.final else f"Mock interview: {topic} ({minutes} min including feedback)")
        elif kind == "mock_review":
            topic = "mock review"
            text = "Score your last mock 1–5 per area and pick 2–3 fixes for this week"
        else:  # pragma: no cover - the kinds above are exhaustive
            raise AssertionError(kind)
        return dict(category=category, kind=kind, minutes=minutes, count=count, text=text,
                    topic=topic, gap=False, lp=lp)

    def session_tasks(self, week_no: int, content: WeekContent, category: str, minutes: int,
                      gap_minutes: int) -> list[dict]:
        gap_part = self.gap_tasks(week_no, content, category, gap_minutes) if gap_minutes else []
        return self.theme_tasks(week_no, content, category, minutes - gap_minutes) + gap_part


# ------------------------------------------------------------------ the generator

def _checkpoint_dates(start: date, last_day: date, study_days: list[date], calendar_weeks: int,
                      interview: date) -> dict[int, date]:
    """Checkpoint number → the study day it falls on (at or before its target, 2+ days before)."""
    total_days = (last_day - start).days + 1
    wanted = CHECKPOINTS if calendar_weeks >= MIN_WEEKS_FOR_ALL_CHECKPOINTS else CHECKPOINTS[2:]
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


def generate(req: ScheduleRequest) -> Schedule:
    validate(req)
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
    last_day = req.interview - timedelta(days=1)
    mapping = content_map(len(plan_weeks), calendar_weeks)

    all_dates = [start + timedelta(days=i) for i in range((last_day - start).days + 1)]
    study_dates = [d for d in all_dates if d.weekday() in req.weekdays and d not in req.blackouts]
    cp_dates = _checkpoint_dates(start, last_day, study_dates, calendar_weeks, req.interview)
    cp_by_date = {d: n for n, d in cp_dates.items()}
    busy_weeks = {(d - start).days // 7 for d in req.busy_weeks if start <= d <= last_day}

    maker = _TaskMaker(req)
    target_cum = {c: 0.0 for c in CATEGORIES}
    sched_cum = {c: 0 for c in CATEGORIES}
    weeks: list[Week] = []
    days: list[Day] = []
    base_minutes = req.hours_per_week * 60
    cp_scale = min(1.0, req.hours_per_week / get_plan("comprehensive").hours["standard"])

    for wi in range(calendar_weeks):
        w_start = start + timedelta(days=7 * wi)
        w_end = min(w_start + timedelta(days=6), last_day)
        w_dates = [d for d in all_dates if w_start <= d <= w_end]
        w_study = [d for d in w_dates if d in set(study_dates)]
        theme_name, phase, key = plan_weeks[mapping[wi]]
        content = BASE[key]
        content_week = mapping[wi] + 1
        week_notes: list[str] = []

        budget = base_minutes * len(w_dates) / 7
        if wi in busy_weeks:
            budget = max(budget * (1 - BUSY_REDUCTION), min(budget, BUSY_DAY_FLOOR * len(w_study)))
            week_notes.append("Busy week: the load is cut by about a third.")
        if wi == calendar_weeks - 1 and calendar_weeks > 1:
            budget *= INTERVIEW_WEEK_FACTOR
            week_notes.append("Interview week: lighter load, no new material.")
        caps = {}
        for d in w_study:
            cap = req.max_day_minutes
            if d == last_day:
                cap = min(cap, DAY_BEFORE_MAX)
            caps[d] = _blocks(cap) * BLOCK
        capacity = sum(caps.values())
        budget_min = _blocks(budget) * BLOCK
        if budget_min > capacity:
            week_notes.append(f"Your study days hold {capacity / 60:g} h this week, less than the "
                              f"{budget_min / 60:g} h budget.")
            budget_min = capacity
        blackout_count = sum(1 for d in w_dates if d in req.blackouts)
        if blackout_count:
            week_notes.append(f"{blackout_count} blocked-out {_plural(blackout_count, 'day', 'days')}: "
                              "the time moves to your other study days.")

        shares = spec.allocation_for(req.track, req.level, content_week)
        # The ledger: this week's share plus an even slice of what earlier weeks owe or overspent,
        # so a long checkpoint does not empty a category for the following weeks.
        weeks_left = calendar_weeks - wi
        desired = {c: max(0.0, budget_min * shares[c] + (target_cum[c] - sched_cum[c]) / weeks_left)
                   for c in CATEGORIES}
        for c in CATEGORIES:
            target_cum[c] += budget_min * shares[c]
        if sum(desired.values()) <= 0:
            desired = dict(shares)
        cat_blocks = _split(_blocks(budget_min), desired)
        cat_min = {c: cat_blocks[c] * BLOCK for c in CATEGORIES}

        # The day before the interview: one light-review task, charged to behavioral.
        day_tasks: dict[date, list[dict]] = {d: [] for d in w_study}
        used = {d: 0 for d in w_study}
        if last_day in caps and caps[last_day] >= BLOCK and budget_min >= BLOCK:
            m = min(caps[last_day], budget_min)
            day_tasks[last_day].append(dict(
                category="behavioral", kind="final_review", minutes=m, count=1,
                text="Light review: cheat sheets and your top three stories; check the logistics; sleep early",
                topic="final review", gap=False, lp=None))
            used[last_day] = m
            caps[last_day] = m  # nothing else that day
            _charge(cat_min, "behavioral", m)

        # Checkpoints first: their parts come out of the owning category's minutes.
        for d in w_study:
            if d not in cp_by_date:
                continue
            cp = CHECKPOINTS[cp_by_date[d] - 1]
            total = max(60, _blocks(cp.minutes * cp_scale) * BLOCK)
            slots = [x for x in w_study if x >= d] + [x for x in reversed(w_study) if x < d]
            for part in cp.parts:
                pm = max(BLOCK, _blocks(total * part.share) * BLOCK)
                text = part.text.replace("{pool}", CHECKPOINT_DESIGN_POOL[req.level])
                pm = min(pm, sum(cat_min.values()))
                while pm >= BLOCK:
                    slot = next((x for x in slots if caps[x] - used[x] >= BLOCK), None)
                    if slot is None:
                        break
                    take = min(pm, caps[slot] - used[slot])
                    day_tasks[slot].append(dict(category=part.category, kind="checkpoint", minutes=take,
                                                count=1, text=text, topic=cp.title, gap=False, lp=None,
                                                checkpoint=cp.number))
                    used[slot] += take
                    _charge(cat_min, part.category, take)
                    pm -= take

        # Spread the remaining minutes evenly over the study days, in blocks.
        remaining = sum(cat_min.values())
        target = dict(used)
        while remaining >= BLOCK:
            open_days = [d for d in w_study if caps[d] - target[d] >= BLOCK]
            if not open_days:
                break
            d = min(open_days, key=lambda x: (target[x], x))
            target[d] += BLOCK
            remaining -= BLOCK
        if remaining:
            # Capacity ran out (e.g. checkpoints took the room); give the minutes back.
            for c in sorted(CATEGORIES, key=lambda c: -cat_min[c]):
                cut = min(cat_min[c], remaining)
                cat_min[c] -= cut
                remaining -= cut

        # Give each day its usual focus first, then whatever has most minutes left.
        left = dict(cat_min)
        gap_done = {c: 0 for c in CATEGORIES}
        cat_done = {c: 0 for c in CATEGORIES}
        for d in w_study:
            room = target[d] - used[d]
            focus = WEEKDAY_FOCUS[d.weekday()]
            order = [focus] + sorted((c for c in CATEGORIES if c != focus),
                                     key=lambda c: (-left[c], CATEGORIES.index(c)))
            for c in order:
                take = min(left[c], room)
                if take < BLOCK:
                    continue
                gap_m = 0
                if maker.has_gaps(c):
                    want = _blocks(GAP_SHARE * (cat_done[c] + take) + BLOCK / 2) * BLOCK
                    gap_m = max(0, min(take, want - gap_done[c]))
                day_tasks[d].extend(maker.session_tasks(wi + 1, content, c, take, gap_m))
                left[c] -= take
                room -= take
                gap_done[c] += gap_m
                cat_done[c] += take
                if room < BLOCK:
                    break

        week_cat = {c: 0 for c in CATEGORIES}
        for d in w_dates:
            if d in req.blackouts:
                days.append(Day(d, wi + 1, "blackout"))
                continue
            if d.weekday() not in req.weekdays:
                days.append(Day(d, wi + 1, "rest"))
                continue
            tasks = tuple(Task(seq=i + 1, checkpoint=t.pop("checkpoint", None), **t)
                          for i, t in enumerate(day_tasks[d]))
            for t in tasks:
                week_cat[t.category] += t.minutes
            days.append(Day(d, wi + 1, "study", tasks))
        for c in CATEGORIES:
            sched_cum[c] += week_cat[c]
        weeks.append(Week(wi + 1, w_start, w_end, theme_name or content.theme, phase, content_week,
                          budget_min, week_cat, tuple(week_notes)))

    return Schedule(req, start, tuple(weeks), tuple(days), tuple(notes))


def _charge(cat_min: dict[str, int], category: str, minutes: int) -> None:
    """Take minutes from a category, borrowing from the largest others when it runs short."""
    take = min(cat_min[category], minutes)
    cat_min[category] -= take
    short = minutes - take
    while short > 0:
        donor = max(CATEGORIES, key=lambda c: (cat_min[c], -CATEGORIES.index(c)))
        if cat_min[donor] <= 0:
            return
        t = min(cat_min[donor], short)
        cat_min[donor] -= t
        short -= t


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
                raise PlanError(f"unknown weekday range '{raw.strip()}' (use e.g. mon-fri)")
            i, j = WEEKDAY_NAMES.index(a), WEEKDAY_NAMES.index(b)
            if j < i:
                raise PlanError(f"weekday range '{raw.strip()}' runs backwards")
            out.update(range(i, j + 1))
        elif tok in WEEKDAY_NAMES:
            out.add(WEEKDAY_NAMES.index(tok))
        else:
            raise PlanError(f"unknown weekday '{raw.strip()}' (use mon, tue, wed, thu, fri, sat, sun)")
    if not out:
        raise PlanError("choose at least one study day")
    return frozenset(out)
