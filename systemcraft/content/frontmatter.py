"""Front matter: split a page, parse YAML strictly, and check it against the one schema."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from systemcraft import yamlsafe
from systemcraft.content.templates import (AUDIENCES, CONTENT_TYPES, DIFFICULTIES, FRONT_MATTER, STATUSES,
                                           SUMMARY_MAX, TAGS_RANGE, TITLE_MAX)

TIME_RE = re.compile(r"^\d{1,4}\s+(min|mins|minutes|hour|hours)$")
# Abbreviations whose full stop ends no sentence when more text follows ("e.g. a cache", "etc. and").
ABBREVIATION = re.compile(r"(?<![\w.])(?:e\.g|i\.e|etc|vs|cf|approx|incl|a\.k\.a|et al)\.(?=\s+\S)", re.I)
TRAPS = {"yes", "no", "on", "off", "y", "n", "true", "false"}


@dataclass(frozen=True)
class Problem:
    line: int
    rule: str
    severity: str       # error | warning
    message: str


@dataclass(frozen=True)
class Split:
    front: str | None       # the YAML text (None: no front matter)
    body: str
    body_line: int          # the file line the body starts on (1-based)
    closed: bool = True     # False: an opening --- without its closing line


def normalise(text: str) -> str:
    """One text shape for every Markdown reader: no byte-order mark, LF line ends (CRLF and CR alike)."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


_OPEN = re.compile(r"---[ \t]*(?:\n|$)")
_CLOSE = re.compile(r"^---[ \t]*$", re.M)


def split(text: str) -> Split:
    """Front matter between a first line of --- and the next line of ---, and the body after it. CRLF
    files and a leading byte-order mark are read like the rest (see `normalise`)."""
    text = normalise(text)
    opening = _OPEN.match(text)
    if opening is None:
        return Split(None, text, 1)
    rest = text[opening.end():]
    end = _CLOSE.search(rest)
    if end is None:
        return Split("", text, 1, closed=False)
    front = rest[: end.start()]
    body = rest[end.end():].lstrip("\n")
    body_line = text[: len(text) - len(body)].count("\n") + 1
    return Split(front, body, body_line)


@dataclass(frozen=True)
class Section:
    title: str              # the heading's text, as written (ATX `## Title` or setext `Title` over ---)
    line: int               # the file line of the heading
    text_line: int          # the file line the section's text starts on
    text: str               # the raw Markdown from text_line up to the next level-2 heading (not stripped)


_MD = None


def markdown():
    """The one Markdown parser for reading structure (markdown-it-py, CommonMark + tables), built once.
    Block structure only: inline tokens keep their raw `content` (headings, table cells) but are not
    parsed further (emphasis, links), which nothing here reads; that keeps a cold pack load quick."""
    global _MD
    if _MD is None:
        from markdown_it import MarkdownIt
        _MD = MarkdownIt("commonmark", {"html": False}).enable("table").disable(["inline", "text_join"])
    return _MD


def sections(body: str, body_line: int = 1, tokens=None) -> list[Section]:
    """The level-2 sections of a Markdown body, as CommonMark sees them: `##` lines inside code fences or
    indented code are text, setext headings (a line underlined with ---) count, headings inside lists or
    quotes do not. `tokens`: the body's markdown-it tokens when the caller has them already."""
    if tokens is None:
        tokens = markdown().parse(body)
    lines = body.split("\n")
    heads = [(tokens[i + 1].content.strip(), t.map[0], t.map[1]) for i, t in enumerate(tokens)
             if t.type == "heading_open" and t.tag == "h2" and t.level == 0 and t.map]
    out = []
    for n, (title, first, after) in enumerate(heads):
        end = heads[n + 1][1] if n + 1 < len(heads) else len(lines)
        out.append(Section(title, first + body_line, after + body_line, "\n".join(lines[after:end])))
    return out


def code_lines(tokens) -> set[int]:
    """Indexes (0-based, in the parsed text) of the lines inside fenced or indented code."""
    out: set[int] = set()
    for t in tokens:
        if t.type in ("fence", "code_block") and t.map:
            out.update(range(t.map[0], t.map[1]))
    return out


def _line(front: str, key: str) -> int:
    for i, line in enumerate(front.splitlines(), start=2):
        if re.match(rf"^{re.escape(key)}\s*:", line):
            return i
    return 1


def parse(front: str) -> tuple[dict, list[Problem]]:
    """Front matter (the text between the --- lines; it starts on line 2) → (fields, problems), read
    by the one strict YAML loader (systemcraft.yamlsafe: no aliases, no duplicate keys, 012 is 12)."""
    problems: list[Problem] = []
    try:
        meta = yamlsafe.load(front, first_line=2)
    except yamlsafe.YamlError as exc:
        return {}, [Problem(exc.line or 1, "FM001", "error", f"invalid YAML in the front matter: {exc.problem}")]
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return {}, [Problem(2, "FM001", "error", "the front matter must be key: value lines")]
    for key, raw in meta.items():
        line = _line(front, str(key))
        if key not in FRONT_MATTER:
            problems.append(Problem(line, "FM002", "error", f"unknown front-matter field '{yamlsafe.shown(key, 40)}'"))
            continue
        kind, _ = FRONT_MATTER[key]
        text_line = next((l for l in front.splitlines() if re.match(rf"^{re.escape(str(key))}\s*:", l)), "")
        written = text_line.split(":", 1)[1].split(" #")[0].strip() if ":" in text_line else ""
        if kind == "str" and isinstance(raw, bool) and written.lower() in TRAPS:
            problems.append(Problem(line, "FM003", "error", f"{key}: unquoted '{written}' is read as "
                                    f"{str(raw).lower()} by YAML 1.1; put it in quotes"))
        elif kind == "str" and not isinstance(raw, str):
            problems.append(Problem(line, "FM004", "error", f"{key}: expected text, got {type(raw).__name__}"))
        elif kind == "list" and not (isinstance(raw, list) and all(isinstance(x, str) for x in raw)):
            problems.append(Problem(line, "FM004", "error", f"{key}: expected a list of words, e.g. [a, b]"))
        elif kind == "date" and not isinstance(raw, dt.date):
            problems.append(Problem(line, "FM004", "error", f"{key}: expected a date like 2026-11-23"))
    for key, (_, required) in FRONT_MATTER.items():
        if required and key not in meta:
            problems.append(Problem(2, "FM005", "error", f"missing front-matter field '{key}'"))
    if problems:
        return meta, problems
    checks = (("type", CONTENT_TYPES), ("audience", AUDIENCES), ("difficulty", DIFFICULTIES), ("status", STATUSES))
    for key, allowed in checks:
        if meta[key] not in allowed:
            problems.append(Problem(_line(front, key), "FM006", "error",
                                    f"{key}: '{yamlsafe.shown(meta[key], 40)}' is not one of {', '.join(allowed)}"))
    if not 1 <= len(meta["title"]) <= TITLE_MAX:
        problems.append(Problem(_line(front, "title"), "FM007", "error", f"title: 1–{TITLE_MAX} characters"))
    summary = meta["summary"].strip()
    if len(summary) > SUMMARY_MAX:
        problems.append(Problem(_line(front, "summary"), "FM008", "warning",
                                f"summary: longer than {SUMMARY_MAX} characters"))
    inner = ABBREVIATION.sub("abbr", summary)      # "e.g." mid-sentence is not a sentence end
    if len(re.findall(r"[.!?](\s|$)", inner)) != 1 or not summary.endswith((".", "!", "?")):
        problems.append(Problem(_line(front, "summary"), "FM009", "error", "summary: must be exactly one sentence"))
    if not TIME_RE.match(meta["estimated_time"].strip()):
        problems.append(Problem(_line(front, "estimated_time"), "FM010", "error",
                                "estimated_time: write it like '20 min' or '1 hour'"))
    lo, hi = TAGS_RANGE
    if not lo <= len(meta["tags"]) <= hi:
        problems.append(Problem(_line(front, "tags"), "FM011", "warning", f"tags: between {lo} and {hi}"))
    return meta, problems


def minutes(estimated_time: str) -> int:
    n, unit = estimated_time.split()
    return int(n) * (60 if unit.startswith("hour") else 1)
