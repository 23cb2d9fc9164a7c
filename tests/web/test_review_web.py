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
