"""Under the Content-Security-Policy (no inline script or style) the pages still work in Chromium:
the bars are sized by app.js, a destructive form still asks first, and no directive is violated.
The in-process checks of the policy are in tests/web/test_hardening.py."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.conftest import Tab


CSP_SPY = ("window.__csp = []; document.addEventListener('securitypolicyviolation', "
           "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));")


def test_under_the_policy_the_pages_still_work_in_chromium(browser, demo_server):
    base = demo_server.url
    tab = Tab(browser, base)
    try:
        tab.context.add_init_script(CSP_SPY)
        api = tab.context.request
        token = api.get(base + "/api/csrf").json()["token"]
        headers = {"X-CSRF-Token": token}
        story = api.post(base + "/api/stories", headers=headers, data={
            "title": "Nightly pipeline", "primary_lp": "ownership", "situation": "Our pipeline failed nightly.",
            "task": "I was asked to own it.", "action": "I rewrote the scheduler and set up alerts.",
            "result": "Failures fell from thirty a month to two."}).json()["id"]
        vtt = (Path(__file__).parents[1] / "fixtures" / "delivery" / "teams.vtt").read_text()
        report = api.post(base + "/api/delivery", headers=headers,
                          data={"name": "teams.vtt", "content": vtt}).json()["id"]
        sized = "sel => [...document.querySelectorAll(sel)].map(e => [e.dataset.width, e.style.width])"
        for path, selector in (("/week", ".bar > span"), (f"/delivery/{report}", ".meter > span")):
            page = tab.go(path)
            bars = page.evaluate(sized, selector)
            assert bars and all(width == f"{float(want):g}%" for want, width in bars), (path, bars)
            assert any(float(want) > 0 for want, _ in bars), path
            assert page.evaluate("() => window.__csp") == [], path
        page = tab.go(f"/stories/{story}")
        asked: list[str] = []
        page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
        page.click("button:has-text('Delete')")
        page.wait_for_timeout(300)
        assert asked == ["Delete this story? Its versions go too."]
        assert api.get(f"{base}/api/stories/{story}").status == 200          # dismissed: still there
        page.once("dialog", lambda d: d.accept())
        page.click("button:has-text('Delete')")
        page.wait_for_url(lambda url: not url.endswith(f"/stories/{story}"))
        assert api.get(f"{base}/api/stories/{story}").status == 404          # accepted: deleted
        assert page.evaluate("() => window.__csp") == []
        assert tab.blocked == [] and tab.errors == [], tab.errors
    finally:
        tab.close()
