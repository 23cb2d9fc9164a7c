"""Two tabs editing the same story (issue 16 §8): the later save never silently replaces the earlier one.

The editor carries the version it was opened at. A save from an older version is refused with 409: the form comes
back with what was typed, a message that the story changed in another tab or window, what the saved version says
where it differs, a link to it, and a "Save mine anyway" button that saves only on that explicit second submit.
In the service the check and the write are one transaction whose UPDATE applies only to the version it read, so
of two saves racing on PostgreSQL exactly one wins.
"""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from tests.conftest import onboarded
from tests.web.conftest import count_rows
from tests.web.html_page import by_id, form, parse, shown_value
from tests.web.test_pages import STORY


def _open_editor(web, path: str) -> dict:
    """What a tab holds after opening the editor: every field as the page filled it (and the version)."""
    page = parse(web.get(f"{path}/edit").text)
    f = form(page, path)
    names = {c.get("name") for c in f.find_all(lambda n: n.tag in ("input", "select", "textarea") and n.get("name"))}
    values = {}
    for name in names - {"csrf_token", "overwrite"}:
        value = shown_value(f, name)
        if isinstance(value, list):
            if value:
                values[name] = value
        elif value is not None:
            values[name] = value
    return values


@pytest.fixture
def story_path(web):
    r = web.post("/stories", STORY)
    assert r.status_code == 303
    return r.headers["location"]


def test_the_later_of_two_tabs_is_refused_with_its_text_kept(web, story_path):
    tab_a, tab_b = _open_editor(web, story_path), _open_editor(web, story_path)
    assert tab_a["version"] == tab_b["version"] == "1"
    saved_b = web.post(story_path, {**tab_b, "title": "Rebuilt on-call (tab B)"})
    assert saved_b.status_code == 303
    versions = count_rows(web.home, "story_versions")

    mine = {**tab_a, "result": "Pages fell from 60 to 12 a week in two months (tab A's numbers)."}
    r = web.post(story_path, mine)
    assert r.status_code == 409
    page = parse(r.text)
    notice = by_id(page, "e-form").text()
    assert "changed in another tab or window" in notice and "nothing was saved" in notice
    f = form(page, story_path)
    assert shown_value(f, "result") == mine["result"]                       # the typed text is kept
    assert shown_value(f, "title") == tab_a["title"]
    assert shown_value(f, "version") == "1"                                  # still the version this tab opened
    conflict = by_id(page, "conflict")
    assert conflict.find_all(lambda n: n.tag == "a" and n.get("href") == story_path)   # the other version, to see
    assert "Rebuilt on-call (tab B)" in conflict.text()                       # where it differs, what it says
    assert conflict.find_all(lambda n: n.tag == "a" and n.get("href") == "#overwrite")   # points at the choice
    buttons = f.find_all(lambda n: n.tag == "button" and n.get("type") == "submit")
    # Enter in a field sends the form's first submit button: the plain Save (refused again), never the overwrite
    assert buttons[0].get("name") is None and "Save story" in buttons[0].text()
    overwrite = [b for b in buttons if b.get("name") == "overwrite"]
    assert len(overwrite) == 1 and overwrite[0].get("value") == "2" and overwrite[0].get("id") == "overwrite"
    assert web.coach().story(int(story_path.rsplit("/", 1)[1])).title == "Rebuilt on-call (tab B)"
    assert count_rows(web.home, "story_versions") == versions             # nothing written

    again = web.post(story_path, mine)                                      # the plain Save again: still refused
    assert again.status_code == 409
    anyway = web.post(story_path, {**mine, "overwrite": "2"})               # the explicit choice
    assert anyway.status_code == 303
    saved = web.coach().story(int(story_path.rsplit("/", 1)[1]))
    assert saved.result == mine["result"] and saved.title == tab_a["title"]
    assert count_rows(web.home, "story_versions") == versions + 1         # tab B's version is kept in the history


def test_save_mine_anyway_is_refused_again_if_a_third_save_came_first(web, story_path):
    tab_a = _open_editor(web, story_path)
    assert web.post(story_path, {**_open_editor(web, story_path), "title": "Second"}).status_code == 303
    first = web.post(story_path, {**tab_a, "title": "Mine"})
    assert first.status_code == 409
    assert web.post(story_path, {**_open_editor(web, story_path), "title": "Third"}).status_code == 303
    r = web.post(story_path, {**tab_a, "title": "Mine", "overwrite": "2"})   # shown version 2; it is at 3 now
    assert r.status_code == 409
    button = by_id(parse(r.text), "overwrite")
    assert button.get("value") == "3"
    assert web.coach().story(int(story_path.rsplit("/", 1)[1])).title == "Third"


def test_one_tab_saving_twice_in_a_row_is_not_a_conflict(web, story_path):
    tab = _open_editor(web, story_path)
    assert web.post(story_path, {**tab, "title": "Once"}).status_code == 303
    tab = _open_editor(web, story_path)                 # the page after saving: the editor opened again
    assert tab["version"] == "2"
    assert web.post(story_path, {**tab, "title": "Twice"}).status_code == 303


def test_a_story_deleted_in_another_tab_keeps_the_text_to_save_as_new(web, story_path):
    tab = _open_editor(web, story_path)
    assert web.post(f"{story_path}/delete").status_code == 303
    stories = count_rows(web.home, "stories")
    mine = {**tab, "title": "Rebuilt on-call, my edit"}
    r = web.post(story_path, mine)
    assert r.status_code == 409
    page = parse(r.text)
    assert "deleted in another tab or window" in by_id(page, "e-form").text()
    f = form(page, "/stories")                                   # the form now adds it as a new story
    assert shown_value(f, "title") == mine["title"] and shown_value(f, "action") == tab["action"]
    assert count_rows(web.home, "stories") == stories
    assert web.post(story_path, {"title": "No editor"}).status_code == 404      # not from the editor: a plain 404


@pytest.mark.parametrize("version", ["abc", "0", "99999999999"])
def test_a_forged_version_is_a_form_error_and_saves_nothing(web, story_path, version):
    tab = _open_editor(web, story_path)
    before = count_rows(web.home, "story_versions")
    r = web.post(story_path, {**tab, "title": "Forged", "version": version})
    assert r.status_code == 422 and 'id="e-form"' in r.text
    assert count_rows(web.home, "story_versions") == before


# ------------------------------------------------------------------------------------------------ the service

def _story(title="Cut the release train"):
    from systemcraft.domain.stories import Story
    return Story(title=title, primary_lp="deliver-results", level="L6",
                 situation="Releases slipped every fortnight and support tickets piled up behind them.",
                 task="I owned making releases predictable without adding headcount.",
                 action="I split the build into three pipelines and moved the team to trunk-based development.",
                 result="Releases went from every 14 days to every 2; crash tickets fell 38% in a quarter.")


def test_the_service_refuses_a_stale_version_and_writes_nothing(make_env, db_url):
    from systemcraft.services.storybank import StoryChanged
    c = onboarded(make_env(db_url=db_url))
    try:
        sid = c.add_story(_story())
        assert c.story_for_edit(sid)[1] == 1
        assert c.update_story(sid, _story("Second"), expected_version=1) == 2
        with pytest.raises(StoryChanged) as caught:
            c.update_story(sid, _story("Stale"), expected_version=1)
        assert (caught.value.expected, caught.value.current) == (1, 2) and caught.value.message.count("\n") == 0
        assert c.story_for_edit(sid) == (replace(_story("Second"), id=sid), 2)
        assert len(c.repo().story_versions(c.ctx.candidate().id, sid)) == 1
    finally:
        c.close()


@pytest.mark.parametrize("expected", [1, None], ids=["with-version", "without-version"])
def test_two_saves_racing_on_postgresql_exactly_one_wins(make_env, pg_url, monkeypatch, expected):
    """Both saves read version 1 inside their transactions before either writes (a barrier holds them there);
    PostgreSQL then lets one UPDATE through and makes the other wait, which then finds no row at version 1."""
    from systemcraft.coach import Coach
    from systemcraft.services.storybank import StoryChanged
    from systemcraft.store.repository import Repository
    env = make_env(db_url=pg_url)
    setup = onboarded(env)
    sid = setup.add_story(_story())
    setup.close()

    barrier = threading.Barrier(2, timeout=30)
    original = Repository.update_story

    def held(self, *args, **kwargs):
        barrier.wait()                   # both transactions have read the story at version 1 by now
        return original(self, *args, **kwargs)
    monkeypatch.setattr(Repository, "update_story", held)

    outcomes: dict[str, object] = {}

    def save(title):
        c = Coach(env)
        try:
            outcomes[title] = c.update_story(sid, _story(title), expected_version=expected)
        except Exception as exc:         # noqa: BLE001 - the test looks at which error it was
            outcomes[title] = exc
        finally:
            c.close()
    threads = [threading.Thread(target=save, args=(t,)) for t in ("Tab A", "Tab B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    won = [t for t, o in outcomes.items() if o == 2]
    lost = [t for t, o in outcomes.items() if isinstance(o, StoryChanged)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    monkeypatch.setattr(Repository, "update_story", original)
    check = Coach(env)
    try:
        story, version = check.story_for_edit(sid)
        assert (story.title, version) == (won[0], 2)
        assert [v["version"] for v in check.repo().story_versions(check.ctx.candidate().id, sid)] == [1]
    finally:
        check.close()


def test_a_conflict_is_a_409_wherever_the_web_meets_it():
    """The API's error handler answers a ConflictError (e.g. a stale story version) with 409, not 400."""
    from systemcraft.errors import InputError
    from systemcraft.services.storybank import StoryChanged
    from systemcraft.web.app import status_of
    assert status_of(StoryChanged(3, 1, 2)) == 409 and status_of(InputError("x")) == 400
