"""Voice signals (systemcraft/domain/voice.py) on speech generated with espeak-ng, whose delivery is known:
said with no pitch movement at all (SSML prosody range 0) it is monotone; said normally it is not;
sentences faded out at their end with sox trail off, the others do not."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from systemcraft.domain import voice
from tests.speech import speech as sp

TEXT = [
    "In my last role our payments team missed three releases in a row.",
    "Customer complaints doubled in one quarter, and the support queue grew every week.",
    "I was asked to make releases predictable again without adding headcount.",
    "I split the build into three pipelines and moved the team to trunk based development.",
]


@pytest.fixture(scope="module", autouse=True)
def tools():
    sp.need_tools()


def _signals(tmp_path, **kw):
    wav, transcript = sp.spoken_sentences(TEXT, tmp_path, tmp_path / "answer.wav", **kw)
    return voice.signals(sp.samples(wav), sp.RATE, transcript), transcript


def test_a_flat_voice_is_flagged_monotone_with_its_moments(tmp_path):
    """Expected: monotone, one stretch covering most of the ~20 s answer, pitch range under 1 semitone."""
    v, t = _signals(tmp_path, flat=True)
    assert v.monotone is True
    assert v.pitch_range_semitones is not None and v.pitch_range_semitones < 1.0
    mono = [m for m in v.moments if m.kind == "monotone"]
    assert len(mono) == 1
    spoken = t.lines[-1].words[-1].end - t.lines[0].words[0].start
    assert mono[0].end - mono[0].start >= 0.7 * spoken
    assert mono[0].words.startswith("In my last role") and "(approximate)" in mono[0].detail
    assert any("Monotone" in s for s in v.summary)


def test_a_normal_voice_is_not_monotone(tmp_path):
    """Expected: espeak-ng's ordinary intonation moves about 3 semitones: no monotone stretch at all."""
    v, _ = _signals(tmp_path)
    assert v.monotone is False and not [m for m in v.moments if m.kind == "monotone"]
    assert v.pitch_range_semitones > 2.0
    assert 70 <= v.pitch_median_hz <= 200               # espeak-ng's male US voice, about 100 Hz
    assert v.trailing_off is False and v.sentences == 4 and v.sentences_trailing_off == 0


def test_sentences_faded_at_their_end_trail_off(tmp_path):
    """Sentences 2 and 4 (of 4) faded out over their last 1.5 s of sound: expected exactly those two
    flagged, at their ends, with their last words; the delivery as a whole is called trailing off (2 of 4).
    (Measured here: the faded ends are 15 dB quieter, the others at most 5 dB; the threshold is 8.)"""
    v, t = _signals(tmp_path, fade={1, 3}, fade_seconds=1.5)
    trail = [m for m in v.moments if m.kind == "trailing off"]
    assert len(trail) == 2
    for m, line in zip(trail, (t.lines[1], t.lines[3])):
        assert line.end - 1.0 <= m.start < m.end <= line.end + 0.01
        assert m.words.endswith(line.words[-1].text) and "quieter at the end" in m.detail
        assert "(approximate)" in m.detail
    assert v.trailing_off is True and v.sentences_trailing_off == 2
    assert any("2 of 4 sentences trail off" in s for s in v.summary)


def test_every_figure_is_labelled_approximate_and_the_signals_serialise(tmp_path):
    v, _ = _signals(tmp_path, flat=True, fade={3}, fade_seconds=1.5)
    d = asdict(v)
    assert d["approximate"] is True and isinstance(d["moments"], tuple | list)
    assert d["summary"] and all("(approximate)" in s for s in d["summary"] if any(c.isdigit() for c in s[:40])
                                and "dB" in s or "semitones" in s)
    assert all("(approximate)" in m["detail"] for m in d["moments"])
    assert 3 <= d["loudness_variation_db"] <= 15


def test_too_little_sound_gives_no_figures():
    import numpy as np
    v = voice.signals(np.zeros(800, np.float32), 16000, None)
    assert v.pitch_range_semitones is None and v.loudness_variation_db is None and not v.moments
    assert v.summary == ("The answer is too short to judge the voice.",)
