"""The app factory: middleware, error handling, static files, and the page and API routers."""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from systemcraft import __version__
from systemcraft.environment import Environment
from systemcraft.errors import ConflictError, DataError, InputError, NotFoundError, SystemCraftError
from systemcraft.web.context import ANALYSIS_SECONDS, Store, page, templates
from systemcraft.web.security import (HEADERS, LIMITS, MAX_RECORDING, BodyLimit, HostGuard, SecurityHeaders, size,
                                      too_large)

STATIC = Path(__file__).parent / "static"
# The Host headers answered when no address is given (`http://127.0.0.1/` in the tests, port 80);
# `systemcraft serve` passes served_hosts(port): exactly the addresses it listens on.
LOCAL_HOSTS = ("127.0.0.1", "localhost")
STATUS = {ConflictError: 409, InputError: 400, NotFoundError: 404, DataError: 503}   # the first that fits


def status_of(exc: SystemCraftError) -> int:
    return next((code for cls, code in STATUS.items() if isinstance(exc, cls)), 400)


def served_hosts(port: int) -> tuple[str, ...]:
    """The Host headers a browser sends to http://127.0.0.1:PORT/ or http://localhost:PORT/."""
    hosts = (f"127.0.0.1:{port}", f"localhost:{port}")
    return hosts + LOCAL_HOSTS if port == 80 else hosts


def create_app(env: Environment, mock_speed: float = 1.0, model_dir: Path | None = None,
               hosts: Iterable[str] = LOCAL_HOSTS, analysis_seconds: float = ANALYSIS_SECONDS) -> FastAPI:
    """`mock_speed` runs the browser's mock timer that many times faster (tests and demos only);
    `model_dir`, a local Whisper model, is used instead of the one installed in the home (Settings) by
    the process's one speech-to-text worker (Practice and Delivery alike);
    `hosts` are the only Host headers answered (any other gets 400); `analysis_seconds` bounds the time
    a transcript's analysis may take."""
    store = Store(env, mock_speed, model_dir, analysis_seconds)

    @asynccontextmanager
    async def lifespan(_app):
        store.repo()               # create or migrate the database before the first request
        yield
        store.close()              # the speech-to-text worker's thread ends too

    app = FastAPI(title="SystemCraft", lifespan=lifespan, version=__version__,
                  description="The local SystemCraft coach. Every unsafe request needs the CSRF token from "
                              "`GET /api/csrf` in the `X-CSRF-Token` header.",
                  docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    app.state.store = store
    app.state.templates = templates()
    # outermost last: the headers go on everything, even a refused host or an oversized body
    limits = _Limits(LIMITS, store)
    from systemcraft.services.practice import MAX_CHUNK
    limits["/practice/chunks"] = MAX_CHUNK + 1024       # issue 18: one chunk of a practice recording
    app.add_middleware(BodyLimit, limits=limits, refuse=_refuse_oversize)
    app.add_middleware(HostGuard, hosts=hosts)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    from systemcraft.web import api
    from systemcraft.web.pages import delivery, mock, onboarding, plan, progress, review, settings, stories, today, week
    from systemcraft.web.pages import log
    for module in (onboarding, today, plan, week, log, stories, review, mock, delivery, progress, settings):
        app.include_router(module.router)
    from systemcraft.web.pages import checkpoints       # issue 16 §4: checkpoint results on the web
    app.include_router(checkpoints.router)
    from systemcraft.web.pages import practice          # issue 18: practise out loud in the browser
    app.include_router(practice.router)
    app.include_router(api.router)

    @app.get("/api/docs", include_in_schema=False)
    async def _docs(request: Request):
        from systemcraft.web.api_reference import operations
        spec = app.openapi()
        return page(request, "api_docs.html", {"ops": operations(spec),
                                                "description": spec.get("info", {}).get("description", "")})

    @app.exception_handler(SystemCraftError)
    async def _domain_error(request: Request, exc: SystemCraftError):
        if _wants_json(request):
            return JSONResponse({"error": exc.message}, status_code=status_of(exc))
        if isinstance(exc, NotFoundError) and ("init" in exc.message or "no candidate" in exc.message):
            return RedirectResponse("/welcome", status_code=303)
        return page(request, "error.html", {"message": exc.message}, status=status_of(exc))

    @app.exception_handler(StarletteHTTPException)     # Starlette's: unknown paths and methods raise it too
    async def _http_error(request: Request, exc: StarletteHTTPException):
        if _wants_json(request):
            return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)
        message = "no such page" if exc.status_code == 404 and exc.detail == "Not Found" else str(exc.detail)
        response = page(request, "error.html", {"message": message}, status=exc.status_code)
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path", "form"))
        message = f"{where}: {first['msg']}" if where else first["msg"]
        if _wants_json(request):
            return JSONResponse({"error": message}, status_code=422)
        return page(request, "error.html", {"message": message}, status=422)

    @app.exception_handler(Exception)      # answered by the outermost middleware: add the headers here
    async def _bug(request: Request, exc: Exception):
        message = "this is a SystemCraft bug: the request failed; nothing more was done"
        if _wants_json(request):
            return JSONResponse({"error": message}, status_code=500, headers=HEADERS)
        return PlainTextResponse(message + "\n", status_code=500, headers=HEADERS)

    return app


class _Limits(dict):
    """The body limits by path; the Delivery page takes a recording's size whenever a speech model is there
    to transcribe it (installed in Settings while the coach runs, or given to `serve --model`)."""

    def __init__(self, limits: dict[str, int], store: Store) -> None:
        super().__init__(limits)
        self.store = store

    def get(self, path, default=None):
        if path == "/delivery" and self.store.speech_model() is not None:
            return MAX_RECORDING
        return super().get(path, default)


async def _refuse_oversize(scope, send, limit: int) -> None:
    """A body over its limit, refused unread (security.BodyLimit): the API gets its JSON error; a page's form
    gets that page back with the message by the file field (an upload), or the error page (any other form)."""
    request = Request(scope)
    if _wants_json(request):
        return await too_large(scope, send, limit)
    response = _oversize_page(request, limit)

    async def nothing():
        return {"type": "http.request", "body": b"", "more_body": False}
    await response(scope, nothing, send)


def _oversize_page(request: Request, limit: int):
    from systemcraft.web.pages import delivery, mock, settings, stories
    uploads = {"/delivery": delivery.refused_upload, "/settings/import": settings.refused_upload,
               "/stories/import": stories.refused_upload, "/mock/feedback": mock.refused_upload}
    show = uploads.get(request.url.path)
    message = (f"This file is larger than {size(limit)}, so it was not read: choose a smaller file" if show else
               f"What you sent is larger than {size(limit)}, so none of it was read: go back, shorten the "
               "longest text and send it again")
    if show is not None:
        c = request.app.state.store.coach()
        try:
            return show(request, c, message)
        except SystemCraftError:           # e.g. nobody has set up the coach yet: the error page says it
            pass
        finally:
            c.close()
    return page(request, "error.html", {"message": message}, status=413)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "") \
        and "text/html" not in request.headers.get("accept", "")
