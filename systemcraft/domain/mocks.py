"""Mock interviews: formats as timed phases (PRODUCT.md decision 14), rubrics (INVENTORY §2.20),
interviewer personas, question selection, and the session state machine. Pure: time is passed in."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

# Phases per format: (name, minutes, what the phase asks for). Full loops are built from rounds.
FORMATS: dict[str, tuple[tuple[str, int, str], ...]] = {
    "behavioral": (("Introductions", 5, "intro"), ("Question 1", 11, "behavioral"), ("Question 2", 11, "behavioral"),
                   ("Question 3", 11, "behavioral"), ("Question 4", 11, "behavioral"),
                   ("Your questions", 6, "candidate"), ("Wrap-up and feedback", 5, "wrap")),
    "system_design": (("Introductions", 5, "intro"), ("Requirements", 5, "design"), ("High-level design", 15, "design"),
                      ("Deep dive", 20, "design"), ("Scale ×10 and failures", 10, "design"),
                      ("Wrap-up and feedback", 5, "wrap")),
    "coding": (("Introductions", 5, "intro"), ("Solve", 25, "coding"), ("Test and complexity", 10, "coding"),
               ("Extensions", 5, "coding")),
    "bar_raiser": (("Introductions", 5, "intro"), ("Principle deep dive", 20, "behavioral"),
                   ("Failure and growth", 15, "behavioral"), ("Judgement under ambiguity", 15, "behavioral"),
                   ("Wrap-up and feedback", 5, "wrap")),
    "technical": (("System design", 45, "design"), ("Coding", 30, "coding"), ("Technical deep dive", 15, "deep_dive")),
}
FULL_LOOP_ROUNDS = {"L6": ("behavioral", "system_design", "coding", "bar_raiser", "behavioral"),
                    "L7": ("behavioral", "system_design", "coding", "bar_raiser", "behavioral", "behavioral")}
FORMAT_NAMES = {"behavioral": "Behavioral", "system_design": "System design", "coding": "Coding",
                "bar_raiser": "Bar raiser", "technical": "Technical", "full_loop": "Full loop"}
ALL_FORMATS = tuple(FORMATS) + ("full_loop",)

RUBRICS = {
    "behavioral": ("LP demonstration", "STAR structure", "Management competency"),
    "technical": ("System design", "Coding", "Technical communication"),
    "strategic": ("Organisational impact", "Strategic thinking", "Executive influence"),
}
RECOMMENDATIONS = {5: "Strong hire", 4: "Hire", 3: "Mixed", 2: "No hire", 1: "Strong no hire"}

PERSONAS = {
    "detail_expert": ("Detail-oriented expert", "goes three levels down on one choice and asks for numbers"),
    "strategist": ("High-level strategist", "asks why this matters to the business and what you would do next year"),
    "skeptic": ("Skeptical challenger", "disagrees with your decision and watches how you hold your ground"),
    "collaborator": ("Collaborative problem solver", "works through the problem with you and offers hints"),
    "rapid_fire": ("Rapid-fire interviewer", "moves on fast and asks short questions; keep answers tight"),
}
PERSONA_PROBES = {
    "detail_expert": ("What exactly did you measure, and how?", "Walk me through that step in more detail."),
    "strategist": ("How did this connect to the wider business goal?", "What would you do differently at twice the scope?"),
    "skeptic": ("I am not convinced that was the right call. Why was it?", "What would your critics say?"),
    "collaborator": ("What options did you consider together?", "Who else helped, and how?"),
    "rapid_fire": ("One sentence: what was your part?", "Result in a number?"),
}
RECENT_DAYS = 30


def rounds(fmt: str, level: str) -> tuple[str, ...]:
    if fmt == "full_loop":
        return FULL_LOOP_ROUNDS[level]
    if fmt not in FORMATS:
        raise ValueError(f"unknown mock format '{fmt}' (choose from {', '.join(ALL_FORMATS)})")
    return (fmt,)


def rubric_dimensions(fmt: str, level: str) -> tuple[str, ...]:
    kinds = {"behavioral": ("behavioral",), "bar_raiser": ("behavioral",), "system_design": ("technical",),
             "coding": ("technical",), "technical": ("technical",),
             "full_loop": ("behavioral", "technical")}[fmt]
    dims = tuple(d for k in kinds for d in RUBRICS[k])
    if level == "L7" and fmt in ("behavioral", "bar_raiser", "full_loop"):
        dims += RUBRICS["strategic"]
    return dims


@dataclass(frozen=True)
class Question:
    id: str
    kind: str          # behavioral | design | coding | deep_dive
    text: str
    probes: tuple[str, ...] = ()
    lp: str | None = None


@dataclass(frozen=True)
class Phase:
    round: int
    format: str
    name: str
    minutes: int
    question: Question | None = None


def select(fmt: str, level: str, pool: dict[str, list[Question]], weak_lps: tuple[str, ...],
           seen: dict[str, date], today: date, persona: str) -> tuple[Phase, ...]:
    """Assign questions to phases: weak principles first, nothing seen in the last 30 days when
    possible, and never the same question twice in one loop."""
    used: set[str] = set()
    used_lps: set[str] = set()
    order = {lp: i for i, lp in enumerate(weak_lps)}

    def pick(kind: str) -> Question | None:
        candidates = [q for q in pool.get(kind, []) if q.id not in used]
        if not candidates:
            return None

        def rank(q: Question):
            recent = q.id in seen and (today - seen[q.id]).days < RECENT_DAYS
            repeat_lp = q.lp in used_lps
            return (recent, repeat_lp, order.get(q.lp, len(order)) if kind == "behavioral" else 0,
                    seen.get(q.id, date.min), q.id)
        q = min(candidates, key=rank)
        used.add(q.id)
        if q.lp:
            used_lps.add(q.lp)
        return q

    phases = []
    for r, round_fmt in enumerate(rounds(fmt, level), start=1):
        for name, minutes, kind in FORMATS[round_fmt]:
            q = pick(kind) if kind in ("behavioral", "design", "coding", "deep_dive") else None
            if q is not None and q.kind == "behavioral":
                q = replace(q, probes=q.probes + PERSONA_PROBES[persona][:1])
            phases.append(Phase(r, round_fmt, name, minutes, q))
    return tuple(phases)


@dataclass(frozen=True)
class Mark:
    at: float          # seconds since the mock started
    phase: int
    label: str         # S, T, A, R or a note


@dataclass
class Session:
    """The running mock: phases, when each started, marks. Times are seconds on the injected clock."""
    phases: tuple[Phase, ...]
    started: float | None = None
    phase_starts: list[float] = field(default_factory=list)
    ended: float | None = None
    marks: list[Mark] = field(default_factory=list)
    status: str = "running"

    @property
    def current(self) -> int:
        return len(self.phase_starts) - 1

    def start(self, now: float) -> None:
        self.started = now
        self.phase_starts = [now]

    def next_phase(self, now: float) -> bool:
        """Move on; False when that was the last phase (the mock is then complete)."""
        if self.current + 1 >= len(self.phases):
            self.finish(now)
            return False
        self.phase_starts.append(now)
        return True

    def mark(self, label: str, now: float) -> None:
        self.marks.append(Mark(round(now - self.started, 1), self.current, label))

    def remaining(self, now: float) -> float:
        return self.phases[self.current].minutes * 60 - (now - self.phase_starts[-1])

    def finish(self, now: float) -> None:
        self.ended = now
        self.status = "complete"

    def interrupt(self, now: float) -> None:
        self.ended = now
        self.status = "partial"

    def actual_minutes(self) -> list[float]:
        ends = self.phase_starts[1:] + [self.ended if self.ended is not None else self.phase_starts[-1]]
        return [round((e - s) / 60, 2) for s, e in zip(self.phase_starts, ends)]


@dataclass(frozen=True)
class Rubric:
    scores: dict[str, tuple[int, str]]      # dimension → (1–5, evidence)
    recommendation: int
    strengths: tuple[str, ...]
    improvements: tuple[str, ...]
    rater: str = "self"

    @property
    def mean(self) -> float:
        return round(sum(s for s, _ in self.scores.values()) / len(self.scores), 2)


def check_rubric(r: Rubric, dims: tuple[str, ...]) -> Rubric:
    missing = [d for d in dims if d not in r.scores]
    if missing:
        raise ValueError(f"rubric: missing a score for {', '.join(missing)}")
    unknown = [d for d in r.scores if d not in dims]
    if unknown:
        raise ValueError(f"rubric: '{unknown[0]}' is not a dimension of this mock ({', '.join(dims)})")
    for d, (score, _) in r.scores.items():
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
            raise ValueError(f"rubric: {d} must be a whole number from 1 to 5, got {score!r}")
    if isinstance(r.recommendation, bool) or not isinstance(r.recommendation, int) or not 1 <= r.recommendation <= 5:
        raise ValueError(f"rubric: recommendation must be from 1 (strong no hire) to 5 (strong hire), "
                         f"got {r.recommendation!r}")
    return r
