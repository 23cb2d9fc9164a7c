"""Issue 16 §4 in the services, on SQLite and PostgreSQL: the profile changed later, the quiz retaken, and an
export replacing everything a home holds (after a backup, in one transaction)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from systemcraft.coach import PlanChanges, Profile
from systemcraft.errors import InputError, NotFoundError
from tests.conftest import ANSWERS, onboarded

ALL_E = {f"q{i}": "E" for i in range(1, 21)}


def current(coach) -> Profile:
    return coach.profile_settings()["profile"]


# ---------------------------------------------------------------- profile

def test_a_new_level_is_saved_and_the_plan_waits_for_the_candidates_re_plan(coach):
    plan = coach.reader().active_plan(coach.candidate_id or coach._candidate().id)
    result = coach.update_profile(replace(current(coach), target_level="L7", years_experience=15))
    assert result["changed"] == ["target_level", "years_experience"]
    assert (result["plan_level"], result["replan_level"]) == ("L6", "L7")
    assert current(coach).target_level == "L7" and current(coach).years_experience == 15
    assert coach.plan_view().level == "L6" and coach.plan_view().version == plan.version   # not rebuilt
    preview = coach.regenerate(PlanChanges(level="L7"), dry_run=True)
    assert preview["level"] == "L7" and coach.plan_view().level == "L6"
    coach.regenerate(PlanChanges(level="L7"), reason="profile")
    assert coach.plan_view().level == "L7" and coach.plan_view().version == plan.version + 1
    assert coach.update_profile(current(coach))["replan_level"] is None      # they agree again


def test_the_day_start_and_flags_change_in_the_same_transaction(coach):
    result = coach.update_profile(replace(current(coach), multi_team=True, org_transformation=True), 6)
    assert result["changed"] == ["multi_team", "org_transformation", "day_start_hour"]
    settings = coach.profile_settings()
    assert settings["day_start_hour"] == 6 and settings["profile"].multi_team and settings["profile"].org_transformation
    assert coach.update_profile(current(coach), 6)["changed"] == []          # the same again: nothing to write


@pytest.mark.parametrize("change, day_start, words", [
    ({"target_level": "auto"}, None, "target level"),
    ({"target_level": "L8"}, None, "target level"),
    ({"name": "Sam\x1b[31m"}, None, "control characters"),
    ({"name": "  "}, None, "must not be empty"),
    ({"engineers_managed": -1}, None, "engineers managed"),
    ({"current_role": "astronaut"}, None, "current role"),
    ({}, 13, "from 0 to 12"),
])
def test_a_bad_profile_is_refused_whole(coach, change, day_start, words):
    before = coach.profile_settings()
    with pytest.raises(InputError, match=words):
        coach.update_profile(replace(current(coach), **change), day_start)
    assert coach.profile_settings() == before


# ---------------------------------------------------------------- quiz

def test_retaking_the_quiz_stores_it_once_and_compares_area_by_area(coach):
    first = coach.quiz_comparison()
    assert first["before"] is None and first["after"].total == 61
    assert coach.quiz_answers() == ANSWERS                                  # the letters the form shows
    result = coach.retake_quiz(ALL_E)
    assert result["stored"] and result["total"] == 100
    assert coach.retake_quiz(ALL_E)["stored"] is False                    # a double submit
    comparison = coach.quiz_comparison()
    assert (comparison["before"].total, comparison["after"].total) == (61, 100)
    areas = {a["id"]: (a["before"], a["after"], a["max"]) for a in comparison["areas"]}
    assert areas == {"technical": (24, 40, 40), "leadership": (16, 30, 30), "cultural": (21, 30, 30)}
    assert coach.latest_quiz().total == 100 and coach.quiz_answers() == ALL_E


def test_the_recommendation_is_named_only_when_the_quiz_moved_it(coach):
    assert coach.retake_quiz(ANSWERS)["recommended"] is None                # the same answers: the same plan
    moved = coach.retake_quiz(ALL_E)["recommended"]
    assert moved is not None and moved == coach.recommend().plan_id != coach.plan_view().plan_id


def test_a_bad_answer_stores_nothing(coach):
    with pytest.raises(InputError):
        coach.retake_quiz({**ALL_E, "q3": "F"})
    assert coach.quiz_comparison()["before"] is None


# ---------------------------------------------------------------- replacing everything

@pytest.fixture
def theirs(make_env, tmp_path):
    """An export of another candidate, made in a home of its own (SQLite)."""
    other = onboarded(make_env(home=tmp_path / "other"), name="Robin", level="L7", weeks=10)
    path = other.export_all(tmp_path / "out", "json")[0]
    other.close()
    return path


def test_replace_all_backs_up_then_swaps_everything(coach, theirs):
    my_weeks = len(coach.plan_view().weeks)
    staged = coach.stage_import(theirs, "theirs.json")
    assert staged["name"] == "Robin" and staged["counts"]["plans"] == 1
    pending = coach.pending_import()
    assert (pending["current"]["name"], pending["incoming"]["name"]) == ("Sam", "Robin")
    assert coach.profile_settings()["profile"].name == "Sam"                # nothing changed yet
    result = coach.replace_all(pending["digest"])
    assert coach.profile_settings()["profile"].name == "Robin" and coach.plan_view().level == "L7"
    assert result["counts"]["tasks"] == len(json.loads(theirs.read_text())["tasks"])
    backup = coach.backup_file(result["backup"])
    kept = json.loads(backup.read_text())
    assert kept["candidate"]["name"] == "Sam" and len({t["week"] for t in kept["tasks"]}) == my_weeks
    assert coach.pending_import() is None
    with pytest.raises(InputError, match="no file is waiting"):
        coach.replace_all(pending["digest"])


def test_a_bad_file_is_refused_before_anything_is_kept(coach, theirs, tmp_path):
    data = json.loads(theirs.read_text())
    data["plans"][0]["plan_id"] = "nonsense"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(InputError) as exc:
        coach.stage_import(bad, "bad.json")
    assert "plans[0]" in exc.value.message and str(tmp_path) not in exc.value.message
    assert coach.pending_import() is None


def test_a_load_that_fails_leaves_the_home_as_it_was(coach, theirs, monkeypatch):
    from systemcraft.store import repository
    digest = coach.stage_import(theirs, "theirs.json")["digest"]
    before = coach.plan_view()

    def broken(repo, conn, data):
        raise RuntimeError("the disk filled up")
    monkeypatch.setattr(repository, "load", broken)
    with pytest.raises(RuntimeError):
        coach.replace_all(digest)
    assert coach.profile_settings()["profile"].name == "Sam" and coach.plan_view() == before


def test_cancel_and_a_stale_digest(coach, theirs):
    digest = coach.stage_import(theirs, "theirs.json")["digest"]
    with pytest.raises(InputError, match="not the one you confirmed"):
        coach.replace_all("f" * 64)
    assert coach.cancel_import() is True and coach.cancel_import() is False
    with pytest.raises(InputError, match="no file is waiting"):
        coach.replace_all(digest)


def test_a_backup_is_named_never_reached_by_path(coach):
    for name in ("../systemcraft.db", "systemcraft-backup-20261123-000000.json", ""):
        with pytest.raises(NotFoundError):
            coach.backup_file(name)


def test_import_into_a_home_in_use_is_still_refused_without_the_choice(coach, theirs):
    with pytest.raises(InputError) as exc:
        coach.import_all(theirs)
    assert exc.value.message == "this SystemCraft already holds a candidate; import into an empty one"
