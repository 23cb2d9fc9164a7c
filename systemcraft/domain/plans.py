"""The plan catalogue and tracks (PRODUCT.md decisions 1–3), and plan selection.

Everything here is data plus small pure functions, so changing a number is one edit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import IntEnum

CATEGORIES: tuple[str, ...] = ("system_design", "behavioral", "coding", "mock")
CATEGORY_NAMES = {"system_design": "System design", "behavioral": "Behavioral",
                  "coding": "Coding", "mock": "Mock interviews"}
TRACKS: tuple[str, ...] = ("standard", "part_time", "minimum")
LEVELS: tuple[str, ...] = ("L6", "L7")
RISK_TOLERANCES: tuple[str, ...] = ("low", "medium", "high")


class Role(IntEnum):
    """The candidate's current role, ordered (the source compared strings, which sorted wrongly)."""
    engineer = 1
    senior_engineer = 2
    manager = 3
    senior_manager = 4


ROLES: tuple[str, ...] = tuple(r.name for r in Role)


@dataclass(frozen=True)
class Allocation:
    system_design: float
    behavioral: float
    coding: float
    mock: float

    def as_dict(self) -> dict[str, float]:
        return {c: getattr(self, c) for c in CATEGORIES}


def _alloc(sd: float, beh: float, coding: float, mock: float) -> Allocation:
    assert abs(sd + beh + coding + mock - 100) < 1e-6, "allocations sum to 100"
    return Allocation(sd / 100, beh / 100, coding / 100, mock / 100)


@dataclass(frozen=True)
class PlanSpec:
    id: str
    name: str
    weeks: int
    hours: dict[str, float]                 # default hours/week per track
    allocation: dict[str, Allocation]       # per track (level-independent plans)
    allocation_l7: dict[str, Allocation] | None = None  # when the split differs for L7
    mocks_from_week: int = 1                # content week (1-based) when mock time starts
    late_mock_share: float = 0.0            # mock share once mocks start, for plans that delay them
    summary: str = ""

    def allocation_for(self, track: str, level: str, content_week: int) -> dict[str, float]:
        """Category shares for one content week of this plan."""
        table = self.allocation_l7 if (level == "L7" and self.allocation_l7) else self.allocation
        shares = table[track].as_dict()
        if self.late_mock_share:
            mock = self.late_mock_share if content_week >= self.mocks_from_week else 0.0
            rest = 1.0 - mock
            non_mock = {c: v for c, v in shares.items() if c != "mock"}
            total = sum(non_mock.values())
            shares = {c: v / total * rest for c, v in non_mock.items()}
            shares["mock"] = mock
        return shares


def _same(a: Allocation) -> dict[str, Allocation]:
    return {t: a for t in TRACKS}


PLANS: dict[str, PlanSpec] = {
    p.id: p for p in (
        PlanSpec("final_prep", "Final preparation", 2,
                 {"standard": 10, "part_time": 8, "minimum": 6},
                 _same(_alloc(25, 35, 10, 30)),
                 summary="For a quiz of 85+: polish your best stories, keep skills warm, run full mocks."),
        PlanSpec("emergency", "2-week emergency", 2,
                 {"standard": 40, "part_time": 30, "minimum": 20},
                 _same(_alloc(35, 44, 9, 12)),
                 summary="The interview is already close: stories first, core design, a few mocks."),
        PlanSpec("intensive", "6-week intensive", 6,
                 {"standard": 15, "part_time": 12, "minimum": 10},
                 {"standard": _alloc(30, 35, 20, 15), "part_time": _alloc(35, 40, 15, 10),
                  "minimum": _alloc(40, 45, 10, 5)},
                 summary="Six focused weeks for a candidate who is nearly ready."),
        PlanSpec("strategic", "8-week strategic", 8,
                 {"standard": 17, "part_time": 13, "minimum": 9},
                 _same(_alloc(35, 40, 25, 0)), mocks_from_week=5, late_mock_share=0.20,
                 summary="Eight weeks for current managers: foundations first, mocks from week 5."),
        PlanSpec("comprehensive", "12-week comprehensive", 12,
                 {"standard": 12, "part_time": 9, "minimum": 7},
                 {"standard": _alloc(35, 35, 20, 10), "part_time": _alloc(40, 40, 15, 5),
                  "minimum": _alloc(45, 45, 8, 2)},
                 summary="Three phases of four weeks: foundation, skill development, interview mastery."),
        PlanSpec("career_transition", "6-month career transition", 26,
                 {"standard": 10, "part_time": 9, "minimum": 8},
                 _same(_alloc(33, 22, 28, 17)), allocation_l7=_same(_alloc(38, 23, 25, 14)),
                 summary="Half a year for a move into management: build the experience, then prepare."),
    )
}


class PlanError(ValueError):
    """Raised for unknown plans, tracks, levels or impossible inputs."""


def get_plan(plan_id: str) -> PlanSpec:
    try:
        return PLANS[plan_id]
    except KeyError:
        raise PlanError(f"unknown plan '{plan_id}' (choose from {', '.join(PLANS)})") from None


def check_choice(kind: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise PlanError(f"unknown {kind} '{value}' (choose from {', '.join(allowed)})")
    return value


def infer_track(plan_id: str, hours_per_week: float) -> str:
    """The heaviest track whose default budget the declared hours reach."""
    spec = get_plan(plan_id)
    for track in TRACKS:
        if hours_per_week >= spec.hours[track]:
            return track
    return "minimum"


# ---------------------------------------------------------------- selection

@dataclass(frozen=True)
class Recommendation:
    plan_id: str
    plan_weeks: int          # the plan's own length
    weeks_available: float
    compressed: bool
    reasons: tuple[str, ...]
    warnings: tuple[str, ...]
    postpone_advised: bool

    def explanation(self) -> str:
        return " ".join(self.reasons + self.warnings)


def select_by_calendar(weeks_available: float, role: str, risk_tolerance: str) -> tuple[str, str, bool]:
    """`select_study_plan` from the source with its bugs fixed.

    Returns (plan id, reason, postpone advised). Levels compare as an ordered enum. Where the source
    said "postpone", we still return the emergency plan and advise postponing (PRODUCT.md, decision 3).
    """
    level = Role[check_choice("current role", role, ROLES)]
    check_choice("risk tolerance", risk_tolerance, RISK_TOLERANCES)
    w = f"{weeks_available:.1f}".rstrip("0").rstrip(".")
    if weeks_available <= 2:
        if risk_tolerance == "high":
            return "emergency", f"{w} weeks left and a high risk tolerance: the 2-week emergency plan", False
        return ("emergency", f"only {w} weeks left: the 2-week emergency plan, though moving the "
                             "interview would be safer", True)
    if weeks_available <= 6:
        if level >= Role.senior_engineer:
            return "intensive", f"{w} weeks left as a {role.replace('_', ' ')}: the 6-week intensive plan", False
        return ("comprehensive", f"{w} weeks left without senior experience: the 12-week plan is "
                                 "the right depth", False)
    if weeks_available <= 12:
        return "strategic", f"{w} weeks left: the 8-week strategic plan fits", False
    if level >= Role.manager:
        return "comprehensive", f"{w} weeks left as a {role.replace('_', ' ')}: the 12-week plan", False
    return ("career_transition", f"{w} weeks left and moving from an individual role: the 6-month "
                                 "transition plan", False)


def recommend(weeks_available: float, role: str, risk_tolerance: str,
              quiz_plan: str | None = None, quiz_total: int | None = None) -> Recommendation:
    """Combine the calendar selector with the quiz band: take the longer plan, capped by the calendar."""
    if weeks_available <= 0:
        raise PlanError("the interview date must be after the start date")
    cal_plan, cal_reason, postpone = select_by_calendar(weeks_available, role, risk_tolerance)
    reasons = [f"Calendar: {cal_reason}."]
    warnings: list[str] = []
    chosen = cal_plan
    if quiz_plan is not None:
        get_plan(quiz_plan)
        reasons.append(f"Quiz: {quiz_total}/100 points to the {PLANS[quiz_plan].name} plan.")
        if weeks_available <= 2:
            # Two weeks cannot hold a longer plan; a ready candidate polishes, others sprint.
            chosen = "final_prep" if quiz_plan == "final_prep" else "emergency"
            if quiz_plan != "final_prep":
                postpone = True
        elif PLANS[quiz_plan].weeks > PLANS[cal_plan].weeks:
            chosen = quiz_plan
            reasons.append(f"The quiz asks for the longer plan, so {PLANS[chosen].name} it is.")
        elif PLANS[quiz_plan].weeks < PLANS[cal_plan].weeks:
            reasons.append(f"The calendar allows the longer {PLANS[cal_plan].name} plan, so we keep it.")
    spec = PLANS[chosen]
    available_whole = math.ceil(weeks_available - 1e-9)
    compressed = spec.weeks > available_whole
    if compressed:
        warnings.append(f"{spec.weeks} weeks recommended, {available_whole} available: "
                        "the plan is compressed to fit — raise your hours or move the date.")
    if postpone:
        needed = PLANS[quiz_plan].weeks if quiz_plan and quiz_plan != "final_prep" else 6
        warnings.append(f"Consider moving the interview: about {needed} weeks of preparation "
                        "would serve you better.")
    return Recommendation(chosen, spec.weeks, weeks_available, compressed, tuple(reasons),
                          tuple(warnings), postpone)
