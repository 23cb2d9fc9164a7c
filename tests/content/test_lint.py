"""Every linter rule has a failing and a passing fixture; the built-in pack is lint-clean."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from systemcraft.content import loader
from systemcraft.content.lint import RULES, lint_file, lint_paths, lint_text

PACK = Path(loader.PACK)
GOOD_B = (PACK / "behavioral" / "have-backbone-1.md").read_text()
GOOD_SD = (PACK / "system_design" / "l6-url-shortener.md").read_text()
GOOD_P = (PACK / "coding" / "problems.md").read_text()


def rules_of(text, base=None):
    return {f.rule for f in lint_text(text, "page.md", base)}


def test_the_built_in_pack_is_lint_clean_and_complete():
    files, findings = lint_paths([PACK])
    assert findings == []
    pages = loader.load(None)
    by_type = {}
    for p in pages:
        by_type.setdefault(p.type, []).append(p)
    assert len(by_type["behavioral"]) == 64
    per_lp = {}
    for p in by_type["behavioral"]:
        per_lp[p.lps[0]] = per_lp.get(p.lps[0], 0) + 1
    assert len(per_lp) == 16 and set(per_lp.values()) == {4}
    assert sorted(p.level for p in by_type["system_design"]).count("L6") == 12
    assert sorted(p.level for p in by_type["system_design"]).count("L7") == 12
    assert len(loader.coding_problems(pages)) == 40
    assert len(by_type["deep_dive"]) == 6


def test_the_good_fixtures_pass():
    assert rules_of(GOOD_B) == set() and rules_of(GOOD_SD) == set() and rules_of(GOOD_P) == set()


BAD = [
    ("CT001", GOOD_B.split("---\n", 2)[2]),
    ("FM001", GOOD_B.replace("level: L6", "").replace("audience: both", "audience: [both")),
    ("FM002", GOOD_B.replace("status: published", "status: published\nauthor: me")),
    ("FM003", GOOD_B.replace('title: "A time you disagreed with your manager"', "title: NO")),
    ("FM004", GOOD_B.replace("tags: [behavioral, have-backbone]", "tags: behavioral")),
    ("FM005", GOOD_B.replace("difficulty: intermediate\n", "")),
    ("FM006", GOOD_B.replace("audience: both", "audience: everyone")),
    ("FM007", GOOD_B.replace('title: "A time you disagreed with your manager"', 'title: "' + "x" * 90 + '"')),
    ("FM008", GOOD_B.replace('summary: "A behavioral question on Have Backbone; Disagree and Commit for L6 and L7 '
                             'candidates."', 'summary: "' + "word " * 45 + 'end."')),
    ("FM009", GOOD_B.replace("for L6 and L7 candidates.", "for L6. And L7 candidates.")),
    ("FM010", GOOD_B.replace('estimated_time: "5 min"', 'estimated_time: "soon"')),
    ("FM011", GOOD_B.replace("tags: [behavioral, have-backbone]", "tags: []")),
    ("SEC001", GOOD_B.replace("## Red flags", "## Warnings")),
    ("SEC002", GOOD_B.replace("## The question", "## Q").replace("## Practice", "## The question\n\nx\n\n## Practice")),
    ("LP001", GOOD_B.replace("lps: [have-backbone]", "lps: [backbone]")),
    ("LP002", GOOD_B.replace("- Primary: Have Backbone; Disagree and Commit —", "- Primary: Disagree and Commit —")),
    ("PH001", GOOD_B + "\nSee [Scenario ID] here.\n"),
    ("LNK001", GOOD_B + "\nMore in [notes](does-not-exist.md).\n"),
    ("LNK002", GOOD_P + "\nSee [the site](https://example.org).\n"),
    ("TIME001", GOOD_B.replace('estimated_time: "5 min"', 'estimated_time: "3 hours"')),
    ("STAR001", GOOD_B.replace("- Task (15–30 s at L6, 30–45 s at L7)", "- Task (briefly)")),
    ("TBL001", GOOD_B.replace("| Complexity |", "| Difficulty |")),
    ("NFR001", GOOD_SD.replace("| Availability |", "| Uptime |")),
    ("FUP001", GOOD_SD.replace("- How does deployment of a change work", "- How does a release of a change work")),
    ("PRB001", GOOD_B.replace("- How did you make your case?\n", "")),
    ("PAT001", GOOD_P.replace("| two-pointers |", "| two-ptrs |", 1)),
]


@pytest.mark.parametrize("rule,text", BAD, ids=[b[0] for b in BAD])
def test_each_rule_fails_its_fixture(rule, text, tmp_path):
    found = rules_of(text, tmp_path)
    assert rule in found, found


def test_every_rule_has_a_fixture():
    covered = {b[0] for b in BAD} | {"CT002", "CT003"}
    assert covered == set(RULES)


def test_findings_carry_file_line_rule_and_severity():
    f = lint_text(GOOD_B.replace("## Red flags", "## Warnings") + "\nSee [Scenario ID].\n", "p.md")
    ph = next(x for x in f if x.rule == "PH001")
    assert ph.line == len((GOOD_B + "\nSee [Scenario ID].\n").splitlines()) and ph.severity == "error"
    assert str(ph).startswith("p.md:")


def test_no_substring_false_positives_for_principle_names():
    text = GOOD_B.replace("- Also: committing fully once decided.",
                          "- Also: disagree and commit; be curious; simplify.")
    assert rules_of(text) == set()


def test_real_world_markdown_is_handled():
    extra = ("\n!!! note \"Tip\"\n    ## Not a section inside an admonition\n\n"
             "```python\n## not a heading\nprint('[Placeholder Inside Code]')\n```\n\n"
             "<div>raw HTML</div> 🎯 emoji\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert rules_of(GOOD_B + extra) == set()


def test_files_too_large_binary_or_not_utf8(tmp_path):
    big = tmp_path / "big.md"
    big.write_bytes(b"x" * (1024 * 1024 + 1))
    assert [f.rule for f in lint_file(big)] == ["CT002"]
    binary = tmp_path / "bin.md"
    binary.write_bytes(b"---\x00\x01")
    assert [f.rule for f in lint_file(binary)] == ["CT003"]
    latin = tmp_path / "latin.md"
    latin.write_bytes("---\ntitle: caf\u00e9\n".encode("latin-1"))
    assert [(f.rule, f.line) for f in lint_file(latin)] == [("CT003", 2)]


def run(*args):
    return subprocess.run([sys.executable, "-m", "systemcraft", *args], capture_output=True, text=True)


def test_cli_lint_exit_codes_and_json(tmp_path):
    good = tmp_path / "good.md"
    good.write_text(GOOD_B)
    r = run("content", "lint", str(good))
    assert r.returncode == 0 and "1 page, 0 errors" in r.stdout
    bad = tmp_path / "bad.md"
    bad.write_text(GOOD_B.replace("## Red flags", "## Warnings"))
    r = run("content", "lint", str(bad), "--format", "json")
    data = json.loads(r.stdout)
    assert r.returncode == 1 and data["errors"] == 1 and data["findings"][0]["rule"] == "SEC001"
    empty = tmp_path / "empty"
    empty.mkdir()
    r = run("content", "lint", str(empty))
    assert r.returncode == 1 and "no Markdown pages found" in r.stderr and "Traceback" not in r.stderr
    r = run("content", "lint", str(tmp_path / "missing.md"))
    assert r.returncode == 1 and "No such file" in r.stderr


def test_scaffolded_page_fails_until_filled(tmp_path):
    r = run("content", "new", "system_design", "A parking garage", "--dir", str(tmp_path))
    assert r.returncode == 0
    page = tmp_path / "a-parking-garage.md"
    found = {f.rule for f in lint_file(page)}
    assert {"PH001", "NFR001", "FUP001"} <= found
    r = run("content", "new", "system_design", "A parking garage", "--dir", str(tmp_path))
    assert r.returncode == 1 and "already exists" in r.stderr


def test_the_pack_cache_is_used_and_invalidated(tmp_path, monkeypatch):
    pages = loader.load(tmp_path)
    cache = list(tmp_path.glob("pack-*.json"))
    assert len(cache) == 1 and loader.load(tmp_path) == pages
    cache[0].write_text("not json")
    assert loader.load(tmp_path) == pages                    # a damaged cache is rebuilt
    copy = tmp_path / "pack"
    import shutil
    shutil.copytree(loader.PACK, copy)
    monkeypatch.setattr(loader, "PACK", copy)
    first = loader.load(tmp_path)
    page = copy / "coding" / "problems.md"
    page.write_text(page.read_text().replace("Coding problems by pattern", "Coding problems, by pattern", 1))
    changed = loader.load(tmp_path)
    assert next(p for p in changed if p.type == "problem_set").title == "Coding problems, by pattern"
    assert next(p for p in first if p.type == "problem_set").title == "Coding problems by pattern"
