"""Caption and transcript files → `Transcript` (domain/transcript.py).

WebVTT (read row by row: `<v>` voices split per voice, `Name: text` cues from Zoom with any display name,
the speaker in the cue identifier; YouTube's rolling automatic captions de-duplicated, their word stamps
kept as word timing), SRT (srt), JSON segments with word timestamps (what speech-to-text tools write),
text exports with a name and a time per turn (Otter, Descript, Rev, Teams, Zoom, Google Meet), and
plain text spread over a given duration (flagged as estimated). Sound-only captions ([Music],
[BLANK_AUDIO], (applause)) are not words. The format comes from the content, not the file name: a file
whose name and content disagree is refused with a hint; --format overrides both.

This module decides the format and reads SRT, JSON and plain text; vtt.py reads WebVTT and YouTube's rolling
captions, timed_text.py the text exports, cues.py turns a cue's text into lines per speaker, and names.py
tells a speaker's display name from a heading.
"""

from __future__ import annotations

import json
import re

from systemcraft.domain.transcript import Line, Transcript, TranscriptError, Word, check_size, check_timeline
from systemcraft.transcripts.cues import SPACES, Cue, clean, cue_lines
from systemcraft.transcripts.names import speaker_prefix
from systemcraft.transcripts.timed_text import read_timed_text
from systemcraft.transcripts.vtt import VTT_TIMING, is_rolling, read_rolling, read_vtt

MAX_TRANSCRIPT_BYTES = 20 * 1024 * 1024      # a 3-hour caption file is well under 2 MB
FORMATS = ("vtt", "srt", "json", "text")
_SRT_TIME = re.compile(r"^\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->", re.M)
_LONG_DIGITS = re.compile(r"\d{31,}")
_JSON_LIST = re.compile(r"\[\s*[\[{\]]")


def decode(data: bytes, name: str) -> str:
    """The one decoding rule (exports.files.decode_text): UTF-8 with or without a byte-order mark, or
    UTF-16 with one; anything else is refused."""
    return decode_guessing(data, name)[0]


def decode_guessing(data: bytes, name: str) -> tuple[str, str | None]:
    """decode(), and what older tools save: UTF-16 without its byte-order mark, Windows-1252 (Latin-1).
    Returns (text, the encoding guessed, or None)."""
    from systemcraft.errors import InputError
    from systemcraft.exports.files import decode_text_guessing
    try:
        return decode_text_guessing(data, name)
    except InputError as exc:
        raise TranscriptError(exc.message) from None


def sniff(text: str) -> str:
    head = text.lstrip()[:2000]
    if head.startswith("WEBVTT"):
        return "vtt"
    if head.startswith("{") or _JSON_LIST.match(head):
        return "json"
    if _SRT_TIME.search(head):
        return "srt"
    if VTT_TIMING.search(head):
        return "vtt"                        # cues without the WEBVTT line: refused with the --format vtt hint
    return "text"


def read(data: bytes, name: str, fmt: str | None = None, duration: float | None = None) -> Transcript:
    if len(data) > MAX_TRANSCRIPT_BYTES:
        raise TranscriptError(f"{name} is {len(data) / 1e6:.0f} MB; a transcript is at most "
                              f"{MAX_TRANSCRIPT_BYTES // (1024 * 1024)} MB (is this an audio or video file?)")
    from systemcraft.exports.files import _utf16_without_mark
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")) and not _utf16_without_mark(data):
        raise TranscriptError(f"{name} is a binary file, not a transcript")
    text, guessed = decode_guessing(data, name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise TranscriptError(f"{name} is a binary file, not a transcript")
    if fmt == "vtt" and not text.lstrip().startswith("WEBVTT"):
        text = "WEBVTT\n\n" + text          # --format vtt: cues without the header line some tools leave out
    found = sniff(text)
    by_name = _format_of_name(name)
    if fmt is None:
        if by_name in ("vtt", "srt", "json") and found not in (by_name, "text"):
            what = {"vtt": "WebVTT", "srt": "SRT", "json": "JSON", "text": "plain text"}
            raise TranscriptError(f"{name} is named .{by_name} but holds {what[found]}"
                                  f"{' captions' if found in ('vtt', 'srt') else ''}; rename it or pass "
                                  f"--format {found}")
        fmt = by_name if found == "text" and by_name else found   # a damaged .srt is read as SRT, to say where
    if fmt not in FORMATS:
        raise TranscriptError(f"unknown transcript format '{fmt}' (one of {', '.join(FORMATS)})")
    if fmt == "text":
        transcript = read_text(text, name, duration)
        check_size(transcript.lines)
        return _noted(transcript, guessed)
    if duration is not None:
        raise TranscriptError("--duration is only for plain text; this transcript has its own timestamps")
    reader = {"vtt": read_vtt, "srt": read_srt, "json": read_json}[fmt]
    transcript = reader(text, name)
    if not transcript.lines:
        raise TranscriptError(f"{name} holds no cues with text")
    check_timeline(transcript.lines)
    return _noted(transcript, guessed)


def _noted(transcript: Transcript, guessed: str | None) -> Transcript:
    if guessed:
        transcript.notes.append(f"read as {guessed} text saved without its byte-order mark: check that names look "
                                "right, or save the file as UTF-8")
    return transcript


def _format_of_name(name: str) -> str | None:
    ext = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    return {"vtt": "vtt", "webvtt": "vtt", "srt": "srt", "json": "json", "txt": "text"}.get(ext)


def read_srt(text: str, name: str) -> Transcript:
    import srt
    long = _LONG_DIGITS.search(text)
    if long:               # the srt library's pattern backtracks cubically on long digit runs (20,000 digits: hours)
        raise TranscriptError(f"{name}, line {text[:long.start()].count(chr(10)) + 1}: a number of "
                              f"{len(long.group()):,} digits is neither a cue number nor a time")
    # and quadratically on long runs of spaces (40,000: minutes): spaces inside a line become one, lines are
    # stripped (no cue, word or line number changes)
    text = "\n".join(SPACES.sub(" ", row).strip() for row in text.split("\n"))
    try:
        subs = list(srt.parse(text.strip() + "\n"))
    except srt.SRTParseError as exc:
        line = text.strip()[:exc.expected_start].count("\n") + 1 if hasattr(exc, "expected_start") else "?"
        raise TranscriptError(f"{name}, near line {line}: not a valid SRT cue (number, "
                              "hh:mm:ss,ttt --> hh:mm:ss,ttt, text, blank line)") from None
    except (ValueError, OverflowError):        # a cue number of 5,000 digits, a time past what Python counts
        raise TranscriptError(f"{name}: a cue number or time in it is too large to be a caption") from None
    cues = [Cue("", s.start.total_seconds(), s.end.total_seconds(), s.content, f"{name}, cue {s.index}") for s in subs]
    if is_rolling(cues):                  # YouTube's automatic captions converted to SRT: rows still roll
        t = read_rolling(cues, name)
        t.format = "srt"
        return t
    return cue_lines([(c.raw_text, c.start, c.end, c.where) for c in cues], "srt")


def read_json(text: str, name: str) -> Transcript:
    """A list of segments, or {"segments": [...]}: start, end, text, optional speaker and words
    (each with start, end and word or text)."""
    from systemcraft.errors import InputError
    from systemcraft.exports.files import loads_json
    try:
        data = loads_json(text, name)          # depth and numbers bounded, one-line errors
    except InputError as exc:
        raise TranscriptError(exc.message) from None
    segments = data.get("segments") if isinstance(data, dict) else data
    if not isinstance(segments, list):
        raise TranscriptError(f"{name}: expected a list of segments or an object with \"segments\"")
    lines: list[Line] = []
    for i, seg in enumerate(segments, 1):
        where = f"{name}, segment {i}"
        if not isinstance(seg, dict):
            raise TranscriptError(f"{where}: a segment must be an object with start, end and text")
        start, end = _num(seg, "start", where), _num(seg, "end", where)
        txt = seg.get("text", "")
        if not isinstance(txt, str):
            raise TranscriptError(f"{where}: \"text\" must be a string")
        speaker = seg.get("speaker") or ""
        if not isinstance(speaker, str) or len(speaker) > 100:
            raise TranscriptError(f"{where}: \"speaker\" must be a name of at most 100 characters")
        words = []
        raw_words = seg.get("words") or []
        if not isinstance(raw_words, list):
            raise TranscriptError(f"{where}: \"words\" must be a list")
        for j, w in enumerate(raw_words, 1):
            if not isinstance(w, dict):
                raise TranscriptError(f"{where}, word {j}: a word must be an object with start, end and word")
            token = w.get("word", w.get("text"))
            if not isinstance(token, str):
                raise TranscriptError(f"{where}, word {j}: \"word\" must be a string")
            if token.strip() and clean(token):          # not "[BLANK_AUDIO]", "(applause)"
                words.append(Word(token.strip(), _num(w, "start", f"{where}, word {j}"),
                                  _num(w, "end", f"{where}, word {j}")))
        text_ = txt.strip() or " ".join(w.text for w in words)
        if text_:
            lines.append(Line(start, end, clean(text_), speaker.strip(), tuple(words), where))
    return Transcript(lines, "json")


def _num(obj: dict, key: str, where: str) -> float:
    v = obj.get(key)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v != v or not 0 <= v < 86_400:
        raise TranscriptError(f"{where}: \"{key}\" must be seconds from 0 to 86400, got {_shown(v)}")
    return float(v)


def _shown(v) -> str:
    return f"a {'list' if isinstance(v, list) else 'object'}" if isinstance(v, (list, dict)) else json.dumps(v)[:30]


def read_text(text: str, name: str, duration: float | None) -> Transcript:
    """Plain text has no timing: spread its words evenly over the duration the user gives. A text export
    with a time per turn is read by read_timed_text."""
    timed = read_timed_text(text, name, duration)
    if timed is not None:
        return timed
    if duration is None:
        raise TranscriptError(f"{name} is plain text without timestamps: give its length with --duration "
                              "(e.g. --duration 2:30) and the timing will be estimated")
    body = " ".join(row.strip() for row in text.split("\n") if row.strip())
    if not body:
        raise TranscriptError(f"{name} is empty")
    lines: list[Line] = []
    m = speaker_prefix(body)
    speaker = ""
    if m and all(speaker_prefix(r.strip()) for r in text.split("\n") if r.strip()):
        # a "Name: text" script: keep the speakers, share the time by words
        rows = [r.strip() for r in text.split("\n") if r.strip()]
        total = sum(len(r.split()) for r in rows)
        t0 = 0.0
        for i, r in enumerate(rows, 1):
            mm = speaker_prefix(r)
            t1 = t0 + duration * len(r.split()) / total
            lines.append(Line(round(t0, 3), round(t1, 3), r[mm.end():], mm.group(1), where=f"{name}, line {i}"))
            t0 = t1
    else:
        lines.append(Line(0.0, duration, body, speaker, where=name))
    t = Transcript(lines, "text", estimated=True)
    t.notes.append("timing estimated: plain text has no timestamps, so pace is the average over the duration "
                   "you gave and pauses cannot be seen")
    return t


def parse_duration(raw: str, minimum: float = 1) -> float:
    """'150', '2:30', '1:02:30' or '90s' → seconds, from `minimum` up to 6 hours."""
    s = raw.strip().lower().removesuffix("s")
    try:
        parts = [float(p) for p in s.split(":")]
    except ValueError:
        parts = []
    if not parts or len(parts) > 3 or any(p < 0 for p in parts) or any(p >= 60 for p in parts[1:]):
        raise TranscriptError(f"--duration must look like 150, 2:30 or 1:02:30, got '{raw[:20]}'")
    seconds = 0.0
    for p in parts:
        seconds = seconds * 60 + p
    if not minimum <= seconds <= 6 * 3600:
        raise TranscriptError(f"--duration must be between {minimum:g} second{'s' if minimum != 1 else ''} and 6 hours")
    return seconds
