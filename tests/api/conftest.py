"""Fixtures for the API tests: a real store coded from real articles, and clients over it."""

from __future__ import annotations

import shutil
import warnings

import pytest

from newsevents.api import create_app
from tests.api.corpus_store import build_store, missing

with warnings.catch_warnings():
    # starlette asks for the httpx2 package here; the httpx it still supports is installed
    warnings.simplefilter("ignore", UserWarning)
    from fastapi.testclient import TestClient

TOKEN = "test-token-0123456789"
HOSTILE_TEXT = (
    "Taliban fighters attacked a police checkpoint in Kandahar on Monday "
    "<script>window.__xss=1;alert(1)</script>, the provincial governor said. "
    '<img src=x onerror="window.__xss=2;alert(1)"> '
    "The United States condemned the attack by the Taliban on Tuesday."
)
HOSTILE_TITLE = '<img src=x onerror="window.__xss=3;alert(1)"> Checkpoint attack</title><script>'


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory):
    """The seed article and a fixed sample of the Reuters 2017 politics corpus, coded and stored."""
    reason = missing()
    if reason:
        pytest.skip(reason)
    path = tmp_path_factory.mktemp("api") / "corpus.duckdb"
    build_store(path)
    return path


@pytest.fixture(scope="session")
def client(corpus_db):
    """A read client over the shared store (tests that write use ``writable``)."""
    with TestClient(create_app(corpus_db, token=TOKEN)) as c:
        yield c


@pytest.fixture()
def db_copy(corpus_db, tmp_path):
    target = tmp_path / "copy.duckdb"
    shutil.copy(corpus_db, target)
    return target


@pytest.fixture()
def writable(db_copy):
    """A client with the write token configured, over a copy of the store."""
    with TestClient(create_app(db_copy, token=TOKEN)) as c:
        yield c


def make_client(app, **kwargs):
    return TestClient(app, **kwargs)


def assert_error(response, status: int, target: str | None = None, code: str | None = None):
    """The one error shape, naming the parameter at fault."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "code", "target", "message", "hint"}, body
    assert body["code"].startswith("EV") and body["message"]
    if target is not None:
        assert body["target"] == target, body
    if code is not None:
        assert body["code"] == code, body
    return body
