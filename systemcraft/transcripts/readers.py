"""Caption and transcript files → `Transcript` (domain/transcript.py).

WebVTT (read row by row: `<v>` voices split per voice, `Name: text` cues from Zoom with any display name,
the speaker in the cue identifier; YouTube's rolling automatic captions de-duplicated, their word stamps
kept as word timing), SRT (srt), JSON segments with word timestamps (what speech-to-text tools write),
text exports with a name and a time per turn (Otter, Descript, Rev, Teams, Zoom, Google Meet), and
plain text spread over a given duration (flagged as estimated). Sound-only captions ([Music],
[BLANK_AUDIO], (applause)) are not words. The format comes from the content, not the file name: a file
whose name and content disagree is refused with a hint; --format overrides both.
"""

from __future__ import annotations

import html
import json
import re

from systemcraft.domain.transcript import (
    _CORE, MAX_SPOKEN_CHARS, OVERLAP_TOLERANCE, Line, Transcript, TranscriptError, Word, check_size, check_timeline,
    count_words, fmt_time)
from systemcraft.domain.wording import counted

MAX_TRANSCRIPT_BYTES = 20 * 1024 * 1024      # a 3-hour caption file is well under 2 MB
FORMATS = ("vtt", "srt", "json", "text")
_SRT_TIME = re.compile(r"^\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->", re.M)
_VTT_TIMING = re.compile(r"^[^\S\n]*(?:\d{1,9}:)?\d{2}:\d{2}\.\d{3}[^\S\n]+-->", re.M)
_VTT_TIME = re.compile(r"(?:(\d{1,9}):)?([0-5]?\d):([0-5]\d)\.(\d{3})")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^<>]*)>(.*?)(?:</v>|(?=<v[\s.])|$)", re.S)   # linear: a name stops at '<'
_LONG_DIGITS = re.compile(r"\d{31,}")
_SPACES = re.compile(r"[^\S\n]+")
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>|<\d[\d:.]*>")
_JSON_LIST = re.compile(r"\[\s*[\[{\]]")
_INLINE_TIME = re.compile(r"<((?:\d{1,9}:)?\d{2}:\d{2}\.\d{3})>")
# Sound-only captions: "[Music]", "[BLANK_AUDIO]", "(applause)", "[laughter]", "(upbeat music)": never words
_SOUND = re.compile(r"[\[(](?:[^\[\]()\n]{0,30}\b)?(?:music|applause|laugh\w*|blank_audio|silence|inaudible|crosstalk|"
                    r"noise|cheer\w*|clap\w*|cough\w*|sigh\w*|foreign|no audio|sound)"
                    r"(?:\b[^\[\]()\n]{0,30})?[\])]|♪+",
                    re.I)
_PAREN_ROW = re.compile(r"^\(([^()\n]{1,80})\)$")
_HARD_SPACE = re.compile(r"\\[hNn]")
# YouTube times when a word starts, not when it ends: a word lasts until the next one starts, at most this long
WORD_SECONDS_MAX = 1.0
# words a candidate says as a heading ("Result: we cut costs by 30%"), never read as a speaker's name
_HEADINGS = frozenset("""situation task action actions result results outcome impact context background problem
goal goals challenge solution approach learning learnings lesson lessons takeaway summary conclusion answer note
example first second third then finally step update""".split())


# Display names as meeting tools write them: "Ashlee Kupor (SL)", "Saurabh Swaroop's iPad", "Roberto Silva dos
# Santos", "Zoë O'Brien-Smith", "Speaker 2". Lower-case words are allowed only as name particles.
_PARTICLES = frozenset("""de da das do dos du di del della der den van von ter ten la le bin binti al el y e
und zu st""".split())
_PAREN = re.compile(r"\s*\([^()\n]{1,40}\)")
_PREFIX = re.compile(r"[^\S\n]*+([^\s:][^:\n]{0,79}?)[^\S\n]*+:(?=\s|$)")    # matched on a row's first 120 chars


class _Prefix:
    """A `Name: ` at the start of a row (the shape `re.Match` has for the callers: group(1), end())."""
    __slots__ = ("name", "_end")

    def __init__(self, name: str, end: int) -> None:
        self.name, self._end = name, end

    def group(self, _: int = 1) -> str:
        return self.name

    def end(self) -> int:
        return self._end


def is_display_name(name: str) -> bool:
    """Whether `name` reads as a person's display name in a meeting tool, not the start of a sentence."""
    if re.fullmatch(r"(?:SPEAKER[_ ]\d+|Speaker [\dA-Z]{1,3}|Unknown [Ss]peaker(?: \d+)?)", name):
        return True
    bare = _PAREN.sub(" ", name).strip()
    tokens = bare.split()
    if not tokens or len(tokens) > 6 or len(name) > 80:
        return False
    first = tokens[0]
    if not first[0].isalpha() or not first[0].isupper() or first.lower().rstrip(".") in _HEADINGS:
        return False
    for t in tokens:
        core = t.strip("\"'’.,-")
        if not core or not all(ch.isalnum() or ch in ".'’-_&" for ch in core):
            return False
        if not (core[0].isupper() or core.lower() in _PARTICLES or re.fullmatch(r"i[A-Z]\w*", core)
                or (t is not first and core[0].isdigit())):
            return False
    return True


def _speaker_prefix(row: str):
    """The `Name: ` at the start of a row when the name reads as a display name (see is_display_name)."""
    m = _PREFIX.match(row[:120])
    if m is None or not is_display_name(m.group(1).strip()):
        return None
    end = m.end()
    while end < len(row) and row[end] in " \t":
        end += 1
    return _Prefix(m.group(1).strip(), end)


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
    if _VTT_TIMING.search(head):
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


def _seconds(stamp: str, where: str) -> float:
    m = _VTT_TIME.fullmatch(stamp.strip())
    if not m:
        raise TranscriptError(f"{where}: '{stamp.strip()[:30]}' is not a WebVTT timestamp (hh:mm:ss.ttt)")
    h, mi, s, ms = m.groups()
    return int(h or 0) * 3600 + int(mi) * 60 + int(s) + int(ms) / 1000


def _clean(text: str) -> str:
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
        text = _SPACES.sub(" ", text)
    return text.strip()


def _speaker_lines(raw: str, start: float, end: float, where: str, last_speaker: str) -> tuple[list[Line], str]:
    """One cue's text → lines per voice (`<v Name>`) or per `Name:` prefix; unnamed text keeps the
    previous cue's speaker (Zoom splits a long turn into several cues and names only the first)."""
    voices = [(m.group(1).strip(), _clean(m.group(2))) for m in _VOICE.finditer(raw)]
    if not voices:
        voices = []
        for row in raw.split("\n"):
            m = _speaker_prefix(_clean(row))
            p = None if m else _PAREN_ROW.match(_clean(row))
            if p and is_display_name(p.group(1).strip()):
                voices.append((p.group(1).strip(), ""))        # "(Danyel Fisher)" on its own row, text below
            elif m:
                voices.append((m.group(1).strip(), _clean(row)[m.end():]))
            elif _clean(row) in ("-", "–"):
                continue                                         # a separator between two voices of one cue
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


class _Cue:
    """One WebVTT cue as written: its identifier line, times in seconds, text with its markup, and where."""
    __slots__ = ("identifier", "start", "end", "raw_text", "where")

    def __init__(self, identifier: str, start: float, end: float, raw_text: str, where: str) -> None:
        self.identifier, self.start, self.end, self.raw_text, self.where = identifier, start, end, raw_text, where


def _vtt_cues(text: str, name: str) -> list[_Cue]:
    """The cues of a WebVTT file, in one pass over its rows: blocks are separated by empty rows; a block
    whose first or second row holds `-->` is a cue (the row before it, its identifier), others (the
    header, NOTE, STYLE, REGION) are skipped. A timing row that is not hh:mm:ss.ttt --> hh:mm:ss.ttt is
    refused with its row number."""
    cues: list[_Cue] = []
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
        cues.append(_Cue(block[0].strip() if k else "", start, end, "\n".join(block[k + 1:]),
                         f"{name}, cue {len(cues) + 1} ({left.strip()})"))
    return cues


def _stamp_seconds(m: re.Match) -> float:
    h, mi, sec, ms = m.groups()
    return int(h or 0) * 3600 + int(mi) * 60 + int(sec) + int(ms) / 1000


def read_vtt(text: str, name: str) -> Transcript:
    if not text.lstrip().startswith("WEBVTT"):
        if _VTT_TIMING.search(text[:5000]):
            raise TranscriptError(f"{name} is not WebVTT: it does not start with WEBVTT; if it holds captions "
                                  "without that line, pass --format vtt")
        raise TranscriptError(f"{name} is not WebVTT: it does not start with WEBVTT (for plain text, pass "
                              "--format text --duration M:SS)")
    captions = _vtt_cues(text.lstrip(), name)
    if _is_rolling(captions):
        return _read_rolling(captions, name)
    cues = []
    for c in captions:
        raw = c.raw_text
        if c.identifier and not _named(raw) and is_display_name(c.identifier):
            raw = f"<v {c.identifier}>{raw}"          # the speaker named in the cue's identifier line
        cues.append((raw, c.start, c.end, c.where))
    return _cue_lines(cues, "zoom" if _named_without_voices(captions) else "vtt")


CONTINUATION_GAP = 0.1      # seconds: an unnamed cue this close after a named one is the same utterance, cut in two


def _named(raw: str) -> bool:
    def names(row: str) -> bool:
        p = _PAREN_ROW.match(row)
        return bool(_speaker_prefix(row) or (p and is_display_name(p.group(1).strip())))
    return "<v" in raw or any(names(_clean(r)) for r in raw.split("\n"))


def _cue_lines(cues: list[tuple[str, float, float, str]], fmt: str) -> Transcript:
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
        named = _named(raw)
        follows = prev_end is not None and start - prev_end <= CONTINUATION_GAP
        before = speaker if (named or follows) else ""
        got, after = _speaker_lines(raw, start, end, where, before)
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


def _is_rolling(captions) -> bool:
    """YouTube's automatic captions: word timestamps inside cues (`<00:00:01.520><c> word</c>`), or most cues
    repeating the row shown by the cue before them (the display rolls up one row at a time)."""
    if any(_INLINE_TIME.search(c.raw_text) for c in captions):
        return True
    repeats = multi = 0
    prev: set[str] = set()
    for c in captions:
        rows = [r for r in (_clean(x) for x in c.raw_text.split("\n")) if r]
        if len(rows) > 1:
            multi += 1
            repeats += rows[0] in prev
        prev = set(rows)
    return repeats >= 5 and repeats * 2 >= multi


def _read_rolling(captions, name: str) -> Transcript:
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
        rows = [r for r in c.raw_text.split("\n") if _clean(r)]
        plain = [_clean(r) for r in rows]
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
        tokens = [t for t in _clean(raw[text_from:text_to]).split() if _CORE.search(t)]
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


def _named_without_voices(captions) -> bool:
    return not any("<v" in c.raw_text for c in captions) and any(_speaker_prefix(c.raw_text) for c in captions)


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
    cues = [_Cue("", s.start.total_seconds(), s.end.total_seconds(), s.content, f"{name}, cue {s.index}") for s in subs]
    if _is_rolling(cues):                  # YouTube's automatic captions converted to SRT: rows still roll
        t = _read_rolling(cues, name)
        t.format = "srt"
        return t
    return _cue_lines([(c.raw_text, c.start, c.end, c.where) for c in cues], "srt")


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
            if token.strip() and _clean(token):          # not "[BLANK_AUDIO]", "(applause)"
                words.append(Word(token.strip(), _num(w, "start", f"{where}, word {j}"),
                                  _num(w, "end", f"{where}, word {j}")))
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
        prefix = _speaker_prefix(row)
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
        texts = [_clean(" ".join(g[2])) for g in group]
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
