"""Local speech-to-text: a recording → a timed transcript with words, on this machine.

faster-whisper with the user's installed model (systemcraft/transcripts/models.py) or a model folder
given explicitly, loaded strictly offline: nothing is downloaded here. Imported only when a recording
is transcribed, so that starting the CLI stays quick.

Whisper leaves out "um" and "uh" by design; an initial prompt full of fillers makes it keep most of
them (tests/speech measure how many), and every transcript from audio says that filler counts from
speech may be low.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from systemcraft.domain.transcript import Line, Transcript, TranscriptError, Word

AUDIO_SUFFIXES = (".wav", ".mp3", ".m4a", ".flac", ".ogg", ".opus", ".webm", ".mp4", ".aac", ".mkv", ".mov")
# Whisper copies the style of its prompt: written with fillers, it writes the fillers it hears
PROMPT = "Um, uh, so, I, like, you know."
FILLER_NOTE = ("Filler counts from speech-to-text may be low: the model was asked to keep “um” and “uh”, "
               "but it still leaves some out.")
SILENCE_DB = -45.0          # the loudest 50 ms quieter than this: nothing was said (or the microphone was off)


def is_audio(path: Path) -> bool:
    return path.suffix.lower() in AUDIO_SUFFIXES


def check_model_dir(model_dir: Path | None) -> Path:
    from systemcraft.transcripts import models
    if model_dir is None:
        raise TranscriptError("this is an audio file: transcribing it needs a local Whisper model; install one first")
    if not model_dir.is_dir():
        raise TranscriptError(f"--model {model_dir}: no such directory (it must be a CTranslate2 Whisper model folder)")
    missing = models.missing_files(model_dir)
    if missing:
        raise TranscriptError(f"--model {model_dir} is not a Whisper model folder (missing {', '.join(missing)})")
    return model_dir


class FasterWhisperTranscriber:
    """Transcribe with faster-whisper on the CPU (int8, two threads). Load once, transcribe many."""

    def __init__(self, model_dir: Path) -> None:
        from systemcraft.transcripts import models
        self.model_dir = check_model_dir(Path(model_dir))
        self.name = models.model_name(self.model_dir)
        os.environ["HF_HUB_OFFLINE"] = "1"           # never let a model name reach the Hub
        try:
            from faster_whisper import WhisperModel
        except ImportError:
            raise TranscriptError("transcribing audio needs faster-whisper: install SystemCraft again "
                                  "(or analyse a caption file instead)") from None
        try:
            self.model = WhisperModel(str(self.model_dir), device="cpu", compute_type="int8", cpu_threads=2,
                                      local_files_only=True)
        except Exception as exc:                      # ctranslate2 raises RuntimeError/ValueError
            raise TranscriptError(f"--model {model_dir}: the model could not be loaded ({str(exc)[:120]})") from None

    def transcribe(self, audio: Path, progress: Callable[[float], None] | None = None, *,
                   language: str = "en") -> Transcript:
        """The recording transcribed; `progress` gets the share of the audio done (0..1)."""
        from systemcraft.transcripts import audio as decoder
        audio = Path(audio)
        if not audio.is_file():
            raise TranscriptError(f"{audio}: no such file")
        samples, _ = decoder.decode(audio)
        return self.transcribe_samples(samples, audio.name, progress, language=language)

    def transcribe_samples(self, samples, name: str, progress: Callable[[float], None] | None = None, *,
                           language: str = "en") -> Transcript:
        """Decoded samples (mono float32, 16 kHz: audio.decode) transcribed: "no speech found" when silent."""
        from systemcraft.transcripts.audio import RATE, loudest_db
        duration = samples.size / RATE
        if loudest_db(samples) < SILENCE_DB:
            raise TranscriptError(f"no speech found in {name}: the recording is silent; check that the microphone "
                                  "is on and record the answer again")
        if progress:
            progress(0.0)
        lines = []
        try:
            segments, info = self.model.transcribe(samples, language=language, word_timestamps=True,
                                                   vad_filter=False, beam_size=1, initial_prompt=PROMPT)
            duration = info.duration or duration
            for i, s in enumerate(segments, 1):
                start, end = _within(s.start, 0.0, duration), _within(s.end, 0.0, duration)
                words = tuple(Word(w.word.strip(), _within(w.start, start, end), _within(w.end, start, end))
                              for w in (s.words or []) if w.word.strip())
                text = s.text.strip()
                if text and end >= start and (not lines or start >= lines[-1].start):
                    lines.append(Line(start, end, text, "", words, f"{name}, segment {i}"))
                if progress:
                    progress(min(1.0, end / duration) if duration else 1.0)
        except TranscriptError:
            raise
        except Exception as exc:                      # ctranslate2 errors, out of memory, …
            raise TranscriptError(f"{name}: could not transcribe ({str(exc)[:120]})") from None
        if not lines:
            raise TranscriptError(f"no speech found in {name}: nothing that sounds like words was heard; "
                                  "record the answer again, closer to the microphone")
        if progress:
            progress(1.0)
        t = Transcript(lines, "audio")
        t.notes.append(f"transcribed locally with the Whisper model “{self.name}” ({duration:.0f} s of audio)")
        t.notes.append(FILLER_NOTE)
        return t

    def transcribe_with_voice(self, audio: Path, progress: Callable[[float], None] | None = None, *,
                              language: str = "en") -> tuple[Transcript, dict]:
        """The transcript and the voice signals of the answer (systemcraft/domain/voice.py, as a dict),
        from one decoding of the recording."""
        from dataclasses import asdict

        from systemcraft.domain import voice
        from systemcraft.transcripts import audio as decoder
        audio = Path(audio)
        if not audio.is_file():
            raise TranscriptError(f"{audio}: no such file")
        samples, rate = decoder.decode(audio)
        t = self.transcribe_samples(samples, audio.name, progress, language=language)
        return t, asdict(voice.signals(samples, rate, t))


def _within(t, lo: float, hi: float) -> float:
    """Model times as plain floats inside the audio (a decoder can overshoot the end by a few ms)."""
    return round(min(max(float(t), lo), max(lo, float(hi))), 3)
