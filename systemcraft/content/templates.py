"""The four content templates as data (seed 001): sections in order, front matter, section rules.

One source of truth: the loader, the linter and `content new` all read these specs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CONTENT_TYPES = ("behavioral", "system_design", "deep_dive", "practice_plan", "problem_set")
AUDIENCES = ("L6", "L7", "both")
DIFFICULTIES = ("beginner", "intermediate", "advanced", "expert")
STATUSES = ("draft", "review_needed", "published", "archived")
FRONT_MATTER: dict[str, tuple[str, bool]] = {     # field → (kind, required)
    "title": ("str", True), "summary": ("str", True), "type": ("str", True), "audience": ("str", True),
    "difficulty": ("str", True), "estimated_time": ("str", True), "tags": ("list", True),
    "lps": ("list", False), "last_updated": ("date", True), "status": ("str", True),
    "id": ("str", False), "pattern": ("str", False), "level": ("str", False),
}
TITLE_MAX = 80
SUMMARY_MAX = 200
TAGS_RANGE = (1, 8)
WORDS_PER_MINUTE = 200            # reading speed for the estimated-time check
TIME_TOLERANCE = (5, 0.5)         # max(5 minutes, 50 %)


@dataclass(frozen=True)
class TemplateSpec:
    type: str
    sections: tuple[str, ...]                       # required H2 headings, in order
    optional: tuple[str, ...] = ()
    rules: tuple[str, ...] = field(default_factory=tuple)   # section rules that apply
    summary: str = ""


SPECS: dict[str, TemplateSpec] = {
    "behavioral": TemplateSpec(
        "behavioral",
        ("The question", "What is evaluated", "L6 and L7 expectations", "A strong answer", "Follow-up probes",
         "Red flags", "Practice"),
        rules=("star_timings", "level_table", "two_probes", "lp_named"),
        summary="A behavioral question with what it tests, level expectations, a STAR answer outline, probes "
                "and red flags."),
    "system_design": TemplateSpec(
        "system_design",
        ("Business context", "Functional requirements", "Non-functional requirements", "Constraints",
         "Time plan", "High-level architecture", "Deep dives", "Scale and performance", "Trade-offs",
         "Follow-up questions", "L6 and L7 expectations"),
        rules=("nfr_table", "four_followups", "level_table"),
        summary="A system-design problem with requirements, per-level targets, a time plan and follow-ups."),
    "deep_dive": TemplateSpec(
        "deep_dive",
        ("Summary", "Foundations", "Leadership application", "L6 and L7 expectations", "Interview scenarios",
         "Cheat sheet", "Self-assessment"),
        rules=("level_table",),
        summary="A technical deep-dive outline with its leadership angle and interview scenarios."),
    "practice_plan": TemplateSpec(
        "practice_plan",
        ("Goals", "Week by week", "Daily framework", "Mock schedule", "Milestones", "Contingency"),
        summary="A practice plan with goals, a weekly rhythm, mocks and milestones."),
    "problem_set": TemplateSpec(
        "problem_set", ("Problems",), rules=("problem_table",),
        summary="Coding problems grouped by pattern: title, pattern, difficulty and a one-line prompt."),
}

# The standard follow-ups every system-design page must plan for (seed 001, template 2).
STANDARD_FOLLOWUPS = ("10x scale", "monitoring", "deployment", "failure")
LEVEL_TABLE_ROWS = ("Scope", "Impact", "Complexity")
NFR_ROWS = ("Scale", "Performance", "Availability", "Consistency")
