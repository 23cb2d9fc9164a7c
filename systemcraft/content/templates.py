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

# Other names real pages give a template's sections (the SystemCraft source pages and public prep pages),
# compared after `heading_key` (lower case, no numbering, emphasis, emoji or "(5-10 minutes)" tail). A page
# without front matter is matched to the template whose sections its headings name most; the same names
# count as the section on any page.
ALIASES: dict[str, dict[str, tuple[str, ...]]] = {
    "behavioral": {
        "The question": ("the interview question", "interview question", "question"),
        "What is evaluated": ("what the interviewer is evaluating", "what interviewers evaluate",
                              "what is being evaluated", "what the interviewer is looking for",
                              "what interviewers look for"),
        "L6 and L7 expectations": ("level specific expectations", "l6 vs l7 expectations", "level expectations"),
        "A strong answer": ("complete star response example", "complete strategic star response example",
                            "star response example", "star response", "sample answer", "example answer",
                            "sample star answer", "complete star response framework"),
        "Follow-up probes": ("follow up questions and responses", "common follow up questions",
                             "follow up questions", "probes", "likely follow ups"),
        "Red flags": ("red flags to avoid",),
        "Practice": ("practice framework",),
    },
    "system_design": {
        "Business context": ("problem statement", "strategic context", "context"),
        "Functional requirements": ("functional requirement", "functional features", "requirements",
                                    "platform requirements", "requirements gathering", "clarify requirements"),
        "Non-functional requirements": ("non functional requirement", "nonfunctional requirements",
                                        "non functional features"),
        "Constraints": ("constraints and assumptions", "assumptions"),
        "Time plan": ("steps", "time allocation", "interview timeline"),
        "High-level architecture": ("high level design", "high level platform architecture",
                                    "system design with ascii diagram", "architecture"),
        "Deep dives": ("deep dive", "deep dive components", "deep dive platform design", "detail design",
                       "detailed design", "deep dives and trade offs"),
        "Scale and performance": ("capacity estimation", "estimate", "estimation", "traffic estimation",
                                  "back of the envelope estimation", "scaling"),
        "Trade-offs": ("trade offs and alternatives", "executive summary and trade offs", "tradeoffs"),
        "Follow-up questions": ("common follow up questions",),
        "L6 and L7 expectations": ("level specific expectations", "interview success framework"),
    },
    "deep_dive": {
        "Summary": ("executive summary",),
        "Foundations": ("foundational concepts", "fundamentals", "core concepts"),
        "Leadership application": ("leadership decision making framework",),
        "L6 and L7 expectations": ("level specific expectations",),
        "Interview scenarios": ("interview preparation", "interview preparation consistency scenarios"),
        "Cheat sheet": ("key takeaways", "quick reference"),
        "Self-assessment": ("self assessment questions",),
    },
    "practice_plan": {
        "Goals": ("plan overview", "plan overview and success metrics", "success metrics"),
        "Week by week": ("week by week detailed plan", "weekly plan"),
        "Daily framework": ("daily practice framework",),
        "Mock schedule": ("mock interview schedule", "mock interview practice framework"),
        "Milestones": ("success benchmarks by week", "checkpoints"),
        "Contingency": ("contingency plans",),
    },
    "problem_set": {"Problems": ()},
}
