"""WebVTT, read row by row in one pass: cues with their identifier line (a speaker may be named there), and
YouTube's rolling automatic captions de-duplicated with the time stamped on each word kept as word timing."""

from __future__ import annotations

import re

from systemcraft.domain.transcript import (
    _CORE, MAX_SPOKEN_CHARS, OVERLAP_TOLERANCE, Line, Transcript, TranscriptError, Word, check_size, fmt_time)
from systemcraft.domain.wording import counted
from systemcraft.transcripts.cues import Cue, clean, cue_lines, has_name, named_without_voices
from systemcraft.transcripts.names import is_display_name

VTT_TIMING = re.compile(r"^[^\S\n]*(?:\d{1,9}:)?\d{2}:\d{2}\.\d{3}[^\S\n]+-->", re.M)
_VTT_TIME = re.compile(r"(?:(\d{1,9}):)?([0-5]?\d):([0-5]\d)\.(\d{3})")
_INLINE_TIME = re.compile(r"<((?:\d{1,9}:)?\d{2}:\d{2}\.\d{3})>")
# YouTube times when a word starts, not when it ends: a word lasts until the next one starts, at most this long
WORD_SECONDS_MAX = 1.0


def _seconds(stamp: str, where: str) -> float:
    m = _VTT_TIME.fullmatch(stamp.strip())
    if not m:
        raise TranscriptError(f"{where}: '{stamp.strip()[:30]}' is not a WebVTT timestamp (hh:mm:ss.ttt)")
    h, mi, s, ms = m.groups()
    return int(h or 0) * 3600 + int(mi) * 60 + int(s) + int(ms) / 1000


def _vtt_cues(text: str, name: str) -> list[Cue]:
    """The cues of a WebVTT file, in one pass over its rows: blocks are separated by empty rows; a block
    whose first or second row holds `-->` is a cue (the row before it, its identifier), others (the
    header, NOTE, STYLE, REGION) are skipped. A timing row that is not hh:mm:ss.ttt --> hh:mm:ss.ttt is
    refused with its row number."""
    cues: list[Cue] = []
    rows = text.split("\n")
    n, total = 0, len(rows)

    def ends_block(i: int) -> bool:
        """An empty row; or a row of spaces before a timing row (an editor's trailing spaces). YouTube's
        rows of one space inside a cue are cue text."""
        if rows[i] == "":
            return True
        if rows[i].strip():
            return False
        nxt = rows[i + 1] if i + 1 < total else ""
        return "-->" in nxt or (nxt.strip() != "" and i + 2 < total and "-->" in rows[i + 2])

    while n < total and not ends_block(n):          # the header block (WEBVTT, Kind:, Language:, Style: ...)
        n += 1
    while n < total:
        while n < total and ends_block(n):
            n += 1
        first = n
        while n < total and not ends_block(n):
            n += 1
        block = rows[first:n]
        while block and not block[0].strip():
            block = block[1:]
            first += 1
        if not block:
            continue
        k = 0 if "-->" in block[0] else -1
        if k < 0 and len(block) > 1 and "-->" in block[1] and not block[0].startswith("NOTE"):
            k = 1
        if k < 0:
            continue                                 # NOTE, STYLE, REGION, or text without a cue
        row = block[k]
        left, _, right = row.partition("-->")
        m1 = _VTT_TIME.fullmatch(left.strip())
        m2 = _VTT_TIME.fullmatch(right.split()[0]) if right.split() else None
        if not m1 or not m2:
            raise TranscriptError(f"{name}, line {first + k + 1}: '{row.strip()[:60]}' is not a WebVTT timing line "
                                  "(hh:mm:ss.ttt --> hh:mm:ss.ttt)")
        start, end = _stamp_seconds(m1), _stamp_seconds(m2)
        cues.append(Cue(block[0].strip() if k else "", start, end, "\n".join(block[k + 1:]),
                         f"{name}, cue {len(cues) + 1} ({left.strip()})"))
    return cues


def _stamp_seconds(m: re.Match) -> float:
    h, mi, sec, ms = m.groups()
    return int(h or 0) * 3600 + int(mi) * 60 + int(sec) + int(ms) / 1000


def read_vtt(text: str, name: str) -> Transcript:
    if not text.lstrip().startswith("WEBVTT"):
        if VTT_TIMING.search(text[:5000]):
            raise TranscriptError(f"{name} is not WebVTT: it does not start with WEBVTT; if it holds captions "
                                  "without that line, pass --format vtt")
        raise TranscriptError(f"{name} is not WebVTT: it does not start with WEBVTT (for plain text, pass "
                              "--format text --duration M:SS)")
    captions = _vtt_cues(text.lstrip(), name)
    if is_rolling(captions):
        return read_rolling(captions, name)
    cues = []
    for c in captions:
        raw = c.raw_text
        if c.identifier and not has_name(raw) and is_display_name(c.identifier):
            raw = f"<v {c.identifier}>{raw}"          # the speaker named in the cue's identifier line
        cues.append((raw, c.start, c.end, c.where))
    return cue_lines(cues, "zoom" if named_without_voices(captions) else "vtt")


def is_rolling(captions) -> bool:
    """YouTube's automatic captions: word timestamps inside cues (`<00:00:01.520><c> word</c>`), or most cues
    repeating the row shown by the cue before them (the display rolls up one row at a time)."""
    if any(_INLINE_TIME.search(c.raw_text) for c in captions):
        return True
    repeats = multi = 0
    prev: set[str] = set()
    for c in captions:
        rows = [r for r in (clean(x) for x in c.raw_text.split("\n")) if r]
        if len(rows) > 1:
            multi += 1
            repeats += rows[0] in prev
        prev = set(rows)
    return repeats >= 5 and repeats * 2 >= multi


def read_rolling(captions, name: str) -> Transcript:
    """Rolling captions → one line per cue with the words first shown in it. A cue shows the row(s) shown
    before it and adds new words; a 10 ms cue re-shows the finished row. A row is new when it carries word
    timestamps, or when the cue before did not show it; its words are timed by their stamps (the first one
    at the cue's start), each lasting until the next word starts, at most WORD_SECONDS_MAX."""
    lines: list[Line] = []
    prev: set[str] = set()
    repeated = 0
    spoken = 0
    for c in captions:
        where, start, end = c.where, c.start, c.end
        rows = [r for r in c.raw_text.split("\n") if clean(r)]
        plain = [clean(r) for r in rows]
        new = [r for r, p in zip(rows, plain) if _INLINE_TIME.search(r) or p not in prev]
        repeated += len(rows) - len(new)
        prev = set(plain)
        if not new:
            continue
        words = _timed_words(" ".join(new), start, end, where)
        if words:
            text = " ".join(w.text for w in words)
            spoken += len(text)
            if spoken > MAX_SPOKEN_CHARS:
                check_size([Line(0, 0, "x" * spoken)])       # the one-line refusal, before reading the rest
            lines.append(Line(start, max(end, words[-1].end), text, "", tuple(words), where))
    t = Transcript(lines, "youtube")
    if repeated:
        t.notes.append(f"rolling captions (YouTube's automatic ones): {counted(repeated, 'repeated row')} "
                       "counted once; word timing taken from the captions")
    return t


def _timed_words(raw: str, start: float, end: float, where: str) -> list[Word]:
    """Words of a rolling-caption row: the text before the first `<hh:mm:ss.ttt>` starts at the cue's start,
    each stamp starts the text after it; several words in one stretch share it evenly."""
    stamps = [(start, 0, 0)] + [(_seconds(m.group(1), where), m.start(), m.end()) for m in _INLINE_TIME.finditer(raw)]
    for (before, _, _), (at, _, _) in zip(stamps, stamps[1:]):
        if at + OVERLAP_TOLERANCE < before or at > end + 0.5:
            raise TranscriptError(f"{where}: the word stamp {fmt_time(at)} ({at:.2f} s) is "
                                  f"{'before the one above it' if at < before else 'after the cue ends'} "
                                  f"(the cue runs {start:.2f}–{end:.2f} s): check the file's word timestamps")
    pieces: list[tuple[float, list[str]]] = []
    for k, (at, _, text_from) in enumerate(stamps):
        text_to = stamps[k + 1][1] if k + 1 < len(stamps) else len(raw)
        tokens = [t for t in clean(raw[text_from:text_to]).split() if _CORE.search(t)]
        if tokens:
            pieces.append((at, tokens))
    starts: list[tuple[str, float]] = []
    for k, (at, tokens) in enumerate(pieces):
        upto = pieces[k + 1][0] if k + 1 < len(pieces) else max(end, at)
        step = max(0.0, upto - at) / len(tokens)
        starts += [(tok, at + j * step) for j, tok in enumerate(tokens)]
    out = []
    for k, (tok, at) in enumerate(starts):
        nxt = starts[k + 1][1] if k + 1 < len(starts) else max(end, at)
        out.append(Word(tok, round(at, 3), round(max(at, min(nxt, at + WORD_SECONDS_MAX)), 3)))
    return out
