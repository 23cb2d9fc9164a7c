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


# ---- issue 17: the formats people export ---------------------------------------------------------------

def test_text_exports_with_a_name_and_a_time_per_turn():
    # Otter and Teams: "Name  m:ss" then the text; names with parentheses, "'s iPad" and particles
    otter = ("Weekly sync\n\nAshlee Kupor (SL)  0:03\nOkay so let's start with the migration.\n\n"
             "Saurabh Swaroop's iPad  0:15\nWe moved forty services and the error rate stayed flat.\n\n"
             "Roberto Silva dos Santos  1:02\nGreat, thanks.\n").encode()
    t = read(otter, "sync.txt")
    assert [(ln.speaker, ln.start, ln.end) for ln in t.lines] == [
        ("Ashlee Kupor (SL)", 3.0, 15.0), ("Saurabh Swaroop's iPad", 15.0, 62.0),
        ("Roberto Silva dos Santos", 62.0, 62.8)]          # the last turn: 2 words at 150 a minute
    assert t.format == "timed-text" and t.estimated and "1 line before the first timestamp skipped" in t.notes[-1]
    assert read(otter, "sync.txt", duration=70).lines[-1].end == 70 and not read(otter, "sync.txt", duration=70).estimated
    # Descript: "[hh:mm:ss] Name: text"; Rev: "Name (mm:ss):" then the text
    desc = read(b"[00:00:01] Jane Doe: We cut latency by 40%.\n[00:00:09] John Roe: How?\n"
                b"[00:00:12] Jane Doe: Caching.\n", "d.txt", duration=14)
    assert [(ln.speaker, ln.start, ln.end) for ln in desc.lines] == [("Jane Doe", 1, 9), ("John Roe", 9, 12),
                                                                    ("Jane Doe", 12, 14)]
    rev = read(b"Speaker 1 (00:00):\nHello there.\n\nSpeaker 2 (00:05):\nHi.\n", "r.txt", duration=6)
    assert [ln.speaker for ln in rev.lines] == ["Speaker 1", "Speaker 2"]


def test_google_meet_text_export_shares_each_stamp_by_words():
    meet = (b"Team sync - Transcript\nAttendees\nAna Lima, Bob Stone\n\n00:00:00\nAna Lima: Hello everyone.\n"
            b"Bob Stone: Hi Ana, thanks for joining today.\n00:05:00\nAna Lima: Next topic please.\n")
    t = read(meet, "meet.txt", duration=360)
    # 0–300 s shared by 2 and 6 words: 75 s and 225 s
    assert [(ln.speaker, ln.start, ln.end) for ln in t.lines] == [
        ("Ana Lima", 0, 75), ("Bob Stone", 75, 300), ("Ana Lima", 300, 360)]


def test_a_timed_export_whose_times_go_backwards_or_with_one_stamp_is_refused_in_one_line():
    with pytest.raises(TranscriptError, match="line 3: .*timestamps go backwards"):
        read(b"Jane Doe  1:00\nfirst\nJohn Roe  0:30\nsecond\n", "x.txt")
    with pytest.raises(TranscriptError, match="single timestamp: give its length with --duration"):
        read(b"Jane Doe  0:00\nthe whole answer in one turn\n", "x.txt")


def test_srt_cue_with_paragraphs_and_hard_spaces():
    srt = (b"1\n00:00:01,000 --> 00:00:05,000\nFirst paragraph of the answer.\n\nSecond paragraph,\\h\n"
           b"same cue.\n\n2\n00:00:06,000 --> 00:00:08,000\nNext cue.\n")
    t = read(srt, "p.srt")
    assert [ln.text for ln in t.lines] == ["First paragraph of the answer. Second paragraph, same cue.", "Next cue."]


@pytest.mark.parametrize("tag", ["[music]", "[Music]", "[BLANK_AUDIO]", "(applause)", "[Laughter]", "♪♪", "(upbeat music)"])
def test_sound_only_tags_are_not_words(tag):
    vtt = f"WEBVTT\n\n00:00.000 --> 00:04.000\n{tag} we shipped it {tag}\n\n00:04.000 --> 00:05.000\n{tag}\n".encode()
    t = read(vtt, "s.vtt")
    assert [ln.text for ln in t.lines] == ["we shipped it"] and t.notes == ["1 empty cue ignored"]
    js = ('[{"start": 0, "end": 2, "text": "%s ok", "words": [{"word": "%s", "start": 0, "end": 1},'
          ' {"word": "ok", "start": 1, "end": 2}]}]' % (tag, tag)).encode()
    assert [w.text for w in read(js, "s.json").lines[0].words] == ["ok"]
    assert count_words_of(read(f"1\n00:00:00,000 --> 00:00:02,000\n{tag} yes\n".encode(), "s.srt")) == 1


def count_words_of(t):
    return len(speech_of(t).words)


def test_format_vtt_reads_captions_without_the_header_line():
    body = b"00:00:01.000 --> 00:00:03.000\nWe cut the cost by 30%.\n\n00:00:03.000 --> 00:00:05.000\nIn a month.\n"
    for name in ("a.vtt", "a.txt"):                          # without --format: refused, with the hint
        with pytest.raises(TranscriptError, match="does not start with WEBVTT; if it holds captions without that "
                                                  "line, pass --format vtt"):
            read(body, name)
    assert [ln.text for ln in read(body, "a.vtt", fmt="vtt").lines] == ["We cut the cost by 30%.", "In a month."]
    assert read(body, "a.txt", fmt="vtt").format == "vtt"     # --format overrides the name too


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_not_called_binary(encoding):
    data = (FIX / "zoom.vtt").read_text().encode(encoding)
    t = read(data, "z.vtt")
    assert t.format == "zoom" and [ln.speaker for ln in t.lines][:2] == ["Jordan Lee", "Sam Okafor"]
    assert "without its byte-order mark" in t.notes[-1]


def test_teams_voices_and_speakers_in_the_cue_identifier():
    vtt = ("WEBVTT\n\nd7b5-1/18-0\n00:00:01.000 --> 00:00:03.000\n<v Saurabh Swaroop's iPad>Can you hear me?</v>\n\n"
           "Roberto Silva dos Santos\n00:00:03.500 --> 00:00:06.000\nYes, loud and clear.\n\n"
           "3\n00:00:06.500 --> 00:00:07.000\n(Ashlee Kupor)\nGood.\n").encode()
    t = read(vtt, "teams.vtt")
    assert [ln.speaker for ln in t.lines] == ["Saurabh Swaroop's iPad", "Roberto Silva dos Santos", "Ashlee Kupor"]


def test_an_unnamed_cue_continues_only_a_cue_it_follows_at_once():
    vtt = ("WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nAna Lima: We cut the\n\n00:00:04.000 --> 00:00:06.000\n"
           "cost by half.\n\n00:00:07.000 --> 00:00:08.000\nYes. Okay.\n").encode()
    t = read(vtt, "z.vtt")
    assert [ln.speaker for ln in t.lines] == ["Ana Lima", "Ana Lima", ""]
    assert "continued the speaker just before it" in t.notes[0] and "kept apart as unnamed" in t.notes[1]


SPEAKERS = ("WEBVTT\n\n00:00:01.000 --> 00:00:05.000\nRicardo Silva: one two three\n\n"
            "00:00:05.000 --> 00:00:09.000\nRicardo Lopez: four five\n\n"
            "00:00:09.000 --> 00:00:10.000\nAshlee Kupor (SL): six\n").encode()


@pytest.mark.parametrize("wanted,who", [("Ricardo Silva", "Ricardo Silva"), ("ricardo  LOPEZ", "Ricardo Lopez"),
                                        ("Ashlee Kupor (SL)", "Ashlee Kupor (SL)"), ("Ashlee", "Ashlee Kupor (SL)")])
def test_speaker_choice_exact_or_the_only_one_of_that_name(wanted, who):
    s = speech_of(read(SPEAKERS, "s.vtt"), wanted)
    assert s.speaker == who
    assert s.why == "the speaker you named" or f"the only '{wanted.strip()}'" in s.why


@pytest.mark.parametrize("wanted,message", [
    ("Ricardo", r"^'Ricardo' could be Ricardo Silva \(0:04\) or Ricardo Lopez \(0:04\): give the full name with --speaker$"),
    ("Ricardo Nobody", r"^no lines from speaker 'Ricardo Nobody' in this transcript; did you mean Ricardo Silva "
                       r"\(0:04\) or Ricardo Lopez \(0:04\)\? Speakers: "),
    ("Ashly Kupor (SL)", r"did you mean Ashlee Kupor \(SL\) \(0:01\)\?"),
    ("Nobody", r"^no lines from speaker 'Nobody' in this transcript; speakers: Ricardo Silva"),
])
def test_speaker_choice_refuses_a_guess_naming_the_candidates(wanted, message):
    with pytest.raises(TranscriptError, match=message) as err:
        speech_of(read(SPEAKERS, "s.vtt"), wanted)
    assert "\n" not in str(err.value)


def test_rolling_captions_without_word_stamps_in_vtt_and_converted_to_srt():
    """YouTube's automatic captions saved without word stamps (or converted to SRT) still roll: each cue
    shows the row before it and one new row. Six rows of three words: 18 words, not 33."""
    rows = [f"row{i} word{i} end{i}" for i in range(6)]
    cues = [(rows[0],)] + [(rows[i - 1], rows[i]) for i in range(1, 6)]
    vtt = "WEBVTT\n\n" + "\n\n".join(f"00:00:{2 * i:02d}.000 --> 00:00:{2 * i + 2:02d}.000\n" + "\n".join(c)
                                     for i, c in enumerate(cues)) + "\n"
    srt = "\n\n".join(f"{i + 1}\n00:00:{2 * i:02d},000 --> 00:00:{2 * i + 2:02d},000\n" + "\n".join(c)
                      for i, c in enumerate(cues)) + "\n"
    for data, name in ((vtt, "r.vtt"), (srt, "r.srt")):
        t = read(data.encode(), name)
        assert len(speech_of(t).words) == 18 and [ln.text for ln in t.lines] == rows
