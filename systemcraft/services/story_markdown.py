"""A story as a Markdown file: YAML front matter for the fields, `## ` sections for the text.

Parsing is strict where YAML 1.1 is treacherous: an unquoted `NO`, `yes`, `on` or a bare date in a
text field is reported with its line, instead of silently becoming false or a date.
"""

from __future__ import annotations

import datetime as _dt
import re

from systemcraft.domain.stories import FollowUp, Story, StoryError
from systemcraft.schemas import validate_story
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
    """A story file → a validated Story. The front matter is read by the one strict YAML loader
    (systemcraft.yamlsafe: no aliases, no duplicate keys, `team_size: 012` is 12) and the sections by the
    one Markdown parser (a `## ` line inside a code fence is text; a setext heading counts). CRLF line
    ends and a byte-order mark are accepted."""
    from systemcraft import yamlsafe
    from systemcraft.content import frontmatter
    sp = frontmatter.split(text)
    if sp.front is None:
        raise InputError(f"{source}: line 1: the file must start with front matter (a line of ---)")
    if not sp.closed:
        raise InputError(f"{source}: the front matter is not closed with a line of ---")
    front, body, body_start = sp.front, sp.body, sp.body_line
    try:
        meta = yamlsafe.load(front, first_line=2)
    except yamlsafe.YamlError as exc:
        raise InputError(f"{source}: line {exc.line or 1}: broken front matter ({exc.problem})") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError(f"{source}: line 2: the front matter must be key: value lines")
    unknown = sorted((k for k in meta if k not in FRONT_FIELDS), key=str)
    if unknown:
        raise InputError(f"{source}: line {_line_of(front, str(unknown[0]), 2)}: unknown field "
                         f"'{yamlsafe.shown(unknown[0], 40)}' "
                         f"(fields: {', '.join(FRONT_FIELDS)})")
    values: dict = {}
    for key, want in FRONT_FIELDS.items():
        if key not in meta or meta[key] is None:
            continue
        v = meta[key]
        line = _line_of(front, key, 2)
        if want is str:
            if isinstance(v, bool):
                raise InputError(f"{source}: line {line}: {key} was read as {str(v).lower()} — YAML turns unquoted "
                                 f"yes/no/on/off into true/false; put the value in quotes")
            if isinstance(v, (_dt.date, int, float)):
                raise InputError(f"{source}: line {line}: {key} was read as a {type(v).__name__}; put it in quotes")
            if not isinstance(v, str):           # `title: [a, b]` is a list, never the title "['a', 'b']"
                kind = "a list" if isinstance(v, list) else "key: value lines" if isinstance(v, dict) else "not text"
                raise InputError(f"{source}: line {line}: {key} must be text, got {kind}; put it in quotes")
            values[key] = v
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
    for sec in frontmatter.sections(body, body_start):
        field = SECTION_BY_HEADING.get(sec.title.lower())
        if field is None:
            raise InputError(f"{source}: line {sec.line}: unknown section '{yamlsafe.shown(sec.title, 80)}' "
                             f"(sections: {', '.join(h for _, h in SECTIONS)})")
        sections[field] = sec.text.split("\n")
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
        return validate_story(story)
    except StoryError as exc:
        raise InputError(f"{source}: {exc}") from None
