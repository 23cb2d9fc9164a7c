"""Real speech through the real Whisper *base* model (fixture whisper_base_dir, from the test-only packages
pinned by hash in requirements/test-models.lock).

The answer: a known STAR answer of 119 words with "um" and "uh" in it, said by espeak-ng at 150 words a
minute, with a 3-second silence cut in by sox after the task (tests/speech/speech.py). The truths are
measured on the samples: where the sound stops before the inserted silence and starts again after it,
and the pace as the spoken words over the time from the first sound to the last.

Measured on this machine (2 cores, int8; the figures move a little between runs): 87–89 % of the words
recognised, the pause found 0.17–0.19 s early at its start and 0.21 s early at its end, pace 144.5–146
words/min against 142.9 (1–2 % over), both fillers kept (2 of 2, on every run) with the filler prompt,
2.6–3.8 s to transcribe 50 s of audio.
"""

from __future__ import annotations

import json

import pytest

from systemcraft.domain.transcript import Marker
from systemcraft.transcripts import stt
from tests.conftest import CLI, INIT_ARGS, onboarded
from tests.speech import speech as sp

FILLERS_KEPT = 2          # observed on every run: the filler prompt keeps both "um" and "uh"


@pytest.fixture(scope="module")
def answer(tmp_path_factory):
    sp.need_tools()
    return sp.star_answer(tmp_path_factory.mktemp("star"))


@pytest.fixture(scope="module")
def transcriber(whisper_base_dir):
    return stt.FasterWhisperTranscriber(whisper_base_dir)


@pytest.fixture(scope="module")
def heard(answer, transcriber):
    done: list[float] = []
    transcript, voice = transcriber.transcribe_with_voice(answer["wav"], progress=done.append)
    return transcript, voice, done


@pytest.fixture(scope="module")
def cli_report(answer, whisper_base_dir, tmp_path_factory, answers_file_module):
    """`systemcraft analyze answer.wav --json` with the base model installed in the home (no --model)."""
    cli = CLI(tmp_path_factory.mktemp("cli") / "home")
    assert cli(*INIT_ARGS, "--answers", str(answers_file_module)).returncode == 0
    r = cli("model", "install", str(whisper_base_dir))
    assert r.returncode == 0, r.stderr
    r = cli("analyze", str(answer["wav"]), "--json")
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout), cli


@pytest.fixture(scope="module")
def answers_file_module(tmp_path_factory):
    from tests.conftest import ANSWERS
    p = tmp_path_factory.mktemp("answers") / "answers.json"
    p.write_text(json.dumps(ANSWERS))
    return p


def words(transcript) -> list[str]:
    return sp.words_of(" ".join(w.text for ln in transcript.lines for w in ln.words))


def test_at_least_80_percent_of_the_spoken_words_come_back(answer, heard):
    transcript, _, _ = heard
    rate = sp.recognised(answer["spoken"], words(transcript))
    assert rate >= 0.80, f"recognised {rate:.0%} of the words"


def test_the_filler_prompt_keeps_the_fillers_and_the_transcript_says_counts_may_be_low(heard):
    transcript, _, _ = heard
    assert sp.fillers_heard(words(transcript)) == FILLERS_KEPT
    assert stt.FILLER_NOTE in transcript.notes
    assert transcript.notes[0].startswith("transcribed locally with the Whisper model “whisper-base”")


def test_progress_runs_from_0_to_1_and_never_backwards(heard):
    _, _, done = heard
    assert done[0] == 0.0 and done[-1] == 1.0 and done == sorted(done) and len(done) >= 4


def test_the_cli_report_finds_the_pause_in_its_place_and_the_pace(answer, cli_report):
    report, _ = cli_report
    assert report["format"] == "audio" and report["saved"] is True
    [pause] = report["pauses"]
    assert abs(pause["at"] - answer["pause_start"]) <= 0.3, (pause, answer["pause_start"])
    assert abs(pause["at"] + pause["seconds"] - answer["pause_end"]) <= 0.3, (pause, answer["pause_end"])
    assert pause["after"].rstrip(".").endswith("headcount")
    assert abs(report["wpm"] - answer["wpm"]) <= 0.10 * answer["wpm"], (report["wpm"], answer["wpm"])
    assert report["fillers"]["by_word"] == {"um": 1, "uh": 1}
    assert stt.FILLER_NOTE in report["notes"]


def test_the_cli_report_has_the_voice_signals_labelled_approximate(cli_report):
    report, cli = cli_report
    v = report["voice"]
    # espeak-ng's ordinary voice: about 100 Hz, moving some 4 semitones; no sentence fades
    assert v["approximate"] is True and v["monotone"] is False and v["trailing_off"] is False
    assert 70 <= v["pitch_median_hz"] <= 200 and v["pitch_range_semitones"] > 2
    assert all("(approximate)" in s for s in v["summary"])
    # the stored report shows them again, in words
    text = cli("delivery", str(report["id"])).stdout
    assert "Voice (approximate, from the audio)" in text and "Loudness varied by about" in text


def test_star_taps_time_the_parts(heard, make_env):
    """A tap 0.3 s before the sentence that opens each part (the task's is the one with "um" in it, the
    action's and the result's start with those words): each part starts at its sentence, and the report
    says the parts came from the taps. Without taps the same answer is estimated from cue phrases."""
    transcript, voice, _ = heard
    ws = [w for ln in transcript.lines for w in ln.words]
    opening = [w for i, w in enumerate(ws) if i == 0 or ws[i - 1].text.endswith((".", "?", "!"))]
    sentence_of = {}
    for i, w in enumerate(ws):
        sentence_of[w.bare] = sentence_of.get(w.bare) or max(o.start for o in opening if o.start <= w.start)
    starts_expected = {"task": sentence_of["um"], "action": sentence_of["action"], "result": sentence_of["result"]}
    taps = (Marker(0.0, "situation", "tap"),
            *(Marker(round(max(0.0, at - 0.3), 1), part, "tap") for part, at in starts_expected.items()))
    coach = onboarded(make_env())
    try:
        report = coach.analyse_read(transcript, "answer.wav", taps=taps, voice=voice, save=False)
        estimated = coach.analyse_read(transcript, "answer.wav", save=False)
    finally:
        coach.close()
    star = report["star"]
    assert star["method"] == "markers" and star["confidence"] == 1.0
    starts = {p["part"]: p["start"] for p in star["parts"]}
    for part, at in starts_expected.items():
        assert abs(starts[part] - at) <= 0.05, (starts, starts_expected)
    assert report["taps"] == [{"at": t.at, "part": t.part} for t in taps]
    assert any(n.startswith("The STAR parts are timed from your taps while you spoke (situation at 0:00")
               for n in report["notes"]), report["notes"]
    assert report["voice"] == json.loads(json.dumps(voice))
    assert estimated["star"]["method"] == "heuristic" and "taps" not in estimated and "voice" not in estimated
