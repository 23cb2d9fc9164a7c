"""One speech model per process (issue 18, follow-up): the Delivery page's recording upload and the Practice
page share the process's one worker and its one loaded model; the Delivery page takes recordings whenever a
model is installed in the home (`serve --model DIR` uses that folder instead); a recording uploaded there
gets the voice signals and is deleted once transcribed.

The real tiny model (tests/fixtures/tiny-whisper) hears "OK" in anything, so a report of one word is right.
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

from systemcraft.services import practice as sp
from tests.delivery.test_stt import tone
from tests.web.conftest import Web, _client, _demo_home
from tests.web.test_pages import count_rows

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny-whisper"


@pytest.fixture(scope="module")
def real_tiny():
    try:
        import faster_whisper  # noqa: F401
    except ImportError:
        from tests.conftest import missing_component
        missing_component("faster-whisper (the stt extra)")


@pytest.fixture
def loads(monkeypatch):
    """Every model the process loads (the folder it was loaded from), the real loader behind it."""
    seen: list[Path] = []
    real = sp._load_transcriber

    def counting(folder):
        seen.append(Path(folder))
        return real(folder)
    monkeypatch.setattr(sp, "_load_transcriber", counting)
    return seen


def home_copy(tmp_path, tmp_path_factory, install: bool = True) -> Path:
    from systemcraft.transcripts import models
    home = tmp_path / "home"
    shutil.copytree(_demo_home(tmp_path_factory), home)
    if install:
        models.install_from_folder(home, TINY)
    return home


def upload(web, name: str, data: bytes):
    return web.client.post("/delivery", data={"csrf_token": web.token}, follow_redirects=False,
                           files={"file": (name, data, "audio/wav")})


def huge(web):
    return web.client.post("/delivery", content=b"x", follow_redirects=False,
                           headers={"content-length": str(201 * 1024 * 1024),
                                    "content-type": "multipart/form-data; boundary=x"})


def test_an_installed_model_lets_the_delivery_page_take_a_recording_with_its_voice(
        real_tiny, loads, tmp_path, tmp_path_factory, monkeypatch):
    home = home_copy(tmp_path, tmp_path_factory)
    given: list[Path] = []
    real = sp.Worker.transcribe_file

    def watched(self, audio, progress=None):
        given.append(Path(audio))
        assert Path(audio).is_file()
        return real(self, audio, progress)
    monkeypatch.setattr(sp.Worker, "transcribe_file", watched)
    client, env = _client(home)                     # no --model: the model installed in the home is used
    with client:
        web = Web(client, home, env)
        page = web.get("/delivery").text
        assert "Recording or transcript" in page and "deleted as soon as it is transcribed" in page
        r = upload(web, "answer.wav", tone(tmp_path / "a.wav").read_bytes())
        assert r.status_code == 303, r.text[-500:]
        report = web.api("GET", "/api/delivery/" + r.headers["location"].rsplit("/", 1)[1]).json()
        assert report["format"] == "audio" and report["source"] == "answer.wav" and report["words"] == 1
        voice = report["voice"]                     # measured from the same decoding as the transcript
        assert isinstance(voice, dict) and "moments" in voice
        # the recording was transcribed from a file that is gone now, folder and all; none was kept in the home
        assert len(given) == 1 and not given[0].exists() and not given[0].parent.exists()
        assert given[0].parent.parent == home / "recordings" / ".uploads"     # in the home, not the system's tmp
        assert not (home / "recordings").exists() or not any((home / "recordings").rglob("*.wav"))
        assert loads == [home / "models" / "whisper"]
        assert count_rows(home, "deliveries") >= 1


def test_the_delivery_page_and_the_practice_page_share_one_model(real_tiny, loads, tmp_path, tmp_path_factory):
    home = home_copy(tmp_path, tmp_path_factory)
    wav = tone(tmp_path / "a.wav").read_bytes()
    client, env = _client(home)
    with client:
        web = Web(client, home, env)
        assert upload(web, "first.wav", wav).status_code == 303
        r = web.api("POST", "/practice/recordings", json={"question": "Tell me about a time you cut costs.",
                                                          "target": "30s", "keep": False, "mime": "audio/wav"})
        assert r.status_code == 201, r.text
        rec = r.json()["id"]
        assert web.client.post(f"/practice/chunks?recording={rec}&seq=0", content=wav,
                               headers={"X-CSRF-Token": web.token, "Content-Type": "audio/wav"}).status_code == 200
        assert web.api("POST", f"/practice/recordings/{rec}/finish", json={"taps": [], "seconds": 2}).status_code == 202
        deadline = time.monotonic() + 30
        while web.api("GET", f"/practice/recordings/{rec}/status").json()["state"] not in ("done", "failed"):
            assert time.monotonic() < deadline, "the practice recording was not transcribed in time"
            time.sleep(0.05)
        assert upload(web, "second.wav", wav).status_code == 303
        # three recordings, two pages, one model loaded once in this process
        assert loads == [home / "models" / "whisper"]
        w = client.app.state.store.worker(start=False)
        assert w is not None and w._model is not None
        assert not hasattr(client.app.state.store, "_transcriber")


def test_a_model_installed_while_the_coach_runs_is_used_without_a_restart(tmp_path, tmp_path_factory):
    from systemcraft.transcripts import models
    home = home_copy(tmp_path, tmp_path_factory, install=False)
    client, env = _client(home)
    with client:
        web = Web(client, home, env)
        assert "install a speech model" in web.get("/delivery").text
        small = huge(web)                            # without a model the Delivery page takes transcripts only
        assert small.status_code == 413 and "larger than 21 MB" in small.text
        models.install_from_folder(home, TINY)
        page = web.get("/delivery").text
        assert "Recording or transcript" in page and "install a speech model" not in page
        big = huge(web)                              # now a recording's size is allowed, and no more
        assert big.status_code == 413 and "larger than 200 MB" in big.text


def test_serve_model_is_used_instead_of_the_installed_one(tmp_path, tmp_path_factory, monkeypatch):
    """`serve --model DIR` (create_app's model_dir): that folder, not the home's installed model."""
    from fastapi.testclient import TestClient
    from systemcraft.web.app import create_app
    home = home_copy(tmp_path, tmp_path_factory)
    own = tmp_path / "own-model"
    shutil.copytree(TINY, own)
    seen = []
    monkeypatch.setattr(sp, "_load_transcriber", lambda folder: seen.append(Path(folder)) or _Quiet())
    _, env = _client(home)
    with TestClient(create_app(env, model_dir=own), base_url="http://127.0.0.1") as client:
        web = Web(client, home, env)
        assert client.app.state.store.speech_model() == own
        assert upload(web, "a.wav", tone(tmp_path / "a.wav").read_bytes()).status_code == 303
        assert seen == [own]


class _Quiet:
    """A transcriber that hears one word."""

    def transcribe(self, audio, progress=None):
        from systemcraft.domain.transcript import Line, Transcript, Word
        return Transcript([Line(0.0, 0.5, "OK", "", (Word("OK", 0.0, 0.5),), "x")], "audio")


def test_the_worker_transcribes_one_recording_at_a_time_whoever_asks(tmp_path):
    """Two Delivery uploads at once: the second waits for the first; the model is loaded once; while one is
    transcribed the worker is busy (so Settings will not remove the model under it)."""
    (tmp_path / "model.bin").write_bytes(b"x")
    gate, inside, most, made = threading.Event(), [0], [0], []
    lock = threading.Lock()

    class Slow:
        def transcribe(self, audio, progress=None):
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            gate.wait(10)
            with lock:
                inside[0] -= 1
            return _Quiet().transcribe(audio)

    w = sp.Worker(open_ctx=None, model_dir=lambda: tmp_path, load=lambda folder: made.append(folder) or Slow())
    results = []
    threads = [threading.Thread(target=lambda: results.append(w.transcribe_file(tmp_path / "a.wav")))
               for _ in range(2)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 5
    while inside[0] == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)
    assert inside[0] == 1 and w.busy()               # one in, the other waiting for the model
    gate.set()
    for t in threads:
        t.join(10)
    assert len(results) == 2 and most[0] == 1 and made == [tmp_path] and not w.busy()
    assert all(voice is None for _, voice in results)   # this transcriber measures no voice: None, not a guess


def test_a_recording_beyond_the_waiting_room_is_refused_at_once(tmp_path):
    """One transcribed, one waiting (waiting=1): a third is refused in one line, without waiting or loading."""
    from systemcraft.errors import ConflictError
    gate, inside = threading.Event(), []

    class Slow:
        def transcribe(self, audio, progress=None):
            inside.append(audio)
            gate.wait(10)
            return _Quiet().transcribe(audio)

    w = sp.Worker(open_ctx=None, model_dir=lambda: tmp_path, load=lambda folder: Slow(), waiting=1)
    threads = [threading.Thread(target=w.transcribe_file, args=(tmp_path / f"{i}.wav",)) for i in range(2)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 5
    while not inside and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)
    try:
        with pytest.raises(ConflictError, match="one recording is being transcribed and 1 are waiting"):
            w.transcribe_file(tmp_path / "third.wav")
    finally:
        gate.set()
        for t in threads:
            t.join(10)
    assert [p.name for p in inside] == ["0.wav", "1.wav"] or [p.name for p in inside] == ["1.wav", "0.wav"]
    assert not w.busy()


def test_no_model_at_all_is_one_line_from_the_worker(tmp_path):
    from systemcraft.domain.transcript import TranscriptError
    w = sp.Worker(open_ctx=None, model_dir=lambda: None)
    with pytest.raises(TranscriptError, match="no speech model is installed"):
        w.transcribe_file(tmp_path / "a.wav")
    assert not w.busy()
