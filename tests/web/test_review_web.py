"""The Review page and API (issue 13 §4): a double submit writes one review; the share and the
final-weeks message show on the page."""

from __future__ import annotations

import re
from markupsafe import escape

from systemcraft.store import queries
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
    assert {"done_today", "left_today", "share_done", "paused", "final", "answers_today", "undo"} <= set(queue)
    assert (f"{queue['done_today']} of up to {queue['cap']} cards and {queue['answers_today']} of up to "
            f"{queue['answer_cap']} answers today") in web.get("/review").text


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


# ---------------------------------------------------------------------------- undo and the day's limits (issue 16 §2)

def _first_card(web) -> str:
    found = re.search(r'action="/review/(\d+)"', web.get("/review").text)
    assert found, "the demo candidate has cards due today"
    return found.group(1)


def _review_task(web) -> dict:
    return next(t for t in web.api("GET", "/api/today").json()["tasks"] if t["kind"] == "review")


def test_undo_on_the_page_brings_the_same_card_back_as_it_was(web):
    card = _first_card(web)
    before = web.api("GET", "/api/review/due").json()
    answered = web.post(f"/review/{card}", {"rating": "easy"})
    page = web.get(answered.headers["location"]).text
    assert 'action="/review/undo"' in page and f'name="card" value="{card}"' in page and ">Undo</button>" in page
    rows = count_rows(web.home, "review_log")

    undone = web.post("/review/undo", {"card": card}, headers={"HX-Request": "true"})
    assert undone.status_code == 200
    assert undone.text.lstrip().startswith('<div id="review-body">')       # the part htmx swaps, not a page
    assert "Undone: that answer is taken back" in undone.text
    assert f'action="/review/{card}"' in undone.text                      # the same card, to answer again
    assert count_rows(web.home, "review_log") == rows - 1
    after = web.api("GET", "/api/review/due").json()
    assert (after["done_today"], after["answers_today"]) == (before["done_today"], before["answers_today"])


def test_undo_without_htmx_redirects_and_a_second_one_says_why_not(web):
    card = _first_card(web)
    web.post(f"/review/{card}", {"rating": "good"})
    r = web.post("/review/undo", {"card": card})
    assert r.status_code == 303 and r.headers["location"] == f"/review?undone={card}"
    shown = web.get(r.headers["location"]).text
    assert "Undone: that answer is taken back" in shown and f'action="/review/{card}"' in shown
    # the demo candidate had answered no card before: there is nothing more to undo
    again = web.post("/review/undo", {"card": card}, headers={"HX-Request": "true"})
    assert again.status_code == 422
    assert '<p class="field-error" role="alert">Nothing to undo: no card has been answered yet.</p>' in again.text
    assert 'action="/review/undo"' not in again.text


def test_undo_of_an_answer_to_another_card_than_the_page_showed_is_refused(web):
    first = _first_card(web)
    web.post(f"/review/{first}", {"rating": "good"})
    second = _first_card(web)
    web.post(f"/review/{second}", {"rating": "good"})             # given in another window meanwhile
    rows = count_rows(web.home, "review_log")
    r = web.post("/review/undo", {"card": first}, headers={"HX-Request": "true"})
    assert r.status_code == 422 and "Your last answer is now to another card" in r.text
    assert count_rows(web.home, "review_log") == rows
    bad = web.post("/review/undo", {"card": "x"})
    assert bad.status_code == 422 and "whole number" in bad.text and count_rows(web.home, "review_log") == rows


def test_undoing_the_answer_that_ticked_the_task_plans_it_again_on_today(web):
    location = None
    for _ in range(60):
        found = re.search(r'action="/review/(\d+)"', web.get("/review").text)
        if not found:
            break
        location = web.post(f"/review/{found.group(1)}", {"rating": "good", "duration_ms": "20000"}).headers["location"]
    assert "ticked=1" in location and _review_task(web)["status"] == "done"
    r = web.post("/review/undo", {}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "Today's review task is planned again." in r.text
    assert _review_task(web)["status"] == "planned"


def test_the_limits_on_the_page_match_what_is_served(web):
    """Every sentence about the limit is the service's: the share of 10 cards and 20 answers, counted over
    the day's sessions. The demo candidate has 16 cards due and has answered none today: the page serves
    exactly 10, then nothing, and says so; an answer to one of the 6 others (from a second window, by its
    id) is refused with nothing written."""
    queue = web.api("GET", "/api/review/due").json()
    page = web.get("/review").text
    assert (queue["due"], queue["done_today"], queue["answers_today"]) == (16, 0, 0)
    assert queue["status"] == "0 of up to 10 cards and 0 of up to 20 answers today"
    assert escape(queue["status"]) in page and escape(queue["limit"]) in page
    answered = []
    while (found := re.search(r'action="/review/(\d+)"', web.get("/review").text)) and len(answered) < 60:
        answered.append(int(found.group(1)))
        web.post(f"/review/{found.group(1)}", {"rating": "good"})
    assert len(answered) == len(set(answered)) == 10                    # never more than the share
    after = web.api("GET", "/api/review/due").json()
    assert after["cards"] == [] and after["status"] == "10 of up to 10 cards and 10 of up to 20 answers today"
    assert after["finished"] == ("Today's share is done: 10 cards reviewed today, the most in a day. "
                                 "10 cards you are still learning come back later today. "
                                 "6 more due cards wait for your next study day.")
    assert escape(after["finished"]) in web.get("/review").text
    rows = count_rows(web.home, "review_log")
    coach = web.coach()
    ids = [r["id"] for r in coach.reader().fetch(queries.CARDS, cid=coach._candidate().id, no=False)]
    coach.close()
    other = next(i for i in ids if i not in answered)
    refused = web.post(f"/review/{other}", {"rating": "good"})
    assert refused.status_code == 400 and "share is done: 10 cards reviewed, the most in a day" in refused.text
    assert count_rows(web.home, "review_log") == rows
