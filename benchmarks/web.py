"""Web coach benchmarks (issue 6): a table of medians, never asserted in tests.

Targets: with three years of data, every page rendered server-side in ≤ 50 ms (in process);
the dashboard's first paint in Chromium ≤ 1 s; `wrk` on loopback against the Today page
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

PAGES = ["/", "/plan", "/plan/calendar", "/week", "/week/proposal", "/stories", "/review", "/mock", "/progress", "/settings",
         "/api/today", "/api/progress"]
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
        for path in PAGES:
            assert client.get(path).status_code == 200, path
            out.append((path, timed(lambda: client.get(path), 21)))
    return out


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
                return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


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
            page.wait_for_function("performance.getEntriesByType('paint').length > 0", timeout=10_000)
            fcp = page.evaluate("performance.getEntriesByType('paint').find(e => e.name === "
                                "'first-contentful-paint')?.startTime ?? performance.getEntriesByType('paint')[0].startTime")
            out.append(fcp)
            ctx.close()
        browser.close()
    return out[1:]


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
            load = wrk(base) if shutil.which("wrk") else None
        finally:
            proc.terminate()
            proc.wait(10)
        print(f"\nWeb coach — Python {sys.version.split()[0]}, {os.cpu_count()} cores, three years of data "
              "(times in ms)\n")
        print("| benchmark                                  |   n |      min |   median |      p90 |  target | ok?  |")
        print("|--------------------------------------------|-----|----------|----------|----------|---------|------|")
        for path, samples in pages:
            print(row(f"render {path} (in process)", samples, 50))
        if paint:
            print(row("first paint of Today in Chromium", paint, 1000))
            print(row("first paint of Progress in Chromium", paint_progress, 1000))
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
