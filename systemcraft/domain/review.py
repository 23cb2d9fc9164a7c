"""Spaced repetition with FSRS (the `fsrs` package): cards, desired retention, due days, daily load.

The clock is a parameter everywhere; fuzzing is off unless asked for, so scheduling is exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo


RATINGS = {"again": 1, "hard": 2, "good": 3, "easy": 4}     # fsrs.Rating values
CARD_KINDS = ("story", "lp", "concept", "problem", "question")
MINUTES_PER_CARD = {"story": 3.0, "lp": 1.5, "concept": 1.0, "problem": 1.5, "question": 2.0}
DAILY_REVIEW_MINUTES = 15          # the review task the schedule reserves on each study day
# Desired retention rises as the interview approaches (the source's 30- and 14-day phases).
RETENTION_PHASES = ((14, 0.95), (30, 0.92), (10**6, 0.90))


def desired_retention(days_to_interview: int) -> float:
    for limit, retention in RETENTION_PHASES:
        if days_to_interview <= limit:
            return retention
    return RETENTION_PHASES[-1][1]


def scheduler(days_to_interview: int, fuzz: bool = False):
    from fsrs import Scheduler   # imported on first use (about 25 ms)
    return Scheduler(desired_retention=desired_retention(days_to_interview), enable_fuzzing=fuzz)


def new_card(card_id: int, now: datetime):
    from fsrs import Card
    return Card(card_id=card_id, due=now)


def study_day(moment: datetime, tz: str, day_start_hour: int) -> date:
    """The study day a moment belongs to: before `day_start_hour` local time counts as the day before."""
    local = moment.astimezone(_zone(tz))
    return (local - timedelta(hours=day_start_hour)).date()


def day_end(day: date, tz: str, day_start_hour: int) -> datetime:
    """The UTC instant when `day` (as a study day) ends."""
    local = datetime.combine(day + timedelta(days=1), time(hour=day_start_hour), tzinfo=_zone(tz))
    return local.astimezone(timezone.utc)


def _zone(tz: str):
    try:
        return ZoneInfo(tz)
    except Exception:
        return timezone.utc


@dataclass(frozen=True)
class Outcome:
    card: object            # fsrs.Card
    due_day: date
    moved_from: date | None


def review(card, rating: str, now: datetime, days_to_interview: int, tz: str, day_start_hour: int,
           study_weekdays: frozenset[int], load: dict[date, int], cap: int) -> Outcome:
    """Grade a card, then honour rest days and spread load: a due day that is a rest day or already
    full moves to the nearest earlier study day with room (never earlier than tomorrow)."""
    if rating not in RATINGS:
        raise ValueError(f"unknown rating '{rating}' (again, hard, good or easy)")
    from fsrs import Card, Rating
    new, _ = scheduler(days_to_interview).review_card(card, Rating(RATINGS[rating]), review_datetime=now)
    due_day = study_day(new.due, tz, day_start_hour)
    today = study_day(now, tz, day_start_hour)
    if due_day <= today:          # learning steps: same day, minutes away
        return Outcome(new, due_day, None)
    chosen = due_day
    d = due_day
    while d > today:
        if d.weekday() in study_weekdays and load.get(d, 0) < cap:
            chosen = d
            break
        d -= timedelta(days=1)
    else:
        # no earlier room: the first study day at or after the due day
        d = due_day
        while d.weekday() not in study_weekdays:
            d += timedelta(days=1)
        chosen = d
    if chosen == due_day:
        return Outcome(new, due_day, None)
    local_start = datetime.combine(chosen, time(hour=day_start_hour), tzinfo=_zone(tz)).astimezone(timezone.utc)
    moved = Card(card_id=new.card_id, state=new.state, step=new.step, stability=new.stability,
                 difficulty=new.difficulty, due=local_start, last_review=new.last_review)
    return Outcome(moved, chosen, due_day)


def daily_cap(minutes: int = DAILY_REVIEW_MINUTES, kind_mix: float = 1.5) -> int:
    """How many cards fit in a day's review minutes at the average minutes a card."""
    return max(1, int(minutes / kind_mix))
