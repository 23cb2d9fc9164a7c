"""Jinja2 filters: the same wording the terminal uses."""

from __future__ import annotations

from datetime import date

from markupsafe import Markup

from systemcraft.domain.text import balanced_bidi
from systemcraft.domain.transcript import fmt_time
from systemcraft.domain.wording import counted
from systemcraft.views import CATEGORY_LABEL, format_minutes


def _nice_date(d) -> str:
    if isinstance(d, str):
        d = date.fromisoformat(d)
    return f"{d:%a} {d.day} {d:%b}"


def _pct(ratio) -> str:
    return f"{round(float(ratio) * 100)} %"


def markdown(text: str) -> Markup:
    """User-written Markdown with raw HTML disabled: tags are shown as text, never run."""
    from markdown_it import MarkdownIt
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    md.validateLink = lambda url: url.lower().startswith(("http://", "https://", "mailto:", "#", "/"))
    closed = "\n".join(balanced_bidi(line) for line in (text or "").split("\n"))   # each line its own island
    return Markup(md.render(closed))




def as_typed(value) -> Markup:
    """A value a form sends back (an input's value, a textarea's text): escaped and printed exactly as stored,
    never touched by `finalize`, so saving a form unchanged saves the text unchanged."""
    return Markup.escape(value)


def finalize(value):
    """Every `{{ value }}` a template prints: user text keeps its bidi formatting characters, with whatever it
    leaves open closed at its end, so a title ending in U+202E cannot reverse the rest of the line it is on."""
    return balanced_bidi(value) if type(value) is str else value


FILTERS = {"minutes": format_minutes, "category": lambda c: CATEGORY_LABEL.get(c, str(c).replace("_", " ").title()),
           "hours": lambda h: f"{float(h):g}", "num": lambda v: "—" if v is None else f"{round(float(v), 1):g}",
           "nicedate": _nice_date, "pct": _pct, "markdown": markdown, "clock": lambda s: fmt_time(float(s or 0)),
           "counted": counted, "as_typed": as_typed}
