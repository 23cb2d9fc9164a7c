"""The practice log: entries from finished tasks and from the `log` commands, validated."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from systemcraft.domain import practice
from systemcraft.domain.practice import LogError
from systemcraft.errors import InputError

from systemcraft.domain.practice import pattern_for  # noqa: E402  (used by entry_for_task)


def entry_for_task(task, minutes: int) -> dict:
    """The log entry a finished task records (kind, counts, pattern, principle…)."""
    base = dict(day=task.day, minutes=minutes, category=task.category, task_id=task.id, count=1)
    kind = task.kind
    if kind in ("coding_problems", "gap_coding"):
        difficulty = "hard" if task.text.startswith("Stretch") else (
            "easy" if " easy " in f" {task.text} " else "medium")
        return {**base, "kind": "coding", "count": task.count, "pattern": pattern_for(task.topic),
                "difficulty": difficulty, "title": task.topic[:300]}
    if kind == "design_coding":
        return {**base, "kind": "coding", "count": task.count, "pattern": "design-coding", "difficulty": "medium",
                "title": task.topic[:300]}
    if kind in ("design_problem", "design_outline", "gap_design"):
        return {**base, "kind": "design", "count": task.count, "title": task.topic[:300]}
    if kind == "design_study":
        return {**base, "kind": "concept", "count": task.count, "title": task.topic[:300]}
    if kind in ("story_draft", "gap_story"):
        return {**base, "kind": "story", "count": task.count, "lp": task.lp, "title": task.topic[:300]}
    if kind == "mock":
        return {**base, "kind": "mock", "title": task.topic[:300]}
    return {**base, "kind": "study", "lp": task.lp, "title": task.topic[:300]}


@dataclass(frozen=True)
class DayWindow:
    first: date      # the plan's first day
    today: date


def check_day(day: date, window: DayWindow) -> date:
    if day > window.today:
        raise InputError(f"{day} is in the future; log what you have done (today is {window.today})")
    if day < window.first:
        raise InputError(f"{day} is before your plan started ({window.first})")
    return day


def _title(value: str | None, what: str, required: bool = False) -> str | None:
    """A text stored as the entry's title (at most practice.MAX_TITLE characters, the column's size)."""
    return _text(value, what, required, limit=practice.MAX_TITLE)


def _text(value: str | None, what: str, required: bool = False, limit: int = practice.MAX_TEXT) -> str | None:
    if value is None or not str(value).strip():
        if required:
            raise InputError(f"{what} must not be empty")
        return None
    v = str(value).strip()
    if len(v) > limit:
        raise InputError(f"{what} is too long ({len(v)} characters, at most {limit})")
    if re.search(r"[\x00-\x08\x0b-\x1f\x7f]", v):
        raise InputError(f"{what} contains control characters")
    return v


def _link(value: str | None) -> str | None:
    v = _text(value, "the link", limit=500)
    if v and not re.match(r"^https?://[^\s]+$", v):
        raise InputError(f"the link must start with http:// or https://, got '{v[:60]}'")
    return v


def check_link(value: str | None) -> str | None:
    """A problem's link as `log coding --link` takes it (the web form checks it with the other fields)."""
    return _link(value)


def _domain(fn, *a):
    try:
        return fn(*a)
    except LogError as exc:
        raise InputError(str(exc)) from None


def coding_entry(day, title, pattern, difficulty, minutes, solved_alone, link=None, count=1) -> dict:
    return dict(day=day, kind="coding", category="coding", title=_title(title, "the title", True), link=_link(link),
                pattern=_domain(practice.check_pattern, pattern),
                difficulty=_domain(practice.check_choice, difficulty, practice.DIFFICULTIES, "difficulty"),
                minutes=_domain(practice.check_minutes, minutes, True), solved_alone=bool(solved_alone),
                count=_domain(practice.check_count, count))


def design_entry(day, problem, level, minutes, score) -> dict:
    return dict(day=day, kind="design", category="system_design", title=_title(problem, "the problem", True),
                level=_domain(practice.check_choice, level, practice.DESIGN_LEVELS, "level"),
                minutes=_domain(practice.check_minutes, minutes, True),
                score=float(_domain(practice.check_rating, score, "the self-score")))


def study_entry(day, category, minutes, topic=None) -> dict:
    return dict(day=day, kind="study", category=_domain(practice.check_category, category),
                minutes=_domain(practice.check_minutes, minutes, True), title=_title(topic, "the topic"))


def concept_entry(day, text, kind="concept") -> dict:
    if kind not in ("concept", "industry", "networking"):
        raise InputError(f"unknown learning kind '{kind}' (concept, industry or networking)")
    return dict(day=day, kind=kind, title=_title(text, "the description", True))


def story_entry(day, title, lp, minutes=None) -> dict:
    from systemcraft.domain import principles
    try:
        lp_id = principles.get(lp).id
    except principles.UnknownPrinciple as exc:
        raise InputError(str(exc)) from None
    return dict(day=day, kind="story", category="behavioral", title=_title(title, "the title", True), lp=lp_id,
                minutes=_domain(practice.check_minutes, minutes))


def mock_entry(day, kind, score, minutes) -> dict:
    return dict(day=day, kind="mock", category="mock", title=_title(kind, "the mock type", True),
                score=float(_domain(practice.check_rating, score, "the mock score")),
                minutes=_domain(practice.check_minutes, minutes, True))


def checkin_entry(day, hours, topic, confidence, energy, insight) -> dict:
    if hours is None or not (0 <= hours <= 16):
        raise InputError(f"hours must be between 0 and 16, got {hours}")
    return dict(day=day, kind="checkin", minutes=round(hours * 60) or None, title=_title(topic, "the topic"),
                confidence=_domain(practice.check_rating, confidence, "confidence"),
                energy=_domain(practice.check_rating, energy, "energy"),
                insight=_text(insight, "the insight"))


def ratings_entry(scores: dict[str, object]) -> dict[str, int]:
    if not scores:
        raise InputError("give at least one rating, e.g. story_clarity=4")
    out = {}
    for dim, raw in scores.items():
        _domain(practice.check_dimension, dim)
        try:
            value = int(str(raw))
        except ValueError:
            raise InputError(f"rating for {dim} must be a whole number from 1 to 5, got '{raw}'") from None
        out[dim] = _domain(practice.check_rating, value, f"rating for {dim}")
    return out


EDITABLE = {"minutes", "count", "title", "link", "pattern", "difficulty", "level", "score", "solved_alone",
            "confidence", "energy", "insight", "lp", "day", "category"}


def edit_values(entry, changes: dict[str, str], window: DayWindow) -> dict:
    """Validate `field=value` edits against the same rules as a new entry."""
    out: dict = {}
    for field, raw in changes.items():
        if field not in EDITABLE:
            raise InputError(f"cannot edit '{field}' (editable: {', '.join(sorted(EDITABLE))})")
        try:
            if field in ("minutes", "count", "confidence", "energy"):
                value = int(raw)
            elif field == "score":
                value = float(raw)
            elif field == "solved_alone":
                if raw.lower() not in ("yes", "no", "true", "false"):
                    raise InputError("solved_alone must be yes or no")
                value = raw.lower() in ("yes", "true")
            elif field == "day":
                value = date.fromisoformat(raw)
            else:
                value = raw
        except ValueError:
            raise InputError(f"'{raw}' is not a valid {field}") from None
        if field == "minutes":
            _domain(practice.check_minutes, value, True)
        elif field == "count":
            _domain(practice.check_count, value)
        elif field in ("confidence", "energy"):
            _domain(practice.check_rating, value, field)
        elif field == "score":
            if not 1 <= value <= 5:
                raise InputError(f"score must be from 1 to 5, got {raw}")
        elif field == "pattern":
            _domain(practice.check_pattern, value)
        elif field == "difficulty":
            _domain(practice.check_choice, value, practice.DIFFICULTIES, "difficulty")
        elif field == "level":
            _domain(practice.check_choice, value, practice.DESIGN_LEVELS, "level")
        elif field == "category":
            _domain(practice.check_category, value)
        elif field == "day":
            check_day(value, window)
        elif field == "solved_alone":
            pass                      # already True or False (not text: "False" would be stored as true)
        elif field == "lp":
            value = story_entry(entry.day, "x", value)["lp"]
        elif field == "link":
            value = _link(value)
        else:
            value = _text(value, f"the {field}", required=field == "title",
                          limit=practice.MAX_TITLE if field == "title" else practice.MAX_TEXT)
        out[field] = value
    return out


def week_bounds(plan_start: date, week: int) -> tuple[date, date]:
    first = plan_start + timedelta(days=7 * (week - 1))
    return first, first + timedelta(days=6)
