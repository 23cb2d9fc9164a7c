"""Bad caption files against every reader (issue 17): empty, only NOTE blocks, wrong encodings, binary, at
and over the size limit, a 2-hour file, rolling and non-rolling cues mixed, overlapping cues, word stamps
that go backwards or leave their cue, numbers past what Python converts. Each is a one-line error or the
right result, never a traceback or a wrong figure."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from systemcraft.domain.transcript import TranscriptError, speech_of
from systemcraft.transcripts.readers import MAX_TRANSCRIPT_BYTES, read

DATA = Path(__file__).parents[1] / "data" / "captions"
AFFIRMATIONS = (DATA / "youtube_auto_affirmations.en.vtt").read_text()
AFFIRMATION_WORDS = 821                    # worked out in tests/delivery/test_real_captions.py


def one_line_error(data: bytes, name: str, **kw) -> str:
    with pytest.raises(TranscriptError) as info:
        read(data, name, **kw)
    message = str(info.value)
    assert message and "\n" not in message and "Traceback" not in message
    return message


def shifted(text: str, seconds: int) -> str:
    def move(m):
        h, mi, s, ms = map(int, m.groups())
        t = h * 3600 + mi * 60 + s + seconds
        return f"{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d}.{ms:03d}"
    return re.sub(r"(\d\d):(\d\d):(\d\d)\.(\d\d\d)", move, text)


def youtube_file(copies: int) -> str:
    """The real 5-minute excerpt repeated, each copy 300 s after the one before: 24 copies are two hours."""
    head, body = AFFIRMATIONS.split("\n\n", 1)
    return head + "\n\n" + "".join(shifted(body, k * 300).rstrip("\n") + "\n\n" for k in range(copies))


@pytest.mark.parametrize("name,fmt", [("a.vtt", None), ("a.srt", None), ("a.json", None), ("a.txt", None),
                                      ("a.vtt", "vtt"), ("a.txt", "text")])
def test_an_empty_file_is_one_line(name, fmt):
    one_line_error(b"", name, fmt=fmt)
    one_line_error(b"\xef\xbb\xbf\n\n  \n", name, fmt=fmt)          # a byte-order mark and blank lines


def test_only_note_style_and_region_blocks():
    data = b"WEBVTT\n\nNOTE exported by a tool\n\nSTYLE\n::cue { color: red }\n\nREGION\nid:r1\n\nNOTE\n00:01.000 --> 00:02.000 in a note\n"
    assert one_line_error(data, "a.vtt") == "a.vtt holds no cues with text"


def test_only_sound_tags_is_no_speech():
    data = b"WEBVTT\n\n00:00.000 --> 00:05.000\n[Music]\n\n00:05.000 --> 00:09.000\n[Applause]\n"
    assert one_line_error(data, "a.vtt") == "a.vtt holds no cues with text"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_youtube_file_saved_as_utf16_without_its_mark_reads_the_same(encoding):
    t = read(AFFIRMATIONS.encode(encoding), "a.vtt")
    assert len(speech_of(t).words) == AFFIRMATION_WORDS


def test_latin1_is_refused_in_one_line_not_misread():
    data = "WEBVTT\n\n00:01.000 --> 00:02.000\nJoão Gonçalves: olá\n".encode("latin-1")
    assert "is not UTF-8 text (byte 0xe3" in one_line_error(data, "a.vtt")


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    b"\x1f\x8b\x08\x00" + bytes(200),                                    # gzip
    bytes(1000),                                                         # zeros: not UTF-16 either
    b"WEBVTT\n\n00:00.000 --> 00:01.000\nhi\x00there\n",
    bytes(range(256)) * 40,
])
@pytest.mark.parametrize("name", ["a.vtt", "a.srt", "a.json", "a.txt"])
def test_binary_is_one_line(data, name):
    message = one_line_error(data, name, duration=60 if name.endswith(".txt") else None)
    assert "binary" in message or "not UTF-8" in message


def test_over_the_size_limit_is_refused_before_parsing():
    assert "at most 20 MB" in one_line_error(b"W" * (MAX_TRANSCRIPT_BYTES + 1), "a.vtt")


def test_at_the_size_limit_a_rolling_file_is_refused_for_its_speech_in_one_line():
    """20 MB of real rolling captions is about 38 hours of talk: past the 1,000,000 characters analysed.
    The reader stops once it has that much (benchmarks/captions.py: seconds, not minutes)."""
    head, body = AFFIRMATIONS.split("\n\n", 1)
    parts, size, k = [head + "\n\n"], len(head) + 2, 0
    while True:
        part = shifted(body, k * 300).rstrip("\n") + "\n\n"
        if size + len(part) > MAX_TRANSCRIPT_BYTES:
            break
        parts.append(part)
        size += len(part)
        k += 1
    data = "".join(parts).encode()
    assert MAX_TRANSCRIPT_BYTES - len(data) < 60_000
    assert "characters of speech; at most 1,000,000" in one_line_error(data, "big.vtt")


def test_a_two_hour_youtube_file_counts_every_word_once():
    t = read(youtube_file(24).encode(), "talk.vtt")
    speech = speech_of(t)
    assert len(speech.words) == 24 * AFFIRMATION_WORDS
    assert speech.turns[0].end > 7190            # 24 × 300 s, the last copy's last cue ending at 7,200.23 s


def test_rolling_and_plain_cues_mixed_in_one_file():
    """The real rolling excerpt, then the uploader's own subtitles of another video as plain cues after it:
    each part keeps its own count (821 rolling words, 321 plain ones: tests/delivery/test_real_captions.py)."""
    srt = (DATA / "youtube_manual_furless.en.srt").read_text()
    plain = []
    for block in srt.strip().split("\n\n"):
        _, timing, text = block.split("\n", 2)
        plain.append(shifted(timing.replace(",", "."), 400) + "\n" + text)
    data = (AFFIRMATIONS.rstrip("\n") + "\n\n" + "\n\n".join(plain) + "\n").encode()
    assert len(speech_of(read(data, "mixed.vtt")).words) == AFFIRMATION_WORDS + 321


@pytest.mark.parametrize("body,message", [
    ("00:00:01.000 --> 00:00:05.000\nhi<00:00:02.000><c> there</c>\n\n00:00:03.000 --> 00:00:06.000\n"
     "hi there\nagain<00:00:04.000><c> now</c>\n", "overlapping timestamps"),
    ("00:00:01.000 --> 00:00:02.000\nhi<00:00:01.500><c> a</c><00:00:01.200><c> b</c>\n", "word stamp .* before the one above"),
    ("00:00:01.000 --> 00:00:02.000\nhi<00:00:09.000><c> a</c>\n", "word stamp .* after the cue ends"),
    ("00:00:05.000 --> 00:00:02.000\nhi<00:00:05.500><c> a</c>\n", "backwards timestamps|after the cue ends"),
    ("99999:00:00.000 --> 99999:00:01.000\nhi<99999:00:00.500><c> a</c>\n", "past 24 hours"),
    ("9" * 5000 + ":00:00.000 --> 00:00:01.000\nhi\n", "line 3: .* is not a WebVTT timing line"),
    ("00:00:01.000 --> 00:00:02.000\nhi<00:00:61.000><c> a</c>\n", "not a WebVTT timestamp"),
])
def test_bad_timing_in_rolling_captions_is_one_line(body, message):
    assert re.search(message, one_line_error(f"WEBVTT\n\n{body}".encode(), "a.vtt"))


def test_overlapping_cues_of_two_speakers_are_talk_over_not_an_error():
    data = (b"WEBVTT\n\n00:00:01.000 --> 00:00:06.000\nAshlee Kupor (SL): one two three\n\n"
            b"00:00:03.000 --> 00:00:05.000\nSaurabh Swaroop's iPad: four\n")
    assert [ln.speaker for ln in read(data, "a.vtt").lines] == ["Ashlee Kupor (SL)", "Saurabh Swaroop's iPad"]


def test_a_huge_single_rolling_cue_and_many_space_rows_stay_linear():
    words = "".join(f"<00:00:{1 + i // 1000:02d}.{i % 1000:03d}><c> w{i}</c>" for i in range(20_000))
    t = read(f"WEBVTT\n\n00:00:00.000 --> 00:00:30.000\nstart{words}\n".encode(), "a.vtt")
    assert len(t.lines[0].words) == 20_001
    spaces = "WEBVTT\n\n00:00:00.000 --> 00:00:02.000\n" + " \n" * 200_000 + "hello\n"
    assert read(spaces.encode(), "a.vtt").lines[0].text == "hello"


@pytest.mark.parametrize("text,message", [
    ("00:00:00\n" * 10_000, "has timestamps but no text under them"),
    ("Ana Lima  1:00\nlater\nBob Stone  0:10\nearlier\n", "timestamps go backwards"),
    ("[00:00:01] Ana Lima: " + "x" * 10 + "\n" + "Bob: " * 50_000, ""),
])
def test_hostile_text_exports(text, message):
    if message:
        assert message in one_line_error(text.encode(), "meet.txt", duration=60)
    else:
        assert read(text.encode(), "meet.txt", duration=60).lines


@pytest.mark.parametrize("name", ["a" * 10_000, "Ricardo", "Ricardo Silva dos Santos Pereira da Costa e Souza Lima"])
def test_hostile_speaker_names_and_choices(name):
    data = f"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n{name}: hello there\n".encode()
    t = read(data, "a.vtt")
    assert all(len(ln.speaker) <= 80 for ln in t.lines)
    with pytest.raises(TranscriptError):
        speech_of(t, "x" * 99)
