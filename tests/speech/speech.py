"""Real speech for the speech tests: espeak-ng says a known text, sox resamples, joins and fades it.

Every clip is mono 16 kHz WAV. The truths the tests compare with (where the speech starts and ends,
where an inserted pause lies) are measured on these very samples, not assumed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import wave
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np

RATE = 16000

# A known STAR answer (about 120 words) with two fillers, "um" and "uh"; a 3-second pause goes in after PART_ONE.
PART_ONE = ("Situation: in my last role, our payments team missed three releases in a row, and customer "
            "complaints doubled in one quarter. Task: um, I was asked to make releases predictable again "
            "without adding headcount.")
PART_TWO = ("Action: I split the monolith build into three pipelines, moved the team to trunk based "
            "development, and, uh, set up a weekly release review with product and support. I also coached "
            "two senior engineers to own the on call rotation. Result: releases went from every 14 days to "
            "every 2 days, crash tickets fell by 38% within a quarter, and the team kept that pace for the "
            "rest of the year, so I would run the same playbook again on any team that ships slowly.")
FILLERS = ("um", "uh")


def need_tools() -> None:
    from tests.conftest import missing_component
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            missing_component(f"{tool} (speech for the speech tests)")


def words_of(text: str) -> list[str]:
    """Lower-case words without punctuation ("38%" stays one word, as Whisper writes it)."""
    text = text.lower().replace("-", " ")
    return [w for w in (t.strip(".,;:!?\"'“”’()") for t in text.split()) if w]


def speak(text: str, out: Path, *, speed: int = 150, flat: bool = False, amplitude: int = 100) -> Path:
    """espeak-ng (US English) into `out` as 16 kHz mono; `flat` says it with no pitch movement at all."""
    raw = out.with_suffix(".raw.wav")
    args = ["espeak-ng", "-v", "en-us", "-s", str(speed), "-a", str(amplitude), "-w", str(raw)]
    if flat:
        args += ["-m", f'<speak><prosody range="0">{text}</prosody></speak>']
    else:
        args.append(text)
    subprocess.run(args, check=True, capture_output=True)
    subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(out)], check=True, capture_output=True)
    raw.unlink()
    return out


def silence(seconds: float, out: Path) -> Path:
    subprocess.run(["sox", "-n", "-r", str(RATE), "-c", "1", "-b", "16", str(out), "trim", "0", str(seconds)],
                   check=True, capture_output=True)
    return out


def join(parts: list[Path], out: Path) -> Path:
    subprocess.run(["sox", *map(str, parts), str(out)], check=True, capture_output=True)
    return out


def fade_out(src: Path, seconds: float, out: Path) -> Path:
    """The clip with its last `seconds` of sound faded to silence (sox fade, a linear ramp: trailing off)."""
    _, end = sound_span(samples(src), -45.0)
    subprocess.run(["sox", str(src), str(out), "fade", "t", "0", f"{end:.3f}", f"{seconds:.3f}"],
                   check=True, capture_output=True)
    return out


def samples(path: Path) -> np.ndarray:
    with wave.open(str(path)) as w:
        assert w.getframerate() == RATE and w.getnchannels() == 1
        return np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(np.float32) / 32768


def duration(path: Path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


def sound_span(x: np.ndarray, threshold_db: float = -40.0) -> tuple[float, float]:
    """First and last moment (seconds) a 10 ms window is louder than `threshold_db` below the loudest."""
    n = RATE // 100
    rms = np.sqrt(np.mean(np.square(x[: x.size // n * n].reshape(-1, n)), axis=1))
    db = 20 * np.log10(np.maximum(rms, 1e-7) / max(rms.max(), 1e-7))
    loud = np.flatnonzero(db > threshold_db)
    return float(loud[0] * n / RATE), float((loud[-1] + 1) * n / RATE)


def star_answer(folder: Path, pause: float = 3.0) -> dict:
    """The STAR answer with its inserted pause, and the truths measured on it."""
    one, two = speak(PART_ONE, folder / "one.wav"), speak(PART_TWO, folder / "two.wav")
    wav = join([one, silence(pause, folder / "gap.wav"), two], folder / "answer.wav")
    x1, x2 = samples(one), samples(two)
    s1, e1 = sound_span(x1)
    s2, e2 = sound_span(x2)
    d1 = x1.size / RATE
    spoken = words_of(PART_ONE) + words_of(PART_TWO)
    start, end = s1, d1 + pause + e2
    return {"wav": wav, "spoken": spoken, "words": len(spoken), "start": start, "end": end,
            "pause_start": e1, "pause_end": d1 + pause + s2,
            "wpm": round(len(spoken) / (end - start) * 60, 1)}


def recognised(spoken: list[str], heard: list[str]) -> float:
    """The share of the spoken words (fillers aside) that come back, in order."""
    said = [w for w in spoken if w not in FILLERS]
    got = [w for w in heard if w not in FILLERS]
    matched = sum(b.size for b in SequenceMatcher(None, said, got, autojunk=False).get_matching_blocks())
    return matched / len(said)


def fillers_heard(heard: list[str]) -> int:
    return sum(1 for w in heard if re.fullmatch(r"u+m+|u+h+", w))


def timed_transcript(pieces: list[tuple[str, float, float]]):
    """A transcript whose words are spread evenly over each (text, start, end) piece: the word times a
    recogniser would give, near enough for the voice signals, without running one."""
    from systemcraft.domain.transcript import Line, Transcript, Word
    lines = []
    for text, start, end in pieces:
        tokens = text.split()
        step = (end - start) / len(tokens)
        words = tuple(Word(t, round(start + i * step, 3), round(start + (i + 1) * step, 3)) for i, t in enumerate(tokens))
        lines.append(Line(start, end, text, "", words))
    return Transcript(lines, "audio")


def spoken_sentences(sentences: list[str], folder: Path, out: Path, *, flat: bool = False,
                     fade: set[int] = frozenset(), fade_seconds: float = 1.0, gap: float = 0.4):
    """Each sentence said on its own (faded out at its end when its index is in `fade`), joined with short
    silences; returns the joined WAV and a transcript timed on the measured sound of each sentence."""
    clips, pieces, t = [], [], 0.0
    for i, text in enumerate(sentences):
        clip = speak(text, folder / f"s{i}.wav", flat=flat)
        if i in fade:
            clip = fade_out(clip, fade_seconds, folder / f"s{i}f.wav")
        x = samples(clip)
        s, e = sound_span(x, -45.0)
        pieces.append((text, t + s, t + e))
        clips += [clip, silence(gap, folder / f"g{i}.wav")]
        t += x.size / RATE + gap
    return join(clips, out), timed_transcript(pieces)


def read_to_end(fd: int, pid: int, out: bytes = b"") -> tuple[str, int]:
    """What a CLI started on a pseudo-terminal (pty.fork) writes until it ends, and its exit code."""
    import os
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:                     # the terminal closed: the CLI ended
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    return out.decode(errors="replace"), os.waitstatus_to_exitcode(status)
