"""The labelled answers in tests/fixtures/delivery/labelled_answers.txt and the accuracy of the STAR
segmentation on them (word-weighted: each word's predicted part against its sentence's true part).
Used by tests/domain/test_star_segments.py and benchmarks/delivery.py."""

from __future__ import annotations

from pathlib import Path

from systemcraft.domain.star_segments import segment
from systemcraft.domain.transcript import Line, Transcript, speech_of

FILE = Path(__file__).parent / "fixtures" / "delivery" / "labelled_answers.txt"
PART = {"S": "situation", "T": "task", "A": "action", "R": "result"}


def answers() -> list[tuple[str, list[tuple[str, str]]]]:
    out: list[tuple[str, list[tuple[str, str]]]] = []
    for raw in FILE.read_text(encoding="utf-8").splitlines():
        if raw.startswith("=== "):
            out.append((raw[4:], []))
        elif raw[:2] in ("S|", "T|", "A|", "R|"):
            out[-1][1].append((PART[raw[0]], raw[2:].strip()))
    return out


def timed(sentences: list[tuple[str, str]], wpm: float = 150.0) -> Transcript:
    """One cue per sentence, spoken back to back at `wpm`."""
    lines, t = [], 0.0
    for i, (_, text) in enumerate(sentences, 1):
        secs = len(text.split()) / wpm * 60
        lines.append(Line(round(t, 3), round(t + secs, 3), text, "", where=f"sentence {i}"))
        t += secs
    return Transcript(lines, "text")


def accuracy(sentences: list[tuple[str, str]], level: str = "L6") -> tuple[float, object]:
    seg = segment(speech_of(timed(sentences)), level)
    truth = [part for part, text in sentences for _ in text.split()]
    predicted = [part for text, part in seg.labels for _ in text.split()]
    assert len(truth) == len(predicted), (len(truth), len(predicted))
    return sum(a == b for a, b in zip(truth, predicted)) / len(truth), seg
