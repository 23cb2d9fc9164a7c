"""The monthly review (seed 003): hours /80, problems /150, stories /12, mocks /8, scaled to the
candidate's own weekly budget (those numbers assume about 20 hours a week)."""

from __future__ import annotations

from dataclasses import dataclass

SEED_MONTH = {"hours": 80, "problems": 150, "stories": 12, "mocks": 8}
SEED_WEEKLY_HOURS = 20


@dataclass(frozen=True)
class MonthLine:
    id: str
    actual: float
    target: float

    @property
    def percent(self) -> float:
        return round(100 * min(1.0, self.actual / self.target), 1) if self.target else 0.0


def month_targets(hours_per_week: float, weeks: int = 4) -> dict[str, float]:
    scale = (hours_per_week / SEED_WEEKLY_HOURS) * (weeks / 4)
    return {k: max(1.0, round(v * scale, 1)) for k, v in SEED_MONTH.items()}


def month_lines(actual: dict[str, float], hours_per_week: float, weeks: int = 4) -> tuple[MonthLine, ...]:
    targets = month_targets(hours_per_week, weeks)
    return tuple(MonthLine(k, round(actual.get(k, 0.0), 1), targets[k]) for k in SEED_MONTH)
