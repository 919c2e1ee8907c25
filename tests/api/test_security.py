"""Headers, the Host check, the loopback rule, and static assets that load nothing remote."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from newsevents.api import create_app, is_loopback
from newsevents.commands import serve as serve_cmd
from newsevents.errors import ConfigError
from newsevents.web import STATIC_DIR
from tests.api.conftest import assert_error, make_client


def _csp(response) -> dict[str, str]:
    policy = response.headers["content-security-policy"]
    return {d.split()[0]: " ".join(d.split()[1:]) for d in policy.split("; ")}


@pytest.mark.parametrize("path", ["/", "/api/events", "/static/app.js", "/api/nowhere",
                                  "/openapi.json"])
def test_security_headers_on_every_answer(client, path):
    r = client.get(path)
    csp = _csp(r)
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'" and csp["style-src"] == "'self'"
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert "unsafe-inline" not in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["referrer-policy"] == "no-referrer"
    assert r.headers["x-frame-options"] == "DENY"


def test_host_header_is_checked_when_asked(corpus_db):
    app = create_app(corpus_db, allowed_hosts=("127.0.0.1", "localhost", "::1"))
    with make_client(app, base_url="http://127.0.0.1:8000") as c:
        assert c.get("/api/health").status_code == 200
        assert c.get("/api/health", headers={"Host": "localhost:8000"}).status_code == 200
        assert c.get("/api/health", headers={"Host": "[::1]:8000"}).status_code == 200
        r = c.get("/api/health", headers={"Host": "attacker.example"})
        assert_error(r, 400, "host", "EV800")
        assert r.headers["x-frame-options"] == "DENY"


# A page or script that names a remote resource would load it from the internet.
_REMOTE = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//|"""
                     r"""url\(\s*["']?(?:https?:)?//|@import|fetch\(\s*["']https?:|import\s*\(""",
                     re.I)
_SINKS = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|"
                    r"new Function|setAttribute\(\s*['\"]on|\.setAttribute\(\s*['\"]style", re.I)


def test_static_assets_load_nothing_remote_and_never_parse_markup():
    names = sorted(p.name for p in STATIC_DIR.iterdir())
    assert {"index.html", "app.js", "views.js", "style.css", "countries-110m.json",
            "countries-110m.LICENSE.txt"} <= set(names)
    for name in ("index.html", "app.js", "views.js", "style.css"):
        text = (STATIC_DIR / name).read_text(encoding="utf-8")
        assert not _REMOTE.search(text), (name, _REMOTE.search(text))
        urls = set(re.findall(r"https?://[^\s'\"<>)]+", text))
        assert urls <= {"http://www.w3.org/2000/svg"}, (name, urls)  # a namespace name, not fetched
    for name in ("app.js", "views.js"):
        text = (STATIC_DIR / name).read_text(encoding="utf-8")
        assert not _SINKS.search(text.split("*/", 1)[1]), (name, _SINKS.search(text))
    page = (STATIC_DIR / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)  # no inline script
    assert not re.search(r"\son[a-z]+\s*=", page) and " style=" not in page


@pytest.mark.parametrize(("host", "loopback"), [
    ("127.0.0.1", True), ("127.1.2.3", True), ("localhost", True), ("::1", True),
    ("[::1]", True), ("0.0.0.0", False), ("::", False), ("192.168.1.5", False),
    ("example.com", False), ("", False),
])
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_serve_refuses_public_bind_without_token():
    with pytest.raises(ConfigError) as err:
        serve_cmd.check_bind("0.0.0.0", None, False)
    assert err.value.target == "--host" and "--insecure" in (err.value.hint or "")
    serve_cmd.check_bind("0.0.0.0", "tok", False)
    serve_cmd.check_bind("0.0.0.0", None, True)
    serve_cmd.check_bind("127.0.0.1", None, False)


@pytest.fixture()
def captured(monkeypatch):
    """Run ``serve`` without listening: uvicorn.run records what it was given."""
    import uvicorn

    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    return calls


def test_serve_command(captured, corpus_db, monkeypatch, tmp_path):
    runner = CliRunner()
    result = runner.invoke(serve_cmd.serve, ["--db", str(corpus_db), "--host", "0.0.0.0"])
    assert isinstance(result.exception, ConfigError) and not captured

    monkeypatch.setenv(serve_cmd.TOKEN_ENV, "from-env")
    result = runner.invoke(serve_cmd.serve, ["--db", str(corpus_db), "--host", "0.0.0.0",
                                             "--port", "8123"])
    assert result.exit_code == 0, result.output
    call = captured[-1]
    assert (call["host"], call["port"]) == ("0.0.0.0", 8123)
    config = call["app"].state.backend.config
    assert config.token == "from-env" and config.allowed_hosts is None

    monkeypatch.delenv(serve_cmd.TOKEN_ENV)
    fresh = tmp_path / "new.duckdb"
    result = runner.invoke(serve_cmd.serve, ["--db", str(fresh)])
    assert result.exit_code == 0, result.output
    config = captured[-1]["app"].state.backend.config
    assert captured[-1]["host"] == "127.0.0.1" and config.token is None
    assert config.allowed_hosts == ("127.0.0.1", "localhost", "::1")
    assert fresh.is_file()  # created, so the dashboard opens on an empty store
    with make_client(captured[-1]["app"], base_url="http://127.0.0.1:8000") as c:
        body = c.get("/api/events").json()
        assert body["total"] == 0 and body["events"] == []


def test_commands_are_documented():
    for command in serve_cmd.COMMANDS:
        assert "Example: newsevents " + command.name in (command.help or "")
