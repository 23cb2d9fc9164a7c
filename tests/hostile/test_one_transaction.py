"""One transaction per use case (issue 14 §2).

A write and everything it implies commit together: a story and its review card, a logged concept or
problem and its card, a mock with its log entry and question cards, a completed task and its log
entry. A failure injected between the two halves must leave neither. Racing commands never count a
task twice, and two commands creating the same card never fail (INSERT … ON CONFLICT DO NOTHING).
"""

from __future__ import annotations

import subprocess
import sys
import pytest
from sqlalchemy import func, select

from systemcraft.domain.stories import Story
from systemcraft.errors import InputError
from systemcraft.services import storybank, tracking
from systemcraft.store.repository import Repository
from systemcraft.store.tables import cards, log_entries, stories, tasks
from tests.conftest import sa_connect, CLI, INIT_ARGS, TODAY, onboarded


class Killed(Exception):
    """Stands for the process dying between the two halves of a use case."""


def _count(coach, table, *where) -> int:
    with sa_connect(coach.env.db_url) as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()


def _story(title: str = "Billing migration") -> Story:
    return Story(id=None, title=title, primary_lp="ownership", secondary_lps=(), level="L6",
                 situation="The billing database could not take the year-end load.",
                 task="I owned moving it without downtime within one quarter.",
                 action="I planned dual writes, I ran the cutover rehearsals and I led the final switch.",
                 result="Zero downtime at cutover and $300k a year saved on licences.")


@pytest.fixture
def coach(make_env, db_url):
    c = onboarded(make_env(db_url=db_url))
    yield c
    c.close()


def _die_on(monkeypatch, method: str) -> None:
    def boom(*_a, **_k):
        raise Killed(method)
    monkeypatch.setattr(Repository, method, boom)


def test_a_story_is_never_saved_without_its_card(coach, monkeypatch):
    cards_before = _count(coach, cards)              # the 16 principle cards from onboarding
    assert cards_before == 16
    _die_on(monkeypatch, "add_cards")
    with pytest.raises(Killed):
        storybank.add(coach.ctx, _story())
    assert _count(coach, stories) == 0               # the story went with its card
    assert _count(coach, cards) == cards_before
    monkeypatch.undo()
    sid = storybank.add(coach.ctx, _story())
    assert _count(coach, cards, cards.c.kind == "story", cards.c.ref == str(sid)) == 1


def test_an_import_of_three_stories_is_all_or_nothing(coach, monkeypatch, tmp_path):
    folder = tmp_path / "bank"
    folder.mkdir()
    from systemcraft.services import story_markdown
    for i in range(3):
        s = _story(f"Story number {i}")
        (folder / f"{i}.md").write_text(story_markdown.render(s))
    _die_on(monkeypatch, "add_cards")
    with pytest.raises(Killed):
        storybank.import_path(coach.ctx, folder)
    assert _count(coach, stories) == 0
    monkeypatch.undo()
    assert storybank.import_path(coach.ctx, folder)["imported"] == 3
    assert _count(coach, cards, cards.c.kind == "story") == 3


def test_a_logged_concept_is_never_saved_without_its_card(coach, monkeypatch):
    entry = {"day": TODAY, "kind": "concept", "category": "concept", "title": "Consistent hashing",
             "minutes": 30}
    _die_on(monkeypatch, "add_cards")
    with pytest.raises(Killed):
        tracking.add_entry(coach.ctx, dict(entry))
    assert _count(coach, log_entries) == 0
    monkeypatch.undo()
    tracking.add_entry(coach.ctx, dict(entry))
    assert _count(coach, log_entries) == 1
    assert _count(coach, cards, cards.c.kind == "concept", cards.c.ref == "consistent hashing") == 1


def test_a_done_task_is_never_saved_without_its_log_entry(coach, monkeypatch):
    _die_on(monkeypatch, "add_log")
    with pytest.raises(Killed):
        coach.complete("1")
    assert _count(coach, tasks, tasks.c.status == "done") == 0
    monkeypatch.undo()
    coach.complete("1")
    assert _count(coach, tasks, tasks.c.status == "done") == 1
    assert _count(coach, log_entries) == 1


def test_a_task_completed_by_someone_else_meanwhile_is_not_counted_again(coach, monkeypatch):
    """The check-then-write race, made deterministic: the first command has already read the task as
    planned when the second completes it; the first must then be refused and write nothing."""
    from systemcraft.services import daily
    stale = daily.resolve(coach.ctx, "1")
    coach.complete("1")
    monkeypatch.setattr(daily, "resolve", lambda _ctx, _ref: stale)   # this caller still holds the old read
    with pytest.raises(InputError, match="already done"):
        coach.complete("1", minutes=50)
    assert _count(coach, log_entries) == 1           # one entry, from the first Done
    with sa_connect(coach.env.db_url) as conn:
        actual = conn.execute(select(tasks.c.actual_minutes).where(tasks.c.id == stale.id)).scalar_one()
    assert actual == stale.minutes                   # the second call's 50 minutes were not written


def test_adding_a_card_that_exists_changes_nothing(coach):
    repo = coach.repo()
    cand = coach._candidate()
    with sa_connect(repo.url) as conn:
        row = dict(conn.execute(select(cards).where(cards.c.kind == "lp").limit(1)).mappings().one())
    again = {k: row[k] for k in ("kind", "ref", "fsrs", "due", "due_day")}
    with repo.transaction() as conn:
        repo.add_cards(conn, cand.id, [{**again, "prompt": "changed?", "answer": "changed?"}])
    with sa_connect(repo.url) as conn:
        kept = conn.execute(select(cards.c.prompt).where(cards.c.id == row["id"])).scalar_one()
    assert kept == row["prompt"]
    assert _count(coach, cards) == 16


# ---------------------------------------------------------------- real processes racing


def _race(cli: CLI, n: int, *args: str) -> list[subprocess.CompletedProcess]:
    procs = [subprocess.Popen([sys.executable, "-m", "systemcraft", *args], env=cli.env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(n)]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=120)
        out.append(subprocess.CompletedProcess(p.args, p.returncode, stdout, stderr))
    return out


@pytest.fixture
def racing_cli(tmp_path, db_url, answers_file):
    extra = {} if db_url.startswith("sqlite") else {"SYSTEMCRAFT_DB": db_url}
    cli = CLI(tmp_path / "home", extra_env=extra)
    r = cli(*INIT_ARGS, "--answers", str(answers_file))
    assert r.returncode == 0, r.stderr
    return cli


def test_six_dones_at_once_record_the_task_once(racing_cli):
    """Six processes complete task 1 together: one is told "Done", five are told it was already done
    (exit 1, one line), and the log holds exactly one entry for it."""
    results = _race(racing_cli, 6, "done", "1")
    codes = sorted(r.returncode for r in results)
    assert codes == [0, 1, 1, 1, 1, 1], [(r.returncode, r.stderr) for r in results]
    for r in results:
        if r.returncode:
            assert r.stderr.strip().count("\n") == 0 and "already done" in r.stderr
    listed = racing_cli.json("log", "list")
    assert len(listed) == 1


def test_four_story_adds_at_once_all_land_with_their_cards(racing_cli, make_env, db_url):
    args = [("story", "add", "--title", f"Racing story {i}", "--lp", "ownership", "--level", "L6",
             "--situation", "The billing database could not take the year-end load.",
             "--task", "I owned moving it within one quarter.",
             "--action", "I planned dual writes and I ran the cutover.",
             "--result", "Zero downtime and $300k a year saved.") for i in range(4)]
    procs = [subprocess.Popen([sys.executable, "-m", "systemcraft", *a], env=racing_cli.env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for a in args]
    outs = [p.communicate(timeout=120) + (p.returncode,) for p in procs]
    assert [rc for _o, _e, rc in outs] == [0, 0, 0, 0], [e for _o, e, _rc in outs]
    listed = racing_cli.json("story", "list")
    assert sorted(s["title"] for s in listed) == [f"Racing story {i}" for i in range(4)]
    from systemcraft.coach import Coach
    coach = Coach(make_env(db_url=db_url))
    try:
        assert storybank.sync_cards(coach.ctx)["added"] == 0     # every story already had its card
        assert _count(coach, cards, cards.c.kind == "story") == 4
    finally:
        coach.close()



def test_a_story_committed_by_another_process_mid_sync_keeps_its_card(make_env, pg_url, monkeypatch):
    """PostgreSQL READ COMMITTED: each statement sees what was committed when it began. Another process
    commits a story and its card while this sync is between its reads; that card must not be taken for
    the card of a deleted story. (SQLite's BEGIN IMMEDIATE lets no other writer in, so this is PostgreSQL's.)"""
    from systemcraft.coach import Coach
    from systemcraft.store import queries
    mine = onboarded(make_env(db_url=pg_url))
    other = Coach(make_env(db_url=pg_url))
    real = Repository.fetch_in
    fired = []

    def interleaved(conn, sql, **params):
        rows = real(conn, sql, **params)
        if not fired and sql in (queries.CARD_REFS, queries.STORIES):
            fired.append(sql)
            monkeypatch.setattr(Repository, "fetch_in", staticmethod(real))
            storybank.add(other.ctx, _story("Committed meanwhile"))     # its own transaction, committed now
            monkeypatch.setattr(Repository, "fetch_in", staticmethod(interleaved))
        return rows
    monkeypatch.setattr(Repository, "fetch_in", staticmethod(interleaved))
    try:
        storybank.add(mine.ctx, _story("Mine"))
        monkeypatch.setattr(Repository, "fetch_in", staticmethod(real))
        assert fired                                                    # the other commit did happen mid-sync
        assert _count(mine, stories) == 2
        assert _count(mine, cards, cards.c.kind == "story") == 2        # both stories kept their cards
    finally:
        other.close()
        mine.close()
