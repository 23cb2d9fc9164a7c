"""A new user's first day, a story, a mock and the charts, in a real Chromium."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Tab

CANVAS_INK = """(id) => {
  const c = document.getElementById(id);
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
  return n;
}"""


def _fill(page, fields: dict[str, str]) -> None:
    for field, value in fields.items():
        page.fill(f"#f-{field}", value)


def _onboard(tab: Tab) -> None:
    page = tab.go("/")
    assert page.url.endswith("/welcome")
    _fill(page, {"name": "Ada Candidate", "years": "12", "engineers": "18", "interview": "2027-02-19",
                 "hours": "10"})
    page.select_option("#f-level", "L6")
    for q in range(1, 21):
        page.check(f"input[name=q{q}][value=C]")
    tab.shot("01-onboarding")
    page.click("button[type=submit]:has-text('build my plan')")
    page.wait_for_url("**/welcome/plan")
    page.wait_for_selector("body[data-ready='1']")
    assert "Why this plan" in page.content()
    tab.shot("02-your-plan")


def test_new_user_onboards_and_finishes_the_day(tab):
    _onboard(tab)
    page = tab.go("/")
    tasks = page.locator("li.task")
    count = tasks.count()
    assert count >= 2
    week_tile = page.locator("#today-stats .stat").nth(1).locator("b")
    done_before, planned_week = (int(x) for x in week_tile.inner_text().split("/"))
    for i in range(count):
        row = page.locator("li.task.planned").first
        row.locator("button:has-text('Done')").click()
        page.wait_for_function(f"() => document.querySelectorAll('li.task.done').length === {i + 1}")  # a function: the CSP forbids eval
        # the counters follow at once (no reload), and the keyboard focus stays on the row just recorded
        page.wait_for_function(f"() => document.querySelectorAll('#today-stats .stat b')[1].textContent === "
                               f"'{done_before + i + 1}/{planned_week}'")
        assert page.evaluate("() => document.activeElement.textContent.trim()") == "Undo"
    assert page.locator("li.task.planned").count() == 0
    page.locator("li.task.done").first.locator("button:has-text('Undo')").click()   # changed my mind
    page.wait_for_function("() => document.querySelectorAll('li.task.planned').length === 1")
    page.wait_for_function(f"() => document.querySelectorAll('#today-stats .stat b')[1].textContent === "
                           f"'{done_before + count - 1}/{planned_week}'")
    page.locator("li.task.planned").first.locator("button:has-text('Done')").click()
    page.wait_for_function("() => document.querySelectorAll('li.task.planned').length === 0")
    _fill(page, {"hours": "1.5", "confidence": "4", "energy": "3", "insight": "Say the number first"})
    page.click("button:has-text('Save check-in')")
    page.wait_for_selector("text=Check-in saved")
    page.reload()
    page.wait_for_selector("body[data-ready='1']")
    assert page.locator("li.task.done").count() == count        # stored, not just swapped in
    tab.shot("03-today-finished")
    assert tab.blocked == [] and tab.errors == []


def test_story_with_live_analysis_changes_coverage(tab):
    _onboard(tab)
    page = tab.go("/stories")
    assert "0 of 16 principles covered" in page.content()
    page = tab.go("/stories/new")
    page.fill("#f-title", "Rebuilt the on-call rotation")
    page.select_option("#f-primary_lp", "ownership")
    _fill(page, {"situation": "Pager load had doubled in a year and two engineers had left.",
                 "task": "I owned cutting pages without slowing feature work.",
                 "action": "I sorted alerts by cause, deleted 40 noisy ones and paired new engineers with veterans.",
                 "result": "Pages fell from 60 to 18 a week in two months."})
    page.wait_for_selector("#analysis #timing")                  # the live check answered
    page.wait_for_timeout(600)                                   # let the last keystroke's check land
    page.wait_for_function("() => !document.querySelector('#story-form').classList.contains('htmx-request')")
    assert "Action" in page.inner_text("#analysis")
    tab.shot("04-story-editor")
    page.click("button:has-text('Save story')")
    page.wait_for_url("**/stories/1")
    page = tab.go("/stories")
    assert "1 of 16 principles covered" in page.content()
    cell = page.locator("#coverage tr:has-text('Ownership') td.cell")
    assert "1/4" in cell.inner_text()
    tab.shot("05-stories")
    assert tab.blocked == [] and tab.errors == []


def test_short_mock_on_a_fast_clock(tab):
    _onboard(tab)
    page = tab.go("/mock")
    page.check("input[name=format][value=coding]")
    page.click("button:has-text('Plan the mock')")
    page.wait_for_selector("[data-mock-runner]")
    page.wait_for_selector("body[data-ready='1']")
    phases = page.locator(".phase-list > li").count()
    page.click("[data-action=start]")
    page.click("[data-mark=S]")
    for _ in range(phases):
        page.wait_for_timeout(150)
        page.click("[data-action=next]")
    page.wait_for_selector("#mock-finish:not([hidden])")
    assert "Mock complete" in page.inner_text(".phase-name")
    for i in range(page.locator("#mock-finish select[name^=score_]").count()):
        page.select_option(f"#s-{i}", "4")
    page.select_option("#f-rec", "4")
    tab.shot("06-mock-rubric")
    page.click("button:has-text('Save the mock')")
    page.wait_for_url("**/mock?saved=*")
    assert "Hire" in page.content() and "complete" in page.content()
    assert tab.blocked == [] and tab.errors == []


def test_progress_charts_draw_offline(browser, demo_server):
    tab = Tab(browser, demo_server.url)
    try:
        page = tab.go("/progress")
        for chart in ("scorecard", "hours", "ratings", "readiness"):
            ink = page.evaluate(CANVAS_INK, f"chart-{chart}")
            assert ink > 500, f"the {chart} chart looks blank ({ink} painted pixels)"
        assert page.locator("details.as-table").count() >= 5
        tab.shot("07-progress")
        assert tab.blocked == [] and tab.errors == [], tab.errors
    finally:
        tab.close()


PAGES = ["/", "/plan", "/plan/calendar", "/week", "/stories", "/stories/new", "/review", "/mock", "/delivery",
         "/progress", "/settings"]


@pytest.mark.parametrize("width", [1280, 375])
def test_every_page_fits_desktop_and_phone(browser, demo_server, width):
    tab = Tab(browser, demo_server.url, width=width, height=800)
    try:
        for path in PAGES:
            page = tab.go(path)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} is {overflow}px wider than a {width}px screen"
            tab.shot("page" + (path.replace("/", "-") if path != "/" else "-today"))
        assert tab.blocked == [] and tab.errors == [], tab.errors
    finally:
        tab.close()


def test_a_recorded_answer_is_analysed_and_trended(browser, demo_server):
    from pathlib import Path
    fixture = Path(__file__).parents[1] / "fixtures" / "delivery" / "teams.vtt"
    for width in (1280, 375):
        tab = Tab(browser, demo_server.url, width=width, height=800)
        try:
            page = tab.go("/delivery")
            page.set_input_files("#f-file", str(fixture))
            page.fill("#f-speaker", "Priya Raman")
            page.click("button[type=submit]:has-text('Analyse')")
            page.wait_for_url("**/delivery/*")
            page.wait_for_selector("body[data-ready='1']")
            assert "STAR timing" in page.content() and "So, at the time" in page.content()
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"the report is {overflow}px wider than a {width}px screen"
            tab.shot("08-delivery-report")
            page = tab.go("/delivery")
            assert page.evaluate(CANVAS_INK, "chart-delivery") > 500
            tab.shot("09-delivery-trend")
            assert tab.blocked == [] and tab.errors == [], tab.errors
        finally:
            tab.close()


def test_keyboard_reaches_the_main_content(tab):
    _onboard(tab)
    page = tab.go("/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
