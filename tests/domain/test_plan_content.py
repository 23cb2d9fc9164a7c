"""Plan content that reads right (issue 16, item 7): every generated task of every plan × track.

What users saw: the same design task twice in a week, "Sketch X" after the full design of X, a
checkpoint mock given 15 minutes next to a 45-minute coding task, and an Invent-and-Simplify task
with a Customer-Obsession prompt after a re-plan. Four rules, each checked over every task of every
plan × track × a few realistic variants (3, 5 or 6 study days; busy weeks and blocked-out days; the
gaps a quiz finds; principles the story bank lacks; a compressed or stretched calendar starting on a
Thursday; at most 2 h a day; L7) and over re-plans made with PlanAdjustments as the adaptation makes
them:

(a) No task is given twice in one calendar week (the plan's week, the 7 days the candidate sees as
    "week n"). The daily spaced-repetition slot is a time box, not content, and is left out, as the
    re-plan's content diff leaves it out (domain/replan.NOT_CONTENT). Counts and lengths do not make
    a task new: "Mock interview: X (45 min …)" and "Mock interview: X (60 min …)" are one task given
    twice, so numbers are masked before texts are compared.
(b) Design work on a problem X runs in order: first-pass work (a sketch, its numbers, its high-level
    design) only before the first full 45-minute design of X; follow-up work (a deep dive, scaling it
    tenfold, breaking it on purpose, a timed rerun) only after it.
(c) A checkpoint takes the time it asks for (rules and numbers in CHECKPOINT_FLOORS below), whatever
    the track or the week's budget: whole, or left out with a note saying so, never cut down. On a
    day that holds one, the checkpoint is the day's main item (no ordinary task on that day is
    longer than the checkpoint's time there).
(d) A task that carries a principle names that principle, names no other, and a prompt that carries
    principles' tell-tale words (TELLTALES below) carries its own principle's among them: no
    Invent-and-Simplify story drafted on "a decision you made for customers" (an invention for
    customers is about both, and may serve either).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import pytest

from systemcraft.domain import curriculum, mocks, principles
from systemcraft.domain.assessment import score_quiz
from systemcraft.domain.curriculum import (BASE, CHECKPOINTS, MIN_STUDY_DAYS_FOR_ALL_CHECKPOINTS,
                                           MIN_STUDY_DAYS_FOR_LAST_TWO)
from systemcraft.domain.plans import PLANS, TRACKS
from systemcraft.domain.schedule import BLOCK, GapTarget, PlanAdjustments, ScheduleRequest, generate
from tests.conftest import ANSWERS

MON = date(2026, 11, 23)
THU = MON + timedelta(days=3)


def _gaps(answers: dict) -> tuple[GapTarget, ...]:
    """The gaps a quiz finds, as the planning service turns them into schedule targets."""
    return tuple(GapTarget(g.category, g.study_topic, g.weight, g.lp) for g in score_quiz(answers).gaps)


QUIZ_GAPS = _gaps(ANSWERS)                                   # a candidate of 61/100
WEAK_GAPS = _gaps({f"q{i}": "B" for i in range(1, 21)})      # 40/100: a gap in every section
BANK_LACKS = ("invent-and-simplify", "frugality", "dive-deep")


# ------------------------------------------------------------------ the plans under test

@dataclass(frozen=True)
class Planned:
    """A plan as the candidate sees it: dated tasks by calendar week, and the notes (0: the plan's)."""
    days: tuple                      # (date, week number, tasks) in date order
    notes: dict[int, tuple[str, ...]] = field(default_factory=dict)


def _planned(s, before=None, after=None) -> Planned:
    days = tuple((d.date, d.week, d.tasks) for d in s.days
                 if (before is None or d.date < before) and (after is None or d.date >= after))
    return Planned(days, {0: s.notes, **{w.number: w.notes for w in s.weeks}})


def _request(plan: str, track: str, **kw) -> ScheduleRequest:
    spec = PLANS[plan]
    base = dict(plan_id=plan, track=track, level="L6", start=MON, interview=MON + timedelta(weeks=spec.weeks),
                hours_per_week=spec.hours[track], weekdays=frozenset(range(6)), review_minutes=15,
                gaps=QUIZ_GAPS)
    base.update(kw)
    return ScheduleRequest(**base)


def _replan(plan: str, track: str, midweek: bool) -> Planned:
    """The plan after an adaptation: the weeks before `from_date` as first planned, the rest regenerated
    with the adjustments the adaptation rules produce (stretch after a high week; a lighter, re-dated
    week after a poor one; a behavioral bias with mocks paused and catch-up minutes) and with the
    principles the story bank now lacks drafted first."""
    old_req = _request(plan, track)
    old = generate(old_req)
    weeks = len(old.weeks)
    k = 1 if weeks <= 3 else 3
    from_date = MON + timedelta(weeks=k, days=2 if midweek else 0)
    content = tuple(w.content_week for w in old.weeks)
    adj = {
        "standard": PlanAdjustments(from_date, stretch=True, content_weeks=content),
        "part_time": PlanAdjustments(from_date, load_factor=0.75, load_weeks=1, resume_content_week=content[k - 1],
                                     content_weeks=content, settled_before=from_date),
        "minimum": PlanAdjustments(from_date, category_bias=(("behavioral", 1.3),), pause_mocks_weeks=1,
                                   extra_daily_minutes=30, content_weeks=content),
    }[track]
    if midweek:
        # A re-plan on a Wednesday (new travel days): the store keeps the old Monday and Tuesday, so only
        # the regenerated plan is the generator's to answer for.
        travel = frozenset({from_date + timedelta(days=1), from_date + timedelta(days=2)})
        return _planned(generate(_request(plan, track, adjustments=adj, lp_priority=BANK_LACKS, travel_days=travel)))
    new = generate(_request(plan, track, adjustments=adj, lp_priority=BANK_LACKS))
    stitched = _planned(old, before=from_date).days + _planned(new, after=from_date).days
    return Planned(stitched, {0: new.notes, **{w.number: w.notes for w in new.weeks}})


VARIANTS = ("default", "l7-5days", "3days-busy-blackouts", "thursday-other-length", "2h-days", "replan",
            "replan-midweek")


def _variant(plan: str, track: str, variant: str) -> Planned:
    spec = PLANS[plan]
    if variant == "default":
        return _planned(generate(_request(plan, track)))
    if variant == "l7-5days":
        return _planned(generate(_request(plan, track, level="L7", weekdays=frozenset(range(5)), gaps=())))
    if variant == "3days-busy-blackouts":
        blackouts = frozenset(MON + timedelta(days=7 * min(1, spec.weeks - 1) + i) for i in (2, 3, 4))
        return _planned(generate(_request(plan, track, weekdays=frozenset({0, 2, 5}), gaps=WEAK_GAPS,
                                          busy_weeks=frozenset({MON}), blackouts=blackouts,
                                          lp_priority=BANK_LACKS)))
    if variant == "thursday-other-length":
        weeks = max(2, round(spec.weeks * (0.75 if spec.weeks > 6 else 1.4)))
        return _planned(generate(_request(plan, track, start=THU, interview=THU + timedelta(weeks=weeks, days=1),
                                          max_day_minutes=180, gaps=WEAK_GAPS)))
    if variant == "2h-days":
        # At most 2 h a day: checkpoint 3's 150-minute full loop has to be taken in two sittings.
        return _planned(generate(_request(plan, track, max_day_minutes=120, hours_per_week=PLANS[plan].hours[track])))
    return _replan(plan, track, midweek=variant == "replan-midweek")


CASES = [f"{p}/{t}/{v}" for p in PLANS for t in TRACKS for v in VARIANTS]


@lru_cache(maxsize=None)
def planned(case: str) -> Planned:
    return _variant(*case.split("/"))


def tasks(p: Planned):
    for day, week, ts in p.days:
        for t in ts:
            yield day, week, t


# ------------------------------------------------------------------ (a) no task twice in a week

TIME_BOXES = {"review"}


def same_task(text: str) -> str:
    return re.sub(r"\d+", "#", text)


@pytest.mark.parametrize("case", CASES)
def test_no_task_is_given_twice_in_one_week(case):
    repeats = given_twice(planned(case))
    assert not repeats, "\n".join(repeats[:10])


def given_twice(p: Planned) -> list[str]:
    seen: dict[tuple[int, str], date] = {}
    repeats = []
    for day, week, t in tasks(p):
        if t.kind in TIME_BOXES:
            continue
        # The generator marks a repeat it cannot avoid ("… (second time this week)"); that is only for
        # loads far above any track's, never for these plans.
        if "time this week" in t.text:
            repeats.append(f"week {week}: {t.text!r} on {day}")
        key = (week, same_task(t.text))
        if key in seen:
            repeats.append(f"week {week}: {t.text!r} on {seen[key]} and {day}")
        seen.setdefault(key, day)
    return repeats


# ------------------------------------------------------------------ (b) sketches before full designs

FIRST_PASS = ("Sketch ", "Put numbers on ", "Draw the high-level design of ")
FULL = ("Design ", "Stretch: Design ")
FOLLOW_UP = ("Deep dive on ", "Scale ", "Break ", "Timed rerun: ")
REVIEW = ("Walk through ",)          # the interview week's light walkthrough of earlier work


@pytest.mark.parametrize("case", CASES)
def test_sketches_come_before_and_follow_ups_after_the_full_design(case):
    wrong = out_of_order(planned(case))
    assert not wrong, "\n".join(wrong[:10])


def out_of_order(p: Planned) -> list[str]:
    designed: set[str] = set()
    wrong = []
    for day, _, t in tasks(p):
        if t.kind not in ("design_problem", "design_outline"):
            continue
        text = t.text
        assert text.startswith(FIRST_PASS + FULL + FOLLOW_UP + REVIEW), f"unrecognised design task {text!r}"
        if text.startswith(FIRST_PASS) and t.topic in designed:
            wrong.append(f"{day}: {text!r} after the full design of {t.topic}")
        if text.startswith(FOLLOW_UP) and t.topic not in designed:
            wrong.append(f"{day}: {text!r} before any full design of {t.topic}")
        if text.startswith(FULL):
            designed.add(t.topic)
    return wrong


# ------------------------------------------------------------------ (c) checkpoints sized to what they ask

def round_minutes(fmt: str) -> int:
    """A mock round's length: the sum of its timed phases in domain/mocks.py (PRODUCT decision 14)."""
    return sum(minutes for _, minutes, _ in mocks.FORMATS[fmt])


def stated_minutes(part_id: str) -> int:
    """The minutes a part's own text gives its pieces ('45 min behavioral, 60 min design, …')."""
    text = next(p.text for cp in CHECKPOINTS for p in cp.parts if p.id == part_id)
    return sum(int(m) for m in re.findall(r"(\d+) min\b", text))


# The source gives each checkpoint a length (INVENTORY §2.15): week 2 2 h, week 4 3 h, week 8 4 h over
# two days, week 12 2 h. Within it, a part gets at least what its content asks:
CHECKPOINT_HOURS = {1: 2, 2: 3, 3: 4, 4: 2}
CHECKPOINT_FLOORS = {
    # 1A states its own times: a story written in 15 min, its impact added in 10, a 3–4 min recording
    # = 29 min, two 15-minute blocks.
    "1A": 30,
    # 1C is a coding round with follow-ups (then a design it times with the same clock): at least the
    # coding format's 45 minutes — a checkpoint coding round given 15 minutes is not the checkpoint.
    "1C": round_minutes("coding"),
    # 2A is a mock behavioral round: at least the behavioral format's 60 minutes.
    "2A": round_minutes("behavioral"),
    # 2B codes a rate limiter and designs chat for 10M users: at least a design round (60 minutes).
    "2B": round_minutes("system_design"),
    # 3A is a full loop whose rounds its text times: 45 behavioral + 60 design + 30 coding + 15 debrief.
    "3A": 150,
    # 3B, the stress test, has what the 4 hours leave after 3A: 90 minutes.
    "3B": CHECKPOINT_HOURS[3] * 60 - 150,
    # 4A records a mock round and analyses it: at least the round (60 minutes in every 60-minute format).
    "4A": round_minutes("system_design"),
}
# Any other part asks for at least one 15-minute block.


def test_the_checkpoint_floors_are_what_the_content_says():
    assert stated_minutes("3A") == CHECKPOINT_FLOORS["3A"] == 150
    assert CHECKPOINT_FLOORS["2A"] == 60 and CHECKPOINT_FLOORS["4A"] == 60 and CHECKPOINT_FLOORS["3B"] == 90
    assert CHECKPOINT_FLOORS["1C"] == 45 and CHECKPOINT_FLOORS["2B"] == 60
    for cp in CHECKPOINTS:
        floors = sum(CHECKPOINT_FLOORS.get(p.id, BLOCK) for p in cp.parts)
        assert floors <= CHECKPOINT_HOURS[cp.number] * 60, cp.number


def expected_checkpoints(p: Planned) -> set[int]:
    """The checkpoints a plan of this many study days holds (curriculum: all four from 16 days, the last
    two from 6, else the final one). One the plan leaves out must be named in a week's notes."""
    study = sum(1 for _, _, ts in p.days if ts)
    return {1, 2, 3, 4} if study >= MIN_STUDY_DAYS_FOR_ALL_CHECKPOINTS else \
        {3, 4} if study >= MIN_STUDY_DAYS_FOR_LAST_TWO else {4}


def _part(t) -> str:
    return t.text.split(":")[0].split()[1]          # "Checkpoint 2A: …" → "2A"


@pytest.mark.parametrize("case", CASES)
def test_checkpoints_get_the_time_they_ask_and_lead_their_day(case):
    wrong = checkpoints_wrong(planned(case))
    assert not wrong, "\n".join(wrong[:10])


def checkpoints_wrong(p: Planned) -> list[str]:
    part_minutes: dict[str, int] = {}
    part_week: dict[str, int] = {}
    wrong = []
    for day, week, ts in p.days:
        cp_minutes = sum(t.minutes for t in ts if t.checkpoint)
        for t in ts:
            if t.checkpoint:
                part_minutes[_part(t)] = part_minutes.get(_part(t), 0) + t.minutes
                part_week.setdefault(_part(t), week)
            elif cp_minutes and t.kind not in TIME_BOXES and t.minutes > cp_minutes:
                wrong.append(f"{day}: {t.minutes}-minute {t.kind} next to {cp_minutes} minutes of checkpoint")
    for part, minutes in part_minutes.items():
        floor = CHECKPOINT_FLOORS.get(part, BLOCK)
        if minutes < floor:
            wrong.append(f"checkpoint {part}: {minutes} minutes, it asks for at least {floor}")
    all_notes = " ".join(n for ns in p.notes.values() for n in ns)
    for cp in CHECKPOINTS:
        present = [x.id for x in cp.parts if x.id in part_minutes]
        if not present:
            if cp.number in expected_checkpoints(p) and f"Checkpoint {cp.number} " not in all_notes:
                wrong.append(f"checkpoint {cp.number} left out without a note")
        elif len(present) < len(cp.parts):
            wrong.append(f"checkpoint {cp.number} cut down to {present}")
        else:
            total = sum(part_minutes[x.id] for x in cp.parts)
            if total < CHECKPOINT_HOURS[cp.number] * 60:
                wrong.append(f"checkpoint {cp.number}: {total} minutes, the source gives it "
                             f"{CHECKPOINT_HOURS[cp.number]} h")
    return wrong


# ------------------------------------------------------------------ (d) prompts that belong to their principle

# Words that make a prompt about a principle. A prompt may be about several ("a strategic call on
# incomplete data": judgement and speed); a task's prompt must be about its own principle if it is
# about any.
TELLTALES = {
    "customer-obsession": ("customer",),
    "ownership": ("owned", "owning", "ownership", "end to end"),
    "invent-and-simplify": ("invent", "simplif", "simpler"),
    "are-right-a-lot": ("judgement", "judgment", "technical call", "strategic call", "right call"),
    "learn-and-be-curious": ("learn", "curious", "curiosity"),
    "hire-and-develop-the-best": ("hire", "hiring", "hired", "mentor", "coach", "building a team", "grew"),
    "insist-on-the-highest-standards": ("standard", "quality", "the bar"),
    "think-big": ("vision", "bold", "think big"),
    "bias-for-action": ("incomplete data", "without all the data", "quickly"),
    "frugality": ("frugal", "with less", "cost"),
    "earn-trust": ("trust", "influence", "candid"),
    "dive-deep": ("detail", "root cause", "dive"),
    "have-backbone": ("disagree", "conflict", "backbone", "push back"),
    "deliver-results": ("deliver", "result", "deadline", "setback"),
    "strive-to-be-earths-best-employer": ("workplace", "employer", "culture", "place to work"),
    "success-and-scale-bring-broad-responsibility": ("responsib", "ethic", "wider effect", "communit"),
}


def telltales_in(text: str) -> set[str]:
    low = text.lower()
    return {lp for lp, words in TELLTALES.items() if any(w in low for w in words)}


def test_every_principle_has_telltales_and_the_quiz_gap_topics_carry_their_own():
    assert set(TELLTALES) == set(principles.BY_ID)
    for g in WEAK_GAPS + QUIZ_GAPS:
        if g.lp:
            assert telltales_in(g.topic) in (set(), {g.lp}), g


def test_every_story_theme_is_tagged_with_the_principles_it_is_about():
    """The curriculum's pairing of week themes and principles (and each principle's own prompts) obeys the
    same rule, for every pairing, not only those the plans above happen to draw."""
    themes = getattr(curriculum, "THEME_PRINCIPLES", {})
    own = getattr(curriculum, "PRINCIPLE_PROMPTS", {})
    wrong = []
    for key, content in BASE.items():
        for theme in content.story_themes:
            if theme not in themes:
                wrong.append(f"{key}: theme {theme!r} has no principles listed")
    for theme, lps in themes.items():
        about = telltales_in(theme)
        wrong += [f"{theme!r} listed for {lp}, but it is about {sorted(about)}" for lp in lps if about and lp not in about]
    if set(own) != set(principles.BY_ID):
        wrong.append(f"own prompts for {sorted(own)}, not for every principle")
    for lp, prompts in own.items():
        wrong += [f"{p!r} is {lp}'s own prompt, but it is about {sorted(telltales_in(p))}"
                  for p in prompts if telltales_in(p) - {lp}]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("case", CASES)
def test_a_principle_task_is_about_that_principle(case):
    wrong = off_principle(planned(case))
    assert not wrong, "\n".join(wrong[:10])


def off_principle(p: Planned) -> list[str]:
    wrong = []
    for day, _, t in tasks(p):
        if not t.lp:
            continue
        name = principles.BY_ID[t.lp].name
        others = [p.name for p in principles.PRINCIPLES if p.id != t.lp and p.name in t.text]
        about = telltales_in(t.text.replace(name, ""))
        if name not in t.text:
            wrong.append(f"{day}: {t.lp} task does not name it: {t.text!r}")
        if others:
            wrong.append(f"{day}: {t.lp} task names {others}: {t.text!r}")
        if about and t.lp not in about:
            wrong.append(f"{day}: {t.lp} task with a prompt about {sorted(about)}: {t.text!r}")
    return wrong


# ------------------------------------------------------------------ a re-plan in the middle of a week

# A re-plan keeps every task before the day it starts from (planning.regenerate: today, or tomorrow once
# one of today's tasks is finished) and writes new tasks from then on, so the calendar week it falls in is
# part kept, part new. The four rules must hold over that merged week and over the plan it leaves, for a
# re-plan on each day of week 2 and of every week that holds a checkpoint, with the changes a re-plan
# brings: an adaptation's adjustments (as in _replan above), the principles the story bank now lacks,
# and new travel days or a newly blocked-out day in the rest of the week.

def replan_weeks(old) -> list[int]:
    """Week 2 and every week of the first plan that holds a checkpoint (0-based)."""
    held = {d.week - 1 for d in old.days if any(t.checkpoint for t in d.tasks)}
    return sorted({min(1, len(old.weeks) - 1)} | held)


def replanned(plan: str, track: str, week: int, weekday: int):
    """(the first plan, the re-planned one, the first day written anew, the merged plan as stored)."""
    old_req = _request(plan, track)
    old = generate(old_req)
    today = MON + timedelta(weeks=week, days=weekday)
    if today >= old_req.interview:
        return None
    # Finished before the re-plan: whatever was done on the days before (all of it is kept, done or not);
    # on some days one of today's tasks too, so the re-plan starts tomorrow.
    todays = next((d.tasks for d in old.days if d.date == today), ())
    from_day = today + timedelta(days=1) if todays and weekday % 2 else today
    content = tuple(w.content_week for w in old.weeks)
    adj = {
        "standard": PlanAdjustments(from_day, stretch=True, content_weeks=content),
        "part_time": PlanAdjustments(from_day, load_factor=0.75, load_weeks=1, content_weeks=content,
                                     resume_content_week=max(1, content[week] - 1), settled_before=from_day),
        "minimum": PlanAdjustments(from_day, category_bias=(("behavioral", 1.3),), pause_mocks_weeks=1,
                                   extra_daily_minutes=30, content_weeks=content),
    }[track]
    change = dict(travel_days=frozenset({from_day + timedelta(days=1), from_day + timedelta(days=2)})) \
        if weekday % 3 == 0 else dict(blackouts=frozenset({from_day + timedelta(days=1)}))
    kept = tuple((d.date, t) for d in old.days if d.date < from_day for t in d.tasks)
    new = generate(_request(plan, track, adjustments=adj, lp_priority=BANK_LACKS, replan_from=from_day,
                            kept=kept, **change))
    stored = _planned(old, before=from_day).days + _planned(new, after=from_day).days
    return old, new, from_day, Planned(stored, {0: new.notes, **{w.number: w.notes for w in new.weeks}})


@pytest.mark.parametrize("plan_track", [f"{p}/{t}" for p in PLANS for t in TRACKS])
def test_the_four_rules_hold_over_a_week_a_replan_splits(plan_track):
    plan, track = plan_track.split("/")
    wrong = []
    replans = 0
    for week in replan_weeks(generate(_request(plan, track))):
        for weekday in range(7):
            r = replanned(plan, track, week, weekday)
            if r is None:
                continue
            old, new, from_day, merged = r
            replans += 1
            # the re-planned schedule shows the kept days as they are, and writes new ones only from from_day
            assert [d.tasks for d in new.days if d.date < from_day] == \
                   [d.tasks for d in old.days if d.date < from_day and d.date >= new.start]
            label = f"re-plan on {from_day} (week {week + 1}, weekday {weekday})"
            for rule in (given_twice, out_of_order, checkpoints_wrong, off_principle):
                wrong += [f"{label}: {w}" for w in rule(merged)]
    assert replans >= 7, replans
    assert not wrong, "\n".join(wrong[:10])


def test_a_replan_in_a_checkpoint_week_gives_the_checkpoint_coding_round_its_45_minutes():
    """Checkpoint 1 of the 12-week plan falls on day 14 of 84: Saturday 5 December, week 2. On the minimum
    track (7 h a week) with days of at most 2 h, a re-plan on the Monday of that week makes it 75 % as
    heavy (420 × 0.75 = 315 minutes). Checkpoint 1 asks for 2 h (1A 30, 1B 15, 1C 45, 1D 30): the week
    still holds it, so it is placed whole — 1C, a coding round, with its 45 minutes, not a 15-minute
    slot — and on its day nothing ordinary is longer. A re-plan on the Friday that blocks out the
    Saturday leaves the Friday alone: 2 h less its review slot, 105 minutes, cannot hold 120, so the
    checkpoint is left out with a note saying so, never cut down to what fits."""
    first = _request("comprehensive", "minimum", max_day_minutes=120)
    old = generate(first)
    content = tuple(w.content_week for w in old.weeks)
    saturday = MON + timedelta(days=12)
    # (with days of 2 h, the first plan already takes 1D on the Friday)
    assert {d.date for d in old.days for t in d.tasks if t.checkpoint == 1} == {saturday - timedelta(days=1), saturday}

    def replan(on, **change):
        kept = tuple((d.date, t) for d in old.days if d.date < on for t in d.tasks)
        adj = PlanAdjustments(on, load_factor=0.75, load_weeks=1, content_weeks=content)
        new = generate(_request("comprehensive", "minimum", max_day_minutes=120, adjustments=adj,
                                replan_from=on, kept=kept, **change))
        return new, Planned(_planned(old, before=on).days + _planned(new, after=on).days,
                            {0: new.notes, **{w.number: w.notes for w in new.weeks}})

    new, merged = replan(MON + timedelta(weeks=1))
    assert new.weeks[1].budget_minutes == 315
    parts = {_part(t): t.minutes for _, _, t in tasks(merged) if t.checkpoint == 1}
    assert parts == {"1A": 30, "1B": 15, "1C": 45, "1D": 30}
    assert checkpoints_wrong(merged) == []

    friday = saturday - timedelta(days=1)
    new, merged = replan(friday, blackouts=frozenset({saturday}))
    assert not [t for _, _, t in tasks(merged) if t.checkpoint == 1]
    assert "Checkpoint 1 needs 2 h and this week has room for 1.75 h: it is left out rather than cut short; " \
           "take it in a week with the time." in new.weeks[1].notes
    assert checkpoints_wrong(merged) == []


def test_a_checkpoint_part_kept_by_a_replan_is_not_given_again_and_the_rest_follows_it():
    """Checkpoint 3 is taken over two days: 3A, the full loop, on the study day before 3B, the stress
    test (Friday 15 and Saturday 16 January, week 8 of the 12-week plan). A re-plan on the Saturday that
    blocks the Saturday out keeps 3A as it was; 3B must follow it whole (90 minutes) on the first study
    day from the re-plan on — Monday 18 January, Sunday being a rest day — not 3A a second time, and not
    3B left on a day already gone (the checkpoint's day, the last study day before its target, is now
    the Friday)."""
    old = generate(_request("comprehensive", "standard"))
    content = tuple(w.content_week for w in old.weeks)
    days = {_part(t): d.date for d in old.days for t in d.tasks if t.checkpoint == 3}
    assert days["3B"] > days["3A"]
    on = days["3B"]
    kept = tuple((d.date, t) for d in old.days if d.date < on for t in d.tasks)
    new = generate(_request("comprehensive", "standard", replan_from=on, kept=kept, blackouts=frozenset({on}),
                            adjustments=PlanAdjustments(on, stretch=True, content_weeks=content)))
    fresh = [(d.date, _part(t), t.minutes) for d in new.days if d.date >= on for t in d.tasks if t.checkpoint]
    assert [(p, m) for _, p, m in fresh if p.startswith("3")] == [("3B", 90)]
    assert days["3B"] == date(2027, 1, 16) and [day for day, p, _ in fresh if p == "3B"] == [date(2027, 1, 18)]
    merged = Planned(_planned(old, before=on).days + _planned(new, after=on).days,
                     {0: new.notes, **{w.number: w.notes for w in new.weeks}})
    assert checkpoints_wrong(merged) == [] and given_twice(merged) == []
