"""The JSON export as an input document (what `import` reads): one model per table, so every imported row is
checked field by field before anything is written — types, 64-bit integers, finite numbers, dates inside
2000–2100, enums, IANA time zones, HH:MM times, the shape of the JSON a later command reads (a plan's
blackouts and adjustments, a card's FSRS state, a mock's marks) — and nothing imported can crash a later
command. Stories are checked by the story document and the domain's rules; the candidate by the profile
document. Relations between rows (a task's plan, a card's story, repeated ids) are checked by
services/transfer.py once every row is typed.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field

from systemcraft.domain.mocks import ALL_FORMATS, PERSONAS
from systemcraft.domain.plans import CATEGORIES, LEVELS, PLANS, RISK_TOLERANCES, ROLES, TRACKS
from systemcraft.domain.review import CARD_KINDS
from systemcraft.schemas.base import (Clock, Day, DayText, Document, Finite, Id, Int, Int64, Json, JsonObject,
                                      Moment, MomentText, Real, Str, Text, Zone, refuse)
from systemcraft.schemas.profile import (DayMinutes, DayStart, Engineers, Hours, MAX_DATES, Name, Years,
                                         check_study_days)
from systemcraft.schemas.story import StoryDocument

Int32 = Int(-(2 ** 31), 2 ** 31 - 1)     # the store's INTEGER columns (PostgreSQL's are 32-bit)
Small = Int(0, 1_000_000)
Week = Int(1, 1000)
Minutes = Int(0, 100_000)
Principle = Text(60, one_line=True)


def _weekday_numbers(v: str) -> str:
    parts = v.split(",") if v else []
    if not parts or any(p not in ("0", "1", "2", "3", "4", "5", "6") for p in parts) or len(set(parts)) != len(parts):
        refuse(f"must be weekday numbers like \"0,1,2,3,4\" (Monday is 0), got {v[:40]!r}")
    check_study_days(set(parts))
    return v


WeekdayNumbers = Annotated[str, Field(json_schema_extra={"maxLength": 13}), AfterValidator(_weekday_numbers)]
DayList = Annotated[list[DayText], Field(max_length=MAX_DATES)]


class Row(Document):
    pass


class Loose(Document):
    """Stored JSON written by SystemCraft: the keys a later command reads are checked, others are kept."""
    model_config = ConfigDict(extra="allow")


class CandidateRow(Row):
    name: Name
    target_level: Literal[LEVELS]
    current_role: Literal[ROLES]
    years_experience: Years
    engineers_managed: Engineers
    multi_team: bool
    org_transformation: bool
    risk_tolerance: Literal[RISK_TOLERANCES]
    timezone: Zone
    created_at: Moment
    day_start_hour: DayStart | None = None


def _quiz(v: dict) -> dict:
    from systemcraft.domain.assessment import QuizError, validate_answers
    try:
        validate_answers(v)
    except QuizError as exc:
        refuse(str(exc))
    return v


class AssessmentRow(Row):
    taken_on: Day
    answers: Annotated[JsonObject, AfterValidator(_quiz)]
    technical: Int(0, 100)
    leadership: Int(0, 100)
    cultural: Int(0, 100)
    total: Int(0, 100)
    band: Text(30)


class Gap(Loose):
    category: Literal[CATEGORIES]
    topic: Str
    weight: Real(0, 100) = 1.0
    lp: Principle | None = None


class Explanation(Loose):
    reasons: list[Str] = Field(default_factory=list, max_length=1000)
    warnings: list[Str] = Field(default_factory=list, max_length=1000)
    notes: list[Str] = Field(default_factory=list, max_length=1000)


def _bias(v: list) -> list:
    for pair in v:
        if (not isinstance(pair, list) or len(pair) != 2 or pair[0] not in CATEGORIES
                or isinstance(pair[1], bool) or not isinstance(pair[1], (int, float)) or not 0 < pair[1] <= 5):
            refuse(f"must be [category, multiplier] pairs (a multiplier above 0, at most 5), got {pair!r:.40}")
    return v


class Adjustments(Loose):
    from_date: DayText
    load_factor: Real(0, 2, above=True)
    load_weeks: Int(0, 200)
    daily_cut: Real(0, 0.99)
    extra_daily_minutes: Int(0, 240)
    category_bias: Annotated[list, Field(max_length=len(CATEGORIES)), AfterValidator(_bias)]
    stretch: bool
    pause_mocks_weeks: Int(0, 200)
    resume_content_week: Int(1, 200) | None
    content_weeks: list[Int(1, 200)] = Field(default_factory=list, max_length=400)
    settled_before: DayText | None = None
    over_budget_consent: bool = False


class PlanRow(Row):
    id: Id
    plan_id: Literal[tuple(PLANS)]
    track: Literal[TRACKS]
    level: Literal[LEVELS]
    start_date: Day
    effective_start: Day
    interview_date: Day
    hours_per_week: Hours
    weekdays: WeekdayNumbers
    max_day_minutes: DayMinutes
    blackouts: DayList
    busy_weeks: DayList
    gaps: list[Gap] = Field(max_length=100)
    explanation: Explanation
    session_start: Clock
    adjustments: Adjustments | None = None
    travel_days: DayList | None = None
    version: Int(1, 1_000_000)
    active: bool
    created_at: Moment
    updated_at: Moment


class PlanWeekRow(Row):
    plan_id: Id
    number: Week
    start: Day
    end: Day
    theme: Text(200)
    phase: Text(100)
    budget_minutes: Minutes
    notes: list[Str] = Field(max_length=1000)


class TaskRow(Row):
    id: Id
    plan_id: Id
    day: Day
    week: Week
    seq: Int(1, 1000)
    category: Text(20)
    kind: Text(30)
    minutes: Int32
    count: Small
    topic: Text(300)
    text: Str
    gap: bool
    lp: Principle | None = None
    checkpoint: Int(1, 4) | None = None
    status: Text(10)
    actual_minutes: Minutes | None = None
    note: Str | None = None
    reason: Str | None = None
    completed_at: Moment | None = None


class PlanChangeRow(Row):
    plan_id: Id
    at: Moment
    reason: Text(200)
    summary: JsonObject


class AdaptationRow(Row):
    plan_id: Id
    at: Moment
    week: Week | None = None
    verdict: Text(20) | None = None
    firings: Json
    adjustment: Json


class CalendarEventRow(Row):
    plan_id: Id
    uid: Text(200)
    fingerprint: Text(64)
    sequence: Int(0, 2 ** 31 - 1)
    cancelled: bool
    starts_at: Moment
    ends_at: Moment
    summary: Text(300)


class LogEntryRow(Row):
    day: Day
    kind: Text(20)
    category: Text(20) | None = None
    minutes: Int32 | None = None
    count: Int32
    title: Text(300) | None = None
    link: Text(500) | None = None
    pattern: Text(40) | None = None
    difficulty: Text(10) | None = None
    level: Text(2) | None = None
    score: Finite | None = None
    solved_alone: bool | None = None
    confidence: Int32 | None = None
    energy: Int32 | None = None
    insight: Str | None = None
    lp: Principle | None = None
    task_id: Id | None = None
    created_at: Moment


class RatingRow(Row):
    week_start: Day
    dimension: Text(40)
    score: Int32


class WeekNoteRow(Row):
    week_start: Day
    biggest_win: Str | None = None
    challenge: Str | None = None
    next_focus: Str | None = None


class CheckpointResultRow(Row):
    checkpoint: Int32
    part: Text(4)
    score: Real(0, 100)
    attempt: Int(1, 1000)
    taken_at: Moment


class StoryRow(StoryDocument):
    """A story as exported: the story document plus its bookkeeping."""
    id: Id
    version: Int(1, 1_000_000)
    created_at: Moment
    updated_at: Moment


class FsrsState(Loose):
    card_id: Int64
    state: Literal[1, 2, 3]
    step: Int(0, 100) | None = None
    stability: Real(0, 1e9) | None = None
    difficulty: Real(0, 11) | None = None
    due: MomentText
    last_review: MomentText | None = None


class CardRow(Row):
    id: Id
    kind: Literal[CARD_KINDS]
    ref: Text(80)
    prompt: Str
    answer: Str
    fsrs: FsrsState
    due: Moment
    due_day: Day
    suspended: bool
    created_at: Moment


class ReviewTick(Loose):
    id: Id                          # the day's review task this answer marked done …
    completed_at: MomentText        # … and when (undo plans it again only if it is still so)


class ReviewPrevious(Loose):
    """The card before the answer (review_log.previous), which undo puts back."""
    fsrs: FsrsState
    due: MomentText
    due_day: DayText
    task: ReviewTick | None = None


class ReviewRow(Row):
    card_id: Id
    rating: Int32
    reviewed_at: Moment
    duration_ms: Int(0, 86_400_000) | None = None
    due_before: Moment | None = None
    due_after: Moment
    previous: ReviewPrevious | None = None      # absent in exports made before undo existed


class Phase(Loose):
    question_id: Text(200) | None = None


class Mark(Loose):
    at: Real(0, 86_400)
    label: Str | None = None


class Score(Loose):
    score: Int(1, 5)
    evidence: Text(1000) = ""


class MockRow(Row):
    id: Id | None = None
    format: Literal[ALL_FORMATS]
    level: Literal[LEVELS]
    persona: Literal[tuple(PERSONAS)]
    day: Day
    status: Text(10)
    phases: list[Phase] = Field(max_length=100)
    actual_minutes: list[Real(0, 1440)] = Field(max_length=100)
    marks: list[Mark] = Field(max_length=10_000)
    rater: Text(20) | None = None
    scores: dict[Text(60), Score] | None = None
    recommendation: Int32 | None = None
    strengths: list[Str] | None = Field(None, max_length=100)
    improvements: list[Str] | None = Field(None, max_length=100)
    created_at: Moment


class DeliveryRow(Row):
    day: Day
    source: Text(255)
    format: Text(10)
    speaker: Text(100)
    story_id: Id | None = None
    mock_id: Id | None = None
    level: Text(2)
    words: Int(0, 2 ** 31 - 1)
    seconds: Real(0, 1e7)
    wpm: Real(0, 1e6)
    fillers_per_minute: Real(0, 1e6)
    pauses: Int(0, 2 ** 31 - 1)
    estimated: bool
    method: Text(10)
    confidence: Real(0, 1e6)
    report: JsonObject
    created_at: Moment


class InterviewOutcomeRow(Row):
    plan_id: Id | None = None
    interview_date: Day
    outcome: Text(20)
    notes: Str | None = None
    recorded_at: Moment


ROWS: dict[str, type[Row]] = {
    "candidate": CandidateRow, "assessments": AssessmentRow, "plans": PlanRow, "plan_weeks": PlanWeekRow,
    "tasks": TaskRow, "plan_changes": PlanChangeRow, "adaptations": AdaptationRow,
    "calendar_events": CalendarEventRow, "log_entries": LogEntryRow, "ratings": RatingRow,
    "week_notes": WeekNoteRow, "checkpoint_results": CheckpointResultRow, "stories": StoryRow, "cards": CardRow,
    "review_log": ReviewRow, "mocks": MockRow, "deliveries": DeliveryRow, "interview_outcomes": InterviewOutcomeRow,
}
MAX_ROWS = 1_000_000        # per table


def row_fields(table: str) -> tuple[str, ...]:
    return tuple(ROWS[table].model_fields)
