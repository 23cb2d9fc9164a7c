"""Counting words for people: "1 pause", "3 pauses", never "pause(s)"."""

from __future__ import annotations


def plural(n: float, one: str, many: str | None = None) -> str:
    """The noun for a count of n: `one` for exactly 1, else `many` (default: one + "s")."""
    return one if n == 1 else (many if many is not None else one + "s")


def counted(n: float, one: str, many: str | None = None) -> str:
    """'1 pause', '2 pauses', '0 hedges'."""
    return f"{n:g} {plural(n, one, many)}" if isinstance(n, float) else f"{n} {plural(n, one, many)}"


def one_line(text: str, limit: int = 400) -> str:
    """Text a person wrote, fit for a one-line message: characters a terminal would act on (a newline,
    a carriage return, an escape sequence) are shown escaped, and it is cut to `limit` characters."""
    shown = "".join(ch if ch.isprintable() or ch == " " else ascii(ch)[1:-1] for ch in text[:limit + 1])
    return shown if len(shown) <= limit else shown[:limit - 1] + "…"
