"""Transcript readers on fixtures with real-world quirks, and the bad input each must refuse."""

import json
from pathlib import Path

import pytest

from systemcraft.domain.transcript import TranscriptError, speech_of
from systemcraft.transcripts.readers import parse_duration, read

FIX = Path(__file__).parents[1] / "fixtures" / "delivery"


def load(name, **kw):
    return read((FIX / name).read_bytes(), name, **kw)


def test_teams_vtt_with_bom_crlf_notes_style_settings_classes_entities_and_two_voices_in_one_cue():
    t = load("teams.vtt")
    assert t.format == "vtt" and t.notes == ["1 empty cue ignored"]
    speakers = [ln.speaker for ln in t.lines]
    assert speakers == ["Alex Chen", "Priya Raman", "Alex Chen", "Priya Raman", "Priya Raman", "Priya Raman"]
    assert t.lines[0].start == 0.0 and t.lines[0].end == 4.2                       # mm:ss.ttt timestamps
    assert "checkout service & the launch" in t.lines[1].text                       # &amp; decoded
    assert "<c" not in t.lines[4].text and ", um," in t.lines[4].text                # inner tags removed
    # the cue at 19–23 s holds two voices: its time is shared by their words (1 and 8)
    assert t.lines[2].end == pytest.approx(19 + 4 / 9, abs=0.01) and t.lines[3].end == 23.0
    s = speech_of(t, "priya")
    assert s.speaker == "Priya Raman" and round(sum(x.share for x in s.shares), 2) == 1.0


def test_zoom_name_prefixes_and_an_unnamed_continuation_cue():
    t = load("zoom.vtt")
    assert t.format == "zoom"
    assert [ln.speaker for ln in t.lines] == ["Jordan Lee", "Sam Okafor", "Sam Okafor", "Sam Okafor"]
    assert t.lines[1].text.startswith("Back in 2022")


def test_a_spoken_heading_is_not_a_speaker():
    vtt = ("WEBVTT\n\n00:00.000 --> 00:04.000\nSam Okafor: We had a problem.\n\n"
           "00:04.000 --> 00:08.000\nResult: we cut the cost by 30%.\n\n"
           "00:08.000 --> 00:10.000\nJordan Lee: Thanks.\n").encode()
    t = read(vtt, "a.vtt")
    assert [ln.speaker for ln in t.lines] == ["Sam Okafor", "Sam Okafor", "Jordan Lee"]
    assert t.lines[1].text == "Result: we cut the cost by 30%."
    typed = read(b"Situation: the team was late.\nResult: we shipped.\n", "a.txt", duration=20)
    assert [ln.speaker for ln in typed.lines] == [""] and typed.lines[0].text.startswith("Situation: the team")


def test_srt_with_bom_crlf_italics_odd_numbering_and_multiline_cues():
    t = load("answer.srt")
    assert [ln.speaker for ln in t.lines] == ["Interviewer", "Candidate", "Candidate"]
    assert t.lines[1].text == "Basically, I want to run a larger org and I think this team is the place."
    assert (t.lines[1].start, t.lines[1].end) == (6.5, 14.0)


def test_whisper_json_keeps_word_timestamps_and_whisperx_keeps_speakers():
    t = load("whisper.json")
    assert t.format == "json" and len(t.lines[1].words) == 12 and t.lines[1].words[0].text == "I"
    assert t.lines[0].words[0].start == 0.0 and t.lines[1].words[-1].end == 8.55
    x = load("whisperx.json")
    assert [ln.speaker for ln in x.lines] == ["SPEAKER_01", "SPEAKER_00"]


def test_plain_text_needs_a_duration_and_is_flagged_as_estimated():
    with pytest.raises(TranscriptError, match="--duration"):
        load("answer.txt")
    t = load("answer.txt", duration=60)
    assert t.estimated and t.format == "text" and "estimated" in t.notes[0]
    s = speech_of(t)
    assert [m.part for m in s.markers] == ["situation", "task", "action", "result"]
    assert len(s.words) == 23 and s.markers[0].at == 0.0


@pytest.mark.parametrize("raw,seconds", [("150", 150), ("2:30", 150), ("1:02:30", 3750), ("90s", 90)])
def test_durations(raw, seconds):
    assert parse_duration(raw) == seconds


@pytest.mark.parametrize("raw", ["", "abc", "2:75", "-5", "0", "99:00:00", "1:2:3:4"])
def test_bad_durations(raw):
    with pytest.raises(TranscriptError, match="--duration"):
        parse_duration(raw)


VTT = "WEBVTT\n\n{}\n"


def cue(a, b, text):
    return f"{a} --> {b}\n{text}\n"


@pytest.mark.parametrize("body,message", [
    (cue("00:00:05.000", "00:00:02.000", "backwards"), r"ends \(0:02\) before it starts \(0:05\): backwards timestamps"),
    (cue("00:00:05.000", "00:00:09.000", "one") + "\n" + cue("00:00:02.000", "00:00:04.000", "two"),
     "timestamps go backwards"),
    (cue("00:00:01.000", "00:00:09.000", "one") + "\n" + cue("00:00:05.000", "00:00:12.000", "two"),
     "overlapping timestamps"),
    (cue("00:00:01.000", "00:00:02.000", "") + "\n" + cue("00:00:03.000", "00:00:04.000", " "), "no cues with text"),
    (cue("00:16:57.700", "00:16:60.000", "sixty seconds"), "line 3: .* is not a WebVTT timing line"),
    (cue("00:00:0x.000", "00:00:02.000", "bad stamp") + "\n" + cue("00:00:03.000", "00:00:04.000", "ok"),
     "line 3: .* is not a WebVTT timing line"),
])
def test_bad_vtt_timelines(body, message):
    with pytest.raises(TranscriptError, match=message):
        read(VTT.format(body).encode(), "x.vtt")


def test_two_speakers_talking_over_each_other_is_not_an_overlap():
    body = cue("00:00:01.000", "00:00:09.000", "<v A>one two") + "\n" + cue("00:00:05.000", "00:00:12.000", "<v B>three")
    assert len(read(VTT.format(body).encode(), "x.vtt").lines) == 2


@pytest.mark.parametrize("name,data,message", [
    ("a.vtt", (FIX / "answer.srt").read_bytes(), r"named \.vtt but holds SRT captions; .*--format srt"),
    ("a.srt", (FIX / "zoom.vtt").read_bytes(), r"named \.srt but holds WebVTT"),
    ("a.json", b"WEBVTT\n\n", r"named \.json but holds WebVTT"),
    ("a.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nEl caf\u00e9 estaba cerrado\n".encode("latin-1"),
     r"not UTF-8 text \(byte 0xe9 at offset \d+\)"),
    ("a.vtt", b"\x00\x01\x02WEBVTT", "binary file"),
    ("a.json", b'{"segments": 5}', "expected a list of segments"),
    ("a.json", b'[{"start": 0, "end": "x", "text": "hi"}]', 'segment 1: "end" must be seconds'),
    ("a.json", b'[{"start": 0, "end": 1, "text": "hi", "words": [{"word": "hi", "start": 0, "end": 9}]}]',
     "outside its segment"),
    ("a.json", b'[{"start": 0, "end": 1, "text": 7}]', '"text" must be a string'),
    ("a.json", b'[{"start": 0, "end": 1e99, "text": "x"}]', 'must be seconds'),
    ("a.json", b'{"segments": [', "not valid JSON"),
    ("a.srt", b"1\n00:00:0x,000 --> 00:00:02,000\nhi\n", "SRT"),
])
def test_refused_files(name, data, message):
    with pytest.raises(TranscriptError, match=message):
        read(data, name)


def test_an_explicit_format_overrides_the_name_and_utf16_with_a_bom_is_read():
    assert read((FIX / "answer.srt").read_bytes(), "a.vtt", fmt="srt").format == "srt"
    data = (FIX / "zoom.vtt").read_text().encode("utf-16")
    assert read(data, "z.vtt").format == "zoom"


def test_oversized_input_is_refused_before_it_is_parsed():
    with pytest.raises(TranscriptError, match="at most 20 MB"):
        read(b"x" * (20 * 1024 * 1024 + 1), "big.vtt")


def test_hostile_json_nesting_and_huge_speaker_names():
    with pytest.raises(TranscriptError, match="speaker"):
        read(json.dumps([{"start": 0, "end": 1, "text": "x", "speaker": "A" * 500}]).encode(), "a.json")
    with pytest.raises(TranscriptError):
        read(("[" * 100_000).encode(), "a.json")
