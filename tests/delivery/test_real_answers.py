"""Delivery analysis on real, published material (tests/data/answers; sources in its README.md), labelled by
hand: which turns are the candidate's, the fillers, hedges and quantities in them, the language. Each test says
how the right answer was worked out; before/after figures are in that README."""

import re
from pathlib import Path

import pytest

from systemcraft.domain import delivery as dd
from systemcraft.domain import star_segments as ss
from systemcraft.domain.stories import Story
from systemcraft.domain.transcript import Line, Transcript, TranscriptError, speech_of
from systemcraft.errors import InputError
from tests.conftest import onboarded

DATA = Path(__file__).parents[1] / "data" / "answers"
TURN = re.compile(r"\[(\d\d):(\d\d):(\d\d)\] \*\*(.+?):\*\*")


def podcast_lines(text: str, shift: float = 0.0) -> list[Line]:
    """The published transcript's turns, "[hh:mm:ss] **Name:** words": a turn lasts until the next one begins
    (the last, cut off by the excerpt, is given 5 s)."""
    marks = list(TURN.finditer(text))
    out = []
    for i, m in enumerate(marks):
        start = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3)) + shift
        end = (int(marks[i + 1].group(1)) * 3600 + int(marks[i + 1].group(2)) * 60 + int(marks[i + 1].group(3))
               + shift) if i + 1 < len(marks) else start + 5
        body = text[m.end():marks[i + 1].start() if i + 1 < len(marks) else len(text)]
        out.append(Line(start, end, " ".join(body.split()), m.group(4), where=f"turn {i + 1}"))
    return out


PODCAST = (DATA / "se_unlocked_ep70_excerpt.md").read_text(encoding="utf-8")


def alvaro():
    return speech_of(Transcript(podcast_lines(PODCAST), "text"), "Alvaro")


def test_only_the_candidates_turns_are_timed_in_a_three_person_transcript():
    """Alvaro speaks 0:07:03–0:07:46, 0:08:05–0:08:46 and 0:09:03–0:09:08: 43 + 41 + 5 = 89 s. Michaela and
    Dagna talk in between (0:07:46–0:08:05, 0:08:46–0:09:03). The STAR parts are his talk split four ways, so
    together they take at most his 89 s (before: the parts ran across the others' turns, 2:05 in all), and the
    two silences while others talk (19 s, 17 s) are not his pauses."""
    s = alvaro()
    assert s.seconds == 89.0 and len(s.turns) == 3
    seg = ss.segment(s, "L6")
    assert sum(p.seconds for p in seg.parts) <= 89.0
    assert all("cheat" not in text.lower() for text, _ in seg.labels)       # Dagna's and Michaela's words
    d = dd.measure(s)
    assert d.pauses == () and d.speaking_seconds == 89.0
    # the heuristic reads one answer by one person; this one is broken by two other speakers
    assert seg.confidence <= ss.MULTI_SPEAKER_CAP and any("turns" in w for w in seg.why_low)


def test_fillers_hedges_and_numbers_in_alvaros_turns_match_a_hand_count():
    """Counted by hand in his three turns with the product's lexicon (decision 12): "um" 6 (4 + 2 + 0), "uh" 11
    (5 + 5 + 1), "you know" 4 (2 + 2), "so" once where a comma sets it off ("Uh, so, yeah"); "so that might"
    is not set off. Hedges: "I guess" twice and "I think" twice; "that's all kind of users" is "all kinds of
    users", not a hedge. No quantity: "one reason" and "one line" are ordinary English, not figures. Michaela's
    "um" and "you know" are hers and are not counted."""
    d = dd.measure(alvaro())
    by = {}
    for h in d.fillers:
        by[h.what] = by.get(h.what, 0) + 1
    assert by == {"um": 6, "uh": 11, "you know": 4, "so": 1}
    assert sorted(h.what for h in d.hedges) == ["i guess", "i guess", "i think", "i think"]
    assert d.numbers == ()


def test_multi_word_hedges_and_the_determiner_rule():
    words = "Kind of, I guess it was sort of more or less done, the kind of team that I suppose we wanted"
    d = dd.measure(speech_of(Transcript([Line(0, 8, words)], "text")))
    assert [h.what for h in d.hedges] == ["kind of", "i guess", "sort of", "more or less", "i suppose"]


def test_portuguese_um_is_an_article_and_english_only_analyses_are_left_out():
    """The Portuguese interview excerpt has five "um" ("é um prazer", "um grupo"…): the article "a", not a filler
    (before: 5 fillers). Its language is read from its common words; pace and pauses are still measured."""
    text = (DATA / "farelo_pt_excerpt.txt").read_text(encoding="utf-8")
    assert len(re.findall(r"\bum\b", text)) == 5
    s = speech_of(Transcript([Line(0, 150, text)], "text"))
    assert dd.language(s.words) == "pt"
    d = dd.measure(s, english=False)
    assert d.fillers == () and d.hedges == () and d.i_count == d.we_count == 0
    assert d.wpm == round(len(s.words) / 150 * 60, 1)
    seg = ss.not_read("L6", dd.LANGUAGE_NAMES["pt"])
    assert seg.method == "skipped" and all(p.words == 0 for p in seg.parts)
    # the English material is English
    assert dd.language(alvaro().words) == "en"


STORIES = {sec.split("\n", 1)[0]: sec.split("\n", 1)[1]
           for sec in re.split(r"^## ", (DATA / "star_answers.md").read_text(encoding="utf-8"), flags=re.M)[1:]}
# Quantities marked by hand in each published answer: (value in its canonical unit, unit). Times are in seconds.
# A bare year ("in May 2025") is a date, "one team wanted…" is a pronoun, "millions backing up" is no figure.
LABELLED = {
    "silent-failure": [(14 * 86400, "s"), (5 * 86400, "s"), (300, "s"), (512e6, "B"), (2e9, "B"), (0, ""),
                       (4 * 3600, "s"), (2, "x")],
    "library-adoption": [(2, "teams"), (80, "%"), (20, "%"), (3, "teams"), (14 * 86400, "s"), (86400, "s")],
    "multi-region": [(0, ""), (4 * 3600, "s"), (3600, "s"), (1800, "s"), (28 * 86400, "s"), (0, ""), (0, ""),
                     (900, "s"), (3600, "s")],
    "indexing-pipeline": [(1200, "s"), (0, ""), (1200, "s"), (1, "s"), (0, "")],
    "image-dedup": [(750, "records"), (92, "%"), (0, "")],
}


@pytest.mark.parametrize("name", sorted(LABELLED))
def test_quantities_in_published_star_answers_match_the_hand_labels(name):
    body = STORIES[name]
    s = speech_of(Transcript([Line(0, len(body.split()) / 150 * 60, body)], "text"))
    got = [(h.value, h.unit) for h in dd.measure(s).numbers]
    assert got == [(float(v), u) for v, u in LABELLED[name]]


def test_no_year_counts_as_a_quantity():
    d = dd.measure(speech_of(Transcript([Line(0, 20, "This was in May 2025. Back in twenty nineteen "
                                                    "we had nineteen engineers and 2019 users.")], "text")))
    assert [(h.what, h.value) for h in d.numbers] == [("nineteen engineers", 19.0), ("2019 users", 2019.0)]


@pytest.mark.parametrize("said,written", [
    ("we cut p99 to 420 milliseconds", "420 ms"),
    ("it saved 11 million dollars a year", "$11M"),
    ("revenue grew by two point five million dollars", "$2.5M"),
    ("thirteen engineers joined", "13 engineers"),
    ("we went from twenty minutes to one second", "20 minutes"),
])
def test_the_storys_numbers_are_heard_by_value_and_unit(said, written):
    story = Story("t", "We ran payments.", "I had to fix it.", "I rebuilt it.", f"It came to {written}.", "ownership")
    s = speech_of(Transcript([Line(0, 10, said)], "text"))
    out = ss.compare_story(story, ss.segment(s, "L6"), said)
    assert out["numbers_missing"] == []


def test_a_different_amount_is_still_missing():
    story = Story("t", "s", "t", "a", "It saved $2.5M.", "ownership")
    said = "it saved five million dollars"
    s = speech_of(Transcript([Line(0, 10, said)], "text"))
    assert ss.compare_story(story, ss.segment(s, "L6"), said)["numbers_missing"] == ["$2.5M"]


# ---- impossible figures and bad input ---------------------------------------------------------------------------

def test_559_words_a_minute_is_flagged_as_impossible():
    s = speech_of(Transcript([Line(0, 60, " ".join(["word"] * 559), where="cue 1")], "vtt"))
    d = dd.measure(s)
    notes, wrong = dd.plausibility(d, [Line(0, 60, " ".join(["word"] * 559), where="cue 1")], s.speaker)
    assert "559 words a minute" in wrong and d.wpm == 559.0 and wrong in notes


def test_a_pace_from_the_duration_the_user_gave_is_noted_not_refused():
    """Plain text spread over a typed duration: the pace is the user's own figure (words over their duration),
    so an odd one is a note asking to check that duration, and the analysis stands."""
    line = Line(0, 60, " ".join(["word"] * 750))
    s = speech_of(Transcript([line], "text", estimated=True))
    notes, wrong = dd.plausibility(dd.measure(s), [line], s.speaker, estimated=True)
    assert wrong == "" and notes == ["A pace of 750 words a minute over the duration you gave is outside what "
                                     "people speak (40–300): check that duration."]


def test_a_331_word_cue_lasting_10_seconds_is_named():
    line = Line(0, 10, " ".join(["word"] * 331), where="cue 7")
    s = speech_of(Transcript([line], "vtt"))
    notes, wrong = dd.plausibility(dd.measure(s), [line], s.speaker)
    assert wrong.startswith("cue 7: 331 words in 10.0 s") and notes == [wrong]


def test_a_three_hour_gap_is_a_break_not_a_pause():
    """One speaker, 25 words in 10 s, then 25 more three hours later: 20 s of talk, no pause, one break."""
    lines = [Line(0, 10, " ".join(["word"] * 25)), Line(10800, 10810, " ".join(["word"] * 25))]
    s, breaks = dd.split_breaks(speech_of(Transcript(lines, "vtt")))
    d = dd.measure(s)
    assert breaks == (dd.Break(10.0, 10790.0),) and d.pauses == () and d.speaking_seconds == 20.0
    assert d.wpm == 150.0
    notes, wrong = dd.plausibility(d, lines, s.speaker, breaks)
    assert not wrong and "3.0 hours" in notes[0]


def test_a_one_word_answer_has_figures_and_a_low_star_confidence():
    s = speech_of(Transcript([Line(0, 0.4, "Yes.")], "text"))
    d = dd.measure(s)
    assert d.words == 1 and d.wpm == 150.0
    assert dd.plausibility(d, [Line(0, 0.4, "Yes.")], s.speaker) == ([], "")   # too short to judge a pace
    seg = ss.segment(s, "L6")
    assert seg.confidence <= ss.LONG_CAP and any("1 sentence" in w for w in seg.why_low)


def test_a_transcript_with_only_other_speakers_is_a_one_line_error():
    lines = [ln for ln in podcast_lines(PODCAST) if ln.speaker != "Alvaro"]
    with pytest.raises(TranscriptError) as err:
        speech_of(Transcript(lines, "text"), "Alvaro")
    assert "\n" not in str(err.value)


def test_a_two_hour_meeting_gets_a_low_star_confidence():
    """The excerpt's 2:05 repeated 58 times is a 2-hour meeting; Alvaro talks 58 × 89 s = 86 min of it. STAR
    parts over 86 minutes are a guess: the confidence is low, never "high (88 %)"."""
    lines = [ln for k in range(58) for ln in podcast_lines(PODCAST, shift=k * 130)]
    s = speech_of(Transcript(lines, "text"), "Alvaro")
    assert round(s.seconds) == 58 * 89
    seg = ss.segment(s, "L7")
    assert seg.confidence <= ss.LONG_CAP and seg.confidence_label == "low"
    assert any("minutes of talk is more than one answer" in w for w in seg.why_low)
    assert sum(p.seconds for p in seg.parts) <= s.seconds + 0.5


# ---- the whole use case: notes on the report, nothing wrong stored --------------------------------------------

@pytest.fixture
def coach(make_env):
    c = onboarded(make_env(), "Alvaro Trigo", "L6")
    yield c
    c.close()


def vtt(*cues):
    out = ["WEBVTT", ""]
    for i, (a, b, who, text) in enumerate(cues, 1):
        out += [f"00:{a // 60:02d}:{a % 60:02d}.000 --> 00:{b // 60:02d}:{b % 60:02d}.000", f"<v {who}>{text}</v>", ""]
    return "\n".join(out).encode()


def test_an_impossible_pace_is_refused_in_one_line_and_shown_unsaved_on_request(coach, tmp_path):
    """400 words in one 60-second cue: 400 words a minute. Stored, it would be the trend's fastest answer."""
    data = vtt((0, 60, "Alvaro Trigo", " ".join(["word"] * 400)))
    with pytest.raises(InputError) as err:
        coach.analyse_upload(data, "fast.vtt", speaker="Alvaro Trigo")
    assert str(err.value).startswith("fast.vtt: A pace of 400 words a minute is faster than anyone speaks")
    assert "\n" not in str(err.value) and coach.delivery_history() == []
    (tmp_path / "fast.vtt").write_bytes(data)
    r = coach.analyse_transcript(tmp_path / "fast.vtt", speaker="Alvaro Trigo", save=False)
    assert r["saved"] is False and r["plausible"] is False and any("faster than anyone" in n for n in r["notes"])


def test_a_portuguese_answer_is_stored_with_pace_and_without_fillers(coach):
    text = " ".join((DATA / "farelo_pt_excerpt.txt").read_text(encoding="utf-8").split())
    r = coach.analyse_upload(vtt((0, 150, "Alvaro Trigo", text)), "pt.vtt", speaker="Alvaro Trigo")
    assert r["language"] == "pt" and r["fillers"]["count"] == 0 and r["star"]["method"] == "skipped"
    assert r["wpm"] > 0 and any("English only" in n for n in r["notes"])
    assert r["saved"] is True


def test_a_real_55_minute_zoom_meeting_times_star_parts_within_the_speakers_own_talk():
    """tests/data/captions/zoom_meeting003.vtt (sources in that folder's README): the longest talker speaks
    2,436 s in 10 turns of a 55-minute meeting. Before, the STAR parts summed to 3,278 s with confidence
    "medium (42 %)"; the parts are his talk split four ways, so at most 2,436 s, and over 41 minutes and ten
    turns they are a guess: low."""
    from systemcraft.services.delivery import read_upload
    path = Path(__file__).parents[1] / "data" / "captions" / "zoom_meeting003.vtt"
    s = speech_of(read_upload(path.read_bytes(), path.name, None, None))
    seg = ss.segment(s, "L6")
    assert round(s.seconds) == 2436 and len(s.turns) == 10
    assert sum(p.seconds for p in seg.parts) <= s.seconds
    assert seg.confidence_label == "low" and len(seg.why_low) == 2
