"""The mock stored at its stop and scored later, in Chromium (issue 16 §2): Stop early stores it at once,
History lists it unscored with "Score now", the rubric (two lines of strengths) scores it, and reloading
the result page sends nothing again. When the store at the stop fails, the page says so and the rubric
form saves the mock itself."""

from __future__ import annotations

import re

import pytest

from systemcraft.environment import Environment
from tests.conftest import TODAY
from tests.e2e.conftest import Server, Tab

SPEED = 60      # one real second is one mock minute: fast, and far from the six-hour limit on a slow machine


@pytest.fixture
def fast_demo(tmp_path):
    from systemcraft.demo import create_demo
    home = tmp_path / "demo"
    create_demo(home, Environment(home=home, db_url="", today=TODAY, timezone="Europe/London", clock_fixed=True))
    s = Server(home, speed=SPEED)
    yield s
    s.stop()


def mocks(tab: Tab) -> list[dict]:
    return tab.context.request.get(tab.base + "/api/mocks").json()


def start_then_stop_early(page) -> None:
    page.check("input[name=format][value=behavioral]")
    page.click("button:has-text('Plan the mock')")
    page.wait_for_selector("[data-mock-runner]")
    page.wait_for_selector("body[data-ready='1']")
    page.click("[data-action=start]")
    page.click("[data-mark=S]")
    page.wait_for_timeout(300)
    page.click("[data-action=next]")
    page.click("[data-mark=A]")
    page.wait_for_timeout(300)
    page.click("[data-action=stop]")
    page.wait_for_selector("#mock-finish:not([hidden])")


def test_stop_early_then_score_it_later(browser, fast_demo):
    tab = Tab(browser, fast_demo.url)
    try:
        before = mocks(tab)
        page = tab.go("/mock")
        start_then_stop_early(page)
        page.wait_for_function("() => document.querySelector('.phase-name').textContent.includes('saved as partial')")
        assert page.inner_text(".phase-name") == "Stopped early — saved as partial"
        mid = int(page.input_value("#mock-finish [name=mock_id]"))
        assert f"Saved as mock #{mid}" in page.inner_text("#mock-finish")
        stored = [m for m in mocks(tab) if m["id"] == mid]
        assert len(mocks(tab)) == len(before) + 1 and len(stored) == 1
        assert stored[0]["status"] == "partial" and stored[0]["recommendation"] is None and stored[0]["marks"] == 2

        page = tab.go("/mock")                      # History, loaded afresh: unscored, with "Score now"
        row = page.locator("tr", has=page.locator(f"a[href='/mock/{mid}/score']"))
        assert row.count() == 1 and "not scored" in row.inner_text() and "partial" in row.inner_text()
        tab.shot("10-mock-history-unscored")
        row.locator("a:has-text('Score now')").click()
        page.wait_for_url(f"**/mock/{mid}/score")
        page.wait_for_selector("body[data-ready='1']")
        for i in range(page.locator("#mock-score select[name^=score_]").count()):
            page.select_option(f"#s-{i}", "4")
        page.select_option("#f-rec", "4")
        page.fill("#f-str", "Calm under probes\nClear STAR structure")
        tab.shot("11-mock-score-later")
        page.click("button:has-text('Save the score')")
        page.wait_for_url(f"**/mock?scored={mid}")
        page.wait_for_selector("body[data-ready='1']")
        assert f"Mock #{mid} scored: Hire" in page.inner_text("main")
        assert page.locator(f"a[href='/mock/{mid}/score']").count() == 0

        count = len(mocks(tab))
        page.reload()                               # the result page is a GET: nothing is sent again
        page.wait_for_selector("body[data-ready='1']")
        assert re.search(rf"/mock\?scored={mid}$", page.url)
        assert f"Mock #{mid} scored: Hire" in page.inner_text("main")
        after = mocks(tab)
        assert len(after) == count == len(before) + 1
        (m,) = [m for m in after if m["id"] == mid]
        assert m["recommendation"] == 4 and m["strengths"] == ["Calm under probes", "Clear STAR structure"]
        assert tab.blocked == [] and tab.errors == [], tab.errors
    finally:
        tab.close()


def test_when_the_stop_cannot_be_stored_the_page_says_so_and_the_form_saves_it(browser, fast_demo):
    tab = Tab(browser, fast_demo.url)
    try:
        before = len(mocks(tab))
        page = tab.go("/mock")
        page.route("**/mock/stop", lambda route: route.abort())        # the server never hears the stop
        start_then_stop_early(page)
        page.wait_for_selector("[data-stop-error]:not([hidden])")
        assert page.inner_text(".phase-name") == "Stopped early — not saved yet"
        assert "could not be saved" in page.inner_text("[data-stop-error]")
        assert page.input_value("#mock-finish [name=mock_id]") == ""
        assert len(mocks(tab)) == before                                # nothing claims to be saved
        page.click("button:has-text('Save the mock')")                  # rubric left blank: score later
        page.wait_for_url("**/mock?saved=*")
        page.wait_for_selector("body[data-ready='1']")
        mid = int(page.url.rsplit("=", 1)[1])
        assert f"Mock #{mid} saved without a score" in page.inner_text("main")
        after = mocks(tab)
        assert len(after) == before + 1 and [m["status"] for m in after if m["id"] == mid] == ["partial"]
        assert tab.blocked == []
    finally:
        tab.close()
