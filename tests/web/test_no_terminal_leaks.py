"""Issue 16 §4, "the web alone is enough": no page tells the user to type a command or shows where the data
lives. Every page of a candidate with stories, a mock, review cards due and a delivery analysis is fetched
(and the error pages a slip of the hand reaches), and none may hold `systemcraft <command>`, a command-line
option (`--home`, `--model`…) or the home's path."""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from systemcraft.environment import Environment
from systemcraft.web.app import create_app
from tests.web.conftest import count_rows, onboarding_form

FIX = Path(__file__).parents[1] / "fixtures" / "delivery"
# Every command of the CLI (cli/main.py COMMAND_MODULES) and the words a hint would use around one.
from systemcraft.cli.main import COMMAND_MODULES

COMMAND = re.compile(r"systemcraft\s+(" + "|".join(sorted(COMMAND_MODULES)) + r"|--)\b")   # as typed: lower case
OPTION = re.compile(r"(?<![\w-])--[a-z]")


class _Visible(HTMLParser):
    """The text a reader sees (and the words in titles, placeholders and labels), not scripts or tokens."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "placeholder", "aria-label", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible(html: str) -> str:
    p = _Visible()
    p.feed(html)
    return " ".join(p.parts)


def leaks(html: str, home: Path, backticks: bool = True) -> list[str]:
    found = [m.group(0) for m in COMMAND.finditer(html)]
    text = visible(html)
    found += [m.group(0) for m in OPTION.finditer(text)]
    found += ["`"] if backticks and "`" in text else []          # a command quoted for a terminal
    for where in {str(home), str(home.resolve()), "systemcraft.db"}:
        if where in html:
            found.append(where)
    return found


from tests.web.test_pages import STORY  # noqa: E402 - one sample story for the page tests


@pytest.fixture
def busy(web):
    """The demo candidate (three weeks in, principle cards due) with a story, a saved mock and a delivery."""
    story = web.post("/stories", STORY)
    assert story.status_code == 303
    planned = web.post("/mock/plan", {"format": "behavioral", "level": "L6", "persona": "skeptic"})
    token = re.search(r'name="planned" value="([^"]+)"', planned.text).group(1)
    saved = web.post("/mock/save", {"planned": token, "phase_starts": "[0]", "ended": "60", "status": "partial",
                                    "marks": "[]"})
    assert saved.status_code == 303, saved.text[:300]
    delivery = web.client.post("/delivery", data={"csrf_token": web.token}, follow_redirects=False,
                               files={"file": ("teams.vtt", (FIX / "teams.vtt").read_bytes(), "text/plain")})
    assert delivery.status_code == 303, delivery.text[:300]
    assert re.search(r'action="/review/(\d+)"', web.get("/review").text), "principle cards are due"
    assert count_rows(web.home, "mocks") == 1 and count_rows(web.home, "deliveries") == 1
    web.story = story.headers["location"]
    web.delivery = delivery.headers["location"]
    return web


def _pages(web) -> dict[str, object]:
    story, delivery = web.story, web.delivery
    gets = ["/", "/welcome/plan", "/plan", "/plan?week=1", "/plan?week=4", "/plan/calendar", "/week", "/week?n=1",
            "/week/proposal", "/stories", "/stories/new", story, f"{story}/edit", "/review", "/mock",
            "/mock?saved=1", "/delivery", delivery, "/progress", "/settings", "/settings/profile",
            "/settings/quiz", "/api/docs",
            # what a mistyped address or a stale link shows
            "/stories/999999", "/delivery/999999", "/plan?week=99", "/no-such-page"]
    out = {path: web.get(path) for path in gets}
    out["bad task"] = web.post("/tasks/zzz/done", {"minutes": "10"})
    out["week notes"] = web.post("/week/ratings", {})
    out["preview"] = web.post("/plan/regenerate", {"hours": "11", "apply": "0"})
    out["set up again"] = web.get(web.post("/welcome", onboarding_form()).headers["location"])
    out["recording"] = web.client.post("/delivery", data={"csrf_token": web.token},
                                       files={"file": ("answer.wav", b"RIFF0000WAVEfmt ", "audio/wav")})
    # the quiz retaken, its result and re-plan preview; the profile's level changed, its re-plan preview
    retaken = web.post("/settings/quiz", {f"q{i}": "E" for i in range(1, 21)})
    out["quiz result"] = web.get(retaken.headers["location"])
    out["quiz re-plan"] = web.post("/settings/quiz/replan", {"apply": "0"})
    out["profile saved"] = web.get(web.post("/settings/profile", {
        "name": "Alex Demo", "role": "manager", "years": "11", "engineers": "12", "level": "L7", "risk": "medium",
        "day_start": "4"}).headers["location"])
    out["profile re-plan"] = web.post("/settings/profile/replan", {"level": "L7", "apply": "0"})
    # an export brought into this home: the choice, a broken file, then everything replaced
    exported = web.get("/settings/export.json").content
    staged = web.client.post("/settings/import", data={"csrf_token": web.token}, follow_redirects=False,
                             files={"file": ("mine.json", exported, "application/json")})
    out["import choice"] = web.get(staged.headers["location"])
    out["broken import"] = web.client.post("/settings/import", data={"csrf_token": web.token},
                                           files={"file": ("cut.json", exported[:500], "application/json")})
    digest = re.search(r'name="digest" value="([0-9a-f]{64})"', out["import choice"].text).group(1)
    out["replaced"] = web.get(web.post("/settings/import/replace", {"digest": digest}).headers["location"])
    out["replaced twice"] = web.post("/settings/import/replace", {"digest": digest})
    return out


def test_no_page_shows_a_command_an_option_or_the_data_path(busy):
    found = {}
    pages = _pages(busy)
    # the messages that used to carry a command are really on these pages (so the check reads them)
    for path, words in {"/stories/999999": "no story 999999", "/delivery/999999": "no delivery analysis 999999",
                        "bad task": "is not a task", "set up again": "already set up",
                        "recording": "is a recording", "/delivery": "captions",
                        "replaced twice": "no file is waiting to be imported",
                        "import choice": "Replace everything with this file"}.items():
        assert words.lower() in pages[path].text.lower(), path
    for path, r in pages.items():
        assert r.status_code < 500, (path, r.text[:200])
        bad = leaks(r.text, busy.home, backticks=path != "/api/docs")    # the API reference quotes HTTP calls
        if bad:
            found[path] = sorted(set(bad))
    assert found == {}


def test_after_the_interview_the_paused_reviews_point_to_settings_not_a_command(web, tmp_path):
    """The pause message (reviews after the interview) said `systemcraft plan regenerate --interview DATE`."""
    interview = date.fromisoformat(web.api("GET", "/api/status").json()["interview_date"])
    home = tmp_path / "after"
    shutil.copytree(web.home, home)
    env = Environment(home=home, db_url=f"sqlite:///{home / 'systemcraft.db'}", today=interview + timedelta(days=1),
                      timezone="Europe/London", clock_fixed=True)
    with TestClient(create_app(env), base_url="http://127.0.0.1") as client:
        review = client.get("/review")
        assert review.status_code == 200 and "reviews are paused until you set a new interview date" in review.text
        assert 'href="/settings#change"' in review.text
        for path in ("/review", "/", "/progress", "/settings"):
            r = client.get(path)
            assert r.status_code == 200 and leaks(r.text, home) == [], (path, leaks(r.text, home))


def test_the_check_itself_catches_each_kind_of_leak(tmp_path):
    """The detector is what the test above relies on: it must see each kind it claims to."""
    home = tmp_path / "home"
    assert leaks("<p>run `systemcraft init` first</p>", home) == ["systemcraft init", "`"]
    assert leaks("<p>Import a SystemCraft export (.json)</p>", home) == []      # the product's name in prose
    assert leaks("<p>import into an empty home (--home NEWDIR)</p>", home) == ["--h"]
    assert leaks(f"<p>your data is in {home}</p>", home) == [str(home)]
    assert leaks("<p>use its number from `today`</p>", home) == ["`"]
    assert leaks('<input type="hidden" name="csrf_token" value="ab--cd"><p>SystemCraft plans your week</p>',
                 home) == []
