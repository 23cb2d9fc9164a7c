"""Delivery reports stored and read back on both databases; a failed write leaves nothing behind."""

from pathlib import Path

import pytest

from systemcraft.coach import Coach
from systemcraft.errors import InputError
from tests.conftest import onboarded

FIX = Path(__file__).parents[1] / "fixtures" / "delivery"


@pytest.fixture
def coach(make_env, db_url):
    c = onboarded(make_env(db_url=db_url), "Sam Okafor", "L7")
    yield c
    c.close()


def test_reports_round_trip_and_trend(coach):
    first = coach.analyse_transcript(FIX / "zoom.vtt")
    assert first["speaker"] == "Sam Okafor" and first["speaker_why"] == "matches the name in your profile"
    second = coach.analyse_transcript(FIX / "teams.vtt", speaker="Priya Raman", level="L6")
    history = coach.delivery_history()
    assert [h["id"] for h in history] == [first["id"], second["id"]]
    assert history[1]["level"] == "L6" and history[1]["pauses"] == len(second["pauses"])
    again = coach.delivery_report(first["id"])
    assert again["star"] == first["star"] and again["fillers"] == first["fillers"]
    assert coach.progress()["delivery"] == history


def test_the_same_file_analysed_again_is_kept_once_and_a_change_is_a_new_analysis(coach):
    """The upload sent twice (a double submit, the form re-sent after Back) is today's latest analysis again:
    its id comes back and the trend does not count it twice. Another question asked of the same file (another
    level) or another file in between is a new analysis."""
    data = (FIX / "teams.vtt").read_bytes()
    first = coach.analyse_upload(data, "teams.vtt", speaker="Priya Raman")
    assert coach.analyse_upload(data, "teams.vtt", speaker="Priya Raman")["id"] == first["id"]
    assert len(coach.delivery_history()) == 1
    other_level = coach.analyse_upload(data, "teams.vtt", speaker="Priya Raman", level="L6")   # the candidate: L7
    assert other_level["id"] != first["id"]
    assert coach.analyse_upload(data, "teams.vtt", speaker="Priya Raman")["id"] not in (first["id"], other_level["id"])
    assert len(coach.delivery_history()) == 3


def test_a_refused_analysis_writes_nothing(coach):
    with pytest.raises(InputError, match="no lines from speaker"):
        coach.analyse_transcript(FIX / "zoom.vtt", speaker="Nobody")
    with pytest.raises(InputError, match="--level"):
        coach.analyse_upload(b"WEBVTT\n\n00:01.000 --> 00:03.000\nhello there\n", "a.vtt", level="L9")
    assert coach.delivery_history() == []


def test_export_and_import_carry_the_analyses_with_their_story(coach, make_env, tmp_path):
    from systemcraft.domain.stories import Story
    sid = coach.add_story(Story("Nightly pipeline", "Our data pipeline failed every night.", "I was asked to own it.",
                                "I rewrote the scheduler.", "Failures fell from thirty a month to two.", "ownership"))
    coach.analyse_transcript(FIX / "zoom.vtt", story_id=sid)
    files = coach.export_all(tmp_path / "out", "json")
    fresh = Coach(make_env(home=tmp_path / "other"))
    counts = fresh.import_all(files[0])
    assert counts["deliveries"] == 1
    (row,) = fresh.delivery_history()
    assert row["story_id"] == fresh.stories()[0].id and fresh.delivery_report(row["id"])["story"]["title"] == "Nightly pipeline"
    fresh.close()


def _mock_with_marks(coach, marks):
    from systemcraft.domain import mocks as dm
    planned = coach.plan_mock("behavioral")
    session = dm.Session(tuple(planned["phases"]))
    session.start(0.0)
    for at, label in marks:
        session.mark(label, at)
    session.finish(600.0)
    return coach.save_mock(planned, session, None, "complete")


def test_a_mocks_marks_time_the_parts_shifted_by_where_the_recording_began(coach):
    # zoom.vtt: Sam speaks at 4–20 s (the task from 12 s) and 24–36 s (the result from 30 s)
    mid = _mock_with_marks(coach, [(4, "S"), (12, "T"), (24, "A"), (30, "R")])
    rep = coach.analyse_transcript(FIX / "zoom.vtt", mock_id=mid)
    assert rep["star"]["method"] == "markers" and rep["mock_id"] == mid
    starts = {p["part"]: p["start"] for p in rep["star"]["parts"]}
    assert starts == {"situation": 4.0, "task": 12.0, "action": 24.0, "result": 30.0}
    # the recording began 20 s into the mock: S and T were made before it (the task was under way at
    # 0:00), A lands at 4 s and R at 10 s of the recording
    shifted = coach.analyse_transcript(FIX / "zoom.vtt", mock_id=mid, mock_offset=20)
    words = {p["part"]: p["words"] for p in shifted["star"]["parts"]}
    assert words["situation"] == words["task"] == 0 and words["action"] > 0 and words["result"] > 0
    assert {p["part"]: p["start"] for p in shifted["star"]["parts"]}["action"] == 4.0
    assert shifted["star"]["cues"]["action"] == ["mock marker at 0:04"]
    with pytest.raises(InputError, match="--mock-offset needs --mock"):
        coach.analyse_transcript(FIX / "zoom.vtt", mock_offset=20)
    with pytest.raises(InputError, match="--mock-offset must be between"):
        coach.analyse_transcript(FIX / "zoom.vtt", mock_id=mid, mock_offset=-1)
    assert len(coach.delivery_history()) == 2
