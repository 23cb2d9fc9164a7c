"""Real Zoom meetings with awkward display names, as their participants left them (sources in
tests/data/captions/README.md): "Ashlee Kupor (SL)" (a role in parentheses), "Saurabh Swaroop’s iPad"
(a device name with a typographic apostrophe), "OSARODION OHENZUWA" (all capitals) and cues
Zoom could not name; then the whole 55-minute seminar already kept here and a 63-minute talk.

The right answer for each file comes from `by_hand` below, an independent count that does not use the
product's reader: it splits the file at blank lines, reads the two times of each cue, and takes the
speaker only from the list of participants written out by hand in MEETINGS (read off the file). The
unnamed cues are labelled by hand: which ones continue the speaker before them, and why, is written next
to each file. Words are whitespace-separated tokens (these excerpts hold no lone punctuation or sound tags,
so that is also what the product counts).

Before issue 17 §1 (the reader at commit a2a3299): "Ashlee Kupor (SL)" was not read as a name and Dora
Demszky got 1,236 words and 99.8 % of the talk time (right: 733 words, 63.4 %); "Saurabh Swaroop’s iPad"
was not read either and Shailly Upadhyay got 667 words, 88.5 % (right: 15 words, 1.6 %); the unnamed cues
went to whoever spoke before (Mouzhi Ge 232 words, right 226). With the §1 reader every figure matched;
one fix here: the note for four unnamed cues in a row said "1 cue ... kept apart", now 4.
"""

import gzip
import json
import re
import time
from collections import Counter
from pathlib import Path

import pytest

from systemcraft.domain.transcript import speech_of, talk_time
from systemcraft.transcripts.readers import read
from tests.cli.test_bad_input import one_line_error

DATA = Path(__file__).parents[1] / "data" / "captions"


def by_hand(name, participants, continued=()):
    """{speaker: (words, seconds, text)} by splitting the file at blank lines. A cue whose text starts with
    "<participant>: " is theirs; a cue without a name is unnamed unless its id is in `continued`."""
    raw = (DATA / name).read_bytes().decode("utf-8").replace("\r\n", "\n")
    words, seconds, said = Counter(), Counter(), {}
    last = ""
    for block in raw.split("\n\n"):
        rows = block.split("\n")
        if len(rows) < 3 or " --> " not in rows[1]:
            continue
        a, b = (sum(float(x) * 60 ** (2 - i) for i, x in enumerate(t.split(":"))) for t in rows[1].split(" --> "))
        text = " ".join(rows[2:])
        who = next((p for p in participants if text.startswith(p + ": ")), None)
        if who:
            text = text[len(who) + 2:]
        else:
            who = last if rows[0] in continued else ""
        words[who] += len(text.split())
        seconds[who] += b - a
        said.setdefault(who, []).extend(text.split())
        last = who
    return {w: (words[w], seconds[w], said[w]) for w in words}


# (file, the participants as written in the file, cue ids of unnamed cues that continue the speaker before,
#  the counts by_hand gives: {speaker: words}, the unnamed cues the reader should note as kept apart)
MEETINGS = [
    # A 10-minute stretch of a two-person project call. Four cues have no name. Cue 3 "No, it's gonna. I
    # think it's" sits between Dora's "And then" and Dora's "transcribing." (0.09 s after), cue 16 "Do a lot
    # of work" finishes Ashlee's "I don't want to like double." (0.02 s after): both continue the speaker.
    # Cue 27 "But" (0.55 s after Ashlee) and cue 69 "I need to fix the Json." (0.41 s after Ashlee) are
    # probably Ashlee's too, but they do not follow on at once, so the reader keeps them unnamed (7 words):
    # a figure left out, never given to the wrong person.
    ("zoom_section_leaders.vtt", ["Ashlee Kupor (SL)", "Dora Demszky"], {"3", "16"},
     {"Dora Demszky": 733, "Ashlee Kupor (SL)": 409, "": 7}, 2),
    # A class: a student presents from an iPad whose Zoom name is the device's, with a typographic apostrophe
    # (U+2019). One unnamed cue, "and" (41:19.65, 3.6 s after Ledia Leka, 3.2 s before Florian Wahl): no one.
    ("zoom_class_ipad.vtt", ["Saurabh Swaroop’s iPad", "Florian Wahl", "Shailly Upadhyay", "Ledia Leka"], (),
     {"Saurabh Swaroop’s iPad": 593, "Florian Wahl": 73, "Shailly Upadhyay": 15, "Ledia Leka": 11, "": 1}, 1),
    # The same class later: a name in capitals and four unnamed cues in a row ("Not teams." "So more."
    # "shares." "here.", 1 to 3 s apart while the lecturer shares his screen), kept unnamed.
    ("zoom_class_all_caps.vtt", ["OSARODION OHENZUWA", "Mouzhi Ge", "Alfa Nwanonobi"], (),
     {"OSARODION OHENZUWA": 402, "Mouzhi Ge": 226, "Alfa Nwanonobi": 8, "": 6}, 4),
]


def load(name):
    return read((DATA / name).read_bytes(), name)


@pytest.mark.parametrize("name,participants,continued,right,apart", MEETINGS)
def test_each_person_gets_their_own_words_and_talk_time(name, participants, continued, right, apart):
    hand = by_hand(name, participants, continued)
    assert {w: v[0] for w, v in hand.items()} == right          # the labelled answer, stated above
    t = load(name)
    shares = {s.speaker: s for s in talk_time(t.lines)}
    assert {w: s.words for w, s in shares.items()} == right
    total = sum(v[1] for v in hand.values())
    for who, (_, secs, _) in hand.items():
        assert shares[who].seconds == pytest.approx(secs, abs=0.06)
        assert shares[who].share == pytest.approx(secs / total, abs=0.001)
    # no speech given to the wrong person: each speaker's words, in order, are exactly theirs
    for who, (_, _, said) in hand.items():
        assert " ".join(ln.text for ln in t.lines if ln.speaker == who).split() == said
    assert any(re.match(rf"{apart} cues? without a speaker's name kept apart", n) for n in t.notes), t.notes


@pytest.mark.parametrize("name,participants,continued,right,apart", MEETINGS)
def test_speaker_picks_each_awkward_name_exactly(name, participants, continued, right, apart):
    t = load(name)
    for who in participants:
        s = speech_of(t, who)
        assert s.speaker == who and len(s.words) == right[who]


def test_names_as_people_type_them():
    """A straight apostrophe finds the iPad's typographic one; capitals do not matter; a role in
    parentheses may be left out; a name that is not in the meeting is refused."""
    assert speech_of(load("zoom_class_ipad.vtt"), "Saurabh Swaroop's iPad").speaker == "Saurabh Swaroop’s iPad"
    assert speech_of(load("zoom_class_all_caps.vtt"), "Osarodion Ohenzuwa").speaker == "OSARODION OHENZUWA"
    assert speech_of(load("zoom_section_leaders.vtt"), "Ashlee Kupor").speaker == "Ashlee Kupor (SL)"


def test_cli_analyses_each_awkward_speaker(ready_cli, tmp_path):
    """`systemcraft analyze --speaker` on the real files: the speaker, their words and the talk-time shares
    of everybody are the labelled ones above."""
    for name, participants, continued, right, _ in MEETINGS:
        f = tmp_path / name
        f.write_bytes((DATA / name).read_bytes())
        who = participants[0]
        rep = ready_cli.json("analyze", str(f), "--speaker", who, "--no-save")
        assert rep["speaker"] == who and rep["words"] == right[who]
        hand = by_hand(name, participants, continued)
        total = sum(v[1] for v in hand.values())
        got = {s["speaker"]: s for s in rep["speakers"]}
        assert {w: s["words"] for w, s in got.items()} == right
        assert all(got[w]["share"] == pytest.approx(v[1] / total, abs=0.001) for w, v in hand.items())
    message = one_line_error(ready_cli("analyze", str(tmp_path / "zoom_class_ipad.vtt"), "--speaker", "Saurabh Nobody"))
    assert "did you mean Saurabh Swaroop’s iPad" in message


def test_the_presenter_of_a_55_minute_zoom_seminar(ready_cli, capsys):
    """The whole Zoom seminar in zoom_meeting003.vtt: a guest presents for 40 minutes of speaking between
    the host's introduction and the questions. Counted by
    hand with `by_hand`: the presenter ("Paul McCartney", the publisher's pseudonym) says 7,118 words in 10
    turns, a turn being his cues with nobody else's cue between them. From the first cue of each turn to the
    last: 2,435.7 s, so 7,118 / 2,435.7 × 60 = 175.3 words a minute. (Counting only the time inside his
    cues, 2,275.1 s, would give 187.7: Zoom leaves the breaths between cues out of every cue, and a pace
    without them would be 7 % too fast.) The host's 7-minute wait for people to join (2:52 → 10:15) is his,
    not the presenter's. Targets: words within 1 %, pace within 5 %; the time is reported, not asserted."""
    name = "zoom_meeting003.vtt"
    presenter = "Paul McCartney"
    hand = by_hand(name, [presenter, "Andrew Knight", "George Harrison", "John Lennon", "Ringo Starr"])
    assert hand[presenter][0] == 7118
    turns, cur = [], None
    raw = (DATA / name).read_text().replace("\r\n", "\n")
    for block in raw.split("\n\n"):
        rows = block.split("\n")
        if len(rows) < 3 or " --> " not in rows[1]:
            continue
        a, b = (sum(float(x) * 60 ** (2 - i) for i, x in enumerate(t.split(":"))) for t in rows[1].split(" --> "))
        if rows[2].startswith(presenter + ": "):
            cur = [cur[0] if cur else a, b]
        elif cur:
            turns.append(cur)
            cur = None
    turns += [cur] if cur else []
    seconds = sum(b - a for a, b in turns)
    assert len(turns) == 10 and seconds == pytest.approx(2435.7, abs=0.05)
    right_wpm = 7118 / seconds * 60                                     # 175.3
    started = time.perf_counter()
    rep = ready_cli.json("analyze", str(DATA / name), "--speaker", presenter, "--no-save")
    took = time.perf_counter() - started
    assert rep["speaker"] == presenter
    assert abs(rep["words"] - 7118) <= 0.01 * 7118
    assert abs(rep["wpm"] - right_wpm) <= 0.05 * right_wpm
    with capsys.disabled():
        print(f"\n  whole 55-minute seminar analysed through the CLI in {took:.2f} s "
              f"({rep['words']} words, {rep['wpm']} wpm; by hand 7118, {right_wpm:.1f})")


def test_a_63_minute_talk_against_its_own_transcript(ready_cli, tmp_path, capsys):
    """A 63-minute live lecture (3Blue1Brown's Lockdown Math, "imaginary interest"), one speaker, with the
    uploader's captions (SRT, what is analysed) and, kept beside them, the uploader's plain transcript and
    the word timings of the same talk (sources in the README). The independent figures come from those two
    files, not from the captions: 11,661 words in the transcript (whitespace tokens); the talk runs from the
    first word's start (0.00 s) to the last word's end (3,786.22 s), so 11,661 / 3,786.22 × 60 = 184.8
    words a minute. Its silences (33.8 s at 9:39, 31.4 s at 44:11, while he waits for answers) are part of
    the talk, shorter than a break, and counted in both. Targets: words within 1 %, pace within 5 %; the
    time of the whole analysis is reported, not asserted. Before issue 17 the same file read 11,661 words
    at 184.8 a minute too: SRT from one speaker was already right; this is the hour the issue asked for."""
    transcript = gzip.decompress((DATA / "talk_imaginary_interest.transcript.txt.gz").read_bytes()).decode()
    timings = json.loads(gzip.decompress((DATA / "talk_imaginary_interest.word_timings.json.gz").read_bytes()))
    words = len(transcript.split())
    span = timings[-1][2] - timings[0][1]
    assert words == 11661 and span == pytest.approx(3786.22)
    right_wpm = words / span * 60                                      # 184.8
    f = tmp_path / "imaginary_interest.en.srt"
    f.write_bytes(gzip.decompress((DATA / "talk_imaginary_interest.en.srt.gz").read_bytes()))
    started = time.perf_counter()
    rep = ready_cli.json("analyze", str(f), "--no-save")
    took = time.perf_counter() - started
    assert rep["format"] == "srt" and rep["seconds"] > 60 * 60
    assert abs(rep["words"] - words) <= 0.01 * words
    assert abs(rep["wpm"] - right_wpm) <= 0.05 * right_wpm
    with capsys.disabled():
        print(f"\n  63-minute talk analysed through the CLI in {took:.2f} s "
              f"({rep['words']} words, {rep['wpm']} wpm; independent {words}, {right_wpm:.1f})")
