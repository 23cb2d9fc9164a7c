"""What counts as text: the one rule every input path uses, and how user text is kept from reordering the page.

Control characters are not text. C0 (U+0000–U+001F), DEL and C1 (U+0080–U+009F) move a terminal's cursor, ring
its bell, or are what is left of text decoded with the wrong code page (U+0092 is a Windows-1252 apostrophe read
as Latin-1); none is visible on a page. Tab and line feed are text in a multi-line box. Lone surrogates cannot be
stored. Everything else (emoji, joiners, combining marks, right-to-left text and its bidi formatting characters)
is text and is kept exactly as typed.

Bidi formatting characters are kept, but an *unclosed* one (a U+202E RIGHT-TO-LEFT OVERRIDE with no U+202C after
it) would reverse whatever the page prints after the user's text in the same paragraph. `balanced_bidi` closes
what the text left open, so each piece of user text is shown as its own island."""

from __future__ import annotations

import re

MULTI_LINE_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")     # tab and line feed are text
ONE_LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")

_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")        # LRE, RLE, LRO, RLO: closed by PDF (U+202C)
_ISOLATES = frozenset("\u2066\u2067\u2068")                 # LRI, RLI, FSI: closed by PDI (U+2069)
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_PDF, _PDI = "\u202c", "\u2069"


def control_problem(text: str, one_line: bool = False) -> str | None:
    """None when `text` is text; otherwise what is wrong, for "<field> <problem>" (the first offender named,
    counted from 1, so the user can find it: it is invisible)."""
    found = (ONE_LINE_CONTROL if one_line else MULTI_LINE_CONTROL).search(text)
    if found is None:
        return None
    char, where = found.group(), found.start() + 1
    if "\ud800" <= char <= "\udfff":
        return f"contains text that is not valid Unicode (an unpaired surrogate at character {where})"
    what = {"\t": "a tab", "\n": "a line break", "\x00": "a NUL character"}.get(char, f"an invisible U+{ord(char):04X}")
    return f"contains control characters ({what} at character {where}); delete it and save again"


def balanced_bidi(text: str) -> str:
    """`text` with every bidi embedding, override and isolate it opens closed at its end, so it cannot reverse
    what follows it. Text without bidi formatting characters (nearly all) is returned unchanged and at once."""
    if not _BIDI.search(text):
        return text
    stack: list[str] = []
    for char in text:
        if char in _EMBEDDINGS:
            stack.append(_PDF)
        elif char in _ISOLATES:
            stack.append(_PDI)
        elif char == _PDF:
            if stack and stack[-1] == _PDF:       # a PDF closes the last embedding, never across an isolate
                stack.pop()
        elif char == _PDI and _PDI in stack:      # a PDI closes its isolate and everything opened inside it
            while stack.pop() != _PDI:
                pass
    return text + "".join(reversed(stack))
