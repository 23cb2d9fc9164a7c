"""Text exports with a name and a time per turn (Otter, Descript, Rev, Teams, Zoom) or a time every few minutes
(Google Meet) → lines timed from those stamps."""

from __future__ import annotations

import re

from systemcraft.domain.transcript import Line, Transcript, TranscriptError, check_timeline, count_words, fmt_time
from systemcraft.domain.wording import counted
from systemcraft.transcripts.cues import clean
from systemcraft.transcripts.names import is_display_name, speaker_prefix

_CLOCK = r"(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?)"
# "Ashlee Kupor  0:03" (Otter, Teams), "Jane Doe (00:01:02):" (Rev, Descript), "[Jane Doe] 00:00:03" (Zoom)
_NAME_TIME = re.compile(r"\[?+([^\[\]\s][^\[\]\n]{0,79}?)(?:\]|[^\S\n])[^\S\n]*+[(\[]?" + _CLOCK
                        + r"[)\]]?[^\S\n]*+:?[^\S\n]*+$")
# "[00:01:02] Jane Doe: text" (Descript), "00:01:02 Jane Doe: text"
_TIME_NAME = re.compile(r"\[?" + _CLOCK + r"\]?[^\S\n]++([^\s:][^:\n]{0,79}?)[^\S\n]*+:")
_TIME_ONLY = re.compile(r"\[?" + _CLOCK + r"\]?[^\S\n]*+$")       # Google Meet: a time every few minutes
SPOKEN_WPM = 150        # the last turn of a timed text export has no end: it is taken to run at this pace


def _clock(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    seconds = 0.0
    for p in parts:
        seconds = seconds * 60 + float(p)
    return seconds


def read_timed_text(text: str, name: str, duration: float | None) -> Transcript | None:
    """Text exports with a name and a time per turn (Otter, Descript, Rev, Teams, Zoom) or a time every few
    minutes over `Name: text` lines (Google Meet) → lines timed from those stamps, each stamp's stretch shared
    by the words of its turns. None when the text has no such stamps (plain text)."""
    segments: list[list] = []            # [start or None, speaker, [text], where]
    anchor: float | None = None
    skipped = 0
    for n, row in enumerate(text.split("\n"), 1):
        row = row.strip()
        if not row:
            continue
        where = f"{name}, line {n}"
        m = _NAME_TIME.match(row) if len(row) <= 120 else None        # header rows are short
        if m and is_display_name(m.group(1).strip()):
            segments.append([_clock(m.group(2)), m.group(1).strip(), [], where])
            anchor = None
            continue
        m = _TIME_NAME.match(row[:120])
        if m and is_display_name(m.group(2).strip()):
            segments.append([_clock(m.group(1)), m.group(2).strip(), [row[m.end():].strip()], where])
            anchor = None
            continue
        m = _TIME_ONLY.match(row) if len(row) <= 40 else None
        if m:
            anchor = _clock(m.group(1))
            continue
        prefix = speaker_prefix(row)
        if prefix is not None and (anchor is not None or segments):
            segments.append([anchor, prefix.group(1), [row[prefix.end():]], where])
            anchor = None
        elif segments:
            segments[-1][2].append(row)
        elif anchor is not None:
            segments.append([anchor, "", [row], where])
            anchor = None
        else:
            skipped += 1                 # a title, the date, a list of attendees: before the first stamp
    timed = [s for s in segments if s[0] is not None]
    if not timed:
        if anchor is not None and not segments:
            raise TranscriptError(f"{name} has timestamps but no text under them")
        return None
    if segments[0][0] is None:
        segments[0][0] = 0.0
    lines: list[Line] = []
    estimated = False
    i = 0
    while i < len(segments):            # a stamp and the unstamped turns after it share the time to the next stamp
        j = i + 1
        while j < len(segments) and segments[j][0] is None:
            j += 1
        group = segments[i:j]
        start = group[0][0]
        texts = [clean(" ".join(g[2])) for g in group]
        counts = [max(1, count_words(t)) for t in texts]
        if j < len(segments):
            end = segments[j][0]
        elif duration is not None:
            end = duration
        else:
            end = start + sum(counts) * 60 / SPOKEN_WPM
            estimated = True
        if end < start:
            raise TranscriptError(f"{segments[j][3] if j < len(segments) else name}: the time "
                                  f"{fmt_time(end)} comes before {fmt_time(start)} above it: timestamps go backwards")
        t0 = start
        for g, txt, c in zip(group, texts, counts):
            t1 = t0 + (end - start) * c / sum(counts)
            if txt:
                lines.append(Line(round(t0, 3), round(t1, 3), txt, g[1], where=g[3]))
            t0 = t1
        i = j
    if not lines:
        raise TranscriptError(f"{name} has timestamps but no text under them")
    if len(timed) == 1 and duration is None:
        raise TranscriptError(f"{name} has a single timestamp: give its length with --duration (e.g. --duration 2:30) "
                              "so that the pace can be measured")
    t = Transcript(lines, "timed-text", estimated=estimated)
    t.notes.append("timed per turn (a text export): pauses inside a turn cannot be seen")
    if estimated:
        t.notes.append(f"the last turn has no end time: it is taken to run at {SPOKEN_WPM} words a minute "
                       "(give --duration for the real length)")
    if skipped:
        t.notes.append(f"{counted(skipped, 'line')} before the first timestamp skipped (a title or a list of names)")
    check_timeline(lines)
    return t
