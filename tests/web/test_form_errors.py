"""Errors once, by the field, in one style (issue 16 §8).

For each form, everything is sent wrong at once. The one reply must name every field's problem (no second round
after fixing the first), each message sits in the field's own box and the field points at it (aria-invalid,
aria-describedby → an element of class field-error), each message is in sentence case, every message appears
once, and what was typed comes back in the fields. The forms carry `novalidate` and none of the attributes that
make a browser show its own bubble first (required, pattern, min, max, minlength, maxlength, type=number).
"""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import count_rows
from tests.web.test_pages import STORY
from tests.web.html_page import Node, by_id, controls, form, parse, shown_value

# (maxlength shows no bubble; our own fields leave it out all the same, since it silently cuts pasted text)
NATIVE = ("required", "pattern", "min", "max", "minlength", "step")


def box_of(control: Node) -> Node:
    """The field's box: the nearest .field, quiz item, fieldset or task row around the control."""
    for node in control.ancestors():
        if "field" in node.classes or "quiz-q" in node.classes or node.tag in ("fieldset", "li"):
            return node
    raise AssertionError(f"{control} sits in no field box")


def pointer_of(control: Node) -> Node:
    """The element that says which error belongs to the field: the control, or its group (radios, checkboxes)."""
    if control.get("aria-describedby") or control.get("type") not in ("radio", "checkbox"):
        return control
    return next(n for n in control.ancestors() if n.tag == "fieldset" or n.get("role") in ("group", "radiogroup"))


def assert_native_checks_are_off(page: Node, action: str) -> None:
    f = form(page, action)
    assert "novalidate" in f.attrs, f"the form posting to {action} lets the browser validate first"
    for c in f.find_all(lambda n: n.tag in ("input", "select", "textarea")):
        assert not set(NATIVE) & set(c.attrs), (action, c)
        assert c.get("type") != "number", (action, c)


def assert_errors_by_fields(html: str, action: str, expected: dict[str, str], typed: dict[str, object]) -> None:
    """`expected`: field → a piece of its message (case as shown); `typed`: field → the value it must show."""
    page = parse(html)
    assert_native_checks_are_off(page, action)
    f = form(page, action)
    errors = page.find_all(lambda n: "field-error" in n.classes)
    shown = {}
    for name, words in expected.items():
        found = controls(f, name)
        assert found, f"no field {name!r}"
        pointer = pointer_of(found[0])
        assert pointer.get("aria-invalid") == "true", (name, pointer)
        ids = (pointer.get("aria-describedby") or "").split()
        messages = [by_id(page, i) for i in ids]
        messages = [m for m in messages if m is not None and "field-error" in m.classes]
        assert len(messages) == 1, f"{name}: aria-describedby={ids} names no single error element"
        message = messages[0]
        assert box_of(found[0]).contains(message), f"{name}: its message is not in the field's box"
        text = " ".join(message.text().split())
        assert words in text, (name, text)
        assert text[:1].isupper() or not text[:1].isalpha(), f"{name}: not in sentence case: {text!r}"
        shown[name] = text
    assert len(errors) == len(expected), ("a message is shown twice or for a field not named here",
                                          [" ".join(e.text().split()) for e in errors], sorted(expected))
    for name, value in typed.items():
        assert shown_value(f, name) == value, (name, shown_value(f, name), value)


# ------------------------------------------------------------------------------------------------ the forms

def test_onboarding_says_everything_at_once_and_keeps_what_was_typed(fresh_web):
    bad = {"name": "N" * 201, "role": "wizard", "years": "lots", "engineers": "-4", "level": "L9", "risk": "reckless",
           "interview": "2026-13-40", "start": "soon", "hours": "many", "max_day": "5"}   # no days, no answers
    r = fresh_web.post("/welcome", bad)
    assert r.status_code == 422
    expected = {"name": "Your name is too long", "role": "Choose your role", "years": "whole number",
                "engineers": "between 0 and 100000", "level": "Choose a target level", "risk": "Choose a risk",
                "interview": "not a valid date", "start": "not a valid date", "hours": "as a number",
                "max_day": "between 30 and 720", "days": "Pick at least one study day",
                **{f"q{i}": "Choose one answer" for i in range(1, 21)}}
    assert_errors_by_fields(r.text, "/welcome", expected,
                            {k: bad[k] for k in ("name", "years", "engineers", "interview", "start", "hours",
                                                 "max_day")})
    assert "31 fields marked below" in r.text
    assert count_rows(fresh_web.home, "candidates") == 0


def test_onboarding_checks_the_dates_rules_in_the_same_pass(fresh_web):
    """A well-formed but past interview date is named together with a wrong name, not after it is fixed."""
    from tests.web.conftest import onboarding_form
    r = fresh_web.post("/welcome", onboarding_form(name="", interview="2020-01-01"))
    assert r.status_code == 422
    page = parse(r.text)
    assert "must not be empty" in by_id(page, "e-name").text()
    assert "not in the future" in by_id(page, "e-interview").text()
    assert not by_id(page, "e-interview").text().startswith("Interview:")      # the field is not named twice


STORY_LIMIT = 4000


@pytest.mark.parametrize("path", ["/stories", "existing"])
def test_the_story_editor_says_everything_at_once_and_keeps_what_was_typed(web, path):
    if path == "existing":
        path = web.post("/stories", STORY).headers["location"].removeprefix("/stories")
        path = f"/stories{path}"
    before = count_rows(web.home, "stories"), count_rows(web.home, "story_versions")
    bad = {"title": "", "primary_lp": "", "team_size": "lots", "period": "P" * 101, "happened": "someday",
           "situation": "", "task": "  ", "action": "", "result": "", "lessons": "L" * (STORY_LIMIT + 1),
           "level": "L6", "status": "draft"}
    r = web.post(path, bad)
    assert r.status_code == 422
    expected = {"title": "Give the story a title", "primary_lp": "Choose a primary principle",
                "team_size": "whole number", "period": "too long", "happened": "not a valid date",
                "situation": "Write the situation part", "task": "Write the task part",
                "action": "Write the action part", "result": "Write the result part", "lessons": "too long"}
    assert_errors_by_fields(r.text, path, expected, {"team_size": "lots", "period": bad["period"],
                                                     "happened": "someday", "lessons": bad["lessons"]})
    assert (count_rows(web.home, "stories"), count_rows(web.home, "story_versions")) == before


def _first_task(web) -> tuple[str, str]:
    html = web.get("/").text
    m = re.search(r'action="/tasks/([0-9.-]+)/done"', html)
    return m.group(1), html


@pytest.mark.parametrize("htmx", [False, True])
def test_the_check_in_says_everything_at_once_and_keeps_what_was_typed(web, htmx):
    before = count_rows(web.home, "log_entries")
    bad = {"hours": "lots", "topic": "T" * 301, "confidence": "9", "energy": "", "insight": "I" * 2001}
    r = web.post("/checkin", bad, headers={"HX-Request": "true"} if htmx else {})
    assert r.status_code == 422
    expected = {"hours": "Enter hours studied as a number", "topic": "too long", "confidence": "between 1 and 5",
                "energy": "Enter energy", "insight": "too long"}
    assert_errors_by_fields(r.text, "/checkin", expected,
                            {"hours": "lots", "topic": bad["topic"], "confidence": "9", "insight": bad["insight"]})
    assert count_rows(web.home, "log_entries") == before


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("action, data, field, words", [
    ("done", {"minutes": "lots"}, "minutes", "Enter the minutes spent as a whole number"),
    ("done", {"minutes": "9999"}, "minutes", "between 1 and 720"),
    ("skip", {"reason": "   "}, "reason", "must not be empty"),
    ("skip", {"reason": "R" * 501}, "reason", "too long"),
])
def test_a_task_row_keeps_its_message_by_the_field(web, htmx, action, data, field, words):
    ref, _ = _first_task(web)
    r = web.post(f"/tasks/{ref}/{action}", data, headers={"HX-Request": "true"} if htmx else {})
    assert r.status_code == 422
    typed = {field: data[field]} if data[field].strip() else {}
    assert_errors_by_fields(r.text, f"/tasks/{ref}/{action}", {field: words}, typed)
    assert "planned" in web.get("/").text and f'action="/tasks/{ref}/done"' in web.get("/").text   # still planned


def test_settings_say_everything_at_once_and_keep_what_was_typed(web):
    changes = count_rows(web.home, "plan_changes")
    bad = {"hours": "lots", "interview": "2026-13-40", "max_day": "5", "session_start": "7pm", "days": ["xyz"],
           "add_blackouts": "2027-01-05..2027-01-01", "remove_blackouts": "nope", "travel_days": "later",
           "apply": "1"}
    r = web.post("/plan/regenerate", bad)
    assert r.status_code == 422
    expected = {"hours": "as a number", "interview": "not a valid date", "max_day": "between 30 and 720",
                "session_start": "24-hour time like 19:00", "days": "Unknown weekday",
                "add_blackouts": "ends before it starts", "remove_blackouts": "not a valid date",
                "travel_days": "not a valid date"}
    assert_errors_by_fields(r.text, "/plan/regenerate", expected,
                            {k: bad[k] for k in ("hours", "interview", "max_day", "session_start", "add_blackouts",
                                                 "remove_blackouts", "travel_days")})
    assert count_rows(web.home, "plan_changes") == changes


def test_settings_name_a_past_interview_with_the_rest(web):
    r = web.post("/plan/regenerate", {"interview": "2020-01-01", "hours": "lots", "apply": "1"})
    assert r.status_code == 422
    page = parse(r.text)
    assert "must be after today" in by_id(page, "e-interview").text() and "number" in by_id(page, "e-hours").text()


def test_the_delivery_upload_says_everything_at_once_and_keeps_what_was_typed(web):
    bad = {"speaker": "S" * 101, "story": "abc", "mock": "abc", "offset": "soon", "level": "L9", "version": "x",
           "format": "x", "duration": "later"}
    r = web.client.post("/delivery", data={"csrf_token": web.token, **bad}, follow_redirects=False)
    assert r.status_code == 422
    expected = {"file": "Choose a transcript file", "speaker": "too long", "story": "whole number",
                "mock": "whole number", "offset": "must look like", "level": "L6 or L7", "version": "30s, 2min or full",
                "format": "The format must be one of", "duration": "must look like"}
    assert_errors_by_fields(r.text, "/delivery", expected,
                            {"speaker": bad["speaker"], "offset": "soon", "duration": "later"})
    assert count_rows(web.home, "deliveries") == 0


def test_the_mock_plan_says_everything_at_once(web):
    r = web.post("/mock/plan", {"format": "karaoke", "level": "L9", "persona": "nobody"})
    assert r.status_code == 422
    assert_errors_by_fields(r.text, "/mock/plan", {"format": "Choose a format", "level": "Choose a level",
                                                   "persona": "Choose an interviewer persona"}, {})


def test_the_week_ratings_say_everything_at_once(web):
    r = web.post("/week/ratings", {"story_clarity": "7", "coding": "lots"})
    assert r.status_code == 422
    assert_errors_by_fields(r.text, "/week/ratings", {"story_clarity": "between 1 and 5", "coding": "whole number"}, {})


def test_the_import_forms_show_their_message_by_the_file_field(web, fresh_web):
    for client, path in ((web, "/settings"), (fresh_web, "/welcome")):
        assert_native_checks_are_off(parse(client.get(path).text), "/settings/import")
    r = fresh_web.client.post("/settings/import", data={"csrf_token": fresh_web.token})
    assert r.status_code == 422
    page = parse(r.text)
    pointer = controls(form(page, "/settings/import"), "file")[0]
    assert pointer.get("aria-invalid") == "true"
    message = by_id(page, pointer.get("aria-describedby").split()[0])
    assert "field-error" in message.classes and message.text().startswith("Choose an export file")


@pytest.mark.parametrize("path, action", [("/", "/checkin"), ("/stories/new", "/stories"), ("/settings", "/plan/regenerate"),
                                          ("/delivery", "/delivery"), ("/mock", "/mock/plan")])
def test_no_form_lets_the_browser_validate_first(web, path, action):
    page = parse(web.get(path).text)
    assert_native_checks_are_off(page, action)
    if path == "/":
        for f in page.find_all(lambda n: n.tag == "form" and re.match(r"/tasks/.*/(done|skip)$", n.get("action", ""))):
            assert_native_checks_are_off(page, f.get("action"))


def test_the_welcome_form_lets_the_server_check(fresh_web):
    page = parse(fresh_web.get("/welcome").text)
    assert_native_checks_are_off(page, "/welcome")
    name = controls(form(page, "/welcome"), "name")[0]
    assert name.get("aria-required") == "true" and "aria-invalid" not in name.attrs


def test_a_story_edit_form_keeps_its_version_and_refuses_nothing_natively(web):
    path = web.post("/stories", STORY).headers["location"]
    page = parse(web.get(f"{path}/edit").text)
    assert_native_checks_are_off(page, path)
    version = controls(form(page, path), "version")[0]
    assert version.get("type") == "hidden" and version.get("value").isdigit()
