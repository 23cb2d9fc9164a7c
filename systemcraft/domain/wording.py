"""Counting words for people: "1 pause", "3 pauses", never "pause(s)"."""

from __future__ import annotations


def plural(n: float, one: str, many: str | None = None) -> str:
    """The noun for a count of n: `one` for exactly 1, else `many` (default: one + "s")."""
    return one if n == 1 else (many if many is not None else one + "s")


def counted(n: float, one: str, many: str | None = None) -> str:
    """'1 pause', '2 pauses', '0 hedges'."""
    return f"{n:g} {plural(n, one, many)}" if isinstance(n, float) else f"{n} {plural(n, one, many)}"
