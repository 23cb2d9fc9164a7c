"""Optional local speech-to-text (the `stt` extra): a recording → a timed transcript with words.

faster-whisper with a model directory the user provides, loaded strictly offline: nothing is ever
downloaded. Imported only when an audio file is analysed.
"""

from __future__ import annotations

import os
from pathlib import Path

from systemcraft.domain.transcript import Line, Transcript, TranscriptError, Word

AUDIO_SUFFIXES = (".wav", ".mp3", ".m4a", ".flac", ".ogg", ".opus", ".webm", ".mp4", ".aac", ".mkv", ".mov")
MAX_AUDIO_BYTES = 2 * 1024 ** 3
MODEL_FILES = ("model.bin", "config.json")


def is_audio(path: Path) -> bool:
    return path.suffix.lower() in AUDIO_SUFFIXES


def check_model_dir(model_dir: Path | None) -> Path:
    if model_dir is None:
        raise TranscriptError("this is an audio file: transcribing it needs a local Whisper model, "
                              "given with --model DIR (a CTranslate2 model folder; nothing is downloaded)")
    if not model_dir.is_dir():
        raise TranscriptError(f"--model {model_dir}: no such directory (it must be a CTranslate2 Whisper model folder)")
    missing = [f for f in MODEL_FILES if not (model_dir / f).is_file()]
    if missing:
        raise TranscriptError(f"--model {model_dir} is not a Whisper model folder (missing {', '.join(missing)})")
    return model_dir


class FasterWhisperTranscriber:
    """Transcribe with faster-whisper on the CPU (int8, two threads)."""

    def __init__(self, model_dir: Path) -> None:
        self.model_dir = check_model_dir(model_dir)
        os.environ["HF_HUB_OFFLINE"] = "1"           # never let a model name reach the Hub
        try:
            from faster_whisper import WhisperModel
        except ImportError:
            raise TranscriptError("transcribing audio needs the stt extra: pip install 'systemcraft[stt]' "
                                  "(or analyse a caption file instead)") from None
        try:
            self.model = WhisperModel(str(self.model_dir), device="cpu", compute_type="int8", cpu_threads=2,
                                      local_files_only=True)
        except Exception as exc:                      # ctranslate2 raises RuntimeError/ValueError
            raise TranscriptError(f"--model {model_dir}: the model could not be loaded ({str(exc)[:120]})") from None

    def transcribe(self, audio: Path, language: str = "en") -> Transcript:
        if not audio.is_file():
            raise TranscriptError(f"{audio}: no such file")
        if audio.stat().st_size > MAX_AUDIO_BYTES:
            raise TranscriptError(f"{audio} is larger than 2 GB; cut the recording to the answer first")
        try:
            segments, info = self.model.transcribe(str(audio), language=language, word_timestamps=True,
                                                   vad_filter=False, beam_size=1)
            lines = []
            for i, s in enumerate(segments, 1):
                start, end = _within(s.start, 0.0, info.duration), _within(s.end, 0.0, info.duration)
                words = tuple(Word(w.word.strip(), _within(w.start, start, end), _within(w.end, start, end))
                              for w in (s.words or []) if w.word.strip())
                text = s.text.strip()
                if text and end >= start and (not lines or start >= lines[-1].start):
                    lines.append(Line(start, end, text, "", words, f"{audio.name}, segment {i}"))
        except TranscriptError:
            raise
        except Exception as exc:                      # PyAV cannot decode it, etc.
            raise TranscriptError(f"{audio.name}: could not transcribe ({str(exc)[:120]})") from None
        t = Transcript(lines, "audio")
        t.notes.append(f"transcribed locally with the model in {self.model_dir} ({info.duration:.0f} s of audio)")
        return t


def _within(t, lo: float, hi: float) -> float:
    """Model times as plain floats inside the audio (a decoder can overshoot the end by a few ms)."""
    return round(min(max(float(t), lo), max(lo, float(hi))), 3)
