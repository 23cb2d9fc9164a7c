"""Request guards: the served host names only, security headers on every response, CSRF (a token
signed with the home's key and bound to the browser's cookie, plus Origin and Sec-Fetch-Site checks),
body-size limits."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable

from fastapi import HTTPException, Request

CSRF_COOKIE = "sc_csrf"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
MAX_BODY = 256 * 1024            # forms and JSON bodies
MAX_UPLOAD = 64 * 1024 * 1024    # an export being imported
MAX_TRANSCRIPT = 21 * 1024 * 1024   # a transcript (at most 20 MB) with its form or JSON around it
MAX_RECORDING = 200 * 1024 * 1024  # a recording, when the coach was started with a speech-to-text model
MAX_STORY_UPLOAD = 21 * 1024 * 1024   # a story spreadsheet (at most 20 MB) or .md files, with the form around them
MAX_KIT_UPLOAD = 1024 * 1024          # a partner's filled-in mock kit (at most 512 KB) with the form around it
LIMITS = {"/settings/import": MAX_UPLOAD, "/delivery": MAX_TRANSCRIPT, "/api/delivery": MAX_TRANSCRIPT,
          "/stories/import": MAX_STORY_UPLOAD, "/mock/feedback": MAX_KIT_UPLOAD}

# Our pages load only their own scripts and styles: no inline script, no style attributes, no frames.
# The referrer policy is same-origin, not no-referrer: under no-referrer a browser sends `Origin: null`
# with our own forms' POSTs, which the Origin check must refuse.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {"content-security-policy": CSP, "x-content-type-options": "nosniff", "referrer-policy": "same-origin",
           "x-frame-options": "DENY", "cross-origin-opener-policy": "same-origin"}
# The same-origin fetches a page makes, and the direct visits (typed address, bookmark, `curl`)
SAFE_SITES = {"same-origin", "none"}
_NONCE = re.compile(r"^[A-Za-z0-9_-]{43}$")


# ------------------------------------------------------------------ CSRF

def csrf_token(request: Request) -> str:
    """The token for this browser: its cookie's nonce signed with the home's key. A browser without a
    valid cookie gets a new nonce, which the response sets (see context.set_csrf_cookie)."""
    nonce = request.cookies.get(CSRF_COOKIE)
    if not nonce or not _NONCE.match(nonce):
        nonce = getattr(request.state, "new_csrf", None) or secrets.token_urlsafe(32)
        request.state.new_csrf = nonce
    return f"{nonce}.{_mac(request, nonce)}"


def _mac(request: Request, nonce: str) -> str:
    digest = hmac.new(request.app.state.store.secret(), b"systemcraft-csrf:" + nonce.encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode()


def token_is_valid(request: Request, sent: str | None) -> bool:
    """`sent` is `nonce.signature`, the nonce is this browser's cookie and the signature is ours."""
    nonce = request.cookies.get(CSRF_COOKIE)
    if not nonce or not _NONCE.match(nonce) or not sent or sent.count(".") != 1:
        return False
    sent_nonce, sent_mac = sent.split(".")
    same_nonce = hmac.compare_digest(sent_nonce.encode(), nonce.encode())
    same_mac = hmac.compare_digest(sent_mac.encode(), _mac(request, nonce).encode())
    return same_nonce and same_mac


def check_origin(request: Request) -> None:
    """A write must come from our own pages (or from no page at all: a script or `curl`)."""
    origin = request.headers.get("origin")
    if origin is not None:
        expected = f"{request.url.scheme}://{request.headers.get('host', '')}"
        if origin == "null":
            raise HTTPException(403, "cross-site request refused (its Origin is null: a sandboxed page or a file)")
        if origin.lower() != expected.lower():
            raise HTTPException(403, "cross-site request refused (its Origin is another site)")
    site = request.headers.get("sec-fetch-site")
    if site is not None and site.lower() not in SAFE_SITES:
        raise HTTPException(403, f"cross-site request refused (Sec-Fetch-Site: {site[:20]})")


async def verify_csrf(request: Request) -> None:
    """Every unsafe request must come from us and carry the signed token for its cookie (in the
    X-CSRF-Token header or the csrf_token form field)."""
    if request.method not in UNSAFE:
        return
    check_origin(request)
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not token_is_valid(request, sent):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")


# ------------------------------------------------------------------ pure ASGI guards

class SecurityHeaders:
    """Adds HEADERS to every response (pages, API, static files, errors) unless the route set its own."""

    def __init__(self, app, headers: dict[str, str] | None = None) -> None:
        self.app = app
        self.headers = [(k.encode(), v.encode()) for k, v in (headers or HEADERS).items()]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *((k, v) for k, v in self.headers if k not in present)]}
            await send(message)

        await self.app(scope, receive, with_headers)


class HostGuard:
    """Answers only requests whose Host header is exactly one of the served addresses (DNS rebinding:
    a page on evil.example resolved to 127.0.0.1 sends `Host: evil.example`)."""

    def __init__(self, app, hosts: Iterable[str]) -> None:
        self.app = app
        self.hosts = frozenset(h.lower() for h in hosts)
        self.first = next(iter(sorted(self.hosts)), "")

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        host = dict(scope["headers"]).get(b"host", b"").decode("latin-1").lower()
        if host in self.hosts:
            return await self.app(scope, receive, send)
        if scope["type"] == "websocket":
            return await send({"type": "websocket.close", "code": 1008})
        body = f"Invalid host header: this coach answers only at http://{self.first}/\n".encode()
        await send({"type": "http.response.start", "status": 400,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Pure ASGI: refuse bodies over the limit (413) before anything reads them into memory. `refuse(scope,
    send, limit)` answers the refusal (app.py: the form's page with the message by its field, JSON for the
    API); without it, a one-line JSON error."""

    def __init__(self, app, limits: dict[str, int] | None = None, refuse=None) -> None:
        self.app = app
        self.limits = LIMITS if limits is None else limits
        self.refuse = refuse or too_large

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in UNSAFE:
            return await self.app(scope, receive, send)
        limit = self.limits.get(scope["path"], MAX_BODY)
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            return await self.refuse(scope, send, limit)
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
            await self.refuse(scope, send, limit)


class _TooLarge(Exception):
    pass


def size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


async def too_large(scope, send, limit: int) -> None:
    body = f'{{"error": "the request body is larger than {size(limit)}"}}'.encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
