"""A caption cue's text → lines per speaker: markup, entities and sound-only captions removed, `<v Name>` voices
and `Name:` prefixes split, and whether an unnamed cue continues the speaker before it."""

from __future__ import annotations

import html
import re

from systemcraft.domain.transcript import MAX_SPOKEN_CHARS, Line, Transcript, check_size
from systemcraft.domain.wording import counted
from systemcraft.transcripts.names import is_display_name, speaker_prefix

_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^<>]*)>(.*?)(?:</v>|(?=<v[\s.])|$)", re.S)   # linear: a name stops at '<'
SPACES = re.compile(r"[^\S\n]+")
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>|<\d[\d:.]*>")
# Sound-only captions: "[Music]", "[BLANK_AUDIO]", "(applause)", "[laughter]", "(upbeat music)": never words
_SOUND = re.compile(r"[\[(](?:[^\[\]()\n]{0,30}\b)?(?:music|applause|laugh\w*|blank_audio|silence|inaudible|crosstalk|"
                    r"noise|cheer\w*|clap\w*|cough\w*|sigh\w*|foreign|no audio|sound)"
                    r"(?:\b[^\[\]()\n]{0,30})?[\])]|♪+",
                    re.I)
_PAREN_ROW = re.compile(r"^\(([^()\n]{1,80})\)$")
_HARD_SPACE = re.compile(r"\\[hNn]")


def clean(text: str) -> str:
    """Cue text without markup, entities, hard spaces or sound-only captions, spaces collapsed."""
    if "<" in text:
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    if "\\" in text:
        text = _HARD_SPACE.sub(" ", text)        # SubRip/ASS hard space and line break: \h, \N
    if "[" in text or "(" in text or "♪" in text:
        text = _SOUND.sub(" ", text)
    if "  " in text or "\t" in text or "\xa0" in text:
        text = SPACES.sub(" ", text)
    return text.strip()


def speaker_lines(raw: str, start: float, end: float, where: str, last_speaker: str) -> tuple[list[Line], str]:
    """One cue's text → lines per voice (`<v Name>`) or per `Name:` prefix; unnamed text keeps the
    previous cue's speaker (Zoom splits a long turn into several cues and names only the first)."""
    voices = [(m.group(1).strip(), clean(m.group(2))) for m in _VOICE.finditer(raw)]
    if not voices:
        voices = []
        for row in raw.split("\n"):
            m = speaker_prefix(clean(row))
            p = None if m else _PAREN_ROW.match(clean(row))
            if p and is_display_name(p.group(1).strip()):
                voices.append((p.group(1).strip(), ""))        # "(Danyel Fisher)" on its own row, text below
            elif m:
                voices.append((m.group(1).strip(), clean(row)[m.end():]))
            elif clean(row) in ("-", "–"):
                continue                                         # a separator between two voices of one cue
            elif voices:
                voices[-1] = (voices[-1][0], f"{voices[-1][1]} {clean(row)}".strip())
            else:
                voices.append((last_speaker, clean(row)))
    voices = [(who, text) for who, text in voices if text]
    if not voices:
        return [], last_speaker
    if len(voices) == 1:
        return [Line(start, end, voices[0][1], voices[0][0], where=where)], voices[0][0]
    # several voices in one cue: share its time in proportion to their words
    total = sum(max(1, len(t.split())) for _, t in voices)
    out, t0 = [], start
    for who, text in voices:
        t1 = t0 + (end - start) * max(1, len(text.split())) / total
        out.append(Line(round(t0, 3), round(t1, 3), text, who, where=where))
        t0 = t1
    return out, voices[-1][0]


class Cue:
    """One WebVTT cue as written: its identifier line, times in seconds, text with its markup, and where."""
    __slots__ = ("identifier", "start", "end", "raw_text", "where")

    def __init__(self, identifier: str, start: float, end: float, raw_text: str, where: str) -> None:
        self.identifier, self.start, self.end, self.raw_text, self.where = identifier, start, end, raw_text, where


CONTINUATION_GAP = 0.1      # seconds: an unnamed cue this close after a named one is the same utterance, cut in two


def has_name(raw: str) -> bool:
    def names(row: str) -> bool:
        p = _PAREN_ROW.match(row)
        return bool(speaker_prefix(row) or (p and is_display_name(p.group(1).strip())))
    return "<v" in raw or any(names(clean(r)) for r in raw.split("\n"))


def cue_lines(cues: list[tuple[str, float, float, str]], fmt: str) -> Transcript:
    """Cues (raw text, start, end, where) → lines per speaker. A cue without a name continues the speaker
    before it only when it follows on at once (one utterance cut in two); otherwise it is kept apart as
    unnamed: Zoom leaves the name out when it cannot tell who spoke, and that is often someone else."""
    lines: list[Line] = []
    speaker = ""
    prev_end = None
    empty = carried = apart = 0
    spoken = 0
    any_named = False
    for raw, start, end, where in cues:
        spoken += len(raw)
        if spoken > 2 * MAX_SPOKEN_CHARS:          # markup and names included: far past what is analysed
            check_size([Line(0, 0, "x" * (spoken // 2))])
        named = has_name(raw)
        follows = prev_end is not None and start - prev_end <= CONTINUATION_GAP
        before = speaker if (named or follows) else ""
        got, after = speaker_lines(raw, start, end, where, before)
        if not got:
            empty += 1
            continue
        if not named:                               # every unnamed cue counted, a run of them too
            carried += bool(before)
            apart += not before
        any_named = any_named or named
        speaker, prev_end = after, end
        lines += got
    t = Transcript(lines, fmt)
    if empty:
        t.notes.append(f"{counted(empty, 'empty cue')} ignored")
    if carried:
        t.notes.append(f"{counted(carried, 'cue')} without a name continued the speaker just before "
                       f"{'it' if carried == 1 else 'them'} (no gap between the cues)")
    if apart and any_named:                         # a file without any name has no unnamed speaker to note
        t.notes.append(f"{counted(apart, 'cue')} without a speaker's name kept apart as unnamed: the meeting tool "
                       "could not tell who spoke")
    return t


def named_without_voices(captions) -> bool:
    return not any("<v" in c.raw_text for c in captions) and any(speaker_prefix(c.raw_text) for c in captions)
