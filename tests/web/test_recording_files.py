"""Recording files outside the Practice page's own flow (issue 18, follow-up): a replacing import deletes the
audio of the recordings it deletes, files no row refers to are swept, and an export carries audio only when
asked (`systemcraft export DIR --recordings`; on the web, a download link per kept recording).

The transcriber is a stand-in (the real model is exercised in tests/speech and tests/e2e): these tests are
about the files, so the answer it hears does not matter.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from systemcraft.domain.transcript import Line, Transcript, Word
from systemcraft.services import practice as sp
from tests.conftest import CLI
from tests.web.conftest import _client, _demo_home

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny-whisper"
WEBM = b"\x1a\x45\xdf\xa3" + bytes(range(256)) * 40          # a WebM header, then bytes nobody decodes here


class Heard:
    """A transcriber that hears the same short answer in any recording; it counts what it was given."""

    def __init__(self) -> None:
        self.calls: list[Path] = []

    def transcribe(self, audio: Path, progress=None):
        self.calls.append(Path(audio))
        words = [Word(w, i * 0.4, i * 0.4 + 0.3) for i, w in enumerate("I split the build and releases sped up".split())]
        return Transcript([Line(0.0, words[-1].end, " ".join(w.text for w in words), "", tuple(words), "x")], "audio")


@pytest.fixture
def rec_web(tmp_path, tmp_path_factory, monkeypatch):
    """The demo candidate's coach with the tiny model installed and the stand-in transcriber."""
    from tests.web.test_practice import web_with_model
    for w in web_with_model(tmp_path, tmp_path_factory, monkeypatch, Heard()):
        w.heard = w.fake
        yield w


def record(w, question: str = "Tell me about a time you made releases predictable.", keep: bool = True,
           data: bytes = WEBM) -> int:
    """One recording through the Practice page's endpoints, waited for until its report is ready."""
    r = w.api("POST", "/practice/recordings", json={"question": question, "target": "30s", "story": None,
                                                    "keep": keep, "mime": "audio/webm;codecs=opus"})
    assert r.status_code == 201, r.text
    rec = r.json()["id"]
    up = w.client.post(f"/practice/chunks?recording={rec}&seq=0", content=data,
                       headers={"X-CSRF-Token": w.token, "Content-Type": "audio/webm", "Accept": "application/json"})
    assert up.status_code == 200, up.text
    assert w.api("POST", f"/practice/recordings/{rec}/finish", json={"taps": [], "seconds": 4}).status_code == 202
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        state = w.api("GET", f"/practice/recordings/{rec}/status").json()["state"]
        if state in ("done", "failed"):
            assert state == "done"
            return rec
        time.sleep(0.05)
    raise AssertionError(f"recording {rec} was not transcribed in time")


def folder(w, rec: int) -> Path:
    return w.home / "recordings" / str(rec)


def rows(home: Path, sql: str, *args) -> list:
    with sqlite3.connect(home / "systemcraft.db") as con:
        return con.execute(sql, args).fetchall()


def audio_bytes_under(directory: Path, needle: bytes = WEBM[:64]) -> list[str]:
    """Every file under `directory` that holds the recording's bytes."""
    return [str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file() and needle in p.read_bytes()]


# ---------------------------------------------------------------------- a replacing import deletes the audio

def staged_replace(w, content: bytes):
    r = w.client.post("/settings/import", data={"csrf_token": w.token}, follow_redirects=False,
                      files={"file": ("theirs.json", content, "application/json")})
    assert r.status_code == 303 and r.headers["location"] == "/settings/import/confirm"
    import re
    digest = re.search(r'name="digest" value="([0-9a-f]{64})"', w.get("/settings/import/confirm").text).group(1)
    return w.post("/settings/import/replace", {"digest": digest})


def test_replacing_everything_deletes_the_kept_recordings_audio_too(rec_web):
    w = rec_web
    kept = record(w, keep=True)
    other = record(w, question="Tell me about a time you disagreed with your manager.", keep=True)
    assert (folder(w, kept) / "answer.webm").is_file() and (folder(w, other) / "answer.webm").is_file()
    export = w.get("/settings/export.json").content           # this candidate's own export: no audio in it
    assert b"answer.webm" not in export and WEBM[:64] not in export
    r = staged_replace(w, export)
    assert r.status_code == 303, r.text[-300:]
    # the export holds no recordings, so after the replace no row refers to any audio: none is left on disk
    assert rows(w.home, "SELECT count(*) FROM practice_recordings") == [(0,)]
    assert not folder(w, kept).exists() and not folder(w, other).exists()
    assert audio_bytes_under(w.home) == []
    assert "No recordings are kept." in w.get("/settings").text


def test_files_no_row_refers_to_are_swept_when_settings_lists_the_kept_recordings(rec_web):
    """A crash between the replace's commit and its deletes leaves folders of rows that are gone: Settings
    sweeps them before it lists the kept ones; a kept recording's folder and an upload in progress stay."""
    w = rec_web
    kept = record(w, keep=True)
    started = w.api("POST", "/practice/recordings", json={"question": "Why this team?", "target": None, "story": None,
                                                          "keep": False, "mime": "audio/webm"}).json()["id"]
    assert w.client.post(f"/practice/chunks?recording={started}&seq=0", content=WEBM,
                         headers={"X-CSRF-Token": w.token, "Content-Type": "audio/webm"}).status_code == 200
    for orphan in (9_001, 9_002):                                   # no row has these ids
        (folder(w, orphan)).mkdir(parents=True)
        (folder(w, orphan) / "answer.webm").write_bytes(WEBM)
    (w.home / "recordings" / "notes").mkdir()                       # not a recording's folder: left alone
    page = w.get("/settings")
    assert page.status_code == 200
    assert not folder(w, 9_001).exists() and not folder(w, 9_002).exists()
    assert (folder(w, kept) / "answer.webm").is_file()               # kept: its row refers to it
    assert (folder(w, started) / "000000.part").is_file()           # still being uploaded
    assert (w.home / "recordings" / "notes").is_dir()


def test_a_delivery_upload_a_crash_left_behind_is_swept_after_three_hours(rec_web):
    """The Delivery page transcribes an upload from recordings/.uploads/ in the home; a crash mid-way leaves
    its folder. Settings sweeps such folders once they are three hours old by the coach's clock; a younger
    one may be a transcription running now and stays."""
    import os
    w = rec_web
    uploads = w.home / "recordings" / ".uploads"
    old, young = uploads / "delivery-old", uploads / "delivery-young"
    for f in (old, young):
        f.mkdir(parents=True)
        (f / "answer.wav").write_bytes(WEBM)
    now = w.env.now().timestamp()
    os.utime(old, (now - 3 * 3600 - 60, now - 3 * 3600 - 60))
    os.utime(young, (now - 2 * 3600, now - 2 * 3600))
    assert w.get("/settings").status_code == 200
    assert not old.exists() and (young / "answer.wav").is_file()


def test_files_no_row_refers_to_are_swept_when_the_worker_starts(tmp_path, tmp_path_factory, monkeypatch):
    from systemcraft.transcripts import models
    home = tmp_path / "home"
    shutil.copytree(_demo_home(tmp_path_factory), home)
    models.install_from_folder(home, TINY)
    monkeypatch.setattr(sp, "_load_transcriber", lambda folder: Heard())
    (home / "recordings" / "77").mkdir(parents=True)
    (home / "recordings" / "77" / "answer.webm").write_bytes(WEBM)
    client, env = _client(home)
    with client:
        assert (home / "recordings" / "77").is_dir()                   # nothing swept before the worker is needed
        client.app.state.store.worker()
        assert not (home / "recordings" / "77").exists()


# ---------------------------------------------------------------------- exports carry audio only when asked

def test_the_cli_export_copies_kept_recordings_only_with_the_option(rec_web, tmp_path):
    w = rec_web
    first = record(w, question="Tell me about a time you made releases predictable!", keep=True)
    dropped = record(w, question="Tell me about a failure.", keep=False)      # not kept: never exported
    second = record(w, question="  ../../etc/passwd <b>Why</b> Amazon?  ", keep=True)
    cli = CLI(w.home)
    plain = cli("export", str(tmp_path / "plain"))
    assert plain.returncode == 0, plain.stderr
    assert not (tmp_path / "plain" / "recordings").exists() and audio_bytes_under(tmp_path / "plain") == []
    assert "recording" not in plain.stdout

    r = cli("export", str(tmp_path / "out"), "--recordings")
    assert r.returncode == 0, r.stderr
    day = rows(w.home, "SELECT date(created_at) FROM practice_recordings WHERE id = ?", first)[0][0]
    names = sorted(p.name for p in (tmp_path / "out" / "recordings").iterdir())
    # named by id, date and a slug of the question of ASCII letters and digits: no path, no markup
    assert names == sorted([f"{first}-{day}-tell-me-about-a-time-you-made-releases.webm",
                            f"{second}-{day}-etc-passwd-b-why-b-amazon.webm"])
    for name in names:
        copy = tmp_path / "out" / "recordings" / name
        assert copy.read_bytes() == WEBM and not copy.is_symlink() and oct(copy.stat().st_mode & 0o777) == "0o600"
    assert not any(n.startswith(f"{dropped}-") for n in names)
    assert list((tmp_path / "out" / "recordings").glob(".*")) == []  # no temporary file left behind
    assert "Copied 2 kept recordings to" in r.stdout and all(n in r.stdout for n in names)
    assert (tmp_path / "out" / "systemcraft-export.json").is_file()
    assert WEBM[:64] not in (tmp_path / "out" / "systemcraft-export.json").read_bytes()
    # again into the same folder: the copies are replaced whole, none added
    again = cli("export", str(tmp_path / "out"), "--recordings", "--format", "csv")
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in (tmp_path / "out" / "recordings").iterdir()) == names


def test_the_cli_export_refuses_to_write_through_a_link_and_says_when_nothing_is_kept(rec_web, tmp_path):
    w = rec_web
    cli = CLI(w.home)
    none = cli("export", str(tmp_path / "none"), "--recordings")
    assert none.returncode == 0 and "No recordings are kept, so no audio was copied." in none.stdout
    assert not (tmp_path / "none" / "recordings").exists()
    rec = record(w, keep=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "linked").mkdir()
    os.symlink(elsewhere, tmp_path / "linked" / "recordings")
    r = cli("export", str(tmp_path / "linked"), "--recordings")
    assert r.returncode != 0 and "symbolic link" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert list(elsewhere.iterdir()) == []
    # a kept recording whose file was swapped for a link is not followed: nothing of the link's target is copied
    secret = tmp_path / "secret.txt"
    secret.write_text("not audio")
    (folder(w, rec) / "answer.webm").unlink()
    os.symlink(secret, folder(w, rec) / "answer.webm")
    r = cli("export", str(tmp_path / "swapped"), "--recordings")
    assert r.returncode == 0, r.stderr
    assert list((tmp_path / "swapped" / "recordings").iterdir()) == []


def test_settings_offers_each_kept_recording_as_a_download(rec_web):
    w = rec_web
    kept = record(w, question="Tell me about a time you made releases predictable.", keep=True)
    gone = record(w, question="Tell me about a failure.", keep=False)
    page = w.get("/settings").text
    assert f'href="/practice/recordings/{kept}/download"' in page
    assert f'/practice/recordings/{gone}/download' not in page
    r = w.get(f"/practice/recordings/{kept}/download")
    assert r.status_code == 200 and r.content == WEBM
    disposition = r.headers["content-disposition"]
    assert disposition.startswith("attachment;") and f'{kept}-' in disposition
    assert disposition.endswith('-tell-me-about-a-time-you-made-releases.webm"')
    assert r.headers["content-type"].startswith("audio/webm") and r.headers["cache-control"] == "no-store"
    assert w.get(f"/practice/recordings/{gone}/download").status_code == 404      # not kept: nothing to give
    assert w.get("/practice/recordings/999999/download").status_code == 404
    # the web export stays a JSON file of reports: no audio in it
    export = w.get("/settings/export.json")
    assert WEBM[:64] not in export.content and json.loads(export.content)["format"] == "systemcraft-export"
