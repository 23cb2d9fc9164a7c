"""Every page of the app, on a desktop and on a phone, passes axe-core's serious and critical checks; on the
phone no page scrolls sideways and the menu reaches every section.

axe-core is vendored under tests/e2e/vendor (see VENDOR.md) and loaded as an init script: the pages'
Content-Security-Policy refuses an inline <script>, which is what `page.add_script_tag` would add, while an
init script is injected by the browser itself, so the policy under test stays exactly as served.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from systemcraft.web.context import NAV
from tests.e2e.conftest import Tab
from tests.e2e.test_browser import _onboard

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
FIXTURES = Path(__file__).parents[1] / "fixtures" / "delivery"

# Only what a person cannot get past (axe's "serious" and "critical"); each is listed readably on failure.
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\\s+/g, ' ').trim())
  }));
}"""
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
MENU = "header.top .menu-toggle"


def test_the_vendored_axe_is_the_one_vendor_md_records():
    import hashlib
    digest = hashlib.sha256(AXE.read_bytes()).hexdigest()
    assert "| `axe.min.js` | axe-core | 4.14.1 | MPL-2.0 |" in (AXE.parent / "VENDOR.md").read_text()
    assert digest in (AXE.parent / "VENDOR.md").read_text(), "axe.min.js differs from the version in VENDOR.md"


def _audit(tab: Tab, name: str, found: dict[str, list[str]], phone: bool) -> None:
    """axe on the page as it stands now; on a phone also the sideways overflow and a screenshot."""
    page = tab.page
    page.wait_for_load_state("networkidle")              # htmx partials (the week's proposal) have landed
    where = f"{name} ({page.url.removeprefix(tab.base)})"
    for v in page.evaluate(RUN_AXE):
        found.setdefault(where, []).append(f"{v['impact']} {v['id']}: {v['help']}\n      "
                                           + "\n      ".join(v["nodes"][:6]))
    if phone:
        overflow = page.evaluate(OVERFLOW)
        if overflow > 0:
            found.setdefault(where, []).append(f"the page is {overflow}px wider than the {tab.width}px screen")
        tab.shot(f"a11y-{name}")


def _visit(tab: Tab, name: str, path: str, found: dict, phone: bool):
    page = tab.go(path)
    _audit(tab, name, found, phone)
    return page


def _report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{where}:\n  - " + "\n  - ".join(items) for where, items in found.items())


@pytest.mark.parametrize("size", list(SIZES))
def test_every_page_passes_axe(browser, server, size):
    width, height = SIZES[size]
    phone = size == "phone"
    tab = Tab(browser, server.url, width=width, height=height)
    tab.context.add_init_script(path=str(AXE))
    found: dict[str, list[str]] = {}
    try:
        _visit(tab, "welcome", "/welcome", found, phone)      # a fresh home: the first page anyone sees
        page = tab.page
        page.click("button[type=submit]:has-text('build my plan')")      # sent empty: every field says what to do
        page.wait_for_selector("body[data-ready='1']")
        _audit(tab, "welcome-errors", found, phone)
        _onboard(tab)
        _audit(tab, "welcome-plan", found, phone)

        api = tab.context.request
        headers = {"X-CSRF-Token": api.get(server.url + "/api/csrf").json()["token"]}
        story = api.post(server.url + "/api/stories", headers=headers, data={
            "title": "Rebuilt the on-call rotation", "primary_lp": "ownership",
            "situation": "Pager load had doubled in a year and two engineers had left.",
            "task": "I owned cutting pages without slowing feature work.",
            "action": "I sorted alerts by cause, deleted 40 noisy ones and paired new engineers with veterans.",
            "result": "Pages fell from 60 to 18 a week in two months."}).json()["id"]
        report = api.post(server.url + "/api/delivery", headers=headers, data={
            "name": "teams.vtt", "content": (FIXTURES / "teams.vtt").read_text()}).json()["id"]

        for name, path in (("today", "/"), ("week", "/week"), ("plan", "/plan"), ("calendar", "/plan/calendar"),
                           ("log", "/log"),
                           ("stories", "/stories"), ("story", f"/stories/{story}"),
                           ("story-edit", f"/stories/{story}/edit"), ("story-new", "/stories/new"),
                           ("review", "/review"), ("mock", "/mock"), ("delivery", "/delivery"),
                           ("delivery-report", f"/delivery/{report}"), ("progress", "/progress"),
                           ("settings", "/settings"), ("api-docs", "/api/docs"), ("error", "/no-such-page")):
            _visit(tab, name, path, found, phone)

        page = tab.go("/mock")                                  # a planned mock, then its rubric
        page.check("input[name=format][value=coding]")
        page.click("button:has-text('Plan the mock')")
        page.wait_for_selector("[data-mock-runner]")
        page.wait_for_selector("body[data-ready='1']")
        _audit(tab, "mock-run", found, phone)
        page.click("[data-action=start]")
        page.click("[data-action=stop]")
        page.wait_for_selector("#mock-finish:not([hidden])")
        _audit(tab, "mock-rubric", found, phone)

        assert not found, "accessibility problems:\n" + _report(found)
        provoked = {"422 (Unprocessable Entity)", "404 (Not Found)"}    # the empty form and the unknown page
        assert tab.blocked == [] and [e for e in tab.errors if e.split("status of ")[-1] not in provoked] == []
    finally:
        tab.close()


def test_the_phone_menu_reaches_every_section(browser, demo_server):
    width, height = SIZES["phone"]
    tab = Tab(browser, demo_server.url, width=width, height=height)
    tab.context.add_init_script(path=str(AXE))
    try:
        for path in ("/", "/stories"):
            page = tab.go(path)
            links = page.locator("header.top nav a")
            assert links.count() == len(NAV)
            assert not links.first.is_visible(), "on a phone the sections sit behind the menu button"
            toggle = page.locator(MENU)
            assert toggle.get_attribute("aria-expanded") == "false"
            toggle.focus()                                      # the keyboard opens it
            page.keyboard.press("Enter")
            page.wait_for_function("sel => document.querySelector(sel).getAttribute('aria-expanded') === 'true'",
                                   arg=MENU)
            tab.shot("a11y-menu-open" + (path.replace("/", "-") if path != "/" else "-today"))
            assert page.evaluate(RUN_AXE) == [], "the open menu fails axe's serious or critical checks"
            for i, (_, href, label) in enumerate(NAV):
                link = links.nth(i)
                assert link.is_visible(), label
                box = link.bounding_box()
                assert box and box["x"] >= 0 and box["y"] >= 0, (label, box)
                assert box["x"] + box["width"] <= width and box["y"] + box["height"] <= height, (label, box)
                assert link.get_attribute("href") == href and link.inner_text().strip() == label
            page.keyboard.press("Tab")                          # the first section follows the button
            assert page.evaluate("() => document.activeElement.getAttribute('href')") == NAV[0][1]
            page.keyboard.press("Escape")                       # and Escape closes the menu again
            page.wait_for_function("sel => document.querySelector(sel).getAttribute('aria-expanded') === 'false'",
                                   arg=MENU)
            assert not links.first.is_visible()
            assert page.evaluate("sel => document.activeElement === document.querySelector(sel)", MENU)
        page = tab.go("/")                                      # a tap opens it and a section is one more tap
        page.click(MENU)
        page.click("header.top nav a:has-text('Progress')")
        page.wait_for_url("**/progress")
        assert page.locator("header.top nav a[aria-current=page]").inner_text() == "Progress"
        assert tab.blocked == [] and tab.errors == [], tab.errors
    finally:
        tab.close()


def test_the_menu_is_a_plain_bar_on_a_desktop(browser, demo_server):
    tab = Tab(browser, demo_server.url, width=1280, height=800)
    try:
        page = tab.go("/")
        assert not page.locator(MENU).is_visible()
        links = page.locator("header.top nav a")
        assert all(links.nth(i).is_visible() for i in range(len(NAV)))
        tops = {round(links.nth(i).bounding_box()["y"]) for i in range(len(NAV))}
        assert len(tops) == 1, f"the sections should sit on one line, not {len(tops)}"
    finally:
        tab.close()


def test_the_phone_menu_needs_no_script(browser, demo_server):
    """The menu is a popover the browser opens itself: with JavaScript off it still reaches every section."""
    width, height = SIZES["phone"]
    context = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(demo_server.url + "/week")
        links = page.locator("header.top nav a")
        assert not links.first.is_visible()
        page.click(MENU)
        for i, (_, href, label) in enumerate(NAV):
            box = links.nth(i).bounding_box()
            assert links.nth(i).is_visible() and box and box["x"] + box["width"] <= width, label
        page.click("header.top nav a:has-text('Settings')")
        page.wait_for_url("**/settings")
    finally:
        context.close()
