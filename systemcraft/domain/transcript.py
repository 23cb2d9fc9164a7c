"""A spoken answer as timed lines and words, whatever file it came from.

Readers (systemcraft/transcripts) turn caption files into `Line`s; this module checks the
timeline, picks the candidate's lines, times every word, and finds typed STAR markers. Times are
seconds from the start of the recording.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

OVERLAP_TOLERANCE = 0.05          # seconds: rounding in caption files, not an overlap
MARKER = re.compile(r"\[\s*(S|T|A|R|Situation|Task|Action|Result)\s*\]", re.I)
PARTS = ("situation", "task", "action", "result")
PART_OF = {"s": "situation", "t": "task", "a": "action", "r": "result",
           "situation": "situation", "task": "task", "action": "action", "result": "result"}
_TOKEN = re.compile(r"[^\s]+")
_CORE = re.compile(r"[^\W_]|[$€£%]")          # a letter or digit in any script, or a currency sign


class TranscriptError(ValueError):
    """A transcript that cannot be analysed; the message says where and why."""


@dataclass(frozen=True)
class Word:
    text: str           # as spoken, punctuation kept ("so,")
    start: float
    end: float

    @property
    def bare(self) -> str:
        return self.text.strip(".,!?;:\"'“”‘’()[]…-").lower().replace("’", "'")

    @property
    def comma_after(self) -> bool:
        return self.text.rstrip("\"'”’)").endswith((",", ";", "—", "–", "...", "…"))


@dataclass(frozen=True)
class Line:
    """One cue (or one voice of a cue): who spoke, when, and the text."""
    start: float
    end: float
    text: str
    speaker: str = ""
    words: tuple[Word, ...] = ()      # word timestamps when the source has them
    where: str = ""                   # "line 12" / "cue 4": for messages


@dataclass(frozen=True)
class Marker:
    at: float
    part: str          # situation | task | action | result
    source: str        # "typed" | "mock"


@dataclass
class Transcript:
    lines: list[Line]
    format: str                      # vtt | srt | zoom | youtube | timed-text | json | text | audio
    estimated: bool = False          # timings spread over a given duration, not measured
    notes: list[str] = field(default_factory=list)


def fmt_time(seconds: float) -> str:
    s = max(0, int(round(seconds)))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


MAX_TIMELINE_SECONDS = 24 * 3600      # no cue past 24 h: the pace series is sized by the timeline
# The spoken text analysed at most: about 170,000 words, some 18 hours of talk at 160 words a minute (an
# interview answer is a few hundred). Memory and time grow with the words; 18 MB of text took 1.4 GB.
MAX_SPOKEN_CHARS = 1_000_000


def check_size(lines: list[Line]) -> None:
    """Refuse more spoken text than MAX_SPOKEN_CHARS (every format, plain text included)."""
    spoken = sum(len(ln.text) for ln in lines)
    if spoken > MAX_SPOKEN_CHARS:
        raise TranscriptError(f"the transcript holds {spoken:,} characters of speech; at most {MAX_SPOKEN_CHARS:,} "
                              "(about 18 hours of talk) are analysed: give one answer or one interview at a time")


def check_timeline(lines: list[Line]) -> None:
    """Refuse what would make every rate wrong or the analysis unbounded, naming the cue: more spoken
    text than MAX_SPOKEN_CHARS, a cue past 24 hours, backwards or overlapping timestamps.

    Different speakers may talk over each other; one speaker's own cues may not overlap.
    """
    check_size(lines)
    last_end: dict[str, float] = {}
    prev_start = None
    for ln in lines:
        if ln.end > MAX_TIMELINE_SECONDS:
            raise TranscriptError(f"{ln.where}: the cue runs to {fmt_time(min(ln.end, 10**12))}, past 24 hours; "
                                  "no recording that long is analysed (check the timestamps)")
        if ln.end < ln.start:
            raise TranscriptError(f"{ln.where}: the cue ends ({fmt_time(ln.end)}) before it starts "
                                  f"({fmt_time(ln.start)}): backwards timestamps")
        if prev_start is not None and ln.start + OVERLAP_TOLERANCE < prev_start:
            raise TranscriptError(f"{ln.where}: starts at {ln.start:.2f} s, before the cue above it "
                                  f"({prev_start:.2f} s): timestamps go backwards")
        end = last_end.get(ln.speaker)
        if end is not None and ln.start + OVERLAP_TOLERANCE < end:
            who = f" of {ln.speaker}" if ln.speaker else ""
            raise TranscriptError(f"{ln.where}: starts at {ln.start:.2f} s, before the previous cue{who} ends "
                                  f"({end:.2f} s): overlapping timestamps")
        for w in ln.words:
            if w.end < w.start or w.start + OVERLAP_TOLERANCE < ln.start or w.end > ln.end + 0.5:
                raise TranscriptError(f"{ln.where}: the word '{w.text}' is timed {w.start:.2f}–{w.end:.2f} s, "
                                      f"outside its segment ({ln.start:.2f}–{ln.end:.2f} s)")
        prev_start = ln.start
        last_end[ln.speaker] = max(ln.end, end or 0.0)


@dataclass(frozen=True)
class SpeakerShare:
    speaker: str
    seconds: float
    words: int
    share: float       # of all talk time


def talk_time(lines: list[Line]) -> list[SpeakerShare]:
    secs: dict[str, float] = defaultdict(float)
    words: dict[str, int] = defaultdict(int)
    for ln in lines:
        secs[ln.speaker] += ln.end - ln.start
        words[ln.speaker] += count_words(ln.text)
    total = sum(secs.values()) or 1.0
    out = [SpeakerShare(s, round(v, 1), words[s], round(v / total, 3)) for s, v in secs.items()]
    return sorted(out, key=lambda x: -x.seconds)


def choose_speaker(lines: list[Line], wanted: str | None, candidate_name: str | None) -> tuple[str, str]:
    """(speaker, why). An explicit --speaker must name one speaker: exactly (case and spacing aside), or by
    words that only one speaker's name holds ("Priya" for "Priya Raman"); two Ricardos for "Ricardo", or a
    name nobody has, are refused with the speakers it could mean. Else the candidate's profile name, the
    same way; else whoever talked longest."""
    shares = talk_time(lines)
    names = [s.speaker for s in shares]
    if wanted is not None:
        hits = _matches(wanted, names)
        if len(hits) == 1:
            exact = _norm(hits[0]) == _norm(wanted)
            return hits[0], "the speaker you named" if exact else f"the speaker you named (the only '{wanted.strip()}')"
        shown = {s.speaker: f"{s.speaker or '(unnamed)'} ({fmt_time(s.seconds)})" for s in shares}
        if hits:
            raise TranscriptError(f"'{wanted.strip()}' could be {_either([shown[h] for h in hits])}: give the full "
                                  "name with --speaker")
        near = _near(wanted, names)
        hint = f"; did you mean {_either([shown[n] for n in near])}?" if near else ""
        listed = ", ".join(shown[n] for n in names)
        raise TranscriptError(f"no lines from speaker '{wanted.strip()}' in this transcript{hint} Speakers: {listed}"
                              if hint else
                              f"no lines from speaker '{wanted.strip()}' in this transcript; speakers: {listed}")
    if len(names) == 1:
        return names[0], "the only speaker"
    if candidate_name:
        hits = _matches(candidate_name, names) or [n for n in names
                                                   if n and _words(n) and _words(n) <= _words(candidate_name)]
        if len(hits) == 1:
            return hits[0], "matches the name in your profile"
    return names[0], "talked the longest (use --speaker to choose)"


def _norm(name: str) -> str:
    return " ".join(name.lower().replace("’", "'").split())


def _words(name: str) -> set[str]:
    return set(re.findall(r"[^\W_]+(?:'[^\W_]+)?", _norm(re.sub(r"\([^()]*\)", " ", name))))


def _matches(wanted: str, names: list[str]) -> list[str]:
    """The names `wanted` means: its exact spelling (case and spacing aside), else every name holding all its words."""
    w = _norm(wanted)
    exact = [n for n in names if _norm(n) == w]
    if exact:
        return exact[:1]
    ws = _words(wanted)
    return [n for n in names if ws and ws <= _words(n)] if ws else []


def _near(wanted: str, names: list[str]) -> list[str]:
    """Names sharing a word with `wanted`, or spelled close to it: what a typo or a half-remembered name meant."""
    import difflib
    ws = _words(wanted)
    close = difflib.get_close_matches(_norm(wanted), [_norm(n) for n in names if n], n=3, cutoff=0.75)
    near = sorted((n for n in names if n and _norm(n) in close), key=lambda n: close.index(_norm(n)))
    near += [n for n in names if n and ws & _words(n) and n not in near]
    return near[:5]


def _either(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def count_words(text: str) -> int:
    return sum(1 for t in _TOKEN.findall(MARKER.sub(" ", text)) if _CORE.search(t))


def words_of(line: Line) -> tuple[list[Word], list[tuple[int, str]]]:
    """The line's words with times (measured, or spread evenly over the cue) and the typed markers,
    each as (index of the next word, part)."""
    markers: list[tuple[int, str]] = []
    if line.words:
        out = []
        for w in line.words:
            m = MARKER.fullmatch(w.text.strip())
            if m:
                markers.append((len(out), PART_OF[m.group(1).lower()]))
            elif _CORE.search(w.text):
                out.append(w)
        return out, markers
    tokens: list[str] = []
    pos = 0
    text = line.text
    for m in MARKER.finditer(text):
        tokens += [t for t in _TOKEN.findall(text[pos:m.start()]) if _CORE.search(t)]
        markers.append((len(tokens), PART_OF[m.group(1).lower()]))
        pos = m.end()
    tokens += [t for t in _TOKEN.findall(text[pos:]) if _CORE.search(t)]
    if not tokens:
        return [], markers
    step = (line.end - line.start) / len(tokens)
    return [Word(t, line.start + i * step, line.start + (i + 1) * step) for i, t in enumerate(tokens)], markers


@dataclass(frozen=True)
class Turn:
    """Consecutive lines of the chosen speaker with nobody else speaking in between."""
    words: tuple[Word, ...]
    start: float
    end: float


@dataclass(frozen=True)
class Speech:
    speaker: str
    why: str
    turns: tuple[Turn, ...]
    markers: tuple[Marker, ...]
    shares: tuple[SpeakerShare, ...]

    @property
    def words(self) -> list[Word]:
        return [w for t in self.turns for w in t.words]

    @property
    def seconds(self) -> float:
        return sum(t.end - t.start for t in self.turns)


def speech_of(transcript: Transcript, speaker: str | None = None, candidate_name: str | None = None) -> Speech:
    lines = [ln for ln in transcript.lines if ln.text.strip()]
    if not lines:
        raise TranscriptError("the transcript has no spoken text (every cue is empty)")
    who, why = choose_speaker(lines, speaker, candidate_name)
    turns: list[Turn] = []
    current: list[Word] = []
    markers: list[Marker] = []
    span: list[float] = []

    def close() -> None:
        if current:
            turns.append(Turn(tuple(current), span[0], span[1]))
        current.clear()
        span.clear()

    for ln in lines:
        if ln.speaker != who:
            close()
            continue
        words, marks = words_of(ln)
        for idx, part in marks:
            at = words[idx].start if idx < len(words) else ln.end
            markers.append(Marker(round(at, 2), part, "typed"))
        if not words:
            continue
        current.extend(words)
        span[:] = [span[0] if span else min(ln.start, words[0].start), max(ln.end, words[-1].end)]
    close()
    if not turns:
        raise TranscriptError(f"no words from speaker '{who or '(unnamed)'}' in this transcript")
    return Speech(who, why, tuple(turns), tuple(markers), tuple(talk_time(lines)))
