"""Issue 16's "done when": one candidate's day on the web alone, in Chromium, on a laptop and on a phone.

A new candidate onboards; on Today marks a task done, changes their mind (Undo) and does it after all;
writes a story whose Action is three paragraphs; runs a behavioral mock, stops it early and scores it
later with a two-line list of strengths; answers the day's review share and finds Today's review task
ticked. Every page on the way is checked with axe-core (no serious or critical violation), and on the
phone every section is reached through the Menu button, as a phone user would. Nothing is typed in a
terminal, and every request stays on this machine.
"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Server, Tab
from tests.e2e.test_accessibility import AXE, MENU, RUN_AXE, SIZES
from tests.e2e.test_browser import _onboard
from tests.e2e.test_mock_flow import start_then_stop_early

ACTION = ("I mapped every page of the last quarter to its cause and found that 40 alerts fired on symptoms "
          "no one acted on.\n\n"
          "I deleted those alerts, paired each new engineer with a veteran for two rotations, and wrote a "
          "runbook for the five causes left.\n\n"
          "Each Friday I reviewed the week's pages with the team and we retired one more cause.")
STRENGTHS = "Owned the outcome end to end\nQuantified the result"


@pytest.fixture
def fast_server(tmp_path):
    s = Server(tmp_path / "home", speed=60)      # one real second is one mock minute
    yield s
    s.stop()


class Journey:
    def __init__(self, tab: Tab, phone: bool) -> None:
        self.tab, self.phone = tab, phone
        self.found: dict[str, list[str]] = {}

    def audit(self, name: str) -> None:
        page = self.tab.page
        page.wait_for_load_state("networkidle")
        for v in page.evaluate(RUN_AXE):
            self.found.setdefault(name, []).append(f"{v['impact']} {v['id']}: {v['help']} {v['nodes'][:3]}")
        if self.phone:
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                self.found.setdefault(name, []).append(f"{overflow}px wider than the screen")
        self.tab.shot(f"journey-{name}")

    def open(self, label: str, url_part: str):
        """A section by its navigation link: through the Menu button on a phone."""
        page = self.tab.page
        if self.phone:
            page.click(MENU)
        page.click(f"header.top nav a:has-text('{label}')")
        page.wait_for_url(f"**{url_part}")
        page.wait_for_selector("body[data-ready='1']")
        return page


@pytest.mark.parametrize("size", list(SIZES))
def test_a_day_on_the_web_alone(browser, fast_server, size):
    width, height = SIZES[size]
    tab = Tab(browser, fast_server.url, width=width, height=height)
    tab.context.add_init_script(path=str(AXE))
    j = Journey(tab, phone=size == "phone")
    api = tab.context.request
    try:
        _onboard(tab)
        j.audit("plan-explained")

        # Today: Done, Undo, Done again; the counter follows each without a reload
        page = tab.go("/")
        j.audit("today")
        row = page.locator("li.task.planned", has_not_text="Review your due cards").first
        ref = row.get_attribute("id")
        tile = page.locator("#today-stats .stat").nth(1).locator("b")
        done0, planned = (int(x) for x in tile.inner_text().split("/"))
        row.locator("button:has-text('Done')").click()
        page.wait_for_function(f"() => document.querySelector('#today-stats .stat b') && "
                               f"document.querySelectorAll('#today-stats .stat b')[1].textContent === "
                               f"'{done0 + 1}/{planned}'")
        page.wait_for_selector(f"#{ref}.done:not(.htmx-swapping) button:has-text('Undo')")
        page.locator(f"#{ref} button:has-text('Undo')").click()
        page.wait_for_function(f"() => document.querySelectorAll('#today-stats .stat b')[1].textContent === "
                               f"'{done0}/{planned}'")
        page.wait_for_selector(f"#{ref}.planned:not(.htmx-swapping) button:has-text('Done')")
        page.locator(f"#{ref} button:has-text('Done')").click()
        page.wait_for_function(f"() => document.querySelectorAll('#today-stats .stat b')[1].textContent === "
                               f"'{done0 + 1}/{planned}'")
        j.audit("today-after-undo")
        # the Done counted a principle: the readiness tile and the sentence under it moved together
        tile = page.locator("#today-stats .stat", has_text="readiness").locator("b").inner_text()
        assert f"Readiness {tile} " in page.inner_text("#readiness-note")

        # a story with a three-paragraph Action, kept exactly as typed
        page = j.open("Stories", "/stories")
        page.click("a:has-text('New story')")
        page.wait_for_url("**/stories/new")
        page.wait_for_selector("body[data-ready='1']")
        page.fill("#f-title", "Halved the pager load")
        page.select_option("#f-primary_lp", "ownership")
        page.fill("#f-situation", "Pager load had doubled in a year and two engineers had left the team.")
        page.fill("#f-task", "I owned cutting the pages without slowing feature work.")
        page.fill("#f-action", ACTION)
        page.fill("#f-result", "Pages fell from 60 to 18 a week in two months, and no one else left.")
        page.wait_for_selector("#analysis #timing")
        page.wait_for_function("() => !document.querySelector('#story-form').classList.contains('htmx-request')")
        j.audit("story-editor")
        page.click("button:has-text('Save story')")
        page.wait_for_url("**/stories/*")
        page.wait_for_selector("body[data-ready='1']")
        story_id = int(page.url.rsplit("/", 1)[1])
        assert api.get(f"{tab.base}/api/stories/{story_id}").json()["story"]["action"] == ACTION
        j.audit("story")

        # a mock stopped early, stored at once, scored later with two strengths
        page = j.open("Mock", "/mock")
        start_then_stop_early(page)
        page.wait_for_function("() => document.querySelector('.phase-name').textContent.includes('saved as partial')")
        mid = int(page.input_value("#mock-finish [name=mock_id]"))
        j.audit("mock-stopped")
        page = j.open("Mock", "/mock")
        page.locator(f"a[href='/mock/{mid}/score']").click()
        page.wait_for_url(f"**/mock/{mid}/score")
        page.wait_for_selector("body[data-ready='1']")
        for i in range(page.locator("#mock-score select[name^=score_]").count()):
            page.select_option(f"#s-{i}", "4")
        page.select_option("#f-rec", "4")
        page.fill("#f-str", STRENGTHS)
        j.audit("mock-score")
        page.click("button:has-text('Save the score')")
        page.wait_for_url(f"**/mock?scored={mid}")
        page.wait_for_selector("body[data-ready='1']")
        (m,) = [m for m in api.get(f"{tab.base}/api/mocks").json() if m["id"] == mid]
        assert m["status"] == "partial" and m["recommendation"] == 4
        assert m["strengths"] == STRENGTHS.split("\n")
        j.audit("mock-scored")

        # the day's review share, answered with the keys; Today's review task is then done
        page = j.open("Review", "/review")
        j.audit("review")
        answered = 0
        while page.locator("#prompt").count() and answered < 30:
            page.keyboard.press(" ")
            page.keyboard.press("3")
            page.wait_for_load_state("load")
            page.wait_for_selector("body[data-ready='1']")
            answered += 1
        assert 1 <= answered <= 10                       # the share: at most 10 cards a day
        assert "review task on Today is marked done" in page.inner_text("main")
        j.audit("review-done")
        page = j.open("Today", "/")
        review_task = page.locator("li.task", has_text="Review your due cards")
        assert review_task.count() == 1 and "done" in review_task.get_attribute("class")

        assert j.found == {}, "\n".join(f"{k}: {v}" for k, v in j.found.items())
        assert tab.blocked == [] and tab.errors == [], (tab.blocked, tab.errors)
    finally:
        tab.close()
