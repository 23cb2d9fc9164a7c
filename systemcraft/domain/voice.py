"""How the answer sounded, from the audio itself: loudness variation and pitch range (numpy only).

Every figure is approximate and labelled so: loudness is the RMS level of short windows in dB relative
to the loudest sound (a microphone's gain and distance change it), pitch is read by autocorrelation on
voiced frames (octave slips happen). Two patterns are flagged with the moments and the words there:

- a monotone stretch: several seconds of speech whose pitch stays within MONOTONE_SEMITONES;
- trailing off: the last half second of a sentence much quieter than the rest of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

FRAME = 0.04                 # seconds per analysis frame
HOP = 0.01
PITCH_MIN, PITCH_MAX = 70.0, 400.0      # Hz: the range of speaking voices
VOICED_CORRELATION = 0.5     # a frame is voiced when its normalised autocorrelation peak reaches this
ACTIVE_BELOW_PEAK_DB = 35.0  # frames within this many dB of the loudest are speech, the rest silence
AUDIBLE_BELOW_PEAK_DB = 55.0 # quieter than this is silence even for a voice fading out
MONOTONE_WINDOW = 6.0        # seconds of speech looked at together
MONOTONE_SEMITONES = 2.0     # the pitch of a monotone window stays within this (10th to 90th percentile)
MIN_VOICED_FRAMES = 60       # a window needs this many voiced frames (0.6 s) to be judged
TRAIL_TAIL = 0.5             # the end of a sentence compared with the rest of it (seconds)
TRAIL_DROP_DB = 8.0          # that much quieter at the end: trailing off
SENTENCE_END = (".", "?", "!")


@dataclass(frozen=True)
class VoiceMoment:
    start: float
    end: float
    kind: str                  # "monotone" | "trailing off"
    words: str                 # what was said there
    detail: str                # e.g. "pitch within about 1.2 semitones (approximate)"


@dataclass(frozen=True)
class VoiceSignals:
    approximate: bool = True
    start: float = 0.0                           # the answer: first word to last word (seconds)
    end: float = 0.0
    loudness_variation_db: float | None = None   # standard deviation of the speech frames' loudness
    loudness_range_db: float | None = None       # 10th to 90th percentile
    pitch_median_hz: float | None = None
    pitch_range_semitones: float | None = None   # 10th to 90th percentile of the voiced frames
    voiced_share: float = 0.0                    # of the speech frames
    monotone: bool = False
    trailing_off: bool = False
    sentences: int = 0
    sentences_trailing_off: int = 0
    moments: tuple[VoiceMoment, ...] = ()
    summary: tuple[str, ...] = field(default_factory=tuple)


def signals(samples, rate: int, transcript) -> VoiceSignals:
    """The voice signals of the answer in `samples` (mono float), between its first and last word."""
    words = [w for ln in transcript.lines for w in ln.words] if transcript is not None else []
    x = np.asarray(samples, dtype=np.float32).reshape(-1)
    start = words[0].start if words else 0.0
    end = words[-1].end if words else x.size / rate
    a, b = int(start * rate), min(x.size, int(max(end, start) * rate) + 1)
    if b - a < int(rate * FRAME) * 4:
        return VoiceSignals(start=round(start, 2), end=round(end, 2),
                            summary=("The answer is too short to judge the voice.",))
    times, db, active, pitch = frames(x, rate)
    keep = (times >= start) & (times <= end)
    sp = keep & active
    voiced = sp & ~np.isnan(pitch)
    loud = db[sp]
    var = round(float(np.std(loud)), 1) if loud.size > 1 else None
    rng = round(float(np.percentile(loud, 90) - np.percentile(loud, 10)), 1) if loud.size > 1 else None
    semis = _semitones(pitch[voiced])
    p_med = round(float(np.median(pitch[voiced])), 0) if voiced.any() else None
    p_rng = round(float(np.percentile(semis, 90) - np.percentile(semis, 10)), 1) if semis.size >= 10 else None
    moments = _monotone(times, pitch, sp, words) + _trailing(times, db, sp, words)
    moments.sort(key=lambda m: m.start)
    n_sent = len(_sentences(words))
    trailing = [m for m in moments if m.kind == "trailing off"]
    mono_seconds = sum(m.end - m.start for m in moments if m.kind == "monotone")
    monotone = mono_seconds >= max(MONOTONE_WINDOW, 0.5 * (end - start))
    trailing_off = len(trailing) >= 2 and len(trailing) >= n_sent / 3
    summary = []
    if var is not None:
        summary.append(f"Loudness varied by about {var:.0f} dB (approximate).")
    if p_rng is not None:
        summary.append(f"Pitch moved over about {p_rng:.0f} semitones around {p_med:.0f} Hz (approximate).")
    if monotone:
        summary.append(f"Monotone for about {mono_seconds:.0f} s of the answer: vary your pitch to mark what matters.")
    if trailing_off:
        summary.append(f"{len(trailing)} of {n_sent} sentences trail off at the end: keep your voice up to the last word.")
    return VoiceSignals(start=round(start, 2), end=round(end, 2), loudness_variation_db=var, loudness_range_db=rng,
                        pitch_median_hz=p_med, pitch_range_semitones=p_rng,
                        voiced_share=round(float(voiced.sum() / max(1, sp.sum())), 2),
                        monotone=monotone, trailing_off=trailing_off, sentences=n_sent,
                        sentences_trailing_off=len(trailing), moments=tuple(moments), summary=tuple(summary))


def frames(x: np.ndarray, rate: int):
    """Per frame (HOP apart): its centre time, loudness in dB below the loudest frame, whether it is
    speech (not silence), and its pitch in Hz (NaN when unvoiced)."""
    n, hop = int(rate * FRAME), int(rate * HOP)
    count = max(0, 1 + (x.size - n) // hop)
    times = (np.arange(count) * hop + n / 2) / rate
    db = np.full(count, -120.0)
    pitch = np.full(count, np.nan)
    lo, hi = int(rate / PITCH_MAX), min(n - 1, int(rate / PITCH_MIN))
    window = np.hanning(n).astype(np.float32)
    wcorr = np.correlate(window, window, "full")[n - 1:n - 1 + hi + 1]        # the window's own decay
    wcorr = wcorr / wcorr[0]
    size = 1 << int(np.ceil(np.log2(2 * n)))
    for first in range(0, count, 2000):                   # in blocks: memory stays small on long answers
        idx = np.arange(first, min(count, first + 2000))
        block = x[(idx * hop)[:, None] + np.arange(n)[None, :]]
        rms = np.sqrt(np.mean(np.square(block, dtype=np.float64), axis=1))
        db[idx] = 20 * np.log10(np.maximum(rms, 1e-7))
        block = (block - block.mean(axis=1, keepdims=True)) * window
        spec = np.fft.rfft(block, size, axis=1)
        ac = np.fft.irfft(spec * np.conj(spec), size, axis=1)[:, :hi + 1]
        energy = ac[:, :1]
        with np.errstate(invalid="ignore", divide="ignore"):
            norm = ac / np.where(energy > 0, energy, 1) / np.maximum(wcorr[None, :], 1e-3)
        seg = norm[:, lo:hi + 1]
        best = np.argmax(seg, axis=1)
        peak = seg[np.arange(len(idx)), best]
        lag = best + lo
        # prefer the shortest period that is nearly as strong (a doubled period is an octave slip)
        half = lag // 2
        ok_half = half >= lo
        half_val = norm[np.arange(len(idx)), np.where(ok_half, half, lo)]
        lag = np.where(ok_half & (half_val >= 0.9 * peak), half, lag)
        hz = rate / np.maximum(lag, 1)
        pitch[idx] = np.where(peak >= VOICED_CORRELATION, hz, np.nan)
    top = db.max() if count else 0.0
    db = db - top
    active = db >= -ACTIVE_BELOW_PEAK_DB
    pitch[~active] = np.nan
    return times, db, active, _smooth(pitch)


def _smooth(pitch: np.ndarray) -> np.ndarray:
    """A 5-frame median where all five are voiced: removes single-frame octave jumps."""
    if pitch.size < 5:
        return pitch
    stack = np.stack([np.roll(pitch, k) for k in (-2, -1, 0, 1, 2)])
    med = np.median(stack, axis=0)
    return np.where(np.isnan(med), pitch, med)


def _semitones(hz: np.ndarray) -> np.ndarray:
    return 12 * np.log2(hz / 100.0) if hz.size else hz


def _words_between(words, start: float, end: float) -> str:
    return " ".join(w.text for w in words if w.end > start and w.start < end)[:200]


def _monotone(times, pitch, speech, words) -> list[VoiceMoment]:
    """Stretches where every window of MONOTONE_WINDOW seconds keeps its pitch within MONOTONE_SEMITONES."""
    if not words:
        return []
    start, end = words[0].start, words[-1].end
    flat: list[tuple[float, float, float]] = []
    t = start
    while t + MONOTONE_WINDOW <= end + 1e-6:
        i, j = np.searchsorted(times, t), np.searchsorted(times, t + MONOTONE_WINDOW)
        p = pitch[i:j][speech[i:j]]
        p = p[~np.isnan(p)]
        if p.size >= MIN_VOICED_FRAMES:
            s = _semitones(p)
            spread = float(np.percentile(s, 90) - np.percentile(s, 10))
            if spread < MONOTONE_SEMITONES:
                flat.append((t, t + MONOTONE_WINDOW, spread))
        t += MONOTONE_WINDOW / 2
    out: list[list] = []
    for a, b, spread in flat:
        if out and a <= out[-1][1]:
            out[-1][1], out[-1][2] = b, max(out[-1][2], spread)
        else:
            out.append([a, b, spread])
    return [VoiceMoment(round(a, 2), round(b, 2), "monotone", _words_between(words, a, b),
                        f"pitch within about {s:.1f} semitones for {b - a:.0f} s (approximate)") for a, b, s in out]


def _sentences(words) -> list[list]:
    out, cur = [], []
    for w in words:
        cur.append(w)
        if w.text.rstrip("\"'”’)").endswith(SENTENCE_END):
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


def _trailing(times, db, speech, words) -> list[VoiceMoment]:
    """Sentences whose last TRAIL_TAIL seconds of sound are TRAIL_DROP_DB quieter than the rest of them.
    The tail ends at the last audible frame of the sentence (a word's end time may run into the silence
    after it), and counts every frame in it, so that a voice fading below the speech level still counts."""
    out = []
    for sent in _sentences(words):
        a, b = sent[0].start, sent[-1].end
        if b - a < 3 * TRAIL_TAIL:
            continue
        i, j = np.searchsorted(times, a), np.searchsorted(times, b + 0.3, side="right")
        t, d, sp = times[i:j], db[i:j], speech[i:j]          # the sentence's frames (times are sorted)
        heard = d >= -AUDIBLE_BELOW_PEAK_DB
        if heard.sum() < 20:
            continue
        last = float(t[heard][-1])
        tail_from = last - TRAIL_TAIL
        body = d[sp & (t < tail_from)]
        tail = np.maximum(d[(t >= tail_from) & (t <= last)], -AUDIBLE_BELOW_PEAK_DB)
        if body.size < 10 or tail.size < 5:
            continue
        drop = float(np.percentile(body, 90) - np.percentile(tail, 90))   # vowels against vowels
        if drop >= TRAIL_DROP_DB:
            said = [w for w in sent if w.end > tail_from - 0.3] or sent[-1:]
            out.append(VoiceMoment(round(tail_from, 2), round(max(min(last, b), tail_from + HOP), 2), "trailing off",
                                   " ".join(w.text for w in said)[:200],
                                   f"about {drop:.0f} dB quieter at the end of the sentence (approximate)"))
    return out
