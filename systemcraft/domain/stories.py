"""The STAR story: its fields, validation and the LP portfolio targets (PRODUCT.md decisions 8, 9)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from systemcraft.domain import principles
from systemcraft.domain.text import control_problem

# The limits of a story, wherever it comes from (CLI, web editor, API, Markdown, CSV, JSON import): the
# input documents in systemcraft/schemas/story.py are built from these, and `validate` enforces them.
STATUSES = ("draft", "ready")       # "Draft / Complete" in the sources (INVENTORY §2.9); ready = complete
LEVELS = ("L6", "L7")
MAX_SECONDARY = 2
MAX_TITLE = 200
MAX_PART = 8000                     # each of situation, task, action, result
MAX_NOTES = 4000                    # metrics, obstacles, lessons
MAX_PERIOD = 100
MAX_TEAM = 100_000
MAX_FOLLOWUPS = 30
MAX_FOLLOWUP = 2000                 # a follow-up question or its prepared answer
MAX_LP_ID = 60                      # a principle id or name as typed
FIRST_HAPPENED = date(1950, 1, 1)   # when a story ended: a career's window (a plan's dates are narrower)
LAST_HAPPENED = date(2100, 12, 31)
PARTS = ("situation", "task", "action", "result")
TEXT_LIMITS: dict[str, int] = {**{p: MAX_PART for p in PARTS}, "metrics": MAX_NOTES, "obstacles": MAX_NOTES,
                               "lessons": MAX_NOTES, "short_version": 1000, "two_minute_version": 3000}

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
    if not isinstance(value, str) or len(value) > MAX_LP_ID:
        raise StoryError(f"{what}: must be a principle id like 'ownership'")
    try:
        return principles.get(value).id
    except principles.UnknownPrinciple as exc:
        raise StoryError(f"{what}: {exc}") from None


def clean(text: str | None) -> str:
    """Text as stored: Windows and old-Mac line ends become \\n, the ends are trimmed."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _shown(value) -> str:
    """A wrong value as the story document's errors show it (JSON for text, booleans and null)."""
    import json
    return json.dumps(value, ensure_ascii=False)[:60] if isinstance(value, (str, bool)) or value is None \
        else repr(value)[:60]


def _text(field: str, value, limit: int, required: bool = False, one_line: bool = False) -> str:
    if value is not None and not isinstance(value, str):
        raise StoryError(f"{field}: should be text, got {_shown(value)}")
    text = clean(value)
    if required and not text:
        raise StoryError(f"{field}: the STAR part is empty" if field in PARTS else f"{field}: must not be empty")
    if len(text) > limit:
        raise StoryError(f"{field}: is too long ({len(text)} characters, at most {limit})")
    problem = control_problem(text, one_line)
    if problem:
        raise StoryError(f"{field}: {problem}")
    return text


def validate(story: Story) -> Story:
    """Normalise and check a story; raise StoryError naming the first bad field."""
    title = _text("title", story.title, MAX_TITLE, required=True, one_line=True)
    parts = {}
    for part in PARTS:
        parts[part] = _text(part, getattr(story, part), MAX_PART, required=True)
    for name, limit in TEXT_LIMITS.items():
        if name not in PARTS:
            parts[name] = _text(name, getattr(story, name), limit)
    primary = _lp(story.primary_lp or "", "primary_lp")
    if isinstance(story.secondary_lps, str) or not isinstance(story.secondary_lps, (tuple, list)):
        raise StoryError(f"secondary_lps: should be a list, got {_shown(story.secondary_lps)}")
    if len(story.secondary_lps) > MAX_SECONDARY:
        raise StoryError(f"secondary_lps: at most {MAX_SECONDARY} secondary principles, got {len(story.secondary_lps)}")
    secondary = tuple(dict.fromkeys(_lp(x, "secondary_lps") for x in story.secondary_lps))
    if primary in secondary:
        raise StoryError(f"secondary_lps: '{primary}' is already the primary principle")
    if story.level not in LEVELS:
        raise StoryError(f"level: must be one of 'L6' or 'L7', got \"{story.level}\"")
    if story.status not in STATUSES:
        raise StoryError(f"status: must be one of 'draft' or 'ready', got \"{story.status}\"")
    if story.team_size is not None and (isinstance(story.team_size, bool) or not isinstance(story.team_size, int)):
        raise StoryError(f"team_size: should be a whole number, got {_shown(story.team_size)}")
    if story.team_size is not None and not 0 < story.team_size <= MAX_TEAM:
        raise StoryError(f"team_size: must be between 1 and {MAX_TEAM}, got {story.team_size}")
    period = _text("period", story.period, MAX_PERIOD, one_line=True) or None
    if story.happened is not None and (not isinstance(story.happened, date) or isinstance(story.happened, datetime)
                                       or not FIRST_HAPPENED <= story.happened <= LAST_HAPPENED):
        raise StoryError(f"happened: must be between {FIRST_HAPPENED} and {LAST_HAPPENED}, got {story.happened}")
    if len(story.followups) > MAX_FOLLOWUPS:
        raise StoryError(f"followups: has too many items ({len(story.followups)}, at most {MAX_FOLLOWUPS})")
    followups = []
    for fu in story.followups:
        q = _text("followups", fu.question, MAX_FOLLOWUP)
        a = _text("followups", fu.answer, MAX_FOLLOWUP)
        if not q or not a:
            raise StoryError("followups: every follow-up needs a question and a prepared answer")
        followups.append(FollowUp(q, a))
    return replace(story, title=title, primary_lp=primary, secondary_lps=secondary, period=period,
                   followups=tuple(followups), **parts)
