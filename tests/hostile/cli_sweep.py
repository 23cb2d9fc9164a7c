"""Every command, every option, hostile values: nothing may end in exit 70 ("this is a SystemCraft bug").

Each command has a valid baseline invocation; the sweep replaces one option or argument at a time with a
hostile value (huge or negative numbers, NaN, markup, control characters, path tricks, far dates, very
long text) and runs the real entry point in this process (the same `main()` as the installed command,
without a new interpreter each time). A run passes when it exits 0, 1 or 2 with at most one line on
stderr; exit 70, a traceback, any other code or a multi-line error is a finding.

`python -m tests.hostile.cli_sweep [--all]` runs it by hand (`make soak` runs --all); the short test in
test_cli_sweep.py runs the first values of each list in CI.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

TODAY = "2026-12-01"

# The values tried for each kind of parameter, the most telling first (the CI run takes a prefix).
NUMBERS = ["99999999999999999999999", "-1", "0", "1e308", "nan", "9" * 5000, "-9223372036854775809",
           "inf", "0x10", " 7 ", "1_000", "٣"]
TEXTS = ["[/]", "x" * 200_000, "\x00nul", "[red]Anna Kowalski [she/her]", "", " ", "\u202etxt.exe", "\r\n\r\n",
         "=HYPERLINK(\"http://x\")", "%s%n%x", "../../etc/passwd", "\ud800"[:0] + "é" * 3000]
DATES = ["9999-12-31", "0001-01-01", "2026-02-30", "2026-12-01..9999-12-31", "10000-01-01", "-2026-01-01",
         "2026-13-01", "2026-12-01T25:00", "", "x" * 100_000]
PATHS = ["/dev/zero", "/dev/full", "/proc/self/mem", "/", "/nonexistent/dir/file", "\x00", "x" * 5000,
         "/etc/shadow", "~", "-"]
CHOICES = ["", "X" * 10_000, "[/]"]


@dataclass(frozen=True)
class Case:
    argv: tuple[str, ...]
    what: str
    today: str | None = None


# Valid invocations, with each replaceable slot marked by its kind: ("KIND", default). A home made by
# `init` (interview 2027-02-15) with one story, one log entry and one mock is their starting point.
N, T, D, P, C = "number", "text", "date", "path", "choice"
BASE: dict[str, list] = {
    "today": [["--date", (D, TODAY)]],
    "done": [(T, "1"), ["--minutes", (N, "30")], ["--note", (T, "fine")]],
    "skip": [(T, "2"), ["--reason", (T, "ill")]],
    "status": [],
    "week": [["--week", (N, "1")]],
    "adapt": [["--dry-run"], ["--week", (N, "1")]],          # run on 2026-12-09, once week 1 is over
    "month": [["--month", (N, "1")]],
    "progress": [],
    "plan show": [["--week", (N, "1")]],
    "plan recommend": [["--interview", (D, "2027-02-15")], ["--hours", (N, "10")]],
    "plan regenerate": [["--hours", (N, "10")], ["--interview", (D, "2027-02-15")], ["--days", (T, "mon,tue,wed")],
                        ["--max-day", (N, "120")], ["--blackout", (D, "2026-12-24")],
                        ["--session-start", (T, "07:30")], ["--travel", (D, "2026-12-10..2026-12-12")],
                        ["--busy-week", (D, "2026-12-14")], ["--json"]],
    "plan export": [["--ics", (P, "{tmp}/plan.ics")]],
    "log coding": [["--title", (T, "Two sum")], ["--pattern", (T, "two-pointers")], ["--difficulty", "easy"],
                   ["--minutes", (N, "25")], ["--link", (T, "https://example.org/p")], ["--date", (D, TODAY)]],
    "log design": [["--problem", (T, "URL shortener")], ["--level", "L6"], ["--minutes", (N, "60")],
                   ["--score", (N, "3")]],
    "log study": [["--category", (T, "system_design")], ["--minutes", (N, "30")], ["--topic", (T, "caching")]],
    "log concept": [(T, "Consistent hashing")],
    "log story": [["--title", (T, "Billing migration")], ["--lp", (T, "ownership")], ["--minutes", (N, "20")]],
    "log mock": [["--type", (T, "behavioral")], ["--score", (N, "3")], ["--minutes", (N, "45")]],
    "log checkin": [["--hours", (N, "1.5")], ["--topic", (T, "caching")], ["--confidence", (N, "3")],
                    ["--energy", (N, "4")], ["--insight", (T, "went fine")]],
    "log ratings": [(T, "story_clarity=3"), ["--week", (N, "1")]],
    "log notes": [["--win", (T, "shipped")], ["--challenge", (T, "time")], ["--focus", (T, "design")],
                  ["--week", (N, "1")]],
    "log list": [["--week", (N, "1")], ["--kind", (T, "coding")]],
    "log edit": [(N, "1"), (T, "minutes=40")],
    "log delete": [(N, "1")],
    "story add": [["--title", (T, "Hiring bar")], ["--lp", (T, "hire-and-develop-the-best")],
                  ["--also", (T, "ownership")], ["--level", "L6"],
                  ["--situation", (T, "Interview quality varied across the four teams I ran.")],
                  ["--task", (T, "I owned raising the bar within a quarter.")],
                  ["--action", (T, "I rewrote the loop and I trained twelve interviewers.")],
                  ["--result", (T, "Offer acceptance rose from 60% to 85%.")]],
    "story show": [(N, "1")],
    "story check": [(N, "1"), ["--wpm", (N, "150")]],
    "story match": [(T, "Tell me about a time you disagreed with your manager"), ["--limit", (N, "3")]],
    "story export": [(P, "{tmp}/stories"), ["--format", "md"]],
    "story import": [(P, "{tmp}/story.md")],
    "story coverage": [],
    "story list": [],
    "review": [["--list"], ["--limit", (N, "5")], ["--day-start", (N, "4")]],
    "checkpoint record": [(N, "1"), ["--part", (T, "1A=80")], ["--part", "1B=22"], ["--part", "1C=70"],
                          ["--part", "1D=90"]],
    "interview outcome": [(C, "waiting"), ["--note", (T, "went well")]],
    "mock kit": [(C, "behavioral"), ["--out", (P, "{tmp}/kit.md")]],
    "mock import-feedback": [(P, "{tmp}/feedback.md")],
    "mock list": [],
    "delivery": [(N, "1")],
    "analyze": [(P, "{tmp}/answer.txt"), ["--story", (N, "1")], ["--duration", (T, "2:00")], ["--no-save"]],
    "export": [["--format", "json"], (P, "{tmp}/export")],
    "import": [(P, "{tmp}/export.json")],                    # into a new, empty home each time (PREFIX)
    "assess": [["--answers", (P, "{tmp}/quiz.json")]],
    "content list": [["--type", (T, "system_design")]],
    "content lint": [(P, "{tmp}/page.md")],
    "content new": [(C, "system_design"), (T, "my-design"), ["--dir", (P, "{tmp}/content")]],
    "model install": [(P, "{tmp}/tiny-whisper"), ["--json"]],   # a folder: copied, nothing downloaded
    "model status": [["--json"]],
    "model remove": [["--json"]],
}

VALUES = {N: NUMBERS, T: TEXTS, D: DATES, P: PATHS, C: CHOICES}
PREFIX = {"import": ["--home", "{tmp}/import-home-{uniq}"]}     # global options before the command words
ON_DAY = {"adapt": "2026-12-09", "interview outcome": "2027-02-16"}


def _render(slots, tmp: Path, replace_at: int | None = None, value: str | None = None) -> list[str]:
    out: list[str] = []
    i = 0
    for slot in slots:
        items = slot if isinstance(slot, list) else [slot]
        for item in items:
            if isinstance(item, tuple):
                text = value if i == replace_at else item[1]
                out.append(text.replace("{tmp}", str(tmp)) if text is not None else "")
                i += 1
            else:
                out.append(item)
    return out


def _slots(slots) -> list[str]:
    kinds = []
    for slot in slots:
        for item in slot if isinstance(slot, list) else [slot]:
            if isinstance(item, tuple):
                kinds.append(item[0])
    return kinds


def cases(tmp: Path, per_kind: int | None = None) -> list[Case]:
    """Every command's baseline, then each slot replaced by each hostile value (the first `per_kind`)."""
    out = []
    for command, slots in BASE.items():
        words = command.split()

        def prefix() -> list[str]:
            return [w.replace("{tmp}", str(tmp)).replace("{uniq}", str(len(out))) for w in PREFIX.get(command, [])]
        out.append(Case(tuple(prefix() + words + _render(slots, tmp)), f"{command} (baseline)", ON_DAY.get(command)))
        for i, kind in enumerate(_slots(slots)):
            for v in VALUES[kind][:per_kind]:
                out.append(Case(tuple(prefix() + words + _render(slots, tmp, i, v)),
                                f"{command} slot {i} = {v[:30]!r}", ON_DAY.get(command)))
    return out


@dataclass
class Outcome:
    case: Case
    code: int
    stderr: str
    stdout: str = ""

    @property
    def finding(self) -> str | None:
        lines = [ln for ln in self.stderr.splitlines() if ln.strip()]
        if self.code == 70 or "Traceback" in self.stderr:
            return "exit 70 / traceback"
        if self.code not in (0, 1, 2, 130):
            return f"exit {self.code}"
        if self.code and (len(lines) > 1 or not lines and not self.stdout.strip()):
            return f"{len(lines)} lines on stderr"      # (content lint reports its findings on stdout)
        return None


def _files(tmp: Path) -> None:
    (tmp / "answer.txt").write_text("I led the migration and we cut costs by forty percent in one quarter. " * 4)
    (tmp / "feedback.md").write_text("not a feedback form\n")
    (tmp / "page.md").write_text("# A page\n\nNo front matter.\n")
    from tests.conftest import ANSWERS
    (tmp / "quiz.json").write_text(json.dumps(ANSWERS))
    (tmp / "content").mkdir(exist_ok=True)
    if not (tmp / "tiny-whisper").exists():
        shutil.copytree(Path(__file__).parents[1] / "fixtures" / "tiny-whisper", tmp / "tiny-whisper")
    from systemcraft.domain.stories import Story
    from systemcraft.services import story_markdown
    (tmp / "story.md").write_text(story_markdown.render(Story(
        id=None, title="Imported story", primary_lp="ownership", secondary_lps=(), level="L6",
        situation="Our on-call load doubled in a quarter.", task="I owned bringing pages down by half.",
        action="I ran a weekly review of every page and I cut the noisy alerts.",
        result="Pages fell from 120 to 45 a month within two quarters.")))


def make_home(root: Path) -> Path:
    """An onboarded home with a story, a coding entry and a mock to act on."""
    home = root / "home"
    tmp = root / "files"
    tmp.mkdir(parents=True, exist_ok=True)
    _files(tmp)
    env = {"SYSTEMCRAFT_HOME": str(home), "SYSTEMCRAFT_TODAY": TODAY, "TZ": "Europe/London"}
    steps = [["init", "--name", "Sweep Candidate", "--role", "manager", "--years", "10", "--engineers", "9",
              "--interview", "2027-02-15", "--hours", "10", "--answers", str(tmp / "quiz.json")],
             ["story", "add"] + _render(BASE["story add"], tmp),
             ["log", "coding"] + _render(BASE["log coding"], tmp),
             ["analyze", str(tmp / "answer.txt"), "--story", "1", "--duration", "2:00"],
             ["mock", "kit", "behavioral", "--out", str(tmp / "feedback.md")],
             ["export", "--format", "json", str(tmp / "seed-export")]]
    for argv in steps:
        code, err = run(argv, env)
        if code != 0:
            raise RuntimeError(f"setting up the sweep home failed at {argv[:2]}: {err}")
    form = (tmp / "feedback.md").read_text()           # the interviewer fills in the kit's form
    form = form.replace(": 0\n", ": 3\n").replace('interviewer: ""', 'interviewer: "Pat"')
    (tmp / "feedback.md").write_text(form)
    exported = sorted((tmp / "seed-export").glob("*.json"))
    shutil.copy(exported[0], tmp / "export.json")          # what `import` is given as its valid baseline
    return home


@contextlib.contextmanager
def _environ(env: dict[str, str]):
    old = dict(os.environ)
    os.environ.update(env)
    os.environ.pop("SYSTEMCRAFT_DB", None)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(old)


def run(argv: list[str], env: dict[str, str]) -> tuple[int, str]:
    code, _out, err = run_full(argv, env)
    return code, err


def run_full(argv: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """The installed command's `main()` in this process, stdin empty, output captured."""
    from systemcraft.cli.main import main
    out, err = io.StringIO(), io.StringIO()
    stdin = io.StringIO("")
    code = 0
    with _environ({**env, "EDITOR": "false", "VISUAL": "false", "COLUMNS": "100"}), \
            contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        saved_stdin, sys.stdin = sys.stdin, stdin
        try:
            main(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException as exc:      # an escape past main() is itself a finding
            err.write(f"Traceback: {type(exc).__name__}: {exc}\n")
            code = 70
        finally:
            sys.stdin = saved_stdin
    return code, out.getvalue(), err.getvalue()


def sweep(root: Path, per_kind: int | None = None) -> list[Outcome]:
    home = make_home(root)
    tmp = root / "files"
    env = {"SYSTEMCRAFT_HOME": str(home), "SYSTEMCRAFT_TODAY": TODAY, "TZ": "Europe/London"}
    results = []
    here = os.getcwd()
    os.chdir(tmp)                        # relative hostile paths ('-', '~') land in the sweep's folder
    try:
        for case in cases(tmp, per_kind):
            code, out, err = run_full(list(case.argv), {**env, "SYSTEMCRAFT_TODAY": case.today or TODAY})
            results.append(Outcome(case, code, err, out))
    finally:
        os.chdir(here)
    return results


def main_cli() -> int:
    every = "--all" in sys.argv
    with tempfile.TemporaryDirectory(prefix="sc-sweep-") as d:
        results = sweep(Path(d), None if every else 3)
    findings = [r for r in results if r.finding]
    codes: dict[int, int] = {}
    for r in results:
        codes[r.code] = codes.get(r.code, 0) + 1
    print(f"{len(results)} invocations over {len(BASE)} commands; exit codes {dict(sorted(codes.items()))}; "
          f"findings {len(findings)}")
    broken = [r for r in results if r.case.what.endswith("(baseline)") and r.code != 0]
    for r in broken:
        print(f"  baseline exits {r.code}: {r.case.what}: {r.stderr.strip()[:200]}")
    for r in findings[:50]:
        print(f"  {r.finding}: {r.case.what}: {r.stderr.strip()[:200]}")
    return 1 if findings else 0


if __name__ == "__main__":
    raise SystemExit(main_cli())
