"""A real HTTP server on 127.0.0.1 for fetch tests, serving fixture pages and feeds."""

from __future__ import annotations

import contextlib
import gzip
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"


@dataclass
class Site:
    base: str
    hits: dict[str, int] = field(default_factory=dict)
    release: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return self.base + path


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    page = (FIXTURES / "page.html").read_bytes()
    feed = (FIXTURES / "feed.rss").read_bytes()
    # the feed's entries link to this server, so follow_links can be tested
    local_feed = feed.replace(b"https://wire.example", site.base.encode())

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # keep test output clean
            pass

        def send(
            self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            # the client may stop reading (byte cap, timeout): expected here
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.route()

        def route(self) -> None:
            path = self.path.split("?")[0]
            site.hits[path] = site.hits.get(path, 0) + 1
            if path == "/page.html":
                self.send(200, page, "text/html; charset=utf-8")
            elif path == "/feed":
                self.send(200, local_feed, "application/rss+xml")
            elif path.startswith("/world/"):
                self.send(200, page, "text/html")
            elif path == "/latin1.html":
                body = "<html><body><p>Der Außenminister sprach über die Lage.</p></body></html>"
                self.send(200, body.encode("latin-1"), "text/html; charset=iso-8859-1")
            elif path == "/stall":
                # answers only after the client has given up (or the test ends)
                site.release.wait(10)
                self.send(200, page, "text/html")
            elif path == "/flaky":
                if site.hits[path] < 3:
                    self.send(503, b"busy", "text/plain")
                else:
                    self.send(200, page, "text/html")
            elif path == "/down":
                self.send(500, b"error", "text/plain")
            elif path == "/big":
                self.send(200, b"<html><body>" + b"x" * 50_000 + b"</body></html>", "text/html")
            elif path == "/big-chunked":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()  # no Content-Length: the cap must hold while streaming
                for _ in range(20):
                    self.wfile.write(b"<p>" + b"y" * 5_000 + b"</p>")
            elif path == "/bomb":
                body = gzip.compress(b"<p>" + b"z" * 200_000 + b"</p>")
                self.send(200, body, "text/html", {"Content-Encoding": "gzip"})
            elif path == "/image.png":
                self.send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
            else:
                self.send(404, b"not found", "text/plain")

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(Site("")))
    host, port = server.server_address[:2]
    state = Site(f"http://{host}:{port}")
    server.RequestHandlerClass = _handler(state)
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
