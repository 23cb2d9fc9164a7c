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
