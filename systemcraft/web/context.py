"""What every request shares: the environment, one repository, the templates; and a Coach per request."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates

from systemcraft.coach import Coach, _prepare_dir
from systemcraft.environment import Environment, _today_in
from systemcraft.web import filters
from systemcraft.web.security import CSRF_COOKIE, csrf_token

TEMPLATES = Path(__file__).parent / "templates"

NAV = (("today", "/", "Today"), ("plan", "/plan", "Plan"), ("week", "/week", "Week"),
       ("stories", "/stories", "Stories"), ("review", "/review", "Review"), ("mock", "/mock", "Mock"), ("delivery", "/delivery", "Delivery"),
       ("progress", "/progress", "Progress"), ("settings", "/settings", "Settings"))


class Store:
    """One per app: the base environment and a repository shared by every request (thread-safe pool)."""

    def __init__(self, env: Environment, mock_speed: float = 1.0, model_dir: Path | None = None) -> None:
        self.base = env
        self.mock_speed = mock_speed
        self.model_dir = model_dir          # a local Whisper model: recordings can then be uploaded
        self._repo = None
        self._secret = None
        self._lock = threading.Lock()
        self._stt_lock = threading.Lock()
        self._transcriber = None

    def env(self) -> Environment:
        if self.base.clock_fixed:
            return self.base
        today = _today_in(self.base.timezone)
        return self.base if today == self.base.today else replace(self.base, today=today)

    def repo(self):
        with self._lock:
            if self._repo is None:
                path = Coach(self.base).sqlite_file
                if path is not None:
                    _prepare_dir(path.parent)
                from systemcraft.store.repository import Repository
                repo = Repository(self.base.db_url, self.base.now)
                repo.ensure_schema()
                self._repo = repo
            return self._repo

    def secret(self) -> bytes:
        """A per-home signing key, shared by every worker process and kept across restarts."""
        if self._secret is None:
            import secrets
            from systemcraft.exports.files import write_atomic
            path = self.base.home / "web.secret"
            if not path.exists():
                _prepare_dir(self.base.home)
                write_atomic(path, secrets.token_hex(32).encode(), mode=0o600)
                path.chmod(0o600)
            self._secret = bytes.fromhex(path.read_text().strip())
        return self._secret

    def coach(self) -> Coach:
        return Coach(self.env(), repo=self.repo())

    def transcribe(self, audio: Path):
        """A recording → a timed transcript with the model loaded once per process; one at a time
        (each uses both cores). Blocking: call it from a worker thread."""
        from systemcraft.transcripts.stt import FasterWhisperTranscriber
        with self._stt_lock:
            if self._transcriber is None:
                self._transcriber = FasterWhisperTranscriber(self.model_dir)
            return self._transcriber.transcribe(audio)

    def close(self) -> None:
        if self._repo is not None:
            self._repo.close()


async def coach(request: Request):
    """FastAPI dependency: a Coach for this request, closed afterwards. Async so that it runs on the
    event loop: building a Coach is cheap, and a sync generator would cost two thread hand-offs."""
    c = request.app.state.store.coach()
    try:
        yield c
    finally:
        c.close()


def templates() -> Jinja2Templates:
    t = Jinja2Templates(directory=str(TEMPLATES))
    t.env.filters.update(filters.FILTERS)
    t.env.globals.update(nav=NAV)
    return t


def page(request: Request, name: str, context: dict, status: int = 200, active: str = ""):
    """Render a page (or an htmx partial) with the CSRF token and navigation state filled in."""
    t = request.app.state.templates
    token = csrf_token(request)
    response = t.TemplateResponse(request, name, {"csrf": token, "active": active, **context},
                                  status_code=status)
    set_csrf_cookie(request, response)
    return response


def set_csrf_cookie(request: Request, response) -> None:
    new = getattr(request.state, "new_csrf", None)
    if new:
        response.set_cookie(CSRF_COOKIE, new, samesite="strict", httponly=True, path="/")


def today_of(request: Request) -> date:
    return request.app.state.store.env().today
