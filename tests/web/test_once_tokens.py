"""A form or a mock's stop sent twice stores one row, whichever server process it reaches (migration 0013).

The new-story form carries a one-time token; a timed mock run carries its run's token. Both are stored with
the row they made, so a second send finds that row in the database. Before, the story form was deduplicated
by its content only (sent again after Back once the story had been edited, it made a second story) and the
mock's stop by a dictionary in one server process's memory (a second process, or a restart, stored two).
"""

from __future__ import annotations

import re

from tests.web.conftest import _client, count_rows
from tests.web.test_mock_score_web import TIMING, planned, stop
from tests.web.test_pages import STORY


def new_form_token(web) -> str:
    page = web.get("/stories/new")
    assert page.status_code == 200
    return re.search(r'name="form_token" value="([A-Za-z0-9_-]{16})"', page.text).group(1)


def test_the_new_story_form_sent_again_after_the_story_was_edited_makes_no_second_story(web):
    token = new_form_token(web)
    before = count_rows(web.home, "stories")
    r = web.post("/stories", {**STORY, "form_token": token})
    assert r.status_code == 303
    sid = int(r.headers["location"].rsplit("/", 1)[1])
    edited = web.post(f"/stories/{sid}", {**STORY, "title": "Halved the pager load", "version": "1"})
    assert edited.status_code == 303
    # Back to the new-story form, as the browser kept it, and Save again: the old text, the same token
    again = web.post("/stories", {**STORY, "form_token": token})
    assert again.status_code == 303 and again.headers["location"] == f"/stories/{sid}"
    assert count_rows(web.home, "stories") == before + 1
    assert web.coach().story(sid).title == "Halved the pager load"          # the edit stands


def test_each_new_form_gets_its_own_token_and_a_refused_save_keeps_it(web):
    first, second = new_form_token(web), new_form_token(web)
    assert first != second
    bad = web.post("/stories", {**STORY, "primary_lp": "not-a-principle", "form_token": first})
    assert bad.status_code == 422 and f'name="form_token" value="{first}"' in bad.text
    before = count_rows(web.home, "stories")
    assert web.post("/stories", {**STORY, "form_token": first}).status_code == 303
    assert web.post("/stories", {**STORY, "title": "Another story", "form_token": second}).status_code == 303
    assert count_rows(web.home, "stories") == before + 2


def test_a_token_the_coach_cannot_have_made_is_ignored_not_stored(web):
    before = count_rows(web.home, "stories")
    for junk in ("x" * 500, "../../etc", "' OR 1=1 --", ""):
        r = web.post("/stories", {**STORY, "title": f"Story {len(junk)}", "form_token": junk})
        assert r.status_code == 303
    assert count_rows(web.home, "stories") == before + 4
    import sqlite3
    with sqlite3.connect(web.home / "systemcraft.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM stories WHERE form_token IS NOT NULL").fetchone()[0] == 0


def test_a_stop_sent_to_a_second_server_process_finds_the_mock_the_first_stored(web):
    token = planned(web)
    before = count_rows(web.home, "mocks")
    first = stop(web, token)
    assert first.status_code == 201
    client, _ = _client(web.home)                    # another server process on the same home
    with client:
        from tests.web.conftest import Web
        other = Web(client, web.home, web.env)
        again = stop(other, token)
        assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
        # and the rubric sent there, without the id the first page never heard, scores that mock
        from tests.web.test_mock_score_web import rubric_form
        r = other.post("/mock/save", {"planned": token, **TIMING, **rubric_form()})
        assert r.status_code == 303 and r.headers["location"] == f"/mock?saved={first.json()['id']}"
    assert count_rows(web.home, "mocks") == before + 1
