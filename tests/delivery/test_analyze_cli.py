"""`systemcraft analyze` and `systemcraft delivery` through the real entry point: reports, storage
with the story or mock, the trend in progress, and bad input that stores nothing."""

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.cli.test_bad_input import one_line_error

FIX = Path(__file__).parents[1] / "fixtures" / "delivery"


def rows(cli, table="deliveries"):
    db = cli.home / "systemcraft.db"
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_analyze_prints_a_report_with_evidence_and_stores_it(ready_cli):
    r = ready_cli("analyze", str(FIX / "teams.vtt"), "--speaker", "Priya Raman")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "Speaker: Priya Raman — the speaker you named" in out and "Alex Chen" in out
    assert "Fillers  2" in out and "“So, at the time" in out and "um" in out
    assert "STAR timing (L7)" in out or "STAR timing (L6)" in out
    assert "note: 1 empty cue ignored" in out
    assert "hire" not in out.lower()
    assert rows(ready_cli) == 1
    listed = ready_cli.json("delivery")
    assert listed[0]["source"] == "teams.vtt" and listed[0]["speaker"] == "Priya Raman"
    again = ready_cli.json("delivery", str(listed[0]["id"]))
    assert again["fillers"]["count"] == 2 and again["saved"] is True


def test_json_output_and_no_save(ready_cli):
    r = ready_cli("analyze", str(FIX / "whisper.json"), "--json", "--no-save")
    assert r.returncode == 0, r.stderr
    rep = json.loads(r.stdout)
    assert rep["saved"] is False and rep["words"] == 20 and rep["format"] == "json"
    assert len(rep["pauses"]) == 1 and rep["pauses"][0]["at"] == 2.35
    assert [n["what"] for n in rep["numbers"]] == ["60%"]
    assert rows(ready_cli) == 0


def test_story_link_compares_and_mock_link_uses_its_marks(ready_cli, tmp_path):
    r = ready_cli("story", "add", "--title", "Checkout launch", "--lp", "deliver-results",
                  "--situation", "I was leading a team of six on our checkout service.",
                  "--task", "Ship without new headcount.",
                  "--action", "I cut two features and paired juniors with seniors.",
                  "--result", "We shipped on time and conversion went up 12%. Refunds fell 30%.")
    assert r.returncode == 0, r.stderr
    sid = ready_cli.json("story", "list")[0]["id"]
    rep = ready_cli.json("analyze", str(FIX / "teams.vtt"), "--speaker", "Priya", "--story", str(sid))
    assert rep["story"]["story_id"] == sid and rep["story"]["numbers_missing"] == ["30%"]
    assert rep["level"] == "L6" and rep["story"]["result_dropped"] is False
    with sqlite3.connect(ready_cli.home / "systemcraft.db") as conn:
        assert conn.execute("SELECT story_id FROM deliveries").fetchone()[0] == sid


def test_typed_markers_in_plain_text_with_an_estimated_duration(ready_cli):
    rep = ready_cli.json("analyze", str(FIX / "answer.txt"), "--duration", "1:00", "--version", "30s")
    assert rep["estimated"] is True and rep["star"]["method"] == "markers"
    assert rep["length"] == {"version": "30s", "given": True, "seconds": 60.0, "range": [20, 40], "status": "long"}
    assert ready_cli.json("delivery")[0]["estimated"] is True


def test_progress_shows_the_delivery_trend(ready_cli):
    for _ in range(2):          # the same file analysed twice in a day is one point of the trend, not two
        assert ready_cli("analyze", str(FIX / "zoom.vtt")).returncode == 0
    assert ready_cli("analyze", str(FIX / "answer.srt")).returncode == 0
    view = ready_cli.json("progress")
    assert [d["source"] for d in view["delivery"]] == ["zoom.vtt", "answer.srt"]
    text = ready_cli("progress").stdout
    assert "Delivery" in text and "words/min" in text


def test_analyze_works_before_init_without_storing(cli):
    r = cli("analyze", str(FIX / "zoom.vtt"))
    assert r.returncode == 0, r.stderr
    assert "not stored: no candidate" in r.stdout and "Sam Okafor" in r.stdout
    assert not (cli.home / "systemcraft.db").exists()


@pytest.mark.parametrize("make,args,message", [
    (lambda p: p.write_text("WEBVTT\n\n00:05.000 --> 00:02.000\nhi\n"), (), "backwards timestamps"),
    (lambda p: p.write_text("WEBVTT\n\n00:01.000 --> 00:09.000\none\n\n00:05.000 --> 00:12.000\ntwo\n"), (),
     "overlapping timestamps"),
    (lambda p: p.write_text("WEBVTT\n\n00:01.000 --> 00:02.000\n\n"), (), "no cues with text"),
    (lambda p: p.write_bytes("WEBVTT\n\n00:01.000 --> 00:02.000\ncaf\u00e9\n".encode("latin-1")), (), "not UTF-8 text"),
    (lambda p: shutil.copy(FIX / "answer.srt", p), (), "holds SRT captions"),
    (lambda p: shutil.copy(FIX / "zoom.vtt", p), ("--speaker", "Nobody"), "no lines from speaker 'Nobody'"),
    (lambda p: p.write_text("just words"), (), "not WebVTT: it does not start with WEBVTT"),
    (lambda p: p.with_suffix(".txt").write_text("just words"), (), "give its length with --duration"),
    (lambda p: p.with_suffix(".txt").write_text("just words"), ("--duration", "soon"), "--duration must look like"),
    (lambda p: shutil.copy(FIX / "zoom.vtt", p), ("--story", "99"), "no story 99"),
    (lambda p: shutil.copy(FIX / "zoom.vtt", p), ("--mock", "99"), "no mock 99"),
    (lambda p: shutil.copy(FIX / "zoom.vtt", p), ("--mock-offset", "1:00"), "--mock-offset needs --mock"),
    (lambda p: shutil.copy(FIX / "zoom.vtt", p), ("--mock", "1", "--mock-offset", "soon"), "--mock-offset must look like"),
    (lambda p: shutil.copy(FIX / "zoom.vtt", p), ("--speaker", "x" * 200), "--speaker must be"),
])
def test_bad_input_is_one_line_and_stores_nothing(ready_cli, tmp_path, make, args, message):
    f = tmp_path / "answer.vtt"
    make(f)
    if not f.exists():
        f = f.with_suffix(".txt")
    r = ready_cli("analyze", str(f), *args)
    assert message in one_line_error(r)
    assert rows(ready_cli) == 0


def test_a_500_mb_file_is_refused_without_reading_it(ready_cli, tmp_path):
    big = tmp_path / "huge.vtt"
    with open(big, "wb") as fh:
        fh.truncate(500 * 1024 * 1024)            # sparse: nothing is written to disk
    r = ready_cli("analyze", str(big))
    assert "is 524 MB; a transcript is at most 20 MB" in one_line_error(r)
    assert rows(ready_cli) == 0


@pytest.mark.parametrize("args,message", [
    ((), "needs a local Whisper model; install one first (`systemcraft model install base`, or a model folder: --model DIR)"),
    (("--model", "/nonexistent/model"), "no such directory"),
])
def test_audio_without_a_model_is_refused(ready_cli, tmp_path, args, message):
    wav = tmp_path / "answer.wav"
    wav.write_bytes(b"RIFF0000WAVEfmt ")
    r = ready_cli("analyze", str(wav), *args)
    assert message in one_line_error(r)
    assert rows(ready_cli) == 0


def test_missing_file_and_directory(ready_cli, tmp_path):
    assert "no such file" in one_line_error(ready_cli("analyze", str(tmp_path / "nope.vtt")))
    assert "is a directory" in one_line_error(ready_cli("analyze", str(tmp_path)))
