"""How an answer was delivered: pace, pauses, fillers, hedges, I/we, numbers — with evidence.

Decision 12: pace target 140–160 words a minute (120–180 acceptable); pauses over 2.5 s listed;
"like" and "so" count as fillers only when set off by a comma or a pause. Every number here comes
from the words and their times; nothing is a verdict on the person.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from systemcraft.domain.story_analysis import I_WORDS, NUMBER, WE_WORDS
from systemcraft.domain.transcript import Speech, Word, fmt_time
from systemcraft.domain.wording import counted

PACE_TARGET = (140, 160)
PACE_ACCEPTABLE = (120, 180)
LONG_PAUSE = 2.5          # seconds
SET_OFF_PAUSE = 0.5       # a gap this long after "like"/"so" sets it off like a comma
WINDOW = 30               # seconds of speaking time per pace point
FILLERS = ("um", "uh", "er", "erm", "uhm", "hmm", "you know", "basically")
SOFT_FILLERS = ("like", "so")            # only when set off
HEDGES = ("maybe", "probably", "i think", "not sure", "perhaps")
SPELLED = re.compile(r"\b((?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
                     r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|half|a hundred)"
                     r"(?:[ -](?:one|two|three|four|five|six|seven|eight|nine|hundred|thousand|million))*"
                     r"\s+(?:percent|per cent|times|x|million|billion|thousand|hundred|users|customers|engineers|"
                     r"people|teams|weeks|months|days|hours|minutes|seconds|milliseconds|dollars|k)\b|"
                     r"\b(?:doubled|tripled|halved|quadrupled)\b)", re.I)

_LONG_RUN = re.compile(r"[\d,.]{41,}")


@dataclass(frozen=True)
class Hit:
    """One occurrence: what was said, when, and the words around it."""
    what: str
    at: float
    quote: str


@dataclass(frozen=True)
class Pause:
    at: float            # when the silence began
    seconds: float
    after: str           # the words just before it
    before: str          # the words just after it


@dataclass(frozen=True)
class Delivery:
    words: int
    speaking_seconds: float
    wpm: float
    wpm_without_pauses: float
    pace: tuple[tuple[float, float], ...]       # (start of the window on the recording, wpm)
    pauses: tuple[Pause, ...]
    fillers: tuple[Hit, ...]
    hedges: tuple[Hit, ...]
    i_count: int
    we_count: int
    numbers: tuple[Hit, ...]

    @property
    def minutes(self) -> float:
        return self.speaking_seconds / 60

    @property
    def fillers_per_minute(self) -> float:
        return round(len(self.fillers) / self.minutes, 2) if self.minutes else 0.0

    @property
    def fillers_per_100_words(self) -> float:
        return round(len(self.fillers) * 100 / self.words, 2) if self.words else 0.0

    @property
    def top_filler(self) -> tuple[str, int] | None:
        c = Counter(h.what for h in self.fillers)
        return c.most_common(1)[0] if c else None

    @property
    def pace_band(self) -> str:
        return band(self.wpm)


def band(wpm: float) -> str:
    if PACE_TARGET[0] <= wpm <= PACE_TARGET[1]:
        return "on target"
    if PACE_ACCEPTABLE[0] <= wpm <= PACE_ACCEPTABLE[1]:
        return "acceptable (slow)" if wpm < PACE_TARGET[0] else "acceptable (fast)"
    return "slow" if wpm < PACE_ACCEPTABLE[0] else "fast"


def _quote(words: list[Word], i: int, n: int = 1, around: int = 3) -> str:
    lo, hi = max(0, i - around), min(len(words), i + n + around)
    return " ".join(w.text for w in words[lo:hi])


def pauses(speech: Speech) -> list[Pause]:
    out = []
    for turn in speech.turns:
        ws = turn.words
        for i in range(len(ws) - 1):
            gap = ws[i + 1].start - ws[i].end
            if gap > LONG_PAUSE:
                out.append(Pause(round(ws[i].end, 2), round(gap, 2), " ".join(w.text for w in ws[max(0, i - 3):i + 1]),
                                 " ".join(w.text for w in ws[i + 1:i + 4])))
    return out


def fillers(words: list[Word]) -> list[Hit]:
    out = []
    bare = [w.bare for w in words]
    i = 0
    while i < len(words):
        w, b = words[i], bare[i]
        if i + 1 < len(words) and f"{b} {bare[i + 1]}" in FILLERS:
            out.append(Hit(f"{b} {bare[i + 1]}", round(w.start, 2), _quote(words, i, 2)))
            i += 2
            continue
        if b in FILLERS:
            out.append(Hit(b, round(w.start, 2), _quote(words, i)))
        elif b in SOFT_FILLERS:
            nxt = words[i + 1] if i + 1 < len(words) else None
            if w.comma_after or (nxt is not None and nxt.start - w.end >= SET_OFF_PAUSE):
                out.append(Hit(b, round(w.start, 2), _quote(words, i)))
        i += 1
    return out


def phrase_hits(words: list[Word], phrases: tuple[str, ...]) -> list[Hit]:
    bare = [w.bare for w in words]
    out = []
    for i in range(len(words)):
        for p in phrases:
            parts = p.split()
            if bare[i:i + len(parts)] == parts:
                out.append(Hit(p, round(words[i].start, 2), _quote(words, i, len(parts))))
    return out


def number_hits(words: list[Word]) -> list[Hit]:
    """Quantities as spoken: digits ("40%", "$2M", "3 weeks") or words ("forty percent", "doubled")."""
    offsets: list[int] = []
    pos = 0
    for w in words:
        offsets.append(pos)
        pos += len(w.text) + 1
    text = " ".join(w.text for w in words)
    # a run of digits, dots and commas longer than any spoken number is masked (same length, so the offsets
    # hold): NUMBER re-scans such a run from each of its digits, quadratic on "1.1.1.…" of 20,000 characters
    text = _LONG_RUN.sub(lambda m: "#" * len(m.group()), text)
    out = []
    seen: set[int] = set()
    for pattern in (NUMBER, SPELLED):
        for m in pattern.finditer(text):
            idx = bisect_right(offsets, m.start()) - 1
            if idx in seen:
                continue
            seen.add(idx)
            out.append(Hit(m.group(0).strip(" ,."), round(words[idx].start, 2), _quote(words, idx, 1, 4)))
    return sorted(out, key=lambda h: h.at)


def pace(speech: Speech) -> list[tuple[float, float]]:
    """Words a minute per 30 s of the speaker's own talking time (other speakers' turns left out).
    A last window shorter than 10 s joins the one before it.

    The series is sized by speech, not by the clock: only windows in which a word starts are kept
    (a silent stretch inside a cue has no pace to show), so there are never more points than words,
    whatever the timestamps say (a cue "ending" 10⁸ hours later once asked for 10¹⁰ windows)."""
    windows: dict[int, list[float]] = {}   # window number → [start on the recording, words]
    clock = 0.0
    for turn in speech.turns:
        for w in turn.words:
            k = int((clock + (w.start - turn.start)) // WINDOW)
            win = windows.get(k)
            if win is None:
                windows[k] = [w.start, 1]
            else:
                win[1] += 1
        clock += turn.end - turn.start
    total = clock
    keys = sorted(windows)
    series = [[windows[k][0], min(WINDOW, total - k * WINDOW), windows[k][1]] for k in keys]
    if series and keys[-1] > 0 and series[-1][1] < 10:
        last = series.pop()
        if len(keys) > 1 and keys[-2] == keys[-1] - 1:
            series[-1][1] += last[1]
            series[-1][2] += last[2]
        else:                              # the window before it was silent: join that one
            series.append([last[0], last[1] + WINDOW, last[2]])
    return [(round(s, 1), round(n / secs * 60, 1)) for s, secs, n in series if secs > 0]


def measure(speech: Speech) -> Delivery:
    words = speech.words
    seconds = speech.seconds
    found = pauses(speech)
    paused = sum(p.seconds for p in found)
    n = len(words)
    text = " ".join(w.text for w in words)
    return Delivery(
        words=n, speaking_seconds=round(seconds, 2),
        wpm=round(n / seconds * 60, 1) if seconds else 0.0,
        wpm_without_pauses=round(n / (seconds - paused) * 60, 1) if seconds - paused > 0 else 0.0,
        pace=tuple(pace(speech)), pauses=tuple(found), fillers=tuple(fillers(words)),
        hedges=tuple(phrase_hits(words, HEDGES)),
        i_count=len(I_WORDS.findall(text)), we_count=len(WE_WORDS.findall(text)),
        numbers=tuple(number_hits(words)))


def observations(d: Delivery) -> list[str]:
    """Plain statements about the numbers, each pointing at what to listen for."""
    out = []
    lo, hi = PACE_TARGET
    if d.wpm and not lo <= d.wpm <= hi:
        side = "below" if d.wpm < lo else "above"
        out.append(f"Pace {d.wpm:.0f} words/min is {side} the {lo}–{hi} target ({d.pace_band}).")
    if d.pace:
        fast = max(d.pace, key=lambda p: p[1])
        slow = min(d.pace, key=lambda p: p[1])
        if fast[1] - slow[1] >= 40:
            out.append(f"Pace moved from {slow[1]:.0f} (at {fmt_time(slow[0])}) to {fast[1]:.0f} words/min "
                       f"(at {fmt_time(fast[0])}).")
    if d.pauses:
        longest = max(d.pauses, key=lambda p: p.seconds)
        out.append(f"{counted(len(d.pauses), 'pause')} over {LONG_PAUSE:g} s; the longest, {longest.seconds:.1f} s at "
                   f"{fmt_time(longest.at)}, after “{longest.after.rstrip('.,;:')}”.")
    if d.top_filler:
        word, count = d.top_filler
        out.append(f"{counted(len(d.fillers), 'filler')}, {d.fillers_per_minute:.1f} a minute; most often \"{word}\" ({count}).")
    if d.hedges:
        kinds = sorted({h.what for h in d.hedges})
        out.append(f"Hedges: {', '.join(kinds)} ({len(d.hedges)} in all).")
    if d.we_count > d.i_count:
        out.append(f"\"We\" ({d.we_count}) outnumbers \"I\" ({d.i_count}): make your own part audible.")
    if not d.numbers:
        out.append("No quantities spoken: the result has no number in it.")
    return out
