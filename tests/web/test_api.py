"""The JSON API: same use cases as the pages, declared statuses, one-line errors, nothing half-written."""

from __future__ import annotations

import pytest

from tests.web.conftest import count_rows
from tests.web.test_pages import STORY


def test_read_endpoints(web):
    for path in ("/api/today", "/api/status", "/api/plan", "/api/plan?week=1", "/api/week", "/api/week?n=1",
                 "/api/progress", "/api/calendar", "/api/stories", "/api/stories/coverage", "/api/review/due",
                 "/api/mocks"):
        r = web.api("GET", path)
        assert r.status_code == 200, (path, r.text[:200])
        assert r.headers["content-type"] == "application/json"
    today = web.api("GET", "/api/today").json()
    assert today["date"] == "2026-11-23" and today["tasks"]


def test_done_and_skip(web):
    tasks = web.api("GET", "/api/today").json()["tasks"]
    r = web.api("POST", f"/api/tasks/{tasks[0]['seq']}/done", {"minutes": 20, "note": "went well"})
    assert r.status_code == 200 and r.json()["status"] == "done" and r.json()["actual_minutes"] == 20
    r = web.api("POST", f"/api/tasks/{tasks[1]['ref']}/skip", {"reason": "Sick"})
    assert r.status_code == 200 and r.json()["status"] == "skipped"
    again = web.api("POST", f"/api/tasks/{tasks[0]['seq']}/done", {})
    assert again.status_code == 400 and again.json() == {"error": f"task {tasks[0]['ref']} is already done"}


@pytest.mark.parametrize("path, body, status", [
    ("/api/tasks/1/done", {"minutes": 0}, 422),
    ("/api/tasks/1/done", {"minutes": "lots"}, 422),
    ("/api/tasks/1/done", {"surprise": 1}, 422),
    ("/api/tasks/x;drop/done", {}, 422),
    ("/api/tasks/1/skip", {}, 422),
    ("/api/tasks/1/skip", {"reason": "r" * 501}, 422),
    ("/api/tasks/77/done", {}, 404),
    ("/api/plan/regenerate", {"hours_per_week": 0}, 422),
    ("/api/plan/regenerate", {"interview": "2026-01-01", "dry_run": False}, 400),
    ("/api/plan/regenerate", {"weekdays": ["funday"]}, 422),
    ("/api/checkin", {"hours": 3, "confidence": 6, "energy": 3}, 422),
    ("/api/week/ratings", {"scores": {"story_clarity": 9}}, 400),
    ("/api/week/ratings", {"scores": {"charisma": 3}}, 400),
    ("/api/stories", {**STORY, "primary_lp": "nope"}, 400),
    ("/api/stories", {"title": "only a title"}, 422),
    ("/api/review/1/extra", {"rating": "good"}, 404),
    ("/api/review/999999", {"rating": "good"}, 404),
    ("/api/review/1", {"rating": "perfect"}, 422),
    ("/api/mocks/plan", {"format": "karaoke"}, 422),
])
def test_bad_input_gets_one_line_and_writes_nothing(web, path, body, status):
    before = {t: count_rows(web.home, t) for t in ("log_entries", "stories", "review_log", "plan_changes", "ratings")}
    r = web.api("POST", path, body)
    assert r.status_code == status, r.text
    if r.headers["content-type"] == "application/json":
        message = r.json().get("error") or r.json().get("detail")
        assert message and "\n" not in str(message)
    assert {t: count_rows(web.home, t) for t in before} == before


def test_malformed_json_and_wrong_content_type(web):
    r = web.api("POST", "/api/checkin", headers={"content-type": "application/json"}, content=b"{not json")
    assert r.status_code == 422 and "error" in r.json()
    r = web.api("POST", "/api/checkin", headers={"content-type": "text/plain"}, content=b"hours=3")
    assert r.status_code == 422


def test_unsafe_requests_need_the_token(web):
    before = count_rows(web.home, "log_entries")
    r = web.api("POST", "/api/checkin", {"hours": 1, "confidence": 3, "energy": 3}, csrf=False)
    assert r.status_code == 403 and r.json() == {"error": "missing or wrong CSRF token: reload the page and try again"}
    assert count_rows(web.home, "log_entries") == before
    ok = web.api("POST", "/api/checkin", {"hours": 1, "confidence": 3, "energy": 3})
    assert ok.status_code == 200 and ok.json()["kind"] == "checkin"
    assert count_rows(web.home, "log_entries") == before + 1


def test_stories_round_trip_and_analysis(web):
    r = web.api("POST", "/api/stories", STORY)
    assert r.status_code == 201
    sid = r.json()["id"]
    one = web.api("GET", f"/api/stories/{sid}").json()
    assert one["story"]["title"] == STORY["title"] and one["check"]["timing"]
    draft = web.api("POST", "/api/stories/analyse", {**STORY, "result": ""}).json()
    assert draft["problem"] and draft["id"] is None
    cov = web.api("GET", "/api/stories/coverage").json()
    assert cov["stories"] == 1 and cov["covered"] == 2


def test_regenerate_dry_run_then_apply(web):
    dry = web.api("POST", "/api/plan/regenerate", {"hours_per_week": 8, "weekdays": ["mon", "tue", "thu"]})
    assert dry.status_code == 200 and dry.json()["hours_per_week"] == 8
    versions = count_rows(web.home, "plan_changes")
    applied = web.api("POST", "/api/plan/regenerate", {"hours_per_week": 8, "dry_run": False})
    assert applied.status_code == 200
    assert count_rows(web.home, "plan_changes") == versions + 1


def test_review_and_mock_plan(web):
    due = web.api("GET", "/api/review/due").json()
    card = due["cards"][0]["id"]
    r = web.api("POST", f"/api/review/{card}", {"rating": "hard", "duration_ms": 4000})
    assert r.status_code == 200 and r.json()["rating"] == "hard"
    plan = web.api("POST", "/api/mocks/plan", {"format": "behavioral"}).json()
    assert plan["format"] == "behavioral" and sum(p["minutes"] for p in plan["phases"]) == 60


def test_fresh_home_api_says_what_to_do(fresh_web):
    r = fresh_web.api("GET", "/api/today")
    assert r.status_code == 404 and "systemcraft init" in r.json()["error"]


def test_openapi_declares_every_status_each_route_returns(web):
    spec = web.api("GET", "/api/openapi.json").json()
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            codes = set(op["responses"])
            if method == "post":
                assert {"400", "403", "413", "422"} <= codes, (method, path, codes)
            elif path != "/api/csrf":
                assert {"400", "404", "422"} <= codes, (method, path, codes)
