"""Delivery analysis benchmarks (issue 7): a table of medians, never asserted in tests.

Target: a 60-minute transcript (about 9,000 words in about 1,500 cues) analysed in ≤ 300 ms —
reading, speaker selection, every metric and the STAR segmentation. Also prints the accuracy of the
STAR heuristic on the 24 labelled answers (tests/fixtures/delivery/labelled_answers.txt), as
written and as raw speech-to-text would give them (lower case, no punctuation). Run with `make bench`.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))
from run import row, timed  # noqa: E402

from systemcraft.domain import delivery as dd  # noqa: E402
from systemcraft.domain import star_segments as ss  # noqa: E402
from systemcraft.domain.transcript import speech_of  # noqa: E402
from systemcraft.transcripts.readers import read  # noqa: E402
from tests.star_labelled import accuracy, answers  # noqa: E402

SENTENCES = [
    "So, at the time I was leading a team of nine engineers on our payments platform.",
    "Um, the nightly settlement job had been failing about twice a week.",
    "My goal was to make settlement reliable before the holiday peak.",
    "I decided to split the job into shards and I met with finance to agree a rollback plan.",
    "Then I set up alerts on every shard, you know, so we saw problems within minutes.",
    "As a result failures dropped by 40% and we saved about $2M a year.",
    "I think the biggest lesson was to rehearse the rollback, maybe twice.",
]


def hour_long_vtt() -> bytes:
    """Two speakers, 1,500 cues, ≈ 9,000 words, 60 minutes."""
    out = ["WEBVTT", ""]
    stream = " ".join(SENTENCES).split()
    t = 0.0
    words = 0
    for i in range(1500):
        who = "Interviewer" if i % 10 == 0 else "Sam Candidate"
        chunk = [stream[(i * 6 + k) % len(stream)] for k in range(6)]
        words += len(chunk)
        start, end = t, t + 2.3
        out += [str(i + 1), f"{_stamp(start)} --> {_stamp(end)}", f"<v {who}>{' '.join(chunk)}</v>", ""]
        t = end + (0.05 if i % 37 else 3.0)     # now and then a long pause
    assert 8000 <= words <= 10_000 and 3500 <= t <= 3700, (words, t)
    return "\n".join(out).encode()


def _stamp(s: float) -> str:
    ms = round(s * 1000)
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def analyse(data: bytes) -> None:
    t = read(data, "hour.vtt")
    speech = speech_of(t, "Sam Candidate")
    dd.measure(speech)
    ss.segment(speech, "L7")


def unpunctuated(sentences):
    return [(p, re.sub(r"[^\w\s%$'-]", "", text).lower()) for p, text in sentences]


def main() -> None:
    data = hour_long_vtt()
    samples = timed(lambda: analyse(data), 11)
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "hour.vtt"
        p.write_bytes(data)
        env_home = Path(tmp) / "home"
        from systemcraft.coach import Coach
        from systemcraft.environment import Environment
        coach = Coach(Environment.from_sources(str(env_home), None))
        whole = timed(lambda: coach.analyse_transcript(p, speaker="Sam Candidate", save=False), 11)
    print(f"\nDelivery analysis — Python {sys.version.split()[0]}, {os.cpu_count()} cores (times in ms)\n")
    print("| benchmark                                  |   n |      min |   median |      p90 |  target | ok?  |")
    print("|--------------------------------------------|-----|----------|----------|----------|---------|------|")
    print(row("60-min transcript: read + metrics + STAR", samples, 300))
    print(row("the same through Coach (report built)", whole, 300))
    rows = []
    for name, sentences in answers():
        rows.append((name, accuracy(sentences)[0], accuracy(unpunctuated(sentences))[0]))
    print(f"\nSTAR heuristic on {len(rows)} labelled answers (word-weighted accuracy):")
    print(f"  as written:            mean {statistics.mean(r[1] for r in rows):.1%}, "
          f"median {statistics.median(r[1] for r in rows):.1%}, worst {min(r[1] for r in rows):.1%}")
    print(f"  lower case, no punctuation (raw speech-to-text): mean {statistics.mean(r[2] for r in rows):.1%}, "
          f"worst {min(r[2] for r in rows):.1%}")
    worst = sorted(rows, key=lambda r: r[1])[:3]
    print("  hardest: " + "; ".join(f"{n} {a:.0%}" for n, a, _ in worst))


if __name__ == "__main__":
    main()
