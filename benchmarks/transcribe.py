"""Speech-to-text benchmark (issue 18): a table of medians, never asserted in tests.

Target: a 2-minute answer transcribed and reported in ≤ 20 s on a 2-core machine with the Whisper base
model. The answer is spoken by espeak-ng (the STAR answer of tests/speech with its 3-second pause,
twice, then its first part again: about two minutes). Timed, each a median of 3:
  - `python -c pass`: the cost of starting Python at all, the peer to read the others against;
  - `systemcraft analyze answer.wav --no-save --json`, cold: start, load the model, decode, transcribe,
    voice signals, delivery report (what a user waits for on the terminal);
  - the transcription alone with the model loaded once (what the web worker does per recording), with
    its real-time factor (seconds of work per second of audio).
Needs espeak-ng, sox and the base model packages (requirements/test-models.lock). Run with
`python benchmarks/transcribe.py`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT))
from run import row, timed  # noqa: E402

from tests.conftest import assemble_whisper_base  # noqa: E402
from tests.speech import speech as sp  # noqa: E402

RUNS = 3
TARGET_MS = 20_000


def two_minute_answer(folder: Path) -> Path:
    """The 50 s STAR answer twice, then its first part and the pause again: about 118 s."""
    whole = sp.star_answer(folder)["wav"]
    return sp.join([whole, whole, folder / "one.wav", folder / "gap.wav"], folder / "two-minutes.wav")


def main() -> None:
    model = assemble_whisper_base()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        wav = two_minute_answer(folder)
        seconds = sp.duration(wav)
        env = {**os.environ, "SYSTEMCRAFT_HOME": str(folder / "home")}
        peer = timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), RUNS)
        cli = timed(lambda: subprocess.run([sys.executable, "-m", "systemcraft", "analyze", str(wav), "--model",
                                            str(model), "--no-save", "--json"], check=True, env=env,
                                           stdout=subprocess.DEVNULL), RUNS)
        from systemcraft.transcripts.stt import FasterWhisperTranscriber
        t0 = time.perf_counter()
        transcriber = FasterWhisperTranscriber(model)
        load_ms = (time.perf_counter() - t0) * 1000
        alone = timed(lambda: transcriber.transcribe(wav), RUNS)
    print(f"A {seconds:.0f} s espeak-ng answer, Whisper base (int8, 2 threads), {os.cpu_count()} cores; "
          f"medians of {RUNS}.\n")
    print(f"| {'step':<42} | {'n':>3} | {'min ms':>8} | {'median':>8} | {'p90':>8} | {'target':>7} | {'':<4} |")
    print(f"|{'-' * 44}|{'-' * 5}|{'-' * 10}|{'-' * 10}|{'-' * 10}|{'-' * 9}|{'-' * 6}|")
    print(row("python -c pass (peer)", peer, 100))
    print(row("analyze 2-min answer, cold (whole report)", cli, TARGET_MS))
    print(row("transcribe only, model loaded", alone, TARGET_MS))
    print(f"\nModel load: {load_ms:.0f} ms. Real-time factor: {statistics.median(alone) / 1000 / seconds:.3f} "
          f"(transcription alone), {statistics.median(cli) / 1000 / seconds:.3f} (cold CLI, everything).")


if __name__ == "__main__":
    main()
