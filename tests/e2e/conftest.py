"""Browser tests: the real server in a subprocess, driven by Playwright in Debian's Chromium.

No browser is downloaded: `make test` installs the `chromium` package and the tests launch
/usr/bin/chromium. Every request that is not to the local server is aborted and recorded, and the
tests assert that there were none (the coach works offline).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from systemcraft.environment import Environment
from tests.conftest import TODAY, missing_component

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--disable-gpu"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, home: Path, speed: int = 3600) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "SYSTEMCRAFT_HOME": str(home), "SYSTEMCRAFT_TODAY": TODAY.isoformat(),
               "SYSTEMCRAFT_MOCK_SPEED": str(speed), "TZ": "Europe/London"}
        self.log = home.parent / f"server-{self.port}.log"
        self.proc = subprocess.Popen([sys.executable, "-m", "systemcraft", "serve", "--port", str(self.port),
                                      "--no-open"], env=env, stdout=self.log.open("w"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited: {self.log.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start within 30 s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        missing_component("Chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


class Tab:
    """A page plus the offline guard and the console errors it saw."""

    def __init__(self, browser, base: str, width: int = 1280, height: int = 900) -> None:
        self.base = base
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.width = width

    def _route(self, route):
        if route.request.url.startswith(self.base):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def go(self, path: str):
        self.page.goto(self.base + path)
        self.page.wait_for_selector("body[data-ready='1']")
        return self.page

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        target = ARTIFACTS / f"{name}-{self.width}.png"
        self.page.screenshot(path=str(target), full_page=True)
        return target

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def server(tmp_path):
    s = Server(tmp_path / "home")
    yield s
    s.stop()


@pytest.fixture
def demo_server(tmp_path):
    from systemcraft.demo import create_demo
    home = tmp_path / "demo"
    create_demo(home, Environment(home=home, db_url="", today=TODAY, timezone="Europe/London",
                                  clock_fixed=True))
    s = Server(home)
    yield s
    s.stop()


@pytest.fixture
def tab(browser, server):
    t = Tab(browser, server.url)
    yield t
    t.close()
