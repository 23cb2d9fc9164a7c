"""Spreadsheet cells that cannot run as formulas (CSV injection), and back.

A text cell beginning with =, +, -, @, a tab or a carriage return is read by Excel, LibreOffice and
Google Sheets as a formula (`=HYPERLINK(...)`, `-2+3+cmd|' /C calc'!A0`). As OWASP advises, every
CSV SystemCraft writes prefixes such a text cell with a single quote, which spreadsheets take as "this
is text" and do not show. Numbers, dates and JSON cells are written as they are: a number stays a
number (a negative one included), and a JSON cell begins with a bracket, a brace, a quote or a digit.

The readers strip exactly that one quote back, so a round trip is exact. To keep it exact for text
that really begins with quotes before a trigger (`'=x`), `neutralise` adds a quote whenever the text
is quotes followed by a trigger, and `restore` removes one in the same case only. A cell like
`'already quoted` (no trigger after the quotes) is left alone both ways.
"""

from __future__ import annotations

import re

TRIGGERS = "=+-@\t\r"
_QUOTED_TRIGGER = re.compile(r"'*[=+\-@\t\r]")


def neutralise(text: str) -> str:
    """A text cell as written to a CSV: a leading quote when a spreadsheet would run it as a formula."""
    return "'" + text if _QUOTED_TRIGGER.match(text) else text


def restore(cell: str) -> str:
    """A CSV cell as the text it stood for: the one quote `neutralise` (or a person in a spreadsheet)
    put before a formula character is removed; anything else is returned as it is."""
    return cell[1:] if cell.startswith("'") and _QUOTED_TRIGGER.match(cell, 1) else cell
