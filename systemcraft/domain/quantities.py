"""Quantities as people write and say them, read into a value and a unit so that they can be compared.

"420 milliseconds" and "420 ms" are the same quantity; so are "11 million dollars" and "$11M", and
"two point five million dollars" is 2.5 million dollars (not "five million"). A bare year ("in 2019",
"twenty nineteen") names a time, not a quantity, and is left out. Numbers spelled out count when a unit
or a scale follows them ("three weeks", "a million") or when they are ten or more ("thirteen"); a lone
"one" or "two" is ordinary English ("one of the teams"), not a figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ONES = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
        "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
        "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
MULTIPLIERS = {"doubled": 2.0, "tripled": 3.0, "quadrupled": 4.0, "halved": 0.5, "twice": 2.0}
SUFFIX = {"k": 1e3, "m": 1e6, "mm": 1e6, "bn": 1e9, "b": 1e9}
CURRENCY = {"$": "$", "€": "€", "£": "£"}
# unit words → (canonical unit, factor to that unit); times are kept in seconds so "2 minutes" = "120 s"
UNITS: dict[str, tuple[str, float]] = {
    "%": ("%", 1), "percent": ("%", 1), "pct": ("%", 1),
    "ms": ("s", 0.001), "msec": ("s", 0.001), "millisecond": ("s", 0.001), "milliseconds": ("s", 0.001),
    "s": ("s", 1), "sec": ("s", 1), "secs": ("s", 1), "second": ("s", 1), "seconds": ("s", 1),
    "min": ("s", 60), "mins": ("s", 60), "minute": ("s", 60), "minutes": ("s", 60),
    "h": ("s", 3600), "hr": ("s", 3600), "hrs": ("s", 3600), "hour": ("s", 3600), "hours": ("s", 3600),
    "day": ("s", 86400), "days": ("s", 86400), "week": ("s", 604800), "weeks": ("s", 604800),
    "month": ("month", 1), "months": ("month", 1), "quarter": ("month", 3), "quarters": ("month", 3),
    "year": ("month", 12), "years": ("month", 12),
    "dollar": ("$", 1), "dollars": ("$", 1), "usd": ("$", 1), "bucks": ("$", 1),
    "euro": ("€", 1), "euros": ("€", 1), "eur": ("€", 1), "pound": ("£", 1), "pounds": ("£", 1), "gbp": ("£", 1),
    "kb": ("B", 1e3), "mb": ("B", 1e6), "gb": ("B", 1e9), "tb": ("B", 1e12),
    "x": ("x", 1), "×": ("x", 1), "times": ("x", 1), "fold": ("x", 1),
}
# counted things: a number before one of these is a quantity of it ("40 engineers")
NOUNS = frozenset("""user users customer customers engineer engineers people person team teams request requests
qps rps tps service services incident incidents outage outages ticket tickets bug bugs release releases deploy
deploys deployment deployments page pages report reports hire hires developer developers member members
account accounts order orders seller sellers partner partners country countries region regions site sites
server servers node nodes host hosts cluster clusters store stores transaction transactions job jobs
record records sprint sprints feature features
manager managers direct reports org orgs organisations organizations""".split())
# one of these may stand between a number and the thing counted: "two other teams", "40 new engineers"
BETWEEN = frozenset("other more new different extra additional separate senior junior full-time major".split())
_DIGITS = re.compile(r"([$€£])?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(k|m|mm|bn|b|%|x|×|ms|kb|mb|gb|tb)?", re.I)
_EDGE = "\"'“”‘’()[]{}<>~≈+*_"
_STOP_AFTER = re.compile(r"[.!?;:,—–]+[\"'”’)]*$")
MAX_TOKEN = 40          # no spoken number is longer; a longer run of digits is not read


@dataclass(frozen=True)
class Quantity:
    text: str           # as written or spoken
    value: float        # in the canonical unit (seconds for time, months for months/years)
    unit: str           # "%", "s", "month", "$", "€", "£", "x", a counted noun, or "" (a bare number)
    first: int          # index of the first word it came from
    last: int           # index of the last word (inclusive)

    def same(self, other: "Quantity") -> bool:
        """The same amount: values within 0.5 % and the same unit (a bare number matches any unit:
        "cut it to 11 million" says the story's "$11M")."""
        if self.unit and other.unit and _unit_key(self.unit) != _unit_key(other.unit):
            return False
        hi = max(abs(self.value), abs(other.value))
        return abs(self.value - other.value) <= 0.005 * hi if hi else True


def _unit_key(unit: str) -> str:
    return unit[:-1] if unit.endswith("s") and unit not in ("s",) else unit


def _pieces(words: list[str]) -> list[tuple[str, int, bool]]:
    """(lower-case token, index of its word, does a punctuation stop follow it). Hyphenated numbers split
    ("twenty-five", "5-minute")."""
    out = []
    for i, raw in enumerate(words):
        stop = bool(_STOP_AFTER.search(raw))
        t = raw.strip(_EDGE).rstrip(".,;:!?…—–").strip(_EDGE).lower().replace("’", "'")
        if not t:
            continue
        parts = t.split("-") if "-" in t and len(t) <= MAX_TOKEN else [t]
        if len(parts) > 1 and not any(p in ONES or p in TENS or p[:1].isdigit() for p in parts):
            parts = [t]
        parts = [p for p in parts if p]
        for k, p in enumerate(parts):
            out.append((p, i, stop and k == len(parts) - 1))
    return out


def _spelled(toks: list[tuple[str, int, bool]], j: int) -> tuple[float, int, bool, bool] | None:
    """A spelled-out number starting at toks[j]: (value, index after it, had a scale word, looks like a year)."""
    total, current, k, scaled, seen = 0.0, 0.0, j, False, False
    last_kind = ""
    n = len(toks)
    # "a million", "a hundred", "half a million"
    if toks[j][0] in ("a", "an") and j + 1 < n and (toks[j + 1][0] in SCALES or toks[j + 1][0] == "hundred") \
            and not toks[j][2]:
        current, k, seen = 1.0, j + 1, True
    elif toks[j][0] == "half" and j + 2 < n and toks[j + 1][0] == "a" and toks[j + 2][0] in SCALES:
        current, k, seen = 0.5, j + 2, True
    year = False
    while k < n:
        t, _, stop = toks[k]
        if t in ONES or t in TENS:
            kind = "tens" if t in TENS else ("teen" if ONES[t] >= 10 else "one")
            if last_kind in ("tens", "teen", "one") and not (last_kind == "tens" and kind == "one"):
                # two numbers in a row: "twenty nineteen" or "nineteen ninety-five" is a year said aloud
                if current in (19, 20) and last_kind in ("tens", "teen") and kind in ("teen", "tens"):
                    year = True
                    k += 1
                    if kind == "tens" and k < n and toks[k][0] in ONES and ONES[toks[k][0]] < 10 and not toks[k - 1][2]:
                        k += 1
                break
            current += ONES.get(t, TENS.get(t, 0))
            last_kind, seen = kind, True
        elif t == "hundred" and seen:
            current = (current or 1) * 100
            last_kind = "scale"
        elif t in SCALES and seen:
            total += (current or 1) * SCALES[t]
            current, scaled, last_kind = 0.0, True, "scale"
        elif t == "point" and seen and k + 1 < n and toks[k + 1][0] in ONES and ONES[toks[k + 1][0]] < 10:
            k += 1
            frac, place = 0.0, 0.1
            while k < n and toks[k][0] in ONES and ONES[toks[k][0]] < 10:
                frac += ONES[toks[k][0]] * place
                place /= 10
                if toks[k][2]:
                    break
                k += 1
            else:
                k -= 1
            current += frac
            last_kind, stop = "scale", toks[k][2]
        elif t == "and" and seen and last_kind == "scale" and k + 1 < n and (toks[k + 1][0] in ONES or toks[k + 1][0] in TENS):
            pass
        else:
            break
        if stop:
            k += 1
            return (total + current, k, scaled, year) if seen else None
        k += 1
    return (total + current, k, scaled, year) if seen else None


def _unit_at(toks: list[tuple[str, int, bool]], k: int) -> tuple[str, float, int]:
    """The unit word at toks[k] (and "per cent"): (unit, factor, index after it); ("", 1, k) when none."""
    if k >= len(toks):
        return "", 1.0, k
    t = toks[k][0]
    if t == "per" and k + 1 < len(toks) and toks[k + 1][0] == "cent":
        return "%", 1.0, k + 2
    if t in UNITS:
        unit, factor = UNITS[t]
        return unit, factor, k + 1
    if t in NOUNS:
        return t, 1.0, k + 1
    if t in BETWEEN and not toks[k][2] and k + 1 < len(toks) and toks[k + 1][0] in NOUNS:
        return toks[k + 1][0], 1.0, k + 2
    return "", 1.0, k


def quantities(words: list[str]) -> list[Quantity]:
    """Every quantity in the words, in order."""
    toks = _pieces(words)
    out: list[Quantity] = []
    j, n = 0, len(toks)
    while j < n:
        t, first, stop = toks[j]
        q = None
        m = _DIGITS.fullmatch(t) if len(t) <= MAX_TOKEN else None
        if m:
            cur, whole, frac, suffix = m.group(1), m.group(2), m.group(3) or "", (m.group(4) or "").lower()
            value = float(whole.replace(",", "") + frac)
            unit, factor, k = "", 1.0, j + 1
            scaled = False
            if suffix in SUFFIX:
                value *= SUFFIX[suffix]
                scaled = True
            elif suffix:
                unit, factor = UNITS[suffix]
            if not stop and k < n and toks[k][0] in SCALES:
                value *= SCALES[toks[k][0]]
                scaled = True
                stop = toks[k][2]
                k += 1
            if not unit and not stop:
                unit, factor, k2 = _unit_at(toks, k)
                if k2 > k:
                    stop, k = toks[k2 - 1][2], k2
            if cur:
                unit, factor = CURRENCY[cur], 1.0
            value *= factor
            is_year = (not cur and not suffix and not scaled and not unit and not frac and "," not in whole
                       and len(whole) == 4 and 1900 <= int(whole) <= 2099)
            bare_single = not (cur or suffix or scaled or unit) and len(whole) < 2
            if not is_year and not bare_single:
                q = (value, unit, k)
        elif t in MULTIPLIERS:
            q = (MULTIPLIERS[t], "x", j + 1)
        elif t in ONES or t in TENS or t in ("a", "an", "half"):
            got = _spelled(toks, j)
            if got is not None:
                value, k, scaled, year = got
                if year:
                    j = k
                    continue
                unit, factor, k2 = ("", 1.0, k)
                if not toks[k - 1][2]:
                    unit, factor, k2 = _unit_at(toks, k)
                one_of = value == 1 and not scaled and unit in NOUNS   # "one team wanted…": a pronoun, not a count
                if (unit or scaled or value >= 10 or toks[j][0] == "zero") and not one_of:
                    q = (value * factor, unit, k2)
        if q is None:
            j += 1
            continue
        value, unit, k = q
        last = toks[k - 1][1]
        out.append(Quantity(" ".join(words[first:last + 1]).strip(" ,.;:!?()\"'“”"), value, unit, first, last))
        j = k
    return out


def quantities_in(text: str) -> list[Quantity]:
    return quantities(text.split())


def said(wanted: Quantity, spoken: list[Quantity]) -> bool:
    return any(wanted.same(q) for q in spoken)
