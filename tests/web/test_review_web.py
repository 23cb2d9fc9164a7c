"""The Review page and API (issue 13 §4): a double submit writes one review; the share and the
final-weeks message show on the page."""

from __future__ import annotations

import re

from tests.web.conftest import count_rows


def test_a_double_submit_of_one_card_is_saved_once(web):
    page = web.get("/review").text
    card = re.search(r'action="/review/(\d+)"', page).group(1)
    before = count_rows(web.home, "review_log")
    first = web.post(f"/review/{card}", {"rating": "good"})
    second = web.post(f"/review/{card}", {"rating": "good"})          # the button pressed twice
    assert first.status_code == second.status_code == 303
    assert "duplicate=1" in second.headers["location"] and "duplicate" not in first.headers["location"]
    assert count_rows(web.home, "review_log") == before + 1
    shown = web.get(second.headers["location"]).text
    assert "already answered a moment ago; the second answer was not recorded" in shown


def test_the_api_answers_a_repeat_without_writing_it(web):
    card = web.api("GET", "/api/review/due").json()["cards"][0]["id"]
    before = count_rows(web.home, "review_log")
    one = web.api("POST", f"/api/review/{card}", {"rating": "easy"}).json()
    two = web.api("POST", f"/api/review/{card}", {"rating": "easy"}).json()
    assert one["duplicate"] is False and two["duplicate"] is True
    assert count_rows(web.home, "review_log") == before + 1


def test_the_page_shows_what_is_left_of_the_days_share(web):
    queue = web.api("GET", "/api/review/due").json()
    assert {"done_today", "left_today", "share_done", "paused", "final"} <= set(queue)
    assert f"{queue['done_today']} of up to {queue['cap']} reviewed today" in web.get("/review").text


def test_answering_the_share_on_the_page_ticks_the_review_task_on_today(web):
    """The same rule as the CLI's: the last card of the day's share marks Today's review task done."""
    today_before = web.api("GET", "/api/today").json()
    review_task = next(t for t in today_before["tasks"] if t["kind"] == "review")
    assert review_task["status"] == "planned"
    location = None
    for _ in range(60):                                    # the share is at most the daily cap
        page = web.get("/review").text
        found = re.search(r'action="/review/(\d+)"', page)
        if not found:
            break
        r = web.post(f"/review/{found.group(1)}", {"rating": "good", "duration_ms": "20000"})
        assert r.status_code == 303
        location = r.headers["location"]
    assert location is not None and "ticked=1" in location
    assert "the review task on Today is marked done" in web.get(location).text
    after = next(t for t in web.api("GET", "/api/today").json()["tasks"] if t["kind"] == "review")
    assert after["status"] == "done"
