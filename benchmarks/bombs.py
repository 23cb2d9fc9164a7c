"""Memory and time bombs (issue 14 §3): each small hostile input through the real command, measured.

Each row is one run of `systemcraft …` in its own process on a fresh onboarded home: wall time, peak
resident memory of that process (getrusage of the child), the exit code and the first line it printed.
The target is at most 200 MB and no hang (every run has a 60 s limit; a hang shows as TIMEOUT). The
peer row is `systemcraft --version`, the smallest the interpreter and the package need.

Run by `make soak` (and by hand: .venv/bin/python benchmarks/bombs.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.conftest import ANSWERS  # noqa: E402

LIMIT_S = 60


def _deep_json(depth: int) -> str:
    return "[" * depth + "]" * depth


def _laughs(levels: int = 9) -> str:
    """The 'billion laughs' YAML: each anchor repeats the one before ten times."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    return "\n".join(lines)


def bombs(tmp: Path) -> list[tuple[str, list[str]]]:
    (tmp / "huge-cue.vtt").write_text("WEBVTT\n\n00:00:00.000 --> 99999999:00:00.000\nhi there")     # 53 bytes
    (tmp / "huge-cue.srt").write_text("1\n00:00:00,000 --> 99999999:00:00,000\nhi there\n")
    (tmp / "long-talk.vtt").write_text("WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nhello there\n\n"
                                       "23:59:57.000 --> 23:59:59.000\nand goodbye\n")
    story = f"---\n{_laughs()}\ntitle: *a8\nlp: ownership\n---\n\n## Situation\nx\n"
    (tmp / "laughs-story.md").write_text(story)
    form = ("# Kit\n\n## Feedback form\n\n```yaml\n" + _laughs() + "\nformat: behavioral\nscores: *a8\n```\n")
    (tmp / "laughs-feedback.md").write_text(form)
    (tmp / "deep.json").write_text(_deep_json(10_000))
    (tmp / "digits.json").write_text('{"format": 1, "candidate": {"years_experience": ' + "9" * 5000 + "}}")
    (tmp / "deep-whisper.json").write_text('{"segments": ' + _deep_json(10_000) + "}")
    sentence = "so at the time I was leading a team of nine engineers on our payments platform. "
    (tmp / "huge.txt").write_text(sentence * (18_000_000 // len(sentence)))        # 18 MB, ~3 million words
    (tmp / "largest.txt").write_text(sentence * (990_000 // len(sentence)))        # just under the bound
    zero = tmp / "zero.json"
    zero.symlink_to("/dev/zero")
    fifo = tmp / "pipe.json"
    os.mkfifo(fifo)
    return [
        ("VTT cue ending at 99,999,999 h (53 B)", ["analyze", str(tmp / "huge-cue.vtt"), "--no-save"]),
        ("SRT cue ending at 99,999,999 h (47 B)", ["analyze", str(tmp / "huge-cue.srt"), "--no-save"]),
        ("two words 24 h apart", ["analyze", str(tmp / "long-talk.vtt"), "--no-save"]),
        ("billion laughs in a story's front matter", ["story", "add", str(tmp / "laughs-story.md")]),
        ("billion laughs in a feedback form", ["mock", "import-feedback", str(tmp / "laughs-feedback.md")]),
        ("10,000-deep JSON export", ["--home", str(tmp / "import-home-1"), "import", str(tmp / "deep.json")]),
        ("5,000-digit integer in an export", ["--home", str(tmp / "import-home-2"), "import",
                                              str(tmp / "digits.json")]),
        ("18 MB of plain text over 6 hours", ["analyze", str(tmp / "huge.txt"), "--duration", "6:00:00",
                                              "--no-save"]),
        ("990 kB of plain text (the most analysed)", ["analyze", str(tmp / "largest.txt"), "--duration",
                                                      "6:00:00", "--no-save"]),
        ("10,000-deep speech-to-text JSON", ["analyze", str(tmp / "deep-whisper.json"), "--no-save"]),
        ("import from a symlink to /dev/zero", ["--home", str(tmp / "import-home-3"), "import", str(zero)]),
        ("assess --answers from a FIFO", ["assess", "--answers", str(fifo)]),
    ]


_WRAPPER = """
import json, resource, subprocess, sys, time
argv = json.loads(sys.argv[1])
t = time.perf_counter()
try:
    p = subprocess.run([sys.executable, "-m", "systemcraft", *argv], capture_output=True, text=True,
                       timeout=float(sys.argv[2]), stdin=subprocess.DEVNULL)
    rc, out = p.returncode, (p.stderr.strip() or p.stdout.strip()).splitlines()[:1]
except subprocess.TimeoutExpired:
    rc, out = "TIMEOUT", []
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps([time.perf_counter() - t, peak, rc, out[0][:90] if out else ""]))
"""


def measure(argv: list[str], env: dict) -> tuple[float, float, int | str, str]:
    """Wall seconds, peak resident MB, exit code (or TIMEOUT) and first output line of one command, run
    under its own small Python parent so that the children's peak memory is this command's alone."""
    p = subprocess.run([sys.executable, "-c", _WRAPPER, json.dumps(argv), str(LIMIT_S)], env=env,
                       capture_output=True, text=True, timeout=LIMIT_S + 30)
    wall, peak, rc, first = json.loads(p.stdout)
    return wall, peak, rc, first


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="sc-bombs-") as d:
        tmp = Path(d)
        home = tmp / "home"
        (tmp / "quiz.json").write_text(json.dumps(ANSWERS))
        env = {**os.environ, "SYSTEMCRAFT_HOME": str(home), "SYSTEMCRAFT_TODAY": "2026-12-01", "TZ": "Europe/London"}
        env.pop("SYSTEMCRAFT_DB", None)
        subprocess.run([sys.executable, "-m", "systemcraft", "init", "--name", "Bomb Tester", "--role", "manager",
                        "--years", "10", "--engineers", "9", "--interview", "2027-02-15", "--hours", "10",
                        "--answers", str(tmp / "quiz.json")], env=env, check=True, capture_output=True)
        rows = [(what, *measure(argv, env)) for what, argv in bombs(tmp)]
        rows.append(("peer: systemcraft --version", *measure(["--version"], env)))
    print(f"{'input':44} {'wall s':>7} {'peak MB':>8} {'exit':>7}  first line")
    worst = 0.0
    for what, wall, peak, rc, first in rows:
        worst = max(worst, peak)
        print(f"{what:44} {wall:7.2f} {peak:8.1f} {rc!s:>7}  {first}")
    bad = [r for r in rows if r[3] in ("TIMEOUT", 70) or r[2] > 200]
    print(f"worst peak {worst:.1f} MB (target ≤ 200); hangs {sum(r[3] == 'TIMEOUT' for r in rows)}; "
          f"exit 70 {sum(r[3] == 70 for r in rows)}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
