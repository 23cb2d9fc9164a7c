"""A story as a Markdown file: YAML front matter for the fields, `## ` sections for the text.

Parsing is strict where YAML 1.1 is treacherous: an unquoted `NO`, `yes`, `on` or a bare date in a
text field is reported with its line, instead of silently becoming false or a date.
"""

from __future__ import annotations

import datetime as _dt
import re

from systemcraft.domain.stories import FollowUp, Story, StoryError, validate
from systemcraft.errors import InputError

SECTIONS = (("situation", "Situation"), ("task", "Task"), ("action", "Action"), ("result", "Result"),
            ("metrics", "Metrics"), ("obstacles", "Obstacles"), ("lessons", "Lessons"),
            ("short_version", "30-second version"), ("two_minute_version", "2-minute version"),
            ("followups", "Follow-ups"))
SECTION_BY_HEADING = {h.lower(): f for f, h in SECTIONS}
FRONT_FIELDS = {"title": str, "primary_lp": str, "secondary_lps": list, "level": str, "status": str,
                "team_size": int, "period": str, "happened": _dt.date, "failure": bool}


def render(story: Story) -> str:
    def q(v: str) -> str:
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    lines = ["---", f"title: {q(story.title)}", f"primary_lp: {story.primary_lp}",
             f"secondary_lps: [{', '.join(story.secondary_lps)}]", f"level: {story.level}",
             f"status: {story.status}"]
    if story.team_size is not None:
        lines.append(f"team_size: {story.team_size}")
    if story.period:
        lines.append(f"period: {q(story.period)}")
    if story.happened:
        lines.append(f"happened: {story.happened.isoformat()}")
    lines.append(f"failure: {'true' if story.failure else 'false'}")
    lines.append("---")
    for field, heading in SECTIONS:
        lines.append("")
        lines.append(f"## {heading}")
        lines.append("")
        if field == "followups":
            for fu in story.followups:
                lines.append(f"- Q: {fu.question}")
                lines.append(f"  A: {fu.answer}")
        else:
            text = getattr(story, field) or ""
            if text:
                lines.append(text)
    return "\n".join(lines).rstrip() + "\n"


def _line_of(front: str, key: str, offset: int) -> int:
    for i, line in enumerate(front.splitlines()):
        if re.match(rf"^{re.escape(key)}\s*:", line):
            return i + offset
    return offset


def parse(text: str, source: str = "story") -> Story:
    import yaml
    if not text.startswith("---"):
        raise InputError(f"{source}: line 1: the file must start with front matter (a line of ---)")
    parts = text.split("\n---", 1)
    if len(parts) != 2:
        raise InputError(f"{source}: the front matter is not closed with a line of ---")
    front = parts[0][3:]
    body = parts[1].split("\n", 1)[1] if "\n" in parts[1] else ""
    body_start = front.count("\n") + 3
    try:
        meta = yaml.safe_load(front) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise InputError(f"{source}: line {line}: broken front matter ({problem})") from None
    if not isinstance(meta, dict):
        raise InputError(f"{source}: line 2: the front matter must be key: value lines")
    unknown = sorted(set(meta) - set(FRONT_FIELDS))
    if unknown:
        raise InputError(f"{source}: line {_line_of(front, unknown[0], 1)}: unknown field '{unknown[0]}' "
                         f"(fields: {', '.join(FRONT_FIELDS)})")
    values: dict = {}
    for key, want in FRONT_FIELDS.items():
        if key not in meta or meta[key] is None:
            continue
        v = meta[key]
        line = _line_of(front, key, 1)
        if want is str:
            if isinstance(v, bool):
                raise InputError(f"{source}: line {line}: {key} was read as {str(v).lower()} — YAML turns unquoted "
                                 f"yes/no/on/off into true/false; put the value in quotes")
            if isinstance(v, (_dt.date, int, float)):
                raise InputError(f"{source}: line {line}: {key} was read as a {type(v).__name__}; put it in quotes")
            values[key] = str(v)
        elif want is list:
            if isinstance(v, str):
                v = [x.strip() for x in v.split(",") if x.strip()]
            if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
                raise InputError(f"{source}: line {line}: {key} must be a list of principle ids, e.g. "
                                 "[dive-deep, earn-trust] (quote any that YAML misreads)")
            values[key] = tuple(v)
        elif want is int:
            if isinstance(v, bool) or not isinstance(v, int):
                raise InputError(f"{source}: line {line}: {key} must be a whole number")
            values[key] = v
        elif want is _dt.date:
            if isinstance(v, str):
                try:
                    v = _dt.date.fromisoformat(v)
                except ValueError:
                    raise InputError(f"{source}: line {line}: {key} must be a date like 2025-06-30") from None
            if not isinstance(v, _dt.date):
                raise InputError(f"{source}: line {line}: {key} must be a date like 2025-06-30")
            values[key] = v
        elif want is bool:
            if not isinstance(v, bool):
                raise InputError(f"{source}: line {line}: {key} must be true or false")
            values[key] = v
    sections: dict[str, list[str]] = {}
    current = None
    for n, line in enumerate(body.splitlines(), start=body_start):
        m = re.match(r"^##\s+(.+?)\s*$", line)
        if m:
            current = SECTION_BY_HEADING.get(m.group(1).strip().lower())
            if current is None:
                raise InputError(f"{source}: line {n}: unknown section '{m.group(1).strip()}' "
                                 f"(sections: {', '.join(h for _, h in SECTIONS)})")
            sections[current] = []
            continue
        if current:
            sections[current].append(line)
    text_fields = {k: "\n".join(v).strip() for k, v in sections.items() if k != "followups"}
    followups = []
    q = None
    for line in sections.get("followups", []):
        m = re.match(r"^\s*-\s*Q:\s*(.*)$", line)
        a = re.match(r"^\s*A:\s*(.*)$", line)
        if m:
            q = m.group(1).strip()
        elif a and q is not None:
            followups.append(FollowUp(q, a.group(1).strip()))
            q = None
    if "title" not in values:
        raise InputError(f"{source}: line 2: the front matter needs a title")
    if "primary_lp" not in values:
        raise InputError(f"{source}: line 2: the front matter needs a primary_lp")
    try:
        story = Story(situation=text_fields.get("situation", ""), task=text_fields.get("task", ""),
                      action=text_fields.get("action", ""), result=text_fields.get("result", ""),
                      metrics=text_fields.get("metrics", ""), obstacles=text_fields.get("obstacles", ""),
                      lessons=text_fields.get("lessons", ""), short_version=text_fields.get("short_version", ""),
                      two_minute_version=text_fields.get("two_minute_version", ""), followups=tuple(followups),
                      **values)
        return validate(story)
    except StoryError as exc:
        raise InputError(f"{source}: {exc}") from None
