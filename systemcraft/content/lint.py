"""The content linter: pages checked against their template spec and the front-matter schema."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from systemcraft import yamlsafe
from systemcraft.content import frontmatter
from systemcraft.content.templates import (LEVEL_TABLE_ROWS, NFR_ROWS, SPECS, STANDARD_FOLLOWUPS, TIME_TOLERANCE,
                                           WORDS_PER_MINUTE)
from systemcraft.domain import principles
from systemcraft.domain.practice import PATTERNS

MAX_BYTES = 1024 * 1024
RULES = {
    "CT001": "page has no front matter", "CT002": "file too large", "CT003": "not UTF-8 text or binary",
    "FM001": "invalid YAML", "FM002": "unknown field", "FM003": "YAML 1.1 boolean trap", "FM004": "wrong type",
    "FM005": "missing field", "FM006": "value not allowed", "FM007": "title length", "FM008": "summary length",
    "FM009": "summary not one sentence", "FM010": "estimated time format", "FM011": "tag count",
    "SEC001": "missing section", "SEC002": "section out of order", "LP001": "unknown Leadership Principle", "LP002": "unknown principle name in the text",
    "PH001": "placeholder left in", "LNK001": "broken relative link", "LNK002": "link in a link-free page",
    "TIME001": "estimated time far from the word count", "STAR001": "STAR timings missing",
    "TBL001": "L6/L7 expectation table missing or incomplete", "NFR001": "NFR table missing or incomplete",
    "FUP001": "standard follow-ups missing", "PRB001": "fewer than two probes", "PAT001": "problem table invalid",
}
# Every pattern here runs in linear time on any line (a hostile page of 1 MB of "[" or "{{" once took
# hours): no unbounded repetition may overlap the text its neighbour or its next attempt scans.
PLACEHOLDER = re.compile(r"\[(?![ xX!]\])(?:[A-Z][A-Za-z0-9/'-]*)(?: [A-Za-z0-9/'-]+){0,10}[.…]?\](?![(\[:])|"
                         r"\bTODO\b|\bTBD\b|\{\{[^{}]*\}\}")
LINK = re.compile(r"(?<!!)\[([^\[\]]*)\]\(([^()\[\]\s]+)(?:\s+\"[^\"]*\")?\)")
PRIMARY = re.compile(r"^\s*[-*]\s*Primary:[ \t]*")
TIMING = re.compile(r"(?<![\d.])\d{1,4}\s{0,3}[–-]\s{0,3}\d{1,4}\s{0,3}s\b")
NAMES = {p.name.lower(): p.id for p in principles.PRINCIPLES}


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    rule: str
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity} {self.rule} {self.message}"


def _md():
    return frontmatter.markdown()         # the one Markdown parser, shared with stories and the pack


def lint_text(text: str, path: str, base_dir: Path | None = None) -> list[Finding]:
    out: list[Finding] = []

    def add(line, rule, severity, message):
        out.append(Finding(path, line, rule, severity, message))

    sp = frontmatter.split(text)          # CRLF and a byte-order mark are read like LF (as stories are)
    if sp.front is None:
        add(1, "CT001", "error", "the page has no front matter (start it with a line of ---)")
        return out
    meta, problems = frontmatter.parse(sp.front)
    for p in problems:
        add(p.line, p.rule, p.severity, p.message)
    spec = SPECS.get(meta.get("type")) if isinstance(meta.get("type"), str) else None
    for i, lp in enumerate(meta.get("lps") or []):
        if isinstance(lp, str) and lp not in principles.BY_ID:
            close = difflib.get_close_matches(lp, list(principles.BY_ID), n=1, cutoff=0.5)
            add(2, "LP001", "error", f"lps: '{yamlsafe.shown(lp, 40)}' is not a principle id" + (f" (did you mean '{close[0]}'?)"
                                                                             if close else ""))
    tokens = _md().parse(sp.body)
    lines = sp.body.split("\n")
    headings = frontmatter.sections(sp.body, sp.body_line, tokens)
    sections = {}
    for n, h in enumerate(headings):
        end = headings[n + 1].line if n + 1 < len(headings) else sp.body_line + len(lines)
        sections.setdefault(h.title.lower(), (h.line, h.text, h.text_line, end))
    if spec is not None:
        present = [h.title.lower() for h in headings]
        last = -1
        for want in spec.sections:
            if want.lower() not in present:
                add(sp.body_line, "SEC001", "error", f"missing section '## {want}'")
                continue
            pos = present.index(want.lower())
            if pos < last:
                add(sections[want.lower()][0], "SEC002", "error", f"section '## {want}' is out of order "
                    f"(expected: {', '.join(spec.sections)})")
            last = max(last, pos)
        _section_rules(spec, meta, sections, tokens, sp.body_line, add)
    for n, line in enumerate(sp.front.splitlines(), start=2):
        for m in PLACEHOLDER.finditer(line):
            add(n, "PH001", "error", f"placeholder left in: {m.group(0)}")
    code = frontmatter.code_lines(tokens)
    for i, line in enumerate(lines):
        if i in code:                     # fenced or indented code, as the Markdown parser sees it
            continue
        n = i + sp.body_line
        for m in PLACEHOLDER.finditer(line):
            add(n, "PH001", "error", f"placeholder left in: {m.group(0)}")
        for m in LINK.finditer(line):
            target = m.group(2)
            if meta.get("type") == "problem_set":
                add(n, "LNK002", "error", f"problem sets are link-free: {target}")
                continue
            if re.match(r"^[a-z]+:|^#", target):
                continue
            if base_dir is not None and not (base_dir / target.split("#")[0]).exists():
                add(n, "LNK001", "error", f"broken relative link: {target}")
    est = meta.get("estimated_time")
    if isinstance(est, str) and frontmatter.TIME_RE.match(est.strip()):
        words = len(re.findall(r"\w+", sp.body))
        reading = words / WORDS_PER_MINUTE
        stated = frontmatter.minutes(est.strip())
        lo_minutes, share = TIME_TOLERANCE
        if abs(stated - reading) > max(lo_minutes, share * max(stated, reading)):
            add(2, "TIME001", "warning", f"estimated_time {est} but the page reads in about {reading:.0f} min "
                                         f"({words} words at {WORDS_PER_MINUTE} wpm)")
    return out


def _tables(tokens) -> list[tuple[int, list[list[str]]]]:
    """Each table as (first line, rows of cell texts)."""
    out, rows, row, start = [], [], None, 0
    for t in tokens:
        if t.type == "table_open":
            rows, start = [], t.map[0]
        elif t.type == "tr_open":
            row = []
        elif t.type == "inline" and row is not None:
            row.append(t.content.strip())
        elif t.type == "tr_close":
            rows.append(row)
            row = None
        elif t.type == "table_close":
            out.append((start, rows))
    return out


def _section_tables(tables, body_line: int, start: int, end: int) -> list[list[list[str]]]:
    """The tables (from the page's one parse) whose first line is in the file lines [start, end)."""
    return [rows for first, rows in tables if start <= first + body_line < end]


def _has_table(tables, need_rows, need_cols=("L6", "L7")) -> bool:
    for rows in tables:
        if not rows:
            continue
        header = " ".join(rows[0])
        first_col = {r[0].strip("* ").lower() for r in rows[1:] if r}
        if all(c in header for c in need_cols) and all(x.lower() in first_col for x in need_rows):
            return True
    return False


def _section_rules(spec, meta, sections, tokens, body_line, add) -> None:
    missing = (body_line, "", body_line, body_line)
    page_tables = _tables(tokens)

    def sec(name):
        return sections.get(name.lower(), missing)[:2]

    def sec_start(name):
        return sections.get(name.lower(), missing)[2]

    def sec_tables(name):
        _, _, start, end = sections.get(name.lower(), missing)
        return _section_tables(page_tables, body_line, start, end)
    if "lp_named" in spec.rules and not meta.get("lps"):
        add(2, "LP001", "error", "lps: a behavioral page names at least one principle id")
    if "lp_named" in spec.rules:
        line, text = sec("What is evaluated")
        for n, l in enumerate(text.splitlines(), start=sec_start("What is evaluated")):
            m = PRIMARY.match(l)
            dash = re.search(r"\s—", l[m.end():]) if m else None        # "- Primary: Name — why"
            name = l[m.end():m.end() + dash.start()].strip() if dash else ""
            if name and name.lower() not in NAMES:
                close = difflib.get_close_matches(name.lower()[:100], list(NAMES), n=1, cutoff=0.5)
                hint = f" (did you mean '{principles.BY_ID[NAMES[close[0]]].name}'?)" if close else ""
                add(n, "LP002", "error", f"'{name[:100]}' is not the exact name of a principle{hint}")
    if "star_timings" in spec.rules:
        line, text = sec("A strong answer")
        rows = text.split("\n")
        for part in ("Situation", "Task", "Action", "Result"):
            word = re.compile(rf"{part}\b")
            timed = any((m := word.search(row)) and TIMING.search(row, m.end()) for row in rows if part in row)
            if not timed:
                add(line, "STAR001", "error", f"'A strong answer' needs a timing for {part}, e.g. '{part} (30–45 s)'")
    if "level_table" in spec.rules:
        line, text = sec("L6 and L7 expectations")
        if not _has_table(sec_tables("L6 and L7 expectations"), LEVEL_TABLE_ROWS):
            add(line, "TBL001", "error", "'L6 and L7 expectations' needs a table with L6 and L7 columns and "
                                         "rows Scope, Impact, Complexity")
    if "nfr_table" in spec.rules:
        line, text = sec("Non-functional requirements")
        if not _has_table(sec_tables("Non-functional requirements"), NFR_ROWS):
            add(line, "NFR001", "error", "'Non-functional requirements' needs a table with L6 and L7 columns and "
                                         "rows Scale, Performance, Availability, Consistency")
    if "four_followups" in spec.rules:
        line, text = sec("Follow-up questions")
        low = text.lower().replace("×", "x")
        missing = [f for f in STANDARD_FOLLOWUPS if f not in low]
        if missing:
            add(line, "FUP001", "error", f"'Follow-up questions' must cover: {', '.join(missing)}")
    if "two_probes" in spec.rules:
        line, text = sec("Follow-up probes")
        if sum(1 for row in text.split("\n") if re.match(r"[ \t]*[-*][ \t]+\S", row)) < 2:
            add(line, "PRB001", "error", "'Follow-up probes' needs at least two probes (list items)")
    if "problem_table" in spec.rules:
        line, text = sec("Problems")
        tables = sec_tables("Problems")
        rows = [r for t in tables for r in t[1:]]
        if not tables or [c.lower() for c in tables[0][0]] != ["title", "pattern", "difficulty", "prompt"]:
            add(line, "PAT001", "error", "'Problems' needs a table with columns Title | Pattern | Difficulty | Prompt")
            return
        for r in rows:
            if len(r) != 4 or r[1] not in PATTERNS or r[2] not in ("easy", "medium", "hard") or not r[3]:
                add(line, "PAT001", "error", f"problem row '{r[0] if r else ''}' needs a known pattern id, a "
                                             "difficulty (easy/medium/hard) and a prompt")


def lint_file(path: Path) -> list[Finding]:
    p = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        return [Finding(p, 1, "CT003", "error", f"cannot read: {exc.strerror}")]
    if size > MAX_BYTES:
        return [Finding(p, 1, "CT002", "error", f"the file is {size} bytes; content pages stay under "
                                                f"{MAX_BYTES // 1024} KiB")]
    from systemcraft.errors import InputError
    from systemcraft.exports.files import read_bytes
    try:
        data = read_bytes(path, "the page", MAX_BYTES)     # regular files only, never past the limit
    except InputError as exc:
        return [Finding(p, 1, "CT003", "error", exc.message)]
    from systemcraft.exports.files import TextDecodeError, decode_text
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in data and not utf16:
        return [Finding(p, 1, "CT003", "error", "binary data, not a Markdown page")]
    try:
        text = decode_text(data, "the page")          # the one decoding rule: UTF-8 (BOM or not), UTF-16 with BOM
    except TextDecodeError as exc:
        line = 1 if utf16 else data[: exc.offset].count(b"\n") + 1
        return [Finding(p, line, "CT003", "error", "not UTF-8 text" if not utf16 else "not valid UTF-16 text")]
    if "\x00" in text:
        return [Finding(p, 1, "CT003", "error", "binary data, not a Markdown page")]
    return lint_text(text, p, path.parent)


def pages(paths: list[Path]) -> list[Path]:
    out = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(x for x in path.rglob("*.md") if x.is_file()))
        else:
            out.append(path)
    return out


def lint_paths(paths: list[Path]) -> tuple[list[Path], list[Finding]]:
    files = pages(paths)
    findings = [f for path in files for f in lint_file(path)]
    return files, findings
