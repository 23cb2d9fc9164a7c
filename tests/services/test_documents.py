"""One model per input document (issue 14 §4): the same story, profile and export rules at every door.

Before, the web editor and the API offered the status `polished` the domain refused; parts were limited to
4,000 characters on the web and the API but 8,000 in the domain, Markdown and CSV (a story imported from
Markdown could not be saved again on the web); the API took 15 secondary principles, the domain 2."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from systemcraft.coach import Coach
from systemcraft.domain import stories as S
from systemcraft.domain.stories import StoryError
from systemcraft.errors import InputError
from systemcraft.schemas.base import zone_problem
from systemcraft.schemas.export import ROWS, row_fields
from systemcraft.schemas.profile import ENGINEERS, YEARS, ProfileDocument
from systemcraft.schemas.story import StoryDocument, validate_story
from systemcraft.services import story_csv, story_markdown, transfer
from tests.conftest import edited_export, onboarded
from tests.domain.test_stories_domain import good_story
from tests.web.conftest import count_rows, web  # noqa: F401  (fixture)
from tests.web.test_pages import STORY


def test_the_story_document_is_built_from_the_domain_constants():
    props = StoryDocument.model_json_schema()["properties"]
    for name, limit in S.TEXT_LIMITS.items():
        assert props[name]["maxLength"] == limit, name
    assert props["title"]["maxLength"] == S.MAX_TITLE
    assert props["status"]["enum"] == list(S.STATUSES) == ["draft", "ready"]     # INVENTORY §2.9: Draft / Complete
    assert props["level"]["enum"] == list(S.LEVELS)
    assert props["secondary_lps"]["maxItems"] == S.MAX_SECONDARY == 2
    team = props["team_size"]["anyOf"][0]
    assert (team["minimum"], team["maximum"]) == (1, S.MAX_TEAM)


def test_the_web_editor_and_the_api_show_the_same_limits(web):  # noqa: F811
    from systemcraft.web.pages.stories import TEXT_FIELDS
    assert {name: limit for name, _, limit in TEXT_FIELDS} == S.TEXT_LIMITS
    editor = web.get("/stories/new").text
    # the limit is stated by each box and enforced by the server with a message; no maxlength, which a
    # browser applies by cutting a long paste short without a word (issue 16 §1)
    assert 'data-limit="8000">At most 8,000 characters' in editor and 'aria-describedby="f-action-limit"' in editor
    assert not re.search(r"<textarea[^>]*maxlength", editor)
    body = web.api("GET", "/api/openapi.json").json()["components"]["schemas"]["StoryBody"]["properties"]
    assert {n: body[n]["maxLength"] for n in S.TEXT_LIMITS} == S.TEXT_LIMITS
    assert body["status"]["enum"] == ["draft", "ready"] and body["secondary_lps"]["maxItems"] == 2


def _markdown(tmp_path, name: str, **change):
    path = tmp_path / f"{name}.md"
    path.write_text(story_markdown.render(replace(good_story(title=name), **change)))
    return path


def _csv(**change) -> bytes:
    s = replace(good_story(), **change)
    return story_csv.write([s])


def test_an_8000_character_part_from_markdown_is_saved_again_on_the_web_and_through_the_api(web, tmp_path):  # noqa: F811
    long = "I led it. " + "a" * (S.MAX_PART - 10)
    assert len(long) == 8000
    c = web.coach()
    sid = c.import_stories(_markdown(tmp_path, "Long story", action=long))["ids"][0]
    c.close()
    edit = web.get(f"/stories/{sid}/edit")
    assert edit.status_code == 200 and long in edit.text
    saved = web.post(f"/stories/{sid}", {**STORY, "title": "Long story", "action": long})
    assert saved.status_code == 303, saved.text[-1500:]
    api = web.api("POST", "/api/stories", {**STORY, "title": "Long again", "action": long})
    assert api.status_code == 201, api.text
    analysed = web.api("POST", "/api/stories/analyse", {**STORY, "action": long}).json()
    assert analysed["problem"] is None
    assert story_csv.read(_csv(action=long), "s.csv").stories[0].action == long
    assert web.api("GET", f"/api/stories/{sid}").json()["story"]["action"] == long


def test_one_character_more_is_refused_at_every_door(web, tmp_path, make_env):  # noqa: F811
    too_long = "a" * (S.MAX_PART + 1)
    message = "action: is too long (8001 characters, at most 8000)"
    with pytest.raises(StoryError, match="action: is too long"):
        S.validate(good_story(action=too_long))
    with pytest.raises(StoryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        validate_story(good_story(action=too_long))
    with pytest.raises(InputError, match="action: is too long"):
        story_markdown.parse(story_markdown.render(good_story(action=too_long)))
    with pytest.raises(InputError, match="line 2: action: is too long"):
        story_csv.read(_csv(action=too_long), "s.csv")
    stories = count_rows(web.home, "stories")
    assert web.post("/stories", {**STORY, "action": too_long}).status_code == 422
    assert web.api("POST", "/api/stories", {**STORY, "action": too_long}).status_code == 422
    assert count_rows(web.home, "stories") == stories
    c = onboarded(make_env(home=tmp_path / "a"))
    c.add_story(good_story())
    bad = edited_export(c, tmp_path, lambda d: d["stories"][0].update(action=too_long))
    with pytest.raises(InputError, match=r"stories\[0\]\.action: is too long"):
        Coach(make_env(home=tmp_path / "b")).import_all(bad)


@pytest.mark.parametrize("status,accepted", [("draft", True), ("ready", True), ("polished", False)])
def test_a_status_is_accepted_everywhere_or_nowhere(web, tmp_path, make_env, status, accepted):  # noqa: F811
    """The sources name two statuses, Draft and Complete (INVENTORY §2.9): draft and ready. `polished` was only
    ever offered by the web editor and the API."""
    outcomes = {}

    def attempt(door, fn):
        try:
            outcomes[door] = bool(fn())
        except (StoryError, InputError):
            outcomes[door] = False

    attempt("domain", lambda: S.validate(good_story(status=status)))
    attempt("document", lambda: validate_story(good_story(status=status)))
    attempt("markdown", lambda: story_markdown.parse(story_markdown.render(good_story(status=status))))
    attempt("csv", lambda: story_csv.read(_csv(status=status), "s.csv").stories)
    outcomes["web"] = web.post("/stories", {**STORY, "title": f"web {status}", "status": status}).status_code == 303
    outcomes["api"] = web.api("POST", "/api/stories", {**STORY, "title": f"api {status}",
                                                      "status": status}).status_code == 201
    c = onboarded(make_env(home=tmp_path / "a"))
    c.add_story(good_story())
    export = edited_export(c, tmp_path, lambda d: d["stories"][0].update(status=status))
    fresh = Coach(make_env(home=tmp_path / "b"))
    attempt("import", lambda: fresh.import_all(export))
    fresh.close()
    assert outcomes == {door: accepted for door in outcomes}, outcomes
    assert len(outcomes) == 7


@pytest.mark.parametrize("secondary,accepted", [(("dive-deep", "earn-trust"), True),
                                                (("dive-deep", "earn-trust", "frugality"), False)])
def test_secondary_principles_agree_everywhere(web, secondary, accepted):  # noqa: F811
    outcomes = {}
    for door, fn in (("domain", lambda: S.validate(good_story(secondary_lps=secondary))),
                     ("document", lambda: validate_story(good_story(secondary_lps=secondary))),
                     ("markdown", lambda: story_markdown.parse(story_markdown.render(good_story(secondary_lps=secondary)))),
                     ("csv", lambda: story_csv.read(_csv(secondary_lps=secondary), "s.csv"))):
        try:
            outcomes[door] = bool(fn())
        except (StoryError, InputError) as exc:
            assert "at most 2 secondary principles" in str(exc)
            outcomes[door] = False
    outcomes["web"] = web.post("/stories", {**STORY, "secondary_lps": list(secondary)}).status_code == 303
    r = web.api("POST", "/api/stories", {**STORY, "title": "api", "secondary_lps": list(secondary)})
    outcomes["api"] = r.status_code == 201
    if not accepted:
        assert r.json()["error"] == "secondary_lps: at most 2 secondary principles, got 3"
    assert outcomes == {door: accepted for door in outcomes}, outcomes


def test_the_export_models_cover_exactly_the_exported_fields():
    assert set(ROWS) == set(transfer.SPEC)
    for table, fields in transfer.SPEC.items():
        assert set(row_fields(table)) == set(fields), table


STORE_TABLE = {"candidate": "candidates"}


def test_the_export_models_fit_the_store_columns():
    """Text no longer than its column (PostgreSQL enforces VARCHAR(n)) and whole numbers inside the column's
    type (INTEGER is 32-bit there); row ids are mapped to new ones on import, never stored as they are."""
    from sqlalchemy import BigInteger, Integer, String
    from systemcraft.store import tables
    checked = 0
    for name, model in ROWS.items():
        table = getattr(tables, STORE_TABLE.get(name, name))
        props = model.model_json_schema()["properties"]
        for column in table.columns:
            if column.name not in props or column.name == "id":
                continue
            prop = props[column.name]
            options = prop.get("anyOf", [prop])
            if isinstance(column.type, String) and column.type.length:
                assert all(o.get("maxLength", 0) <= column.type.length or "enum" in o or o.get("type") == "null"
                           for o in options) and any("maxLength" in o or "enum" in o for o in options), \
                    (name, column.name, prop)
                checked += 1
            elif isinstance(column.type, Integer) and not isinstance(column.type, BigInteger) \
                    and not column.name.endswith("_id"):
                bound = 2 ** 31
                assert all(o.get("type") == "null" or (-bound <= o["minimum"] and o["maximum"] < bound)
                           for o in options), (name, column.name, prop)
                checked += 1
    assert checked > 60


def test_the_profile_document_and_the_other_doors_share_limits(make_env):
    props = ProfileDocument.model_json_schema()["properties"]
    assert (props["years_experience"]["minimum"], props["years_experience"]["maximum"]) == YEARS
    assert (props["engineers_managed"]["minimum"], props["engineers_managed"]["maximum"]) == ENGINEERS
    from systemcraft.web.pages.onboarding import FORM_FIELDS
    assert set(FORM_FIELDS) <= set(ProfileDocument.model_fields) | {"start", "interview", "hours_per_week",
                                                                      "weekdays", "max_day_minutes"}
    for years, engineers in ((YEARS[1] + 1, 5), (5, ENGINEERS[1] + 1)):      # the CLI's init refuses them too
        with pytest.raises(InputError, match="must be between"):
            onboarded(make_env(), years=years, engineers=engineers)


@pytest.mark.parametrize("name", ["Europe/Paris", "UTC", "America/Argentina/Buenos_Aires", "Etc/GMT+5"])
def test_iana_zone_names_are_accepted(name):
    assert zone_problem(name) is None


@pytest.mark.parametrize("name", ["../../etc/passwd", "/usr/share/zoneinfo/Europe/Paris", "Europe/../../etc/passwd",
                                  "Nowhere/Land", "Europe", "", "x" * 65, "Europe/Paris\x00", "C:\\Windows"])
def test_path_like_and_unknown_zone_names_are_refused(name):
    problem = zone_problem(name)
    assert problem is not None and "time zone" in problem and "\n" not in problem


def test_an_export_with_every_story_field_round_trips_through_the_document(make_env, tmp_path):
    from systemcraft.domain.stories import FollowUp
    c = onboarded(make_env())
    full = good_story(followups=(FollowUp("What would you change?", "Start earlier."),), team_size=8, failure=True,
                      period="2025 Q1", status="ready", metrics="40% faster", situation="Line one\r\nline two")
    c.add_story(full)
    first = c.export_all(tmp_path / "one", "json")[0]
    c.close()
    fresh = Coach(make_env(home=tmp_path / "new"))
    assert fresh.import_all(first)["stories"] == 1
    again = fresh.export_all(tmp_path / "two", "json")[0]
    story = fresh.stories()[0]
    fresh.close()
    assert story.situation == "Line one\nline two" and story.followups == full.followups
    a, b = json.loads(first.read_text()), json.loads(again.read_text())
    assert a["stories"] == b["stories"] and a["candidate"] == b["candidate"] and a["plans"] == b["plans"]


def test_a_textarea_with_line_breaks_is_saved_on_the_web(web):  # noqa: F811
    """Browsers send a textarea's line breaks as CRLF; the CR used to be refused as a control character."""
    r = web.post("/stories", {**STORY, "situation": "Line one\r\nline two\r\n\r\nline four"})
    assert r.status_code == 303, r.text[-1500:]
    sid = int(r.headers["location"].rsplit("/", 1)[1])
    assert web.api("GET", f"/api/stories/{sid}").json()["story"]["situation"] == "Line one\nline two\n\nline four"


def _faults():
    from datetime import date
    from systemcraft.domain import stories as S
    return [dict(title="x" * (S.MAX_TITLE + 1)), dict(action="a" * (S.MAX_PART + 1)), dict(level="L9"),
            dict(status="zz"), dict(team_size=0), dict(team_size=10**9), dict(team_size=True), dict(team_size=2.5),
            dict(primary_lp="nope"), dict(secondary_lps=("ownership", "dive-deep", "earn-trust")),
            dict(title="a\nb"), dict(situation="  "), dict(metrics="m" * (S.TEXT_LIMITS["metrics"] + 1)),
            dict(period="p" * (S.MAX_PERIOD + 1)), dict(happened=date(1800, 1, 1)), dict(happened=date(2999, 1, 1)),
            dict(followups=(S.FollowUp("q", ""),)),
            dict(followups=tuple(S.FollowUp("q", "a") for _ in range(S.MAX_FOLLOWUPS + 1))),
            dict(title=5), dict(secondary_lps="ownership"), dict(secondary_lps=("ownership",)),
            dict(title="  Trim me  "), dict(action="a\r\nb"), dict(result="ok\x07"), dict()]


@pytest.mark.parametrize("change", _faults(), ids=lambda c: ",".join(c) or "none")
def test_a_built_story_gets_the_documents_answer_without_pydantic(change):
    """`story add` checks a Story it has built with the domain's rules alone (no pydantic on the daily
    path, issue 15): for every single fault, that answer — the refusal's words, or the normalised story —
    is exactly what the StoryDocument check gives."""
    from dataclasses import replace
    from systemcraft import schemas
    from systemcraft.domain.stories import StoryError
    from systemcraft.schemas.story import validate_story as through_the_document
    story = replace(good_story(), **{"primary_lp": "ownership", **change})
    answers = []
    for check in (schemas.validate_story, through_the_document):
        try:
            answers.append(check(story, "stories[2]"))
        except StoryError as exc:
            answers.append(str(exc))
    assert answers[0] == answers[1]


def test_a_paste_over_the_limit_is_refused_by_the_field_and_kept_as_typed(web):  # noqa: F811
    """35,000 characters pasted into Action: nothing is cut; the save is refused next to the box, with
    the limit, and the box comes back holding all 35,000 characters."""
    pasted = "We rebuilt the pipeline. " * 1400
    assert len(pasted) == 35_000
    r = web.post("/stories", {**STORY, "action": pasted})
    assert r.status_code == 422
    assert "is too long (34,999 characters" in r.text or "is too long (34999 characters" in r.text
    assert pasted.strip() in r.text
