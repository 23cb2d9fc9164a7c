"""The one rule for what is text (domain/text.py), on the characters people actually paste."""

from __future__ import annotations

import pytest

from systemcraft.domain.text import balanced_bidi, control_problem

RLO, PDF, RLI, PDI, LRI, LRE = "\u202e", "\u202c", "\u2067", "\u2069", "\u2066", "\u202a"


@pytest.mark.parametrize("text", [
    "Line one\nLine two\twith a tab",          # a multi-line box: tab and line feed are text
    "Ship it 🚀 👩\u200d💻", "مرحبا", "Cafe\u0301", "invoice" + RLO + "gnp.exe", "\u00a0non-breaking\u00ad",
])
def test_text_people_type_is_text(text):
    assert control_problem(text) is None


@pytest.mark.parametrize("text, one_line, expected", [
    # U+0092 is what "it’s" becomes when Windows-1252 is read as Latin-1: invisible, the 3rd character
    ("it\x92s", False, "contains control characters (an invisible U+0092 at character 3); delete it and save again"),
    ("\x85next", False, "contains control characters (an invisible U+0085 at character 1); delete it and save again"),
    ("bell\x07", False, "contains control characters (an invisible U+0007 at character 5); delete it and save again"),
    ("rub\x7fout", False, "contains control characters (an invisible U+007F at character 4); delete it and save again"),
    ("Sam\x00", False, "contains control characters (a NUL character at character 4); delete it and save again"),
    ("Two\nlines", True, "contains control characters (a line break at character 4); delete it and save again"),
    ("a\tb", True, "contains control characters (a tab at character 2); delete it and save again"),
    ("x\ud800", False, "contains text that is not valid Unicode (an unpaired surrogate at character 2)"),
])
def test_a_control_character_is_named_with_where_it_is(text, one_line, expected):
    assert control_problem(text, one_line) == expected


@pytest.mark.parametrize("text, closed", [
    ("plain text", "plain text"),                                   # nothing to close: the same string
    ("invoice" + RLO + "gnp.exe", "invoice" + RLO + "gnp.exe" + PDF),
    (RLO + "abc" + PDF, RLO + "abc" + PDF),                         # already closed: unchanged
    ("x" + PDF, "x" + PDF),                                         # a stray PDF closes nothing: nothing added
    (RLI + "مرحبا" + PDI + " then", RLI + "مرحبا" + PDI + " then"),
    # opened last, closed first: the RLO inside the RLI is closed before the isolate
    (RLI + "a" + RLO + "b", RLI + "a" + RLO + "b" + PDF + PDI),
    # a PDI closes its isolate and the override opened inside it; the RLO after it is still open
    (RLI + "a" + RLO + "b" + PDI + RLO, RLI + "a" + RLO + "b" + PDI + RLO + PDF),
    # a PDF never closes across an isolate: the LRE stays open outside the LRI
    (LRE + "a" + LRI + "b" + PDF, LRE + "a" + LRI + "b" + PDF + PDI + PDF),
    (PDI + RLO + "evil", PDI + RLO + "evil" + PDF),                # a stray PDI cannot close what follows it
])
def test_what_user_text_leaves_open_is_closed_at_its_end(text, closed):
    assert balanced_bidi(text) == closed
    assert balanced_bidi(closed) == closed                          # closing twice adds nothing
