"""Undo of a review answer in a real Chromium (issue 16 §2): the keys answer a card, Undo (htmx) brings the
same card back in place, and the keys work on the card it swapped in."""

from __future__ import annotations

from tests.e2e.conftest import Tab


def test_undo_brings_the_card_back_and_the_keys_still_answer_it(browser, demo_server):
    tab = Tab(browser, demo_server.url)
    try:
        page = tab.go("/review")
        prompt = page.locator("#prompt").inner_text()
        page.keyboard.press(" ")                         # reveal
        page.keyboard.press("3")                         # good
        page.wait_for_selector("text=Saved. That card comes back")
        assert page.locator("#prompt").inner_text() != prompt                  # the next card
        url = page.url
        page.locator("form.undo-answer button:has-text('Undo')").click()
        page.wait_for_selector("text=Undone: that answer is taken back")
        assert page.locator("#prompt").inner_text() == prompt                  # the same card …
        assert page.url == url                                                 # … swapped in by htmx, no reload
        assert page.locator("form.undo-answer").count() == 0                   # nothing more to undo today
        page.keyboard.press(" ")
        page.keyboard.press("4")                         # easy, on the swapped-in card
        page.wait_for_selector("text=Saved. That card comes back")
        assert page.locator("form.undo-answer").count() == 1
        assert tab.errors == [] and tab.blocked == []
    finally:
        tab.close()
