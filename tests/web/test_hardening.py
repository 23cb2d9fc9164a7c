"""Web hardening (issue 14 §8): security headers on every response, pages that work under a strict
Content-Security-Policy, signed CSRF tokens bound to the cookie, the served hosts only, bounded query
parameters, and transcript analyses off the event loop with a deadline."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import stat
from pathlib import Path

import pytest

from systemcraft.web.security import CSP, HEADERS
from tests.web.conftest import _client, _demo_home, count_rows

TEMPLATES = Path(__file__).parents[2] / "systemcraft" / "web" / "templates"
PAGES = ["/", "/welcome/plan", "/plan", "/plan/calendar", "/week", "/stories", "/stories/new", "/review", "/mock",
         "/delivery", "/progress", "/settings"]
INLINE = re.compile(r"""\sstyle\s*=|<style|\son[a-z]+\s*=|javascript:|<script(?![^>]*\b(src="/static/|type="application/json"))""",
                    re.I)


def assert_hardened(response) -> None:
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, (name, response.status_code, dict(response.headers))


# ------------------------------------------------------------------ headers

def test_every_kind_of_response_carries_the_security_headers(web):
    responses = {
        "page": web.get("/"), "api": web.get("/api/status"), "static": web.get("/static/app.css"),
        "vendor": web.get("/static/vendor/htmx.min.js"), "ics": web.get("/plan.ics"),
        "export": web.get("/settings/export.json"), "404 page": web.get("/no-such-page"),
        "404 api": web.get("/api/no-such-thing"), "405": web.client.put("/delivery"),
        "422": web.get("/plan?week=x"), "400": web.get("/plan/calendar?month=9999-12"),
        "403": web.post("/checkin", {"hours": "1", "confidence": "3", "energy": "3"}, csrf=False),
        "413": web.post("/checkin", {"insight": "x" * 300_000}),
        "bad host": web.client.get("/", headers={"Host": "evil.example"}),
    }
    assert {k: r.status_code for k, r in responses.items()} == {
        "page": 200, "api": 200, "static": 200, "vendor": 200, "ics": 200, "export": 200, "404 page": 404,
        "404 api": 404, "405": 405, "422": 422, "400": 400, "403": 403, "413": 413, "bad host": 400}
    for r in responses.values():
        assert_hardened(r)


def test_a_bug_answers_500_with_the_headers_and_one_line(web, monkeypatch):
    from fastapi.testclient import TestClient
    from systemcraft.coach import Coach

    def broken(self, *a, **k):
        raise RuntimeError("boom: secret internals")
    monkeypatch.setattr(Coach, "status", broken)
    client = TestClient(web.client.app, base_url="http://127.0.0.1", raise_server_exceptions=False)
    r = client.get("/api/status")
    assert r.status_code == 500 and r.json() == {"error": "this is a SystemCraft bug: the request failed; "
                                                          "nothing more was done"}
    assert "boom" not in r.text
    assert_hardened(r)


def test_the_policy_is_self_only_without_inline_script():
    directives = dict(d.strip().split(" ", 1) for d in CSP.split(";"))
    assert directives == {"default-src": "'self'", "script-src": "'self'", "style-src": "'self'",
                          "img-src": "'self' data:", "object-src": "'none'", "base-uri": "'none'",
                          "form-action": "'self'", "frame-ancestors": "'none'"}
    assert "unsafe" not in CSP
    assert HEADERS["x-content-type-options"] == "nosniff" and HEADERS["x-frame-options"] == "DENY"
    # same-origin, not no-referrer: under no-referrer Chromium sends `Origin: null` with our own forms
    assert HEADERS["referrer-policy"] == "same-origin"


def test_the_api_docs_are_one_offline_page_under_the_same_policy(web):
    """/api/docs is rendered on the server from the OpenAPI schema: no CDN, no script, the same CSP."""
    r = web.get("/api/docs")
    assert r.status_code == 200
    assert r.headers["content-security-policy"] == CSP
    assert "cdn." not in r.text and "https://" not in r.text.split("</header>")[-1]
    assert "<code>POST /api/tasks/{ref}/done</code>" in r.text or "/api/tasks/" in r.text
    spec = web.get("/api/openapi.json").json()
    listed = sum(1 for item in spec["paths"].values() for m in item if m in ("get", "post", "put", "patch", "delete"))
    assert r.text.count('class="card api-op"') == listed
    assert web.get("/api/openapi.json").headers["content-security-policy"] == CSP


def test_no_template_has_inline_script_style_or_handlers():
    found = [(p.name, m.group(0)) for p in TEMPLATES.rglob("*.html") for m in INLINE.finditer(p.read_text())]
    assert found == []


def test_no_rendered_page_has_inline_script_style_or_handlers(web):
    story = web.api("POST", "/api/stories", json={
        "title": "Nightly pipeline", "primary_lp": "ownership", "situation": "Our data pipeline failed every night.",
        "task": "I was asked to own it.", "action": "I rewrote the scheduler and set up alerts.",
        "result": "Failures fell from thirty a month to two."}).json()["id"]
    vtt = (Path(__file__).parents[1] / "fixtures" / "delivery" / "teams.vtt").read_bytes()
    report = web.client.post("/delivery", data={"csrf_token": web.token}, follow_redirects=False,
                             files={"file": ("teams.vtt", vtt, "text/vtt")}).headers["location"]
    pages = {path: web.get(path) for path in [*PAGES, f"/stories/{story}", f"/stories/{story}/edit", report]}
    pages["mock run"] = web.post("/mock/plan", {"format": "behavioral", "level": "L6", "persona": "collaborator"})
    for path, r in pages.items():
        assert r.status_code == 200, path
        assert INLINE.findall(r.text) == [], path
    assert 'data-confirm="Delete this story?' in pages[f"/stories/{story}"].text   # app.js asks
    assert "data-width=" in pages[report].text and "data-width=" in pages["/week"].text  # app.js sizes the bars


def test_htmx_is_told_not_to_inject_its_style_element(web):
    assert '"includeIndicatorStyles":false' in web.get("/").text


# ------------------------------------------------------------------ CSRF

def _nonce(web) -> str:
    return web.client.cookies.get("sc_csrf")


def test_the_token_is_the_cookie_signed_with_the_homes_key(web):
    nonce, mac = web.token.split(".")
    assert nonce == _nonce(web) and len(nonce) == 43
    key = (web.home / "web.secret").read_text().strip()
    import hmac
    expected = hmac.new(bytes.fromhex(key), b"systemcraft-csrf:" + nonce.encode(), hashlib.sha256).digest()
    assert mac == base64.urlsafe_b64encode(expected).rstrip(b"=").decode()
    assert stat.S_IMODE((web.home / "web.secret").stat().st_mode) == 0o600


@pytest.mark.parametrize("forge", ["unsigned", "other-key", "other-cookie", "flipped", "empty", "two-dots"])
def test_a_forged_token_is_refused_and_nothing_is_written(web, forge):
    import hmac
    import secrets
    nonce = _nonce(web)
    other = secrets.token_urlsafe(32)
    mac = web.token.split(".")[1]
    other_mac = base64.urlsafe_b64encode(hmac.new(b"k" * 32, b"systemcraft-csrf:" + nonce.encode(),
                                                  hashlib.sha256).digest()).rstrip(b"=").decode()
    token = {"unsigned": nonce, "other-key": f"{nonce}.{other_mac}", "other-cookie": f"{other}.{mac}",
             "flipped": f"{nonce}.{mac[:-1]}{'A' if mac[-1] != 'A' else 'B'}", "empty": "",
             "two-dots": f"{nonce}.{mac}.x"}[forge]
    before = count_rows(web.home, "log_entries")
    r = web.post("/checkin", {"hours": "2", "confidence": "3", "energy": "3", "csrf_token": token})
    assert r.status_code == 403 and "CSRF" in r.text
    r = web.api("POST", "/api/checkin", json={"hours": 2, "confidence": 3, "energy": 3}, csrf=False,
                headers={"X-CSRF-Token": token})
    assert r.status_code == 403 and r.json() == {"error": "missing or wrong CSRF token: reload the page and try again"}
    assert count_rows(web.home, "log_entries") == before


def test_a_token_is_bound_to_its_cookie(web):
    """Another browser's valid token does not work with this browser's cookie."""
    from fastapi.testclient import TestClient
    other = TestClient(web.client.app, base_url="http://127.0.0.1")
    other_token = other.get("/api/csrf").json()["token"]
    assert other_token != web.token
    r = web.api("POST", "/api/checkin", json={"hours": 2, "confidence": 3, "energy": 3}, csrf=False,
                headers={"X-CSRF-Token": other_token})
    assert r.status_code == 403
    r = other.post("/api/checkin", json={"hours": 2, "confidence": 3, "energy": 3},
                   headers={"X-CSRF-Token": other_token})
    assert r.status_code == 200


def test_a_token_survives_a_restart_and_a_new_key_voids_it(tmp_path, tmp_path_factory):
    home = tmp_path / "home"
    shutil.copytree(_demo_home(tmp_path_factory), home)
    first, _ = _client(home)
    with first:
        token = first.get("/api/csrf").json()["token"]
        cookie = first.cookies.get("sc_csrf")
    body = {"hours": 1, "confidence": 3, "energy": 3}
    second, _ = _client(home)                      # a new process on the same home: same key
    with second:
        second.cookies.set("sc_csrf", cookie)
        assert second.post("/api/checkin", json=body, headers={"X-CSRF-Token": token}).status_code == 200
    (home / "web.secret").write_text("ab" * 32)    # the key changed: old tokens are void
    third, _ = _client(home)
    with third:
        third.cookies.set("sc_csrf", cookie)
        assert third.post("/api/checkin", json=body, headers={"X-CSRF-Token": token}).status_code == 403


# ------------------------------------------------------------------ origin and hosts

@pytest.mark.parametrize("headers,allowed", [
    ({"Origin": "http://127.0.0.1"}, True),
    ({"Sec-Fetch-Site": "same-origin", "Origin": "http://127.0.0.1"}, True),
    ({"Sec-Fetch-Site": "none"}, True),
    ({}, True),                                            # curl and scripts send neither
    ({"Origin": "null"}, False),
    ({"Origin": "http://evil.example"}, False),
    ({"Origin": "https://127.0.0.1"}, False),
    ({"Origin": "http://127.0.0.1:9999"}, False),          # another local app is another origin
    ({"Sec-Fetch-Site": "cross-site"}, False),
    ({"Sec-Fetch-Site": "same-site"}, False),
    ({"Sec-Fetch-Site": "cross-site", "Origin": "http://127.0.0.1"}, False),
])
def test_writes_must_come_from_our_own_pages(web, headers, allowed):
    before = count_rows(web.home, "log_entries")
    r = web.post("/checkin", {"hours": "2", "confidence": "3", "energy": "3"}, headers=headers)
    assert (r.status_code in (200, 303)) is allowed, (r.status_code, r.text[:200])
    assert count_rows(web.home, "log_entries") == before + allowed
    if not allowed:
        assert r.status_code == 403 and "cross-site request refused" in r.text


def test_reads_are_not_subject_to_the_origin_check(web):
    assert web.get("/", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 200   # a link from elsewhere


def test_the_served_hosts_are_exactly_the_ones_answered(tmp_path, tmp_path_factory):
    from fastapi.testclient import TestClient
    from systemcraft.web.app import create_app, served_hosts
    assert served_hosts(8765) == ("127.0.0.1:8765", "localhost:8765")
    assert set(served_hosts(80)) >= {"127.0.0.1", "localhost"}
    home = tmp_path / "home"
    shutil.copytree(_demo_home(tmp_path_factory), home)
    _, env = _client(home)
    with TestClient(create_app(env, hosts=served_hosts(8765)), base_url="http://127.0.0.1:8765") as client:
        assert client.get("/").status_code == 200
        assert client.get("/", headers={"Host": "localhost:8765"}).status_code == 200
        for host in ("127.0.0.1", "127.0.0.1:8766", "testserver", "evil.example", "evil.example:8765", ""):
            r = client.get("/settings/export.json", headers={"Host": host})
            assert r.status_code == 400, host
            assert r.text == "Invalid host header: this coach answers only at http://127.0.0.1:8765/\n"
            assert_hardened(r)


# ------------------------------------------------------------------ query and path parameters

@pytest.mark.parametrize("month", ["9999-12", "0000-01", "10000-01", "2026-13", "2026-00", "1899-12", "3000-01",
                                   "9" * 5000, "2026-1", "-2026-01", "２０２６-０１", "2026-01-01", ""])
def test_an_impossible_month_is_a_one_line_400(web, month):
    r = web.get(f"/plan/calendar?month={month}")
    assert r.status_code == 400
    message = re.search(r'role="alert">([^<]*)<', r.text).group(1)
    assert "\n" not in message and "YYYY-MM" in message and len(message) < 140


@pytest.mark.parametrize("month,prev,next_", [("1900-01", None, "1900-02"), ("2999-12", "2999-11", None),
                                              ("2026-12", "2026-11", "2027-01")])
def test_the_first_and_last_months_have_no_link_past_them(web, month, prev, next_):
    r = web.get(f"/plan/calendar?month={month}")
    assert r.status_code == 200
    assert re.findall(r'month=([0-9-]+)" rel="prev"', r.text) == ([prev] if prev else [])
    assert re.findall(r'month=([0-9-]+)" rel="next"', r.text) == ([next_] if next_ else [])


@pytest.mark.parametrize("path", ["/plan?week=99999999999999999999999", "/week?n=-1", "/stories/9223372036854775808",
                                  "/stories/99999999999999999999/edit", "/delivery/99999999999999999999",
                                  "/api/today?on=10000-01-01", "/api/today?on=0000-01-01",
                                  "/api/stories/99999999999999999999", "/api/calendar?days=10000000000000000000",
                                  "/review?card=99999999999999999999999", "/mock?saved=" + "9" * 5000])
def test_huge_or_impossible_parameters_are_refused_or_ignored_never_500(web, path):
    assert web.get(path).status_code in (200, 400, 404, 422)


# ------------------------------------------------------------------ CPU-heavy analyses

def _words(n_bytes: int) -> bytes:
    return b"um so we basically cut the latency by thirty percent and I think it worked. " * (n_bytes // 80)


@pytest.fixture
def slow_web(tmp_path, tmp_path_factory):
    """The demo home served with a deadline no real analysis can meet."""
    from fastapi.testclient import TestClient
    from systemcraft.web.app import create_app
    from tests.web.conftest import Web
    home = tmp_path / "home"
    shutil.copytree(_demo_home(tmp_path_factory), home)
    _, env = _client(home)
    app = create_app(env, analysis_seconds=0.05)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield Web(client, home, env)


def _drain(web) -> None:
    """Wait for the analysis thread to finish whatever it was abandoned with (it runs jobs in order)."""
    web.client.app.state.store.heavy.submit(lambda: None).result(timeout=300)


def test_an_analysis_past_its_deadline_is_a_503_and_saves_nothing(slow_web):
    before = count_rows(slow_web.home, "deliveries")
    r = slow_web.client.post("/delivery", data={"csrf_token": slow_web.token, "duration": "1:00:00"},
                             files={"file": ("long.txt", _words(400_000), "text/plain")}, follow_redirects=False)
    assert r.status_code == 503
    message = re.findall(r'field-error" role="alert">([^<]*)', r.text)
    assert len(message) == 1 and "took longer than 0.05 s" in message[0] and "nothing was saved" in message[0]
    r = slow_web.api("POST", "/api/delivery", json={"name": "long.txt", "content": _words(400_000).decode(),
                                                    "duration_seconds": 3600})
    assert r.status_code == 503 and "nothing was saved" in r.json()["error"]
    _drain(slow_web)                        # both analyses have now run to their end in the thread
    assert count_rows(slow_web.home, "deliveries") == before


def test_an_analysis_within_its_deadline_is_saved_from_the_worker_thread(web):
    before = count_rows(web.home, "deliveries")
    r = web.api("POST", "/api/delivery", json={"name": "short.txt", "content": _words(4_000).decode(),
                                               "duration_seconds": 60})
    assert r.status_code == 200 and r.json()["saved"] is True and r.json()["id"]
    assert count_rows(web.home, "deliveries") == before + 1

