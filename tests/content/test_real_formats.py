"""Issue 17 §5: correct formats accepted, pages without front matter checked by their headings, and
`content fix --front-matter` (diff first, confirm, atomic, regular files only)."""

import subprocess
import sys
from pathlib import Path

import pytest

from systemcraft.content import loader
from systemcraft.content.fix import plan
from systemcraft.content.lint import lint_file, lint_text
from systemcraft.errors import InputError

GOOD_B = (Path(loader.PACK) / "behavioral" / "have-backbone-1.md").read_text()
REAL = Path(__file__).parent.parent / "data" / "pages" / "01-systemcraft-l6-scenario-1.md"


def rules(text):
    return [f.rule for f in lint_text(text, "p.md")]


def test_a_single_duration_is_a_star_timing():
    text = GOOD_B.replace("- Situation (30–45 s at L6, 45–60 s at L7)", "- Situation (30 seconds)")
    assert rules(text) == []
    assert rules(GOOD_B.replace("- Situation (30–45 s at L6, 45–60 s at L7)", "- Situation (briefly)")) == ["STAR001"]


def test_numbered_probes_count():
    text = GOOD_B.replace("- How did you make your case?\n- What happened once the decision was made?",
                          "1. How did you make your case?\n2. What happened once the decision was made?")
    assert rules(text) == []


def test_a_principle_name_in_bold_is_its_exact_name():
    text = GOOD_B.replace("- Primary: Have Backbone; Disagree and Commit —", "- Primary: **Have Backbone; Disagree and Commit** —")
    assert rules(text) == []
    text = GOOD_B.replace("- Primary: Have Backbone; Disagree and Commit —", "- **Primary**: **Disagree and Commit** —")
    assert rules(text) == ["LP002"]                 # still not the exact name


def test_abbreviations_are_not_sentence_ends():
    one = 'summary: "A behavioral question on conflict, e.g. with a manager, i.e. upward, etc. for L6 and L7."'
    text = GOOD_B.replace('summary: "A behavioral question on Have Backbone; Disagree and Commit for L6 and L7 '
                          'candidates."', one)
    assert rules(text) == []
    two = GOOD_B.replace("for L6 and L7 candidates.", "for L6. Also L7 candidates.")
    assert rules(two) == ["FM009"]


def test_real_bracketed_text_and_yaml_lists_are_not_placeholders():
    text = GOOD_B.replace("tags: [behavioral, have-backbone]", "tags: [L6, behavioral]")
    text += "\nThe incident was [TICKET-123], see also [RFC 7231].\n"
    assert rules(text) == []
    assert rules(GOOD_B + "\nSee [Scenario ID] and [Clear, Action-Oriented Title].\n") == ["PH001", "PH001"]
    assert rules(GOOD_B.replace('title: "A time you disagreed with your manager"', 'title: "[Title Here]"')) == ["PH001"]


def test_one_missing_section_is_one_finding():
    # Without "A strong answer" the four STAR timings used to be reported too: five findings for one gap.
    text = GOOD_B.replace("## A strong answer", "## An answer")
    assert rules(text) == ["SEC001"]
    for section in ("L6 and L7 expectations", "Follow-up probes"):
        assert rules(GOOD_B.replace(f"## {section}", "## Something else")) == ["SEC001"]


def test_one_moved_section_is_one_out_of_order_finding():
    start, end = GOOD_B.index("## The question"), GOOD_B.index("## What is evaluated")
    moved = GOOD_B[:start] + GOOD_B[end:] + "\n" + GOOD_B[start:end]    # the question moved to the end
    found = lint_text(moved, "p.md")
    assert [f.rule for f in found] == ["SEC002"] and "'## The question'" in found[0].message


def test_every_finding_names_its_template():
    found = lint_text(GOOD_B.replace("## Red flags", "## Warnings"), "p.md")
    assert [(f.rule, f.template) for f in found] == [("SEC001", "behavioral")]
    assert "[behavioral]" in str(found[0])


def test_a_page_without_front_matter_is_checked_against_the_template_its_headings_match():
    # The real SystemCraft source page: ### headings, single durations, numbered probes, no front matter.
    found = lint_file(REAL)
    assert {f.template for f in found} == {"behavioral"}
    assert [(f.rule, f.severity) for f in found] == [("CT001", "warning"), ("SEC001", "error"),
                                                       ("SEC001", "error"), ("LP001", "warning")]
    assert "checked against the behavioral template" in found[0].message and "5 of 7" in found[0].message
    # The pack page without its front matter is the complete template: only the note remains.
    body = GOOD_B.split("---\n", 2)[2]
    assert [(f.rule, f.severity) for f in lint_text(body, "p.md")] == [("CT001", "warning")]
    none = lint_text("# Notes\n\nSome text.\n\n## Misc\n", "p.md")
    assert [(f.rule, f.severity, f.template) for f in none] == [("CT001", "error", "")]
    assert "match no template" in none[0].message


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "systemcraft", *args], capture_output=True, text=True,
                          input=stdin)


def test_fix_front_matter_shows_a_diff_asks_and_writes(tmp_path):
    page = tmp_path / "scenario.md"
    original = REAL.read_bytes()
    page.write_bytes(original)
    r = run("content", "fix", "--front-matter", str(page), stdin="n\n")
    assert r.returncode == 0 and "+type: behavioral" in r.stdout and "Nothing was written" in r.stdout
    assert page.read_bytes() == original
    r = run("content", "fix", "--front-matter", "--yes", str(page))
    assert r.returncode == 0 and "Added front matter" in r.stdout
    text = page.read_text()
    assert text.endswith(original.decode()) and text.startswith("---\ntitle: ")
    assert "lps:" not in text                         # it names no principle: nothing invented
    # Now the front matter is valid: only what the page really lacks is left.
    assert sorted({f.rule for f in lint_file(page)}) == ["LP001", "SEC001"]
    assert not [f for f in lint_file(page) if f.rule.startswith("FM")]
    assert list(tmp_path.iterdir()) == [page]         # no temporary file left behind
    r = run("content", "fix", "--front-matter", "--yes", str(page))
    assert r.returncode == 1 and "already starts with front matter" in r.stderr


def test_fix_infers_principles_by_their_exact_names(tmp_path):
    page = tmp_path / "p.md"
    page.write_text(GOOD_B.split("---\n", 2)[2])
    change = plan(page, "2026-12-01")
    new = change.new.decode()
    assert "lps: [have-backbone]" in new and "type: behavioral" in new and "last_updated: 2026-12-01" in new
    assert [f.rule for f in lint_text(new, "p.md")] == []


@pytest.mark.parametrize("make,expected", [
    (lambda p: p.write_text(""), "is empty"),
    (lambda p: p.write_bytes(b"## x\x00\x01\x02"), "binary data"),
    (lambda p: p.write_bytes(b"## The question\n" + b"x" * (1024 * 1024 + 1)), "content pages stay under"),
    (lambda p: p.write_text("---\ntitle: [broken\n---\n## The question\n"), "not valid YAML"),
    (lambda p: p.write_text("---\ntitle: x\n## The question\n"), "never closes"),
    (lambda p: p.write_bytes("## Café\n".encode("latin-1")), "not UTF-8"),
    (lambda p: p.write_text("# Notes\n\nplain text\n"), "match no template"),
    (lambda p: p.mkdir(), "is a folder"),
])
def test_fix_refuses_bad_input_with_one_line_and_writes_nothing(tmp_path, make, expected):
    page = tmp_path / "page.md"
    make(page)
    before = sorted(tmp_path.rglob("*"))
    snapshot = page.read_bytes() if page.is_file() else None
    r = run("content", "fix", "--front-matter", "--yes", str(page))
    assert r.returncode == 1 and expected in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert sorted(tmp_path.rglob("*")) == before
    assert (page.read_bytes() if page.is_file() else None) == snapshot


def test_fix_never_writes_through_a_symlink_and_checks_every_page_first(tmp_path):
    real = tmp_path / "real.md"
    real.write_bytes(REAL.read_bytes())
    link = tmp_path / "link.md"
    link.symlink_to(real)
    good = tmp_path / "good.md"
    good.write_bytes(REAL.read_bytes())
    r = run("content", "fix", "--front-matter", "--yes", str(good), str(link))
    assert r.returncode == 1 and "symbolic link" in r.stderr and "nothing was written" in r.stderr
    assert real.read_bytes() == REAL.read_bytes() and good.read_bytes() == REAL.read_bytes()
    with pytest.raises(InputError, match="symbolic link"):
        plan(link, "2026-12-01")


def test_fix_keeps_crlf_and_needs_the_option(tmp_path):
    page = tmp_path / "p.md"
    page.write_bytes(REAL.read_bytes().replace(b"\n", b"\r\n"))
    new = plan(page, "2026-12-01").new
    assert new.startswith(b"---\r\ntitle: ") and b"\n" not in new.replace(b"\r\n", b"")
    r = run("content", "fix", str(page))
    assert r.returncode == 1 and "--front-matter" in r.stderr
    r = run("content", "fix", "--help")
    assert "--front-matter" in r.stdout and "--yes" in r.stdout
