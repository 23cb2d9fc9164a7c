"""The user's speech model (systemcraft/transcripts/models.py): installed from a folder or downloaded by
name, atomically; removed; never downloaded without being asked.

Downloads are tested against a loopback server (tests/speech/hub_server.py) that answers the Hub
endpoints huggingface_hub calls (repo info, file tree, HEAD and GET under /resolve/), serving the tiny
model; no test reaches the internet."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from systemcraft.domain.transcript import TranscriptError
from systemcraft.transcripts import models
from tests.cli.test_bad_input import one_line_error
from tests.speech.hub_server import Hub

TINY = Path(__file__).parents[1] / "fixtures" / "tiny-whisper"
REPO = "Systran/faster-whisper-tiny"
TINY_BYTES = sum(p.stat().st_size for p in TINY.iterdir())


def test_install_from_a_folder_copies_it_and_reports_its_size(tmp_path):
    home = tmp_path / "home"
    assert models.installed(home) is None and models.model_dir(home) is None
    info = models.install_from_folder(home, TINY)
    assert info.name == "tiny-whisper" and info.source == "folder" and info.path == home / "models" / "whisper"
    # the four model files plus SystemCraft's small note of the name and source
    assert TINY_BYTES < info.size_bytes < TINY_BYTES + 200
    assert sorted(p.name for p in info.path.iterdir()) == ["config.json", "model.bin", "systemcraft-model.json",
                                                          "tokenizer.json", "vocabulary.json"]
    assert (info.path / "model.bin").read_bytes() == (TINY / "model.bin").read_bytes()
    assert models.installed(home) == info
    # nothing else is left beside it (no temporary copy)
    assert sorted(p.name for p in (home / "models").iterdir()) == [".lock", "whisper"]
    assert models.remove(home) == info.size_bytes
    assert models.installed(home) is None and models.remove(home) == 0


def test_an_incomplete_folder_is_refused_and_the_installed_model_kept(tmp_path):
    home = tmp_path / "home"
    models.install_from_folder(home, TINY)
    part = tmp_path / "part"
    shutil.copytree(TINY, part)
    (part / "tokenizer.json").unlink()
    with pytest.raises(TranscriptError, match=r"not a complete Whisper model folder \(missing tokenizer.json\)"):
        models.install_from_folder(home, part)
    (part / "tokenizer.json").write_text("{}")
    (part / "model.bin").write_bytes(b"\0" * 10)           # a copy cut short
    with pytest.raises(TranscriptError, match="model.bin is only a few bytes"):
        models.install_from_folder(home, part)
    with pytest.raises(TranscriptError, match="no such folder"):
        models.install_from_folder(home, tmp_path / "absent")
    assert models.installed(home).name == "tiny-whisper"


def test_a_copy_interrupted_half_way_is_never_used(tmp_path, monkeypatch):
    """The disk fills up after the first file: the old model stays in place, untouched, and no partial
    folder is left that a later run could take for a model."""
    home = tmp_path / "home"
    models.install_from_folder(home, TINY)
    before = {p.name: p.read_bytes() for p in models.root(home).iterdir()}
    other = tmp_path / "other"
    shutil.copytree(TINY, other)
    real = shutil.copyfile
    calls = []

    def failing(src, dst, *a, **k):
        calls.append(src)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(src, dst, *a, **k)

    monkeypatch.setattr(models.shutil, "copyfile", failing)
    with pytest.raises(TranscriptError, match="could not be copied \\(No space left on device\\); nothing was changed"):
        models.install_from_folder(home, other)
    assert {p.name: p.read_bytes() for p in models.root(home).iterdir()} == before
    assert sorted(p.name for p in (home / "models").iterdir()) == [".lock", "whisper"]


def test_a_model_folder_left_incomplete_on_disk_counts_as_not_installed(tmp_path):
    home = tmp_path / "home"
    models.install_from_folder(home, TINY)
    (models.root(home) / "model.bin").unlink()
    assert models.installed(home) is None and models.model_dir(home) is None


def test_install_by_name_downloads_with_progress_then_renames_into_place(tmp_path, monkeypatch):
    home = tmp_path / "home"
    seen = []
    with Hub(REPO, TINY) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        info = models.install_by_name(home, "tiny", lambda done, total: seen.append((done, total)))
    assert info.name == "tiny" and info.source == "download"
    assert (info.path / "model.bin").read_bytes() == (TINY / "model.bin").read_bytes()
    assert not (info.path / ".cache").exists()
    assert sorted(p.name for p in (home / "models").iterdir()) == [".lock", "whisper"]
    # progress in bytes: never backwards, ending with every byte of the four files
    assert seen and seen[-1] == (TINY_BYTES, TINY_BYTES)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert any(m == "GET" and p.endswith("/model.bin") for m, p, _ in hub.log)


def test_a_dropped_connection_is_resumed_within_the_install(tmp_path, monkeypatch):
    """The connection drops 300 kB into model.bin: huggingface_hub asks for the rest (a Range request)
    and the installed file is whole. (Pieces of 64 kB instead of 10 MB, so that a 0.7 MB file can be
    half written.)"""
    from huggingface_hub import constants
    monkeypatch.setattr(constants, "DOWNLOAD_CHUNK_SIZE", 65536)
    home = tmp_path / "home"
    with Hub(REPO, TINY, cut={"model.bin": [300_000]}) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        info = models.install_by_name(home, "tiny", None)
    gets = [r for m, p, r in hub.log if m == "GET" and p.endswith("/model.bin")]
    assert len(gets) == 2 and gets[0] == "" and gets[1].startswith("bytes=") and int(gets[1][6:].split("-")[0]) >= 65536
    assert (info.path / "model.bin").read_bytes() == (TINY / "model.bin").read_bytes()


KILLED_INSTALL = """
import sys
from pathlib import Path
from huggingface_hub import constants
constants.DOWNLOAD_CHUNK_SIZE = 65536
from systemcraft.transcripts import models
models.install_by_name(Path(sys.argv[1]), "tiny", None)
"""


def test_a_download_killed_half_way_installs_nothing_and_resumes_next_time(tmp_path, monkeypatch):
    """The app is killed while model.bin is arriving (the other three files are complete by then): no
    model is installed, so nothing half is ever loaded. The next install keeps the three complete files
    (they are not fetched again) and fetches model.bin again from its start (huggingface_hub 2.x does
    not reuse another process's partial file), then installs the complete model."""
    import time
    monkeypatch.setenv("HF_ENDPOINT", "")
    home = tmp_path / "home"
    partial = home / "models" / ".whisper-download-Systran_faster-whisper-tiny"
    others = ("config.json", "tokenizer.json", "vocabulary.json")
    with Hub(REPO, TINY, slow={"model.bin": 0.2}) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        child = subprocess.Popen([sys.executable, "-c", KILLED_INSTALL, str(home)], env={**os.environ},
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        got = 0
        while time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.02)
            got = sum(p.stat().st_size for p in partial.rglob("*.incomplete")) if partial.exists() else 0
            if got >= 200_000 and all((partial / f).is_file() for f in others):
                break
        child.kill()
        child.wait()
        assert got >= 200_000 and child.returncode != 0, "the download was not caught half way"
        assert models.installed(home) is None and not models.root(home).exists()
        hub.slow.clear()
        hub.log.clear()
        info = models.install_by_name(home, "tiny", None)
    fetched = [p.rsplit("/", 1)[1] for m, p, _ in hub.log if m == "GET" and "/resolve/" in p]
    assert fetched == ["model.bin"], hub.log
    assert (info.path / "model.bin").read_bytes() == (TINY / "model.bin").read_bytes()
    assert not any(p.name.startswith(".whisper-download-") for p in (home / "models").iterdir())


def test_a_repository_that_is_no_whisper_model_is_refused_cleanly(tmp_path, monkeypatch):
    home = tmp_path / "home"
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "config.json").write_text("{}")
    with Hub("someone/not-whisper", junk) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        with pytest.raises(TranscriptError, match="not a complete Whisper model folder"):
            models.install_by_name(home, "someone/not-whisper", None)
    assert models.installed(home) is None
    assert not [p for p in (home / "models").iterdir() if p.name.startswith(".whisper-")]


def test_an_unreachable_model_server_is_said_so_not_called_a_missing_model(tmp_path, monkeypatch):
    """huggingface_hub reports a hub it cannot reach as LocalEntryNotFoundError; before, that read "the model
    was not found". A closed loopback port stands for an offline machine."""
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]                     # closed again when the block ends: nothing listens
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    with pytest.raises(TranscriptError, match=r"could not be reached \(is this machine offline\?\); nothing was installed"):
        models.install_by_name(tmp_path / "home", "tiny", None)
    assert models.installed(tmp_path / "home") is None


def test_a_model_the_server_does_not_have_is_named(tmp_path, monkeypatch):
    with Hub("Systran/faster-whisper-tiny", TINY) as hub:
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        with pytest.raises(TranscriptError, match="no model 'someone/else' was found to download"):
            models.install_by_name(tmp_path / "home", "someone/else", None)


def test_unknown_names_are_refused_before_any_request(tmp_path):
    with pytest.raises(TranscriptError, match="'huge' is not a model name; use one of tiny.en, tiny"):
        models.install_by_name(tmp_path, "huge", None)
    with pytest.raises(TranscriptError, match="is not a model name"):
        models.install_by_name(tmp_path, "../../etc/x", None)


# ---------------------------------------------------------------- the CLI

def _cli_env(cli, hub_url: str) -> dict:
    return {**cli.env, "HF_ENDPOINT": hub_url}


def test_cli_model_install_by_name_needs_consent_and_never_asks_without_a_terminal(cli):
    with Hub(REPO, TINY) as hub:
        env = _cli_env(cli, hub.url)
        r = subprocess.run([sys.executable, "-m", "systemcraft", "model", "install", "tiny"], env=env,
                           capture_output=True, text=True, stdin=subprocess.DEVNULL)
        assert "add --yes to agree (there is no terminal to ask)" in one_line_error(r)
        assert hub.log == []                                        # not one request without consent
        r = subprocess.run([sys.executable, "-m", "systemcraft", "model", "install", "tiny", "--yes"], env=env,
                           capture_output=True, text=True, stdin=subprocess.DEVNULL)
        assert r.returncode == 0, r.stderr
        assert "Installed the speech model tiny (1 MB)" in r.stdout
    r = cli("model", "status")
    assert r.returncode == 0 and "Speech model: tiny (1 MB, downloaded)." in r.stdout
    r = cli("model", "remove")
    assert r.returncode == 0 and "Removed the speech model; 1 MB freed." in r.stdout
    assert "No speech model is installed" in cli("model", "status").stdout


def test_cli_model_install_asks_on_a_terminal_and_a_no_downloads_nothing(cli):
    """On a terminal (a pseudo-terminal here) the download is asked for; answering no downloads nothing."""
    import pty
    with Hub(REPO, TINY) as hub:
        env = _cli_env(cli, hub.url)
        pid, fd = pty.fork()
        if pid == 0:                                       # the child: the CLI on the terminal
            os.execve(sys.executable, [sys.executable, "-m", "systemcraft", "model", "install", "base"], env)
        out = b""
        while b"[y/N]" not in out:
            try:
                chunk = os.read(fd, 1024)
            except OSError:                                # the CLI ended without asking
                chunk = b""
            if not chunk:
                os.waitpid(pid, 0)
                pytest.fail(f"the CLI did not ask: {out.decode(errors='replace')}")
            out += chunk
        os.write(fd, b"n\n")
        from tests.speech.speech import read_to_end
        text, code = read_to_end(fd, pid, out)
        assert "Download the speech model 'base' (about 145 MB) from the Hugging Face Hub" in text
        assert "error: nothing was downloaded" in text and code == 1
        assert hub.log == []
    assert "No speech model is installed" in cli("model", "status").stdout


def test_cli_model_install_from_a_folder_needs_no_consent(cli, tmp_path):
    r = cli("model", "install", str(TINY), "--json")
    assert r.returncode == 0, r.stderr
    import json
    assert json.loads(r.stdout)["name"] == "tiny-whisper"
    part = tmp_path / "part"
    shutil.copytree(TINY, part)
    (part / "model.bin").unlink()
    assert "missing model.bin" in one_line_error(cli("model", "install", str(part)))
    assert "no such folder" in one_line_error(cli("model", "install", str(tmp_path / "nope")))
    assert "Speech model: tiny-whisper" in cli("model", "status").stdout
