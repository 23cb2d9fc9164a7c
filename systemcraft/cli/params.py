"""Numbers from the command line, checked before anything reaches the store (issue 14 §3).

Every numeric option and argument of `systemcraft` uses one of these types (a test in
tests/hostile/test_cli_numbers.py fails on a bare `type=int` or `type=float`):

- `ID`: a row id — a whole number from 1 to 2,147,483,647, the largest id PostgreSQL's `integer`
  holds. Before, `story show 99999999999999999999999` reached SQLite and ended in exit 70.
- `INT`: any other whole number that fits 64 bits (what SQLite stores); what it means (minutes
  1–720, a week of the plan…) is the domain's rule, checked before the store with the domain's
  message, so the CLI, the web form and the API say the same thing.
- `REAL`: a decimal number as people write it (7, 1.5, 1e3); NaN and infinity are passed on for the
  domain to refuse with its message ("hours per week must be at least 1 and at most 70, got nan"),
  as it does for the web and the API.
- `Whole(low, high)`: a whole number with bounds of its own (a --limit, a --max-day that 0 must not
  reach).

A value that is not a number, or is out of range, is a one-line usage error (exit 2) that shows at
most the first few characters of what was typed.
"""

from __future__ import annotations

import re

import click

INT32_MAX = 2_147_483_647
INT64_MAX = 9_223_372_036_854_775_807
_WHOLE = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|nan|inf|infinity)", re.IGNORECASE)


def shown(text: str) -> str:
    """What was typed, cut so a 5,000-digit number does not fill the terminal."""
    return repr(text) if len(text) <= 24 else repr(text[:20]) + f"… ({len(text)} characters)"


class Whole(click.ParamType):
    """A whole number from `low` to `high`, checked before any int() of a huge string."""

    name = "integer"

    def __init__(self, low: int = -INT32_MAX - 1, high: int = INT32_MAX, unit: str = "") -> None:
        self.low, self.high, self.unit = low, high, unit

    def _range(self) -> str:
        return f"from {self.low} to {self.high}{self.unit}"

    def convert(self, value, param, ctx):
        if isinstance(value, bool):
            self.fail(f"must be a whole number {self._range()}", param, ctx)
        if isinstance(value, int):
            number = value
        else:
            text = str(value).strip()
            if not _WHOLE.fullmatch(text):
                self.fail(f"must be a whole number {self._range()}, got {shown(text)}", param, ctx)
            if len(text.lstrip("+-").lstrip("0")) > len(str(INT64_MAX)):
                self.fail(f"must be a whole number {self._range()}, got {shown(text)}", param, ctx)
            number = int(text)
        if not self.low <= number <= self.high:
            self.fail(f"must be a whole number {self._range()}, got {number}", param, ctx)
        return number

    def __repr__(self) -> str:
        return f"Whole({self.low}, {self.high})"


class Real(click.ParamType):
    """A decimal number; its range (NaN and infinity included) is the domain's rule."""

    name = "float"

    def convert(self, value, param, ctx):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = float(value)
        else:
            text = str(value).strip()
            if not _DECIMAL.fullmatch(text):
                self.fail(f"must be a number such as 7 or 1.5, got {shown(text)}", param, ctx)
            if len(text) > 40:
                self.fail(f"must be a number such as 7 or 1.5, got {shown(text)}", param, ctx)
            number = float(text)
        return number

    def __repr__(self) -> str:
        return "Real()"


ID = Whole(1, INT32_MAX)
INT = Whole(-INT64_MAX - 1, INT64_MAX)
REAL = Real()
