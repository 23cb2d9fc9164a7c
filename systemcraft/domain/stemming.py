"""English word stems: the Porter (1980) algorithm, so "migrated", "migrating" and "migration" meet as "migrat".

M. F. Porter, "An algorithm for suffix stripping", Program 14(3), 1980. Only lower-case a–z words are
stemmed; anything else (digits, accented or non-Latin words) is returned unchanged.
"""

from __future__ import annotations

from functools import lru_cache

_VOWELS = frozenset("aeiou")


def _cv(word: str) -> str:
    """'c' or 'v' for each letter; y is a vowel after a consonant."""
    out = []
    for i, ch in enumerate(word):
        if ch in _VOWELS:
            out.append("v")
        elif ch == "y" and i > 0 and out[i - 1] == "c":
            out.append("v")
        else:
            out.append("c")
    return "".join(out)


def _measure(stem: str) -> int:
    """m in [C](VC){m}[V]: how many vowel-consonant runs the stem has."""
    form = _cv(stem)
    return sum(1 for i in range(1, len(form)) if form[i - 1] == "v" and form[i] == "c")


def _has_vowel(stem: str) -> bool:
    return "v" in _cv(stem)


def _double_consonant(word: str) -> bool:
    return len(word) >= 2 and word[-1] == word[-2] and _cv(word)[-1] == "c"


def _cvc(word: str) -> bool:
    """Ends consonant-vowel-consonant, the last not w, x or y (hop, not hoop or snow)."""
    if len(word) < 3:
        return False
    form = _cv(word)
    return form[-3:] == "cvc" and word[-1] not in "wxy"


_STEP2 = (("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"),
          ("abli", "able"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"),
          ("ization", "ize"), ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"),
          ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"))
_STEP3 = (("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""),
          ("ness", ""))
_STEP4 = ("al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism",
          "ate", "iti", "ous", "ive", "ize")


def _longest(word: str, suffixes) -> str | None:
    best = None
    for s in suffixes:
        if word.endswith(s) and (best is None or len(s) > len(best)):
            best = s
    return best


def _step1(w: str) -> str:
    if w.endswith("sses") or w.endswith("ies"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    again = False
    if w.endswith("eed"):
        if _measure(w[:-3]) > 0:
            w = w[:-1]
    elif w.endswith("ed") and _has_vowel(w[:-2]):
        w, again = w[:-2], True
    elif w.endswith("ing") and _has_vowel(w[:-3]):
        w, again = w[:-3], True
    if again:
        if w.endswith(("at", "bl", "iz")):
            w += "e"
        elif _double_consonant(w) and w[-1] not in "lsz":
            w = w[:-1]
        elif _measure(w) == 1 and _cvc(w):
            w += "e"
    if w.endswith("y") and _has_vowel(w[:-1]):
        w = w[:-1] + "i"
    return w


def _replace(w: str, rules) -> str:
    suffixes = dict(rules)
    s = _longest(w, suffixes)
    if s is not None and _measure(w[: -len(s)]) > 0:
        return w[: -len(s)] + suffixes[s]
    return w


def _step4(w: str) -> str:
    s = _longest(w, _STEP4)
    if s is None:
        return w
    stem = w[: -len(s)]
    if _measure(stem) > 1 and (s != "ion" or stem.endswith(("s", "t"))):
        return stem
    return w


def _step5(w: str) -> str:
    if w.endswith("e"):
        m = _measure(w[:-1])
        if m > 1 or (m == 1 and not _cvc(w[:-1])):
            w = w[:-1]
    if w.endswith("ll") and _measure(w) > 1:
        w = w[:-1]
    return w


@lru_cache(maxsize=65536)
def light_stem(word: str) -> str:
    """Only the inflection taken off (Porter's step 1: plurals, -ed, -ing, final y): "hired" and "hiring" meet
    "hire", while "responsive" stays apart from "responsibility" and "timely" from "time"."""
    if len(word) <= 2 or not word.isascii() or not word.isalpha() or not word.islower():
        return word
    return _step1(word)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Porter stem of a lower-case word; words of one or two letters and non a–z words as given."""
    if len(word) <= 2 or not word.isascii() or not word.isalpha() or not word.islower():
        return word
    w = _step1(word)
    w = _replace(w, _STEP2)
    w = _replace(w, _STEP3)
    w = _step4(w)
    return _step5(w)
