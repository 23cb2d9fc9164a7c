"""Issue 13 §5 and §6 through the real Coach and database (SQLite and PostgreSQL): readiness that needs
evidence, and what happens after the interview."""

import json
from datetime import timedelta

import pytest

from systemcraft.coach import Coach, PlanChanges
from systemcraft.domain import readiness
from systemcraft.errors import InputError
from systemcraft.views import to_json
from tests.conftest import TODAY, edited_export, onboarded

INTERVIEW = TODAY + timedelta(weeks=12)          # onboarded(): a 12-week plan starting TODAY (a Monday)


def at(make_env, day, db_url) -> Coach:
    return Coach(make_env(today=day, db_url=db_url))


def outcome_rows(coach) -> int:
    return len(coach.interview_outcomes())


def negative_day_counts(obj, path="") -> list[str]:
    """Every number under a key that counts days, anywhere in a JSON view, that is below zero."""
    out = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            if "days" in k and isinstance(v, (int, float)) and v < 0:
                out.append(f"{path}.{k}={v}")
            out += negative_day_counts(v, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out += negative_day_counts(v, f"{path}[{i}]")
    return out


# ---------------------------------------------------------------- §5 readiness that needs evidence

def test_two_self_ratings_on_day_one_are_provisional_and_capped(make_env, db_url):
    c = onboarded(make_env(db_url=db_url))
    before = c.progress()["readiness"]
    assert before["score"] == 27.5 and before["provisional"]       # the quiz alone (see tests/domain)
    c.rate_week({"system_design": "5", "coding": "5"})
    r = c.progress()["readiness"]
    # Face value: + 15 × 5/5 + 15 × 5/5 = +30 → 57.5; one day's ratings move it by DAILY_CAP (10) at most.
    assert r["uncapped"] == 57.5 and r["score"] == 27.5 + readiness.DAILY_CAP == 37.5
    assert r["held_back"] == 20.0 and r["daily_cap"] == 10
    assert r["provisional"] is True and r["finished_weeks"] == 0
    assert r["reason"] == "it rests on 0 finished weeks of the plan and needs 2 (from 2026-12-07)"
    assert r["steps"] == [{"day": TODAY, "score": 37.5}]
    status = c.status().readiness
    assert (status["score"], status["provisional"], status["reason"]) == (37.5, True, r["reason"])
    assert "components" not in status                                # status carries the summary only
    assert c.month(1)["readiness"]["score"] == 37.5 and c.month(1)["readiness"]["provisional"]
    c.close()


def test_after_two_finished_weeks_it_is_no_longer_provisional(make_env, db_url):
    c = onboarded(make_env(db_url=db_url))
    c.rate_week({"system_design": "5", "coding": "5"})              # week 1: 27.5 → 37.5
    c.close()
    c = at(make_env, TODAY + timedelta(days=13), db_url)            # week 2's last day: one week finished
    r = c.progress()["readiness"]
    assert r["provisional"] and r["finished_weeks"] == 1 and "1 finished week of" in r["reason"]
    c.close()
    c = at(make_env, TODAY + timedelta(days=14), db_url)            # week 3's first day: two finished
    c.rate_week({"coding": "5"})                                    # week 3: 10 more → 47.5
    r = c.progress()["readiness"]
    assert not r["provisional"] and r["reason"] is None and r["finished_weeks"] == 2
    assert [s["score"] for s in r["steps"]] == [37.5, 47.5] and r["held_back"] == 10.0
    assert c.status().readiness["provisional"] is False
    month1 = c.month(1)["readiness"]                                # month 1 still running: as of today
    assert month1["score"] == 47.5 and not month1["provisional"]
    c.close()


# ---------------------------------------------------------------- §6 after the interview

def test_the_day_after_the_interview_says_one_day_ago_and_never_counts_below_zero(make_env, db_url):
    onboarded(make_env(db_url=db_url)).close()
    c = at(make_env, INTERVIEW + timedelta(days=1), db_url)
    s = c.status()
    assert s.days_to_interview == 0 and s.days_since_interview == 1
    assert s.interview_when == "your interview was 1 day ago"
    day = c.today()
    assert day.state == "after" and day.days_to_interview == 0 and day.days_since_interview == 1
    assert day.message.startswith("Your interview was 1 day ago. Record how it went")
    assert negative_day_counts(to_json(s)) == [] and negative_day_counts(to_json(day)) == []
    later = c.today(INTERVIEW + timedelta(days=3))
    assert later.interview_when == "your interview was 3 days ago"
    c.close()
    c = at(make_env, INTERVIEW, db_url)
    assert c.status().interview_when == "your interview is today" and c.today().state == "interview"
    c.close()


def test_an_outcome_is_recorded_only_from_the_interview_date_and_checked(make_env, db_url):
    onboarded(make_env(db_url=db_url)).close()
    c = at(make_env, INTERVIEW - timedelta(days=1), db_url)
    with pytest.raises(InputError, match=r"your interview is on 2027-02-15, 1 day from now: record its outcome "
                                         r"on or after that day"):
        c.record_interview_outcome("offer")
    assert outcome_rows(c) == 0
    c.close()
    c = at(make_env, INTERVIEW, db_url)
    with pytest.raises(InputError, match="unknown outcome 'great': use one of offer, no_offer, waiting, "
                                         "postponed, withdrew"):
        c.record_interview_outcome("great")
    with pytest.raises(InputError, match=r"the note is too long \(2001 characters, at most 2000\)"):
        c.record_interview_outcome("waiting", "x" * 2001)
    assert outcome_rows(c) == 0                                       # nothing written
    saved = c.record_interview_outcome("waiting", "Went well.\r\nSecond round?\n  - bar raiser")
    assert saved["notes"] == "Went well.\nSecond round?\n  - bar raiser"   # newlines kept, CRLF → LF
    assert saved["interview_date"] == INTERVIEW and saved["outcome"] == "waiting"
    assert c.record_interview_outcome("offer", "x" * 2000)["notes"] == "x" * 2000     # the limit itself is fine
    c.close()
    c = at(make_env, INTERVIEW + timedelta(days=2), db_url)
    assert c.today().outcome["outcome"] == "offer" and "You recorded: an offer." in c.today().message
    assert c.status().outcome["label"] == "an offer"
    assert [o["outcome"] for o in c.interview_outcomes()] == ["waiting", "offer"]
    c.close()


def test_the_latest_outcome_sent_again_is_stored_once_and_a_change_is_a_new_one(make_env, db_url):
    """A double submit (or the form re-sent after Back) is the same outcome, not a second one; waiting, then
    an offer, then waiting again is three (the history says what happened, in order)."""
    onboarded(make_env(db_url=db_url)).close()
    c = at(make_env, INTERVIEW + timedelta(days=1), db_url)
    first = c.record_interview_outcome("waiting", "Heard nothing yet")
    assert c.record_interview_outcome("waiting", "Heard nothing yet\r\n")["id"] == first["id"]     # once cleaned
    assert outcome_rows(c) == 1
    assert c.record_interview_outcome("waiting", "Heard nothing yet, chased")["id"] != first["id"]   # another note
    c.record_interview_outcome("offer")
    c.record_interview_outcome("waiting", "Heard nothing yet")
    assert [o["outcome"] for o in c.interview_outcomes()] == ["waiting", "waiting", "offer", "waiting"]
    c.close()


def test_a_new_date_after_the_interview_starts_without_an_outcome(make_env, db_url):
    onboarded(make_env(db_url=db_url)).close()
    c = at(make_env, INTERVIEW + timedelta(days=3), db_url)
    c.record_interview_outcome("postponed", "They moved it by a month.")
    new = INTERVIEW + timedelta(days=30)
    c.regenerate(PlanChanges(interview=new))
    s = c.status()
    assert s.days_to_interview == 27 and s.days_since_interview == 0 and s.outcome is None
    assert c.today().tasks                                            # a plan up to the new date
    with pytest.raises(InputError, match="record its outcome on or after that day"):
        c.record_interview_outcome("offer")
    assert [o["interview_date"] for o in c.interview_outcomes()] == [INTERVIEW]   # the old one is kept
    c.close()


def test_an_export_with_outcomes_imports_back_exactly(make_env, tmp_path, db_url):
    onboarded(make_env()).close()
    c = at(make_env, INTERVIEW + timedelta(days=1), None)
    c.record_interview_outcome("waiting", "line one\nline two")
    c.record_interview_outcome("no_offer")
    before = c.interview_outcomes()
    first = c.export_all(tmp_path / "one", "json")[0]
    c.close()
    home = tmp_path / "new"
    fresh = Coach(make_env(today=INTERVIEW + timedelta(days=1), home=home,
                           db_url=db_url if db_url.startswith("postgresql") else None))
    counts = fresh.import_all(first)
    assert counts["interview_outcomes"] == 2
    assert fresh.interview_outcomes() == before
    again = fresh.export_all(tmp_path / "two", "json")[0]
    fresh.close()
    a, b = json.loads(first.read_text()), json.loads(again.read_text())
    assert a["interview_outcomes"] == b["interview_outcomes"] and len(a["interview_outcomes"]) == 2
    assert a["interview_outcomes"][0]["notes"] == "line one\nline two"
    assert a == b                                                     # the whole file round-trips


@pytest.mark.parametrize("mutate,message", [
    (lambda d: d["interview_outcomes"][0].update(outcome="great"), "outcome 'great' is unknown"),
    (lambda d: d["interview_outcomes"][0].update(plan_id=999), "refers to plan 999"),
    (lambda d: d["interview_outcomes"][0].update(notes="x" * 2001), "longer than 2000 characters"),
    (lambda d: d["interview_outcomes"][0].pop("interview_date"), "interview_date is missing"),
])
def test_hand_edited_outcomes_are_refused_before_anything_is_written(make_env, tmp_path, mutate, message):
    onboarded(make_env()).close()
    c = at(make_env, INTERVIEW, None)
    c.record_interview_outcome("offer")
    bad = edited_export(c, tmp_path, mutate)
    with pytest.raises(InputError, match=message):
        Coach(make_env(home=tmp_path / "new")).import_all(bad)
    assert not (tmp_path / "new" / "systemcraft.db").exists()


def test_an_export_made_before_outcomes_existed_still_imports(make_env, tmp_path):
    onboarded(make_env()).close()
    path = edited_export(at(make_env, TODAY, None), tmp_path, lambda data: data.pop("interview_outcomes"))
    fresh = Coach(make_env(home=tmp_path / "new"))
    assert fresh.import_all(path)["interview_outcomes"] == 0
    fresh.close()
