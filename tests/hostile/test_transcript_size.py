"""A transcript is analysed only up to MAX_SPOKEN_CHARS of speech (about 18 hours of talk).

18 MB of plain text (about three million words) given with --duration 6:00:00 took 60 s and 1.4 GB
before this bound; a caption file of the same size, 26 s. Every format is measured the same way: the
characters of spoken text in its cues.
"""

from __future__ import annotations

import pytest

from systemcraft.domain.transcript import MAX_SPOKEN_CHARS, TranscriptError
from systemcraft.transcripts.readers import read

SENTENCE = "I led the migration and we cut costs by forty percent. "      # 55 characters


def _plain(chars: int) -> bytes:
    return (SENTENCE * (chars // len(SENTENCE) + 1))[:chars].encode()


def _vtt(chars: int) -> bytes:
    cues, t, total = ["WEBVTT", ""], 0, 0
    while total < chars:
        text = SENTENCE.strip()
        cues += [f"{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d}.000 --> "
                 f"{(t + 2) // 3600:02d}:{(t + 2) // 60 % 60:02d}:{(t + 2) % 60:02d}.000", text, ""]
        total += len(text)
        t = (t + 2) % (23 * 3600)
    return "\n".join(cues).encode()


def test_the_bound_is_about_eighteen_hours_of_talk():
    words_per_char = 1 / 6                      # English speech: ~5 letters and a space a word
    assert 15 * 3600 < MAX_SPOKEN_CHARS * words_per_char / 160 * 60 < 20 * 3600


def test_plain_text_past_the_bound_is_refused_in_one_line():
    with pytest.raises(TranscriptError) as info:
        read(_plain(MAX_SPOKEN_CHARS + 10), "answer.txt", duration=6 * 3600)
    assert "at most 1,000,000" in str(info.value) and "\n" not in str(info.value)


def test_plain_text_at_the_bound_is_read():
    t = read(_plain(MAX_SPOKEN_CHARS), "answer.txt", duration=6 * 3600)
    assert sum(len(ln.text) for ln in t.lines) <= MAX_SPOKEN_CHARS


def test_captions_past_the_bound_are_refused_too():
    data = _vtt(MAX_SPOKEN_CHARS + 100)
    with pytest.raises(TranscriptError, match="characters of speech"):
        read(data, "talk.vtt")
