"""The STAR story: its fields, validation and the LP portfolio targets (PRODUCT.md decisions 8, 9)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from systemcraft.domain import principles

STATUSES = ("draft", "ready")
LEVELS = ("L6", "L7")
MAX_SECONDARY = 2
MAX_PART = 8000
MAX_TITLE = 200

# Timing schemes in seconds per STAR part (decision 8), and the story versions.
TIMING: dict[str, dict[str, tuple[int, int]]] = {
    "L6": {"situation": (30, 45), "task": (15, 30), "action": (90, 120), "result": (30, 45)},
    "L7": {"situation": (45, 60), "task": (30, 45), "action": (120, 180), "result": (45, 60)},
}
VERSIONS = {"30s": (20, 40), "2min": (90, 150), "full": (240, 360)}   # seconds (4–6 min in full)
DEFAULT_WPM = 150

# Per-LP minimum stories (INVENTORY §2.10, 42 slots) and the plan portfolio targets (decision 9).
LP_MINIMUMS: dict[str, int] = {
    "customer-obsession": 3, "ownership": 4, "invent-and-simplify": 3, "are-right-a-lot": 3,
    "learn-and-be-curious": 2, "hire-and-develop-the-best": 3, "insist-on-the-highest-standards": 2,
    "think-big": 3, "bias-for-action": 2, "frugality": 2, "earn-trust": 3, "dive-deep": 2, "have-backbone": 2,
    "deliver-results": 4, "strive-to-be-earths-best-employer": 2, "success-and-scale-bring-broad-responsibility": 2,
}
PORTFOLIO_TARGETS = {"final_prep": {"L6": 12, "L7": 12}, "emergency": {"L6": 8, "L7": 8},
                     "intensive": {"L6": 12, "L7": 12}, "strategic": {"L6": 16, "L7": 16},
                     "comprehensive": {"L6": 20, "L7": 20}, "career_transition": {"L6": 25, "L7": 30}}


class StoryError(ValueError):
    """A story field that cannot be accepted; the message names the field."""


@dataclass(frozen=True)
class FollowUp:
    question: str
    answer: str


@dataclass(frozen=True)
class Story:
    title: str
    situation: str
    task: str
    action: str
    result: str
    primary_lp: str
    secondary_lps: tuple[str, ...] = ()
    level: str = "L6"
    status: str = "draft"
    team_size: int | None = None
    period: str | None = None
    happened: date | None = None      # when it ended: stories older than 3 years are stale
    metrics: str = ""
    obstacles: str = ""
    lessons: str = ""
    failure: bool = False             # a story about a failure (every bank needs one)
    short_version: str = ""           # the 30-second version
    two_minute_version: str = ""
    followups: tuple[FollowUp, ...] = ()
    id: int | None = None

    @property
    def lps(self) -> tuple[str, ...]:
        return (self.primary_lp,) + self.secondary_lps

    def star_text(self) -> str:
        return " ".join((self.situation, self.task, self.action, self.result))


def _lp(value: str, what: str) -> str:
    try:
        return principles.get(value).id
    except principles.UnknownPrinciple as exc:
        raise StoryError(f"{what}: {exc}") from None


def validate(story: Story) -> Story:
    """Normalise and check a story; raise StoryError naming the first bad field."""
    title = (story.title or "").strip()
    if not title:
        raise StoryError("title: must not be empty")
    if len(title) > MAX_TITLE:
        raise StoryError(f"title: too long ({len(title)} characters, at most {MAX_TITLE})")
    parts = {}
    for part in ("situation", "task", "action", "result"):
        text = (getattr(story, part) or "").strip()
        if not text:
            raise StoryError(f"{part}: the STAR part is empty")
        if len(text) > MAX_PART:
            raise StoryError(f"{part}: too long ({len(text)} characters, at most {MAX_PART})")
        parts[part] = text
    primary = _lp(story.primary_lp or "", "primary_lp")
    secondary = tuple(dict.fromkeys(_lp(x, "secondary_lps") for x in story.secondary_lps))
    if len(secondary) > MAX_SECONDARY:
        raise StoryError(f"secondary_lps: at most {MAX_SECONDARY} secondary principles, got {len(secondary)}")
    if primary in secondary:
        raise StoryError(f"secondary_lps: '{primary}' is already the primary principle")
    if story.level not in LEVELS:
        raise StoryError(f"level: must be L6 or L7, got '{story.level}'")
    if story.status not in STATUSES:
        raise StoryError(f"status: must be draft or ready, got '{story.status}'")
    if story.team_size is not None and not (0 < story.team_size <= 100_000):
        raise StoryError(f"team_size: must be a positive number, got {story.team_size}")
    for fu in story.followups:
        if not fu.question.strip() or not fu.answer.strip():
            raise StoryError("followups: every follow-up needs a question and a prepared answer")
    if re.search(r"[\x00-\x08\x0b-\x1f\x7f]", title):
        raise StoryError("title: contains control characters")
    return replace(story, title=title, primary_lp=primary, secondary_lps=secondary, **parts)
