"""The one markup dialect of the terminal views, printed with click.style (fast) or as Rich Text (tables).

Tags: [bold], [dim], [italic], [underline] and the colours below, closed by [/]. Anything else in
brackets is printed as it is, and `\\[` prints a bracket. Rich's own markup parser is never used:
it would read a user's "[/]" as a closing tag (a crash), "[she/her]" as a style (text lost) and
":thumbs_up:" as an emoji.

User text — names, titles, notes, file names, anything a person typed or a file held — goes into
markup only through `esc()`: its backslashes and brackets then print as they are, whatever comes
after them. The views (cli/tables.py) escape at the point where they interpolate; the test
tests/hostile/test_terminal_markup.py runs every view with "[/]", "[red]", "[she/her]" and
"[bold]x[/bold]" in every text field.

Styled text costs no Rich import (about 20 ms): the week, month and progress views stay fast.
"""

from __future__ import annotations

import re

import click

COLOURS = ("green", "red", "yellow", "cyan", "magenta", "blue")
_STYLE = {"bold": {"bold": True}, "dim": {"dim": True}, "italic": {"italic": True},
          "underline": {"underline": True}, **{c: {"fg": c} for c in COLOURS}}
# An escaped backslash or bracket, or one of the tags above.
_TOKEN = re.compile(r"\\([\\\[])|\[(/|" + "|".join(_STYLE) + r")\]")


def esc(text) -> str:
    """User text inside markup: every backslash and bracket is printed as it is, never read as a tag."""
    return str(text).replace("\\", "\\\\").replace("[", "\\[")


escape = esc


def segments(text: str) -> list[tuple[str, dict]]:
    """Markup → (plain text, style) pieces. A stray [/] closes nothing and is dropped (a template slip
    must not crash a view); user text cannot contain one, since esc() turns its brackets into text."""
    out: list[tuple[str, dict]] = []
    stack: list[dict] = []
    pos = 0
    buf: list[str] = []

    def flush() -> None:
        if buf:
            style: dict = {}
            for s in stack:
                style.update(s)
            out.append(("".join(buf), style))
            buf.clear()

    for m in _TOKEN.finditer(text):
        buf.append(text[pos:m.start()])
        pos = m.end()
        if m.group(1) is not None:
            buf.append(m.group(1))
            continue
        flush()
        tag = m.group(2)
        if tag == "/":
            if stack:
                stack.pop()
        else:
            stack.append(_STYLE[tag])
    buf.append(text[pos:])
    flush()
    return [(t, s) for t, s in out if t]


def styled(text: str) -> str:
    """Markup → a string with ANSI styles (click.style; removed by click.echo when not on a terminal)."""
    return "".join(click.style(t, **s) if s else t for t, s in segments(text))


def plain(text: str) -> str:
    """Markup → the text alone."""
    return "".join(t for t, _ in segments(text))


def rich_text(text: str):
    """Markup → a rich.text.Text (imports Rich: for the table views only)."""
    from rich.style import Style
    from rich.text import Text
    out = Text()
    for t, s in segments(text):
        out.append(t, Style(color=s.get("fg"), bold=s.get("bold"), dim=s.get("dim"), italic=s.get("italic"),
                            underline=s.get("underline")) if s else None)
    return out


def echo(text: str = "") -> None:
    click.echo(styled(text))
