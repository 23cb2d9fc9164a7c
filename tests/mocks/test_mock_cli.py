"""Mocks through the real command, driven by a script on a fake clock (each input = one minute)."""

import os
import signal
import subprocess
import sys
import time

import pytest

from systemcraft.domain import mocks as dm
from tests.cli.test_bad_input import one_line_error


@pytest.fixture
def mcli(ready_cli):
    ready_cli.env["SYSTEMCRAFT_MOCK_CLOCK"] = "step:60"
    return ready_cli


def phase_count(fmt, level="L6"):
    return sum(len(dm.FORMATS[r]) for r in dm.rounds(fmt, level))


def script(fmt, level="L6", rec="4"):
    dims = dm.rubric_dimensions(fmt, level)
    lines = ["f", "s", ""] + [""] * (phase_count(fmt, level) - 1)
    for i, _ in enumerate(dims):
        lines += [str(3 + i % 2), f"evidence {i}"]
    lines += [rec, "clear structure; calm under probes", "more numbers"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("fmt", ["behavioral", "system_design", "coding", "bar_raiser", "technical", "full_loop"])
def test_every_format_runs_start_to_finish_and_counts_in_the_week(mcli, fmt):
    r = mcli("mock", "start", fmt, input=script(fmt))
    assert r.returncode == 0, r.stderr
    assert "saved: it counts in this week's scorecard" in r.stdout
    mocks = mcli.json("mock", "list")
    assert len(mocks) == 1 and mocks[0]["status"] == "complete" and mocks[0]["recommendation"] == 4
    assert len(mocks[0]["actual_minutes"]) == phase_count(fmt)
    assert sum(mocks[0]["actual_minutes"]) == pytest.approx(phase_count(fmt) + 2, abs=0.01)  # one minute per input
    week = mcli.json("week")
    item = next(i for i in week["items"] if i["id"] == "mocks")
    assert item["value"] == 1
    log = mcli.json("log", "list", "--kind", "mock")
    assert log[0]["score"] == 4.0 and log[0]["minutes"] >= phase_count(fmt)


def test_questions_become_review_cards(mcli):
    before = mcli.json("review", "--list")["due"]
    mcli("mock", "start", "behavioral", input=script("behavioral"))
    assert mcli.json("review", "--list")["due"] == before + 4


def test_a_second_mock_does_not_repeat_recent_questions(mcli):
    mcli("mock", "start", "behavioral", input=script("behavioral"))
    out1 = mcli("mock", "kit", "behavioral", "--out", "/dev/null")
    assert out1.returncode == 1            # the kit needs .md or .html
    mcli("mock", "start", "behavioral", input=script("behavioral"))
    import json
    import sqlite3
    con = sqlite3.connect(mcli.home / "systemcraft.db")
    rows = [json.loads(p) for (p,) in con.execute("SELECT phases FROM mocks ORDER BY id")]
    ids = [[ph["question_id"] for ph in r if ph["question_id"]] for r in rows]
    assert not set(ids[0]) & set(ids[1])


@pytest.mark.parametrize("ending", ["q\n", ""])
def test_stopping_early_keeps_what_was_recorded(mcli, ending):
    r = mcli("mock", "start", "coding", input="s\n\n" + ending)
    assert r.returncode == 0 and "saved as partial" in r.stdout
    m = mcli.json("mock", "list")[0]
    assert m["status"] == "partial" and len(m["actual_minutes"]) == 2


def test_ctrl_c_keeps_what_was_recorded(mcli):
    env = {**mcli.env, "SYSTEMCRAFT_MOCK_CLOCK": ""}
    p = subprocess.Popen([sys.executable, "-m", "systemcraft", "mock", "start", "coding"], env=env,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    p.stdin.write("s\n")
    p.stdin.flush()
    time.sleep(1.5)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=30)
    assert p.returncode == 0, err
    assert "saved as partial" in out
    assert mcli.json("mock", "list")[0]["status"] == "partial"


def test_rubric_scores_outside_1_to_5_are_asked_again(mcli):
    dims = dm.rubric_dimensions("coding", "L6")
    lines = [""] * phase_count("coding") + ["7", "4", "ok"] + ["3", "ok"] * (len(dims) - 1) + ["9", "3", "", ""]
    r = mcli("mock", "start", "coding", input="\n".join(lines) + "\n")
    assert r.stdout.count("type a whole number from 1 to 5") == 2
    assert mcli.json("mock", "list")[0]["recommendation"] == 3


def test_kits_render_and_feedback_imports_back(mcli, tmp_path):
    md = tmp_path / "kit.md"
    html = tmp_path / "kit.html"
    assert mcli("mock", "kit", "system_design", "--out", str(md), "--persona", "skeptic").returncode == 0
    assert mcli("mock", "kit", "system_design", "--out", str(html)).returncode == 0
    text = md.read_text()
    assert "## Timings" in text and "## Feedback form" in text and "Skeptical challenger" in text
    page = html.read_text()
    assert page.startswith("<!doctype html>") and "<table>" in page and "<script" not in page
    filled = text
    for d in dm.rubric_dimensions("system_design", "L6"):
        filled = filled.replace(f"  {d}: 0", f"  {d}: 4").replace(f'  {d}: ""', f'  {d}: "solid estimates"')
    filled = filled.replace("recommendation: 0", "recommendation: 4").replace("strengths: []", "strengths: [calm]")
    done = tmp_path / "filled.md"
    done.write_text(filled)
    r = mcli("mock", "import-feedback", str(done))
    assert r.returncode == 0, r.stderr
    m = mcli.json("mock", "list")[0]
    assert m["status"] == "partner" and m["recommendation"] == 4
    assert all(v["score"] == 4 for v in m["scores"].values())
    assert next(i for i in mcli.json("week")["items"] if i["id"] == "mocks")["value"] == 1


def test_feedback_with_a_score_of_7_names_the_line_and_saves_nothing(mcli, tmp_path):
    md = tmp_path / "kit.md"
    mcli("mock", "kit", "behavioral", "--out", str(md))
    text = md.read_text().replace("  LP demonstration: 0", "  LP demonstration: 7")
    bad = tmp_path / "bad.md"
    bad.write_text(text)
    line = next(i for i, l in enumerate(text.splitlines(), start=1) if l.startswith("  LP demonstration: 7"))
    err = one_line_error(mcli("mock", "import-feedback", str(bad)))
    assert f"line {line}: scores.LP demonstration must be a whole number from 1 to 5, got 7" in err
    assert mcli.json("mock", "list") == []


@pytest.mark.parametrize("content,message", [
    ("# nothing here\n", "no '## Feedback form'"),
    ("## Feedback form\n\n```yaml\nformat: [\n```\n", "not valid YAML"),
    ("## Feedback form\n\n```yaml\nformat: karaoke\nlevel: L6\n```\n", "format or level"),
])
def test_broken_feedback_files(mcli, tmp_path, content, message):
    f = tmp_path / "f.md"
    f.write_text(content)
    assert message in one_line_error(mcli("mock", "import-feedback", str(f)))


def test_mock_bad_input(mcli, tmp_path):
    assert "Invalid value for 'FORMAT'" in one_line_error(mcli("mock", "start", "karaoke"), 2)
    assert "must end in .md or .html" in one_line_error(mcli("mock", "kit", "coding", "--out", str(tmp_path / "k.pdf")))
    bad_clock = type(mcli)(mcli.home, extra_env={"SYSTEMCRAFT_MOCK_CLOCK": "fast"})
    assert "SYSTEMCRAFT_MOCK_CLOCK must look like step:60" in one_line_error(bad_clock("mock", "start", "coding"))
    big = tmp_path / "big.md"
    big.write_bytes(b"x" * (3 * 1024 * 1024))
    assert "too large" in one_line_error(mcli("mock", "import-feedback", str(big)))
    binary = tmp_path / "bin.md"
    binary.write_bytes(b"\xff\xfe\x00")
    assert "not UTF-8" in one_line_error(mcli("mock", "import-feedback", str(binary)))
