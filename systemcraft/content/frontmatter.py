"""Front matter: split a page, parse YAML strictly, and check it against the one schema."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from systemcraft.content.templates import (AUDIENCES, CONTENT_TYPES, DIFFICULTIES, FRONT_MATTER, STATUSES,
                                           SUMMARY_MAX, TAGS_RANGE, TITLE_MAX)

TIME_RE = re.compile(r"^\d+\s+(min|mins|minutes|hour|hours)$")
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


def split(text: str) -> Split:
    if not text.startswith("---\n") and text.strip() != "---":
        return Split(None, text, 1)
    end = re.search(r"^---\s*$", text[4:], re.M)
    if end is None:
        return Split("", text, 1)
    front = text[4:4 + end.start()]
    body = text[4 + end.end():].lstrip("\n")
    body_line = text[: len(text) - len(body)].count("\n") + 1
    return Split(front, body, body_line)


def _line(front: str, key: str) -> int:
    for i, line in enumerate(front.splitlines(), start=2):
        if re.match(rf"^{re.escape(key)}\s*:", line):
            return i
    return 1


def parse(front: str) -> tuple[dict, list[Problem]]:
    import yaml
    problems: list[Problem] = []
    try:
        meta = yaml.safe_load(front) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark else 1
        return {}, [Problem(line, "FM001", "error", f"invalid YAML in the front matter: "
                                                     f"{getattr(exc, 'problem', None) or 'cannot parse'}")]
    if not isinstance(meta, dict):
        return {}, [Problem(2, "FM001", "error", "the front matter must be key: value lines")]
    for key, raw in meta.items():
        line = _line(front, str(key))
        if key not in FRONT_MATTER:
            problems.append(Problem(line, "FM002", "error", f"unknown front-matter field '{key}'"))
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
                                    f"{key}: '{meta[key]}' is not one of {', '.join(allowed)}"))
    if not 1 <= len(meta["title"]) <= TITLE_MAX:
        problems.append(Problem(_line(front, "title"), "FM007", "error", f"title: 1–{TITLE_MAX} characters"))
    summary = meta["summary"].strip()
    if len(summary) > SUMMARY_MAX:
        problems.append(Problem(_line(front, "summary"), "FM008", "warning",
                                f"summary: longer than {SUMMARY_MAX} characters"))
    if len(re.findall(r"[.!?](\s|$)", summary)) != 1 or not summary.endswith((".", "!", "?")):
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
