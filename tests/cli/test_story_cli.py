"""Story bank and review through the real command."""

import os

import pytest

from tests.cli.test_bad_input import one_line_error
from tests.services.test_storybank import CSV


def test_import_check_coverage_match_review(ready_cli, tmp_path):
    f = tmp_path / "bank.csv"
    f.write_text(CSV)
    r = ready_cli("story", "import", str(f))
    assert r.returncode == 0 and "Columns not used: Notes" in r.stdout
    stories = ready_cli.json("story", "list")
    assert [s["title"] for s in stories] == ["Billing migration", "Hiring bar"]
    check = ready_cli.json("story", "check", "2")
    assert {"no_i", "no_metric", "generic_lessons"} <= {x["rule"] for x in check[0]["findings"]}
    assert "“We changed the loop.”" in ready_cli("story", "check", "2").stdout
    cov = ready_cli.json("story", "coverage")
    assert cov["covered"] == 4 and cov["slots_total"] == 42
    assert "Ownership" in ready_cli("story", "coverage").stdout
    m = ready_cli.json("story", "match", "Tell me about a time you owned a migration end to end")
    assert m["matches"][0]["title"] == "Billing migration"
    due = ready_cli.json("review", "--list")
    assert due["due"] == 18
    r = ready_cli("review", "--limit", "2", input="\ng\n\ne\n")
    assert r.returncode == 0 and "Reviewed 2 cards" in r.stdout
    assert ready_cli.json("review", "--list")["due"] == 17      # one "good" card comes back in 10 minutes


def test_add_from_markdown_and_edit_with_editor(ready_cli, tmp_path):
    from systemcraft.services.story_markdown import render
    from tests.domain.test_stories_domain import good_story
    md = tmp_path / "s.md"
    md.write_text(render(good_story()))
    assert ready_cli("story", "add", str(md)).returncode == 0
    shown = ready_cli("story", "show", "1").stdout
    assert shown.startswith("---") and "## Situation" in shown
    editor = tmp_path / "ed.sh"
    editor.write_text("#!/bin/sh\nsed -i 's/^status: draft/status: ready/' \"$1\"\n")
    editor.chmod(0o755)
    env_cli = type(ready_cli)(ready_cli.home, extra_env={"EDITOR": str(editor)})
    r = env_cli("story", "edit", "1")
    assert r.returncode == 0 and "version 2" in r.stdout
    assert ready_cli.json("story", "list")[0]["status"] == "ready"
    broken = tmp_path / "broken.sh"
    broken.write_text("#!/bin/sh\nsed -i 's/^title: .*/title: NO/' \"$1\"\n")
    broken.chmod(0o755)
    r = type(ready_cli)(ready_cli.home, extra_env={"EDITOR": str(broken)})("story", "edit", "1")
    assert "title was read as false" in one_line_error(r)
    assert ready_cli.json("story", "list")[0]["title"] == "Billing migration"
    failing = type(ready_cli)(ready_cli.home, extra_env={"EDITOR": "false"})("story", "edit", "1")
    assert "nothing was saved" in one_line_error(failing)


def test_an_edit_saved_elsewhere_while_the_editor_was_open_is_not_overwritten(ready_cli, tmp_path):
    """Two editors on one story (issue 16, bad input: two tabs): while `story edit 1` has the editor open,
    another edit of the story is saved (here a nested `story edit` from a second terminal; the web editor
    does the same). Saving the first editor must not destroy that: it is refused with the edit kept."""
    import sys
    from systemcraft.services.story_markdown import render
    from tests.domain.test_stories_domain import good_story
    md = tmp_path / "s.md"
    md.write_text(render(good_story()))
    assert ready_cli("story", "add", str(md)).returncode == 0
    other = tmp_path / "other.sh"
    other.write_text("#!/bin/sh\nsed -i 's/^status: draft/status: ready/' \"$1\"\n")
    other.chmod(0o755)
    racing = tmp_path / "racing.sh"
    racing.write_text(f"#!/bin/sh\nEDITOR={other} {sys.executable} -m systemcraft story edit 1 >/dev/null\n"
                      "sed -i 's/^title: .*/title: Mine, from the first editor/' \"$1\"\n")
    racing.chmod(0o755)
    r = type(ready_cli)(ready_cli.home, extra_env={"EDITOR": str(racing)})("story", "edit", "1")
    message = one_line_error(r)
    assert "was changed elsewhere since this edit began" in message and "nothing was saved" in message
    kept = message.rsplit("your edit is kept in ", 1)[1].strip()
    assert "title: Mine, from the first editor" in open(kept).read()      # the typed edit survives
    saved = ready_cli.json("story", "list")[0]
    assert saved["status"] == "ready" and saved["title"] == "Billing migration"   # the other edit stands
    os.unlink(kept)


@pytest.mark.parametrize("args,message", [
    (("story", "show", "9"), "no story 9"),
    (("story", "delete", "9"), "no story 9"),
    (("story", "import", "/nonexistent/x.csv"), "No such file"),
    (("story", "import", "/etc/hostname"), "give a folder of .md files"),
    (("story", "match", "  "), "give a question"),
    (("story", "add", "--title", "T", "--lp", "ownrship", "--situation", "s", "--task", "t", "--action", "a",
      "--result", "r"), "did you mean 'ownership'"),
    (("story", "add", "--title", "T", "--lp", "ownership", "--also", "dive-deep", "--also", "earn-trust",
      "--also", "frugality", "--situation", "s", "--task", "t", "--action", "a", "--result", "r"), "at most 2"),
    (("story", "add", "--title", "T"), "missing --lp"),
    (("review", "--day-start", "20"), "day start must be an hour"),
])
def test_story_commands_reject_bad_input(ready_cli, args, message):
    before = ready_cli.json("story", "list")
    assert message in one_line_error(ready_cli(*args))
    assert ready_cli.json("story", "list") == before


def test_bad_files_name_field_and_line(ready_cli, tmp_path):
    latin = tmp_path / "latin.csv"
    latin.write_bytes(CSV.replace("Hiring", "Hir\u00efng").encode("latin-1"))
    assert "line 3: not UTF-8" in one_line_error(ready_cli("story", "import", str(latin)))
    md = tmp_path / "bad.md"
    md.write_text("---\ntitle: ok\nprimary_lp: ownership\nstatus: no\n---\n## Situation\nx\n")
    assert "line 4: status was read as false" in one_line_error(ready_cli("story", "import", str(md)))
    assert ready_cli.json("story", "list") == []


def test_speaking_rate_and_full_matrix_options(ready_cli, tmp_path):
    f = tmp_path / "bank.csv"
    f.write_text(CSV)
    ready_cli("story", "import", str(f))
    slow = ready_cli.json("story", "check", "1", "--wpm", "100")[0]
    fast = ready_cli.json("story", "check", "1", "--wpm", "200")[0]
    assert slow["timing"][2]["seconds"] == 2 * fast["timing"][2]["seconds"]
    assert "timing at 100 wpm" in ready_cli("story", "check", "1", "--wpm", "100").stdout
    assert "between 80 and 250" in one_line_error(ready_cli("story", "check", "--wpm", "20"))
    assert "#2" in ready_cli("story", "coverage", "--matrix").stdout


def test_match_with_an_empty_bank_says_there_are_no_stories_rather_than_that_none_fits(ready_cli, tmp_path):
    empty = ready_cli("story", "match", "Tell me about a time you disagreed with your manager")
    assert empty.returncode == 0 and "You have no stories yet" in empty.stdout and "fits" not in empty.stdout
    f = tmp_path / "bank.csv"
    f.write_text(CSV)
    assert ready_cli("story", "import", str(f)).returncode == 0
    view = ready_cli.json("story", "match", "Tell me about a time you disagreed with your manager")
    assert view["stories"] == 2
