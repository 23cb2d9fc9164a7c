"""What the Coach hands to the CLI (and later the web): plain data, JSON-ready via `to_json`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, is_dataclass
from datetime import date, datetime
from typing import Any

from systemcraft.domain.wording import counted


CATEGORY_LABEL = {"system_design": "Design", "behavioral": "Behavioral", "coding": "Coding",
                  "mock": "Mock"}


def format_minutes(m: int) -> str:
    h, r = divmod(int(m), 60)
    return f"{h} h {r:02d} min" if h and r else (f"{h} h" if h else f"{r} min")


def interview_when(days_to: int, days_since: int) -> str:
    """How far the interview is, never as a negative count: '12 days to your interview', 'your interview is
    today', 'your interview was 3 days ago'."""
    if days_since > 0:
        return f"your interview was {counted(days_since, 'day')} ago"
    if days_to <= 0:
        return "your interview is today"
    return f"{counted(days_to, 'day')} to your interview"


def to_json(obj: Any) -> Any:
    if is_dataclass(obj) and not isinstance(obj, type):
        return {k: to_json(v) for k, v in asdict(obj).items()}
    if isinstance(obj, dict):
        return {str(k): to_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        items = sorted(obj) if isinstance(obj, (set, frozenset)) else obj
        return [to_json(v) for v in items]
    if isinstance(obj, (date, datetime)):
        return obj.isoformat()
    return obj


@dataclass(frozen=True)
class TaskView:
    ref: str
    seq: int
    category: str
    kind: str
    minutes: int
    text: str
    status: str
    gap: bool = False
    checkpoint: int | None = None
    actual_minutes: int | None = None
    note: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class TodayView:
    date: date
    state: str                   # study | rest | blackout | before_start | interview | after | no_tasks
    plan_name: str
    week: int | None
    weeks_total: int
    theme: str | None
    phase: str | None
    days_to_interview: int
    interview_date: date
    tasks: list[TaskView] = field(default_factory=list)
    planned_minutes: int = 0
    done_minutes: int = 0
    message: str = ""
    days_since_interview: int = 0          # after the interview; days_to_interview is then 0, never negative
    interview_when: str = ""               # views.interview_when, for every surface
    outcome: dict | None = None            # the latest outcome recorded for this interview date


@dataclass(frozen=True)
class QuizView:
    total: int
    band: str
    band_label: str
    advice: str
    recommended_plan: str
    sections: dict[str, dict]
    gaps: list[dict]
    top_development_areas: list[str]
    level_advice: dict
    previous_total: int | None = None


@dataclass(frozen=True)
class RecommendationView:
    plan_id: str
    plan_name: str
    plan_weeks: int
    weeks_available: float
    track: str
    hours_per_week: float
    compressed: bool
    postpone_advised: bool
    reasons: list[str]
    warnings: list[str]


@dataclass(frozen=True)
class WeekView:
    number: int
    start: date
    end: date
    theme: str
    phase: str
    budget_minutes: int
    planned_minutes: dict[str, int]
    done_minutes: int
    notes: list[str]
    days: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class PlanView:
    plan_id: str
    plan_name: str
    track: str
    level: str
    start: date
    interview: date
    hours_per_week: float
    weekdays: list[str]
    max_day_minutes: int
    blackouts: list[date]
    busy_weeks: list[date]
    version: int
    explanation: dict
    weeks: list[WeekView]
    current_week: int | None
    session_start: str = "19:00"     # when study sessions start (the calendar file)


@dataclass(frozen=True)
class StatusView:
    name: str
    target_level: str
    plan_name: str
    track: str
    today: date
    week: int | None
    weeks_total: int
    days_to_interview: int
    interview_date: date
    quiz_total: int | None
    quiz_band: str | None
    planned_to_date: int
    done_to_date: int
    skipped_to_date: int
    by_category: dict[str, dict]
    this_week: dict
    next_checkpoint: dict | None
    streak_days: int
    days_since_interview: int = 0          # after the interview; days_to_interview is then 0, never negative
    interview_when: str = ""
    outcome: dict | None = None            # the latest outcome recorded for this interview date
    readiness: dict | None = None          # score, provisional and reason, the daily cap (no components)


@dataclass(frozen=True)
class OnboardView:
    candidate: str
    target_level: str
    quiz: QuizView
    recommendation: RecommendationView
    plan: dict
    home: str
