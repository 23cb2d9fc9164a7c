"""Leadership-Principle coverage of a story bank: the matrix, minimums, gaps and warnings."""

from __future__ import annotations

from dataclasses import dataclass

from systemcraft.domain.principles import PRINCIPLES
from systemcraft.domain.stories import LP_MINIMUMS, PORTFOLIO_TARGETS, Story
from systemcraft.domain.story_analysis import failure_evidence, has_l7_scope


@dataclass(frozen=True)
class LPCoverage:
    lp: str
    name: str
    primary: int
    secondary: int
    minimum: int
    l7_story: bool

    @property
    def count(self) -> int:
        return self.primary + self.secondary

    @property
    def missing(self) -> int:
        return max(0, self.minimum - self.count)


@dataclass(frozen=True)
class Coverage:
    rows: tuple[LPCoverage, ...]
    matrix: dict[int, dict[str, str]]      # story id → lp → "P" | "S"
    stories: int
    portfolio_target: int
    slots_filled: int                      # of the 42 minimum slots
    gaps: tuple[str, ...]
    warnings: tuple[str, ...]

    @property
    def covered(self) -> int:
        return sum(1 for r in self.rows if r.count)


def is_failure_story(s: Story) -> bool:
    """Marked as a failure, or its result or lesson is one (the story check's own reading): a story that
    only mentions 'failover' or 'zero failures' is not."""
    return s.failure or bool(failure_evidence(s))


def compute(stories: list[Story], plan_id: str | None, level: str) -> Coverage:
    matrix: dict[int, dict[str, str]] = {}
    counts = {p.id: [0, 0, False] for p in PRINCIPLES}
    for i, s in enumerate(stories):
        key = s.id if s.id is not None else i
        matrix[key] = {s.primary_lp: "P", **{lp: "S" for lp in s.secondary_lps}}
        counts[s.primary_lp][0] += 1
        for lp in s.secondary_lps:
            counts[lp][1] += 1
        if s.level == "L7" and has_l7_scope(s):
            for lp in s.lps:
                counts[lp][2] = True
    rows = tuple(LPCoverage(p.id, p.name, counts[p.id][0], counts[p.id][1], LP_MINIMUMS[p.id], counts[p.id][2])
                 for p in PRINCIPLES)
    target = PORTFOLIO_TARGETS.get(plan_id or "comprehensive", PORTFOLIO_TARGETS["comprehensive"])[level]
    gaps = tuple(f"need {r.missing} more {'story' if r.missing == 1 else 'stories'} for {r.name}"
                 for r in rows if r.missing)
    warnings: list[str] = []
    if len(stories) < target:
        warnings.append(f"{len(stories)} of the {target} stories your plan aims for")
    only: dict[int, list[str]] = {}
    for r in rows:
        if r.count == 1:
            owner = next(k for k, lps in matrix.items() if r.lp in lps)
            only.setdefault(owner, []).append(r.name)
    for key, names in only.items():
        if len(names) >= 2:
            title = next((s.title for i, s in enumerate(stories) if (s.id if s.id is not None else i) == key), key)
            warnings.append(f"overused: '{title}' is the only story for {', '.join(names)}")
    if level == "L7":
        lacking = [r.name for r in rows if r.count and not r.l7_story]
        if lacking:
            warnings.append("no L7-scope story yet for " + ", ".join(lacking))
    if stories and not any(is_failure_story(s) for s in stories):
        warnings.append("no failure story: none of your stories ends in a miss or a lesson from your own mistake; "
                        "prepare one about a mistake and what changed after it")
    slots = sum(min(r.count, r.minimum) for r in rows)
    return Coverage(rows, matrix, len(stories), target, slots, gaps, tuple(warnings))


def priority_lps(coverage: Coverage) -> tuple[str, ...]:
    """Principles to draft stories for first: the largest shortfall first."""
    return tuple(r.lp for r in sorted(coverage.rows, key=lambda r: (-r.missing, r.count)) if r.missing)
