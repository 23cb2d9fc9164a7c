"""Values that were accepted once and crashed every later command (issue 14): `weekdays: "garbage"`,
`blackouts: {"a": [1, 2]}`, `session_start: "99:99"`, the zone `../../etc/passwd`, an interview on
9999-12-31, −5 years, 10¹⁸ engineers, 1e308 or NaN hours — and the story rules that disagreed (`polished`,
parts over the limit, 15 secondary principles). Each goes in through every door that takes it — `import`
(CLI and web), the web forms, the API, the CLI's own options — and must be refused with one line naming the
field, a non-zero exit other than 70 (or a 4xx), and the home exactly as it was."""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest

from systemcraft.coach import Coach
from systemcraft.errors import InputError
from tests.cli.test_bad_input import one_line_error
from tests.conftest import CLI, INIT_ARGS, edited_export, onboarded
from tests.domain.test_stories_domain import good_story
from tests.web.conftest import fresh_web, onboarding_form, web  # noqa: F401  (fixtures)
from tests.web.test_pages import STORY


def snapshot(home) -> str:
    """Every row of every table, hashed: equal snapshots mean nothing was written."""
    digest = hashlib.sha256()
    with sqlite3.connect(home / "systemcraft.db") as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        for t in tables:
            rows = sorted(repr(r) for r in db.execute(f'SELECT * FROM "{t}"'))
            digest.update(f"{t}:{len(rows)}:{''.join(rows)}".encode())
    return digest.hexdigest()


def _set(path: tuple, value):
    def edit(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return edit


# (what is changed in the export, the field the one-line error must name)
HOSTILE_EXPORTS = [
    (("plans", 0, "weekdays"), "garbage", "plans[0].weekdays"),
    (("plans", 0, "blackouts"), {"a": [1, 2]}, "plans[0].blackouts"),
    (("plans", 0, "blackouts"), ["2026-12-24", "someday"], "plans[0].blackouts[1]"),
    (("plans", 0, "session_start"), "99:99", "plans[0].session_start"),
    (("candidate", "timezone"), "../../etc/passwd", "candidate.timezone"),
    (("candidate", "timezone"), "/usr/share/zoneinfo/Europe/Paris", "candidate.timezone"),
    (("candidate", "timezone"), "Nowhere/Land", "candidate.timezone"),
    (("plans", 0, "interview_date"), "9999-12-31", "plans[0].interview_date"),
    (("plans", 0, "interview_date"), "2099-12-31", "plans[0].interview_date"),     # in range, 73 years away
    (("candidate", "years_experience"), -5, "candidate.years_experience"),
    (("candidate", "engineers_managed"), 10 ** 18, "candidate.engineers_managed"),
    (("plans", 0, "hours_per_week"), 1e308, "plans[0].hours_per_week"),
    (("plans", 0, "hours_per_week"), "10", "plans[0].hours_per_week"),
    (("plans", 0, "max_day_minutes"), 10 ** 18, "plans[0].max_day_minutes"),
    (("plans", 0, "adjustments"), {"from_date": "2026-11-23", "load_factor": "x"}, "plans[0].adjustments"),
    (("plans", 0, "gaps"), [{"category": "karaoke", "topic": "x"}], "plans[0].gaps[0].category"),
    (("tasks", 0, "id"), 2 ** 70, "tasks[0].id"),
    (("tasks", 0, "minutes"), 2 ** 40, "tasks[0].minutes"),
    (("tasks", 0, "day"), "0001-01-01", "tasks[0].day"),
    (("candidate", "name"), "Sam\x00", "candidate.name"),
    (("candidate", "created_at"), "9999-12-31T23:59:59", "candidate.created_at"),
    (("assessments", 0, "answers"), {"q1": "Z"}, "assessments[0].answers"),
    (("cards", 0, "fsrs"), {"state": 9}, "cards[0].fsrs"),
    (("candidate", "day_start_hour"), 99, "candidate.day_start_hour"),
]


@pytest.fixture
def export_of(make_env, tmp_path):
    """A real export of an onboarded candidate, changed by `edit`."""
    def make(edit):
        return edited_export(onboarded(make_env()), tmp_path, edit)
    return make


@pytest.mark.parametrize("path,value,field", HOSTILE_EXPORTS, ids=lambda v: str(v)[:40])
def test_import_refuses_each_bad_value_naming_the_field_and_writes_nothing(export_of, tmp_path, path, value, field):
    bad = export_of(_set(path, value))
    cli = CLI(tmp_path / "new")
    err = one_line_error(cli("import", str(bad)))
    assert f"import refused: {field}" in err, err
    assert not (tmp_path / "new" / "systemcraft.db").exists()


def test_nan_hours_are_refused_by_the_reader_and_by_the_model(export_of, tmp_path, make_env):
    bad = export_of(_set(("plans", 0, "hours_per_week"), float("nan")))
    assert "NaN" in bad.read_text()                    # json.dumps writes the token NaN
    err = one_line_error(CLI(tmp_path / "new")("import", str(bad)))
    assert "NaN" in err
    from systemcraft.services import transfer
    data = json.loads(bad.read_text())                 # Python's reader takes NaN: the model must not
    with pytest.raises(InputError, match=r"plans\[0\]\.hours_per_week: should be a finite number"):
        transfer.validate(data)
    assert not (tmp_path / "new" / "systemcraft.db").exists()


STORY_EDITS = [
    ({"status": "polished"}, "stories[0].status"),
    ({"action": "a" * 8001}, "stories[0].action"),
    ({"secondary_lps": ["dive-deep", "earn-trust", "frugality"]}, "stories[0].secondary_lps"),
    ({"primary_lp": "karaoke"}, "stories[0].primary_lp"),
    ({"title": ["a", "b"]}, "stories[0].title"),
    ({"title": "   "}, "stories[0].title"),
    ({"title": "lone \ud800 surrogate"}, "stories[0].title"),
    ({"team_size": 10 ** 18}, "stories[0].team_size"),
    ({"happened": "0001-01-01"}, "stories[0].happened"),
    ({"followups": [{"question": "why?"}]}, "stories[0].followups[0].answer"),
]


@pytest.mark.parametrize("change,field", STORY_EDITS, ids=lambda v: str(v)[:30])
def test_import_checks_stories_by_the_story_rules(make_env, tmp_path, change, field):
    c = onboarded(make_env())
    c.add_story(good_story())
    bad = edited_export(c, tmp_path, lambda d: d["stories"][0].update(change))
    fresh = Coach(make_env(home=tmp_path / "new"))
    with pytest.raises(InputError) as exc:
        fresh.import_all(bad)
    fresh.close()
    assert exc.value.message.startswith(f"import refused: {field}") and "\n" not in exc.value.message
    assert not (tmp_path / "new" / "systemcraft.db").exists()


def test_the_web_import_refuses_a_hostile_export(fresh_web, export_of):  # noqa: F811
    bad = export_of(_set(("candidate", "timezone"), "../../etc/passwd"))
    r = fresh_web.client.post("/settings/import", data={"csrf_token": fresh_web.token},
                              files={"file": ("mine.json", bad.read_bytes(), "application/json")})
    assert r.status_code == 422 and "candidate.timezone" in r.text
    assert not (fresh_web.home / "systemcraft.db").exists() or _candidates(fresh_web.home) == 0


def _candidates(home) -> int:
    with sqlite3.connect(home / "systemcraft.db") as db:
        return db.execute("SELECT COUNT(*) FROM candidates").fetchone()[0]


# ---------------------------------------------------------------- the web forms

@pytest.mark.parametrize("field,value,message", [
    ("years", "-5", "between 0 and 60"),
    ("engineers", str(10 ** 18), "whole number"),
    ("engineers", "100001", "between 0 and 100000"),
    ("hours", "1e308", "at most 70"),
    ("hours", "nan", "Hours per week"),          # by its field, in sentence case (issue 16 §8)
    ("hours", "0.5", "at least 1"),
    ("interview", "9999-12-31", "between 2000-01-01 and 2100-12-31"),
    ("interview", "2099-01-01", "104 weeks"),
    ("days", "garbage", "garbage"),
    ("name", "Sam\x00", "control characters"),
])
def test_onboarding_form_refuses_each_bad_value(fresh_web, field, value, message):  # noqa: F811
    r = fresh_web.post("/welcome", onboarding_form(**{field: value}))
    assert r.status_code == 422 and message in r.text, r.text[-2000:]
    assert not (fresh_web.home / "systemcraft.db").exists() or _candidates(fresh_web.home) == 0


@pytest.mark.parametrize("change,message", [
    ({"status": "polished"}, "Choose a status from: draft, ready"),
    ({"action": "a" * 8001}, "too long (8001 characters, at most 8000)"),
    ({"metrics": "m" * 4001}, "at most 4000"),
    ({"team_size": str(10 ** 18)}, "whole number"),
    ({"team_size": "0"}, "between 1 and 100000"),
    ({"happened": "1900-01-01"}, "between 1950-01-01 and 2100-12-31"),
    ({"secondary_lps": ["dive-deep", "earn-trust", "frugality"]}, "at most 2 secondary"),
    ({"title": "x\x01y"}, "control characters"),
])
def test_story_editor_refuses_what_every_door_refuses(web, change, message):  # noqa: F811
    before = snapshot(web.home)
    r = web.post("/stories", {**STORY, **change})
    assert r.status_code == 422 and message in r.text
    assert snapshot(web.home) == before


# ---------------------------------------------------------------- the API

API_STORIES = [
    ({"status": "polished"}, 422, "status"),
    ({"action": "a" * 8001}, 422, "action"),
    ({"secondary_lps": ["dive-deep", "earn-trust", "frugality", "ownership"] * 4}, 422, "secondary_lps"),
    ({"team_size": 10 ** 18}, 422, "team_size"),
    ({"team_size": "12"}, 422, "team_size"),
    ({"title": "nul\x00"}, 422, "title"),
    ({"happened": "9999-12-31"}, 422, "happened"),
    ({"primary_lp": "karaoke"}, 400, "primary_lp"),
    ({"title": "   "}, 400, "title"),
]


@pytest.mark.parametrize("change,status,field", API_STORIES, ids=lambda v: str(v)[:30])
def test_api_story_refuses_with_one_line_naming_the_field(web, change, status, field):  # noqa: F811
    before = snapshot(web.home)
    for path in ("/api/stories", "/api/stories/analyse"):
        r = web.api("POST", path, {**STORY, **change})
        if path.endswith("analyse") and status == 400:       # a draft is analysed, not refused, by the rules
            assert r.status_code == 200 and field in r.json()["problem"]
            continue
        assert r.status_code == status, r.text
        message = r.json()["error"]
        assert message.startswith(field) and "\n" not in message, message
    assert snapshot(web.home) == before


@pytest.mark.parametrize("body,field", [
    ({"hours_per_week": 1e308}, "hours_per_week"),
    ({"hours_per_week": "10"}, "hours_per_week"),
    ({"interview": "9999-12-31"}, "interview"),
    ({"weekdays": ["garbage"]}, "weekdays"),
    ({"max_day_minutes": 10 ** 18}, "max_day_minutes"),
    ({"add_blackouts": ["someday"]}, "add_blackouts"),
])
def test_api_plan_settings_are_checked_by_the_profile_limits(web, body, field):  # noqa: F811
    before = snapshot(web.home)
    r = web.api("POST", "/api/plan/regenerate", {**body, "dry_run": False})
    assert r.status_code == 422 and r.json()["error"].startswith(field), r.text
    assert snapshot(web.home) == before


def test_api_nan_hours_are_refused(web):  # noqa: F811
    before = snapshot(web.home)
    r = web.api("POST", "/api/plan/regenerate", headers={"content-type": "application/json"},
                content=b'{"hours_per_week": NaN, "dry_run": false}')
    assert r.status_code == 422 and "\n" not in r.json()["error"]
    assert snapshot(web.home) == before


# ---------------------------------------------------------------- the CLI

@pytest.mark.parametrize("flag,value,message", [
    ("--years", "-5", "between 0 and 60"),
    ("--engineers", str(10 ** 18), "between 0 and 100000"),
    ("--hours", "1e308", "at most 70"),
    ("--hours", "nan", "hours per week"),
    ("--interview", "9999-12-31", "104 weeks"),
])
def test_init_refuses_each_bad_value(cli, answers_file, flag, value, message):
    args = list(INIT_ARGS)
    args[args.index(flag) + 1] = value
    assert message in one_line_error(cli(*args, "--answers", str(answers_file)))
    assert not (cli.home / "systemcraft.db").exists()


@pytest.mark.parametrize("extra,message", [
    (("--days", "garbage"), "garbage"),
    (("--session-start", "99:99"), "session start"),
])
def test_init_refuses_bad_days_and_times(cli, answers_file, extra, message):
    assert message in one_line_error(cli(*INIT_ARGS, "--answers", str(answers_file), *extra))
    assert not (cli.home / "systemcraft.db").exists()


@pytest.mark.parametrize("change,message", [
    ({"status": "polished"}, "status: must be one of 'draft' or 'ready'"),
    ({"action": "a" * 8001}, "action: is too long (8001 characters, at most 8000)"),
    ({"secondary_lps": ("dive-deep", "earn-trust", "frugality")}, "secondary_lps: at most 2 secondary principles"),
    ({"team_size": 10 ** 18}, "team_size: must be between 1 and 100000"),
])
def test_story_add_from_markdown_refuses_what_every_door_refuses(ready_cli, tmp_path, change, message):
    from dataclasses import replace
    from systemcraft.services.story_markdown import render
    md = tmp_path / "story.md"
    md.write_text(render(replace(good_story(), **change)))
    before = snapshot(ready_cli.home)
    for command in (("story", "add"), ("story", "import")):
        assert message in one_line_error(ready_cli(*command, str(md)))
    assert snapshot(ready_cli.home) == before


def test_story_add_from_options_refuses_a_part_over_the_limit(ready_cli):
    before = snapshot(ready_cli.home)
    r = ready_cli("story", "add", "--title", "Too long", "--lp", "ownership", "--situation", "s", "--task", "t",
                  "--action", "a" * 8001, "--result", "r")
    assert "action: is too long (8001 characters, at most 8000)" in one_line_error(r)
    assert snapshot(ready_cli.home) == before


@pytest.mark.parametrize("args,message", [
    (("plan", "regenerate", "--hours", "1e308"), "at most 70"),
    (("plan", "regenerate", "--days", "garbage"), "garbage"),
    (("plan", "regenerate", "--interview", "9999-12-31"), "104 weeks"),
])
def test_plan_settings_from_the_cli_are_refused(ready_cli, args, message):
    before = snapshot(ready_cli.home)
    assert message in one_line_error(ready_cli(*args))
    assert snapshot(ready_cli.home) == before
