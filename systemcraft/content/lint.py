"""The content linter: pages checked against their template spec and the front-matter schema."""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from systemcraft import yamlsafe
from systemcraft.content import frontmatter
from systemcraft.content.templates import (ALIASES, LEVEL_TABLE_ROWS, NFR_ROWS, SPECS, STANDARD_FOLLOWUPS,
                                           TIME_TOLERANCE, WORDS_PER_MINUTE)
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
# A bracketed placeholder is words ("[Scenario ID]", "[Clear, Action-Oriented Title]"); bracketed text
# with a digit in it is real ("[TICKET-123]", "[L6]", "[RFC 7231]") and is left alone.
PLACEHOLDER = re.compile(r"\[(?![ xX!]\])(?:[A-Z][A-Za-z/',-]*)(?: [A-Za-z/',-]+){0,10}[.…]?\](?![(\[:])|"
                         r"\bTODO\b|\bTBD\b|\{\{[^{}]*\}\}")
LINK = re.compile(r"(?<!!)\[([^\[\]]*)\]\(([^()\[\]\s]+)(?:\s+\"[^\"]*\")?\)")
# "- Primary: Name — why", also "- **Primary LP**: **Name** - why" (bold, a plain dash).
PRIMARY = re.compile(r"^\s*[-*]\s*(?:\*\*)?Primary(?: LP| principle)?(?:\*\*)?:(?:\*\*)?[ \t]*")
PRIMARY_END = re.compile(r"\s(?:—|–|-)\s|\s—")
# A STAR timing: a range or a single duration, in seconds or minutes ("30–45 s", "(30 seconds)", "2 min").
TIMING = re.compile(r"(?<![\d.])\d{1,4}(?:\s{0,3}[–-]\s{0,3}\d{1,4})?\s{0,3}(?:s|secs?|seconds?|mins?|minutes?)\b")
PROBE = re.compile(r"[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+\S|[ \t]*\*\*[^*\n]{0,80}(?:probe|follow)", re.I)
NAMES = {p.name.lower(): p.id for p in principles.PRINCIPLES}
PRINCIPLE_NAME = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p.name) for p in principles.PRINCIPLES) + r")(?!\w)")


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    rule: str
    severity: str
    message: str
    template: str = ""      # the template the page was checked against ("" when none could be chosen)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity} {self.rule} [{self.template or 'no template'}] {self.message}"


def _md():
    return frontmatter.markdown()         # the one Markdown parser, shared with stories and the pack


def lint_text(text: str, path: str, base_dir: Path | None = None) -> list[Finding]:
    out: list[Finding] = []
    checked = [""]

    def add(line, rule, severity, message):
        out.append(Finding(path, line, rule, severity, message, checked[0]))

    sp = frontmatter.split(text)          # CRLF and a byte-order mark are read like LF (as stories are)
    tokens = _md().parse(sp.body)
    heads = headings(tokens, sp.body)
    if sp.front is None:                  # every real page starts so: check it against the template it names
        spec, n, total, closest = infer(heads, sp.body)
        if spec is None:
            add(1, "CT001", "error", "the page has no front matter and its headings match no template "
                f"(closest: {closest}, {n} of {total} sections); add front matter with a type")
            return out
        checked[0] = spec.type
        add(1, "CT001", "warning", f"no front matter: checked against the {spec.type} template, whose sections "
            f"its headings name ({n} of {total}); 'content fix --front-matter' adds it")
        meta, problems = {}, []
    else:
        meta, problems = frontmatter.parse(sp.front)
        spec = SPECS.get(meta.get("type")) if isinstance(meta.get("type"), str) else None
        if spec is None and not isinstance(meta.get("type"), str):
            spec = infer(heads, sp.body)[0]           # front matter without a type: its headings decide
        checked[0] = spec.type if spec else ""
    for p in problems:
        add(p.line, p.rule, p.severity, p.message)
    for i, lp in enumerate(meta.get("lps") or []):
        if isinstance(lp, str) and lp not in principles.BY_ID:
            close = difflib.get_close_matches(lp, list(principles.BY_ID), n=1, cutoff=0.5)
            add(2, "LP001", "error", f"lps: '{yamlsafe.shown(lp, 40)}' is not a principle id" + (f" (did you mean '{close[0]}'?)"
                                                                             if close else ""))
    lines = sp.body.split("\n")
    if spec is not None:
        sections = template_sections(spec, heads, sp.body_line, lines)
        # In page order; a section found inside another (a subsection of it) does not count for the order.
        order = [name for name, found in sections.items() if not found[5]]
        for want in spec.sections:
            if want.lower() not in sections:
                add(sp.body_line, "SEC001", "error", f"missing section '## {want}'")
        for name in _out_of_order(order, [w.lower() for w in spec.sections]):
            add(sections[name][0], "SEC002", "error", f"section '## {_title(spec, name)}' is out of order "
                f"(expected: {', '.join(spec.sections)})")
        unreadable = any(p.rule == "FM001" for p in problems)     # the YAML is broken: what it lists is unknown
        _section_rules(spec, meta, sections, tokens, sp.body_line, add, inferred=sp.front is None, body=sp.body,
                       meta_known=not unreadable)
    if sp.front:                          # the values, not the YAML: "tags: [L6]" is a list, not a placeholder
        for key, value in meta.items():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str):
                    for m in PLACEHOLDER.finditer(item):
                        add(frontmatter._line(sp.front, str(key)), "PH001", "error", f"placeholder left in: {m.group(0)}")
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


def _section_rules(spec, meta, sections, tokens, body_line, add, inferred=False, body="", meta_known=True) -> None:
    """The rules of each section. A rule whose section is missing says nothing: the missing section is
    already one finding (SEC001), and repeating it per rule made a third of all findings."""
    missing = (body_line, "", body_line, body_line)
    page_tables = _tables(tokens)

    def sec(name):
        return sections.get(name.lower(), missing)[:2]

    def sec_start(name):
        return sections.get(name.lower(), missing)[2]

    def sec_tables(name):
        start, end = sections.get(name.lower(), missing)[2:4]
        return _section_tables(page_tables, body_line, start, end)
    if "lp_named" in spec.rules and inferred:
        if not PRINCIPLE_NAME.search(body):
            add(body_line, "LP001", "warning", "name the Leadership Principle the question tests, e.g. "
                                               "'- Primary: Ownership — why' under 'What is evaluated'")
    elif "lp_named" in spec.rules and meta_known and not meta.get("lps"):
        add(2, "LP001", "error", "lps: a behavioral page names at least one principle id")
    if "lp_named" in spec.rules:
        line, text = sec("What is evaluated")
        for n, l in enumerate(text.splitlines(), start=sec_start("What is evaluated")):
            m = PRIMARY.match(l)
            dash = PRIMARY_END.search(l[m.end():]) if m else None       # "- Primary: Name — why"
            name = l[m.end():m.end() + dash.start()].strip().strip("*_ ") if dash else ""
            if name and name.lower() not in NAMES:
                close = difflib.get_close_matches(name.lower()[:100], list(NAMES), n=1, cutoff=0.5)
                hint = f" (did you mean '{principles.BY_ID[NAMES[close[0]]].name}'?)" if close else ""
                add(n, "LP002", "error", f"'{name[:100]}' is not the exact name of a principle{hint}")
    if "star_timings" in spec.rules and "a strong answer" in sections:
        line, text = sec("A strong answer")
        rows = text.split("\n")
        for part in ("Situation", "Task", "Action", "Result"):
            word = re.compile(rf"{part}\b")
            timed = any((m := word.search(row)) and TIMING.search(row, m.end()) for row in rows if part in row)
            if not timed:
                add(line, "STAR001", "error", f"'A strong answer' needs a timing for {part}, e.g. '{part} (30–45 s)'")
    if "level_table" in spec.rules and "l6 and l7 expectations" in sections:
        line, text = sec("L6 and L7 expectations")
        if not _has_table(sec_tables("L6 and L7 expectations"), LEVEL_TABLE_ROWS):
            add(line, "TBL001", "error", "'L6 and L7 expectations' needs a table with L6 and L7 columns and "
                                         "rows Scope, Impact, Complexity")
    if "nfr_table" in spec.rules and "non-functional requirements" in sections:
        line, text = sec("Non-functional requirements")
        if not _has_table(sec_tables("Non-functional requirements"), NFR_ROWS):
            add(line, "NFR001", "error", "'Non-functional requirements' needs a table with L6 and L7 columns and "
                                         "rows Scale, Performance, Availability, Consistency")
    if "four_followups" in spec.rules and "follow-up questions" in sections:
        line, text = sec("Follow-up questions")
        low = text.lower().replace("×", "x")
        missing = [f for f in STANDARD_FOLLOWUPS if f not in low]
        if missing:
            add(line, "FUP001", "error", f"'Follow-up questions' must cover: {', '.join(missing)}")
    if "two_probes" in spec.rules and "follow-up probes" in sections:
        line, text = sec("Follow-up probes")
        if sum(1 for row in text.split("\n") if PROBE.match(row)) < 2:
            add(line, "PRB001", "error", "'Follow-up probes' needs at least two probes (list items)")
    if "problem_table" in spec.rules and "problems" in sections:
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


HEADING_LEVELS = (1, 2, 3, 4, 5)     # real pages put a template's sections under ##, ### or # alike
PSEUDO_LEVEL = 5                     # a line of bold (or italic) text alone, used as a heading
PSEUDO = re.compile(r"\*\*([^*\n]{1,80})\*\*:?$|\*([^*\n]{1,80})\*:?$")


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    first: int          # 0-based line of the heading in the body
    after: int          # 0-based line the heading's text starts on
    end: int            # 0-based line where its text ends (the next heading of the same or a higher level)


@functools.lru_cache(maxsize=4096)
def heading_key(title: str) -> str:
    """A heading as compared with a template's section names: lower case, no emphasis, no leading emoji,
    number or "Part I:", no "(5-10 minutes)" tail, punctuation as spaces ("Follow-up" = "follow up")."""
    t = re.sub(r"[`*_~]", "", title.lower()).replace("&", " and ")
    t = re.sub(r"\([^()]{0,60}\)\s*$", "", t)
    t = re.sub(r"^[^a-z0-9]+", "", t)
    t = re.sub(r"^(?:(?:part|step|phase|section|chapter)\s+[ivx\d]{1,6}|\d{1,3}(?:\.\d{1,3}){0,3})\s*[-:.)]?\s*", "", t)
    return " ".join(re.sub(r"[^a-z0-9]+", " ", t).split())


def headings(tokens, body: str) -> list[Heading]:
    """The page's headings as CommonMark sees them (not in code, lists or quotes), each with its extent."""
    heads = []
    for i, t in enumerate(tokens):
        if t.type == "heading_open" and t.level == 0 and t.map:
            heads.append((int(t.tag[1]), tokens[i + 1].content.strip(), t.map[0], t.map[1]))
        elif t.type == "paragraph_open" and t.level == 0 and t.map and t.map[1] - t.map[0] == 1:
            m = PSEUDO.match(tokens[i + 1].content.strip())
            if m:                          # "**Requirements Gathering**" on its own line: a heading in all but name
                heads.append((PSEUDO_LEVEL, m.group(1) or m.group(2), t.map[0], t.map[1]))
    total = body.count("\n") + 1
    out = []
    for n, (level, title, first, after) in enumerate(heads):
        end = next((h[2] for h in heads[n + 1:] if h[0] <= level), total)
        out.append(Heading(level, title, first, after, end))
    return out


def _keys(spec) -> dict[str, str]:
    """Heading key → the section (lower case) it names, for one template."""
    out = {}
    for section in spec.sections:
        out[heading_key(section)] = section.lower()
        for alias in ALIASES.get(spec.type, {}).get(section, ()):
            out.setdefault(heading_key(alias), section.lower())
    return out


_KEYS: dict[str, dict[str, str]] = {}


def template_sections(spec, heads: list[Heading], body_line: int, lines: list[str]) -> dict[str, tuple]:
    """The template's sections the page has, first occurrence each, in page order: section (lower case) →
    (file line of the heading, its text, file line the text starts on, file line it ends before)."""
    keys = _KEYS.get(spec.type) or _KEYS.setdefault(spec.type, _keys(spec))
    out: dict[str, tuple] = {}
    for h in heads:
        if h.level in HEADING_LEVELS:
            name = _lookup(keys, heading_key(h.title))
            if name is not None and name not in out:
                inside = any(o[4] < h.level and o[0] - body_line <= h.first < o[3] - body_line for o in out.values())
                out[name] = (h.first + body_line, "\n".join(lines[h.after:h.end]), h.after + body_line,
                             h.end + body_line, h.level, inside)
    return out


# One-word section names that also name a section as the last word of a longer heading
# ("Consistency Models Fundamentals"); other one-word names ("requirements", "context") are too common.
SUFFIX_WORDS = {"fundamentals", "foundations", "milestones", "contingency"}


def _lookup(keys: dict[str, str], key: str) -> str | None:
    """The section a heading key names: exactly, or by its last words (at least two, or one of
    SUFFIX_WORDS): "Consistency Models Fundamentals" → Foundations, "Storage trade-offs" → Trade-offs."""
    if key in keys:
        return keys[key]
    words = key.split()
    for i in range(1, len(words)):
        tail = " ".join(words[i:])
        if tail in keys and (len(words) - i >= 2 or tail in SUFFIX_WORDS):
            return keys[tail]
    return None


def infer(heads: list[Heading], body: str):
    """The template a page without front matter follows: the one whose sections its headings name most
    (at least two, and a quarter of the template). → (spec or None, sections named, template size, closest
    template's type)."""
    best = None
    page_keys = [heading_key(h.title) for h in heads if h.level in HEADING_LEVELS]
    for spec in SPECS.values():
        keys = _KEYS.get(spec.type) or _KEYS.setdefault(spec.type, _keys(spec))
        named = {k for key in page_keys if (k := _lookup(keys, key))}
        n = len(named)
        if spec.type == "problem_set" and not re.search(r"\|\s*Title\s*\|\s*Pattern\s*\|", body, re.I):
            n = 0
        score = (n, n / len(spec.sections))
        if best is None or score > best[0]:
            best = (score, spec)
    (n, share), spec = best
    total = len(spec.sections)
    if n >= 2 and share >= 0.25 or spec.type == "problem_set" and n == 1:
        return spec, n, total, spec.type
    return None, n, total, spec.type


def _out_of_order(order: list[str], expected: list[str]) -> list[str]:
    """The fewest sections that, moved, put the rest in the template's order (the complement of a longest
    increasing run): one section out of place is one finding, not one per section after it."""
    pos = [expected.index(name) for name in order]
    best: list[list[int]] = []
    for i, p in enumerate(pos):
        run = max((r for r in best[:i] if pos[r[-1]] < p), key=len, default=[])
        best.append(run + [i])
    keep = set(max(best, key=len, default=[]))
    return [name for i, name in enumerate(order) if i not in keep]


def _title(spec, name: str) -> str:
    return next(s for s in spec.sections if s.lower() == name)


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
