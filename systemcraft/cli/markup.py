"""A tiny subset of Rich-style markup ([bold], [dim], colours, [/]) printed with click.style.

The week, month and progress views need styled text, not Rich's layout engine (about 20 ms to
import): this keeps them fast. Unknown brackets, such as "[x]", are printed as they are.
"""

from __future__ import annotations

import re

import click

_TAG = re.compile(r"(?<!\\)\[(/|bold|dim|underline|green|red|yellow|cyan|magenta|blue)\]")
_STYLE = {"bold": {"bold": True}, "dim": {"dim": True}, "underline": {"underline": True}}


def styled(text: str) -> str:
    out, stack, pos = [], [], 0
    for m in _TAG.finditer(text):
        out.append(_apply(text[pos:m.start()], stack))
        tag = m.group(1)
        if tag == "/":
            if stack:
                stack.pop()
        else:
            stack.append(_STYLE.get(tag, {"fg": tag}))
        pos = m.end()
    out.append(_apply(text[pos:], stack))
    return "".join(out).replace("\\[", "[")


def escape(text: str) -> str:
    """User text inside styled output: its brackets are printed, never read as tags."""
    return str(text).replace("[", "\\[")


def _apply(segment: str, stack: list[dict]) -> str:
    if not segment or not stack:
        return segment
    style: dict = {}
    for s in stack:
        style.update(s)
    return click.style(segment, **style)


def echo(text: str = "") -> None:
    click.echo(styled(text))
