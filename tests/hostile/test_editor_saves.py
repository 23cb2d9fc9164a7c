"""`story edit` never loses what the candidate typed (issue 14: an editor saving Latin-1 lost the edit).

The editor is a real program ($EDITOR, here a small Python script) that rewrites the file the way a
misconfigured editor would. When the result cannot be saved, the command exits 1 with one line that
names the kept file, the file holds exactly what the editor wrote, and the story is unchanged.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest


def _editor(tmp_path: Path, body: str) -> str:
    script = tmp_path / "editor.py"
    script.write_text("import sys\npath = sys.argv[1]\n" + body)
    return f"{sys.executable} {script}"


@pytest.fixture
def story_cli(ready_cli):
    r = ready_cli("story", "add", "--title", "Café launch", "--lp", "ownership", "--level", "L6",
                  "--situation", "Our café app lost a third of orders at lunch.",
                  "--task", "I owned fixing checkout before the summer.",
                  "--action", "I traced the timeouts and I moved payment calls off the request path.",
                  "--result", "Lost orders fell from 33% to 4% in six weeks.")
    assert r.returncode == 0, r.stderr
    return ready_cli


def _kept(stderr: str) -> Path:
    m = re.search(r"your edit is kept in (\S+)$", stderr.strip())
    assert m, stderr
    return Path(m.group(1))


def test_a_latin1_save_is_refused_and_the_edit_is_kept(story_cli, tmp_path):
    before = story_cli.json("story", "list")
    story_cli.env["EDITOR"] = _editor(tmp_path, (
        "text = open(path, encoding='utf-8').read().replace('six weeks', 'six weeks, déjà vu')\n"
        "open(path, 'wb').write(text.encode('latin-1'))\n"))
    r = story_cli("story", "edit", "1")
    assert r.returncode == 1
    assert r.stderr.count("\n") == 1 and "not UTF-8" in r.stderr and "nothing was saved" in r.stderr
    kept = _kept(r.stderr)
    try:
        assert "déjà vu".encode("latin-1") in kept.read_bytes()        # byte for byte what the editor wrote
    finally:
        kept.unlink()
    assert story_cli.json("story", "list") == before


def test_an_edit_the_rules_refuse_is_kept_too(story_cli, tmp_path):
    story_cli.env["EDITOR"] = _editor(tmp_path, (
        "text = open(path, encoding='utf-8').read()\n"
        "import re\ntext = re.sub(r'(?m)^title: .*$', 'title: \"\"', text)\n"
        "open(path, 'w', encoding='utf-8').write(text)\n"))
    r = story_cli("story", "edit", "1")
    assert r.returncode == 1 and r.stderr.count("\n") == 1
    kept = _kept(r.stderr)
    try:
        assert 'title: ""' in kept.read_text()
    finally:
        kept.unlink()


def test_a_utf16_save_with_its_mark_is_accepted(story_cli, tmp_path):
    story_cli.env["EDITOR"] = _editor(tmp_path, (
        "text = open(path, encoding='utf-8').read().replace('six weeks', 'six weeks (Zoë confirmed)')\n"
        "open(path, 'wb').write(b'\\xff\\xfe' + text.encode('utf-16-le'))\n"))
    r = story_cli("story", "edit", "1")
    assert r.returncode == 0, r.stderr
    assert "version 2" in r.stdout
    shown = story_cli("story", "show", "1")
    assert "Zoë confirmed" in shown.stdout


def test_an_unchanged_file_saves_nothing_and_leaves_no_file(story_cli, tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    story_cli.env.update(EDITOR=_editor(tmp_path, "pass\n"), TMPDIR=str(scratch))
    r = story_cli("story", "edit", "1")
    assert r.returncode == 0 and "No changes." in r.stdout
    assert list(scratch.iterdir()) == []                                 # the scratch copy is removed
