"""Files that are not files: a symlink to /dev/zero, a named pipe, a directory — given to every command
that reads a file. Before, /dev/zero was read forever and a FIFO hung the command (issue 14 §3)."""

from __future__ import annotations

import os
import sqlite3

import pytest

from tests.cli.test_bad_input import one_line_error

# (command and its options before the file, the file's name: the suffix picks the reader)
READERS = [
    (("import",), "backup.json"),
    (("assess", "--answers"), "quiz.json"),
    (("story", "import"), "stories.csv"),
    (("story", "import"), "story.md"),
    (("story", "add"), "story.md"),
    (("content", "lint"), "page.md"),
    (("mock", "import-feedback"), "feedback.md"),
    (("analyze",), "answer.vtt"),
]


def counts(home) -> dict:
    with sqlite3.connect(home / "systemcraft.db") as db:
        return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("stories", "assessments", "deliveries", "mocks", "log_entries")}


def hostile_file(tmp_path, name: str, kind: str):
    path = tmp_path / "in" / name
    path.parent.mkdir(exist_ok=True)
    if kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    return path


@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "directory"])
@pytest.mark.parametrize("command,name", READERS, ids=lambda v: v if isinstance(v, str) else " ".join(v))
def test_a_file_that_is_not_a_regular_file_is_refused_at_once(ready_cli, tmp_path, command, name, kind):
    if command == ("import",):
        target = ready_cli.__class__(tmp_path / "empty-home")     # import wants an empty home
    else:
        target = ready_cli
    path = hostile_file(tmp_path, name, kind)
    before = counts(ready_cli.home)
    r = target(*command, str(path))          # the CLI fixture runs each command with a 120 s timeout
    assert r.returncode not in (0, 70), (r.returncode, r.stderr)
    if command == ("content", "lint") and kind != "directory":   # the linter reports it as a finding
        assert r.returncode == 1 and "CT003" in r.stdout and "not a regular file" in r.stdout, r.stdout
        return
    err = one_line_error(r)
    if kind == "directory":       # a folder is read as a folder of pages/stories where that makes sense
        assert any(w in err for w in ("is a directory", "holds no .md", "no Markdown pages")), err
    else:
        assert ("a device, not a regular file" if kind == "dev-zero" else "a named pipe, not a regular file") in err
    assert counts(ready_cli.home) == before


@pytest.mark.parametrize("name,text", [
    ("bomb.vtt", "WEBVTT\n\n00:00:00.000 --> 99999999:00:00.000\nhi there"),       # 53 bytes
    ("bomb.srt", "1\n00:00:00,000 --> 99999999:00:00,000\nhi there\n"),
])
def test_a_cue_ending_years_later_is_refused_not_analysed(ready_cli, tmp_path, name, text):
    """Before, the pace series grew one window per 30 s of the timeline: 10¹⁰ windows and 24 GB."""
    path = tmp_path / name
    path.write_text(text)
    r = ready_cli("analyze", str(path))
    assert "past 24 hours" in one_line_error(r)
    assert counts(ready_cli.home)["deliveries"] == 0
