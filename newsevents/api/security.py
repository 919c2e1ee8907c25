"""What keeps the server safe to run: headers, a body cap, a Host check, the write token.

Article text is hostile and so are requests. Every answer carries a strict
Content-Security-Policy (scripts, styles, data only from this server; no
inline script; no framing) and ``nosniff``; request bodies are capped
before they are read into memory; when the server listens on loopback only,
requests whose Host header names another site are refused, so a web page
cannot reach the API through DNS rebinding; write routes need the bearer
token when one is configured. Every parameter takes one value, so one given
twice (``limit=1&limit=1000``) is refused rather than one of them silently
kept; HEAD is answered as GET without the body.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Iterable
from urllib.parse import parse_qsl

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import InputTooLarge, QueryError
from .errors import ApiError, Unauthorized, error_body

DEFAULT_MAX_BODY = 1_000_000

CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1", "[::1]")


def is_loopback(host: str) -> bool:
    """Whether binding ``host`` keeps the server on this machine."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve anywhere


def check_token(configured: str | None, authorization: str | None) -> None:
    """Raise Unauthorized unless ``authorization`` is ``Bearer <configured>``."""
    if not configured:
        return
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise Unauthorized("this route needs Authorization: Bearer <token>",
                           target="authorization")
    # constant-time: the comparison must not tell how much of a guess was right
    if not hmac.compare_digest(given.strip().encode(), configured.encode()):
        raise Unauthorized("wrong token", target="authorization")


def repeated_parameter(query_string: bytes) -> str | None:
    """The first query parameter given more than once, if any."""
    seen: set[str] = set()
    for name, _ in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if name in seen:
            return name
        seen.add(name)
    return None


async def _send_error(send: Send, status: int, exc: Exception) -> None:
    data = json.dumps(error_body(exc)).encode()
    headers = [(b"content-type", b"application/json"),
               (b"content-length", str(len(data)).encode()), *SECURITY_HEADERS]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": data})


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when a body outgrows the cap while it arrives.

    An HTTPException because FastAPI re-raises those from body parsing (any
    other exception there becomes a 400); the handler in errors.py answers 413.
    """

    def __init__(self) -> None:
        super().__init__(status_code=413, detail="request body too large")


class Guard:
    """ASGI middleware: security headers on every answer, Host check, body cap."""

    def __init__(self, app: ASGIApp, *, max_body: int = DEFAULT_MAX_BODY,
                 allowed_hosts: Iterable[str] | None = None) -> None:
        self.app = app
        self.max_body = max_body
        self.allowed_hosts = (
            {h.lower() for h in allowed_hosts} if allowed_hosts is not None else None
        )

    def _host_ok(self, scope: Scope) -> bool:
        if self.allowed_hosts is None:
            return True
        host = ""
        for key, value in scope.get("headers", ()):
            if key == b"host":
                host = value.decode("latin-1").lower()
        if host.startswith("["):
            name = host[1:].split("]", 1)[0]
        else:
            name = host.rsplit(":", 1)[0] if host.count(":") == 1 else host
        return name in self.allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not self._host_ok(scope):
            err = ApiError("this server answers only to its own host name", target="host",
                           hint="open it as http://127.0.0.1:PORT/")
            await _send_error(send, 400, err)
            return
        twice = repeated_parameter(scope.get("query_string", b""))
        if twice is not None:
            await _send_error(send, 400, QueryError("given more than once", target=twice,
                                                    hint="give each parameter once"))
            return
        too_large = InputTooLarge(f"request body over {self.max_body:,} bytes", target="body")
        for key, value in scope.get("headers", ()):
            if key == b"content-length" and value.isdigit() and int(value) > self.max_body:
                await _send_error(send, 413, too_large)
                return
        head = scope["method"] == "HEAD"
        if head:
            # the GET route answers; its body is dropped below (RFC 9110: same headers)
            scope = {**scope, "method": "GET"}

        received = 0
        started = False

        async def counted_receive() -> Message:
            # a chunked body announces no length: count it as it arrives
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge
            return message

        async def secured_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                names = {k.lower() for k, _ in message.get("headers", ())}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message = {**message, "headers": [*message.get("headers", ()), *extra]}
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        try:
            await self.app(scope, counted_receive, secured_send)
        except BodyTooLarge:
            if not started:
                await _send_error(send, 413, too_large)
