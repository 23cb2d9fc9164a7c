"""Every HTML form, swept with bad input (issue 16, "Bad input").

The forms are found in the app itself (every POST route outside /api/), so a new form without a row in CASES
fails `test_every_form_route_is_in_the_sweep`. Each CASE knows how to make one valid submission on the demo
home (or a fresh home, or the day after the interview), which of its fields are free text (and their limits),
and where the text can be read back. The Practice page's script sends JSON (Post.json) and is swept the same way;
a POST route that is no form at all is named in NOT_FORMS with the reason and where its bad input is tested.
Then, for every form:

1. Emoji and right-to-left text in every free-text field is kept exactly: stored as typed and shown by the page
   that shows it. THE RULE (services/planning.clean_text, web/forms.Form.text, domain/stories, schemas/base):
   C0 control characters (other than tab and line feed in a multi-line box), DEL and C1 are refused by their
   field in one line (domain/text.py); everything else is text. Bidi formatting characters (U+202E RIGHT-TO-LEFT
   OVERRIDE, U+200F, U+2066…U+2069) are format characters, not control characters: Arabic and Hebrew writers
   type them, so they are kept like any other character, never stripped and never normalised (nor are combining
   marks or joiners). Where a page prints such text, what it left open is closed right after it, so it cannot
   reverse the page's own words; a form gets it back exactly as stored.
2. A double submit (the same POST twice, as a double click sends it) stores nothing twice: the database after
   the second is the database after the first, and the second answer is the first's redirect or one line.
3. Back-button resubmit: after POST → 303 → GET, the original POST sent again stores nothing twice; a form
   guarded by a version (the story editor) or a digest (replacing everything by an import) is refused in one line.
4. Empty and oversize: an empty form and each free-text field at ten times its limit are refused in one line
   (4xx) with nothing written; any other field at 2,000 characters is never a 500 and is never stored; a body
   over the size limit is a one-line 413.
"""

from __future__ import annotations

import functools
import html
import re
import secrets
import shutil
import sqlite3
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Callable

import pytest

from systemcraft.domain import practice
from systemcraft.domain.stories import MAX_PERIOD, MAX_TITLE
from systemcraft.environment import Environment
from systemcraft.schemas.profile import MAX_NAME
from systemcraft.services import practice as practising
from systemcraft.services.planning import MAX_NOTE, MAX_REASON
from systemcraft.web.pages.stories import TEXT_FIELDS
from tests.conftest import ANSWERS
from tests.web.conftest import Web, fresh_web, onboarding_form, web  # noqa: F401 - the in-process fixtures
from tests.web.conftest import _client, _demo_home
from tests.web.test_interview_web import after  # noqa: F401 - the demo candidate the day after the interview

FIXTURES = Path(__file__).parents[1] / "fixtures"
STORY = {"title": "Rebuilt the on-call rotation", "primary_lp": "ownership", "level": "L6", "status": "draft",
         "situation": "Our pager load had doubled in a year and two engineers had left the team.",
         "task": "I owned bringing pages per week down without slowing feature work.",
         "action": "I sorted a quarter of alerts by cause, deleted 40 noisy ones and set up a weekly review.",
         "result": "Pages fell from 60 to 18 a week in two months and attrition stopped.",
         "secondary_lps": ["earn-trust"]}
STORY_TEXTS = {"title": MAX_TITLE, "period": MAX_PERIOD, **{name: limit for name, _, limit in TEXT_FIELDS}}
TIMING = {"phase_starts": "[0, 300]", "ended": "600", "status": "partial", "marks": "[]"}
DEMO_HOLIDAYS = "GB|2026-11-23|2027-01-28"     # the demo candidate's window (tests/web/test_onboarding_holidays.py)
PROFILE = {"name": "Alex Demo", "role": "manager", "years": "11", "engineers": "12", "level": "L6", "risk": "medium",
           "day_start": "4"}
SAMPLES = {
    "emoji": "Ship it 🚀 👍🏽",
    "arabic": "مرحبا بالعالم",
    "hebrew_mixed": "Shipped שלום v2 on time",
    "rlo": "invoice\u202egnp.exe",                # RIGHT-TO-LEFT OVERRIDE: a format character, kept
    "isolates": "\u2067مرحبا\u2069 then \u200fmarks",
    "combining": "Cafe\u0301 na\u0308ive Zoe\u0308",   # decomposed: must not be normalised to é ï ë
    "zwj": "Team 👩\u200d💻👨\u200d👩\u200d👧 and \u200dzwj",
}
CONTROL = "bell\x07here"                         # C0: refused by the field
CONTROLS = {"c0": CONTROL, "del": "rub\x7fout",
            "c1": "it\x92s done"}                   # C1: a Windows-1252 apostrophe read as Latin-1, refused too


# ---------------------------------------------------------------- posting and reading the database

@dataclass
class Post:
    path: str
    form: dict
    files: dict | None = None
    headers: dict = field(default_factory=dict)
    json: bool = False                # a JSON body with the token in its header, as the Practice page's script sends

    def send(self, web: Web, **change):
        form = {**self.form, **change}
        if self.json:
            return web.client.post(self.path, json=form, headers={"X-CSRF-Token": web.token, **self.headers},
                                   follow_redirects=False)
        data = {"csrf_token": web.token, **form}
        return web.client.post(self.path, data=data, files=self.files, headers=self.headers, follow_redirects=False)


def snapshot(home: Path) -> dict[str, list]:
    """Every row of every table: what a request wrote, to the byte (the clock is fixed, so times repeat)."""
    with sqlite3.connect(home / "systemcraft.db") as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                          "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {n: sorted(map(repr, db.execute(f'SELECT * FROM "{n}"').fetchall())) for n in names}


def changed_tables(before: dict, after: dict) -> dict[str, tuple[int, int]]:
    return {t: (len(before.get(t, ())), len(after.get(t, ()))) for t in after if before.get(t) != after[t]}


ERROR_TEXT = re.compile(r'class="(?:field-error|error|notice warn error)"([^>]*)>(.*?)</', re.S)


def messages(r) -> list[str]:
    """The messages a refusal shows: the JSON error, or each field's and the page's alert."""
    if r.headers.get("content-type", "").startswith("application/json"):
        return [r.json().get("error", "")]
    if r.headers.get("content-type", "").startswith("text/plain"):
        return [r.text]
    return [html.unescape(text).strip() for attrs, text in ERROR_TEXT.findall(r.text)
            if " hidden" not in attrs]                  # the mock runner's alert, kept empty for its script


def assert_one_line_refusal(r, what: str) -> None:
    assert 400 <= r.status_code < 500, (what, r.status_code, r.text[:300])
    shown = messages(r)
    assert shown, (what, "a refusal must say why", r.text[:500])
    for m in shown:
        assert m and "\n" not in m.strip() and len(m) <= 400, (what, m[:500])
        assert "Traceback" not in m and "sqlite" not in m.lower(), (what, m)


# ---------------------------------------------------------------- one valid submission per form

def first_planned(web: Web) -> str:
    return re.search(r'action="/tasks/([0-9.-]+)/done"', web.get("/").text).group(1)


def first_card(web: Web) -> str:
    return re.search(r'action="/review/(\d+)"', web.get("/review").text).group(1)


def plan_token(web: Web) -> str:
    page = web.post("/mock/plan", {"format": "behavioral", "level": "L6", "persona": "collaborator"})
    return re.search(r'name="planned" value="([^"]+)"', page.text).group(1)


def rubric() -> dict:
    from systemcraft.domain import mocks as dm
    dims = dm.rubric_dimensions("behavioral", "L6")
    return {**{f"score_{i}": "4" for i in range(len(dims))},
            **{f"evidence_{i}": f"evidence {i}" for i in range(len(dims))},
            "recommendation": "4", "strengths": "Clear structure", "improvements": "Quantify the result"}


def new_story(web: Web) -> int:
    c = web.coach()
    from systemcraft.domain.stories import Story
    sid = c.add_story(Story(**{k: v for k, v in STORY.items() if k != "secondary_lps"}, secondary_lps=("earn-trust",)))
    c.close()
    return sid


def stage_own_export(web: Web) -> str:
    export = web.get("/settings/export.json").content
    r = web.client.post("/settings/import", data={"csrf_token": web.token}, follow_redirects=False,
                        files={"file": ("mine.json", export, "application/json")})
    assert r.status_code == 303, r.text[:300]
    return re.search(r'name="digest" value="([0-9a-f]{64})"', web.get("/settings/import/confirm").text).group(1)


def vtt(speaker: str = "Priya Raman") -> bytes:
    text = (FIXTURES / "delivery" / "teams.vtt").read_text(encoding="utf-8-sig")
    return text.replace("Priya Raman", speaker).encode()


def _done(web):
    ref = first_planned(web)
    return Post(f"/tasks/{ref}/done", {"minutes": "25", "note": "Went well"})


def _skip(web):
    return Post(f"/tasks/{first_planned(web)}/skip", {"reason": "Travelling today"})


def _undo(web):
    ref = first_planned(web)
    assert web.post(f"/tasks/{ref}/done", {"minutes": "20"}).status_code == 303
    return Post(f"/tasks/{ref}/undo", {})


def _edit(web):
    sid = new_story(web)
    c = web.coach()
    _, version = c.story_for_edit(sid)
    c.close()
    return Post(f"/stories/{sid}", {**STORY, "title": "On-call, rebuilt", "version": str(version)})


def _review_undo(web):
    card = first_card(web)
    assert web.post(f"/review/{card}", {"rating": "good"}).status_code == 303
    return Post("/review/undo", {"card": card})


def _stop(web):
    return Post("/mock/stop", {"planned": plan_token(web), **TIMING}, headers={"Accept": "application/json"})


def _score(web):
    mid = _stop(web).send(web).json()["id"]
    return Post(f"/mock/{mid}/score", rubric())


def _delivery(web):
    return Post("/delivery", {"speaker": "Priya Raman", "version": "2min"},
                files={"file": ("teams.vtt", vtt(), "text/vtt")})


def _import(web):
    export = web.get("/settings/export.json").content
    return Post("/settings/import", {}, files={"file": ("mine.json", export, "application/json")})


CODING = {"title": "Two Sum", "pattern": "hash-maps", "difficulty": "medium", "minutes": "30", "alone": "yes",
          "link": "https://example.com/two-sum"}
PASSES_1 = {"part_1A": "80", "part_1B": "21", "part_1C": "80", "part_1D": "80"}     # checkpoint 1, every part passed
CSV_STORY = ("Story Title,Leadership Principle,Situation,Task,Action,Result\n"
             'Cut the release train,Deliver Results,"Releases slipped every fortnight.","I owned predictability.",'
             '"I split the build into three pipelines.","Releases went from 14 days to 2."\n')


def _log_edit(web):
    added = web.post("/log/coding", CODING)
    assert added.status_code == 303, messages(added)
    entry = _number(added, r"added=(\d+)")
    return Post(f"/log/{entry}/edit", {"title": "Two Sum, again", "pattern": "hash-maps", "difficulty": "medium",
                                       "minutes": "30", "count": "1", "solved_alone": "yes",
                                       "link": "https://example.com/two-sum", "day": web.env.today.isoformat()})


def _log_delete(web):
    entry = _number(web.post("/log/coding", CODING), r"added=(\d+)")
    return Post(f"/log/{entry}/delete", {})


def _partner_kit(web):
    from tests.web.test_mock_partner_web import filled, kit
    return Post("/mock/feedback", {}, files={"kit": ("kit.md", filled(kit(web).text).encode(), "text/markdown")})


# ---------------------------------------------------------------- the Practice page and the speech model (issue 18)

TINY = FIXTURES / "tiny-whisper"
START = {"question": "Tell me about a time you made releases predictable.", "target": "2min", "story": None,
         "keep": False, "mime": "audio/wav"}


def _api(path: str, body: dict) -> Post:
    """A request of the Practice page's script (practice.js): JSON, the token in its header, JSON back."""
    return Post(path, body, headers={"Accept": "application/json"}, json=True)


@functools.cache
def spoken() -> bytes:
    """A real spoken answer (espeak-ng, resampled by sox to 16 kHz mono WAV): the recording's one part."""
    from tests.speech import speech
    speech.need_tools()
    with tempfile.TemporaryDirectory() as tmp:
        return speech.speak("I split the build into three pipelines.", Path(tmp) / "answer.wav").read_bytes()


@functools.cache
def tiny_transcriber():
    from systemcraft.transcripts.stt import FasterWhisperTranscriber
    return FasterWhisperTranscriber(TINY)


def _recording(web: Web, keep: bool = False) -> int:
    """A recording started and its audio uploaded, through the page's own requests."""
    r = _api("/practice/recordings", {**START, "keep": keep, "attempt": secrets.token_urlsafe(12)}).send(web)
    assert r.status_code == 201, messages(r)
    rec = r.json()["id"]
    r = web.client.post(f"/practice/chunks?recording={rec}&seq=0", content=spoken(), follow_redirects=False,
                        headers={"X-CSRF-Token": web.token, "Content-Type": "audio/wav", "Accept": "application/json"})
    assert r.status_code == 200, messages(r)
    return rec


def _to_report(web: Web, rec: int) -> dict:
    """An uploaded recording sent and transcribed by the real (tiny) model to its report, here in the test's
    thread: the app's own worker is held (speech_web)."""
    c = web.coach()
    try:
        c.finish_practice(rec, [], None)
        practising.transcribe_and_report(c.ctx, c.ctx.candidate().id, rec, tiny_transcriber(), lambda f: None)
        got = c.practice_recording(rec)
    finally:
        c.close()
    assert got["state"] == "done" and got["delivery_id"], (got["state"], got["error"])
    return got


def _finish_recording(web):
    return _api(f"/practice/recordings/{_recording(web)}/finish", {"taps": [{"part": "s", "at": 0.2}], "seconds": 2.5})


def _delete_kept_audio(web):
    rec = _recording(web, keep=True)
    assert _to_report(web, rec)["audio_bytes"] > 0              # kept: listed in Settings with its Delete button
    return Post(f"/practice/recordings/{rec}/delete-audio", {})


# POST routes that are no form, with why; their bad input is tested where named.
NOT_FORMS = {
    "/practice/chunks": "one part of a recording's audio as raw bytes (practice.js), with its own type, size, order "
                        "and repeat checks: tests/web/test_practice.py",
}


@dataclass
class Case:
    setup: Callable[[Web], Post]
    texts: dict[str, int] = field(default_factory=dict)          # free-text fields → their limit
    home: str = "web"                 # web (the demo, three weeks in) | fresh (nobody set up) | after (the interview)
    #                                   | speech (the demo with the tiny speech model installed)
    empty: str = "refused"            # refused (4xx) | preview (200, nothing written) | button (the form IS empty)
    uploads: tuple[str, ...] = ()     # file fields


CASES: dict[str, Case] = {
    "/welcome": Case(lambda w: Post("/welcome", onboarding_form()), {"name": MAX_NAME}, home="fresh"),
    "/tasks/{ref}/done": Case(_done, {"note": MAX_NOTE}, empty="button"),
    "/tasks/{ref}/skip": Case(_skip, {"reason": MAX_REASON}),
    "/tasks/{ref}/undo": Case(_undo, empty="button"),
    "/checkin": Case(lambda w: Post("/checkin", {"hours": "1.5", "topic": "Caching", "confidence": "3", "energy": "4",
                                                 "insight": "Say the number first"}), {"topic": 300, "insight": 2000}),
    "/interview/outcome": Case(lambda w: Post("/interview/outcome", {"outcome": "waiting",
                                                                     "note": "Heard nothing yet"}),
                               {"note": 2000}, home="after"),
    "/plan/regenerate": Case(lambda w: Post("/plan/regenerate", {"hours": "11", "apply": "1"}), empty="preview"),
    "/week/adapt": Case(lambda w: Post("/week/adapt", {}), empty="button"),
    "/week/ratings": Case(lambda w: Post("/week/ratings", {"story_clarity": "4", "coding": "3"})),
    "/stories": Case(lambda w: Post("/stories", dict(STORY)), STORY_TEXTS),
    "/stories/{story_id}": Case(_edit, STORY_TEXTS),
    "/stories/{story_id}/delete": Case(lambda w: Post(f"/stories/{new_story(w)}/delete", {}), empty="button"),
    "/stories-analyse": Case(lambda w: Post("/stories-analyse", dict(STORY)), STORY_TEXTS, empty="preview"),
    "/review/undo": Case(_review_undo, empty="button"),
    "/review/{card_id}": Case(lambda w: Post(f"/review/{first_card(w)}", {"rating": "good", "duration_ms": "4000"})),
    "/mock/plan": Case(lambda w: Post("/mock/plan", {"format": "behavioral", "level": "L6",
                                                     "persona": "collaborator"})),
    "/mock/stop": Case(_stop),
    "/mock/save": Case(lambda w: Post("/mock/save", {"planned": plan_token(w), **TIMING, **rubric()}),
                       {"evidence_0": 1000, "strengths": 500, "improvements": 500}),
    "/mock/{mid}/score": Case(_score, {"evidence_0": 1000, "strengths": 500, "improvements": 500}),
    "/delivery": Case(_delivery, {"speaker": 100}, uploads=("file",)),
    "/settings/import": Case(_import, uploads=("file",)),
    "/settings/holidays": Case(lambda w: Post("/settings/holidays", {"holiday_country": "GB", "apply": "1",
                                                                     "holidays_for": DEMO_HOLIDAYS,
                                                                     "holiday": ["2026-12-25"]})),
    "/settings/profile": Case(lambda w: Post("/settings/profile", dict(PROFILE)), {"name": MAX_NAME}),
    "/settings/profile/replan": Case(lambda w: Post("/settings/profile/replan", {"level": "L7", "apply": "1"}),
                                     empty="preview"),
    "/settings/quiz": Case(lambda w: Post("/settings/quiz", {**ANSWERS, "q1": "E"})),
    "/settings/quiz/replan": Case(lambda w: Post("/settings/quiz/replan", {"apply": "1"}), empty="preview"),
    "/settings/import/replace": Case(lambda w: Post("/settings/import/replace", {"digest": stage_own_export(w)})),
    "/settings/import/cancel": Case(lambda w: (stage_own_export(w), Post("/settings/import/cancel", {}))[1],
                                    empty="button"),
    "/week/notes": Case(lambda w: Post("/week/notes", {"week": "2", "win": "Shipped the cache design",
                                                       "challenge": "Sleep", "focus": "Mocks"}),
                        dict.fromkeys(("win", "challenge", "focus"), practice.MAX_TEXT)),
    "/log/{add}": Case(lambda w: Post("/log/coding", dict(CODING)), {"title": practice.MAX_TITLE}),
    "/log/{entry_id}/edit": Case(_log_edit, {"title": practice.MAX_TITLE}),
    "/log/{entry_id}/delete": Case(_log_delete, empty="button"),
    "/checkpoints/{number}": Case(lambda w: Post("/checkpoints/1", dict(PASSES_1))),
    "/mock/feedback": Case(_partner_kit, uploads=("kit",)),
    "/stories/import": Case(lambda w: Post("/stories/import", {}, files={
        "files": ("bank.csv", CSV_STORY.encode(), "text/csv")}), uploads=("files",)),
    # each press of Record carries its own token: the same start sent twice gives back the recording it made
    "/practice/recordings": Case(lambda w: _api("/practice/recordings", {**START, "attempt": secrets.token_urlsafe(12)}),
                                 {"question": practising.MAX_QUESTION}, home="speech"),
    "/practice/recordings/{recording_id}/finish": Case(_finish_recording, home="speech", empty="button"),
    "/practice/recordings/{recording_id}/cancel": Case(
        lambda w: _api(f"/practice/recordings/{_recording(w)}/cancel", {}), home="speech", empty="button"),
    "/practice/recordings/{recording_id}/delete-audio": Case(_delete_kept_audio, home="speech", empty="button"),
    "/settings/speech-model/install": Case(lambda w: Post("/settings/speech-model/install",
                                                          {"how": "folder", "folder": str(TINY)})),
    "/settings/speech-model/remove": Case(lambda w: Post("/settings/speech-model/remove", {}), home="speech",
                                          empty="button"),
}


@pytest.fixture
def speech_web(tmp_path, tmp_path_factory):
    """The demo candidate with the tiny speech model installed from its folder (never the network), and the
    process's transcription worker held: a recording sent stays queued, so no transcription changes the database
    under the sweep's snapshots (the transcription itself: tests/web/test_practice.py, and _to_report here)."""
    from systemcraft.transcripts import models
    from systemcraft.web.pages.practice import worker
    home = tmp_path / "home"
    shutil.copytree(_demo_home(tmp_path_factory), home)
    models.install_from_folder(home, TINY)
    client, env = _client(home)
    over = threading.Event()

    def held(folder):
        over.wait(60)
        raise RuntimeError("the sweep is over: nothing is transcribed")     # logged by the worker, nothing written
    with client:
        held_worker = worker(SimpleNamespace(app=client.app))
        held_worker.load = held
        yield Web(client, home, env)
        over.set()
        held_worker.stop()
        thread = getattr(held_worker, "_thread", None)
        if thread is not None:
            thread.join(10)


def home_for(request, case: Case) -> Web:
    return request.getfixturevalue({"web": "web", "fresh": "fresh_web", "after": "after",
                                    "speech": "speech_web"}[case.home])


def form_routes(home: Path) -> set[str]:
    """Every POST route of the pages (the API has its own tests), read from the app as it is built."""
    from fastapi.routing import APIRoute
    from systemcraft.web.app import create_app
    app = create_app(Environment(home=home, db_url=f"sqlite:///{home / 'x.db'}", today=date(2026, 11, 23),
                                 timezone="Europe/London", clock_fixed=True))
    found: set[str] = set()

    def walk(routes):
        for r in routes:
            if isinstance(r, APIRoute):
                if r.methods & {"POST", "PUT", "PATCH", "DELETE"} and not r.path.startswith("/api/"):
                    found.add(r.path)
            elif hasattr(r, "original_router"):           # FastAPI ≥ 0.118 wraps an included router
                walk(r.original_router.routes)
            elif hasattr(r, "routes"):
                walk(r.routes)
    walk(app.routes)
    return found


def test_every_form_route_is_in_the_sweep(tmp_path):
    routes = form_routes(tmp_path)
    assert routes, "no form routes found: the app's routing changed shape"
    missing, stale = routes - set(CASES) - set(NOT_FORMS), (set(CASES) | set(NOT_FORMS)) - routes
    assert not missing, f"forms without a row in CASES (add one: a valid submission and its text fields): {missing}"
    assert not stale, f"rows in CASES for routes that no longer exist: {stale}"


# ---------------------------------------------------------------- the valid submission itself works

@pytest.mark.parametrize("route", list(CASES))
def test_each_valid_submission_is_accepted(request, route):
    """The baseline every other sweep changes one thing in: it must itself succeed."""
    case = CASES[route]
    web = home_for(request, case)
    r = case.setup(web).send(web)
    assert r.status_code in (200, 201, 202, 303), (route, r.status_code, messages(r) or r.text[:400])



# ---------------------------------------------------------------- 1. emoji and right-to-left text, kept exactly

def _coach_read(web: Web, read):
    c = web.coach()
    try:
        return read(c)
    finally:
        c.close()


def _task_of(web: Web, post: Post):
    ref = post.path.split("/")[2]
    return _coach_read(web, lambda c: next(t for t in c.today().tasks if t.ref == ref))


def _mock_texts(web: Web, mid: int) -> dict:
    m = _coach_read(web, lambda c: c.mock(mid))
    first = m["dimensions"][0]
    return {"evidence_0": m["scores"][first]["evidence"], "strengths": "\n".join(m["strengths"]),
            "improvements": "\n".join(m["improvements"])}


def _number(r, pattern: str) -> int:
    return int(re.search(pattern, r.headers["location"]).group(1))


# route → (what was stored, by field; the page that shows it, or None where no page shows that text)
READ: dict[str, tuple[Callable, Callable]] = {
    "/welcome": (lambda w, p, r: {"name": _coach_read(w, lambda c: c.profile_settings()["profile"].name)},
                 lambda p, r: "/settings/profile"),
    "/tasks/{ref}/done": (lambda w, p, r: {"note": _task_of(w, p).note}, lambda p, r: "/"),
    "/tasks/{ref}/skip": (lambda w, p, r: {"reason": _task_of(w, p).reason}, lambda p, r: "/"),
    "/checkin": (lambda w, p, r: {k: _coach_read(w, lambda c: c.day_checkin()[k]) for k in ("topic", "insight")},
                 lambda p, r: "/"),
    "/interview/outcome": (lambda w, p, r: {"note": _coach_read(w, lambda c: c.interview_outcomes()[-1]["notes"])},
                           lambda p, r: "/"),
    "/stories": (lambda w, p, r: {k: getattr(_coach_read(w, lambda c: c.story(_number(r, r"/stories/(\d+)$"))), k)
                                  for k in STORY_TEXTS}, lambda p, r: r.headers["location"]),
    "/stories/{story_id}": (lambda w, p, r: {k: getattr(_coach_read(w, lambda c: c.story(_number(r, r"(\d+)$"))), k)
                                             for k in STORY_TEXTS}, lambda p, r: r.headers["location"]),
    "/mock/save": (lambda w, p, r: _mock_texts(w, _number(r, r"saved=(\d+)")), lambda p, r: None),
    "/mock/{mid}/score": (lambda w, p, r: _mock_texts(w, int(p.path.split("/")[2])), lambda p, r: None),
    "/delivery": (lambda w, p, r: {"speaker": _coach_read(w, lambda c: c.delivery_report(
        _number(r, r"/delivery/(\d+)$"))["speaker"])}, lambda p, r: r.headers["location"]),
    "/settings/profile": (lambda w, p, r: {"name": _coach_read(w, lambda c: c.profile_settings()["profile"].name)},
                          lambda p, r: "/settings/profile"),
    "/week/notes": (lambda w, p, r: dict(zip(("win", "challenge", "focus"), _coach_read(
        w, lambda c: c.weekly_scorecard(2)["free_text"]).values())), lambda p, r: "/week?n=2"),
    "/log/{add}": (lambda w, p, r: {"title": _coach_read(w, lambda c: c.log_entry(
        _number(r, r"added=(\d+)"))["title"])}, lambda p, r: "/log"),
    "/log/{entry_id}/edit": (lambda w, p, r: {"title": _coach_read(w, lambda c: c.log_entry(
        int(p.path.split("/")[2]))["title"])}, lambda p, r: "/log"),
    "/practice/recordings": (lambda w, p, r: _practised(w, r.json()["id"]),
                             lambda p, r: f"/practice/recordings/{r.json()['id']}"),
}


def _practised(web: Web, rec: int) -> dict:
    """The question as stored; then the answer is uploaded and reported, so its report page shows the question."""
    stored = {"question": _coach_read(web, lambda c: c.practice_recording(rec)["question"])}
    r = web.client.post(f"/practice/chunks?recording={rec}&seq=0", content=spoken(), follow_redirects=False,
                        headers={"X-CSRF-Token": web.token, "Content-Type": "audio/wav", "Accept": "application/json"})
    assert r.status_code == 200, messages(r)
    _to_report(web, rec)
    return stored
TEXT_ROUTES = [route for route, case in CASES.items() if case.texts]


def with_text(route: str, post: Post, value: str, only: str | None = None) -> Post:
    """The valid submission with every free-text field (or just `only`) set to `value`."""
    fields = [only] if only else list(CASES[route].texts)
    form = {**post.form, **{f: value for f in fields}}
    files = post.files
    if route == "/delivery" and "speaker" in fields:         # the speaker must be one the transcript names
        files = {"file": ("answer.vtt", vtt(value), "text/vtt")}
    return Post(post.path, form, files, post.headers, post.json)


def test_every_form_with_free_text_can_be_read_back():
    stored = set(TEXT_ROUTES) - {"/stories-analyse"}          # the live analysis stores nothing
    assert stored == set(READ), "each form that stores text says where to read it back"


@pytest.mark.parametrize("sample", list(SAMPLES))
@pytest.mark.parametrize("route", [r for r in TEXT_ROUTES if r in READ])
def test_emoji_and_right_to_left_text_is_kept_exactly(request, route, sample):
    case, text = CASES[route], SAMPLES[sample]
    web = home_for(request, case)
    post = with_text(route, case.setup(web), text)
    r = post.send(web)
    assert r.status_code == (201 if post.json else 303), (route, sample, messages(r) or r.text[:400])
    read, shown_on = READ[route]
    stored = read(web, post, r)
    assert stored == {f: text for f in stored}, (route, sample, stored)      # byte for byte: nothing normalised
    where = shown_on(post, r)
    if where:
        page = html.unescape(web.get(where).text)
        assert text in page, (route, sample, where)
        if sample == "rlo":          # printed on the page: its override closed right after it (U+202C)
            printed = re.sub(r'value="[^"]*"|<textarea[^>]*>[^<]*</textarea>', "", page)   # a form's own: as stored
            assert printed.count(text) == printed.count(text + "\u202c"), (route, where)


@pytest.mark.parametrize("sample", list(SAMPLES))
def test_the_live_story_analysis_takes_any_text_without_an_error(web, sample):
    post = with_text("/stories-analyse", CASES["/stories-analyse"].setup(web), SAMPLES[sample])
    before = snapshot(web.home)
    r = post.send(web)
    assert r.status_code == 200 and not messages(r), (sample, messages(r))
    assert snapshot(web.home) == before


@pytest.mark.parametrize("control", list(CONTROLS))
@pytest.mark.parametrize("route, name", [(r, f) for r in TEXT_ROUTES for f in CASES[r].texts])
def test_a_control_character_is_refused_by_its_field_and_nothing_is_written(request, route, name, control):
    """The other half of the rule: C0, DEL and C1 control characters are not text (a terminal acts on them; a
    page shows nothing)."""
    case = CASES[route]
    web = home_for(request, case)
    post = with_text(route, case.setup(web), CONTROLS[control], only=name)
    before = snapshot(web.home)
    r = post.send(web)
    if case.empty == "preview":                              # the live analysis: the message, nothing stored
        assert r.status_code == 200 and any("control characters" in m for m in messages(r)), messages(r)
    else:
        assert_one_line_refusal(r, f"{route} {name}")
        assert any("control character" in m.lower() for m in messages(r)), (route, name, messages(r))
    assert snapshot(web.home) == before


# ---------------------------------------------------------------- 2. double submit

def _same_place(first, second) -> bool:
    """The second answer of a double submit: the first's redirect, perhaps saying it was a repeat."""
    def plain(r) -> str:
        where = re.sub(r"[?&](duplicate|repeat|again)=1", "", r.headers.get("location", ""))
        return where.replace("?unchanged=", "?updated=")          # a log edit sent twice: "nothing was changed"
    return plain(first) == plain(second)


@pytest.mark.parametrize("route", list(CASES))
def test_a_double_submit_stores_nothing_twice(request, route):
    case = CASES[route]
    web = home_for(request, case)
    post = case.setup(web)
    first = post.send(web)
    assert first.status_code in (200, 201, 202, 303), (route, messages(first))
    once = snapshot(web.home)
    second = post.send(web)
    assert changed_tables(once, snapshot(web.home)) == {}, f"{route}: the second submit wrote again"
    if second.headers.get("content-type", "").startswith("application/json") and second.status_code < 400:
        # the mock's stop, a cancelled recording: its id again
        assert second.status_code == 200 and second.json()["id"] == first.json()["id"], (first.json(), second.json())
    elif second.status_code in (200, 201, 303):
        assert second.status_code == first.status_code and _same_place(first, second), \
            (route, first.headers.get("location"), second.status_code, second.headers.get("location"))
    else:
        assert_one_line_refusal(second, route)


# ---------------------------------------------------------------- 3. back-button resubmit

@pytest.mark.parametrize("route", list(CASES))
def test_a_post_sent_again_after_its_redirect_stores_nothing_twice(request, route):
    """POST → 303 → GET, then the user goes on to Today, presses Back and lets the browser send the form again."""
    case = CASES[route]
    web = home_for(request, case)
    post = case.setup(web)
    first = post.send(web)
    if first.status_code == 303:
        assert web.get(first.headers["location"].split("#")[0]).status_code in (200, 303)
    assert web.get("/").status_code in (200, 303)
    settled = snapshot(web.home)
    again = post.send(web)
    assert again.status_code < 500, (route, again.text[:300])
    assert changed_tables(settled, snapshot(web.home)) == {}, f"{route}: sent again, it wrote again"
    if again.status_code >= 400:
        assert_one_line_refusal(again, route)


def test_an_old_story_edit_sent_again_after_a_newer_save_is_refused_and_keeps_the_newer(web):
    """The editor's form carries the version it was opened at: sent again after another save, it is refused."""
    old_edit = CASES["/stories/{story_id}"].setup(web)
    assert old_edit.send(web).status_code == 303
    sid = int(old_edit.path.rsplit("/", 1)[1])
    c = web.coach()
    _, version = c.story_for_edit(sid)
    c.close()
    newer = Post(old_edit.path, {**old_edit.form, "title": "On-call, rebuilt twice", "version": str(version)})
    assert newer.send(web).status_code == 303
    settled = snapshot(web.home)
    again = old_edit.send(web)
    assert again.status_code == 409
    notice = [m for m in messages(again) if "another tab" in m]
    assert len(notice) == 1 and "\n" not in notice[0], messages(again)
    assert snapshot(web.home) == settled
    assert _coach_read(web, lambda c: c.story(sid).title) == "On-call, rebuilt twice"


def test_save_pressed_twice_in_the_story_editor_saves_once_and_is_no_conflict(web):
    """The first press moves the story's version on; the second carries the old version but the very text now
    stored: it used to say "changed in another tab … nothing was saved" (409) though the text was saved."""
    post = CASES["/stories/{story_id}"].setup(web)
    first = post.send(web)
    once = snapshot(web.home)
    second = post.send(web)
    assert first.status_code == second.status_code == 303, messages(second)
    assert second.headers["location"] == first.headers["location"]
    assert changed_tables(once, snapshot(web.home)) == {}


def test_a_replace_sent_again_after_it_was_done_is_refused_by_its_digest(web):
    post = CASES["/settings/import/replace"].setup(web)
    assert post.send(web).status_code == 303
    settled = snapshot(web.home)
    again = post.send(web)
    assert_one_line_refusal(again, "replace")
    assert any("no file is waiting" in m.lower() for m in messages(again)), messages(again)
    assert changed_tables(settled, snapshot(web.home)) == {}


# ---------------------------------------------------------------- 4. empty and oversize

@pytest.mark.parametrize("route", list(CASES))
def test_an_empty_form_is_refused_in_one_line_and_writes_nothing(request, route):
    """Only the CSRF token, as a form with every field left blank sends it. A form that is only a button
    (Undo, Delete, Adapt, Cancel, Done without minutes) IS that empty form: it must still answer in one line or
    with its redirect."""
    case = CASES[route]
    web = home_for(request, case)
    post = case.setup(web)
    before = snapshot(web.home)
    r = Post(post.path, {}, headers=post.headers, json=post.json).send(web)
    if case.empty == "button":
        assert r.status_code in (303, 200, 202) or 400 <= r.status_code < 500, (route, r.status_code)
        return
    if case.empty == "preview":
        assert r.status_code in (200, 422), (route, r.status_code, messages(r))
    else:
        assert_one_line_refusal(r, route)
    assert changed_tables(before, snapshot(web.home)) == {}, f"{route}: an empty form wrote"


@pytest.mark.parametrize("route", [r for r, c in CASES.items() if c.empty != "button"])
def test_a_body_with_nothing_in_it_is_refused_and_writes_nothing(request, route):
    """No content type, no fields, the token in its header (a script, or a browser extension gone wrong)."""
    case = CASES[route]
    web = home_for(request, case)
    post = case.setup(web)
    before = snapshot(web.home)
    r = web.client.post(post.path, content=b"", headers={"X-CSRF-Token": web.token, **post.headers},
                        follow_redirects=False)
    if case.empty == "preview":
        assert r.status_code in (200, 422), (route, r.status_code)
    else:
        assert_one_line_refusal(r, route)
    assert changed_tables(before, snapshot(web.home)) == {}


NO_BOX = {("/tasks/{ref}/done", "note")}      # read by the route, but Today's row has no box for it


@pytest.mark.parametrize("route, name", [(r, f) for r in TEXT_ROUTES for f in CASES[r].texts])
def test_a_free_text_field_ten_times_its_limit_is_refused_in_one_line_and_comes_back(request, route, name):
    """Refused, never cut short, and never lost: the page comes back with all of it in its box to shorten."""
    case = CASES[route]
    web = home_for(request, case)
    typed = "Kept " + "x" * (10 * case.texts[name])
    post = with_text(route, case.setup(web), typed, only=name)
    before = snapshot(web.home)
    r = post.send(web)
    if case.empty == "preview":                 # the live analysis: its panel says so; the editor keeps the text
        assert r.status_code == 200 and any("too long" in m for m in messages(r)), messages(r)
    else:
        assert_one_line_refusal(r, f"{route} {name}")
        assert any("too long" in m.lower() for m in messages(r)), (route, name, messages(r))
        assert (route, name) in NO_BOX or post.json or typed in html.unescape(r.text), \
            f"{route} {name}: the typed text was lost"   # a script's request: the text stays in the page's own box
    assert snapshot(web.home) == before


OTHER_FIELDS = {           # the fields each form reads besides its free text
    "/welcome": tuple(k for k in onboarding_form() if k != "name") + ("start", "holiday_country", "holiday_region",
                                                                      "holidays_for", "multi_team"),
    "/tasks/{ref}/done": ("minutes",), "/checkin": ("hours", "confidence", "energy"),
    "/interview/outcome": ("outcome",), "/plan/regenerate": ("hours", "apply", "interview", "days", "max_day",
                                                             "session_start", "add_blackouts", "remove_blackouts",
                                                             "travel_days"),
    "/week/adapt": ("accept_extra_hours",), "/week/ratings": ("story_clarity", "coding"),
    "/stories": ("primary_lp", "level", "status", "team_size", "happened", "secondary_lps", "failure"),
    "/stories/{story_id}": ("primary_lp", "level", "status", "team_size", "happened", "version", "overwrite"),
    "/review/undo": ("card",), "/review/{card_id}": ("rating", "duration_ms"),
    "/mock/plan": ("format", "level", "persona"),
    "/mock/stop": ("planned", "phase_starts", "ended", "status", "marks"),
    "/mock/save": ("planned", "phase_starts", "ended", "status", "marks", "mock_id", "score_0", "recommendation"),
    "/mock/{mid}/score": ("score_0", "recommendation"),
    "/delivery": ("story", "mock", "offset", "level", "version", "format", "duration"),
    "/settings/holidays": ("holiday_country", "holiday_region", "apply", "holidays_for", "holiday"),
    "/settings/profile": ("role", "years", "engineers", "level", "risk", "day_start", "multi_team"),
    "/settings/profile/replan": ("level", "plan", "apply"), "/settings/quiz": ("q1", "q20"),
    "/settings/quiz/replan": ("level", "plan", "apply"), "/settings/import/replace": ("digest",),
    "/week/notes": ("week",), "/log/{add}": ("pattern", "difficulty", "minutes", "alone", "link", "day"),
    "/log/{entry_id}/edit": ("pattern", "difficulty", "minutes", "count", "solved_alone", "link", "day"),
    "/checkpoints/{number}": ("part_1A", "part_1B", "fatal_flaw"),
    "/practice/recordings": ("target", "story", "keep", "mime", "attempt"),
    "/practice/recordings/{recording_id}/finish": ("taps", "seconds"),
    "/settings/speech-model/install": ("how", "folder", "name", "agree"),
}
LONG = "Z" * 2000


@pytest.mark.parametrize("route, name", [(r, f) for r in CASES for f in OTHER_FIELDS.get(r, ())])
def test_any_other_field_at_2000_characters_is_never_a_500_and_never_stored(request, route, name):
    case = CASES[route]
    web = home_for(request, case)
    post = case.setup(web)
    before = snapshot(web.home)
    r = post.send(web, **{name: [LONG] if isinstance(post.form.get(name), list) else LONG})
    assert r.status_code < 500, (route, name, r.text[:300])
    if r.status_code >= 400:
        assert_one_line_refusal(r, f"{route} {name}")
        assert changed_tables(before, snapshot(web.home)) == {}, f"{route} {name}: refused, yet written"
    stored = snapshot(web.home)
    assert not any("Z" * 100 in row for rows in stored.values() for row in rows), f"{route} {name} was stored"


@pytest.mark.parametrize("route", [r for r, c in CASES.items() if not c.uploads])
def test_a_body_over_the_size_limit_is_a_one_line_413_and_writes_nothing(request, route):
    """(The two upload forms have their own, larger limits: tests/hostile/test_upload_limits.py.)"""
    from systemcraft.web.security import MAX_BODY
    case = CASES[route]
    web = home_for(request, case)
    post = case.setup(web)
    before = snapshot(web.home)
    r = post.send(web, padding="p" * (MAX_BODY + 1))
    assert r.status_code == 413, (route, r.status_code)
    assert_one_line_refusal(r, route)
    assert changed_tables(before, snapshot(web.home)) == {}
