"""Fuzz every reader of user files (issue 14 §10): transcripts (WebVTT, SRT, plain text, Whisper-style JSON,
all the way through the analysis), story Markdown and page front matter (with the linter), story CSV, the
JSON export (read_export: read_json + validate), feedback forms, and the YAML and JSON loaders under them.

Each input must either give a value or be refused with the product's InputError/DataError (for a
transcript's duration, the domain's TranscriptError, which every caller turns into a one-line message).
Anything else — a KeyError, a RecursionError, a MemoryError, an input that takes more than PER_INPUT_SECONDS
— is a failure, reported with the input that caused it.

Every reader runs in a child process with its address space capped (CHILD_MEMORY), so a memory bomb ends
as a MemoryError in the report instead of taking the machine down, and the child's peak memory is checked.

    short run (every `pytest`):  SHORT_EXAMPLES inputs per reader, from a fixed seed (reproducible)
    long run:                    SYSTEMCRAFT_FUZZ_LONG=1 pytest tests/hostile/test_fuzz_readers.py -s
                                 LONG_EXAMPLES inputs per reader (≥ 100,000 in all), from a random seed
                                 (SYSTEMCRAFT_FUZZ_SEED=N replays one); SYSTEMCRAFT_FUZZ_EXAMPLES=N sets any count
The figures (inputs, refused, accepted, inputs/s, slowest input, peak memory) are printed with -s.
"""

from __future__ import annotations

import gc
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHORT_EXAMPLES = 300
LONG_EXAMPLES = 15_000               # × 8 readers = 120,000 inputs
BATCH = 250                          # inputs per hypothesis run (its memory grows with the run's length)
PER_INPUT_SECONDS = float(os.environ.get("SYSTEMCRAFT_FUZZ_INPUT_SECONDS", 20))   # a hang guard, far above any real input's time (milliseconds)
CHILD_MEMORY = 3 * 1024 ** 3         # address space of a fuzzing child: a bomb raises MemoryError instead
PEAK_RSS_MB = 300                    # the child's peak resident memory, imports and hypothesis included
# hypothesis builds its Unicode tables once per storage folder (200 MB and a second): share one, outside the repo
HYPOTHESIS_ENV = {"HYPOTHESIS_STORAGE_DIRECTORY": str(Path(tempfile.gettempdir()) / "systemcraft-fuzz-hypothesis")}
LONG = os.environ.get("SYSTEMCRAFT_FUZZ_LONG", "") not in ("", "0")
READERS = ("transcript", "story_markdown", "front_matter_lint", "story_csv", "export_json", "feedback_form",
           "yaml_loader", "json_loader")


# ---------------------------------------------------------------- strategies (built in the child)

def _strategies():
    from hypothesis import strategies as st

    nasty = st.sampled_from([
        "", " ", "\t", "\x00", "\x07", "\x1b[31m", "\ufeff", "\u2028", "\u202e", "\ud7ff", "\uffff", "😀", "é",
        "[/]", "[red]", "<v Bob>", "</v>", "<i>", "&amp;", "&#0;", "-->", "--", "---", "...", "#", "##", "## ",
        "```", "~~~", "    ", "|", "'", '"', "\\", "{", "}", "[", "]", "&a", "*a", "!!", "!!python/object", "<<",
        "%YAML 1.1", "? ", ": ", "- ", "012", "0x1F", "0o17", "1_000", "1:30", "1e999", "-0", ".nan", ".inf", "NaN",
        "Infinity", "9" * 40, "9" * 5000, "yes", "NO", "on", "~", "null", "2025-02-30", "2025-06-30",
        "99999999:00:00.000", "00:00:00.000", "1,200", "=1+1", "@SUM(A1)", "+1", "-1", "\r", "\r\n",
    ])
    word = st.one_of(nasty, st.text(max_size=12), st.sampled_from(
        ["um", "uh", "like", "so", "I", "we", "led", "30%", "$2M", "team", "Situation:", "Result:", "[S]", "[R]"]))
    line = st.lists(word, max_size=12).map(" ".join)
    lines = st.lists(line, max_size=8).map("\n".join)

    def big(s: str, n: int) -> str:
        return s * n

    bombs = st.sampled_from([
        big("[", 10_000) + big("]", 10_000), big("{\"a\":", 5000) + "1" + big("}", 5000), big("- ", 5000) + "x",
        big(">", 5000) + " x", big("  ", 20_000) + "x", big("|", 50_000), big("*", 50_000), big("\n", 50_000),
        "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n",
        big("x", 300_000),
    ])

    def encode(draw, text: str) -> bytes:
        how = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
                                    "latin-1", "utf-32"]))
        newline = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
        text = text.replace("\n", newline)
        data = text.encode(how, errors="replace") if how != "latin-1" else text.encode("latin-1", errors="replace")
        if how == "utf-16-be" and draw(st.booleans()):
            data = b"\xfe\xff" + data
        flips = draw(st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), max_size=3)) \
            if draw(st.integers(0, 3)) == 0 else []
        if flips and data:
            raw = bytearray(data)
            for at, b in flips:
                raw[at % len(raw)] = b
            data = bytes(raw)
        if draw(st.integers(0, 9)) == 0 and data:
            data = data[: draw(st.integers(0, len(data)))]       # a truncated file
        return data

    # ---- transcripts
    def stamp(draw, sep: str) -> str:
        if draw(st.integers(0, 7)) == 0:
            return draw(st.one_of(nasty, st.text(max_size=15)))
        h = draw(st.one_of(st.integers(0, 2), st.integers(0, 10 ** 10)))
        m, s, ms = draw(st.integers(0, 99)), draw(st.integers(0, 99)), draw(st.integers(0, 9999))
        hours = f"{h:02d}:" if draw(st.booleans()) or h else ""
        return f"{hours}{m:02d}:{s:02d}{sep}{ms:03d}"

    fixtures = {p.name: p.read_text() for p in (ROOT / "tests" / "fixtures" / "delivery").iterdir()
                if p.suffix in (".vtt", ".srt", ".json", ".txt") and p.stat().st_size < 5000}

    @st.composite
    def transcript(draw):
        kind = draw(st.sampled_from(["vtt", "srt", "json", "text", "raw", "fixture", "fixture"]))
        if kind == "fixture":
            name = draw(st.sampled_from(sorted(fixtures)))
            duration = "2:30" if name.endswith(".txt") else draw(st.sampled_from([None, None, "2:30"]))
            return encode(draw, draw(mutated(fixtures[name]))), name, None, duration
        name = draw(st.sampled_from(["a.vtt", "a.srt", "a.json", "a.txt", "a", "a.VTT", "a.webvtt", "a.mp3"]))
        fmt = draw(st.sampled_from([None, None, None, "vtt", "srt", "json", "text", "bogus"]))
        duration = draw(st.sampled_from([None, None, "2:30", "150", "0", "-1", "99:99", "1e9", "nan", "6:00:01",
                                          "1:02:30", "90s", "", "abc"]))
        if kind == "vtt":
            cues = []
            for i in range(draw(st.integers(0, 12))):
                ident = f"{i}\n" if draw(st.booleans()) else ""
                cues.append(f"{ident}{stamp(draw, '.')} --> {stamp(draw, '.')}\n{draw(lines)}")
            text = draw(st.sampled_from(["WEBVTT", "WEBVTT - x", "\ufeffWEBVTT", "WEBVT", "WEBVTT\nKind: captions"])) + \
                "\n\n" + "\n\n".join(cues)
        elif kind == "srt":
            text = "\n\n".join(f"{draw(st.one_of(st.integers(-2, 10 ** 6).map(str), nasty))}\n"
                               f"{stamp(draw, ',')} --> {stamp(draw, ',')}\n{draw(lines)}"
                               for _ in range(draw(st.integers(0, 12))))
        elif kind == "json":
            num = st.one_of(st.integers(-10, 10 ** 6), st.floats(allow_nan=True, allow_infinity=True),
                            st.integers(-(2 ** 70), 2 ** 70), st.text(max_size=5), st.none(), st.booleans())
            words = st.lists(st.fixed_dictionaries({"word": st.one_of(word, st.integers()), "start": num, "end": num}),
                             max_size=6)
            seg = st.fixed_dictionaries({"start": num, "end": num, "text": st.one_of(line, st.integers(), st.none())},
                                        optional={"speaker": st.one_of(word, st.integers()), "words": words})
            value = draw(st.one_of(st.lists(seg, max_size=10), st.fixed_dictionaries({"segments": st.lists(seg, max_size=10)}),
                                   st.recursive(st.one_of(st.none(), st.booleans(), num, word),
                                                lambda c: st.lists(c, max_size=4) | st.dictionaries(word, c, max_size=4),
                                                max_leaves=20)))
            text = json.dumps(value, allow_nan=True)
            if draw(st.integers(0, 5)) == 0:
                text = draw(bombs)
        elif kind == "text":
            text = draw(lines)
        else:
            text = draw(st.one_of(lines, bombs))
        return encode(draw, text), name, fmt, duration

    # ---- YAML fragments, front matter, story Markdown
    scalar = st.one_of(nasty, word, st.integers(-(10 ** 40), 10 ** 40).map(str), st.floats().map(repr),
                       st.dates().map(str), st.text(max_size=30).map(json.dumps))
    yaml_value = st.recursive(scalar, lambda c: st.one_of(
        st.lists(c, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(st.tuples(word, c), max_size=3).map(lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"),
        c.map(lambda v: "&a " + v), c.map(lambda v: "!!str " + v), st.just("*a"),
        st.lists(c, max_size=3).map(lambda xs: "".join("\n  - " + x for x in xs)),
        c.map(lambda v: "|\n  " + v)), max_leaves=12)

    @st.composite
    def mutated(draw, base: str):
        """A real, valid document with 0–4 line edits: most inputs reach the deep checks."""
        rows = base.split("\n")
        for _ in range(draw(st.sampled_from([0, 0, 1, 1, 1, 2, 3, 4]))):
            op = draw(st.sampled_from(["value", "value", "replace", "insert", "delete", "dup", "swap", "cut"]))
            i = draw(st.integers(0, max(len(rows) - 1, 0)))
            if not rows:
                rows.append(draw(line))
            elif op == "value" and ":" in rows[i]:
                rows[i] = rows[i].split(":", 1)[0] + ": " + draw(st.one_of(yaml_value, line))
            elif op == "value" and "-->" in rows[i]:
                rows[i] = f"{stamp(draw, '.')} --> {stamp(draw, draw(st.sampled_from(['.', ','])))}"
            elif op in ("value", "replace"):
                rows[i] = draw(st.one_of(line, yaml_value, nasty))
            elif op == "insert":
                rows.insert(i, draw(st.one_of(line, yaml_value, nasty, bombs)))
            elif op == "delete":
                del rows[i]
            elif op == "dup":
                rows.insert(i, rows[i])
            elif op == "swap":
                j = draw(st.integers(0, len(rows) - 1))
                rows[i], rows[j] = rows[j], rows[i]
            else:
                rows[i] = rows[i][: draw(st.integers(0, len(rows[i])))]
        return "\n".join(rows)

    def front_matter(keys):
        pairs = st.lists(st.tuples(st.one_of(st.sampled_from(keys), word), st.one_of(yaml_value, bombs)), max_size=12)
        return pairs.map(lambda kv: "\n".join(f"{k}: {v}" for k, v in kv))

    story_keys = ["title", "primary_lp", "secondary_lps", "level", "status", "team_size", "period", "happened",
                  "failure"]
    page_keys = ["title", "summary", "type", "audience", "difficulty", "estimated_time", "tags", "lps",
                 "last_updated", "status", "id", "pattern", "level"]
    headings = ["Situation", "Task", "Action", "Result", "Metrics", "Obstacles", "Lessons", "30-second version",
                "2-minute version", "Follow-ups", "SITUATION", "Sitaution", "The question", "What is evaluated",
                "A strong answer", "Red flags", "Follow-up probes", "L6 and L7 expectations", "Problems"]
    good_story = ("title: Cut deploy time\nprimary_lp: ownership\nsecondary_lps: [dive-deep]\nlevel: L6\n"
                  "status: draft\nteam_size: 012\nhappened: 2025-06-30\nfailure: false")

    from systemcraft.domain.stories import FollowUp, Story
    from systemcraft.services.story_markdown import render
    story_text = render(Story(title="Cut deploy time", primary_lp="ownership", secondary_lps=("dive-deep",),
                              situation="Deploys took three hours and failed weekly.", task="Halve the time.",
                              action="I split the pipeline and I added canaries.", result="45 minutes; 0 rollbacks.",
                              metrics="75% faster", lessons="Measure first.", team_size=12,
                              followups=(FollowUp("Why you?", "I owned the pipeline."),)))
    page_text = (ROOT / "systemcraft" / "content" / "pack" / "behavioral" / "have-backbone-1.md").read_text()

    @st.composite
    def markdown_doc(draw, keys, good):
        if draw(st.booleans()):
            return encode(draw, draw(mutated(story_text if "primary_lp" in keys else page_text)))
        front = draw(st.one_of(st.just(good), front_matter(keys), front_matter(keys).map(lambda f: good + "\n" + f)))
        parts = []
        for _ in range(draw(st.integers(0, 10))):
            h = draw(st.one_of(st.sampled_from(headings), word))
            style = draw(st.sampled_from(["atx", "atx", "setext", "fenced", "quoted", "indented"]))
            body = draw(st.one_of(lines, st.just("- Q: why?\n  A: because"), st.just("| a | b |\n|---|---|\n| 1 | 2 |")))
            parts.append({"atx": f"## {h}\n\n{body}", "setext": f"{h}\n---\n\n{body}",
                          "fenced": f"```\n## {h}\n```\n{body}", "quoted": f"> ## {h}\n{body}",
                          "indented": f"    ## {h}\n\n{body}"}[style])
        opening = draw(st.sampled_from(["---\n", "---\n", "--- \n", "", "\ufeff---\n", "---"]))
        closing = draw(st.sampled_from(["\n---\n", "\n---\n", "\n", "\n--- \n", "\n...\n"]))
        return encode(draw, opening + front + closing + "\n\n".join(parts))

    # ---- CSV
    headers = ["Title", "Situation", "Task", "Action", "Result", "Primary LP", "Secondary LPs", "Level", "Status",
               "Team size", "Period", "Metrics", "Obstacles", "Lessons", "S", "T", "A", "R", "LP"]
    cell = st.one_of(word, line, st.sampled_from(["ownership", "Dive Deep", "earn-trust; think big", "1,200",
                                                  "1.5", "'=1+1", '"quoted, cell"', 'a"b', "x" * 140_000]))

    good_csv = ("Title,Situation,Task,Action,Result,Primary LP,Secondary LPs,Team size,Level,Status\n"
                "Cut deploy time,Deploys took 3 hours,Halve it,I split the pipeline,45 minutes,Ownership,"
                "Dive Deep; Earn Trust,\"1,200\",L6,draft\n"
                "Hiring bar,Interviews varied,Raise the bar,I trained the panel,Offers up 20%,hire-and-develop-the-best,,"
                "9,L7,ready\n")

    @st.composite
    def csv_doc(draw):
        if draw(st.booleans()):
            return encode(draw, draw(mutated(good_csv)))
        import csv as _csv
        import io as _io
        cols = draw(st.lists(st.one_of(st.sampled_from(headers), word), min_size=0, max_size=16))
        buf = _io.StringIO()
        delim = draw(st.sampled_from([",", ";", "\t", "|"]))
        w = _csv.writer(buf, delimiter=delim, lineterminator="\n")
        w.writerow(cols)
        for _ in range(draw(st.integers(0, 6))):
            w.writerow(draw(st.lists(cell, max_size=len(cols) + 2)))
        text = buf.getvalue()
        if draw(st.integers(0, 6)) == 0:
            text = text.replace('"', "", draw(st.integers(1, 3)))      # unbalanced quotes
        return encode(draw, text)

    # ---- feedback forms
    dims = ["LP demonstration", "STAR structure", "Management competency", "System design", "Coding",
            "Technical communication", "Strategic thinking"]

    good_form = ("# kit\n\n## Feedback form\n\nFill in the block below.\n\n```yaml\nformat: behavioral\nlevel: L6\n"
                 "persona: collaborator\ninterviewer: \"Jo\"\nscores:\n  LP demonstration: 4\n  STAR structure: 3\n"
                 "  Management competency: 5\nevidence:\n  LP demonstration: \"clear\"\n  STAR structure: \"\"\n"
                 "  Management competency: \"\"\nrecommendation: 4\nstrengths: [calm]\nimprovements: []\n"
                 "questions:\n  - o-1\n```\n")

    @st.composite
    def feedback(draw):
        if draw(st.booleans()):
            return encode(draw, draw(mutated(good_form)))
        fmt = draw(st.sampled_from(["behavioral", "system_design", "coding", "bar_raiser", "full_loop",
                                    "technical", "karaoke"]))
        level = draw(st.sampled_from(["L6", "L7", "L5"]))
        scores = "".join(f"\n  {d}: {draw(st.one_of(st.integers(0, 6).map(str), scalar))}"
                         for d in draw(st.lists(st.sampled_from(dims), max_size=7)))
        rows = [f"format: {fmt}", f"level: {level}", "persona: " + draw(st.sampled_from(["collaborator", "skeptic", "x"])),
                "scores:" + (scores or " {}"), "recommendation: " + draw(st.one_of(st.integers(0, 6).map(str), scalar)),
                "strengths: " + draw(yaml_value), "questions:\n  - o-1"]
        rows = draw(st.permutations(rows))
        extra = draw(front_matter(["evidence", "improvements", "interviewer", "scores", "mood"]))
        block = "\n".join(rows) + ("\n" + extra if extra else "")
        if draw(st.integers(0, 5)) == 0:
            block = draw(st.one_of(yaml_value, bombs))
        heading = draw(st.sampled_from(["## Feedback form", "## Feedback form", "Feedback form\n---", "# Feedback form",
                                        "```\n## Feedback form\n```"]))
        fence = draw(st.sampled_from(["```yaml", "```yaml", "~~~yaml", "```", "```yml"]))
        return encode(draw, f"# kit\n\n{heading}\n\nFill in.\n\n{fence}\n{block}\n```\n")

    # ---- JSON export: a real export with one value changed, removed or added
    json_value = st.recursive(
        st.one_of(st.none(), st.booleans(), st.integers(-(2 ** 70), 2 ** 70), st.floats(allow_nan=True),
                  word, st.sampled_from(["2026-11-23", "9999-12-31", "2026-02-30", "../../etc/passwd", "99:99",
                                         "garbage", "Europe/London", "L6", "done"])),
        lambda c: st.lists(c, max_size=4) | st.dictionaries(word, c, max_size=4), max_leaves=15)

    @st.composite
    def export_doc(draw, base: dict):
        import copy
        data = copy.deepcopy(base)
        for _ in range(draw(st.integers(1, 4))):
            node, key = None, None
            cur = data
            for _ in range(draw(st.integers(0, 4))):
                if isinstance(cur, dict) and cur:
                    node, key = cur, draw(st.sampled_from(sorted(cur)))
                elif isinstance(cur, list) and cur:
                    node, key = cur, draw(st.integers(0, len(cur) - 1))
                else:
                    break
                cur = node[key]
            op = draw(st.sampled_from(["set", "set", "set", "delete", "add"]))
            if node is None:
                if op == "add":
                    data[draw(word)] = draw(json_value)
                continue
            if op == "set":
                node[key] = draw(json_value)
            elif op == "delete":
                del node[key]
            elif isinstance(node, dict):
                node[draw(word)] = draw(json_value)
            else:
                node.append(draw(json_value))
        text = json.dumps(data, allow_nan=True)
        if draw(st.integers(0, 12)) == 0:
            text = draw(bombs)
        return encode(draw, text)

    return SimpleNamespace(transcript=transcript(), markdown_doc=markdown_doc, story_keys=story_keys,
                           page_keys=page_keys, good_story=good_story, csv_doc=csv_doc(), feedback=feedback(),
                           export_doc=export_doc, yaml_text=st.one_of(front_matter(story_keys), yaml_value, bombs,
                                                                      st.text()),
                           json_text=st.one_of(json_value.map(lambda v: json.dumps(v, allow_nan=True)), bombs,
                                               st.text()))


# ---------------------------------------------------------------- targets (each reader's product entry point)

def _baseline_export(workdir: Path) -> dict:
    """A real export of a home with a plan, a story, a partner's mock and a delivery analysis."""
    from systemcraft.environment import Environment
    from systemcraft.services import delivery, story_csv
    from tests.conftest import TODAY, onboarded
    home = workdir / "home"
    env = Environment(home=home, db_url=f"sqlite:///{home / 'systemcraft.db'}", today=TODAY,
                      timezone="Europe/London", clock_fixed=True)
    coach = onboarded(env)
    csv_text = ("Title,Situation,Task,Action,Result,Primary LP,Team size\n"
                "Cut deploy time,Deploys took 3 hours,Halve it,I split the pipeline,45 minutes,ownership,12\n")
    for story in story_csv.read(csv_text.encode(), "s.csv").stories:
        coach.add_story(story)
    kit = workdir / "kit.md"
    kit.write_text("## Feedback form\n\n```yaml\nformat: behavioral\nlevel: L6\nscores:\n  LP demonstration: 4\n"
                   "  STAR structure: 3\n  Management competency: 4\nrecommendation: 4\nstrengths: [calm]\n```\n")
    coach.import_mock_feedback(kit)
    vtt = b"WEBVTT\n\n00:00.000 --> 00:05.000\nSo um I led the team and we cut costs by 30%.\n"
    delivery.analyse(coach.ctx, delivery.read_upload(vtt, "a.vtt", None, None), "a.vtt")
    path = coach.export_all(workdir / "out", "json")[0]
    coach.close()
    data = json.loads(path.read_text())
    for key, rows in data.items():              # a few rows of each table keep every input small
        if isinstance(rows, list):
            data[key] = rows[:3]
    return data


def _targets(workdir: Path):
    from systemcraft import yamlsafe
    from systemcraft.content import lint
    from systemcraft.domain.transcript import TranscriptError
    from systemcraft.exports.files import decode_text, loads_json
    from systemcraft.services import delivery, mockrun, story_csv, story_markdown, transfer
    from systemcraft.transcripts import readers
    stub_coach = SimpleNamespace(has_database=lambda: False, env=SimpleNamespace(today=date(2026, 11, 23)))

    def transcript(args):
        data, name, fmt, duration = args
        seconds = None
        if duration is not None:
            try:
                seconds = readers.parse_duration(duration)
            except TranscriptError:     # the CLI and the web turn it into a one-line message
                return "refused"
        t = delivery.read_upload(data, name, fmt, seconds)
        return delivery.analyse(stub_coach, t, name, save=False)

    def story_md(data):
        return story_markdown.parse(decode_text(data, "story.md"), "story.md")

    def page_lint(data):
        text = decode_text(data, "page.md")
        findings = lint.lint_text(text, "page.md", workdir)
        for f in findings:        # a finding is one line of output: "path:line: severity RULE message"
            assert f.line >= 1 and f.rule in lint.RULES and "\n" not in str(f) and "\r" not in str(f), f
        return findings

    export_file = workdir / "export.json"

    def export(data):
        export_file.write_bytes(data)
        return transfer.read_export(export_file)

    return {
        "transcript": transcript,
        "story_markdown": story_md,
        "front_matter_lint": page_lint,
        "story_csv": lambda data: story_csv.read(data, "stories.csv"),
        "export_json": export,
        "feedback_form": lambda data: mockrun.read_feedback(decode_text(data, "f.md"), "f.md"),
        "yaml_loader": lambda text: yamlsafe.load(text, first_line=2),
        "json_loader": lambda text: loads_json(text, "the file"),
    }


def _short(value, limit: int = 20_000) -> str:
    """repr of an input, each string or bytes in it cut to `limit` (a 300 KB input is shown by its start)."""
    if isinstance(value, tuple):
        return "(" + ", ".join(_short(v, limit) for v in value) + ")"
    if isinstance(value, (str, bytes)) and len(value) > limit:
        return f"{value[:limit]!r}…({len(value):,} in all)"
    return repr(value)


class _Hang(Exception):
    pass


def run_reader(reader: str, examples: int, seed: int) -> dict:
    """Fuzz one reader in this process; return the figures and the failures (never raises for them)."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed

    from systemcraft.errors import DataError, InputError
    workdir = Path(tempfile.mkdtemp(prefix=f"fuzz-{reader}-"))
    strategies = _strategies()
    targets = _targets(workdir)
    strategy = {
        "transcript": strategies.transcript,
        "story_markdown": strategies.markdown_doc(strategies.story_keys, strategies.good_story),
        "front_matter_lint": strategies.markdown_doc(strategies.page_keys, "title: A page\ntype: behavioral"),
        "story_csv": strategies.csv_doc,
        "export_json": strategies.export_doc(_baseline_export(workdir)) if reader == "export_json" else None,
        "feedback_form": strategies.feedback,
        "yaml_loader": strategies.yaml_text,
        "json_loader": strategies.json_text,
    }[reader]
    target = targets[reader]
    stats = {"reader": reader, "seed": seed, "inputs": 0, "accepted": 0, "refused": 0, "failures": [],
             "failure_count": 0, "slowest_s": 0.0, "slowest_input": ""}
    current = os.open(workdir / "current-input", os.O_WRONLY | os.O_CREAT, 0o600)   # for a child that hangs

    def on_alarm(signum, frame):
        raise _Hang(f"no answer within {PER_INPUT_SECONDS} s")

    signal.signal(signal.SIGALRM, on_alarm)

    keep = os.environ.get("SYSTEMCRAFT_FUZZ_FINDINGS")       # a folder to keep every failing input in, whole

    def failure(error: str, value) -> None:
        stats["failure_count"] += 1
        if len(stats["failures"]) < 10:
            stats["failures"].append({"error": error, "input": _short(value)[:600]})
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            Path(keep, f"{reader}-{seed}-{stats['failure_count']}.txt").write_text(
                f"{error}\n{_short(value, 10 ** 7)}\n", encoding="utf-8", errors="backslashreplace")

    def check(value):
        stats["inputs"] += 1
        shown = _short(value).encode("utf-8", "backslashreplace")
        os.pwrite(current, shown, 0)
        os.ftruncate(current, len(shown))
        t0 = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, PER_INPUT_SECONDS)
        try:
            target(value)
            stats["accepted"] += 1
        except (InputError, DataError) as exc:
            if "\n" in exc.message.strip() or "\r" in exc.message.strip():    # a message is one line, always
                failure(f"a message of several lines: {exc.message[:300]!r}", value)
            else:
                stats["refused"] += 1
        except BaseException as exc:                                      # noqa: BLE001 - every other outcome is a finding
            if isinstance(exc, KeyboardInterrupt):
                raise
            failure(f"{type(exc).__name__}: {str(exc).splitlines()[0][:300] if str(exc).strip() else ''}", value)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            took = time.perf_counter() - t0
            if took > stats["slowest_s"]:
                stats["slowest_s"], stats["slowest_input"] = round(took, 3), _short(value)[:200]

    def batch(number: int, size: int):
        @hseed(seed + number)
        @settings(max_examples=size, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck), print_blob=False)
        @given(strategy)
        def fuzz(value):
            check(value)
        fuzz()

    t0 = time.perf_counter()
    done = 0
    while done < examples:            # hypothesis keeps every run's choices: fresh runs of BATCH keep memory flat
        size = min(BATCH, examples - done)
        batch(done // BATCH, size)
        done += size
        gc.collect()
    stats["seconds"] = round(time.perf_counter() - t0, 1)
    os.close(current)
    shutil.rmtree(workdir, ignore_errors=True)          # kept only when the child hangs (for its last input)
    stats["inputs_per_s"] = round(stats["inputs"] / max(stats["seconds"], 0.001), 1)
    stats["peak_rss_mb"] = round(peak_rss_kb() / 1024, 1)
    return stats


def peak_rss_kb() -> int:
    """This process's peak resident memory since its exec (VmHWM). Not ru_maxrss: Linux carries that over
    exec from the forking parent, so a child of a 250 MB pytest would report 250 MB whatever it did."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_MEMORY, CHILD_MEMORY))


def _examples() -> int:
    if os.environ.get("SYSTEMCRAFT_FUZZ_EXAMPLES"):
        return int(os.environ["SYSTEMCRAFT_FUZZ_EXAMPLES"])
    return LONG_EXAMPLES if LONG else SHORT_EXAMPLES


def _seed() -> int:
    if os.environ.get("SYSTEMCRAFT_FUZZ_SEED"):
        return int(os.environ["SYSTEMCRAFT_FUZZ_SEED"])
    return random.SystemRandom().randrange(2 ** 32) if LONG else 14


@pytest.mark.parametrize("reader", READERS)
def test_every_input_is_read_or_refused_in_one_line(reader, tmp_path):
    examples, seed = _examples(), _seed()
    out = tmp_path / "report.json"
    code = (f"import json, sys; sys.path.insert(0, {str(ROOT)!r}); "
            f"from tests.hostile.test_fuzz_readers import run_reader; "
            f"open({str(out)!r}, 'w').write(json.dumps(run_reader({reader!r}, {examples}, {seed})))")
    budget = 60 + examples * 0.5
    try:
        proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                              timeout=budget, preexec_fn=_cap_memory, env={**os.environ, **HYPOTHESIS_ENV})
    except subprocess.TimeoutExpired:
        stuck = sorted(Path(tempfile.gettempdir()).glob(f"fuzz-{reader}-*/current-input"),
                       key=lambda p: p.stat().st_mtime)
        pytest.fail(f"{reader}: the fuzzing child did not finish in {budget:.0f} s (seed {seed}); last input: "
                    f"{stuck[-1].read_text()[:600] if stuck else '?'}")
    assert proc.returncode == 0 and out.exists(), proc.stderr[-3000:]
    report = json.loads(out.read_text())
    print(f"\nfuzz {reader}: {report['inputs']} inputs ({report['refused']} refused, {report['accepted']} read) in "
          f"{report['seconds']} s = {report['inputs_per_s']}/s; slowest {report['slowest_s']} s; "
          f"peak {report['peak_rss_mb']} MB; seed {seed}")
    assert report["failures"] == [], json.dumps(report, indent=1)
    assert report["inputs"] >= examples * 0.9
    assert report["refused"] > 0                     # the strategies do reach the readers' checks
    assert report["peak_rss_mb"] < PEAK_RSS_MB, report
