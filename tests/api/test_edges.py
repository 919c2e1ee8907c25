"""The API's edges (issue 16, items 6 and 8): no server path in errors, slow and oversized
requests answered in the JSON error shape, repeated parameters, echoes, dates, HEAD.

The slow-client tests run a real uvicorn server on 127.0.0.1 in a thread, with the
protocol ``serve`` uses and a one-second header deadline, so they take seconds.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from click.testing import CliRunner

from newsevents.api import create_app
from newsevents.commands import serve as serve_cmd
from newsevents.store import Store
from tests.api.conftest import assert_error, make_client

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("edges") / "empty.duckdb"
    Store.open(path).close()
    return path


@pytest.fixture(scope="module")
def client(empty_db):
    with make_client(create_app(empty_db)) as c:
        yield c


def test_a_store_that_is_not_duckdb_is_500_without_the_servers_path(tmp_path):
    junk = tmp_path / "x.duckdb"
    junk.write_text("not a database\n", encoding="utf-8")
    with make_client(create_app(junk)) as c:
        r = c.get("/api/events")
    body = assert_error(r, 500, "store", "EV500")
    assert str(tmp_path) not in r.text and "x.duckdb" not in r.text
    assert "not a valid DuckDB database" in body["message"] and "<path>" in body["message"]


def test_a_repeated_parameter_is_400_naming_it(client):
    r = client.get("/api/events?limit=1&limit=1000")
    body = assert_error(r, 400, "limit", "EV600")
    assert body["message"] == "given more than once"
    assert r.headers["x-frame-options"] == "DENY"
    assert_error(client.get("/api/series?by=week&by=year"), 400, "by")
    assert_error(client.get("/api/health?x=1&x=2"), 400, "x")


def test_a_long_bad_value_is_not_echoed_whole(client):
    r = client.get("/api/events", params={"date_from": "x" * 60_000})
    body = assert_error(r, 400, "date_from")
    assert len(r.content) < 1_000 and body["message"].endswith("is not a date (YYYY-MM-DD)")


def test_the_last_month_of_year_9999_is_a_date(client):
    assert client.get("/api/events", params={"date_to": "9999-12"}).status_code == 200
    assert client.get("/api/events", params={"date_from": "9999-12",
                                             "date_to": "9999-12"}).status_code == 200


@pytest.mark.parametrize("path", ["/api/events", "/api/health", "/api/meta", "/",
                                  "/api/export/csv", "/static/app.js"])
def test_head_is_answered_wherever_get_is(client, path):
    get, head = client.get(path), client.head(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["content-security-policy"] == get.headers["content-security-policy"]


def test_a_405_lists_head_beside_get(client):
    r = client.delete("/api/events")
    assert_error(r, 405, code="EV803")
    assert r.headers["allow"] == "GET, HEAD"


def test_serve_runs_uvicorn_with_the_guarded_protocol(monkeypatch, empty_db):
    from newsevents.api import server

    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    result = CliRunner().invoke(serve_cmd.serve, ["--db", str(empty_db)])
    assert result.exit_code == 0, result.output
    [call] = calls
    assert call["http"] is server.Protocol
    assert call["h11_max_incomplete_event_size"] == server.MAX_HEAD_BYTES


@pytest.fixture(scope="module")
def live(empty_db) -> Iterator[tuple[str, int]]:
    """A real server on 127.0.0.1 with serve's protocol and a one-second head deadline."""
    from newsevents.api import server

    class QuickProtocol(server.Protocol):
        header_timeout = 1.0

    options = {**server.UVICORN_OPTIONS, "http": QuickProtocol}
    config = uvicorn.Config(create_app(empty_db), host="127.0.0.1", port=0, log_level="warning",
                            lifespan="off", **options)
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    port = srv.servers[0].sockets[0].getsockname()[1]
    yield "127.0.0.1", port
    srv.should_exit = True
    thread.join(10)


def _answer(sock: socket.socket, seconds: float = 10.0) -> bytes:
    """Everything the server sends until it closes the connection (or ``seconds`` pass)."""
    sock.settimeout(seconds)
    out = b""
    try:
        while chunk := sock.recv(1 << 16):
            out += chunk
    except TimeoutError:
        pass
    return out


def _parse(answer: bytes) -> tuple[int, dict[str, str], dict]:
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, json.loads(body)


def _is_our_error(answer: bytes, status: int, code: str) -> dict:
    got, headers, body = _parse(answer)
    assert got == status, answer[:300]
    assert headers["content-type"] == "application/json"
    assert headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert set(body) == {"error", "code", "target", "message", "hint"}
    assert body["code"] == code and body["target"] == "request"
    return body


def test_half_sent_requests_are_closed_after_the_header_deadline(live):
    started = time.monotonic()
    socks = [socket.create_connection(live) for _ in range(30)]
    for n, sock in enumerate(socks):
        sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n" if n % 2 else b"")
    answers = [_answer(sock) for sock in socks]
    elapsed = time.monotonic() - started
    for sock in socks:
        sock.close()
    for answer in answers:
        body = _is_our_error(answer, 408, "EV805")
        assert "did not arrive within 1 s" in body["message"]
    assert elapsed < 8, elapsed  # every one closed near the 1 s deadline, none kept open


def test_a_slow_second_request_on_a_kept_alive_connection_is_closed_too(live):
    with socket.create_connection(live) as sock:
        sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        time.sleep(0.3)
        first = sock.recv(1 << 16)
        assert first.startswith(b"HTTP/1.1 200")
        sock.sendall(b"GET /api/health HTTP/1.1\r\n")
        _is_our_error(_answer(sock), 408, "EV805")


def test_an_oversized_or_malformed_head_gets_the_json_error_shape(live):
    for request in (b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 100_000
                    + b"\r\n\r\n",
                    b"GET /api/events?text=" + b"b" * 30_000 + b" HTTP/1.1\r\n\r\n"):
        with socket.create_connection(live) as sock:
            sock.sendall(request)
            body = _is_our_error(_answer(sock), 431, "EV800")
            assert "16,384 bytes" in body["message"]
    with socket.create_connection(live) as sock:
        sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
        body = _is_our_error(_answer(sock), 400, "EV800")
        assert body["message"].startswith("the request could not be read")


def test_a_normal_request_is_unaffected(live):
    with socket.create_connection(live) as sock:
        sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        status, _, body = _parse(_answer(sock))
    assert status == 200 and body["status"] == "ok"
