"""The practice log on the web (issue 16 §4, "the web alone is enough"): everything `systemcraft log
coding|design|concept|study|story|mock|notes|list|edit|delete` does, on the Log and Week pages.

The demo candidate is in plan week 3 (Fri 20 Nov – Thu 26 Nov 2026; today is Mon 23 Nov). Its week-3 scorecard
starts at: coding problems 0, design problems 3, stories 1, mocks 0, concepts 0, industry updates 0, networking 0,
and 2.5 hours logged. Each entry added here must move exactly the number the same CLI entry moves."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

import pytest

from systemcraft.coach import Coach
from systemcraft.environment import Environment
from systemcraft.services import logbook
from tests.conftest import TODAY
from tests.web.conftest import count_rows
from tests.web.html_page import by_id, form, parse, shown_value
from tests.web.test_form_errors import assert_errors_by_fields, assert_native_checks_are_off

START = {"coding": 0, "design": 3, "stories": 1, "mocks": 0, "concepts": 0, "industry": 0, "networking": 0}


def card_numbers(web) -> dict:
    c = web.coach()
    try:
        card = c.weekly_scorecard()
    finally:
        c.close()
    items = {i["id"]: i["value"] for i in card["items"]}
    return {**{k: items[k] for k in START}, "week": card["week"], "hours": card["hours"]}


def entry(web, entry_id: int) -> dict:
    c = web.coach()
    try:
        return c.log_entry(entry_id)
    finally:
        c.close()


def added(web, kind: str, data: dict) -> int:
    r = web.post(f"/log/{kind}", data)
    assert r.status_code == 303, re.findall(r'class="field-error"[^>]*>([^<]*)', r.text)
    location = r.headers["location"]
    assert location.startswith(f"/log?add={kind}&added=") and "again" not in location
    return int(re.search(r"added=(\d+)", location).group(1))


def notice(web, location: str) -> str:
    page = web.get(location)
    assert page.status_code == 200
    return html.unescape(re.search(r'class="notice ok" role="status">([^<]*)<', page.text).group(1))


def row_ids(text: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr id="entry-(\d+)"', text)]


CODING = {"title": "Two Sum", "pattern": "hash-maps", "difficulty": "easy", "minutes": "15", "alone": "yes"}


# ------------------------------------------------------------------------------------------------ adding

def test_each_kind_is_logged_as_the_cli_logs_it_listed_and_counted_on_the_scorecard(web):
    assert card_numbers(web) == {**START, "week": 3, "hours": 2.5}
    before_rows = count_rows(web.home, "log_entries")
    ids = {
        "coding": added(web, "coding", {**CODING, "link": "https://leetcode.com/problems/two-sum/"}),
        "design": added(web, "design", {"problem": "A chat system", "level": "L7", "minutes": "50", "score": "4"}),
        "concept": added(web, "concept", {"text": "Consistent hashing", "learning": "concept"}),
        "industry": added(web, "concept", {"text": "Read the DynamoDB paper", "learning": "industry"}),
        "networking": added(web, "concept", {"text": "Coffee with a bar raiser", "learning": "networking"}),
        "study": added(web, "study", {"category": "system_design", "minutes": "90", "topic": "Caching"}),
        "story": added(web, "story", {"title": "The migration I owned", "lp": "ownership", "minutes": "40"}),
        "mock": added(web, "mock", {"type": "bar raiser", "score": "3", "minutes": "60"}),
    }
    assert count_rows(web.home, "log_entries") == before_rows + 8
    # The same entries the CLI's builders make (the day defaulted to today), field for field.
    cli = {"coding": logbook.coding_entry(TODAY, "Two Sum", "hash-maps", "easy", 15, True,
                                          "https://leetcode.com/problems/two-sum/"),
           "design": logbook.design_entry(TODAY, "A chat system", "L7", 50, 4),
           "concept": logbook.concept_entry(TODAY, "Consistent hashing", "concept"),
           "industry": logbook.concept_entry(TODAY, "Read the DynamoDB paper", "industry"),
           "networking": logbook.concept_entry(TODAY, "Coffee with a bar raiser", "networking"),
           "study": logbook.study_entry(TODAY, "system_design", 90, "Caching"),
           "story": logbook.story_entry(TODAY, "The migration I owned", "ownership", 40),
           "mock": logbook.mock_entry(TODAY, "bar raiser", 3, 60)}
    for kind, entry_id in ids.items():
        stored = entry(web, entry_id)
        assert {k: stored[k] for k in cli[kind]} == cli[kind] and stored["count"] == 1, kind
    # Counted where the CLI's entries are counted: each count item +1 (a coding entry's count is 1), and the
    # study, coding, design, story and mock minutes (90 + 15 + 50 + 40 + 60 = 255) add 4.25 hours to 2.5.
    assert card_numbers(web) == {"coding": 1, "design": 4, "stories": 2, "mocks": 1, "concepts": 1, "industry": 1,
                                 "networking": 1, "week": 3, "hours": 6.75}
    page = web.get("/log")
    assert page.status_code == 200
    assert row_ids(page.text)[:8] == sorted(ids.values(), reverse=True)          # newest first
    for text in ("Two Sum", "A chat system", "Consistent hashing", "Coffee with a bar raiser", "Caching",
                 "The migration I owned", "bar raiser", "Hash maps and sets", "Ownership"):
        assert text in page.text, text


def test_the_redirect_says_what_was_logged_and_the_day_defaults_to_today(web):
    r = web.post("/log/coding", CODING)
    assert r.status_code == 303
    assert notice(web, r.headers["location"]).startswith("Logged #")
    assert "coding problem “Two Sum” on Mon 23 Nov" in notice(web, r.headers["location"])
    form_page = parse(web.get("/log").text)
    assert shown_value(form(form_page, "/log/coding"), "day") == "2026-11-23"
    earlier = added(web, "concept", {"text": "Quorum reads", "learning": "concept", "day": "2026-11-10"})
    assert entry(web, earlier)["day"] == date(2026, 11, 10)


def test_the_kind_switch_needs_no_script_and_each_form_has_the_clis_fields(web):
    fields = {"coding": {"title", "pattern", "difficulty", "minutes", "alone", "link", "day"},
              "design": {"problem", "level", "minutes", "score", "day"}, "concept": {"text", "learning", "day"},
              "study": {"category", "minutes", "topic", "day"}, "story": {"title", "lp", "minutes", "day"},
              "mock": {"type", "score", "minutes", "day"}}
    for kind, names in fields.items():
        text = web.get(f"/log?add={kind}").text
        assert "<script>" not in text and " onclick" not in text
        page = parse(text)
        assert_native_checks_are_off(page, f"/log/{kind}")
        f = form(page, f"/log/{kind}")
        got = {c.get("name") for c in f.find_all(lambda n: n.tag in ("input", "select", "textarea"))}
        assert got - {"csrf_token"} == names, kind
    assert "/log?add=mock" in web.get("/log").text
    assert web.get("/log?add=nonsense").status_code == 200            # an unknown kind shows the first form
    assert web.post("/log/nonsense", CODING).status_code == 404


def test_days_outside_the_plan_or_in_the_future_are_refused_as_the_service_refuses_them(web):
    before = count_rows(web.home, "log_entries")
    for day, words in (("2026-11-24", "2026-11-24 is in the future; log what you have done (today is 2026-11-23)"),
                       ("2026-11-05", "2026-11-05 is before your plan started (2026-11-06)"),
                       ("23/11/2026", "not a valid date")):
        r = web.post("/log/concept", {"text": "Quorum reads", "learning": "concept", "day": day})
        assert r.status_code == 422
        assert words in html.unescape(by_id(parse(r.text), "e-day").text()), day
    assert count_rows(web.home, "log_entries") == before


# ------------------------------------------------------------------------------------------------ every field wrong

@pytest.mark.parametrize("kind, bad, expected", [
    ("coding", {"title": "", "pattern": "trees-ish", "difficulty": "trivial", "minutes": "0", "alone": "maybe",
                "link": "ftp://x", "day": "2027-01-01"},
     {"title": "The problem's name must not be empty", "pattern": "Choose a pattern", "difficulty": "Choose a difficulty",
      "minutes": "between 1 and 720, got 0", "alone": "Choose how you solved it",
      "link": "must start with http:// or https://", "day": "is in the future"}),
    ("design", {"problem": "P" * 301, "level": "L9", "minutes": "lots", "score": "6", "day": "yesterday"},
     {"problem": "too long (301 characters, at most 300)", "level": "Choose a level", "minutes": "whole number",
      "score": "between 1 and 5, got 6", "day": "not a valid date"}),
    ("concept", {"text": " ", "learning": "gossip", "day": "2026-01-01"},
     {"text": "must not be empty", "learning": "Choose what kind it is", "day": "before your plan started"}),
    ("study", {"category": "yoga", "minutes": "-5", "topic": "T" * 301},
     {"category": "Choose an area", "minutes": "between 1 and 720, got -5", "topic": "too long"}),
    ("story", {"title": "", "lp": "charm", "minutes": "999"},
     {"title": "must not be empty", "lp": "Choose a principle", "minutes": "between 1 and 720, got 999"}),
    ("mock", {"type": "", "score": "0", "minutes": ""},
     {"type": "must not be empty", "score": "between 1 and 5, got 0", "minutes": "Enter the minutes"}),
])
def test_every_field_wrong_at_once_is_named_in_one_reply_and_nothing_is_written(web, kind, bad, expected):
    before = count_rows(web.home, "log_entries")
    r = web.post(f"/log/{kind}", bad)
    assert r.status_code == 422
    typed = {k: v for k, v in bad.items() if k in ("title", "problem", "minutes", "score", "link", "day", "topic")}
    assert_errors_by_fields(r.text, f"/log/{kind}", expected, typed)
    assert count_rows(web.home, "log_entries") == before


# ------------------------------------------------------------------------------------------------ double submit

def test_an_add_sent_twice_logs_one_entry_and_says_so(web):
    """The service keeps a hand-logged entry identical to one written in the last 10 seconds from being added
    again (tracking.DOUBLE_SUBMIT_SECONDS); the web says the second send was the same entry."""
    before = count_rows(web.home, "log_entries")
    first = web.post("/log/coding", CODING)
    second = web.post("/log/coding", CODING)
    assert first.status_code == second.status_code == 303
    entry_id = re.search(r"added=(\d+)", first.headers["location"]).group(1)
    assert second.headers["location"] == f"/log?add=coding&added={entry_id}&again=1"
    assert count_rows(web.home, "log_entries") == before + 1
    assert "You sent this twice: it was logged once" in notice(web, second.headers["location"])
    assert card_numbers(web)["coding"] == 1                     # counted once
    other = web.post("/log/coding", {**CODING, "minutes": "20"})    # a different entry is a new one
    assert other.status_code == 303 and "again" not in other.headers["location"]
    assert count_rows(web.home, "log_entries") == before + 2


@dataclass(frozen=True)
class Ticking(Environment):
    """A clock the test moves: the store stamps created_at with it."""

    def now(self) -> datetime:
        return MOMENT[0]


MOMENT = [datetime(2026, 11, 23, 9, 0, 0, tzinfo=timezone.utc)]


def test_the_service_adds_the_same_entry_again_once_the_double_submit_window_has_passed(web):
    from systemcraft.services.tracking import DOUBLE_SUBMIT_SECONDS
    env = Ticking(home=web.home, db_url=web.env.db_url, today=TODAY, timezone="Europe/London")
    c = Coach(env)
    try:
        entry_ = logbook.design_entry(TODAY, "A URL shortener", "L6", 45, 3)
        first = c.log(entry_)
        MOMENT[0] += timedelta(seconds=DOUBLE_SUBMIT_SECONDS - 1)
        again = c.log(entry_)
        assert again["duplicate"] is True and again["id"] == first["id"] and first["duplicate"] is False
        MOMENT[0] += timedelta(seconds=2)                     # 11 s after the first: a second design session
        later = c.log(entry_)
        assert later["duplicate"] is False and later["id"] != first["id"]
        checkin = logbook.checkin_entry(TODAY, 1.0, None, 3, 3, None)
        assert c.log(checkin)["updated"] is False and c.log(checkin)["updated"] is True   # check-ins: one a day
    finally:
        c.close()


def test_the_double_submit_guard_and_the_page_query_hold_on_both_databases(make_env, db_url):
    from tests.conftest import onboarded
    c = onboarded(make_env(db_url=db_url))
    try:
        problem = logbook.coding_entry(TODAY, "LRU cache", "design-coding", "medium", 30, True)
        first, again = c.log(problem), c.log(problem)
        assert (again["id"], again["duplicate"]) == (first["id"], True)
        other = c.log({**problem, "minutes": 31})
        assert other["duplicate"] is False and other["id"] != first["id"]
        assert [e["minutes"] for e in c.log_list(kind="coding")] == [30, 31]
        newest, total = c.log_page(kind="coding", limit=1, offset=0)      # the web's page query, newest first
        assert total == 2 and [e["minutes"] for e in newest] == [31]
        assert [e["minutes"] for e in c.log_page(kind="coding", limit=1, offset=1)[0]] == [30]
        assert c.log_page(limit=50, offset=0)[1] == len(c.log_list())
    finally:
        c.close()


def test_the_cli_says_a_command_run_twice_logged_once(ready_cli):
    args = ("log", "concept", "Consistent hashing")
    first = ready_cli(*args)
    second = ready_cli(*args)
    assert first.returncode == second.returncode == 0
    entry_id = re.search(r"Logged #(\d+)", first.stdout).group(1)
    assert f"Already logged as #{entry_id} a moment ago, so not added twice" in second.stdout
    assert [e["title"] for e in ready_cli.json("log", "list", "--kind", "concept")] == ["Consistent hashing"]


# ------------------------------------------------------------------------------------------------ text as typed

def test_emoji_and_right_to_left_text_are_kept_as_typed(web):
    title = "שלום 👋 Two Sum — ✓ مرحبا"
    entry_id = added(web, "coding", {**CODING, "title": title})
    assert entry(web, entry_id)["title"] == title
    assert html.escape(title, quote=False) in web.get("/log").text
    edit_page = parse(web.get(f"/log/{entry_id}/edit").text)
    assert shown_value(form(edit_page, f"/log/{entry_id}/edit"), "title") == title


def test_control_characters_are_refused_by_the_field_with_the_text_kept(web):
    before = count_rows(web.home, "log_entries")
    typed = "Two\x07Sum \u202e"
    r = web.post("/log/coding", {**CODING, "title": typed, "link": "https://x.example/\x1b[31m"})
    assert r.status_code == 422
    assert_errors_by_fields(r.text, "/log/coding", {"title": "contains control characters",
                                                    "link": "contains control characters"},
                            {"title": typed.strip()})
    assert count_rows(web.home, "log_entries") == before


# ------------------------------------------------------------------------------------------------ list, edit, delete

def test_the_list_is_newest_first_bounded_and_filtered_by_week_and_kind(web):
    everything = web.coach().log_list()          # the demo's 59 entries, Fri 6 Nov – Sat 21 Nov
    assert len(everything) > 50
    first = web.get("/log")
    ids = row_ids(first.text)
    assert len(ids) == 50 and "page 1 of 2" in first.text
    by_id_ = {e["id"]: e for e in everything}
    days = [by_id_[i]["day"] for i in ids]
    assert days == sorted(days, reverse=True)
    older = re.search(r'href="(/log\?page=2#entries)"', first.text).group(1)
    rest = row_ids(web.get(older).text)
    assert len(rest) == len(everything) - 50 and not set(rest) & set(ids)
    design_week_3 = row_ids(web.get("/log?week=3&kind=design").text)
    want = [e["id"] for e in reversed(everything)
            if e["kind"] == "design" and date(2026, 11, 20) <= e["day"] <= date(2026, 11, 26)]
    assert design_week_3 == want and len(want) == 2            # two design entries (3 problems: one counts 2)
    bad = web.get("/log?week=13&kind=yoga")
    assert bad.status_code == 422
    page = parse(bad.text)
    assert "Choose a week from 1 to 12" in by_id(page, "e-week").text()
    assert "Choose a kind from the list" in by_id(page, "e-kind").text()


def test_an_entry_is_edited_from_a_prefilled_form_and_redirected(web):
    entry_id = added(web, "coding", CODING)
    page = parse(web.get(f"/log/{entry_id}/edit").text)
    f = form(page, f"/log/{entry_id}/edit")
    assert_native_checks_are_off(page, f"/log/{entry_id}/edit")
    assert {n: shown_value(f, n) for n in ("title", "pattern", "difficulty", "minutes", "count", "solved_alone",
                                           "day")} == {
        "title": "Two Sum", "pattern": "hash-maps", "difficulty": "easy", "minutes": "15", "count": "1",
        "solved_alone": "yes", "day": "2026-11-23"}
    values = {"title": "Two Sum II", "pattern": "two-pointers", "difficulty": "medium", "minutes": "25",
              "count": "3", "solved_alone": "no", "link": "", "day": "2026-11-22"}
    r = web.post(f"/log/{entry_id}/edit", values)
    assert r.status_code == 303 and r.headers["location"] == f"/log?updated={entry_id}"
    assert "Saved your changes to" in notice(web, r.headers["location"])
    e = entry(web, entry_id)
    assert (e["title"], e["pattern"], e["difficulty"], e["minutes"], e["count"], e["solved_alone"], e["day"]) == \
        ("Two Sum II", "two-pointers", "medium", 25, 3, False, date(2026, 11, 22))
    assert card_numbers(web)["coding"] == 3                     # a count of 3 is three problems on the scorecard
    same = web.post(f"/log/{entry_id}/edit", values)            # sent again: nothing left to change
    assert same.headers["location"] == f"/log?unchanged={entry_id}"


def test_an_edit_with_every_field_wrong_names_them_all_and_changes_nothing(web):
    entry_id = added(web, "design", {"problem": "A chat system", "level": "L6", "minutes": "50", "score": "4"})
    bad = {"title": "", "level": "L9", "minutes": "0", "count": "201", "score": "5.5", "day": "2026-12-25"}
    r = web.post(f"/log/{entry_id}/edit", bad)
    assert r.status_code == 422
    assert_errors_by_fields(r.text, f"/log/{entry_id}/edit", {
        "title": "Enter the problem: it can be changed but not removed", "level": "Choose a level",
        "minutes": "between 1 and 720, got 0", "count": "between 1 and 200, got 201",
        "score": "at most 5, got 5.5", "day": "is in the future"}, {"minutes": "0", "count": "201", "score": "5.5"})
    e = entry(web, entry_id)
    assert (e["title"], e["level"], e["minutes"], e["score"]) == ("A chat system", "L6", 50, 4.0)


def test_a_checkin_is_edited_and_its_insight_keeps_its_line_breaks(web):
    c = web.coach()
    checkin = c.day_checkin(date(2026, 11, 21))
    c.close()
    r = web.post(f"/log/{checkin['id']}/edit", {"minutes": "90", "title": "Caching", "confidence": "4",
                                                "energy": "2", "insight": "Say the number first.\r\nThen why.",
                                                "day": "2026-11-21"})
    assert r.status_code == 303
    e = entry(web, checkin["id"])
    assert (e["minutes"], e["confidence"], e["energy"], e["insight"]) == (90, 4, 2, "Say the number first.\nThen why.")


def test_delete_asks_first_then_removes_the_entry_and_its_count(web):
    entry_id = added(web, "mock", {"type": "behavioral", "score": "4", "minutes": "45"})
    assert card_numbers(web)["mocks"] == 1
    confirm = web.get(f"/log/{entry_id}/delete")
    assert confirm.status_code == 200 and f"Delete log entry #{entry_id}?" in confirm.text
    assert form(parse(confirm.text), f"/log/{entry_id}/delete") is not None
    assert entry(web, entry_id)["kind"] == "mock"                # asking deletes nothing
    assert f'href="/log/{entry_id}/delete"' in web.get("/log").text
    r = web.post(f"/log/{entry_id}/delete")
    assert r.status_code == 303 and r.headers["location"] == f"/log?deleted={entry_id}"
    assert f"Entry #{entry_id} is deleted." == notice(web, r.headers["location"])
    assert card_numbers(web)["mocks"] == 0
    again = web.post(f"/log/{entry_id}/delete")                 # pressed twice, or from another tab: same end
    assert again.status_code == 303
    gone = web.get(f"/log/{entry_id}/edit")
    assert gone.status_code == 404 and "it may have been deleted" in gone.text


def test_every_log_post_needs_the_csrf_token(web):
    entry_id = added(web, "concept", {"text": "Quorum reads", "learning": "concept"})
    before = count_rows(web.home, "log_entries")
    for path, data in (("/log/coding", CODING), (f"/log/{entry_id}/edit", {"title": "changed"}),
                       (f"/log/{entry_id}/delete", {}), ("/week/notes", {"week": "3", "win": "x"})):
        assert web.post(path, data, csrf=False).status_code == 403, path
    assert count_rows(web.home, "log_entries") == before and entry(web, entry_id)["title"] == "Quorum reads"


def test_no_log_page_shows_a_shell_command_or_a_path(web):
    entry_id = added(web, "concept", {"text": "Quorum reads", "learning": "concept"})
    pages = [web.get(p).text for p in ("/log", f"/log/{entry_id}/edit", f"/log/{entry_id}/delete", "/log/99999/edit",
                                       "/week")]
    pages.append(web.post("/log/coding", {}).text)
    for text in pages:
        assert "systemcraft " not in text.lower().replace("systemcraft home", "") and "`" not in text
        assert str(web.home) not in text


def test_log_is_in_the_navigation(web):
    page = web.get("/log").text
    assert re.search(r'<a href="/log" aria-current="page">Log</a>', page)


# ------------------------------------------------------------------------------------------------ week notes

NOTES = {"week": "3", "win": "First full design in 45 minutes 🎉", "challenge": "Quantifying results\nin stories",
         "focus": "Bar-raiser mock"}


def test_the_weeks_notes_are_saved_on_the_week_page_next_to_the_ratings(web):
    page = parse(web.get("/week").text)
    assert form(page, "/week/ratings") is not None and form(page, "/week/notes") is not None
    assert_native_checks_are_off(page, "/week/notes")
    r = web.post("/week/notes", NOTES)
    assert r.status_code == 303 and r.headers["location"] == "/week?n=3&noted=1#notes"
    c = web.coach()
    assert c.weekly_scorecard(3)["free_text"] == {"biggest_win": NOTES["win"], "challenge": NOTES["challenge"],
                                                  "next_focus": NOTES["focus"]}
    c.close()
    shown = web.get("/week?n=3&noted=1")
    assert "Notes saved for week 3." in shown.text
    f = form(parse(shown.text), "/week/notes")
    assert (shown_value(f, "win"), shown_value(f, "challenge")) == (NOTES["win"], NOTES["challenge"])
    r = web.post("/week/notes", {**NOTES, "challenge": ""})      # emptying a box removes that note
    assert r.status_code == 303
    c = web.coach()
    assert c.weekly_scorecard(3)["free_text"]["challenge"] is None
    assert c.weekly_scorecard(3)["free_text"]["biggest_win"] == NOTES["win"]
    c.close()
    past = web.post("/week/notes", {"week": "2", "win": "Week two's win", "challenge": "", "focus": ""})
    assert past.headers["location"] == "/week?n=2&noted=1#notes"


def test_week_notes_every_field_wrong_at_once_and_an_empty_form(web):
    bad = {"week": "3", "win": "W" * 501, "challenge": "tab\tok but bell \x07", "focus": "F" * 600}
    r = web.post("/week/notes", bad)
    assert r.status_code == 422
    assert_errors_by_fields(r.text, "/week/notes", {"win": "too long (501 characters, at most 500)",
                                                    "challenge": "contains control characters",
                                                    "focus": "too long (600 characters, at most 500)"},
                            {"win": bad["win"], "focus": bad["focus"]})
    empty = web.post("/week/notes", {"week": "3", "win": " ", "challenge": "", "focus": ""})
    assert empty.status_code == 422
    assert "Write at least one note" in by_id(parse(empty.text), "e-notes").text()
    c = web.coach()
    assert c.weekly_scorecard(3)["free_text"] == {"biggest_win": None, "challenge": None, "next_focus": None}
    c.close()
    assert web.post("/week/notes", {**NOTES, "week": "99"}).status_code == 422


def test_the_cli_edit_of_solved_alone_to_no_is_stored_as_no(ready_cli):
    """`log edit ID solved_alone=no` used to store the text "False", which a boolean column reads as true."""
    out = ready_cli("log", "coding", "--title", "Two sum", "--pattern", "hash-maps", "--difficulty", "easy",
                    "--minutes", "15")
    entry_id = re.search(r"Logged #(\d+)", out.stdout).group(1)
    assert ready_cli("log", "edit", entry_id, "solved_alone=no").returncode == 0
    row = next(e for e in ready_cli.json("log", "list") if str(e["id"]) == entry_id)
    assert row["solved_alone"] is False
