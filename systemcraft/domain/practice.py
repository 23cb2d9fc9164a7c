"""The practice log's vocabulary: entry kinds, coding patterns, rating dimensions, and validation."""

from __future__ import annotations

from dataclasses import dataclass

from systemcraft.domain.plans import CATEGORIES

ENTRY_KINDS = ("coding", "design", "study", "concept", "industry", "networking", "story", "mock",
               "checkin")
DIFFICULTIES = ("easy", "medium", "hard")
DESIGN_LEVELS = ("L6", "L7")

# The coding patterns of the 12-week programme (seed 002), as ids a log entry can name.
PATTERNS: dict[str, str] = {
    "arrays-strings": "Arrays and strings",
    "two-pointers": "Two pointers",
    "sliding-window": "Sliding window",
    "hash-maps": "Hash maps and sets",
    "stack-queue": "Stacks and queues",
    "linked-lists": "Linked lists",
    "trees": "Trees",
    "graphs": "Graphs",
    "binary-search": "Binary search",
    "heaps": "Heaps and priority queues",
    "intervals": "Intervals",
    "dynamic-programming": "Dynamic programming",
    "backtracking": "Backtracking",
    "greedy": "Greedy",
    "union-find": "Union-find",
    "tries": "Tries",
    "bit-manipulation": "Bit manipulation",
    "design-coding": "System-design coding (LRU cache, rate limiter…)",
}


# Task topics (schedule text) → pattern ids, so a task and a logged problem share one vocabulary.
_TOPIC_PATTERNS = (
    ("sliding window", "sliding-window"), ("two pointers", "two-pointers"), ("arrays", "arrays-strings"),
    ("hash map", "hash-maps"), ("trees and graphs", "trees"), ("tree", "trees"), ("graph", "graphs"),
    ("dynamic programming", "dynamic-programming"), ("binary search", "binary-search"), ("heap", "heaps"),
    ("interval", "intervals"), ("backtracking", "backtracking"), ("union-find", "union-find"),
    ("tries", "tries"), ("bit manipulation", "bit-manipulation"),
)


def pattern_for(topic: str) -> str | None:
    t = topic.lower()
    return next((pid for needle, pid in _TOPIC_PATTERNS if needle in t), None)


@dataclass(frozen=True)
class Dimension:
    id: str
    area: str          # behavioral | technical | interview | scorecard
    name: str


# The twelve weekly self-rating dimensions (seed 000 §4), plus two the weekly scorecard asks for.
DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("story_clarity", "behavioral", "Story clarity and structure"),
    Dimension("lp_demonstration", "behavioral", "Leadership-Principle demonstration"),
    Dimension("impact_quantification", "behavioral", "Impact quantified, business relevance"),
    Dimension("authenticity_growth", "behavioral", "Authenticity and evidence of growth"),
    Dimension("system_design", "technical", "System design: architecture and trade-offs"),
    Dimension("coding", "technical", "Coding and problem solving"),
    Dimension("technical_communication", "technical", "Technical communication"),
    Dimension("operational_thinking", "technical", "Production and operational thinking"),
    Dimension("time_management", "interview", "Time management and structure"),
    Dimension("communication_clarity", "interview", "Communication clarity and engagement"),
    Dimension("confidence_delivery", "interview", "Confidence and natural delivery"),
    Dimension("question_handling", "interview", "Question handling and follow-ups"),
    Dimension("feedback_integration", "scorecard", "Feedback integration"),
    Dimension("stress_management", "scorecard", "Stress management"),
)
DIMENSION_BY_ID = {d.id: d for d in DIMENSIONS}
CORE_DIMENSIONS = tuple(d.id for d in DIMENSIONS if d.area != "scorecard")
AREAS = ("behavioral", "technical", "interview")

MAX_MINUTES = 720
MAX_COUNT = 200
MAX_TEXT = 500
MAX_TITLE = 300          # the log's title column (a problem, topic, description or mock type)


class LogError(ValueError):
    """A practice-log value that cannot be accepted; the message names it."""


def check_minutes(value: int | None, required: bool = False) -> int | None:
    if value is None:
        if required:
            raise LogError("minutes are required")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise LogError(f"minutes must be a whole number, got {value!r}")
    if not 1 <= value <= MAX_MINUTES:
        raise LogError(f"minutes must be between 1 and {MAX_MINUTES}, got {value}")
    return value


def check_count(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_COUNT:
        raise LogError(f"count must be between 1 and {MAX_COUNT}, got {value!r}")
    return value


def check_rating(value: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise LogError(f"{what} must be a whole number from 1 to 5, got {value!r}")
    return value


def check_choice(value: str, allowed, what: str) -> str:
    if value not in allowed:
        import difflib
        close = difflib.get_close_matches(str(value), list(allowed), n=1, cutoff=0.5)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise LogError(f"unknown {what} '{value}'{hint}")
    return value


def check_pattern(value: str) -> str:
    return check_choice(value, PATTERNS, "pattern")


def check_category(value: str) -> str:
    return check_choice(value, CATEGORIES, "category")


def check_dimension(value: str) -> str:
    return check_choice(value, DIMENSION_BY_ID, "rating dimension")
