"""Speaker names as meeting tools write them at the start of a row ("Ashlee Kupor (SL): ", "Saurabh Swaroop's
iPad: ", "Roberto Silva dos Santos: "), told apart from a heading a candidate says ("Result: ...")."""

from __future__ import annotations

import re

# words a candidate says as a heading ("Result: we cut costs by 30%"), never read as a speaker's name
_HEADINGS = frozenset("""situation task action actions result results outcome impact context background problem
goal goals challenge solution approach learning learnings lesson lessons takeaway summary conclusion answer note
example first second third then finally step update""".split())
# Display names as meeting tools write them: "Ashlee Kupor (SL)", "Saurabh Swaroop's iPad", "Roberto Silva dos
# Santos", "Zoë O'Brien-Smith", "Speaker 2". Lower-case words are allowed only as name particles.
_PARTICLES = frozenset("""de da das do dos du di del della der den van von ter ten la le bin binti al el y e
und zu st""".split())
_PAREN = re.compile(r"\s*\([^()\n]{1,40}\)")
_PREFIX = re.compile(r"[^\S\n]*+([^\s:][^:\n]{0,79}?)[^\S\n]*+:(?=\s|$)")    # matched on a row's first 120 chars


class _Prefix:
    """A `Name: ` at the start of a row (the shape `re.Match` has for the callers: group(1), end())."""
    __slots__ = ("name", "_end")

    def __init__(self, name: str, end: int) -> None:
        self.name, self._end = name, end

    def group(self, _: int = 1) -> str:
        return self.name

    def end(self) -> int:
        return self._end


def is_display_name(name: str) -> bool:
    """Whether `name` reads as a person's display name in a meeting tool, not the start of a sentence."""
    if re.fullmatch(r"(?:SPEAKER[_ ]\d+|Speaker [\dA-Z]{1,3}|Unknown [Ss]peaker(?: \d+)?)", name):
        return True
    bare = _PAREN.sub(" ", name).strip()
    tokens = bare.split()
    if not tokens or len(tokens) > 6 or len(name) > 80:
        return False
    first = tokens[0]
    if not first[0].isalpha() or not first[0].isupper() or first.lower().rstrip(".") in _HEADINGS:
        return False
    for t in tokens:
        core = t.strip("\"'’.,-")
        if not core or not all(ch.isalnum() or ch in ".'’-_&" for ch in core):
            return False
        if not (core[0].isupper() or core.lower() in _PARTICLES or re.fullmatch(r"i[A-Z]\w*", core)
                or (t is not first and core[0].isdigit())):
            return False
    return True


def speaker_prefix(row: str):
    """The `Name: ` at the start of a row when the name reads as a display name (see is_display_name)."""
    m = _PREFIX.match(row[:120])
    if m is None or not is_display_name(m.group(1).strip()):
        return None
    end = m.end()
    while end < len(row) and row[end] in " \t":
        end += 1
    return _Prefix(m.group(1).strip(), end)
