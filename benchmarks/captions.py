"""Caption reader benchmarks (issue 17): medians, never asserted in tests.

Target: a 2-hour YouTube automatic-caption file (≈ 20,000 words once de-duplicated) read in ≤ 1 s and
≤ 200 MB peak. The file is the real 5-minute excerpt in tests/data/captions/ repeated 24 times, each copy
300 s after the one before (1.06 MB, 7,128 cues, 19,704 words). Each run is a fresh process, so the peak
memory (ru_maxrss) is that run's own; `python -c pass` and importing the reader are shown beside it. Also
timed: a file at the 20 MB size limit (refused in one line once it holds more speech than is analysed).
Run with `python benchmarks/captions.py`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.hostile.test_caption_attacks import shifted  # noqa: E402  (the test's own 2-hour file, built alike)
EXCERPT = ROOT / "tests" / "data" / "captions" / "youtube_auto_affirmations.en.vtt"
LIMIT = 20 * 1024 * 1024

PROBE = """
import resource, sys, time
t0 = time.perf_counter()
{body}
elapsed = time.perf_counter() - t0
hwm = [ln for ln in open("/proc/self/status") if ln.startswith("VmHWM:")]     # this process's own peak
peak = int(hwm[0].split()[1]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(elapsed * 1000, peak)
"""

READ = """
sys.path.insert(0, {root!r})
from systemcraft.transcripts.readers import read
data = open({path!r}, "rb").read()
t0 = time.perf_counter()
t = read(data, "talk.vtt")
"""

ANALYSE = READ + """
from systemcraft.domain import delivery as dd
from systemcraft.domain.transcript import speech_of
d = dd.measure(speech_of(t))
assert d.words == 19_704, d.words
"""

REFUSED = """
sys.path.insert(0, {root!r})
from systemcraft.transcripts.readers import read
from systemcraft.domain.transcript import TranscriptError
data = open({path!r}, "rb").read()
t0 = time.perf_counter()
try:
    read(data, "big.vtt")
except TranscriptError:
    pass
"""


def youtube(max_bytes: int | None = None, copies: int = 24) -> bytes:
    head, body = EXCERPT.read_text().split("\n\n", 1)
    parts, size, k = [head + "\n\n"], len(head) + 2, 0
    while (max_bytes is None and k < copies) or max_bytes is not None:
        part = shifted(body, k * 300).rstrip("\n") + "\n\n"
        if max_bytes is not None and size + len(part) > max_bytes:
            break
        parts.append(part)
        size += len(part)
        k += 1
    return "".join(parts).encode()


def run(body: str, n: int) -> tuple[list[float], list[float], list[float]]:
    """(milliseconds from t0, peak MB, milliseconds of the whole process) of n fresh processes; t0 is set
    in the body (after the imports) or at its start."""
    times, peaks, walls = [], [], []
    for _ in range(n):
        w0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", PROBE.format(body=body)], capture_output=True, text=True,
                             check=True, cwd=ROOT).stdout.split()
        walls.append((time.perf_counter() - w0) * 1000)
        times.append(float(out[0]))
        peaks.append(float(out[1]))
    return times, peaks, walls


def line(name: str, times: list[float], peaks: list[float], walls: list[float], target_ms: float | None,
         target_mb: float | None) -> str:
    ms, mb, wall = statistics.median(times), statistics.median(peaks), statistics.median(walls)
    ok = "" if target_ms is None else ("ok" if ms <= target_ms and mb <= target_mb else "OVER")
    t = f"{target_ms:.0f} ms / {target_mb:.0f} MB" if target_ms else ""
    return f"| {name:<50} | {len(times):>2} | {ms:>9.1f} | {wall:>10.1f} | {mb:>8.1f} | {t:<18} | {ok:<4} |"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        two_hours = Path(tmp) / "two_hours.vtt"
        two_hours.write_bytes(youtube())
        at_limit = Path(tmp) / "at_limit.vtt"
        at_limit.write_bytes(youtube(max_bytes=LIMIT))
        rows = [
            ("python -c pass (interpreter only)", run("pass", 7), None, None),
            ("import the reader", run(f"sys.path.insert(0, {str(ROOT)!r})\n"
                                      "import systemcraft.transcripts.readers", 7), None, None),
            ("2-hour YouTube file: read", run(READ.format(root=str(ROOT), path=str(two_hours)), 7), 1000, 200),
            ("2-hour YouTube file: read + pace, pauses, fillers", run(ANALYSE.format(root=str(ROOT), path=str(two_hours)), 7),
             1000, 200),
            (f"{at_limit.stat().st_size / 1e6:.1f} MB file at the size limit: refused", run(REFUSED.format(
                root=str(ROOT), path=str(at_limit)), 3), 60_000, 1000),
        ]
    print(f"\nCaption readers — Python {sys.version.split()[0]}, {os.cpu_count()} cores; 2-hour file "
          f"{two_hours.name}: 24 copies of the real excerpt, 19,704 words (medians of fresh processes)\n")
    print("| benchmark                                          |  n | median ms | process ms |  peak MB | target             | ok?  |")
    print("|----------------------------------------------------|----|-----------|------------|----------|--------------------|------|")
    for name, (times, peaks, walls), target_ms, target_mb in rows:
        print(line(name, times, peaks, walls, target_ms, target_mb))


if __name__ == "__main__":
    main()
