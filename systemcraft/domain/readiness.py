"""One transparent readiness score from logged data (PRODUCT.md decision 13).

Weights follow the skill-assessment matrix: Technical 40 (system design 15, coding 15, cloud 10),
Leadership 35 (people 15, strategy 10, cross-functional 10), Behavioral 25 (principles 20,
culture 5). Every component is a 0–1 value with the source it came from; a component with no
data counts as 0 and says so. It is a measure of preparation, never a probability of success.

Readiness needs evidence (issue 13 §5). Self-ratings are the cheapest input, so one day's ratings may move
the score by at most DAILY_CAP points: `settle` replays the rating history day by day and clamps each
day's change (what the rest of a jump is waits for later rating days). And the score is PROVISIONAL
until it rests on MIN_FINISHED_WEEKS finished weeks of the plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Sequence

from systemcraft.domain.wording import counted

WEIGHTS: tuple[tuple[str, str, int], ...] = (
    ("technical", "system_design", 15), ("technical", "coding", 15), ("technical", "cloud", 10),
    ("leadership", "people", 15), ("leadership", "strategy", 10), ("leadership", "cross_functional", 10),
    ("behavioral", "principles", 20), ("behavioral", "culture", 5),
)
DAILY_CAP = 10.0            # points: the most one day's self-ratings may move readiness, up or down
MIN_FINISHED_WEEKS = 2      # finished plan weeks readiness must rest on before it is no longer provisional


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
    """ratings: latest 1–5 self-rating per dimension; quiz_points: latest quiz (q1..q20 → 1–5).
    The score takes the ratings at face value; `settle` is what the surfaces show."""
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


def _exact(ratings: dict[str, float], quiz_points: dict[str, int] | None, lp_covered: int) -> float:
    return sum(c.points for c in compute(ratings, quiz_points, lp_covered).components)


@dataclass(frozen=True)
class Settled:
    """Readiness as shown: `score` with each rating day's change clamped to `daily_cap`."""
    score: float
    uncapped: float                          # the latest ratings at face value (= readiness.score)
    held_back: float                         # uncapped − score: rating points not counted yet
    daily_cap: float
    steps: tuple[tuple[date, float], ...]    # the score as of each day self-ratings were recorded for
    finished_weeks: int
    provisional: bool
    reason: str | None                       # why it is provisional (None when it is not)
    cap_note: str | None                     # what the cap holds back (None when nothing is)
    readiness: Readiness                     # components and groups, at face value


def settle(history: Sequence[tuple[date, dict[str, float]]], quiz_points: dict[str, int] | None,
           lp_covered: int, finished_weeks: int, firm_from: date | None = None,
           cap: float = DAILY_CAP, min_weeks: int = MIN_FINISHED_WEEKS) -> Settled:
    """history: the self-ratings recorded for each day (1–5 per dimension), oldest first; the quiz and the
    principles covered count at once. firm_from: the day readiness stops being provisional, for the reason.

    The part of the score that comes from self-ratings is replayed day by day: on each rating day it moves
    towards what the ratings so far are worth, by at most `cap` points. A pure function of the history."""
    base = _exact({}, quiz_points, lp_covered)
    latest: dict[str, float] = {}
    counted_points = 0.0
    by_day: dict[date, dict[str, float]] = {}
    for day, ratings in history:              # one day's ratings are one step, however many entries
        by_day.setdefault(day, {}).update(ratings)
    steps = []
    for day, ratings in sorted(by_day.items()):
        latest.update(ratings)
        target = _exact(latest, quiz_points, lp_covered) - base
        counted_points += max(-cap, min(cap, target - counted_points))
        steps.append((day, round(base + counted_points, 1)))
    face = compute(latest, quiz_points, lp_covered)
    exact_face = _exact(latest, quiz_points, lp_covered)
    score = round(base + counted_points, 1) + 0.0
    held = round(exact_face - (base + counted_points), 1) + 0.0      # + 0.0: never "-0.0"
    provisional = finished_weeks < min_weeks
    reason = None
    if provisional:
        when = f" (from {firm_from.isoformat()})" if firm_from else ""
        reason = f"it rests on {counted(finished_weeks, 'finished week')} of the plan and needs {min_weeks}{when}"
    cap_note = None
    if held > 0:
        cap_note = (f"{held:g} points from your self-ratings are held back: one day's ratings move readiness by "
                    f"at most {cap:g} points, and the rest counts on the days you rate later weeks")
    elif held < 0:
        cap_note = (f"{-held:g} points that your lower self-ratings take off are still to come: one day's ratings "
                    f"move readiness by at most {cap:g} points")
    return Settled(score, face.score, held, cap, tuple(steps), finished_weeks, provisional, reason, cap_note,
                   face)
