"""Every page renders on real data; every form validates like the CLI, and bad input writes nothing."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import count_rows, onboarding_form

PAGES = ["/", "/welcome/plan", "/plan", "/plan?week=1", "/plan/calendar", "/plan/calendar?month=2027-01", "/week",
         "/week?n=1", "/stories", "/stories/new", "/review", "/mock", "/progress", "/settings"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_with_navigation_and_no_external_assets(web, path):
    r = web.get(path)
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"].startswith("text/html")
    assert '<nav aria-label="Main">' in r.text
    assert not re.search(r"""(src|href)=["']https?://""", r.text), "pages must not load anything from the web"
    assert 'name="viewport"' in r.text


def test_a_fresh_home_goes_to_onboarding(fresh_web):
    for path in ("/", "/plan", "/progress", "/stories"):
        r = fresh_web.get(path)
        assert r.status_code == 303 and r.headers["location"] == "/welcome", path
    page = fresh_web.get("/welcome")
    assert page.status_code == 200
    assert page.text.count('type="radio"') == 100          # 20 questions × A–E


def test_onboarding_builds_the_plan_and_explains_it(fresh_web):
    r = fresh_web.post("/welcome", onboarding_form())
    assert r.status_code == 303 and r.headers["location"] == "/welcome/plan"
    plan = fresh_web.get("/welcome/plan")
    assert "Why this plan" in plan.text and "/100" in plan.text
    assert count_rows(fresh_web.home, "tasks") > 0
    today = fresh_web.get("/")
    assert today.status_code == 200 and "Today's tasks" in today.text
    for path in PAGES:                      # day one: no ratings, logs, stories or mocks yet
        assert fresh_web.get(path).status_code == 200, path


@pytest.mark.parametrize("field, value, message", [
    ("interview", "2026-13-40", "not a valid date"),
    ("interview", "2026-11-01", "not in the future"),
    ("years", "lots", "whole number"),
    ("engineers", "-4", "between 0 and 100000"),
    ("hours", "500", "at most 70"),
    ("name", "", "must not be empty"),
    ("name", "x" * 201, "too long"),
    ("q7", "Z", "Choose one answer"),          # by its field, in sentence case (issue 16 §8)
    ("role", "wizard", "Choose your role"),
])
def test_onboarding_errors_sit_next_to_their_field_and_nothing_is_written(fresh_web, field, value, message):
    r = fresh_web.post("/welcome", onboarding_form(**{field: value}))
    assert r.status_code == 422
    assert message in r.text
    assert f'aria-invalid="true" aria-describedby="e-{field}"' in r.text or f'id="e-{field}"' in r.text \
        or field.startswith("q") or field == "role"
    assert count_rows(fresh_web.home, "candidates") == 0


def test_no_study_days_is_an_error(fresh_web):
    form = onboarding_form()
    form["days"] = []
    r = fresh_web.post("/welcome", form)
    assert r.status_code == 422 and "Pick at least one study day" in r.text
    assert count_rows(fresh_web.home, "plans") == 0


def test_hostile_name_is_escaped_everywhere(fresh_web):
    r = fresh_web.post("/welcome", onboarding_form(name="<script>alert(1)</script>", interview="bad"))
    assert r.status_code == 422
    assert "<script>alert(1)</script>" not in r.text and "&lt;script&gt;" in r.text


def test_posts_without_the_csrf_token_are_refused_and_write_nothing(fresh_web):
    r = fresh_web.post("/welcome", onboarding_form(), csrf=False)
    assert r.status_code == 403 and "CSRF" in r.text
    r = fresh_web.post("/welcome", onboarding_form(csrf_token="forged-token-" + "x" * 30))
    assert r.status_code == 403
    assert count_rows(fresh_web.home, "candidates") == 0


def test_cross_site_posts_are_refused(web):
    before = count_rows(web.home, "log_entries")
    r = web.post("/checkin", {"hours": "2", "confidence": "3", "energy": "3"},
                 headers={"Origin": "http://evil.example"})
    assert r.status_code == 403 and "cross-site" in r.text
    assert count_rows(web.home, "log_entries") == before


def test_other_host_names_are_refused(web):
    r = web.client.get("/", headers={"Host": "attacker.example"})
    assert r.status_code == 400


def test_unknown_pages_and_methods_get_the_site_error_page_and_the_api_json(web):
    r = web.get("/no-such-page")
    assert r.status_code == 404 and "no such page" in r.text and 'href="/delivery"' in r.text   # with navigation
    r = web.client.put("/delivery")
    assert r.status_code == 405 and "Method Not Allowed" in r.text and "GET" in r.headers["allow"]
    r = web.client.get("/api/no-such-thing")
    assert r.status_code == 404 and r.json() == {"error": "Not Found"}


def test_oversized_bodies_are_refused_before_parsing(web):
    before = count_rows(web.home, "log_entries")
    r = web.post("/checkin", {"hours": "2", "confidence": "3", "energy": "3", "insight": "x" * 300_000})
    assert r.status_code == 413
    assert count_rows(web.home, "log_entries") == before


def _first_planned(web):
    html = web.get("/").text
    return re.search(r'action="/tasks/([0-9.-]+)/done"', html).group(1)


def test_done_with_minutes_from_the_today_page(web):
    ref = _first_planned(web)
    before = count_rows(web.home, "log_entries")
    r = web.post(f"/tasks/{ref}/done", {"minutes": "25"}, headers={"HX-Request": "true"})
    assert r.status_code == 200
    assert 'class="task done"' in r.text and "Done · 25 min" in r.text
    assert count_rows(web.home, "log_entries") == before + 1
    again = web.post(f"/tasks/{ref}/done", {"minutes": "25"}, headers={"HX-Request": "true"})
    assert again.status_code == 422 and "already done" in again.text
    assert count_rows(web.home, "log_entries") == before + 1


@pytest.mark.parametrize("minutes, message", [("0", "between 1 and 720"), ("9999", "between 1 and 720"),
                                              ("ten", "whole number")])
def test_bad_minutes_are_refused(web, minutes, message):
    ref = _first_planned(web)
    r = web.post(f"/tasks/{ref}/done", {"minutes": minutes}, headers={"HX-Request": "true"})
    assert r.status_code == 422 and message in r.text
    assert 'class="task planned"' in r.text


def test_skip_needs_a_reason(web):
    ref = _first_planned(web)
    r = web.post(f"/tasks/{ref}/skip", {"reason": "  "}, headers={"HX-Request": "true"})
    assert r.status_code == 422 and "must not be empty" in r.text
    r = web.post(f"/tasks/{ref}/skip", {"reason": "Travelling"})
    assert r.status_code == 303
    assert "Skipped · Travelling" in web.get("/").text


def test_unknown_task_reference(web):
    r = web.post("/tasks/99/done", {"minutes": "10"})
    assert r.status_code == 404 and "no task 99" in r.text


def test_daily_checkin(web):
    r = web.post("/checkin", {"hours": "1.5", "topic": "Caching", "confidence": "4", "energy": "3",
                              "insight": "Write-through vs write-back"}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "Check-in saved" in r.text
    bad = web.post("/checkin", {"hours": "30", "confidence": "9", "energy": ""}, headers={"HX-Request": "true"})
    assert bad.status_code == 422
    assert "at most 16" in bad.text and "between 1 and 5" in bad.text and "Enter energy" in bad.text


def test_plan_week_calendar_and_bad_queries(web):
    assert "Week 2" in web.get("/plan?week=2").text
    assert web.get("/plan?week=999").status_code == 422
    assert web.get("/plan/calendar?month=2026-99").status_code in (400, 422)
    cal = web.get("/plan/calendar?month=2027-01").text
    assert "January 2027" in cal and "interview" in cal


def test_ics_download_parses_back(web):
    from icalendar import Calendar
    r = web.get("/plan.ics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
    cal = Calendar.from_ical(r.content)
    events = [c for c in cal.walk("VEVENT")]
    assert len(events) > 20 and all(e.get("UID") for e in events)


def test_settings_preview_then_apply(web):
    base = {"hours": "6", "interview": "2027-01-29", "days": ["mon", "wed", "fri"], "max_day": "120"}
    versions = count_rows(web.home, "plan_changes")
    preview = web.post("/plan/regenerate", {**base, "apply": "0"})
    assert preview.status_code == 200 and "Preview (nothing saved yet)" in preview.text
    assert count_rows(web.home, "plan_changes") == versions
    applied = web.post("/plan/regenerate", {**base, "apply": "1"})
    assert applied.status_code == 303
    assert count_rows(web.home, "plan_changes") == versions + 1
    assert "6 h/week" in web.get("/plan").text


@pytest.mark.parametrize("field, value, message", [
    ("hours", "-2", "at least 1"), ("interview", "2026-11-20", "must be after today"),
    ("add_blackouts", "2027-01-05..2027-01-01", "ends before it starts"), ("max_day", "5", "between 30 and 720")])
def test_settings_errors_are_shown_by_the_field(web, field, value, message):
    versions = count_rows(web.home, "plan_changes")
    r = web.post("/plan/regenerate", {field: value, "apply": "1"})
    assert r.status_code == 422 and message in r.text
    assert count_rows(web.home, "plan_changes") == versions


def test_week_ratings_and_adaptation(web):
    r = web.post("/week/ratings", {"story_clarity": "4", "coding": "3"})
    assert r.status_code == 303
    bad = web.post("/week/ratings", {"story_clarity": "7"})
    assert bad.status_code == 422 and "between 1 and 5" in bad.text
    empty = web.post("/week/ratings", {})
    assert empty.status_code == 422 and "Rate at least one" in empty.text
    page = web.get("/week?n=2").text
    assert "/400" in page and "Rules that fired" in page
    before = count_rows(web.home, "adaptations")
    proposal = web.get("/week/proposal")
    assert proposal.status_code == 200 and "Judging week" in proposal.text
    assert web.post("/week/adapt").status_code == 303
    assert count_rows(web.home, "adaptations") == before + 1
    again = web.post("/week/adapt")                       # a double submit: refused, written once
    assert again.status_code in (400, 409, 422) and "already adapted" in again.text
    assert count_rows(web.home, "adaptations") == before + 1
    assert "already in the plan" in web.get("/week/proposal").text


def test_the_week_in_progress_has_no_verdict(web):
    """The demo is on day 3 of its week 3: figures so far, and no verdict anywhere (issue 13 §2)."""
    page = web.get("/week").text
    assert "so far" in page and "verdict when the week is over" in page
    for word in (">high<", ">standard<", ">recovery<"):
        assert word not in page
    finished = web.get("/week?n=2").text
    assert "verdict when the week is over" not in finished
    api = web.api("GET", "/api/week").json()
    assert api["verdict"] is None and api["in_progress"] is True


STORY = {"title": "Rebuilt the on-call rotation", "primary_lp": "ownership", "level": "L6", "status": "draft",
         "situation": "Our pager load had doubled in a year and two engineers had left the team.",
         "task": "I owned bringing pages per week down without slowing feature work.",
         "action": "I sorted a quarter of alerts by cause, deleted 40 noisy ones and set up a weekly review. "
                   "I paired each new engineer with a veteran for their first two rotations.",
         "result": "Pages fell from 60 to 18 a week in two months and attrition stopped.",
         "secondary_lps": ["earn-trust"]}


def test_add_a_story_and_coverage_changes(web):
    before = web.get("/stories").text
    assert "0 of 16 principles covered" in before
    r = web.post("/stories", STORY)
    assert r.status_code == 303
    sid = r.headers["location"].rsplit("/", 1)[1]
    page = web.get(f"/stories/{sid}").text
    assert "Rebuilt the on-call rotation" in page and "Situation" in page
    after = web.get("/stories").text
    assert "2 of 16 principles covered" in after


def test_story_editor_live_analysis(web):
    r = web.post("/stories-analyse", {**STORY, "title": ""}, headers={"HX-Request": "true"})
    assert r.status_code == 200
    assert 'id="timing"' in r.text and "Before saving" in r.text
    assert "Action" in r.text


def test_story_errors_and_markdown_is_never_html(web):
    bad = web.post("/stories", {**STORY, "primary_lp": "not-a-principle"})
    assert bad.status_code == 422 and "Choose a primary principle" in bad.text
    assert count_rows(web.home, "stories") == 0
    hostile = {**STORY, "situation": "<img src=x onerror=alert(1)> and [a link](javascript:alert(1))"}
    r = web.post("/stories", hostile)
    assert r.status_code == 303
    page = web.get(r.headers["location"]).text
    assert "<img src=x" not in page and "&lt;img src=x" in page
    assert 'href="javascript:' not in page


def test_edit_keeps_a_version_and_delete_removes(web):
    sid = web.post("/stories", STORY).headers["location"].rsplit("/", 1)[1]
    assert web.get(f"/stories/{sid}/edit").status_code == 200
    r = web.post(f"/stories/{sid}", {**STORY, "title": "On-call, rebuilt"})
    assert r.status_code == 303
    assert count_rows(web.home, "story_versions") == 1
    assert web.post(f"/stories/{sid}/delete").status_code == 303
    assert web.get(f"/stories/{sid}").status_code == 404
    assert web.get("/stories/abc").status_code == 422


def test_review_queue_answers_a_card(web):
    page = web.get("/review").text
    card = re.search(r'action="/review/(\d+)"', page)
    assert card, "the demo candidate has principle cards due"
    before = count_rows(web.home, "review_log")
    r = web.post(f"/review/{card.group(1)}", {"rating": "good"})
    assert r.status_code == 303 and "last=" in r.headers["location"]
    assert count_rows(web.home, "review_log") == before + 1
    bad = web.post(f"/review/{card.group(1)}", {"rating": "perfect"})
    assert bad.status_code == 422
    assert web.post("/review/999999", {"rating": "good"}).status_code == 404
    assert count_rows(web.home, "review_log") == before + 1


def _planned_mock(web, fmt="coding"):
    page = web.post("/mock/plan", {"format": fmt, "level": "L6", "persona": "skeptic"})
    assert page.status_code == 200
    token = re.search(r'name="planned" value="([^"]+)"', page.text).group(1)
    return page.text, token


def test_mock_plan_and_save_with_rubric(web):
    html, token = _planned_mock(web)
    assert "data-mock-runner" in html and "Skeptical challenger" in html
    dims = re.findall(r'<label for="s-(\d+)">', html)
    form = {"planned": token, "phase_starts": "[0, 300, 2400]", "ended": "2700", "status": "complete",
            "marks": '[{"at": 12.5, "phase": 1, "label": "S"}]', "recommendation": "4",
            "strengths": "Clear structure", "improvements": "State complexity earlier"}
    form.update({f"score_{i}": "4" for i in dims})
    before = count_rows(web.home, "mocks")
    r = web.post("/mock/save", form)
    assert r.status_code == 303, r.text[:400]
    assert count_rows(web.home, "mocks") == before + 1
    assert "Hire" in web.get("/mock").text


@pytest.mark.parametrize("change, message", [
    ({"phase_starts": "[0, 500, 100]"}, "never go backwards"),
    ({"phase_starts": "[5]"}, "begin at 0"),
    ({"phase_starts": "not json"}, "not valid JSON"),
    ({"phase_starts": "[]"}, "start the mock"),
    ({"ended": "-1"}, "end time must come after"),
    ({"marks": '[{"at": 1, "phase": 9, "label": "S"}]'}, "STAR mark is malformed"),
    ({"marks": '[{"at": 1, "phase": 0, "label": "<b>"}]'}, "STAR mark is malformed"),
    ({"planned": "eyJmb3JtYXQiOiJjb2RpbmcifQ.deadbeef"}, "plan the mock again"),
    ({"recommendation": "9"}, "between 1 and 5"),
])
def test_mock_save_refuses_bad_timing_and_tampering(web, change, message):
    _, token = _planned_mock(web)
    form = {"planned": token, "phase_starts": "[0]", "ended": "60", "status": "partial", "marks": "[]", **change}
    before = count_rows(web.home, "mocks")
    r = web.post("/mock/save", form)
    assert r.status_code in (400, 422) and message in r.text
    assert count_rows(web.home, "mocks") == before


def test_mock_picker_rejects_unknown_format(web):
    r = web.post("/mock/plan", {"format": "karaoke", "level": "L6"})
    assert r.status_code == 422 and "Choose a format" in r.text


def test_progress_has_charts_with_text_equivalents(web):
    html = web.get("/progress").text
    assert html.count('<canvas id="chart-') == 4
    assert html.count('class="chart-config"') == 4
    assert html.count("Show as a table") >= 5
    assert "/static/vendor/chart.umd.min.js" in html
    assert 'id="coverage"' in html and "short" in html


def test_export_then_import_into_a_fresh_home(web, fresh_web):
    exported = web.get("/settings/export.json")
    assert exported.status_code == 200 and exported.headers["content-disposition"].startswith("attachment")
    in_use = web.client.post("/settings/import", data={"csrf_token": web.token}, follow_redirects=False,
                             files={"file": ("mine.json", exported.content, "application/json")})
    assert in_use.status_code == 303 and in_use.headers["location"] == "/settings/import/confirm"   # a choice first
    r = fresh_web.client.post("/settings/import", data={"csrf_token": fresh_web.token}, follow_redirects=False,
                              files={"file": ("mine.json", exported.content, "application/json")})
    assert r.status_code == 303
    assert count_rows(fresh_web.home, "tasks") == count_rows(web.home, "tasks")


def test_import_of_a_broken_file_writes_nothing(fresh_web):
    r = fresh_web.client.post("/settings/import", data={"csrf_token": fresh_web.token},
                              files={"file": ("broken.json", b'{"format": "systemcraft-export", "candidate": ',
                                              "application/json")})
    assert r.status_code == 422 and "broken.json" in r.text
    assert count_rows(fresh_web.home, "candidates") == 0
    none = fresh_web.client.post("/settings/import", data={"csrf_token": fresh_web.token})
    assert none.status_code == 422 and "Choose an export file" in none.text


def test_vendored_files_match_vendor_md():
    import hashlib
    from pathlib import Path
    vendor = Path(__file__).resolve().parents[2] / "systemcraft" / "web" / "static" / "vendor"
    table = (vendor / "VENDOR.md").read_text()
    for name in ("htmx.min.js", "chart.umd.min.js"):
        digest = hashlib.sha256((vendor / name).read_bytes()).hexdigest()
        assert digest in table, f"{name} differs from the version recorded in VENDOR.md"


def test_undo_from_the_today_page_and_the_api(web):
    ref = _first_planned(web)
    before = count_rows(web.home, "log_entries")
    web.post(f"/tasks/{ref}/done", {"minutes": "25"}, headers={"HX-Request": "true"})
    r = web.post(f"/tasks/{ref}/undo", {}, headers={"HX-Request": "true"})
    assert r.status_code == 200
    assert 'class="task planned"' in r.text and f'action="/tasks/{ref}/done"' in r.text
    assert count_rows(web.home, "log_entries") == before
    again = web.post(f"/tasks/{ref}/undo", {}, headers={"HX-Request": "true"})
    assert again.status_code == 422 and "neither done nor skipped" in again.text
    web.post(f"/tasks/{ref}/skip", {"reason": "travel"}, headers={"HX-Request": "true"})
    api = web.api("POST", "/api/tasks/undo", json={})
    assert api.status_code == 200 and api.json()["undone"] == "skipped"
    assert web.api("POST", "/api/tasks/undo", json={"ref": "x" * 41}).status_code == 422


def _saved_mock_form(web, **extra):
    html, token = _planned_mock(web)
    dims = re.findall(r'<label for="s-(\d+)">', html)
    form = {"planned": token, "phase_starts": "[0, 300, 2400]", "ended": "2700", "status": "complete",
            "marks": "[]", "recommendation": "4", **{f"score_{i}": "4" for i in dims}, **extra}
    return form


def test_rubric_lists_keep_each_typed_line(web):
    """'Strengths (one per line)': two lines typed in a textarea (sent as CRLF) are two strengths."""
    form = _saved_mock_form(web, strengths="Clear structure\r\nNamed the trade-off early\r\n\r\n",
                            improvements="State complexity earlier\rTest the edge cases")
    r = web.post("/mock/save", form)
    assert r.status_code == 303, r.text[:400]
    c = web.coach()
    latest = c.mock_history()[-1]
    c.close()
    assert latest["strengths"] == ["Clear structure", "Named the trade-off early"]
    assert latest["improvements"] == ["State complexity earlier", "Test the edge cases"]


def test_a_rubric_line_over_the_limit_is_refused_by_the_field_not_cut(web):
    long_line = "x" * 501
    form = _saved_mock_form(web, strengths=f"Clear structure\n{long_line}")
    before = count_rows(web.home, "mocks")
    r = web.post("/mock/save", form)
    assert r.status_code == 422
    assert "line 2 is too long (501 characters, at most 500)" in r.text
    assert long_line in r.text                       # what was typed comes back in the box
    assert count_rows(web.home, "mocks") == before


def test_done_updates_the_days_counters_in_place_and_keeps_the_focus(web):
    """After Done, the response carries the row and, out of band, the day's counters as they now are
    (they used to say '0 min · 0/18' until a reload); the row's Undo button takes the focus."""
    page = web.get("/").text
    before = re.search(r"<b>(\d+)/(\d+)</b><span>tasks this week", page).groups()
    ref = _first_planned(web)
    r = web.post(f"/tasks/{ref}/done", {"minutes": "25"}, headers={"HX-Request": "true"})
    assert 'id="today-stats" hx-swap-oob="true"' in r.text
    after = re.search(r"<b>(\d+)/(\d+)</b><span>tasks this week", r.text).groups()
    assert int(after[0]) == int(before[0]) + 1 and after[1] == before[1]
    assert re.search(r'aria-label="Undo: plan task \d+ again" autofocus', r.text)
    refused = web.post(f"/tasks/{ref}/done", {"minutes": "25"}, headers={"HX-Request": "true"})
    assert refused.status_code == 422 and "hx-swap-oob" not in refused.text


def test_the_days_checkin_is_shown_and_saving_again_updates_it(web):
    before = count_rows(web.home, "log_entries")
    form = {"hours": "1.5", "topic": "Caching", "confidence": "3", "energy": "4", "insight": "Say the number first"}
    first = web.post("/checkin", form, headers={"HX-Request": "true"})
    assert "Check-in saved for today" in first.text and "Update check-in" in first.text
    page = web.get("/").text
    assert 'value="1.5"' in page and "Say the number first" in page and "You checked in today" in page
    again = web.post("/checkin", {**form, "confidence": "5"}, headers={"HX-Request": "true"})
    assert "Today&#39;s check-in is updated" in again.text or "Today's check-in is updated" in again.text
    assert count_rows(web.home, "log_entries") == before + 1      # one check-in, corrected, not two


def test_settings_show_the_saved_session_time(web):
    """Settings used to show the session time blank, so saving anything else reset it to 19:00."""
    assert 'value="19:00"' in web.get("/settings").text
    base = {"hours": "10", "interview": "2027-02-06", "days": ["mon", "tue", "wed", "thu", "fri", "sat"],
            "max_day": "150", "session_start": "06:30", "apply": "1"}
    assert web.post("/plan/regenerate", base).status_code == 303
    page = web.get("/settings").text
    assert re.search(r'name="session_start"[^>]*value="06:30"|value="06:30"[^>]*name="session_start"', page)
    c = web.coach()
    assert c.plan_view().session_start == "06:30"
    c.close()


def test_no_task_on_today_shows_a_terminal_command(web):
    """The review task links to the Review page; the command is the terminal's own hint (issue 16 §4),
    also for review tasks stored with the old wording."""
    page = web.get("/").text
    assert "systemcraft review" not in page and "`systemcraft" not in page
    assert 'href="/review">open Review</a>' in page


def test_a_review_task_stored_with_the_old_wording_loses_the_command():
    from systemcraft.services.planning import _surface_free
    assert _surface_free("Review your due cards (`systemcraft review`)") == "Review your due cards"
    assert _surface_free("Design a URL shortener") == "Design a URL shortener"
