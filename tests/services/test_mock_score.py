"""A mock stored without a rubric (stopped early, or "score later") is scored afterwards (issue 16 §2):
services/mockrun.score, on SQLite and PostgreSQL (the `coach` fixture of tests/services/conftest.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from systemcraft.coach import Coach, PlanOptions, Profile
from systemcraft.domain import mocks as dm
from systemcraft.errors import InputError
from tests.conftest import ANSWERS, TODAY

BEHAVIORAL = ("LP demonstration", "STAR structure", "Management competency")


def stopped_after_20_minutes(coach: Coach, stop: float = 1200.0) -> tuple[dict, int]:
    """A behavioral mock (L6: 60 planned minutes — introductions 5, four questions of 11, your questions 6,
    wrap-up 5) stopped 20 minutes in: 5 min of introductions, 11 on question 1, 4 on question 2.
    Four STAR marks, all in question 1. (`stop`: another stop time, in seconds, after 960.)"""
    planned = coach.plan_mock("behavioral", "L6", "collaborator")
    assert sum(p.minutes for p in planned["phases"]) == 60 and planned["dimensions"] == BEHAVIORAL
    s = dm.Session(planned["phases"])
    s.start(0.0)
    s.next_phase(300.0)
    for label, at in (("S", 320.0), ("T", 400.0), ("A", 500.0), ("R", 900.0)):
        s.mark(label, at)
    s.next_phase(960.0)
    s.interrupt(stop)
    assert s.status == "partial"
    return planned, coach.save_mock(planned, s, None, s.status)


def rubric(rec: int = 4, score: int = 4, strengths=("Clear STAR structure", "Owned the outcome")) -> dm.Rubric:
    return dm.Rubric({d: (score, f"heard {d.lower()}") for d in BEHAVIORAL}, rec, tuple(strengths),
                     ("Quantify the result",))


def mock_entries(coach: Coach) -> list[dict]:
    return coach.log_list(kind="mock")


def test_stopped_early_is_stored_partial_with_its_marks_then_scored_4(coach):
    _, mid = stopped_after_20_minutes(coach)
    (m,) = coach.mock_history()
    # Stored the moment it stopped: partial, three phases timed (5 + 11 + 4 = 20 min), four marks, no rubric.
    assert (m["id"], m["status"], m["recommendation"], m["marks"]) == (mid, "partial", None, 4)
    assert m["actual_minutes"] == [5.0, 11.0, 4.0]
    (entry,) = mock_entries(coach)
    assert entry["score"] is None and entry["minutes"] == 20
    assert entry["title"] == "Behavioral mock (partial, not scored)"

    result = coach.score_mock(mid, rubric(4))
    assert result["changed"] is True and result["recommendation"] == 4 and result["mean"] == 4.0

    (m,) = coach.mock_history()
    assert m["recommendation"] == 4 and m["status"] == "partial" and m["marks"] == 4    # timing untouched
    assert m["strengths"] == ["Clear STAR structure", "Owned the outcome"]
    assert m["scores"]["STAR structure"] == {"score": 4, "evidence": "heard star structure"}
    (entry,) = mock_entries(coach)                     # the same entry, not a second one
    assert entry["score"] == 4.0 and entry["minutes"] == 20
    assert entry["title"] == "Behavioral mock (partial)"   # the title a mock scored at once gets


def test_the_scored_mock_counts_in_the_mock_score_trend(coach):
    from systemcraft.store import queries
    _, mid = stopped_after_20_minutes(coach)
    cid = coach.candidate_id
    read = lambda: coach.reader().fetch(queries.MOCK_SCORES, cid=cid, until=TODAY)          # noqa: E731
    assert read() == []                                # unscored: nothing to trend yet
    coach.score_mock(mid, rubric(4))
    assert [r["score"] for r in read()] == [4.0]


def test_each_mock_keeps_its_own_log_entry(coach):
    """Two unscored behavioral mocks on one day (20 and 25 minutes; on the tests' fixed clock both were
    written at the same instant): scoring the second changes the second's entry (25 min) only."""
    _, first = stopped_after_20_minutes(coach)
    _, second = stopped_after_20_minutes(coach, stop=1500.0)
    coach.score_mock(second, rubric(2, score=2))
    assert {e["minutes"]: e["score"] for e in mock_entries(coach)} == {20: None, 25: 2.0}
    coach.score_mock(first, rubric(5, score=5))
    assert {m["id"]: m["recommendation"] for m in coach.mock_history()} == {first: 5, second: 2}
    assert {e["minutes"]: e["score"] for e in mock_entries(coach)} == {20: 5.0, 25: 2.0}
    assert all(e["title"] == "Behavioral mock (partial)" for e in mock_entries(coach))


def test_scoring_twice(coach):
    """A mock is scored once. The same rubric again (a double submit) changes nothing and says so; a
    different one is refused in one line, and the first score stays."""
    _, mid = stopped_after_20_minutes(coach)
    assert coach.score_mock(mid, rubric(4))["changed"] is True
    again = coach.score_mock(mid, rubric(4))
    assert again["changed"] is False and again["recommendation"] == 4
    with pytest.raises(InputError) as info:
        coach.score_mock(mid, rubric(2, score=2))
    assert str(info.value) == (f"mock #{mid} is already scored (recommendation 4); a mock is scored once, so "
                               "nothing was changed: run a new mock to score another attempt")
    assert coach.mock_history()[0]["recommendation"] == 4
    assert [e["score"] for e in mock_entries(coach)] == [4.0]


@pytest.mark.parametrize("bad", [99999, 2**31 - 1, 2**63, 10**30, -1, 0])
def test_unknown_ids_are_one_line(coach, bad):
    stopped_after_20_minutes(coach)
    with pytest.raises(InputError) as info:
        coach.score_mock(bad, rubric())
    assert str(info.value) == f"no mock #{bad}"
    assert coach.mock_history()[0]["recommendation"] is None


def test_a_rubric_that_does_not_fit_the_mock_changes_nothing(coach):
    _, mid = stopped_after_20_minutes(coach)
    wrong = dm.Rubric({"System design": (4, "")}, 4, (), ())        # a technical dimension
    with pytest.raises(InputError) as info:
        coach.score_mock(mid, wrong)
    assert "missing a score for LP demonstration" in str(info.value) and "\n" not in str(info.value)
    with pytest.raises(InputError, match="recommendation must be from 1"):
        coach.score_mock(mid, rubric(rec=9))
    assert coach.mock_history()[0]["recommendation"] is None
    assert mock_entries(coach)[0]["score"] is None


def test_a_mock_whose_log_entry_was_deleted_is_still_scored(coach):
    _, mid = stopped_after_20_minutes(coach)
    coach.log_delete(mock_entries(coach)[0]["id"])
    assert coach.score_mock(mid, rubric(3))["log_entry"] is None
    assert coach.mock_history()[0]["recommendation"] == 3
    assert mock_entries(coach) == []                   # no entry is made up


def test_another_candidates_mock_is_refused(make_env, db_url):
    env = make_env(db_url=db_url)
    options = PlanOptions(start=TODAY, interview=TODAY + timedelta(weeks=12), hours_per_week=10)
    a = Coach(env)
    a.onboard(Profile("Ann Able", "L6", "manager", 10, 9), ANSWERS, options)
    b = Coach(env)
    b.onboard(Profile("Bob Baker", "L6", "manager", 12, 20), ANSWERS, options, another=True)
    a_id, b_id = a.candidate_id, b.candidate_id
    a.close()
    b.close()
    a, b = Coach(env, candidate_id=a_id), Coach(env, candidate_id=b_id)
    try:
        _, mid = stopped_after_20_minutes(a)
        with pytest.raises(InputError) as info:
            b.score_mock(mid, rubric())
        assert str(info.value) == f"no mock #{mid}"
        with pytest.raises(InputError):
            b.mock(mid)
        assert a.mock_history()[0]["recommendation"] is None and a.log_list(kind="mock")[0]["score"] is None
        assert a.score_mock(mid, rubric())["changed"] is True        # its owner still can
    finally:
        a.close()
        b.close()
