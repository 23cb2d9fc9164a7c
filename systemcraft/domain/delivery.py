"""How an answer was delivered: pace, pauses, fillers, hedges, I/we, numbers — with evidence.

Decision 12: pace target 140–160 words a minute (120–180 acceptable); pauses over 2.5 s listed;
"like" and "so" count as fillers only when set off by a comma or a pause. Every number here comes
from the words and their times; nothing is a verdict on the person.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from systemcraft.domain.quantities import quantities
from systemcraft.domain.story_analysis import I_WORDS, WE_WORDS
from systemcraft.domain.transcript import Line, Speech, Turn, Word, count_words, fmt_time
from systemcraft.domain.wording import counted

PACE_TARGET = (140, 160)
PACE_ACCEPTABLE = (120, 180)
LONG_PAUSE = 2.5          # seconds
SET_OFF_PAUSE = 0.5       # a gap this long after "like"/"so" sets it off like a comma
WINDOW = 30               # seconds of speaking time per pace point
FILLERS = ("um", "uh", "er", "erm", "uhm", "hmm", "you know", "basically")
SOFT_FILLERS = ("like", "so")            # only when set off
HEDGES = ("maybe", "probably", "i think", "not sure", "perhaps", "kind of", "sort of", "kinda", "sorta", "i guess",
          "more or less", "i suppose", "somewhat", "possibly")
# "what kind of problem", "the sort of team": a determiner before "kind of"/"sort of" makes it a noun, not a hedge
NOT_HEDGE_BEFORE = frozenset("a an the this that these those what which some any every each one no same other "
                             "different right wrong my our your their his her its all".split())

# Plausibility. Figures past these limits come from wrong timings, not from a person; they are named in a note
# and such a report is not stored (a wrong figure would pollute the trend).
PLAUSIBLE_OVER = 60.0     # seconds of talk before the pace is judged: a one-sentence answer has no stable pace
MAX_WPM = 300             # sustained English speech stays under ~250 words/min even for fast talkers and
                          # auctioneer-style reading; 300+ over a minute means repeated text or squeezed timings
MIN_WPM = 40              # under 40 words/min over a minute of "talk" is mostly silence inside the cues: a
                          # cue stretched over a whole recording, or a file spread over a wrong duration
MAX_CUE_WORDS_PER_SECOND = 7.0   # 420 words/min within one cue: faster than anyone speaks (bursts reach ~6/s)
DENSE_CUE_MIN_WORDS = 20  # shorter cues can be off by rounding ("yes, sure" in 0.2 s); the check needs enough words
BREAK = 60.0              # a silence this long inside one speaker's turn is a break (an edit, a stop, a wrong
                          # timestamp), not a pause: nobody answering a question is silent for a minute
# Language. Filler, hedge, I/we and STAR analysis read English words; other languages keep pace and pauses.
LANGUAGE_MIN_WORDS = 20   # fewer words than this are not enough to tell a language
STOP_WORDS = {
    "en": frozenset("the and of to in is it that was for on with this my we you they but so our be have at not are "
                    "as i he she what there had were would been".split()),
    "pt": frozenset("de que não nao o do da em um uma para com os no na se por mais é eu você voce isso muito mas "
                    "foi ele ela tem está esta então entao também tambem aqui ser".split()),
    "es": frozenset("de la que el en y los del se las por un para con no una su al es lo como más mas pero yo "
                    "muy está esto eso fue también hay".split()),
    "fr": frozenset("le la les de des et est un une du en que qui pas pour je nous vous il elle ce dans sur avec "
                    "mais c'est très tres aussi être".split()),
    "de": frozenset("der die das und ist nicht ich wir sie es ein eine zu den mit von auf für fur auch dass aber "
                    "sich im dem war haben".split()),
}
LANGUAGE_NAMES = {"en": "English", "pt": "Portuguese", "es": "Spanish", "fr": "French", "de": "German",
                  "other": "a language other than English"}


@dataclass(frozen=True)
class Hit:
    """One occurrence: what was said, when, and the words around it."""
    what: str
    at: float
    quote: str
    value: float | None = None      # numbers only: the amount in its canonical unit (seconds for time)
    unit: str = ""                  # numbers only: "%", "s", "$", "x", a counted noun, or "" for a bare number


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
    english: bool = True            # fillers, hedges and I/we are read only in English

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
                if parts[-1] == "of" and i > 0 and bare[i - 1] in NOT_HEDGE_BEFORE:
                    continue
                out.append(Hit(p, round(words[i].start, 2), _quote(words, i, len(parts))))
    return out


def number_hits(words: list[Word]) -> list[Hit]:
    """Quantities as spoken, with their value and unit: digits ("40%", "$2M", "420 ms") or words ("forty
    percent", "two point five million dollars", "doubled"). A bare year is a date, not a quantity."""
    return [Hit(q.text, round(words[q.first].start, 2), _quote(words, q.first, q.last - q.first + 1, 4),
                round(q.value, 6), q.unit)
            for q in quantities([w.text for w in words])]


def language(words: list[Word]) -> str:
    """"en", another code from STOP_WORDS, "other" (mostly non-Latin letters), or "" when there are too few
    words to tell. The share of each language's commonest words decides; English wins ties."""
    if len(words) < LANGUAGE_MIN_WORDS:
        return ""
    bare = [w.bare for w in words]
    letters = "".join(bare)
    latin = sum(1 for ch in letters if ch.isascii() or "à" <= ch <= "ÿ")
    if letters and latin / len(letters) < 0.5:
        return "other"
    share = {code: sum(1 for b in bare if b in stops) / len(bare) for code, stops in STOP_WORDS.items()}
    best = max(share, key=lambda c: (share[c], c == "en"))
    return best if share[best] > share["en"] else "en"


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


def measure(speech: Speech, english: bool = True) -> Delivery:
    """The figures; with english=False the English word lists (fillers, hedges, I/we) are not applied:
    Portuguese "um" is "a", not a filler."""
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
        pace=tuple(pace(speech)), pauses=tuple(found), fillers=tuple(fillers(words)) if english else (),
        hedges=tuple(phrase_hits(words, HEDGES)) if english else (),
        i_count=len(I_WORDS.findall(text)) if english else 0, we_count=len(WE_WORDS.findall(text)) if english else 0,
        numbers=tuple(number_hits(words)), english=english)


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
    if d.english and d.we_count > d.i_count:
        out.append(f"\"We\" ({d.we_count}) outnumbers \"I\" ({d.i_count}): make your own part audible.")
    if d.english and not d.numbers:
        out.append("No quantities spoken: the result has no number in it.")
    return out


@dataclass(frozen=True)
class Break:
    at: float            # when the silence began
    seconds: float


def split_breaks(speech: Speech) -> tuple[Speech, tuple[Break, ...]]:
    """The speech with every silence over BREAK inside a turn cut out (the turn splits there), and those
    silences: they are not pauses and not talking time."""
    turns: list[Turn] = []
    found: list[Break] = []
    for turn in speech.turns:
        ws = turn.words
        start, lo = turn.start, 0
        for i in range(len(ws) - 1):
            gap = ws[i + 1].start - ws[i].end
            if gap > BREAK:
                found.append(Break(round(ws[i].end, 2), round(gap, 2)))
                turns.append(Turn(tuple(ws[lo:i + 1]), start, ws[i].end))
                lo, start = i + 1, ws[i + 1].start
        turns.append(Turn(tuple(ws[lo:]), start, turn.end) if lo else turn)
    return (replace(speech, turns=tuple(turns)) if found else speech), tuple(found)


def plausibility(d: Delivery, lines: list[Line], speaker: str, breaks: tuple[Break, ...] = (),
                 estimated: bool = False) -> tuple[list[str], str]:
    """(notes, why the figures are impossible — "" when they are not). Each note names the figure, the limit
    and what to check. With estimated timings (plain text spread over the duration the user gave) the pace is
    the user's own figure, words over their duration: it is noted, not refused."""
    notes: list[str] = []
    wrong = ""
    for b in breaks:
        notes.append(f"A silence of {_span(b.seconds)} at {fmt_time(b.at)} is longer than a break of "
                     f"{BREAK:.0f} s, so it is left out of the pauses and the talking time; check the timestamps there.")
    if estimated and d.speaking_seconds >= PLAUSIBLE_OVER and not MIN_WPM <= d.wpm <= MAX_WPM:
        notes.append(f"A pace of {d.wpm:.0f} words a minute over the duration you gave is outside what people speak "
                     f"({MIN_WPM}–{MAX_WPM}): check that duration.")
    elif d.speaking_seconds >= PLAUSIBLE_OVER and d.wpm > MAX_WPM:
        wrong = (f"A pace of {d.wpm:.0f} words a minute is faster than anyone speaks (over {MAX_WPM}): the "
                     "timings or repeated caption lines are wrong, so this analysis is not kept. Check the file's timestamps.")
        notes.append(wrong)
    elif d.speaking_seconds >= PLAUSIBLE_OVER and d.wpm < MIN_WPM:
        wrong = (f"A pace of {d.wpm:.0f} words a minute (under {MIN_WPM}) means the cues are mostly silence: "
                     "the timings are wrong, so this analysis is not kept. Check the file's timestamps or its duration.")
        notes.append(wrong)
    dense = []
    for ln in () if estimated else lines:          # estimated cues have no times of their own to check
        if ln.speaker != speaker or not ln.text.strip():
            continue
        n = count_words(ln.text)
        secs = ln.end - ln.start
        if n >= DENSE_CUE_MIN_WORDS and (secs <= 0 or n / secs > MAX_CUE_WORDS_PER_SECOND):
            dense.append((ln, n, secs))
    if dense:
        ln, n, secs = max(dense, key=lambda x: x[1] / max(x[2], 0.01))
        dense_words = sum(n for _, n, _ in dense)
        where = f"{ln.where}: " if ln.where else ""
        many = f" ({len(dense)} cues like it)" if len(dense) > 1 else ""
        notes.append(f"{where}{n} words in {secs:.1f} s is faster than anyone speaks (over "
                     f"{MAX_CUE_WORDS_PER_SECOND:g} words a second){many}; the pace there is not real. Check that cue's times.")
        if d.words and dense_words / d.words > 0.1 and not wrong:
            wrong = notes[-1]
    return notes, wrong


def _span(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} hours"
    return f"{seconds / 60:.1f} minutes" if seconds >= 120 else f"{seconds:.0f} s"
