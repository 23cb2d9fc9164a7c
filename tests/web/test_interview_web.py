"""Issue 13 §5 and §6 in the browser and the API: readiness says when it is provisional and why; after the
interview, Today says how long ago it was and takes the outcome (CSRF-checked, validated like the CLI)."""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta

import pytest

from systemcraft.environment import Environment
from tests.web.conftest import Web, count_rows


def _web_on(home, day: date):
    from fastapi.testclient import TestClient
    from systemcraft.web.app import create_app
    env = Environment(home=home, db_url=f"sqlite:///{home / 'systemcraft.db'}", today=day, timezone="Europe/London",
                      clock_fixed=True)
    return TestClient(create_app(env), base_url="http://127.0.0.1"), env


@pytest.fixture
def after(web, tmp_path):
    """The demo candidate on the day after their interview."""
    interview = date.fromisoformat(web.api("GET", "/api/status").json()["interview_date"])
    home = tmp_path / "after"
    shutil.copytree(web.home, home)
    client, env = _web_on(home, interview + timedelta(days=1))
    with client:
        w = Web(client, home, env)
        w.interview = interview
        yield w


def test_today_and_progress_show_readiness_with_its_state_and_cap(web):
    status = web.api("GET", "/api/status").json()["readiness"]
    assert set(status) >= {"score", "provisional", "reason", "daily_cap", "held_back", "cap_note"}
    for path in ("/", "/progress"):
        page = web.get(path).text
        assert 'id="readiness-note"' in page and "readiness" in page
        if status["provisional"]:
            assert "(provisional)" in page and status["reason"] in page
        else:
            assert f"rests on {status['finished_weeks']} finished weeks of the plan" in page
    progress = web.api("GET", "/api/progress").json()["readiness"]
    assert progress["provisional"] == status["provisional"] and progress["daily_cap"] == 10


def test_a_new_candidate_sees_provisional_readiness_on_today_and_progress(fresh_web):
    from tests.web.conftest import onboarding_form
    assert fresh_web.post("/welcome", onboarding_form()).status_code == 303
    r = fresh_web.api("POST", "/api/week/ratings", json={"scores": {"system_design": 5, "coding": 5}})
    assert r.status_code == 200
    ready = fresh_web.api("GET", "/api/progress").json()["readiness"]
    assert ready["provisional"] is True and ready["held_back"] > 0
    assert ready["score"] - ready["steps"][0]["score"] == 0 and abs(ready["uncapped"] - ready["score"] - ready["held_back"]) < 0.11
    for path in ("/", "/progress"):
        page = fresh_web.get(path).text
        assert "readiness (provisional)" in page and "is <strong>provisional</strong>: it rests on 0 finished weeks" in page
        assert "held back" in page
    assert fresh_web.api("GET", "/api/status").json()["readiness"]["provisional"] is True


def test_today_after_the_interview_offers_the_outcome_and_a_new_date(after):
    page = after.get("/")
    assert page.status_code == 200
    assert "Your interview was 1 day ago" in page.text
    assert not re.search(r"-\d+ day", page.text)
    assert 'action="/interview/outcome"' in page.text and 'name="csrf_token"' in page.text
    assert 'href="/settings#f-interview"' in page.text
    assert after.get("/settings").status_code == 200
    status = after.api("GET", "/api/status").json()
    assert status["days_to_interview"] == 0 and status["days_since_interview"] == 1
    today = after.api("GET", "/api/today").json()
    assert today["state"] == "after" and today["days_to_interview"] == 0


def test_the_outcome_form_records_keeps_newlines_and_shows_it(after):
    r = after.post("/interview/outcome", {"outcome": "offer", "note": "Great loop.\r\nStart in March."})
    assert r.status_code == 303 and r.headers["location"] == "/"
    page = after.get("/").text
    assert "Recorded on" in page and "<strong>an offer</strong>" in page
    assert "Great loop.\nStart in March." in page
    outcomes = after.api("GET", "/api/interview/outcomes").json()
    assert [o["notes"] for o in outcomes] == ["Great loop.\nStart in March."]


@pytest.mark.parametrize("form, message", [
    ({"outcome": "great"}, "Unknown outcome &#39;great&#39;"),          # by its field, in sentence case
    ({"outcome": "offer", "note": "x" * 2001}, "The note is too long (2001 characters, at most 2000)"),
])
def test_a_bad_outcome_form_says_why_keeps_the_text_and_writes_nothing(after, form, message):
    r = after.post("/interview/outcome", form)
    assert r.status_code == 422 and message in r.text
    if "note" in form:
        assert form["note"] in r.text                              # the typed note is kept, not cut
    assert count_rows(after.home, "interview_outcomes") == 0


def test_the_outcome_form_needs_the_csrf_token(after):
    r = after.post("/interview/outcome", {"outcome": "offer"}, csrf=False)
    assert r.status_code == 403
    assert count_rows(after.home, "interview_outcomes") == 0


def test_before_the_interview_the_outcome_is_refused_everywhere(web):
    form = web.post("/interview/outcome", {"outcome": "offer"})
    assert form.status_code == 422 and "record its outcome on or after that day" in form.text
    api = web.api("POST", "/api/interview/outcome", json={"outcome": "offer"})
    assert api.status_code == 400 and "record its outcome on or after that day" in api.json()["error"]
    assert count_rows(web.home, "interview_outcomes") == 0


def test_the_api_records_an_outcome_after_the_interview(after):
    bad = after.api("POST", "/api/interview/outcome", json={"outcome": "waiting", "note": "x" * 2001})
    assert bad.status_code == 400 and bad.json() == {"error": "the note is too long (2001 characters, at most 2000)"}
    r = after.api("POST", "/api/interview/outcome", json={"outcome": "waiting", "note": "a\nb"})
    assert r.status_code == 200 and r.json()["notes"] == "a\nb" and r.json()["interview_date"] == after.interview.isoformat()
    assert after.api("GET", "/api/status").json()["outcome"]["outcome"] == "waiting"
    assert after.api("POST", "/api/interview/outcome", json={"outcome": "offer"}, csrf=False).status_code == 403
    assert count_rows(after.home, "interview_outcomes") == 1
