"""How ``newsevents serve`` runs uvicorn: a deadline for request heads, our error shape
for the requests uvicorn refuses itself.

uvicorn's HTTP/1.1 protocol (h11) waits for a request's head for as long as the
client keeps the connection open, so a client sending a byte now and then holds a
connection, a socket and a buffer for ever; its keep-alive timeout only starts
after a first answer. ``Protocol`` gives every request head
``HEADER_TIMEOUT_S`` seconds from its first byte (or from the connection's
opening) and then answers 408 and closes. When h11 refuses a request it cannot
parse, or whose request line and headers pass its size limit while still
incomplete, uvicorn answers a bare ``text/plain`` 400; ``Protocol`` answers it
in the API's JSON error shape with the security headers, and answers 431 to a
head over ``MAX_HEAD_BYTES`` however it arrives (h11 lets one through whole
when it comes in a single read). These answers are written straight to the
socket, which is then closed, since no request exists for the app to see.
"""

from __future__ import annotations

import asyncio
import http
import json
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from .errors import ApiError, RequestTimeout, error_body
from .security import SECURITY_HEADERS

# Seconds a client has to send a request's line and headers.
HEADER_TIMEOUT_S = 10.0
# Largest request line plus headers, in bytes (h11's own default, made explicit).
MAX_HEAD_BYTES = 16 * 1024
# Seconds an idle kept-alive connection stays open between requests (uvicorn's default).
KEEP_ALIVE_S = 5


class Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline on request heads and JSON refusals."""

    header_timeout = HEADER_TIMEOUT_S

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_timer: asyncio.TimerHandle | None = None
        self._head = b""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self.conn.their_state is h11.IDLE:
            self._arm()  # a new request head starts (on a kept-alive connection too)
            # h11 checks its size limit only while a head is incomplete, so a big head
            # arriving in one read got through; its first bytes are kept to check here
            self._head = (self._head + data)[: MAX_HEAD_BYTES + 4]
            if len(self._head) > MAX_HEAD_BYTES and b"\r\n\r\n" not in self._head:
                self._refuse(431, ApiError(
                    f"the request's line and headers are over {MAX_HEAD_BYTES:,} bytes",
                    target="request"))
                return
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._disarm()  # the head is complete: the body and the app have no deadline here

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        self._refuse(400, ApiError(f"the request could not be read: {msg.rstrip('.')}",
                                   target="request"))

    def _arm(self) -> None:
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(self.header_timeout, self._head_late)

    def _disarm(self) -> None:
        self._head = b""
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_late(self) -> None:
        self._head_timer = None
        if self.transport.is_closing() or self.conn.their_state is not h11.IDLE:
            return
        self._refuse(408, RequestTimeout(
            f"the request's line and headers did not arrive within {self.header_timeout:g} s",
            target="request"))

    def _refuse(self, status: int, exc: ApiError) -> None:
        if self.transport.is_closing():
            return
        body = json.dumps(error_body(exc)).encode()
        lines = [f"HTTP/1.1 {status} {http.HTTPStatus(status).phrase}".encode(),
                 b"content-type: application/json",
                 b"content-length: " + str(len(body)).encode(),
                 b"connection: close",
                 *(name + b": " + value for name, value in SECURITY_HEADERS)]
        self.transport.write(b"\r\n".join(lines) + b"\r\n\r\n" + body)
        self.transport.close()


# What ``serve`` passes to uvicorn.run besides the app, host, port and logging.
UVICORN_OPTIONS: dict[str, Any] = {
    "http": Protocol,
    "h11_max_incomplete_event_size": MAX_HEAD_BYTES,
    "timeout_keep_alive": KEEP_ALIVE_S,
    "server_header": False,
    "proxy_headers": False,
}
