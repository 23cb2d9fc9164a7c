"""The Practice page (issue 18): start a recording, upload its chunks, finish it, follow the worker, read the
report, replay a kept recording; every refusal is one line and changes nothing.

The transcriber is a stand-in with a known answer (the real model is exercised in tests/e2e and tests/speech),
so that each figure of the report is known: a STAR answer of 44 words at 0.4 s a word, with a 3-second pause
after the situation and two fillers ("um", "uh").
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from systemcraft.domain.transcript import Line, Transcript, TranscriptError, Word
from systemcraft.services import practice as sp
from tests.store.test_two_candidates import fresh_database  # noqa: F401  (a fixture: SQLite and PostgreSQL)
from tests.web.conftest import _client, _demo_home

TINY = Path(__file__).resolve().parents[1] / "fixtures" / "tiny-whisper"
WEBM = b"\x1a\x45\xdf\xa3" + bytes(range(256)) * 40          # a WebM header, then bytes nobody decodes here
SITUATION = "When I joined the payments team, releases slipped every two weeks.".split()
TASK = "Um, so my task was to make them predictable.".split()
ACTION = "Uh, I split the build into three pipelines and moved the team to trunk based development.".split()
RESULT = "Releases went from every 14 days to every 2 days.".split()
REST = TASK + ACTION + RESULT
# where each part's first word starts: 0.4 s a word, plus the 3-second pause before the task
STARTS = {"situation": 0.0, "task": round(len(SITUATION) * 0.4 + 3, 2),
          "action": round(len(SITUATION + TASK) * 0.4 + 3, 2), "result": round(len(SITUATION + TASK + ACTION) * 0.4 + 3, 2)}


def answer() -> Transcript:
    words, t = [], 0.0
    for i, w in enumerate(SITUATION + REST):
        if i == len(SITUATION):
            t += 3.0                                 # the 3-second pause
        words.append(Word(w, round(t, 2), round(t + 0.35, 2)))
        t += 0.4
    return Transcript([Line(words[0].start, words[-1].end, " ".join(w.text for w in words), "", tuple(words), "x")],
                      "audio")


class Fake:
    """A transcriber that answers the known answer; `gate` holds it mid-way (progress 0.5) until set."""

    def __init__(self, gate: threading.Event | None = None, fail: str | None = None) -> None:
        self.gate, self.fail, self.calls = gate, fail, []

    def transcribe(self, audio: Path, progress=None):
        self.calls.append(audio.name)
        assert audio.is_file() and audio.read_bytes().startswith(WEBM[:4])
        if progress:
            progress(0.5)
        if self.gate is not None:
            assert self.gate.wait(20)
        if self.fail:
            raise TranscriptError(self.fail)
        if progress:
            progress(1.0)
        return answer()


def web_with_model(tmp_path, tmp_path_factory, monkeypatch, transcriber):
    """The demo candidate's coach with the tiny model installed (from its folder) and `transcriber` standing in
    for it (as `w.fake`)."""
    from systemcraft.transcripts import models
    from tests.web.conftest import Web
    home = tmp_path / "home"
    shutil.copytree(_demo_home(tmp_path_factory), home)
    models.install_from_folder(home, TINY)
    monkeypatch.setattr(sp, "_load_transcriber", lambda folder: transcriber)
    client, env = _client(home)
    with client:
        w = Web(client, home, env)
        w.fake = transcriber
        yield w


@pytest.fixture
def practice_web(tmp_path, tmp_path_factory, monkeypatch):
    """The demo candidate's coach with the tiny model installed and the Fake transcriber."""
    yield from web_with_model(tmp_path, tmp_path_factory, monkeypatch, Fake())


def start(w, **over) -> dict:
    body = {"question": "Tell me about a time you made releases predictable.", "target": "30s", "story": None,
            "keep": False, "mime": "audio/webm;codecs=opus", **over}
    return w.api("POST", "/practice/recordings", json=body)


def chunk(w, rec: int, seq: int, data: bytes, kind: str = "application/octet-stream"):
    return w.client.post(f"/practice/chunks?recording={rec}&seq={seq}", content=data,
                         headers={"X-CSRF-Token": w.token, "Content-Type": kind, "Accept": "application/json"})


def record(w, keep: bool = False, taps=None, seconds: float = 24.0, **over) -> int:
    r = start(w, keep=keep, **over)
    assert r.status_code == 201, r.text
    rec = r.json()["id"]
    for i in range(3):
        assert chunk(w, rec, i, WEBM[i * 3000:(i + 1) * 3000] if i < 2 else WEBM[6000:]).status_code == 200
    r = w.api("POST", f"/practice/recordings/{rec}/finish", json={"taps": taps or [], "seconds": seconds})
    assert r.status_code == 202, r.text
    return rec


def wait(w, rec: int, states=("done", "failed"), seconds: float = 15) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        s = w.get(f"/practice/recordings/{rec}/status").json()
        if s["state"] in states:
            return s
        time.sleep(0.05)
    raise AssertionError(f"recording {rec} stayed {s['state']}")


def row(w, rec: int) -> dict:
    with sqlite3.connect(w.home / "systemcraft.db") as conn:
        conn.row_factory = sqlite3.Row
        return dict(conn.execute("SELECT * FROM practice_recordings WHERE id = ?", (rec,)).fetchone())


# ---------------------------------------------------------------- the page

def test_the_practice_page_offers_questions_versions_and_the_recorder(practice_web):
    r = practice_web.get("/practice")
    assert r.status_code == 200
    html = r.text
    assert 'href="/practice" aria-current="page"' in html                 # the nav link, current
    assert '<script src="/static/practice.js" defer>' in html
    assert "media-src 'self' blob:" in r.headers["content-security-policy"]
    assert "script-src 'self'" in r.headers["content-security-policy"]   # still no inline script
    assert html.count('name="version"') == 3 and "Aim for 90–150 seconds." in html   # 2 min by default
    assert 'data-part="s"' in html and 'data-part="r"' in html and 'id="p-record"' in html
    assert "Or upload a recording" in html and "No speech model" not in html
    js = practice_web.get("/static/practice.js")
    assert js.status_code == 200 and "javascript" in js.headers["content-type"]
    assert "MediaRecorder" in js.text and "/practice/chunks" in js.text


def test_a_story_and_a_mock_question_link_to_the_page_with_the_question_chosen(practice_web):
    from tests.web.test_pages import STORY
    r = practice_web.post("/stories", STORY)
    story_id = int(r.headers["location"].rsplit("/", 1)[1])
    page = practice_web.get(f"/stories/{story_id}").text
    assert f'href="/practice?story={story_id}">Practise this' in page
    r = practice_web.get(f"/practice?story={story_id}")
    assert f'<option value="{story_id}" selected>' in r.text
    chosen = r.text.split('id="p-shown"', 1)[1].split("</p>", 1)[0]
    assert len(chosen) > 20                                               # one of its prompts is shown
    run = practice_web.post("/mock/plan", {"format": "behavioral", "level": "L6", "persona": "collaborator"})
    assert run.status_code == 200
    links = re.findall(r'href="(/practice\?question=[^"]+)">Practise this', run.text)
    assert links, "each planned question offers Practise this"
    chosen = practice_web.get(links[0].replace("&amp;", "&"))
    assert chosen.status_code == 200 and chosen.text.split('id="p-shown"', 1)[1].split("</p>", 1)[0].strip(">")
    r = practice_web.get("/practice?question=nope&text=Design+a+URL+shortener+for+a+bank")
    assert '<option value="Design a URL shortener for a bank" selected>' in r.text


def test_without_a_model_the_page_says_where_to_install_one_and_nothing_starts(web):
    r = web.get("/practice")
    assert "No speech model is installed yet" in r.text and 'href="/settings#speech-model"' in r.text
    assert '<button type="button" id="p-record" disabled>' in r.text
    r = start(web)
    assert r.status_code == 400 and "install one in Settings" in r.json()["error"]


# ---------------------------------------------------------------- a recording, end to end

def test_a_recording_is_transcribed_reported_with_its_taps_and_its_audio_deleted(practice_web):
    w = practice_web
    # tapped a little after each part began, as a person does; a part starts with its first sentence
    taps = [{"part": p[0], "at": round(at + 0.3, 2)} for p, at in STARTS.items()]
    rec = record(w, taps=taps)
    s = wait(w, rec)
    assert s["state"] == "done" and s["delivery_id"] and s["error"] is None
    assert not (w.home / "recordings" / str(rec)).exists()       # not kept: gone right after the transcription
    assert row(w, rec)["audio_bytes"] == 0
    report = w.coach().delivery_report(s["delivery_id"])
    assert report["star"]["method"] == "markers"                   # timed from the taps, not guessed
    starts = {p["part"]: p["start"] for p in report["star"]["parts"]}
    assert starts == STARTS == {"situation": 0.0, "task": 7.4, "action": 11.0, "result": 17.4}
    # the one pause: from the situation's last word (ends at 4.35 s) to the task's first (7.4 s)
    assert [(p["at"], round(p["seconds"], 2)) for p in report["pauses"]] == [(4.35, 3.05)]
    assert report["fillers"]["count"] >= 1
    page = w.get(f"/practice/recordings/{rec}")
    assert page.status_code == 200
    html = page.text
    assert "From your taps: S 0:00, T 0:08, A 0:11, R 0:18." in html
    assert f'data-at="{report["pauses"][0]["at"]}"' in html              # the pause: a click jumps there
    assert 'id="p-transcript"' in html and html.count("<span data-at=") == len(SITUATION + REST)
    assert 'data-local="1"' in html and "was not kept" in html     # no audio to serve: replay from the tab
    assert w.get(f"/practice/recordings/{rec}/audio").status_code == 404
    partial = w.get(f"/practice/recordings/{rec}?partial=1").text
    assert "<html" not in partial and "data-practice-report" in partial


def test_a_kept_recording_is_served_with_ranges_listed_in_settings_and_deleted_in_one_click(practice_web):
    w = practice_web
    rec = record(w, keep=True)
    assert wait(w, rec)["state"] == "done"
    path = w.home / "recordings" / str(rec) / "answer.webm"
    assert path.read_bytes() == WEBM                               # the chunks, joined in order
    full = w.get(f"/practice/recordings/{rec}/audio")
    assert full.status_code == 200 and full.headers["content-type"] == "audio/webm"
    assert full.headers["accept-ranges"] == "bytes" and full.content == WEBM
    part = w.get(f"/practice/recordings/{rec}/audio", headers={"Range": "bytes=4-103"})
    assert part.status_code == 206 and part.content == WEBM[4:104]
    assert part.headers["content-range"] == f"bytes 4-103/{len(WEBM)}"
    settings = w.get("/settings").text
    assert f'href="/practice/recordings/{rec}"' in settings and "0.0 MB" in settings
    assert f'action="/practice/recordings/{rec}/delete-audio"' in settings
    report_page = w.get(f"/practice/recordings/{rec}").text
    assert f'src="/practice/recordings/{rec}/audio"' in report_page
    r = w.post(f"/practice/recordings/{rec}/delete-audio")
    assert r.status_code == 303 and r.headers["location"] == "/settings?recording_deleted=1#recordings"
    assert not path.exists() and row(w, rec)["audio_bytes"] == 0
    settings = w.get("/settings?recording_deleted=1").text
    assert "No recordings are kept." in settings and "The recording was deleted. Its report stays." in settings
    assert w.get(f"/practice/recordings/{rec}/audio").status_code == 404
    assert w.get(f"/practice/recordings/{rec}").status_code == 200      # the report stays


def test_an_answer_linked_to_a_story_is_compared_with_its_text(practice_web):
    from tests.web.test_pages import STORY
    w = practice_web
    story_id = int(w.post("/stories", STORY).headers["location"].rsplit("/", 1)[1])
    rec = record(w, story=story_id)
    s = wait(w, rec)
    report = w.coach().delivery_report(s["delivery_id"])
    assert report["story"]["story_id"] == story_id and report["story"]["title"] == STORY["title"]
    assert report["story"]["numbers_missing"]            # the story's "60 to 18" was never said
    html = w.get(f"/practice/recordings/{rec}").text
    assert "Against your story “Rebuilt the on-call rotation”" in html and "Numbers in the story that you did not say" in html


def test_a_failed_transcription_says_why_and_deletes_the_audio(practice_web):
    w = practice_web
    w.fake.fail = "no speech found in answer.webm: the recording is silent; check that the microphone is on"
    rec = record(w)
    s = wait(w, rec)
    assert s["state"] == "failed" and s["delivery_id"] is None
    assert s["error"].startswith("no speech found") and "/" not in s["error"]
    assert not (w.home / "recordings" / str(rec)).exists()
    html = w.get(f"/practice/recordings/{rec}").text
    assert "could not be analysed: no speech found" in html


def test_the_status_shows_progress_while_the_page_stays_responsive(practice_web):
    w = practice_web
    w.fake.gate = threading.Event()
    rec = record(w)
    s = wait(w, rec, states=("transcribing",))
    deadline = time.monotonic() + 5
    while s["progress"] < 0.5 and time.monotonic() < deadline:
        s = w.get(f"/practice/recordings/{rec}/status").json()
    assert s["state"] == "transcribing" and s["progress"] == 0.5
    began = time.monotonic()
    assert w.get("/").status_code == 200 and w.get("/practice").status_code == 200
    assert time.monotonic() - began < 5                   # answered while the worker is held mid-way
    assert "Another answer is being transcribed now" in w.get("/practice").text
    w.fake.gate.set()
    assert wait(w, rec)["state"] == "done"


def test_the_model_cannot_be_removed_while_an_answer_is_being_transcribed(practice_web):
    w = practice_web
    w.fake.gate = threading.Event()
    rec = record(w)
    wait(w, rec, states=("transcribing",))
    r = w.post("/settings/speech-model/remove")
    assert r.status_code == 409 and "An answer is being transcribed with the model" in r.text
    assert (w.home / "models" / "whisper" / "model.bin").is_file()
    w.fake.gate.set()
    assert wait(w, rec)["state"] == "done"
    assert w.post("/settings/speech-model/remove").status_code == 303


def test_two_recordings_at_once_the_second_waits_its_turn_and_a_fourth_is_refused(practice_web):
    """One transcription at a time per process, two waiting: A runs, B and C wait (places 1 and 2), D is
    refused with a one-line message and stays uploaded, so it can be sent again once the queue moves."""
    w = practice_web
    w.fake.gate = threading.Event()
    a = record(w)
    wait(w, a, states=("transcribing",))
    b, c = record(w), record(w)
    assert [w.get(f"/practice/recordings/{x}/status").json()["position"] for x in (b, c)] == [1, 2]
    r = start(w)
    d = r.json()["id"]
    assert chunk(w, d, 0, WEBM).status_code == 200
    r = w.api("POST", f"/practice/recordings/{d}/finish", json={"taps": [], "seconds": 5})
    assert r.status_code == 409 and "being transcribed and 2 are waiting" in r.json()["error"]
    assert row(w, d)["state"] == "recording"                      # kept uploaded: send it again later
    w.fake.gate.set()
    assert [wait(w, x)["state"] for x in (a, b, c)] == ["done"] * 3
    assert w.api("POST", f"/practice/recordings/{d}/finish", json={"taps": [], "seconds": 5}).status_code == 202
    assert wait(w, d)["state"] == "done"
    assert len(w.fake.calls) == 4


# ---------------------------------------------------------------- bad input: one line, nothing changed

def test_bad_chunks_are_refused_and_change_nothing(practice_web):
    w = practice_web
    rec = start(w).json()["id"]
    r = chunk(w, rec, 0, b"")
    assert r.status_code == 400 and r.json()["error"] == "This part of the recording is empty: nothing was added"
    r = chunk(w, rec, 0, b"not a webm at all", kind="text/plain")
    assert r.status_code == 415
    r = chunk(w, rec, 0, b"OggS" + b"\0" * 100)
    assert r.status_code == 400 and "not a webm recording" in r.json()["error"]
    r = chunk(w, rec, 1, WEBM)
    assert r.status_code == 400 and "out of order" in r.json()["error"]
    assert chunk(w, rec, 0, WEBM[:100]).status_code == 200
    r = chunk(w, rec, 0, WEBM[:100])                             # the same part again
    assert r.status_code == 400 and "out of order" in r.json()["error"]
    r = chunk(w, rec, 1, b"x" * (1024 * 1024 + 2048))             # over the limit: refused unread
    assert r.status_code == 413
    r = chunk(w, rec, 1, b"x" * (1024 * 1024 + 1))                # over the chunk size, within the body limit
    assert r.status_code == 400 and "at most 1024 KB" in r.json()["error"]
    assert chunk(w, rec, 99, WEBM).status_code == 400
    got = row(w, rec)
    assert (got["chunks"], got["bytes"], got["state"]) == (1, 100, "recording")
    assert sorted(p.name for p in (w.home / "recordings" / str(rec)).iterdir()) == ["000000.part"]
    r = w.client.post(f"/practice/chunks?recording={rec}&seq=1", content=b"x",
                      headers={"Content-Type": "application/octet-stream"})
    assert r.status_code == 403                                   # no CSRF token
    r = chunk(w, rec, 1, WEBM) if False else w.client.post("/practice/chunks?recording=abc&seq=1", content=b"x",
                                                           headers={"X-CSRF-Token": w.token,
                                                                    "Content-Type": "audio/webm"})
    assert r.status_code == 400 and "recording and seq" in r.json()["error"]


@pytest.mark.parametrize("query, kind, status, message", [
    ("recording={rec}&seq=0", None, 415, "an audio content type"),           # no content type at all
    ("recording={rec}", "audio/webm", 400, "recording and seq"),               # no part number
    ("recording={rec}&seq=-1", "audio/webm", 400, "recording and seq"),
    ("recording={rec}&seq=1e0", "audio/webm", 400, "recording and seq"),
    ("recording={rec}&seq=1234567", "audio/webm", 400, "recording and seq"),     # more than 6 digits
    ("recording=12345678901&seq=0", "audio/webm", 400, "recording and seq"),     # more than 10 digits
    ("recording=&seq=0", "audio/webm", 400, "recording and seq"),
    ("recording=0&seq=0", "audio/webm", 404, "No recording 0"),
    ("recording={rec}&seq=²", "audio/webm", 400, "recording and seq"),   # a digit int() cannot read: it was a 500
])
def test_a_chunk_with_a_bad_address_is_refused_in_one_line_and_adds_nothing(practice_web, query, kind, status,
                                                                             message):
    w = practice_web
    rec = start(w).json()["id"]
    headers = {"X-CSRF-Token": w.token, "Accept": "application/json", **({"Content-Type": kind} if kind else {})}
    r = w.client.post("/practice/chunks?" + query.format(rec=rec), content=WEBM, headers=headers)
    assert r.status_code == status and message in r.json()["error"] and "\n" not in r.json()["error"], r.text
    got = row(w, rec)
    assert (got["chunks"], got["bytes"], got["state"]) == (0, 0, "recording")
    assert list((w.home / "recordings" / str(rec)).iterdir()) == []


def test_cancel_deletes_the_parts_twice_is_the_same_answer_and_nothing_is_added_after(practice_web):
    w = practice_web
    rec = start(w).json()["id"]
    assert chunk(w, rec, 0, WEBM).status_code == 200
    first = w.api("POST", f"/practice/recordings/{rec}/cancel")
    assert first.status_code == 200 and first.json() == {"id": rec, "state": "cancelled"}
    assert row(w, rec)["state"] == "cancelled" and not (w.home / "recordings" / str(rec)).exists()
    again = w.api("POST", f"/practice/recordings/{rec}/cancel")             # a double click
    assert again.status_code == 200 and again.json() == first.json()
    late = chunk(w, rec, 1, WEBM)
    assert late.status_code == 409 and late.json()["error"] == (
        f"Recording {rec} was cancelled, so nothing more can be added; record the answer again")
    r = w.api("POST", f"/practice/recordings/{rec}/finish", json={"taps": [], "seconds": 3})
    assert r.status_code == 409 and "\n" not in r.json()["error"]
    assert (row(w, rec)["state"], row(w, rec)["chunks"]) == ("cancelled", 1)
    assert w.fake.calls == []
    done = record(w)                                                        # a recording already sent: unchanged
    assert wait(w, done)["state"] == "done"
    r = w.api("POST", f"/practice/recordings/{done}/cancel")
    assert r.status_code == 200 and r.json()["state"] == "done" and row(w, done)["state"] == "done"
    r = w.api("POST", "/practice/recordings/424242/cancel")
    assert r.status_code == 404 and r.json()["error"] == "No recording 424242"


def test_a_recording_over_the_total_size_is_refused(practice_web, monkeypatch):
    w = practice_web
    monkeypatch.setattr(sp, "MAX_TOTAL", 5000)
    rec = start(w).json()["id"]
    assert chunk(w, rec, 0, WEBM[:4000]).status_code == 200
    r = chunk(w, rec, 1, WEBM[4000:6000])
    assert r.status_code == 400 and "larger than" in r.json()["error"]
    assert row(w, rec)["bytes"] == 4000


@pytest.mark.parametrize("over, status, message", [
    ({"question": ""}, 400, "Choose a question to answer"),
    ({"question": "x" * 501}, 400, "The question is too long: at most 500 characters"),
    ({"question": "Tell me\x00 more"}, 400, "The question contains control characters (a NUL character at"),
    ({"question": "Tell me\x07 more"}, 400, "contains control characters (an invisible U+0007 at character 8)"),
    ({"question": "Tell me\x7f more"}, 400, "contains control characters (an invisible U+007F"),
    ({"question": "What\x92s your worst failure?"}, 400, "an invisible U+0092 at character 5"),   # C1: it used to pass
    ({"target": "5min"}, 400, "The version must be one of 30s, 2min, full"),
    ({"story": 999999}, 404, "No story 999999"),
    ({"story": "abc"}, 400, "The story must be one of your stories"),
    ({"mime": "text/plain"}, 400, "cannot be read here"),
    ({"mime": "audio/webm;codecs=h264"}, 400, "The codec 'h264' is not supported"),
    ({"mime": 5}, 400, "Choose a question"),
    ({"attempt": "short"}, 400, "token is not one the Practice page makes"),
    ({"attempt": "x" * 2000}, 400, "token is not one the Practice page makes"),
    ({"attempt": 12345}, 400, "token is not one the Practice page makes"),
])
def test_a_bad_start_is_refused_with_one_line_and_stores_nothing(practice_web, over, status, message):
    r = start(practice_web, **over)
    assert r.status_code == status and message in r.json()["error"] and "\n" not in r.json()["error"]
    with sqlite3.connect(practice_web.home / "systemcraft.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM practice_recordings").fetchone()[0] == 0


def test_the_same_press_of_record_sent_twice_makes_one_recording(practice_web):
    """The page sends a token of each press of Record; a retried start (the answer was lost) gets back the
    recording the first made (200, the same id) instead of a second empty one. A new press: a new recording."""
    w = practice_web
    first = start(w, attempt="A" * 16)
    again = start(w, attempt="A" * 16)
    other = start(w, attempt="B" * 16)
    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 201)
    assert again.json()["id"] == first.json()["id"] != other.json()["id"]
    assert again.json()["again"] is True and first.json()["again"] is False
    with sqlite3.connect(w.home / "systemcraft.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM practice_recordings").fetchone()[0] == 2


def test_a_question_with_a_lone_surrogate_is_refused_in_one_line(practice_web):
    """JSON may spell a lone surrogate (\\ud800), which no database can store: it used to be a 500."""
    body = b'{"question": "Tell me \\ud800 more", "target": "30s", "keep": false, "mime": "audio/webm"}'
    r = practice_web.client.post("/practice/recordings", content=body, headers={
        "X-CSRF-Token": practice_web.token, "Content-Type": "application/json", "Accept": "application/json"})
    assert r.status_code == 400 and "not valid Unicode (an unpaired surrogate at character 9)" in r.json()["error"]
    with sqlite3.connect(practice_web.home / "systemcraft.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM practice_recordings").fetchone()[0] == 0


def test_a_body_that_is_not_json_is_refused(practice_web):
    r = practice_web.client.post("/practice/recordings", content=b"question=x",
                                 headers={"X-CSRF-Token": practice_web.token, "Content-Type": "text/plain"})
    assert r.status_code == 400 and r.json()["error"] == "Send the details as JSON"


@pytest.mark.parametrize("body, message", [
    ({"taps": [{"part": "x", "at": 1}], "seconds": 10}, "Each S/T/A/R tap needs a part"),
    ({"taps": [{"part": "s", "at": -1}], "seconds": 10}, "Each S/T/A/R tap needs a part"),
    ({"taps": [{"part": "s", "at": True}], "seconds": 10}, "Each S/T/A/R tap needs a part"),
    ({"taps": [{"part": "s", "at": 30}], "seconds": 10}, "later than the end"),
    ({"taps": [{"part": "s", "at": 1}] * 401, "seconds": 10}, "at most 400"),
    ({"taps": [], "seconds": 7201}, "longer than 2 hours"),
    ({"taps": [], "seconds": "long"}, "a number of seconds"),
])
def test_bad_taps_or_length_leave_the_recording_to_be_sent_again(practice_web, body, message):
    w = practice_web
    rec = start(w).json()["id"]
    assert chunk(w, rec, 0, WEBM).status_code == 200
    r = w.api("POST", f"/practice/recordings/{rec}/finish", json=body)
    assert r.status_code == 400 and message in r.json()["error"]
    assert row(w, rec)["state"] == "recording"


def test_finishing_an_empty_or_already_sent_or_unknown_recording(practice_web):
    w = practice_web
    rec = start(w).json()["id"]
    r = w.api("POST", f"/practice/recordings/{rec}/finish", json={"taps": [], "seconds": 3})
    assert r.status_code == 400 and "The recording is empty" in r.json()["error"]
    assert chunk(w, rec, 0, WEBM).status_code == 200
    assert w.api("POST", f"/practice/recordings/{rec}/finish", json={"taps": [], "seconds": 3}).status_code == 202
    r = w.api("POST", f"/practice/recordings/{rec}/finish", json={"taps": [], "seconds": 3})
    assert r.status_code == 409 and "already sent" in r.json()["error"]          # a double submit
    r = chunk(w, rec, 1, WEBM)
    assert r.status_code == 409 and "already sent" in r.json()["error"]
    wait(w, rec)
    assert len(w.fake.calls) == 1
    for path in ("/practice/recordings/424242/status", "/practice/recordings/424242"):
        assert w.get(path).status_code == 404
    assert w.api("POST", "/practice/recordings/424242/finish", json={}).json()["error"] == "No recording 424242"
    assert chunk(w, 424242, 0, WEBM).status_code == 404
    assert w.get("/practice/recordings/0/status").status_code == 422
    assert w.get("/practice/recordings/99999999999/status").status_code == 422


def test_an_upload_abandoned_for_hours_is_cancelled_and_its_parts_deleted(practice_web):
    w = practice_web
    rec = start(w).json()["id"]
    assert chunk(w, rec, 0, WEBM).status_code == 200
    with sqlite3.connect(w.home / "systemcraft.db") as conn:
        conn.execute("UPDATE practice_recordings SET updated_at = '2026-11-23 08:00:00' WHERE id = ?", (rec,))
    assert w.get("/practice").status_code == 200                  # noon on the fixed clock: 4 hours later
    assert row(w, rec)["state"] == "cancelled" and not (w.home / "recordings" / str(rec)).exists()
    assert chunk(w, rec, 1, WEBM).status_code == 409


def test_another_candidates_recording_is_not_found_and_unchanged(fresh_database, make_env):
    """Two candidates in one database (SQLite and PostgreSQL): B cannot read, add to, finish, replay or
    delete A's recording; A's goes on to its report."""
    from systemcraft.coach import Coach
    from tests.store.test_two_candidates import onboard_two
    env, a_id, b_id = onboard_two(make_env, *fresh_database())
    a, b = Coach(env, candidate_id=a_id), Coach(env, candidate_id=b_id)
    rec = a.start_practice("Tell me about a time you failed.", "2min", None, True, "audio/webm")["id"]
    a.add_practice_chunk(rec, 0, WEBM)
    for attempt in (lambda: b.practice_recording(rec), lambda: b.add_practice_chunk(rec, 1, WEBM),
                    lambda: b.finish_practice(rec, [], 3), lambda: b.kept_audio(rec),
                    lambda: b.delete_recording_audio(rec), lambda: b.cancel_practice(rec)):
        with pytest.raises(Exception) as exc:
            attempt()
        assert type(exc.value).__name__ == "NotFoundError" and exc.value.message == f"no recording {rec}"
    got = a.practice_recording(rec)
    assert (got["state"], got["chunks"], got["bytes"]) == ("recording", 1, len(WEBM))
    a.finish_practice(rec, [{"part": "t", "at": 7.5}], 24.0)
    done = sp.transcribe_and_report(a.ctx, a_id, rec, Fake(), lambda f: None)
    got = a.practice_recording(rec)
    assert done["state"] == got["state"] == "done" and got["audio_bytes"] == len(WEBM)
    assert got["taps"] == [{"part": "task", "at": 7.5}] and len(got["transcript"]) == len(SITUATION + REST)
    assert [k["id"] for k in a.kept_recordings()] == [rec] and b.kept_recordings() == []
    assert a.delivery_report(done["delivery_id"])["star"]["method"] == "markers"
    a.close(), b.close()


# ---------------------------------------------------------------- Settings: the speech model, privacy

def test_settings_installs_the_model_from_a_folder_shows_its_size_and_removes_it(web):
    r = web.get("/settings")
    assert "No speech model is installed." in r.text
    r = web.post("/settings/speech-model/install", {"how": "folder", "folder": str(web.home / "nowhere")})
    assert r.status_code == 422 and "There is no such folder on this machine" in r.text
    assert str(web.home) not in r.text.split('id="speech-model"')[1].split("</section>")[0].replace(
        f'value="{web.home / "nowhere"}"', "")                    # the message names no path
    broken = web.home.parent / "broken-model"
    broken.mkdir()
    (broken / "config.json").write_text("{}")
    r = web.post("/settings/speech-model/install", {"how": "folder", "folder": str(broken)})
    assert r.status_code == 422 and "model.bin" in r.text and "No speech model is installed." in r.text
    r = web.post("/settings/speech-model/install", {"how": "folder", "folder": str(TINY)})
    assert r.status_code == 303 and r.headers["location"] == "/settings?model=installed#speech-model"
    page = web.get("/settings?model=installed").text
    info = page.split('id="model-info"')[1].split("</dl>")[0]
    assert "<dt>Size</dt><dd>1 MB</dd>" in info and "a folder on this machine" in info
    assert "The speech model is installed" in page
    assert "No speech model is installed yet" not in web.get("/practice").text
    r = web.post("/settings/speech-model/remove")
    assert r.status_code == 303 and not (web.home / "models" / "whisper").exists()
    assert "No speech model is installed." in web.get("/settings").text


def test_a_download_needs_the_tick_and_shows_its_progress(web, monkeypatch):
    from systemcraft.services import speech
    from systemcraft.transcripts import models
    r = web.post("/settings/speech-model/install", {"how": "name", "name": "base"})
    assert r.status_code == 422 and "Tick the box to agree to the download first" in r.text
    r = web.post("/settings/speech-model/install", {"how": "name", "name": "../../etc", "agree": "yes"})
    assert r.status_code == 422 and "Choose one of the models listed" in r.text
    gate, seen = threading.Event(), []

    def fake_install(home, name, progress=None):
        seen.append(name)
        progress(50 * 1048576, 145 * 1048576)
        assert gate.wait(10)
        return models.install_from_folder(home, TINY)
    monkeypatch.setattr(models, "install_by_name", fake_install)
    r = web.post("/settings/speech-model/install", {"how": "name", "name": "base", "agree": "yes"})
    assert r.status_code == 303
    deadline = time.monotonic() + 5
    while web.get("/settings/speech-model/progress").json()["done"] == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    p = web.get("/settings/speech-model/progress").json()
    assert p["state"] == "running" and p["message"] == "Downloading base: 50 of 145 MB"
    assert "data-model-progress" in web.get("/settings").text
    r = web.post("/settings/speech-model/install", {"how": "name", "name": "base", "agree": "yes"})
    assert r.status_code == 409 and "being downloaded now" in r.text
    gate.set()
    while web.get("/settings/speech-model/progress").json()["state"] == "running":
        time.sleep(0.05)
    assert web.get("/settings/speech-model/progress").json()["state"] == "done" and seen == ["base"]
    assert speech.model_status(web.coach().ctx)["installed"]


def test_the_export_carries_the_report_but_never_the_audio(practice_web):
    w = practice_web
    rec = record(w, keep=True)
    s = wait(w, rec)
    data = w.get("/settings/export.json")
    assert data.status_code == 200
    doc = json.loads(data.content)
    assert any(d.get("source", "").startswith("Practice: ") for d in doc["deliveries"])
    assert "practice_recordings" not in doc and WEBM[:4].decode("latin-1") not in data.text
    assert len(data.content) < 2_000_000 and s["state"] == "done"
    assert "recordings of your answers are not" in w.get("/settings").text


# ---------------------------------------------------------------- the real transcriber (tiny model: structure only)

@pytest.fixture
def tiny_web(tmp_path, tmp_path_factory):
    """The demo candidate's coach with the tiny generated model installed and the real faster-whisper path."""
    from systemcraft.transcripts import models
    from tests.web.conftest import Web
    home = tmp_path / "home"
    shutil.copytree(_demo_home(tmp_path_factory), home)
    models.install_from_folder(home, TINY)
    client, env = _client(home)
    with client:
        yield Web(client, home, env)


def _send(w, data: bytes, mime: str, keep: bool = False) -> dict:
    rec = start(w, mime=mime, keep=keep).json()["id"]
    assert chunk(w, rec, 0, data, kind=mime).status_code == 200
    assert w.api("POST", f"/practice/recordings/{rec}/finish", json={"taps": [], "seconds": None}).status_code == 202
    return {"id": rec, **wait(w, rec, seconds=60)}


def test_a_silent_recording_fails_with_what_to_do_and_is_deleted(tiny_web, tmp_path):
    from tests.speech import speech
    speech.need_tools()
    wav = speech.silence(2.0, tmp_path / "silence.wav").read_bytes()
    s = _send(tiny_web, wav, "audio/wav")
    assert s["state"] == "failed" and s["error"].startswith("no speech found in the recording: the recording is "
                                                            "silent; check that the microphone is on")
    assert str(tiny_web.home) not in s["error"]
    assert not (tiny_web.home / "recordings" / str(s["id"])).exists()


def test_an_undecodable_recording_fails_with_one_line_and_a_kept_one_stays_listed(tiny_web):
    s = _send(tiny_web, WEBM, "audio/webm", keep=True)           # a WebM header, then nothing playable
    assert s["state"] == "failed" and "\n" not in s["error"] and str(tiny_web.home) not in s["error"]
    assert s["error"].startswith("the recording cannot be read as audio")
    assert row(tiny_web, s["id"])["audio_bytes"] == len(WEBM)     # kept as asked: the user may delete it
    assert f'/practice/recordings/{s["id"]}/delete-audio' in tiny_web.get("/settings").text


def test_spoken_audio_goes_through_the_real_model_to_a_stored_transcript(tiny_web, tmp_path):
    """The tiny model's words are gibberish: only the structure is checked (words with times, a report)."""
    from tests.speech import speech
    speech.need_tools()
    wav = speech.speak("I split the build into three pipelines.", tmp_path / "a.wav").read_bytes()
    s = _send(tiny_web, wav, "audio/wav")
    got = row(tiny_web, s["id"])
    assert s["state"] == "done" and s["delivery_id"], s
    words = json.loads(got["transcript"])
    assert words and all(0 <= w[1] <= w[2] for w in words)
    assert tiny_web.get(f"/practice/recordings/{s['id']}").status_code == 200
    assert got["audio_bytes"] == 0 and not (tiny_web.home / "recordings" / str(s["id"])).exists()


def test_before_anyone_is_set_up_the_page_leads_to_the_welcome(fresh_web):
    r = fresh_web.get("/practice")
    assert r.status_code == 303 and r.headers["location"] == "/welcome"
    assert fresh_web.get("/practice/recordings/1/status").status_code == 404
