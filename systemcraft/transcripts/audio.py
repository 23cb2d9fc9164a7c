"""A recording → mono float32 samples at 16 kHz (what Whisper and the voice signals read), with PyAV.

Memory is bounded: a recording longer than MAX_SECONDS is refused before decoding when its container
states its length, and otherwise as soon as decoding passes that length (a browser's WebM often
states none), so at most MAX_SECONDS of samples (about 460 MB for two hours) are ever held.
"""

from __future__ import annotations

from pathlib import Path

from systemcraft.domain.transcript import TranscriptError

RATE = 16000
MAX_SECONDS = 2 * 3600
MAX_BYTES = 2 * 1024 ** 3
UNREADABLE = ("cannot be read as audio (an unsupported format or a damaged file); "
              "record it again, or save it as WAV, WebM, MP3 or M4A")


def _minutes(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} hours"
    return f"{seconds / 60:.0f} minutes" if seconds >= 120 else f"{seconds:g} seconds"


def decode(path: Path, max_seconds: float = MAX_SECONDS):
    """(samples, rate): the whole recording as mono float32 numpy samples at 16 kHz."""
    import numpy as np
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except OSError:
        raise TranscriptError(f"{name}: no such file") from None
    if size == 0:
        raise TranscriptError(f"{name} is empty: nothing was recorded; record the answer again")
    if size > MAX_BYTES:
        raise TranscriptError(f"{name} is larger than 2 GB; cut the recording to the answer first")
    try:
        import av
    except ImportError:
        raise TranscriptError("reading audio needs faster-whisper installed; install SystemCraft again") from None
    limit = int(max_seconds * RATE)
    chunks: list = []
    got = 0
    try:
        with av.open(str(path), mode="r", metadata_errors="ignore") as container:
            streams = container.streams.audio
            if not streams:
                raise TranscriptError(f"{name} has no sound track; choose a recording with audio in it")
            stream = streams[0]
            stated = None
            if stream.duration is not None and stream.time_base is not None:
                stated = float(stream.duration * stream.time_base)
            elif container.duration is not None:
                stated = container.duration / 1_000_000
            if stated is not None and stated > max_seconds:
                raise TranscriptError(f"{name} is {_minutes(stated)} long; the most that can be transcribed is "
                                      f"{_minutes(max_seconds)}: cut it to the answer first")
            resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
            for frame in container.decode(stream):
                frame.pts = None
                for out in resampler.resample(frame):
                    got = _take(out, chunks, got, limit, name, max_seconds)
            for out in resampler.resample(None):
                got = _take(out, chunks, got, limit, name, max_seconds)
    except TranscriptError:
        raise
    except MemoryError:
        raise TranscriptError(f"{name} is too large to read on this machine; cut it to the answer first") from None
    except Exception:                               # av.error.InvalidDataError, DecoderNotFoundError, …
        raise TranscriptError(f"{name} {UNREADABLE}") from None
    samples = np.concatenate(chunks).astype(np.float32, copy=False) if chunks else np.zeros(0, np.float32)
    if samples.size < RATE // 10:
        raise TranscriptError(f"{name} holds no sound (under a tenth of a second); record the answer again")
    return samples, RATE


def _take(frame, chunks: list, got: int, limit: int, name: str, max_seconds: float) -> int:
    a = frame.to_ndarray().reshape(-1)
    if got + a.size > limit:
        raise TranscriptError(f"{name} is longer than {_minutes(max_seconds)}; cut it to the answer first")
    chunks.append(a.copy())
    return got + a.size


def loudest_db(samples, rate: int = RATE, window: float = 0.05) -> float:
    """The loudest short window in dB relative to full scale (silence is about -90 or lower)."""
    import numpy as np
    n = max(1, int(rate * window))
    usable = samples[: samples.size // n * n]
    if usable.size == 0:
        return -120.0
    rms = np.sqrt(np.mean(np.square(usable.reshape(-1, n), dtype=np.float64), axis=1))
    return float(20 * np.log10(max(float(rms.max()), 1e-6)))
