"""Caption and transcript files → `Transcript` (domain/transcript.py).

WebVTT (webvtt-py; `<v>` voices split per voice, since the library merges a multi-voice cue),
SRT (srt), Zoom/Meet-style `Name: text` cues inside either, JSON segments with word timestamps
(what speech-to-text tools write), and plain text spread over a given duration (flagged as
estimated). The format comes from the content, not the file name: a file whose name and content
disagree is refused with a hint.
"""

from __future__ import annotations

import html
import json
import re

from systemcraft.domain.transcript import Line, Transcript, TranscriptError, Word, check_size, check_timeline
from systemcraft.domain.wording import counted

MAX_TRANSCRIPT_BYTES = 20 * 1024 * 1024      # a 3-hour caption file is well under 2 MB
FORMATS = ("vtt", "srt", "json", "text")
_SRT_TIME = re.compile(r"^\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->", re.M)
_VTT_TIME = re.compile(r"(?:(\d+):)?([0-5]?\d):([0-5]\d)\.(\d{3})")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^<>]*)>(.*?)(?:</v>|(?=<v[\s.])|$)", re.S)   # linear: a name stops at '<'
_LONG_DIGITS = re.compile(r"\d{31,}")
_SPACES = re.compile(r"[^\S\n]+")
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>|<\d[\d:.]*>")
_JSON_LIST = re.compile(r"\[\s*[\[{\]]")
_NAME = re.compile(r"^\s*([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}|SPEAKER[_ ]\d+|Speaker \d+)\s*:\s+(?=\S)")
# words a candidate says as a heading ("Result: we cut costs by 30%"), never read as a speaker's name
_HEADINGS = frozenset("""situation task action actions result results outcome impact context background problem
goal goals challenge solution approach learning learnings lesson lessons takeaway summary conclusion answer note
example first second third then finally step update""".split())


def _speaker_prefix(row: str):
    """The `Name: ` match at the start of a row, unless the "name" is a heading word."""
    m = _NAME.match(row)
    if m and m.group(1).split()[0].lower().rstrip(".") in _HEADINGS:
        return None
    return m


def decode(data: bytes, name: str) -> str:
    """The one decoding rule (exports.files.decode_text): UTF-8 with or without a byte-order mark, or
    UTF-16 with one; anything else is refused."""
    from systemcraft.errors import InputError
    from systemcraft.exports.files import decode_text
    try:
        return decode_text(data, name)
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
    return "text"


def read(data: bytes, name: str, fmt: str | None = None, duration: float | None = None) -> Transcript:
    if len(data) > MAX_TRANSCRIPT_BYTES:
        raise TranscriptError(f"{name} is {len(data) / 1e6:.0f} MB; a transcript is at most "
                              f"{MAX_TRANSCRIPT_BYTES // (1024 * 1024)} MB (is this an audio or video file?)")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TranscriptError(f"{name} is a binary file, not a transcript")
    text = decode(data, name).replace("\r\n", "\n").replace("\r", "\n")
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
        return transcript
    if duration is not None:
        raise TranscriptError("--duration is only for plain text; this transcript has its own timestamps")
    reader = {"vtt": read_vtt, "srt": read_srt, "json": read_json}[fmt]
    transcript = reader(text, name)
    if not transcript.lines:
        raise TranscriptError(f"{name} holds no cues with text")
    check_timeline(transcript.lines)
    return transcript


def _format_of_name(name: str) -> str | None:
    ext = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    return {"vtt": "vtt", "webvtt": "vtt", "srt": "srt", "json": "json", "txt": "text"}.get(ext)


def _seconds(stamp: str, where: str) -> float:
    m = _VTT_TIME.fullmatch(stamp.strip())
    if not m:
        raise TranscriptError(f"{where}: '{stamp.strip()[:30]}' is not a WebVTT timestamp (hh:mm:ss.ttt)")
    h, mi, s, ms = m.groups()
    return int(h or 0) * 3600 + int(mi) * 60 + int(s) + int(ms) / 1000


def _clean(text: str) -> str:
    return html.unescape(_TAG.sub("", text)).strip()


def _speaker_lines(raw: str, start: float, end: float, where: str, last_speaker: str) -> tuple[list[Line], str]:
    """One cue's text → lines per voice (`<v Name>`) or per `Name:` prefix; unnamed text keeps the
    previous cue's speaker (Zoom splits a long turn into several cues and names only the first)."""
    voices = [(m.group(1).strip(), _clean(m.group(2))) for m in _VOICE.finditer(raw)]
    if not voices:
        voices = []
        for row in raw.split("\n"):
            m = _speaker_prefix(_clean(row))
            if m:
                voices.append((m.group(1).strip(), _clean(row)[m.end():]))
            elif voices:
                voices[-1] = (voices[-1][0], f"{voices[-1][1]} {_clean(row)}".strip())
            else:
                voices.append((last_speaker, _clean(row)))
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


def read_vtt(text: str, name: str) -> Transcript:
    import io

    import webvtt
    if not text.lstrip().startswith("WEBVTT"):
        raise TranscriptError(f"{name} is not WebVTT: it does not start with WEBVTT (for plain text, pass "
                              "--format text --duration M:SS)")
    arrows = text.count("-->")
    try:
        captions = webvtt.from_buffer(io.StringIO(text)).captions
    except webvtt.errors.MalformedFileError as exc:
        raise TranscriptError(f"{name} is not valid WebVTT ({exc})") from None
    if len(captions) != arrows:        # webvtt-py silently drops a cue whose timing line it cannot parse
        bad = _first_bad_vtt_timing(text)
        raise TranscriptError(f"{name}, {bad}")
    lines: list[Line] = []
    speaker = ""
    empty = 0
    for i, c in enumerate(captions, 1):
        where = f"{name}, cue {i} ({c.start})"
        start, end = _seconds(c.start, where), _seconds(c.end, where)
        got, speaker = _speaker_lines(c.raw_text, start, end, where, speaker)
        empty += not got
        lines += got
    t = Transcript(lines, "zoom" if _named_without_voices(captions) else "vtt")
    if empty:
        t.notes.append(f"{counted(empty, 'empty cue')} ignored")
    return t


def _named_without_voices(captions) -> bool:
    return not any("<v" in c.raw_text for c in captions) and any(_speaker_prefix(c.raw_text) for c in captions)


def _first_bad_vtt_timing(text: str) -> str:
    for n, row in enumerate(text.split("\n"), 1):
        if "-->" in row:
            left, _, right = row.partition("-->")
            stamp = right.strip().split()[0] if right.strip() else ""
            if not _VTT_TIME.fullmatch(left.strip()) or not _VTT_TIME.fullmatch(stamp):
                return f"line {n}: '{row.strip()[:60]}' is not a WebVTT timing line (hh:mm:ss.ttt --> hh:mm:ss.ttt)"
    return "some cues could not be read (check the blank lines between cues)"


def read_srt(text: str, name: str) -> Transcript:
    import srt
    long = _LONG_DIGITS.search(text)
    if long:               # the srt library's pattern backtracks cubically on long digit runs (20,000 digits: hours)
        raise TranscriptError(f"{name}, line {text[:long.start()].count(chr(10)) + 1}: a number of "
                              f"{len(long.group()):,} digits is neither a cue number nor a time")
    # and quadratically on long runs of spaces (40,000: minutes): spaces inside a line become one, lines are
    # stripped (no cue, word or line number changes)
    text = "\n".join(_SPACES.sub(" ", row).strip() for row in text.split("\n"))
    try:
        subs = list(srt.parse(text.strip() + "\n"))
    except srt.SRTParseError as exc:
        line = text.strip()[:exc.expected_start].count("\n") + 1 if hasattr(exc, "expected_start") else "?"
        raise TranscriptError(f"{name}, near line {line}: not a valid SRT cue (number, "
                              "hh:mm:ss,ttt --> hh:mm:ss,ttt, text, blank line)") from None
    except (ValueError, OverflowError):        # a cue number of 5,000 digits, a time past what Python counts
        raise TranscriptError(f"{name}: a cue number or time in it is too large to be a caption") from None
    lines: list[Line] = []
    speaker = ""
    empty = 0
    for s in subs:
        where = f"{name}, cue {s.index}"
        got, speaker = _speaker_lines(s.content, s.start.total_seconds(), s.end.total_seconds(), where, speaker)
        empty += not got
        lines += got
    t = Transcript(lines, "srt")
    if empty:
        t.notes.append(f"{counted(empty, 'empty cue')} ignored")
    return t


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
            if token.strip():
                words.append(Word(token.strip(), _num(w, "start", f"{where}, word {j}"), _num(w, "end", f"{where}, word {j}")))
        text_ = txt.strip() or " ".join(w.text for w in words)
        if text_:
            lines.append(Line(start, end, _clean(text_), speaker.strip(), tuple(words), where))
    return Transcript(lines, "json")


def _num(obj: dict, key: str, where: str) -> float:
    v = obj.get(key)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or v != v or not 0 <= v < 86_400:
        raise TranscriptError(f"{where}: \"{key}\" must be seconds from 0 to 86400, got {_shown(v)}")
    return float(v)


def _shown(v) -> str:
    return f"a {'list' if isinstance(v, list) else 'object'}" if isinstance(v, (list, dict)) else json.dumps(v)[:30]


def read_text(text: str, name: str, duration: float | None) -> Transcript:
    """Plain text has no timing: spread its words evenly over the duration the user gives."""
    if duration is None:
        raise TranscriptError(f"{name} is plain text without timestamps: give its length with --duration "
                              "(e.g. --duration 2:30) and the timing will be estimated")
    body = " ".join(row.strip() for row in text.split("\n") if row.strip())
    if not body:
        raise TranscriptError(f"{name} is empty")
    lines: list[Line] = []
    m = _speaker_prefix(body)
    speaker = ""
    if m and all(_speaker_prefix(r.strip()) for r in text.split("\n") if r.strip()):
        # a "Name: text" script: keep the speakers, share the time by words
        rows = [r.strip() for r in text.split("\n") if r.strip()]
        total = sum(len(r.split()) for r in rows)
        t0 = 0.0
        for i, r in enumerate(rows, 1):
            mm = _speaker_prefix(r)
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
