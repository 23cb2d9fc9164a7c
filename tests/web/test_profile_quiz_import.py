"""Issue 16 §4, "the web alone is enough": the profile, the readiness quiz and an import into a home in use,
each done from the browser. Each form posts and redirects (303) to a page that reads the state; a change that
means a different plan says so and previews the re-plan, never rebuilding the plan behind the user's back."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

from tests.conftest import ANSWERS
from tests.web.conftest import count_rows

PROFILE = {"name": "Alex Demo", "role": "manager", "years": "11", "engineers": "12", "level": "L6", "risk": "medium",
           "day_start": "4"}            # the demo candidate as set up (systemcraft/demo.py)
ALL_E = {f"q{i}": "E" for i in range(1, 21)}


def row(home, sql: str, *args):
    with sqlite3.connect(home / "systemcraft.db") as db:
        db.row_factory = sqlite3.Row
        return db.execute(sql, args).fetchone()


def candidate(home):
    return row(home, "SELECT * FROM candidates")


def active_plan(home):
    return row(home, "SELECT id, plan_id, level, version FROM plans WHERE active")


def field_errors(html: str) -> dict[str, str]:
    return dict(re.findall(r'id="e-([\w-]+)" class="field-error" role="alert">([^<]*)<', html))


# ---------------------------------------------------------------- profile

def test_the_profile_page_shows_what_was_set_up(web):
    html = web.get("/settings/profile").text
    assert 'value="Alex Demo"' in html and 'value="11"' in html and 'value="12"' in html
    assert '<option value="L6" selected>' in html and '<option value="manager" selected>' in html
    assert "Your plan was built for" not in html          # target and plan agree: nothing to offer
    assert 'href="/settings/profile"' in web.get("/settings").text


def test_saving_the_profile_changes_it_and_leaves_the_plan_alone(web):
    before = active_plan(web.home)
    tasks = count_rows(web.home, "tasks")
    r = web.post("/settings/profile", {**PROFILE, "name": "Alex Q. Demo", "years": "14", "risk": "low",
                                       "multi_team": "on", "day_start": "5"})
    assert r.status_code == 303 and r.headers["location"].startswith("/settings/profile?saved=1")
    cand = candidate(web.home)
    assert (cand["name"], cand["years_experience"], cand["risk_tolerance"], cand["multi_team"],
            cand["day_start_hour"]) == ("Alex Q. Demo", 14, "low", 1, 5)
    assert tuple(active_plan(web.home)) == tuple(before) and count_rows(web.home, "tasks") == tasks
    page = web.get(r.headers["location"]).text
    assert "Your profile was saved." in page and 'value="Alex Q. Demo"' in page


def test_a_new_target_level_offers_the_re_plan_and_previews_it_before_applying(web):
    before = active_plan(web.home)
    assert before["level"] == "L6"
    r = web.post("/settings/profile", {**PROFILE, "level": "L7"})
    assert r.status_code == 303
    assert candidate(web.home)["target_level"] == "L7"
    assert tuple(active_plan(web.home)) == tuple(before)           # not rebuilt silently
    page = web.get(r.headers["location"]).text
    assert "Your plan was built for L6" in page and "Re-plan for L7" in page
    assert 'name="level" value="L7"' in page
    preview = web.post("/settings/profile/replan", {"level": "L7", "apply": "0"})
    assert preview.status_code == 200
    assert "Preview (nothing saved yet)" in preview.text and "for L7" in preview.text
    assert tuple(active_plan(web.home)) == tuple(before)           # a preview saves nothing
    applied = web.post("/settings/profile/replan", {"level": "L7", "apply": "1"})
    assert applied.status_code == 303 and applied.headers["location"] == "/plan?changed=1"
    after = active_plan(web.home)
    assert (after["id"], after["level"], after["version"]) == (before["id"], "L7", before["version"] + 1)
    assert "Your plan was built for" not in web.get("/settings/profile").text


@pytest.mark.parametrize("change, field, words", [
    ({"name": "   "}, "name", "must not be empty"),
    ({"name": "Alex\x07Demo"}, "name", "control characters"),
    ({"name": "x" * 201}, "name", "too long"),
    ({"years": "eleven"}, "years", "whole number"),
    ({"engineers": "100001"}, "engineers", "between 0 and 100000"),
    ({"level": "L9"}, "level", "choose a target level"),
    ({"level": "auto"}, "level", "choose a target level"),
    ({"role": "wizard"}, "role", "choose your role"),
    ({"day_start": "13"}, "day_start", "between 0 and 12"),
])
def test_a_bad_profile_field_is_refused_by_the_field_keeping_what_was_typed(web, change, field, words):
    before = tuple(candidate(web.home))
    r = web.post("/settings/profile", {**PROFILE, **change, "engineers": change.get("engineers", "30")})
    assert r.status_code == 422
    errors = field_errors(r.text)
    assert field in errors and words in errors[field].lower(), errors
    assert tuple(candidate(web.home)) == before                    # nothing written
    typed = change.get(field, "")
    if field in ("years", "engineers", "day_start"):
        assert f'value="{typed}"' in r.text                        # the typed value comes back
    assert 'value="30"' in r.text or field == "engineers"          # and so do the other fields


def test_the_profile_form_needs_its_csrf_token_and_a_double_submit_changes_it_once(web):
    r = web.post("/settings/profile", {**PROFILE, "name": "Mallory"}, csrf=False)
    assert r.status_code == 403 and candidate(web.home)["name"] == "Alex Demo"
    first = web.post("/settings/profile", {**PROFILE, "years": "15"})
    second = web.post("/settings/profile", {**PROFILE, "years": "15"})
    assert first.status_code == second.status_code == 303
    assert candidate(web.home)["years_experience"] == 15 and count_rows(web.home, "candidates") == 1


def test_a_tampered_re_plan_level_is_refused_and_changes_nothing(web):
    before = tuple(active_plan(web.home))
    r = web.post("/settings/profile/replan", {"level": "L9", "apply": "1"})
    assert r.status_code == 422 and "choose a target level" in r.text.lower()
    assert tuple(active_plan(web.home)) == before


# ---------------------------------------------------------------- quiz

def test_the_quiz_page_is_onboardings_twenty_items_filled_with_the_last_answers(web):
    html = web.get("/settings/quiz").text
    assert html.count('type="radio"') == 100                        # 20 questions × A–E, as at onboarding
    assert html.count("checked") == 20                               # the demo's answers, to change
    assert re.search(r'name="q2" value="B"\s+checked', html)         # demo q2 is B
    welcome_items = re.findall(r'<p id="(q\d+)-label">', html)
    assert welcome_items == [f"q{i}" for i in range(1, 21)]


def test_retaking_the_quiz_stores_it_and_shows_each_area_before_and_after(web):
    assessments = count_rows(web.home, "assessments")
    r = web.post("/settings/quiz", ALL_E)
    assert r.status_code == 303 and r.headers["location"].startswith("/settings/quiz/result")
    assert count_rows(web.home, "assessments") == assessments + 1
    page = web.get(r.headers["location"]).text
    # the demo's answers score 61 (24 + 16 + 21); every answer E scores the maximum of each area
    assert "Your quiz: 100/100" in page and "before: 61/100" in page
    for area, before, top in (("Technical Competency", 24, 40), ("Leadership Experience", 16, 30),
                              ("Cultural Alignment", 21, 30)):
        assert re.search(rf"{area}</th><td class=\"num-col\">{before}/{top}</td><td class=\"num-col\">{top}/{top}"
                         rf"</td><td class=\"num-col\">\+{top - before}</td>", page), area
    assert "+39" in page


def test_a_changed_recommendation_offers_the_re_plan_preview_for_the_new_plan(web):
    """61 points recommended the 12-week comprehensive plan the demo follows; 100 points ("interview ready")
    recommend a shorter one, so the result offers to preview the switch; applying it changes the plan."""
    before = active_plan(web.home)
    r = web.post("/settings/quiz", ALL_E)
    recommended = re.search(r"recommended=(\w+)", r.headers["location"]).group(1)
    assert recommended != before["plan_id"] == "comprehensive"
    page = web.get(r.headers["location"]).text
    assert "We now recommend the" in page and f'name="plan" value="{recommended}"' in page
    preview = web.post("/settings/quiz/replan", {"plan": recommended, "apply": "0"})
    assert preview.status_code == 200 and "Preview (nothing saved yet)" in preview.text
    assert f"Plan {recommended}" in preview.text and tuple(active_plan(web.home)) == tuple(before)
    applied = web.post("/settings/quiz/replan", {"plan": recommended, "apply": "1"})
    assert applied.status_code == 303 and active_plan(web.home)["plan_id"] == recommended


def test_the_same_answers_again_do_not_move_the_recommendation_and_offer_only_a_refit(web):
    r = web.post("/settings/quiz", {k: v for k, v in ANSWERS.items()})   # the demo's own answers
    assert r.status_code == 303 and "recommended=" not in r.headers["location"]
    page = web.get(r.headers["location"]).text
    assert "Fit your plan to these answers" in page and "We now recommend" not in page
    assert "+0" in page


def test_a_double_submit_of_the_quiz_is_stored_once(web):
    assessments = count_rows(web.home, "assessments")
    first = web.post("/settings/quiz", ALL_E)
    second = web.post("/settings/quiz", ALL_E)
    assert first.status_code == second.status_code == 303
    assert count_rows(web.home, "assessments") == assessments + 1
    assert "already recorded today" in web.get(second.headers["location"]).text


def test_a_missing_or_forged_answer_is_refused_by_its_question_and_nothing_is_stored(web):
    assessments = count_rows(web.home, "assessments")
    form = {**ALL_E, "q7": "Z"}
    del form["q13"]
    r = web.post("/settings/quiz", form)
    assert r.status_code == 422
    assert "choose one answer, a to e" in r.text.lower() and "2 questions marked below" in r.text
    assert re.search(r'name="q1" value="E"\s+checked', r.text)       # the answers given come back
    assert count_rows(web.home, "assessments") == assessments


# ---------------------------------------------------------------- import into a home in use

@pytest.fixture
def other_export(fresh_web):
    """An export of another candidate (set up on the web in a fresh home): what is brought in."""
    from tests.web.conftest import onboarding_form
    assert fresh_web.post("/welcome", onboarding_form(name="Robin Other", level="L7")).status_code == 303
    return fresh_web.get("/settings/export.json").content


def upload(web, content: bytes, name: str = "theirs.json"):
    return web.client.post("/settings/import", data={"csrf_token": web.token}, follow_redirects=False,
                           files={"file": (name, content, "application/json")})


def staged(web, content: bytes) -> str:
    r = upload(web, content)
    assert r.status_code == 303 and r.headers["location"] == "/settings/import/confirm"
    page = web.get("/settings/import/confirm").text
    return re.search(r'name="digest" value="([0-9a-f]{64})"', page).group(1)


def test_importing_into_a_home_in_use_shows_the_choice_and_changes_nothing_yet(web, other_export):
    tasks = count_rows(web.home, "tasks")
    r = upload(web, other_export)
    assert r.status_code == 303 and r.headers["location"] == "/settings/import/confirm"
    page = web.get("/settings/import/confirm").text
    assert "Replace everything with this file" in page and "Cancel and keep my data" in page
    assert "Alex Demo" in page and "Robin Other" in page                   # what is here, what is coming
    assert 'href="/settings/export.json"' in page                          # a backup to download first
    assert candidate(web.home)["name"] == "Alex Demo" and count_rows(web.home, "tasks") == tasks


def test_replacing_writes_a_backup_first_then_swaps_everything_in_one_go(web, other_export):
    mine = json.loads(web.get("/settings/export.json").content)
    digest = staged(web, other_export)
    r = web.post("/settings/import/replace", {"digest": digest})
    assert r.status_code == 303 and r.headers["location"].startswith("/settings?replaced=systemcraft-backup-")
    theirs = json.loads(other_export)
    assert count_rows(web.home, "candidates") == 1 and candidate(web.home)["name"] == "Robin Other"
    assert count_rows(web.home, "tasks") == len(theirs["tasks"])
    assert count_rows(web.home, "log_entries") == len(theirs["log_entries"]) == 0   # the demo's log is gone
    # the backup is kept in the data directory and offered for download by name, never by path
    name = re.search(r"replaced=([\w.-]+)", r.headers["location"]).group(1)
    assert (web.home / "backups" / name).is_file()
    page = web.get(r.headers["location"]).text
    assert f'href="/settings/backups/{name}"' in page and str(web.home) not in page
    backup = web.get(f"/settings/backups/{name}")
    assert backup.status_code == 200 and backup.headers["content-disposition"].startswith("attachment")
    kept = json.loads(backup.content)
    assert kept["candidate"]["name"] == "Alex Demo" and len(kept["tasks"]) == len(mine["tasks"])
    assert "Robin Other" in web.get("/settings/profile").text
    again = web.post("/settings/import/replace", {"digest": digest})      # the button pressed twice
    assert again.status_code == 422 and "no file is waiting to be imported" in again.text.lower()
    assert count_rows(web.home, "candidates") == 1 and candidate(web.home)["name"] == "Robin Other"


def test_a_bad_file_is_refused_by_the_field_and_nothing_is_kept_or_replaced(web, other_export):
    data = json.loads(other_export)
    data["tasks"][0]["minutes"] = 9999                     # valid JSON, refused by the full check
    r = upload(web, json.dumps(data).encode(), "edited.json")
    assert r.status_code == 422
    assert "tasks[0].minutes is out of range" in field_errors(r.text)["file"]
    assert not (web.home / "imports" / "pending-import.json").exists()
    assert web.get("/settings/import/confirm").headers["location"] == "/settings#import"
    r = upload(web, b"")
    assert r.status_code == 422 and "file" in field_errors(r.text)
    assert candidate(web.home)["name"] == "Alex Demo"


def test_cancel_keeps_everything_and_a_stale_confirmation_is_refused(web, other_export):
    digest = staged(web, other_export)
    r = web.post("/settings/import/replace", {"digest": "0" * 64})
    assert r.status_code == 422 and "not the one you confirmed" in r.text.lower()
    cancel = web.post("/settings/import/cancel")
    assert cancel.status_code == 303 and "import=cancelled" in cancel.headers["location"]
    assert "The import was cancelled" in web.get(cancel.headers["location"]).text
    assert web.post("/settings/import/replace", {"digest": digest}).status_code == 422
    assert candidate(web.home)["name"] == "Alex Demo" and not (web.home / "backups").exists()


def test_a_failure_while_loading_leaves_everything_as_it_was(web, other_export, monkeypatch):
    """Delete and load are one transaction: a load that fails half way removes nothing."""
    from fastapi.testclient import TestClient
    from systemcraft.store import repository
    digest = staged(web, other_export)
    tasks = count_rows(web.home, "tasks")

    def broken(repo, conn, data):           # after the delete, in its transaction: the database refuses a row
        conn.execute("INSERT INTO log_entries (candidate_id) VALUES (NULL)", {})
    monkeypatch.setattr(repository, "load", broken)
    client = TestClient(web.client.app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    client.cookies.update(web.client.cookies)
    r = client.post("/settings/import/replace", data={"csrf_token": web.token, "digest": digest},
                    follow_redirects=False)
    assert r.status_code == 500
    assert len(list((web.home / "backups").iterdir())) == 1          # it got as far as the load
    assert candidate(web.home)["name"] == "Alex Demo" and count_rows(web.home, "tasks") == tasks


def test_an_export_over_the_limit_comes_back_to_the_page_with_the_message_by_the_field(web, monkeypatch):
    from systemcraft.web import security
    r = web.client.post("/settings/import", data={"csrf_token": web.token}, follow_redirects=False,
                        files={"file": ("huge.json", b"x" * (security.MAX_UPLOAD + 1), "application/json")})
    assert r.status_code == 413 and r.headers["content-type"].startswith("text/html")
    assert "larger than" in field_errors(r.text)["file"].lower()
    assert candidate(web.home)["name"] == "Alex Demo"


def test_only_a_backup_by_its_own_name_can_be_downloaded(web):
    for name in ("systemcraft-backup-20261123-101010.json", "..%2Fsystemcraft.db", "web.secret"):
        assert web.get(f"/settings/backups/{name}").status_code == 404


def test_a_fresh_home_still_imports_at_once(fresh_web, web):
    exported = web.get("/settings/export.json").content
    r = upload(fresh_web, exported)
    assert r.status_code == 303 and r.headers["location"].startswith("/?imported=")
    assert candidate(fresh_web.home)["name"] == "Alex Demo"
