"""The candidate's profile and plan settings as input documents: the onboarding form, `init`, the API's plan
changes and the candidate/plan rows of an import all take their limits from here, and these from the domain
(domain/plans.py for levels, roles, tracks and plans; domain/schedule.py for hours, days and minutes).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal, Mapping

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator

from systemcraft.domain.plans import LEVELS, PLANS, RISK_TOLERANCES, ROLES, TRACKS
from systemcraft.domain.schedule import (MAX_DAY_MINUTES, MAX_HOURS, MAX_WEEKS_AHEAD, MIN_DAY_MINUTES, MIN_HOURS,
                                         WEEKDAY_NAMES)
from systemcraft.schemas.base import Clock, Day, Document, Int, Real, Text, parse, refuse

MAX_NAME = 200
YEARS = (0, 60)                      # years of experience
ENGINEERS = (0, 100_000)             # engineers managed, directly or through managers
DAY_START = (0, 12)                  # the hour a study day starts (reviews)
MAX_STUDY_DAYS = 6                   # at least one rest day a week (domain/schedule.py)
MAX_DATES = 732                      # blackouts, busy weeks or travel days: two years of them
MAX_START_PAST_DAYS = 7              # a plan may start up to a week ago


def _strip(v):
    return v.strip() if isinstance(v, str) else v


Name = Annotated[Text(MAX_NAME, min_length=1), BeforeValidator(_strip)]     # control characters: coach.clean_text
Years = Int(*YEARS)
Engineers = Int(*ENGINEERS)
Hours = Real(MIN_HOURS, MAX_HOURS)
DayMinutes = Int(MIN_DAY_MINUTES, MAX_DAY_MINUTES)
DayStart = Int(*DAY_START)
WeekdayName = Literal[WEEKDAY_NAMES]
Dates = Annotated[list[Day], Field(max_length=MAX_DATES)]


class ProfileDocument(Document):
    """Who the candidate is: the onboarding form's and `init`'s answers."""
    name: Name
    target_level: Literal[LEVELS + ("auto",)] = "auto"
    current_role: Literal[ROLES]
    years_experience: Years
    engineers_managed: Engineers
    multi_team: bool = False
    org_transformation: bool = False
    risk_tolerance: Literal[RISK_TOLERANCES] = "medium"


def study_days(names) -> frozenset[int]:
    """Weekday names as the domain's numbers (Monday 0)."""
    return frozenset(WEEKDAY_NAMES.index(n) for n in names)


def check_study_days(days: frozenset[int] | set[int]) -> None:
    if not days:
        refuse("choose at least one study day")
    if len(days) > MAX_STUDY_DAYS:
        refuse(f"keep at least one rest day a week: choose at most {MAX_STUDY_DAYS} study days")


class PlanSettingsDocument(Document):
    """What the plan must fit: dates, hours, days. Validated with `context={"today": day}`, the start may be at
    most a week past and the interview must be after today."""
    start: Day
    interview: Day
    hours_per_week: Hours | None = None
    weekdays: list[WeekdayName] = Field(default_factory=lambda: list(WEEKDAY_NAMES[:6]), min_length=1,
                                        max_length=7)
    max_day_minutes: DayMinutes = 240
    blackouts: Dates = Field(default_factory=list)
    busy_weeks: Dates = Field(default_factory=list)
    travel_days: Dates = Field(default_factory=list)
    session_start: Clock = "19:00"
    track: Literal[TRACKS] | None = None
    plan: Literal[tuple(PLANS)] | None = None

    @field_validator("start")
    @classmethod
    def _recent(cls, v, info: ValidationInfo):
        today = (info.context or {}).get("today")
        if today is not None and v < today - timedelta(days=MAX_START_PAST_DAYS):
            refuse(f"the start date {v} is more than a week in the past")
        return v

    @field_validator("interview")
    @classmethod
    def _ahead(cls, v, info: ValidationInfo):
        today = (info.context or {}).get("today")
        if today is not None and v <= today:
            refuse(f"the interview date {v} is not in the future (today is {today})")
        if "start" in info.data:
            check_span(info.data["start"], v)
        return v

    @field_validator("weekdays")
    @classmethod
    def _rest_day(cls, v):
        check_study_days(study_days(v))
        return v


def check_span(start, interview) -> None:
    """The interview is after the start and at most MAX_WEEKS_AHEAD weeks after it (domain/schedule.py)."""
    if interview <= start:
        refuse(f"the interview ({interview}) must be after the start date ({start})")
    if interview - start > timedelta(weeks=MAX_WEEKS_AHEAD):
        refuse(f"the interview ({interview}) is more than {MAX_WEEKS_AHEAD} weeks after the start ({start}); "
               "pick a date within two years")


def check_profile(values: Mapping, prefix: str = "") -> ProfileDocument:
    """A profile as a mapping (e.g. `dataclasses.asdict(Profile(...))`); InputError of one line if refused."""
    return parse(ProfileDocument, dict(values), prefix)


def check_plan_settings(values: Mapping, today=None, prefix: str = "") -> PlanSettingsDocument:
    return parse(PlanSettingsDocument, dict(values), prefix, context={"today": today})
