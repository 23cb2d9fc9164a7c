"""What every request shares: the environment, one repository, the templates; a Coach per request;
and the worker thread for CPU-heavy analyses."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TypeVar

from fastapi import Request
from fastapi.templating import Jinja2Templates

from systemcraft.coach import Coach
from systemcraft.services.context import prepare_dir as _prepare_dir
from systemcraft.environment import Environment, _today_in
from systemcraft.errors import DataError, SystemCraftError
from systemcraft.web import filters
from systemcraft.web.security import CSRF_COOKIE, csrf_token

TEMPLATES = Path(__file__).parent / "templates"
ANALYSIS_SECONDS = 30.0     # a transcript's analysis is given up (503, nothing saved) after this long
T = TypeVar("T")

NAV = (("today", "/", "Today"), ("plan", "/plan", "Plan"), ("week", "/week", "Week"), ("log", "/log", "Log"),
       ("stories", "/stories", "Stories"), ("review", "/review", "Review"), ("mock", "/mock", "Mock"), ("practice", "/practice", "Practice"),
       ("delivery", "/delivery", "Delivery"),
       ("progress", "/progress", "Progress"), ("settings", "/settings", "Settings"))


class Store:
    """One per app: the base environment and a repository shared by every request (thread-safe pool)."""

    def __init__(self, env: Environment, mock_speed: float = 1.0, model_dir: Path | None = None,
                 analysis_seconds: float = ANALYSIS_SECONDS) -> None:
        self.base = env
        self.mock_speed = mock_speed
        self.model_dir = model_dir          # `serve --model DIR`: used instead of the model installed in the home
        self.analysis_seconds = analysis_seconds
        self._heavy: ThreadPoolExecutor | None = None
        self._repo = None
        self._secret = None
        self._lock = threading.Lock()
        self._worker = None

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
                repo = Repository(self.base.db_url, self.base.now, create=True)
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

    def speech_model(self) -> Path | None:
        """The speech model recordings are transcribed with: the folder given to `serve --model`, else the
        one installed in the home (Settings), else None (then no page takes recordings)."""
        if self.model_dir is not None:
            return self.model_dir
        from systemcraft.services.practice import installed_model_dir
        return installed_model_dir(self.base.home)

    def worker(self, start: bool = True):
        """The process's one speech-to-text worker (services/practice.py Worker): it holds the one model and
        transcribes every recording, the Practice page's and the Delivery page's, one at a time. Created on
        first use, when the recording files no row refers to any more are swept. None if not started yet
        and `start` is False."""
        with self._lock:
            if self._worker is not None or not start:
                return self._worker
            from systemcraft.services.practice import Worker

            @contextmanager
            def open_ctx(cand_id: int):
                c = Coach(self.env(), repo=self.repo(), candidate_id=cand_id)
                try:
                    yield c.ctx
                finally:
                    c.close()

            self._worker = Worker(open_ctx, self.speech_model)
        c = self.coach()
        try:
            c.sweep_recordings()
        except (OSError, SystemCraftError):    # a sweep that cannot run now runs next time; transcribing goes on
            pass
        finally:
            c.close()
        return self._worker

    def transcribe(self, audio: Path):
        """A recording → (a timed transcript, its voice signals) with the process's one model, in turn with
        the Practice page's recordings. Blocking: call it from a thread of its own."""
        return self.worker().transcribe_file(audio)

    @property
    def heavy(self) -> ThreadPoolExecutor:
        """The one worker thread for CPU-heavy analyses: one at a time, never on the event loop."""
        with self._lock:
            if self._heavy is None:
                self._heavy = ThreadPoolExecutor(max_workers=1, thread_name_prefix="systemcraft-analysis")
            return self._heavy

    def close(self) -> None:
        with self._lock:
            heavy, self._heavy = self._heavy, None
            worker, self._worker = self._worker, None
        if worker is not None:
            worker.stop()
        if heavy is not None:
            heavy.shutdown(wait=False, cancel_futures=True)
        if self._repo is not None:
            self._repo.close()


class _Outcome:
    """Decided once, by whichever comes first: the analysis starting to save, or the request's deadline."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.state = "running"

    def claim(self, state: str) -> bool:
        with self._lock:
            if self.state != "running":
                return False
            self.state = state
            return True


class _GuardedRepo:
    """The shared repository, except that a write is refused once the request has given up waiting:
    an analysis abandoned at its deadline never saves anything behind the user's back."""

    def __init__(self, repo, outcome: _Outcome) -> None:
        self._repo = repo
        self._outcome = outcome

    def __getattr__(self, name):
        return getattr(self._repo, name)

    @contextmanager
    def transaction(self):
        if not self._outcome.claim("saving") and self._outcome.state != "saving":
            raise _Abandoned()
        with self._repo.transaction() as conn:
            yield conn


class _Abandoned(Exception):
    pass


async def heavy(request: Request, work: Callable[[Coach], T]) -> T:
    """Run `work(coach)` (CPU-bound: parsing and measuring a transcript) in the store's worker thread,
    one at a time, so the event loop keeps answering other requests. If it has not finished within the
    store's `analysis_seconds` (time waiting for an earlier analysis included), it is given up: a 503
    with one line, and nothing it computes afterwards is saved. (A thread cannot be stopped, so an
    abandoned analysis still runs to its end; the upload limit bounds how long that is.)"""
    store = request.app.state.store
    outcome = _Outcome()

    def job():
        if outcome.state != "running":       # abandoned while it waited for an earlier analysis
            raise _Abandoned()
        c = Coach(store.env(), repo=_GuardedRepo(store.repo(), outcome))
        try:
            return work(c)
        finally:
            c.close()

    future = asyncio.wrap_future(store.heavy.submit(job))
    try:
        return await asyncio.wait_for(asyncio.shield(future), store.analysis_seconds)
    except asyncio.TimeoutError:
        if not outcome.claim("abandoned"):   # it is saving right now: that takes milliseconds
            return await future
        future.add_done_callback(_quietly)
        raise DataError(f"the analysis took longer than {store.analysis_seconds:g} s and was given up; nothing "
                        "was saved (a 3-hour caption file is under 2 MB: is this the right file?)") from None


def _quietly(future) -> None:
    if not future.cancelled():
        future.exception()                   # retrieved, so asyncio does not log it as never seen


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
    t.env.finalize = filters.finalize        # before the first template is compiled: it is compiled in
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
