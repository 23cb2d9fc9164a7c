"""Web coach benchmarks (issue 6): a table of medians, never asserted in tests.

Targets: with three years of data, every page rendered server-side in ≤ 50 ms (in process) and
Today's htmx actions (Done, Skip, Undo) answered in ≤ 30 ms (issue 16); the first paint of Today
and Progress in Chromium ≤ 200 ms (issue 16; was 1 s in issue 6); `wrk` on loopback against the Today page
≥ 500 requests/s with p99 ≤ 50 ms on 2 cores (`--workers 2`; BENCH_WORKERS overrides). Run with
`make bench`.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from run import ANSWERS, TODAY, add_story_bank, add_three_years_of_logs, row, timed  # noqa: E402

from systemcraft.coach import Coach, PlanOptions, Profile  # noqa: E402
from systemcraft.environment import Environment  # noqa: E402

PAGES = ["/", "/plan", "/plan/calendar", "/week", "/week/proposal", "/stories", "/stories/new", "/stories/{story}",
         "/stories/{story}/edit", "/review", "/mock", "/progress", "/settings", "/delivery", "/log", "/checkpoints", "/api/today",
         "/api/progress"]
CHROMIUM = "/usr/bin/chromium"


def build(home: Path) -> Environment:
    env = Environment(home=home, db_url=f"sqlite:///{home / 'systemcraft.db'}", today=TODAY,
                      timezone="Europe/London", clock_fixed=True)
    coach = Coach(env)
    coach.onboard(Profile("Bench", "L7", "engineer", 8, 3), ANSWERS,
                  PlanOptions(start=TODAY, interview=TODAY + timedelta(weeks=26), hours_per_week=10))
    coach.close()
    add_three_years_of_logs(env)
    add_story_bank(env)
    return replace(env, today=TODAY + timedelta(weeks=20))


def in_process(env: Environment) -> list[tuple[str, list[float]]]:
    from fastapi.testclient import TestClient
    from systemcraft.web.app import create_app
    out = []
    with TestClient(create_app(env), base_url="http://127.0.0.1") as client:
        story = client.get("/api/stories").json()[0]["id"]
        for template in PAGES:
            path = template.format(story=story)
            assert client.get(path).status_code == 200, path
            out.append((path, timed(lambda: client.get(path), 21)))
        out += htmx_actions(client)
    return out


def htmx_actions(client) -> list[tuple[str, list[float]]]:
    """Today's buttons as htmx sends them: Done then Undo, Skip then Undo, on one of today's tasks, so the
    data is the same before every pair. Each POST is timed on its own."""
    token = client.get("/api/csrf").json()["token"]
    headers = {"HX-Request": "true", "X-CSRF-Token": token, "Origin": "http://127.0.0.1"}
    ref = client.get("/api/today").json()["tasks"][0]["ref"]
    samples: dict[str, list[float]] = {"done": [], "skip": [], "undo": []}

    def post(action: str, data: dict) -> None:
        t = time.perf_counter()
        r = client.post(f"/tasks/{ref}/{action}", data=data, headers=headers)
        samples[action].append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (action, r.status_code, r.text[:200])

    for _ in range(21):
        post("done", {"minutes": "30"})
        post("undo", {})
        post("skip", {"reason": "travelling"})
        post("undo", {})
    return [(f"htmx {name} on Today", values) for name, values in samples.items()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: Environment) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "systemcraft", "serve", "--port", str(port), "--no-open",
                             "--workers", os.environ.get("BENCH_WORKERS", "2")],
                            env={**os.environ, "SYSTEMCRAFT_HOME": str(env.home),
                                 "SYSTEMCRAFT_TODAY": env.today.isoformat()},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.1):
                break
        except OSError:
            time.sleep(0.1)
    else:
        raise RuntimeError("the server did not start")
    import urllib.request
    for _ in range(8):       # every worker's first request compiles templates and imports pages: not timed
        for path in ("/", "/progress", "/static/app.css", "/static/app.js"):
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}").read()
    return proc, f"http://127.0.0.1:{port}"


def first_paint(base: str, path: str, n: int = 11) -> list[float]:
    from playwright.sync_api import sync_playwright
    args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--disable-gpu"]
    out = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        for _ in range(n + 1):
            ctx = browser.new_context(viewport={"width": 1280, "height": 900})   # cold cache every time
            page = ctx.new_page()
            page.goto(base + path)
            page.wait_for_selector("body[data-ready='1']")
            page.wait_for_function("() => performance.getEntriesByType('paint').length > 0", timeout=10_000)  # a function: the CSP forbids eval
            fcp = page.evaluate("performance.getEntriesByType('paint').find(e => e.name === "
                                "'first-contentful-paint')?.startTime ?? performance.getEntriesByType('paint')[0].startTime")
            out.append(fcp)
            ctx.close()
        browser.close()
    return out[1:]


def static_peer() -> tuple[subprocess.Popen, str, Path]:
    """A one-paragraph HTML page from Python's http.server: the first paint Chromium manages on this machine
    for a page with nothing to load, measured in the same run as the peer for ours."""
    root = Path(tempfile.mkdtemp(prefix="systemcraft-paint-peer-"))
    (root / "index.html").write_text('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>peer</title>'
                                     '</head><body data-ready="1"><p>Hello</p></body></html>')
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                             "--directory", str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.1):
                return proc, f"http://127.0.0.1:{port}", root
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("http.server did not start")


def wrk(base: str, path: str = "/", seconds: int = 10) -> tuple[float, float]:
    text = subprocess.run(["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", base + path],
                          capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    value, unit = re.search(r"99%\s+([\d.]+)(us|ms|s)", text).groups()
    p99 = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    if "Non-2xx" in text:
        raise RuntimeError("wrk saw error responses:\n" + text)
    return rps, p99


def main() -> None:
    home = Path(tempfile.mkdtemp(prefix="systemcraft-web-bench-")) / "home"
    try:
        env = build(home)
        pages = in_process(env)
        proc, base = start_server(env)
        try:
            paint = first_paint(base, "/") if os.path.exists(CHROMIUM) else None
            paint_progress = first_paint(base, "/progress") if os.path.exists(CHROMIUM) else None
            paint_peer = None
            if paint:
                peer, peer_base, peer_root = static_peer()
                try:
                    paint_peer = first_paint(peer_base, "/index.html")
                finally:
                    peer.terminate()
                    peer.wait(10)
                    shutil.rmtree(peer_root, ignore_errors=True)
            load = wrk(base) if shutil.which("wrk") else None
        finally:
            proc.terminate()
            proc.wait(10)
        print(f"\nWeb coach — Python {sys.version.split()[0]}, {os.cpu_count()} cores, three years of data "
              "(times in ms)\n")
        print("| benchmark                                  |   n |      min |   median |      p90 |  target | ok?  |")
        print("|--------------------------------------------|-----|----------|----------|----------|---------|------|")
        for path, samples in pages:
            if path.startswith("htmx"):
                print(row(f"{path} (in process)", samples, 30))
            else:
                print(row(f"render {path} (in process)", samples, 50))
        if paint:
            print(row("first paint of Today in Chromium", paint, 200))
            print(row("first paint of Progress in Chromium", paint_progress, 200))
            print(row("peer: first paint of a one-line HTML page", paint_peer, 200))
        else:
            print("| first paint: /usr/bin/chromium is not installed (apt-get install chromium) |")
        if load:
            rps, p99 = load
            ok = "ok" if rps >= 500 and p99 <= 50 else "OVER"
            print(f"\nwrk -t2 -c16 -d10s on Today: {rps:,.0f} requests/s (target ≥ 500), p99 {p99:.1f} ms "
                  f"(target ≤ 50): {ok}")
        else:
            print("\nwrk is not installed (apt-get install wrk): no load test")
    finally:
        shutil.rmtree(home.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
