"""`systemcraft analyze recording.wav` on a terminal shows how far the transcription is; into a pipe it
prints only the report."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tests.speech import speech as sp

TINY = Path(__file__).parents[1] / "fixtures" / "tiny-whisper"


def _on_terminal(env: dict, *args: str) -> tuple[str, int]:
    import pty
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(sys.executable, [sys.executable, "-m", "systemcraft", *args], env)
    return sp.read_to_end(fd, pid)


def test_progress_on_a_terminal_and_none_in_a_pipe(ready_cli, tmp_path):
    sp.need_tools()
    clip = sp.speak("Situation: our releases slipped. I fixed them.", tmp_path / "hello.wav")
    assert ready_cli("model", "install", str(TINY)).returncode == 0
    text, code = _on_terminal(ready_cli.env, "analyze", str(clip), "--no-save")
    assert code == 0, text
    assert "\rTranscribing hello.wav on this machine  [                    ]   0%" in text
    assert "[####################] 100%\r\n" in text and "Delivery — hello.wav" in text
    piped = ready_cli("analyze", str(clip), "--no-save")
    assert piped.returncode == 0 and piped.stderr == "" and "Transcribing" not in piped.stdout
