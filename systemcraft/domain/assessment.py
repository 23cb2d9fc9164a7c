"""The 20-question readiness quiz: questions, scoring, bands, gaps and level advice.

Scoring follows INVENTORY.md §2.1–2.2. Options are ordered from weakest (A, 1 point)
to strongest (E, 5 points), so a total runs from 20 to 100.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

LETTERS = "ABCDE"


@dataclass(frozen=True)
class Section:
    id: str
    name: str
    maximum: int
    # (lower bound, label) from best to worst; the first bound the score reaches wins.
    bands: tuple[tuple[int, str], ...]


SECTIONS: tuple[Section, ...] = (
    Section("technical", "Technical Competency", 40,
            ((32, "strong"), (24, "good"), (16, "needs significant work"), (0, "major gaps"))),
    Section("leadership", "Leadership Experience", 30,
            ((24, "strong"), (18, "good"), (12, "needs significant work"), (0, "major gaps"))),
    Section("cultural", "Cultural Alignment", 30,
            ((24, "strong"), (18, "good"), (12, "needs significant work"), (0, "major gaps"))),
)
SECTION_BY_ID = {s.id: s for s in SECTIONS}


@dataclass(frozen=True)
class Question:
    id: str
    section: str
    topic: str
    prompt: str
    options: tuple[str, str, str, str, str]
    # Where a low score on this item sends study time: schedule category and topic.
    gap_category: str
    gap_topic: str
    lp: str | None = None


QUESTIONS: tuple[Question, ...] = (
    Question("q1", "technical", "System design at scale",
             "What is the largest system whose design you could lead from a blank whiteboard?",
             ("I have not designed a production system end to end",
              "A single service with one database",
              "A few cooperating services serving thousands of users",
              "A distributed system serving millions of requests a day",
              "Multi-region systems at hundreds of millions of requests a day, including their failure modes"),
             "system_design", "designing for scale"),
    Question("q2", "technical", "Coding speed",
             "How long does a typical medium-difficulty coding problem take you, working alone?",
             ("I usually cannot finish one",
              "More than an hour",
              "45–60 minutes",
              "30–40 minutes",
              "20–30 minutes, with tests"),
             "coding", "timed medium problems"),
    Question("q3", "technical", "Cloud/AWS depth",
             "How well do you know the building blocks of a large cloud provider such as AWS?",
             ("Hardly at all",
              "I know what a handful of services do",
              "I have used 5–8 services in production",
              "I have designed with 10 or more services and know their limits",
              "I can compare 10+ services on cost, limits and failure behaviour from experience"),
             "system_design", "cloud building blocks"),
    Question("q4", "technical", "Database design",
             "How confident are you choosing and modelling data stores?",
             ("I rely on others for schema decisions",
              "I can design a simple relational schema",
              "I can pick between SQL and NoSQL for a given workload",
              "I can plan indexing, partitioning and replication",
              "I have led migrations between stores under live traffic"),
             "system_design", "data modelling and storage"),
    Question("q5", "technical", "Performance and scalability",
             "When a system gets slow under load, what can you do?",
             ("I would not know where to start",
              "I can read basic metrics",
              "I can find the bottleneck with profiling and dashboards",
              "I can plan caching, queueing and capacity for growth",
              "I have led capacity planning and cost/performance trade-offs for a platform"),
             "system_design", "caching, queues and capacity"),
    Question("q6", "technical", "Distributed systems",
             "How deep is your grasp of distributed-systems fundamentals?",
             ("I know the words but not the ideas",
              "I understand replication at a high level",
              "I can explain consistency models and the CAP trade-off",
              "I can design around partitions, retries and idempotency",
              "I can reason about consensus, ordering and failure recovery in detail"),
             "system_design", "consistency and consensus"),
    Question("q7", "technical", "Technology selection",
             "How do you choose between competing technologies for a team?",
             ("Whatever the team already uses",
              "By personal preference and familiarity",
              "By comparing features against requirements",
              "With a written trade-off analysis including cost and operations",
              "With a decision framework others in the organisation reuse"),
             "system_design", "trade-off analysis"),
    Question("q8", "technical", "Technical communication",
             "How well can you explain a technical decision to different audiences?",
             ("I find it hard to explain my work",
              "I can explain it to other engineers",
              "I adapt my explanation for product partners",
              "I can present trade-offs to senior leaders clearly",
              "I regularly brief executives and non-technical stakeholders"),
             "system_design", "explaining designs to different audiences"),
    Question("q9", "leadership", "People management scope",
             "How many engineers have you managed (directly or through managers)?",
             ("None yet",
              "2–5 engineers",
              "8–15 engineers",
              "15–30 engineers",
              "More than 30 engineers, including managers"),
             "behavioral", "people management stories", "hire-and-develop-the-best"),
    Question("q10", "leadership", "Cross-team influence",
             "How often have you led work that spans other teams you do not manage?",
             ("Never",
              "Once, with help",
              "With 1–2 other teams",
              "With 3–5 teams regularly",
              "Across whole organisations, setting direction"),
             "behavioral", "influence without authority", "earn-trust"),
    Question("q11", "leadership", "Conflict resolution",
             "How do you handle a serious disagreement inside or between teams?",
             ("I avoid it or escalate straight away",
              "I escalate after trying briefly",
              "I mediate one-to-one conflicts",
              "I resolve conflicts between senior people with data",
              "I resolve organisation-level conflicts and commit everyone to the outcome"),
             "behavioral", "disagreement and conflict", "have-backbone"),
    Question("q12", "leadership", "Change management",
             "What is the largest change you have led (process, reorg, migration)?",
             ("None",
              "A change within my own work",
              "A change for one team",
              "A change across several teams",
              "An organisation-wide transformation"),
             "behavioral", "leading change", "deliver-results"),
    Question("q13", "leadership", "Strategy and vision",
             "How far ahead do you set technical and team direction?",
             ("Week to week",
              "Sprint to sprint",
              "1–2 quarters ahead",
              "A yearly roadmap",
              "A multi-year vision tied to business strategy"),
             "behavioral", "strategy and vision", "think-big"),
    Question("q14", "leadership", "Hiring and talent",
             "What is your record on hiring and growing people?",
             ("I have not hired or mentored anyone",
              "I have interviewed candidates",
              "I have hired and mentored a few engineers",
              "I have built a team and promoted people",
              "I have built managers and a hiring bar others adopted"),
             "behavioral", "hiring and developing people", "hire-and-develop-the-best"),
    Question("q15", "cultural", "Customer obsession",
             "How directly do customer needs drive your team's decisions?",
             ("Rarely considered",
              "We hear about customers second-hand",
              "We use customer metrics in planning",
              "I work backwards from customer problems routinely",
              "I changed strategy on customer evidence against internal pressure"),
             "behavioral", "customer-first decisions", "customer-obsession"),
    Question("q16", "cultural", "Ownership",
             "When something breaks outside your area, what do you do?",
             ("It is someone else's problem",
              "I report it",
              "I help if asked",
              "I drive the fix even when it is not mine",
              "I fix the root cause across teams and own the follow-up"),
             "behavioral", "owning problems end to end", "ownership"),
    Question("q17", "cultural", "Invent and simplify",
             "How often have you simplified or reinvented how something works?",
             ("Never",
              "Small tweaks",
              "A notable simplification for my team",
              "A new approach adopted by several teams",
              "An invention or simplification with organisation-wide impact"),
             "behavioral", "simplification and invention", "invent-and-simplify"),
    Question("q18", "cultural", "Bias for action",
             "How do you act when a decision is needed without full information?",
             ("I wait for complete information",
              "I wait for my manager to decide",
              "I decide on reversible matters",
              "I take calculated risks and adjust quickly",
              "I set up my teams to make fast reversible decisions on their own"),
             "behavioral", "deciding with incomplete data", "bias-for-action"),
    Question("q19", "cultural", "Learning and curiosity",
             "How do you keep learning?",
             ("I rarely set time aside",
              "When a project demands it",
              "Regular reading and courses",
              "I learn new areas and teach them to my team",
              "I build a learning culture across teams"),
             "behavioral", "learning stories", "learn-and-be-curious"),
    Question("q20", "cultural", "Delivering results",
             "How reliably do you deliver what you commit to, despite setbacks?",
             ("Often late or descoped",
              "Sometimes on time",
              "Usually on time",
              "On time with measurable impact, even after setbacks",
              "Consistently, with quantified business results at scale"),
             "behavioral", "results with metrics", "deliver-results"),
)
QUESTION_BY_ID = {q.id: q for q in QUESTIONS}

# Total bands, best first: (lower bound, id, label, preparation advice, recommended plan id)
TOTAL_BANDS: tuple[tuple[int, str, str, str, str], ...] = (
    (85, "interview_ready", "Interview ready", "book interviews within 1–2 weeks", "final_prep"),
    (70, "nearly_ready", "Nearly ready", "about 4–8 weeks of preparation", "intensive"),
    (55, "significant_prep", "Significant preparation needed", "about 8–16 weeks of preparation",
     "comprehensive"),
    (0, "extensive_prep", "Extensive preparation needed", "16 weeks or more of preparation",
     "career_transition"),
)
GAP_THRESHOLD = 3  # an item scoring below this is a gap


class QuizError(ValueError):
    """Raised when quiz answers are malformed or incomplete."""


@dataclass(frozen=True)
class Gap:
    question_id: str
    topic: str
    points: int
    category: str
    study_topic: str
    lp: str | None

    @property
    def weight(self) -> float:
        """A 1-point item weighs twice as much as a 2-point item."""
        return float(GAP_THRESHOLD - self.points)


@dataclass(frozen=True)
class QuizResult:
    points: dict[str, int]
    section_scores: dict[str, int]
    section_bands: dict[str, str]
    total: int
    band: str
    band_label: str
    advice: str
    recommended_plan: str
    gaps: tuple[Gap, ...] = field(default_factory=tuple)

    @property
    def top_development_areas(self) -> tuple[Gap, ...]:
        """The three weakest items (ties in question order)."""
        return tuple(sorted(self.gaps, key=lambda g: (g.points, int(g.question_id[1:])))[:3])


def parse_answer(qid: str, value: object) -> int:
    """Turn 'A'..'E' or 1..5 into points; raise QuizError with the item named."""
    if isinstance(value, bool):
        raise QuizError(f"answer for {qid} must be A–E or 1–5, got {value!r}")
    if isinstance(value, int):
        if 1 <= value <= 5:
            return value
        raise QuizError(f"answer for {qid} must be A–E or 1–5, got {value}")
    if isinstance(value, str):
        v = value.strip().upper()
        if len(v) == 1 and v in LETTERS:
            return LETTERS.index(v) + 1
        if v.isdigit() and 1 <= int(v) <= 5:
            return int(v)
    raise QuizError(f"answer for {qid} must be A–E or 1–5, got {value!r}")


def validate_answers(answers: Mapping[str, object]) -> dict[str, int]:
    """Check that all 20 items are answered and nothing else is present."""
    if not isinstance(answers, Mapping):
        raise QuizError("quiz answers must be an object mapping q1..q20 to A–E")
    unknown = sorted(k for k in answers if k not in QUESTION_BY_ID)
    if unknown:
        raise QuizError(f"unknown quiz item(s): {', '.join(map(str, unknown[:5]))} (expected q1..q20)")
    missing = [q.id for q in QUESTIONS if q.id not in answers]
    if missing:
        raise QuizError(f"missing quiz answer(s): {', '.join(missing)}")
    return {q.id: parse_answer(q.id, answers[q.id]) for q in QUESTIONS}


def band_for_total(total: int) -> tuple[str, str, str, str]:
    for lower, band, label, advice, plan in TOTAL_BANDS:
        if total >= lower:
            return band, label, advice, plan
    raise AssertionError("unreachable: the last band starts at 0")


def section_band(section_id: str, score: int) -> str:
    for lower, label in SECTION_BY_ID[section_id].bands:
        if score >= lower:
            return label
    raise AssertionError("unreachable")


def score_quiz(answers: Mapping[str, object]) -> QuizResult:
    points = validate_answers(answers)
    sections = {s.id: 0 for s in SECTIONS}
    for q in QUESTIONS:
        sections[q.section] += points[q.id]
    total = sum(sections.values())
    band, label, advice, plan = band_for_total(total)
    gaps = tuple(
        Gap(q.id, q.topic, points[q.id], q.gap_category, q.gap_topic, q.lp)
        for q in QUESTIONS if points[q.id] < GAP_THRESHOLD
    )
    return QuizResult(
        points=points,
        section_scores=sections,
        section_bands={sid: section_band(sid, sc) for sid, sc in sections.items()},
        total=total, band=band, band_label=label, advice=advice, recommended_plan=plan, gaps=gaps,
    )


@dataclass(frozen=True)
class LevelAdvice:
    level: str  # "L6" or "L7"
    reason: str


def advise_target_level(total: int, engineers_managed: int, years_experience: int,
                        multi_team: bool, org_transformation: bool) -> LevelAdvice:
    """The §2.2 rule, with the 15–19-engineer hole filled in (treated as L6)."""
    if total >= 80 and engineers_managed >= 20 and multi_team and org_transformation:
        return LevelAdvice("L7", f"quiz {total} ≥ 80, {engineers_managed} engineers across several "
                                 "teams and an organisation-level change behind you")
    missing = []
    if total < 80:
        missing.append(f"quiz {total} < 80")
    if engineers_managed < 20:
        missing.append(f"{engineers_managed} engineers managed < 20")
    if not multi_team:
        missing.append("no multi-team scope")
    if not org_transformation:
        missing.append("no organisation-level transformation")
    if engineers_managed < 15 and years_experience < 12:
        return LevelAdvice("L6", f"fewer than 15 engineers managed and under 12 years of experience; "
                                 f"L7 needs more ({'; '.join(missing)})")
    return LevelAdvice("L6", "L7 asks for a quiz of 80+, 20+ engineers across several teams and an "
                             f"organisational transformation ({'; '.join(missing)})")
