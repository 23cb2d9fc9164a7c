"""Success milestones (INVENTORY §2.13) and checkpoint pass marks (§2.15), as pure checks."""

from __future__ import annotations

from dataclasses import dataclass

from systemcraft.domain.practice import CORE_DIMENSIONS, DIMENSION_BY_ID


@dataclass(frozen=True)
class Milestone:
    week: int
    label: str
    met: bool | None        # None: not enough data yet
    detail: str


def check_milestone(week: int, ratings: dict[str, float], primary_areas: tuple[str, ...],
                    mock_scores: tuple[float, ...]) -> Milestone | None:
    core = {d: v for d, v in ratings.items() if d in CORE_DIMENSIONS}
    if week == 2:
        if len(core) < len(CORE_DIMENSIONS):
            return Milestone(2, "All ratings at 3 or more", None, f"{len(core)}/12 dimensions rated")
        low = sorted(d for d, v in core.items() if v < 3)
        return Milestone(2, "All ratings at 3 or more", not low, "below 3: " + ", ".join(low) if low else "all ≥ 3")
    if week == 4:
        dims = [d for d in core if DIMENSION_BY_ID[d].area in primary_areas]
        if not dims:
            return Milestone(4, "Primary areas at 4 or more", None, "no ratings in your primary areas yet")
        low = sorted(d for d in dims if core[d] < 4)
        return Milestone(4, f"Primary areas ({', '.join(primary_areas)}) at 4 or more", not low,
                         "below 4: " + ", ".join(low) if low else "all ≥ 4")
    if week == 6:
        if len(core) < len(CORE_DIMENSIONS):
            return Milestone(6, "All ratings at 4 or more", None, f"{len(core)}/12 dimensions rated")
        low = sorted(d for d, v in core.items() if v < 4)
        return Milestone(6, "All ratings at 4 or more", not low, "below 4: " + ", ".join(low) if low else "all ≥ 4")
    if week == 8:
        last = mock_scores[-2:]
        if len(last) < 2:
            return Milestone(8, "Consistently positive mock feedback", None, f"{len(mock_scores)} scored mocks so far")
        return Milestone(8, "Consistently positive mock feedback", all(s >= 4 for s in last),
                         f"last two mock scores: {', '.join(f'{s:g}' for s in last)} (4+ counts as positive)")
    return None


# Checkpoint pass marks: part → (maximum, pass mark). Checkpoint 3 passes on the mean of its parts
# (80 % with no fatal flaw); checkpoint 4 on its confidence survey (mean 8+, no item under 7).
PASS_MARKS: dict[int, dict[str, tuple[float, float]]] = {
    1: {"1A": (100, 75), "1B": (25, 20), "1C": (100, 75), "1D": (100, 75)},
    2: {"2A": (100, 75), "2B": (100, 80), "2C": (100, 80)},
    3: {"3A": (100, 80), "3B": (100, 80)},
    4: {"4A": (100, 0)},
}
RETAKE_HOURS = 48
COACH_AFTER_ATTEMPTS = 3
FAIL_EXTENSION_WEEKS = {1: 1, 2: 1, 3: 2, 4: 1}


@dataclass(frozen=True)
class CheckpointOutcome:
    number: int
    passed: bool
    parts: dict[str, tuple[float, float, bool]]     # part → (score, pass mark, passed)
    detail: str


def judge_checkpoint(number: int, scores: dict[str, float], fatal_flaw: bool = False,
                     survey: tuple[int, ...] = ()) -> CheckpointOutcome:
    marks = PASS_MARKS[number]
    unknown = sorted(set(scores) - set(marks))
    if unknown:
        raise ValueError(f"checkpoint {number} has no part {', '.join(unknown)} (parts: {', '.join(marks)})")
    for part, score in scores.items():
        top = marks[part][0]
        if not 0 <= score <= top:
            raise ValueError(f"score for {part} must be between 0 and {top:g}, got {score:g}")
    if number == 4:
        if len(survey) != 15 or any(not 1 <= s <= 10 for s in survey):
            raise ValueError("checkpoint 4 needs the confidence survey: 15 ratings from 1 to 10")
        mean = sum(survey) / 15
        ok = mean >= 8 and min(survey) >= 7
        return CheckpointOutcome(4, ok, {}, f"survey mean {mean:.1f} (pass 8+), lowest {min(survey)} (pass 7+)")
    missing = sorted(set(marks) - set(scores))
    if missing:
        raise ValueError(f"checkpoint {number} needs a score for every part: missing {', '.join(missing)}")
    parts = {p: (s, marks[p][1], s >= marks[p][1]) for p, s in scores.items()}
    if number == 3:
        mean = sum(scores.values()) / len(scores)
        ok = mean >= 80 and not fatal_flaw
        return CheckpointOutcome(3, ok, parts, f"mean {mean:.0f}% (pass 80%)" + (", fatal flaw" if fatal_flaw else ""))
    failed = [p for p, (_, _, ok) in parts.items() if not ok]
    return CheckpointOutcome(number, not failed, parts,
                             "all parts passed" if not failed else "failed: " + ", ".join(failed))
