"""The weekly scorecard (/400): PRODUCT.md decision 6 and seed 003's template.

Each category is the mean of its items' ratios × 100: counts are capped at 1.0 of their target,
ratings are divided by 5. Only what this week's plan scheduled is scored: an item with no target
(nothing of that kind planned) is left out of the mean and shown as "not planned this week", even
when something was logged for it. The overall percentage (total / 4) gives the verdict, and only
for a week that is over; a week in progress has "so far" figures and no verdict. A week in which
every planned task was done is never a recovery week (PRODUCT decision 15): low ratings then
speak through their own rules, not through a cut of the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Seed-003 targets: the defaults when there is no plan to compare with (PRODUCT decision 5).
SEED_TARGETS = {"stories": 3, "lp_coverage": 16, "coding": 40, "design": 4, "mocks": 2, "concepts": 2,
                "industry": 2, "networking": 1}
NOT_PLANNED = "not planned this week"


@dataclass(frozen=True)
class ItemSpec:
    id: str
    category: str
    label: str
    kind: str   # count | rating


ITEMS: tuple[ItemSpec, ...] = (
    ItemSpec("stories", "behavioral", "Stories completed", "count"),
    ItemSpec("story_quality", "behavioral", "Story quality (1–5)", "rating"),
    ItemSpec("lp_coverage", "behavioral", "LP coverage", "count"),
    ItemSpec("delivery_confidence", "behavioral", "Delivery confidence (1–5)", "rating"),
    ItemSpec("coding", "technical", "Coding problems solved", "count"),
    ItemSpec("design", "technical", "System-design problems", "count"),
    ItemSpec("tech_communication", "technical", "Technical communication (1–5)", "rating"),
    ItemSpec("time_management", "technical", "Time management (1–5)", "rating"),
    ItemSpec("mocks", "interview", "Mock interviews completed", "count"),
    ItemSpec("feedback_integration", "interview", "Feedback integration (1–5)", "rating"),
    ItemSpec("overall_confidence", "interview", "Overall confidence (1–5)", "rating"),
    ItemSpec("stress_management", "interview", "Stress management (1–5)", "rating"),
    ItemSpec("concepts", "learning", "New concepts mastered", "count"),
    ItemSpec("industry", "learning", "Industry knowledge updates", "count"),
    ItemSpec("networking", "learning", "Networking activities", "count"),
    ItemSpec("self_assessment", "learning", "Self-assessment progress (1–5)", "rating"),
)
CATEGORY_TARGETS = {"behavioral": 80, "technical": 75, "interview": 70, "learning": 70}
CATEGORY_NAMES = {"behavioral": "Behavioral competence", "technical": "Technical mastery",
                  "interview": "Interview readiness", "learning": "Learning and growth"}
VERDICT_BANDS = ((90, "high"), (70, "standard"), (0, "recovery"))
VERDICT_ACTIONS = {
    "high": "Stretch goals and an extra mock next week.",
    "standard": "Keep the pace; aim the flexible time at your weak areas.",
    "recovery": "Cut new content by a quarter next week and protect the fundamentals.",
}


@dataclass(frozen=True)
class WeekInputs:
    """What happened (actual) and what was planned (target) in one week; ratings may be missing.

    `target` holds only what the plan scheduled (no key, or 0: not planned); `plan` None means there is
    no plan at all, and the seed-003 defaults stand in. `tasks_planned`/`tasks_done` count the week's
    planned tasks and those finished."""
    actual: dict[str, float]
    target: dict[str, float]
    ratings: dict[str, float | None]
    finished: bool = True
    tasks_planned: int = 0
    tasks_done: int = 0
    seed_defaults: bool = False


@dataclass(frozen=True)
class ItemScore:
    id: str
    category: str
    label: str
    kind: str
    value: float | None
    target: float | None
    ratio: float | None       # None: not planned or not rated → left out of the mean
    note: str = ""


@dataclass(frozen=True)
class Scorecard:
    items: tuple[ItemScore, ...]
    categories: dict[str, float]          # percent, 0–100
    targets_met: dict[str, bool]
    total: float                          # 0–400
    percent: float
    verdict: str | None                   # None while the week is in progress
    action: str | None
    notes: tuple[str, ...] = field(default_factory=tuple)
    floor: str | None = None              # why the verdict is higher than the percentage alone says


def verdict_for(percent: float) -> str:
    for lower, name in VERDICT_BANDS:
        if percent >= lower:
            return name
    raise AssertionError("unreachable")


def score_week(inputs: WeekInputs) -> Scorecard:
    items: list[ItemScore] = []
    for spec in ITEMS:
        if spec.kind == "count":
            value = float(inputs.actual.get(spec.id, 0.0))
            default = SEED_TARGETS.get(spec.id, 0) if inputs.seed_defaults else 0
            target = float(inputs.target.get(spec.id, default))
            if target <= 0:
                items.append(ItemScore(spec.id, spec.category, spec.label, spec.kind, value, None, None,
                                       NOT_PLANNED))
                continue
            items.append(ItemScore(spec.id, spec.category, spec.label, spec.kind, value, target,
                                   min(1.0, max(0.0, value) / target)))
        else:
            rating = inputs.ratings.get(spec.id)
            if rating is None:
                items.append(ItemScore(spec.id, spec.category, spec.label, spec.kind, None, 5.0, 0.0,
                                       "not rated: counts as 0"))
            else:
                r = min(5.0, max(0.0, float(rating)))
                items.append(ItemScore(spec.id, spec.category, spec.label, spec.kind, r, 5.0, r / 5))
    categories: dict[str, float] = {}
    for cat in CATEGORY_TARGETS:
        ratios = [i.ratio for i in items if i.category == cat and i.ratio is not None]
        categories[cat] = round(100 * sum(ratios) / len(ratios), 1) if ratios else 0.0
    total = round(sum(categories.values()), 1)
    percent = round(total / 4, 1)
    notes = []
    if any(i.note.startswith("not rated") for i in items):
        notes.append("Some ratings are missing: rate the week to have them count.")
    verdict = floor = None
    if inputs.finished:
        verdict = verdict_for(percent)
        if verdict == "recovery" and inputs.tasks_planned and inputs.tasks_done >= inputs.tasks_planned:
            verdict = "standard"
            floor = (f"Every planned task was done ({inputs.tasks_done} of {inputs.tasks_planned}), so this is "
                     f"not a recovery week although the score is {percent:g}%: the low items have their own rules.")
            notes.append(floor)
    return Scorecard(tuple(items), categories,
                     {c: categories[c] >= CATEGORY_TARGETS[c] for c in CATEGORY_TARGETS},
                     total, percent, verdict, VERDICT_ACTIONS[verdict] if verdict else None, tuple(notes), floor)


def progress_rating(previous_mean: float | None, current_mean: float | None) -> float | None:
    """Self-assessment progress on 1–5 from the change in the mean self-rating: 3 = unchanged,
    each half point of gain or loss moves one step."""
    if current_mean is None:
        return None
    if previous_mean is None:
        return 3.0
    return float(min(5, max(1, 3 + round((current_mean - previous_mean) * 2))))
