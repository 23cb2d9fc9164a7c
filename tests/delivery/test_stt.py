"""The real faster-whisper path with a tiny model (tests/fixtures/tiny-whisper, made by
scripts/make_tiny_whisper.py): audio decoding, features, CTranslate2 generation, word alignment.
Its decoder is built to say "OK" from 0.00 s whatever it hears, with a wide margin, so greedy decoding
gives the same text on every CPU; the word times come from random cross-attention, so only their
order and bounds are asserted. The metrics downstream are tested with fixed segments elsewhere."""

import math
import os
import struct
import wave
from pathlib import Path

import pytest

from systemcraft.domain.transcript import TranscriptError
from tests.cli.test_bad_input import one_line_error

MODEL = Path(__file__).parents[1] / "fixtures" / "tiny-whisper"


def tone(path: Path, seconds: float = 2.0) -> Path:
    """A deterministic 16 kHz sweep with a little pseudo-noise."""
    rate = 16000
    state = 1
    frames = bytearray()
    for i in range(int(rate * seconds)):
        state = (state * 1103515245 + 12345) % 2 ** 31
        noise = state % 4001 - 2000
        frames += struct.pack("<h", int(8000 * math.sin(i / rate * 2 * math.pi * (220 + i % 4000 / 20))) + noise)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))
    return path


@pytest.fixture(scope="module")
def transcriber():
    try:
        import faster_whisper  # noqa: F401
    except ImportError:
        from tests.conftest import missing_component
        missing_component("faster-whisper (the stt extra)")
    from systemcraft.transcripts.stt import FasterWhisperTranscriber
    return FasterWhisperTranscriber(MODEL)


def test_the_tiny_model_loads_offline_and_transcribes_with_word_times(transcriber, tmp_path):
    assert os.environ.get("HF_HUB_OFFLINE") == "1"
    t = transcriber.transcribe(tone(tmp_path / "a.wav"))
    assert t.format == "audio" and "transcribed locally" in t.notes[0]
    assert [ln.text for ln in t.lines] == ["OK"] and t.lines[0].start == 0.0
    for ln in t.lines:
        assert 0 <= ln.start <= ln.end <= 2.0 and ln.text
        for w in ln.words:
            assert ln.start <= w.start <= w.end <= ln.end and isinstance(w.start, float)


def test_missing_or_wrong_model_directories(tmp_path):
    from systemcraft.transcripts.stt import FasterWhisperTranscriber, check_model_dir
    with pytest.raises(TranscriptError, match="needs a local Whisper model; install one first$"):
        check_model_dir(None)
    with pytest.raises(TranscriptError, match="no such directory"):
        FasterWhisperTranscriber(tmp_path / "absent")
    (tmp_path / "empty").mkdir()
    with pytest.raises(TranscriptError, match="missing model.bin, config.json"):
        FasterWhisperTranscriber(tmp_path / "empty")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "model.bin").write_bytes(b"not a model")
    (bad / "config.json").write_text("{}")
    with pytest.raises(TranscriptError, match="missing tokenizer.json, vocabulary.txt or vocabulary.json"):
        FasterWhisperTranscriber(bad)
    (bad / "tokenizer.json").write_text("{}")
    (bad / "vocabulary.txt").write_text("a\n")
    with pytest.raises(TranscriptError, match="could not be loaded"):
        FasterWhisperTranscriber(bad)


def test_analyze_a_recording_through_the_cli(ready_cli, tmp_path):
    wav = tone(tmp_path / "answer.wav")
    r = ready_cli("analyze", str(wav), "--model", str(MODEL), "--json")
    assert r.returncode == 0, r.stderr
    import json
    rep = json.loads(r.stdout)
    assert rep["format"] == "audio" and rep["words"] == 1 and rep["saved"] is True
    assert "transcribed locally" in rep["notes"][0]


def test_an_undecodable_recording_is_refused(ready_cli, tmp_path):
    wav = tmp_path / "broken.wav"
    wav.write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunkjunk")
    assert "cannot be read as audio" in one_line_error(ready_cli("analyze", str(wav), "--model", str(MODEL)))
    assert "--model transcribes audio" in one_line_error(
        ready_cli("analyze", str(Path(__file__).parents[1] / "fixtures" / "delivery" / "zoom.vtt"), "--model", str(MODEL)))


@pytest.fixture
def web_with_model(transcriber, tmp_path, tmp_path_factory):
    """The web coach started as `systemcraft serve --model DIR` would start it."""
    import shutil
    from fastapi.testclient import TestClient
    from systemcraft.environment import Environment
    from systemcraft.web.app import create_app
    from tests.conftest import TODAY
    from tests.web.conftest import Web, _demo_home
    home = tmp_path / "home"
    shutil.copytree(_demo_home(tmp_path_factory), home)
    env = Environment(home=home, db_url=f"sqlite:///{home / 'systemcraft.db'}", today=TODAY,
                      timezone="Europe/London", clock_fixed=True)
    with TestClient(create_app(env, model_dir=MODEL), base_url="http://127.0.0.1") as client:
        yield Web(client, home, env)


def _upload(web, name, data, **fields):
    return web.client.post("/delivery", data={"csrf_token": web.token, **fields}, follow_redirects=False,
                           files={"file": (name, data, "audio/wav")})


def test_the_web_coach_with_a_model_takes_a_recording(web_with_model, tmp_path):
    from tests.web.test_pages import count_rows
    web = web_with_model
    page = web.get("/delivery").text
    assert "Recording or transcript" in page and ".wav" in page
    r = _upload(web, "answer.wav", tone(tmp_path / "a.wav").read_bytes(), speaker="")
    assert r.status_code == 303, r.text[-500:]
    report = web.api("GET", "/api/delivery/" + r.headers["location"].rsplit("/", 1)[1]).json()
    assert report["format"] == "audio" and report["source"] == "answer.wav" and report["words"] == 1
    assert count_rows(web.home, "deliveries") == 1
    # an undecodable recording: the message sits by the file field and nothing is stored
    bad = _upload(web, "broken.wav", b"RIFF\x00\x00\x00\x00WAVEjunk")
    assert bad.status_code == 422 and "cannot be read as audio" in bad.text
    assert count_rows(web.home, "deliveries") == 1
    # a recording over 200 MB is refused before it is read
    huge = web.client.post("/delivery", content=b"x", follow_redirects=False,
                           headers={"content-length": str(201 * 1024 * 1024), "content-type": "multipart/form-data; boundary=x"})
    assert huge.status_code == 413


def test_serve_refuses_a_wrong_model_folder_before_starting(cli, tmp_path):
    (tmp_path / "empty").mkdir()
    assert "is not a Whisper model folder" in one_line_error(cli("serve", "--no-open", "--model", str(tmp_path / "empty")))
    assert "no such directory" in one_line_error(cli("serve", "--no-open", "--model", str(tmp_path / "absent")))
