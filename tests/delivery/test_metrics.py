"""Delivery metrics on hand-built transcripts whose answers are known."""

import pytest

from systemcraft.domain import delivery as dd
from systemcraft.domain.transcript import Line, Transcript, TranscriptError, Word, speech_of


def words_line(n, start, end, speaker="", word="word"):
    return Line(start, end, " ".join([word] * n), speaker)


def measure(*lines, speaker=None):
    return dd.measure(speech_of(Transcript(list(lines), "vtt"), speaker))


def test_150_words_in_60_seconds_is_150_wpm_with_no_pauses():
    d = measure(words_line(150, 0, 60))
    assert d.words == 150 and d.wpm == 150.0 and d.wpm_without_pauses == 150.0
    assert d.pauses == () and d.pace_band == "on target"
    assert [p[1] for p in d.pace] == [150.0, 150.0]


def test_a_3_second_gap_is_one_pause_and_a_2_4_second_gap_is_none():
    d = measure(words_line(30, 0, 12), words_line(30, 15, 27), words_line(30, 29.4, 41.4))
    assert len(d.pauses) == 1
    p = d.pauses[0]
    assert p.at == 12 and p.seconds == 3.0 and p.after.endswith("word") and p.before.startswith("word")
    # 90 words over 41.4 s, or over 38.4 s without the long pause
    assert d.wpm == round(90 / 41.4 * 60, 1) and d.wpm_without_pauses == round(90 / 38.4 * 60, 1)


def test_the_interviewer_talking_between_answers_is_not_a_pause():
    d = measure(words_line(20, 0, 8, "Cand"), words_line(15, 8.5, 14, "Int"), words_line(20, 14.5, 22.5, "Cand"),
                speaker="Cand")
    assert d.pauses == () and d.words == 40
    assert d.speaking_seconds == 16.0 and d.wpm == 150.0


def test_pace_over_time_per_30_seconds_of_speaking():
    # 60 words in the first 30 s (120 wpm), 90 in the next 30 s (180 wpm)
    d = measure(words_line(60, 0, 30), words_line(90, 30, 60))
    assert [round(p[1]) for p in d.pace] == [120, 180] and d.pace[1][0] == 30.0
    # a last window under 10 s joins the one before it
    d = measure(words_line(75, 0, 30), words_line(10, 30, 35))
    assert len(d.pace) == 1 and d.pace[0][1] == round(85 / 35 * 60, 1)


@pytest.mark.parametrize("text,expected", [
    ("um I think uh we shipped it", ["um", "uh"]),
    ("Er, you know, it was basically done", ["er", "you know", "basically"]),
    ("So, the situation was simple", ["so"]),
    ("so the situation was simple", []),
    ("it was like a cache", []),
    ("it was, like, a cache", ["like"]),
    ("we shipped it, so we saved money", []),
    ("I liked it so much", []),
])
def test_fillers_like_and_so_count_only_when_set_off_by_a_comma(text, expected):
    d = measure(Line(0, 10, text))
    assert [h.what for h in d.fillers] == expected


def test_like_set_off_by_a_pause_counts():
    ws = (Word("it", 0, 0.3), Word("was", 0.3, 0.6), Word("like", 0.6, 0.9), Word("a", 1.6, 1.8), Word("cache", 1.8, 2.2))
    d = measure(Line(0, 2.2, "it was like a cache", "", ws))
    assert [h.what for h in d.fillers] == ["like"] and d.fillers[0].at == 0.6


def test_filler_rates_per_minute_and_per_100_words():
    text = " ".join(["um"] * 3 + ["word"] * 147)
    d = measure(Line(0, 60, text))
    assert d.fillers_per_minute == 3.0 and d.fillers_per_100_words == 2.0 and d.top_filler == ("um", 3)


def test_hedges_i_and_we_and_numbers_with_their_evidence():
    d = measure(Line(0, 30, "Maybe we should, I think, probably wait. I'm not sure. Perhaps we cut latency by 40% "
                            "and saved $2M, and revenue doubled over forty percent of accounts."))
    assert [h.what for h in d.hedges] == ["maybe", "i think", "probably", "not sure", "perhaps"]
    assert d.i_count == 2 and d.we_count == 2
    spoken = [h.what for h in d.numbers]
    assert "40%" in spoken and "$2M" in spoken and "doubled" in spoken and "forty percent" in spoken
    assert all(h.quote for h in d.numbers)


def test_word_timestamps_from_speech_to_text_are_used_as_given():
    ws = tuple(Word(f"w{i}", i * 0.4, i * 0.4 + 0.3) for i in range(10)) + (Word("late", 7.0, 7.3),)
    d = measure(Line(0, 7.3, " ".join(w.text for w in ws), "", ws))
    assert len(d.pauses) == 1 and d.pauses[0].at == 3.9 and d.pauses[0].seconds == 3.1


def test_talk_time_and_speaker_choice():
    t = Transcript([words_line(10, 0, 10, "Interviewer"), words_line(60, 10, 40, "Dana Smith")], "vtt")
    s = speech_of(t)
    assert s.speaker == "Dana Smith" and "longest" in s.why
    shares = {x.speaker: x.share for x in s.shares}
    assert shares == {"Dana Smith": 0.75, "Interviewer": 0.25}
    assert speech_of(t, "dana").speaker == "Dana Smith"
    assert speech_of(t, None, "Interviewer").why == "matches the name in your profile"
    with pytest.raises(TranscriptError, match="no lines from speaker 'Bob'.*Dana Smith"):
        speech_of(t, "Bob")


def test_observations_state_numbers_and_never_judge():
    d = measure(Line(0, 60, "um " * 10 + "word " * 60))
    text = " ".join(dd.observations(d))
    assert "below the 140–160 target" in text and "No quantities spoken" in text
    for verdict in ("hire", "nervous", "confident", "personality"):
        assert verdict not in text.lower()
