"""The pages issue 16 §4 added so the web alone is enough (checkpoint results, story import and match, the partner
kit) pass axe-core's serious and critical checks on a desktop and on a phone, with their errors showing, and a
phone never scrolls sideways. They are driven in the browser as a person would: typing, choosing files, clicking."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Tab
from tests.e2e.test_accessibility import AXE, SIZES, _audit, _report, _visit

BAD_CSV = ("Title,Primary LP,Situation,Task,Action,Result,Notes\n"
           "Fine,ownership,S,T,A,R,x\nWrong,customer obsesion,S,T,A,R,y\n")


@pytest.mark.parametrize("size", list(SIZES))
def test_the_new_pages_pass_axe_with_their_errors_showing(browser, demo_server, size, tmp_path):
    width, height = SIZES[size]
    phone = size == "phone"
    tab = Tab(browser, demo_server.url, width=width, height=height)
    tab.context.add_init_script(path=str(AXE))
    found: dict[str, list[str]] = {}
    try:
        _visit(tab, "checkpoints", "/checkpoints", found, phone)
        page = _visit(tab, "checkpoint-form", "/checkpoints/1", found, phone)
        page.fill("#f-part_1A", "abc")                          # a wrong and an empty field: both named
        page.click("button:has-text('Save this attempt')")
        page.wait_for_selector("#e-part_1A")
        assert page.locator("#e-part_1B").is_visible()
        _audit(tab, "checkpoint-errors", found, phone)
        for part, score in (("1A", "60"), ("1B", "21"), ("1C", "80"), ("1D", "75")):
            page.fill(f"#f-part_{part}", score)
        page.click("button:has-text('Save this attempt')")
        page.wait_for_selector("#result")
        assert "Attempt 1: not passed" in page.inner_text("#result-h")
        assert page.locator("a[href='/week#proposal']").is_visible()
        _audit(tab, "checkpoint-result", found, phone)
        _visit(tab, "checkpoint-survey", "/checkpoints/4", found, phone)

        page = _visit(tab, "story-match", "/stories", found, phone)
        page.fill("#f-question", "Tell me about a time you took ownership of a failing project")
        page.click("button:has-text('Find my best stories')")
        page.wait_for_selector("#match-result")
        _audit(tab, "story-match-result", found, phone)
        sheet = tmp_path / "bank.csv"
        sheet.write_text(BAD_CSV)
        page.set_input_files("#f-files", str(sheet))
        page.click("button:has-text('Import')")
        page.wait_for_selector("#import-problems")
        assert "line 3" in page.inner_text("#import-problems")
        _audit(tab, "story-import-errors", found, phone)

        page = tab.go("/mock")
        broken = tmp_path / "kit.md"
        broken.write_text("# kit\n\n## Feedback form\n\n```yaml\nformat: behavioral\nlevel: L6\nrecommendation: 9\n```\n")
        page.set_input_files("#f-kit", str(broken))
        page.click("button:has-text('Import the feedback')")
        page.wait_for_selector("#e-kit")
        assert "Line" in page.inner_text("#e-kit")
        _audit(tab, "mock-kit-error", found, phone)

        assert not found, "accessibility problems:\n" + _report(found)
        assert tab.blocked == [] and [e for e in tab.errors if "422" not in e] == [], tab.errors
    finally:
        tab.close()
