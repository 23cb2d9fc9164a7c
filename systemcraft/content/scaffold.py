"""`content new TYPE NAME`: a page with every required section, placeholders marking what to write.

The placeholders are in square brackets on purpose: the linter refuses a page until they are gone.
"""

from __future__ import annotations

import re

from systemcraft.content.templates import SPECS


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "page"


def page(content_type: str, name: str, today: str) -> str:
    spec = SPECS[content_type]
    title = name.strip()[:80] or "Untitled"
    lines = ["---", f'title: "{title}"', 'summary: "[One sentence saying what this page is for.]"',
             f"type: {content_type}", "audience: both", "difficulty: intermediate", 'estimated_time: "5 min"',
             f"tags: [{content_type.replace('_', '-')}]"]
    if content_type == "behavioral":
        lines.append("lps: [ownership]")
    lines += [f"last_updated: {today}", "status: draft", "---", "", f"# {title}", ""]
    for section in spec.sections:
        lines += [f"## {section}", "", f"[Write the {section.lower()} here.]", ""]
    return "\n".join(lines)
