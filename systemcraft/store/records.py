"""Plain records the store hands back (no SQLAlchemy types leak out)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class CandidateRecord:
    id: int
    name: str
    target_level: str
    current_role: str
    years_experience: int
    engineers_managed: int
    multi_team: bool
    org_transformation: bool
    risk_tolerance: str
    timezone: str
    day_start_hour: int = 4


@dataclass(frozen=True)
class AssessmentRecord:
    id: int
    candidate_id: int
    taken_on: date
    answers: dict
    technical: int
    leadership: int
    cultural: int
    total: int
    band: str


@dataclass(frozen=True)
class PlanRecord:
    id: int
    candidate_id: int
    plan_id: str
    track: str
    level: str
    start_date: date
    effective_start: date
    interview_date: date
    hours_per_week: float
    weekdays: frozenset[int]
    max_day_minutes: int
    blackouts: tuple[date, ...]
    busy_weeks: tuple[date, ...]
    gaps: tuple[dict, ...]
    explanation: dict
    session_start: str
    version: int
    adjustments: dict | None = None
    travel_days: tuple[date, ...] = ()


@dataclass(frozen=True)
class WeekRecord:
    number: int
    start: date
    end: date
    theme: str
    phase: str
    budget_minutes: int
    notes: tuple[str, ...]


@dataclass(frozen=True)
class TaskRecord:
    id: int
    day: date
    week: int
    seq: int
    category: str
    kind: str
    minutes: int
    count: int
    topic: str
    text: str
    gap: bool
    lp: str | None
    checkpoint: int | None
    status: str
    actual_minutes: int | None
    note: str | None
    reason: str | None
    completed_at: datetime | None

    @property
    def ref(self) -> str:
        return f"{self.day.isoformat()}.{self.seq}"


# ---------------------------------------------------------------- row mapping
# Both readers (SQLAlchemy and stdlib sqlite3) feed their rows through these functions, so a
# record looks the same whichever back end produced it. sqlite3 hands back text for dates,
# JSON and 0/1 for booleans; SQLAlchemy hands back Python objects.

import json as _json
from datetime import timezone as _tz
from typing import Any, Mapping


def as_date(v: Any) -> date:
    return v if isinstance(v, date) and not isinstance(v, datetime) else date.fromisoformat(str(v)[:10])


def as_datetime(v: Any) -> datetime | None:
    if v is None:
        return None
    dt = v if isinstance(v, datetime) else datetime.fromisoformat(str(v))
    return dt if dt.tzinfo else dt.replace(tzinfo=_tz.utc)


def as_json(v: Any) -> Any:
    return _json.loads(v) if isinstance(v, (str, bytes)) else v


def candidate_from_row(r: Mapping) -> CandidateRecord:
    return CandidateRecord(r["id"], r["name"], r["target_level"], r["current_role"],
                           r["years_experience"], r["engineers_managed"], bool(r["multi_team"]),
                           bool(r["org_transformation"]), r["risk_tolerance"], r["timezone"],
                           r["day_start_hour"] if r["day_start_hour"] is not None else 4)


def assessment_from_row(r: Mapping) -> AssessmentRecord:
    return AssessmentRecord(r["id"], r["candidate_id"], as_date(r["taken_on"]), as_json(r["answers"]),
                            r["technical"], r["leadership"], r["cultural"], r["total"], r["band"])


def plan_from_row(r: Mapping) -> PlanRecord:
    return PlanRecord(
        id=r["id"], candidate_id=r["candidate_id"], plan_id=r["plan_id"], track=r["track"],
        level=r["level"], start_date=as_date(r["start_date"]),
        effective_start=as_date(r["effective_start"]), interview_date=as_date(r["interview_date"]),
        hours_per_week=float(r["hours_per_week"]),
        weekdays=frozenset(int(x) for x in str(r["weekdays"]).split(",") if x != ""),
        max_day_minutes=r["max_day_minutes"],
        blackouts=tuple(as_date(x) for x in as_json(r["blackouts"])),
        busy_weeks=tuple(as_date(x) for x in as_json(r["busy_weeks"])),
        gaps=tuple(as_json(r["gaps"])), explanation=as_json(r["explanation"]),
        session_start=r["session_start"], version=r["version"],
        adjustments=as_json(r["adjustments"]) if r["adjustments"] is not None else None,
        travel_days=tuple(as_date(x) for x in (as_json(r["travel_days"]) or [])))


def week_from_row(r: Mapping) -> WeekRecord:
    return WeekRecord(r["number"], as_date(r["start"]), as_date(r["end"]), r["theme"], r["phase"],
                      r["budget_minutes"], tuple(as_json(r["notes"])))


def task_from_row(r: Mapping) -> TaskRecord:
    return TaskRecord(
        id=r["id"], day=as_date(r["day"]), week=r["week"], seq=r["seq"], category=r["category"],
        kind=r["kind"], minutes=r["minutes"], count=r["count"], topic=r["topic"], text=r["text"],
        gap=bool(r["gap"]), lp=r["lp"], checkpoint=r["checkpoint"], status=r["status"],
        actual_minutes=r["actual_minutes"], note=r["note"], reason=r["reason"],
        completed_at=as_datetime(r["completed_at"]))


@dataclass(frozen=True)
class LogRecord:
    id: int
    day: date
    kind: str
    category: str | None
    minutes: int | None
    count: int
    title: str | None
    link: str | None
    pattern: str | None
    difficulty: str | None
    level: str | None
    score: float | None
    solved_alone: bool | None
    confidence: int | None
    energy: int | None
    insight: str | None
    lp: str | None
    task_id: int | None


def log_from_row(r: Mapping) -> LogRecord:
    return LogRecord(
        id=r["id"], day=as_date(r["day"]), kind=r["kind"], category=r["category"], minutes=r["minutes"],
        count=r["count"], title=r["title"], link=r["link"], pattern=r["pattern"], difficulty=r["difficulty"],
        level=r["level"], score=None if r["score"] is None else float(r["score"]),
        solved_alone=None if r["solved_alone"] is None else bool(r["solved_alone"]),
        confidence=r["confidence"], energy=r["energy"], insight=r["insight"], lp=r["lp"], task_id=r["task_id"])


DATE_COLUMNS = frozenset(("day", "week_start", "first_day", "due_day"))


def normalise_row(r: Mapping) -> dict:
    """A plain dict with dates as date objects and numbers as Python numbers, whichever driver."""
    out = {}
    for k, v in dict(r).items():
        if k in DATE_COLUMNS and v is not None:
            v = as_date(v)
        elif hasattr(v, "as_integer_ratio") and not isinstance(v, (int, float)):
            v = float(v)   # Decimal from PostgreSQL aggregates
        out[k] = v
    return out


@dataclass(frozen=True)
class CardRecord:
    id: int
    kind: str
    ref: str
    prompt: str
    answer: str
    fsrs: dict
    due: datetime
    due_day: date
    suspended: bool


def card_from_row(r: Mapping) -> CardRecord:
    return CardRecord(r["id"], r["kind"], r["ref"], r["prompt"], r["answer"], as_json(r["fsrs"]),
                      as_datetime(r["due"]), as_date(r["due_day"]), bool(r["suspended"]))


def story_from_row(r: Mapping):
    from systemcraft.domain.stories import FollowUp, Story
    return Story(
        id=r["id"], title=r["title"], situation=r["situation"], task=r["task"], action=r["action"],
        result=r["result"], primary_lp=r["primary_lp"], secondary_lps=tuple(as_json(r["secondary_lps"])),
        level=r["level"], status=r["status"], team_size=r["team_size"], period=r["period"],
        happened=as_date(r["happened"]) if r["happened"] else None, metrics=r["metrics"], obstacles=r["obstacles"],
        lessons=r["lessons"], failure=bool(r["failure"]), short_version=r["short_version"],
        two_minute_version=r["two_minute_version"],
        followups=tuple(FollowUp(f["question"], f["answer"]) for f in as_json(r["followups"])))
