"""Request guards: CSRF (double-submit cookie + Origin check), body-size limits."""

from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from fastapi import HTTPException, Request

CSRF_COOKIE = "sc_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
MAX_BODY = 256 * 1024            # forms and JSON bodies
MAX_UPLOAD = 64 * 1024 * 1024    # an export being imported
MAX_TRANSCRIPT = 21 * 1024 * 1024   # a transcript (at most 20 MB) with its form or JSON around it
MAX_RECORDING = 200 * 1024 * 1024  # a recording, when the coach was started with a speech-to-text model
LIMITS = {"/settings/import": MAX_UPLOAD, "/delivery": MAX_TRANSCRIPT, "/api/delivery": MAX_TRANSCRIPT}


def csrf_token(request: Request) -> str:
    """The token for this browser: its cookie value, or a new one the response will set."""
    token = request.cookies.get(CSRF_COOKIE)
    if not token or len(token) != 43:
        token = getattr(request.state, "new_csrf", None) or secrets.token_urlsafe(32)
        request.state.new_csrf = token
    return token


async def verify_csrf(request: Request) -> None:
    """Every unsafe request must echo the cookie's token (header or form field) and come from us."""
    if request.method not in UNSAFE:
        return
    origin = request.headers.get("origin")
    if origin and origin != "null":
        host = urlsplit(origin).netloc
        if host != request.headers.get("host"):
            raise HTTPException(403, "cross-site request refused (its Origin is another site)")
    expected = request.cookies.get(CSRF_COOKIE)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(expected.encode(), sent.encode()):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")


class BodyLimit:
    """Pure ASGI: refuse bodies over the limit (413) before anything reads them into memory."""

    def __init__(self, app, limits: dict[str, int] | None = None) -> None:
        self.app = app
        self.limits = LIMITS if limits is None else limits

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in UNSAFE:
            return await self.app(scope, receive, send)
        limit = self.limits.get(scope["path"], MAX_BODY)
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            return await _too_large(scope, send, limit)
        seen = 0

        async def counted():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await _too_large(scope, send, limit)


class _TooLarge(Exception):
    pass


async def _too_large(scope, send, limit: int) -> None:
    body = f'{{"error": "the request body is larger than {limit // 1024} KB"}}'.encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
