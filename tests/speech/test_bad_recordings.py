"""Recordings and models that cannot be used: each gets a one-line message and nothing is stored.
The tiny model (tests/fixtures/tiny-whisper) is enough here: each case is refused before it matters
what the model would say."""

from __future__ import annotations

import shutil
import struct
import wave
from pathlib import Path

import numpy as np
import pytest

from systemcraft.domain.transcript import TranscriptError
from systemcraft.transcripts import audio
from tests.cli.test_bad_input import one_line_error
from tests.speech import speech as sp
from tests.speech.hub_server import Hub

TINY = Path(__file__).parents[1] / "fixtures" / "tiny-whisper"


def _stored(cli) -> int:
    r = cli("delivery", "--json")
    assert r.returncode == 0, r.stderr
    import json
    return len(json.loads(r.stdout))


def _wav(path: Path, seconds: float, amplitude: float = 0.0) -> Path:
    t = np.arange(int(16000 * seconds)) / 16000
    x = (amplitude * np.sin(2 * np.pi * 220 * t) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(x.tobytes())
    return path


def test_an_empty_file(ready_cli, tmp_path):
    (tmp_path / "answer.webm").write_bytes(b"")
    err = one_line_error(ready_cli("analyze", str(tmp_path / "answer.webm"), "--model", str(TINY)))
    assert "answer.webm is empty: nothing was recorded; record the answer again" in err
    assert _stored(ready_cli) == 0


def test_silence_is_no_speech_not_an_empty_report(ready_cli, tmp_path):
    sp.need_tools()
    quiet = sp.silence(3.0, tmp_path / "quiet.wav")
    err = one_line_error(ready_cli("analyze", str(quiet), "--model", str(TINY)))
    assert "no speech found in quiet.wav: the recording is silent" in err
    # a faint hum 60 dB down is silence too (a muted microphone's noise)
    hum = _wav(tmp_path / "hum.wav", 3.0, amplitude=0.001)
    assert "no speech found in hum.wav" in one_line_error(ready_cli("analyze", str(hum), "--model", str(TINY)))
    assert _stored(ready_cli) == 0


def test_a_text_file_named_webm(ready_cli, tmp_path):
    fake = tmp_path / "answer.webm"
    fake.write_text("Situation: this is not audio at all, it is text.\n" * 20)
    err = one_line_error(ready_cli("analyze", str(fake), "--model", str(TINY)))
    assert "answer.webm cannot be read as audio (an unsupported format or a damaged file)" in err
    assert _stored(ready_cli) == 0


def _webm(path: Path, duration_ms: float | None) -> Path:
    """One second of Opus in WebM (as a browser records it), its stated duration patched to `duration_ms`,
    or removed (None: overwritten by an EBML Void element of the same size), as MediaRecorder leaves it."""
    import av
    with av.open(str(path), "w", format="webm") as out:
        stream = out.add_stream("libopus", rate=48000)
        stream.layout = "mono"
        x = (0.3 * np.sin(np.arange(48000) / 48000 * 2 * np.pi * 220)).astype(np.float32)
        frame = av.AudioFrame.from_ndarray(x.reshape(1, -1), format="flt", layout="mono")
        frame.sample_rate = 48000
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            out.mux(packet)
    data = bytearray(path.read_bytes())
    at = data.find(b"\x44\x89\x88")                      # Segment Info > Duration, an 8-byte float
    assert at > 0
    data[at:at + 11] = (b"\x44\x89\x88" + struct.pack(">d", duration_ms) if duration_ms is not None
                        else b"\xec\x89" + bytes(9))
    path.write_bytes(bytes(data))
    return path


def test_a_recording_over_two_hours_is_refused_before_decoding(tmp_path):
    """A WebM that states 2.5 hours: refused from its header (the message gives the stated length)."""
    with pytest.raises(TranscriptError, match=r"long.webm is 2.5 hours long; the most that can be transcribed is "
                                              r"2.0 hours: cut it to the answer first"):
        audio.decode(_webm(tmp_path / "long.webm", 2.5 * 3600 * 1000))


def test_a_recording_that_states_no_length_is_stopped_once_past_the_limit(tmp_path):
    """A browser's WebM often states no duration: decoding stops as soon as the limit is passed (0.5 s
    here, for a 1 s recording), so no more than the limit is ever held in memory."""
    nodur = _webm(tmp_path / "nodur.webm", None)
    with pytest.raises(TranscriptError, match=r"nodur.webm is longer than 0.5 seconds; cut it to the answer first"):
        audio.decode(nodur, max_seconds=0.5)
    x, rate = audio.decode(nodur)
    assert abs(x.size / rate - 1.0) < 0.05


def test_decode_gives_mono_float_at_16k(tmp_path):
    sp.need_tools()
    clip = sp.speak("Hello there.", tmp_path / "hello.wav")
    stereo = tmp_path / "stereo.flac"
    import subprocess
    subprocess.run(["sox", str(clip), "-r", "44100", "-c", "2", str(stereo)], check=True)
    x, rate = audio.decode(stereo)
    assert rate == 16000 and x.dtype == np.float32 and x.ndim == 1
    assert abs(x.size / rate - sp.duration(clip)) < 0.05


def test_an_incomplete_model_folder(ready_cli, tmp_path):
    sp.need_tools()
    clip = sp.speak("Hello there.", tmp_path / "hello.wav")
    part = tmp_path / "part"
    shutil.copytree(TINY, part)
    (part / "tokenizer.json").unlink()
    err = one_line_error(ready_cli("analyze", str(clip), "--model", str(part)))
    assert "is not a Whisper model folder (missing tokenizer.json)" in err
    # the installed model damaged on disk (a file deleted by hand): said so, not loaded
    assert ready_cli("model", "install", str(TINY)).returncode == 0
    (ready_cli.home / "models" / "whisper" / "model.bin").unlink()
    err = one_line_error(ready_cli("analyze", str(clip)))
    assert "the installed speech model is incomplete: remove it and install it again (`systemcraft model remove`" in err
    assert _stored(ready_cli) == 0


def test_no_model_installed_makes_no_network_attempt(ready_cli, tmp_path):
    """No model in the home and no --model: a one-line message saying how to get one; the Hub (here a
    loopback stand-in named by HF_ENDPOINT) is never contacted."""
    sp.need_tools()
    clip = sp.speak("Hello there.", tmp_path / "hello.wav")
    with Hub("Systran/faster-whisper-base", TINY) as hub:
        ready_cli.env["HF_ENDPOINT"] = hub.url
        err = one_line_error(ready_cli("analyze", str(clip)))
        assert "transcribing it needs a local Whisper model; install one first (`systemcraft model install base`" in err
        err = one_line_error(ready_cli("analyze", str(clip), "--model", "base"))
        assert "--model base: no such directory" in err
        assert hub.log == []
    assert _stored(ready_cli) == 0
