"""One transparent readiness score from logged data (PRODUCT.md decision 13).

Weights follow the skill-assessment matrix: Technical 40 (system design 15, coding 15, cloud 10),
Leadership 35 (people 15, strategy 10, cross-functional 10), Behavioral 25 (principles 20,
culture 5). Every component is a 0–1 value with the source it came from; a component with no
data counts as 0 and says so. It is a measure of preparation, never a probability of success.
"""

from __future__ import annotations

from dataclasses import dataclass

WEIGHTS: tuple[tuple[str, str, int], ...] = (
    ("technical", "system_design", 15), ("technical", "coding", 15), ("technical", "cloud", 10),
    ("leadership", "people", 15), ("leadership", "strategy", 10), ("leadership", "cross_functional", 10),
    ("behavioral", "principles", 20), ("behavioral", "culture", 5),
)


@dataclass(frozen=True)
class Component:
    group: str
    id: str
    weight: int
    value: float | None        # 0–1, None when there is no data
    source: str

    @property
    def points(self) -> float:
        return self.weight * (self.value or 0.0)


@dataclass(frozen=True)
class Readiness:
    score: float
    groups: dict[str, float]
    components: tuple[Component, ...]


def _avg(values):
    vals = [v for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


def compute(ratings: dict[str, float], quiz_points: dict[str, int] | None, lp_covered: int) -> Readiness:
    """ratings: latest 1–5 self-rating per dimension; quiz_points: latest quiz (q1..q20 → 1–5)."""
    q = quiz_points or {}

    def rating(dim):
        return ratings[dim] / 5 if dim in ratings else None

    def quiz(*ids):
        return _avg([q[i] / 5 for i in ids if i in q])

    sources = {
        "system_design": (rating("system_design"), "self-rating: system design"),
        "coding": (rating("coding"), "self-rating: coding"),
        "cloud": (_avg([rating("operational_thinking"), quiz("q3")]),
                  "self-rating: operational thinking, and quiz q3 (cloud depth)"),
        "people": (quiz("q9", "q14"), "quiz q9 (people management) and q14 (hiring)"),
        "strategy": (quiz("q13"), "quiz q13 (strategy and vision)"),
        "cross_functional": (quiz("q10", "q11"), "quiz q10 (cross-team influence) and q11 (conflict)"),
        "principles": (_avg([rating("lp_demonstration"), min(1.0, lp_covered / 16)]),
                       f"self-rating: principle demonstration, and {lp_covered}/16 principles covered"),
        "culture": (quiz("q15", "q16", "q17", "q18", "q19", "q20"), "quiz cultural section (q15–q20)"),
    }
    comps = tuple(Component(g, cid, w, sources[cid][0], sources[cid][1]) for g, cid, w in WEIGHTS)
    groups: dict[str, float] = {}
    for c in comps:
        groups[c.group] = round(groups.get(c.group, 0.0) + c.points, 1)
    return Readiness(round(sum(c.points for c in comps), 1), groups, comps)
