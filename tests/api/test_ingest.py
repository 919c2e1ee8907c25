"""POST /api/documents: the token, the body cap, validation, hostile text, URLs."""

from __future__ import annotations

from collections.abc import Mapping

from newsevents.api import create_app
from newsevents.errors import FetchError
from newsevents.sources import Response
from tests.api.conftest import HOSTILE_TEXT, HOSTILE_TITLE, TOKEN, assert_error, make_client
from tests.api.corpus_store import SEED

AUTH = {"Authorization": f"Bearer {TOKEN}"}
ARTICLE = ("Pakistani troops clashed with militants near Peshawar on Sunday, killing six "
           "fighters, the army said in a statement.")


def test_write_needs_the_token(writable):
    body = {"text": ARTICLE, "published": "2019-02-03"}
    r = writable.post("/api/documents", json=body)
    assert_error(r, 401, "authorization", "EV801")
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert_error(writable.post("/api/documents", json=body,
                               headers={"Authorization": "Bearer wrong"}), 401, "authorization")
    assert_error(writable.post("/api/documents", json=body,
                               headers={"Authorization": f"Basic {TOKEN}"}), 401, "authorization")
    before = writable.get("/api/documents", params={"limit": 1000}).json()["documents"]
    r = writable.post("/api/documents", json=body, headers=AUTH)
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["stored"]["new_documents"] == 1 and out["documents"][0]["events"] >= 1
    after = writable.get("/api/documents", params={"limit": 1000}).json()["documents"]
    assert len(after) == len(before) + 1


def test_without_a_configured_token_writes_are_open(db_copy):
    with make_client(create_app(db_copy)) as c:
        r = c.post("/api/documents", json={"text": ARTICLE, "published": "2019-02-03"})
        assert r.status_code == 201, r.text


def test_posting_twice_stores_once(writable):
    body = {"text": ARTICLE, "title": "Clash near Peshawar", "published": "2019-02-03",
            "outlet": "wire.example", "url": "https://wire.example/peshawar"}
    first = writable.post("/api/documents", json=body, headers=AUTH).json()
    total = writable.get("/api/health").json()["events"]
    second = writable.post("/api/documents", json=body, headers=AUTH).json()
    assert first["documents"][0]["doc_id"] == second["documents"][0]["doc_id"]
    assert second["stored"]["new_documents"] == 0
    assert writable.get("/api/health").json()["events"] == total
    docs = writable.get("/api/documents", params={"outlet": "wire.example"}).json()["documents"]
    assert [(d["title"], d["url"], d["published"]) for d in docs] == [
        ("Clash near Peshawar", "https://wire.example/peshawar", "2019-02-03")]


def test_body_too_large_is_413(writable):
    big = {"text": "word " * 300_000}
    body = assert_error(writable.post("/api/documents", json=big, headers=AUTH), 413, "body")
    assert body["code"] == "EV206"

    def chunks():  # no Content-Length: the cap holds while the body arrives
        yield b'{"text": "'
        for _ in range(300):
            yield b"x" * 10_000
        yield b'"}'

    r = writable.post("/api/documents", content=chunks(),
                      headers={**AUTH, "Content-Type": "application/json"})
    assert_error(r, 413, "body", "EV206")


def test_document_over_the_character_limit_is_413(db_copy):
    from newsevents.config import NlpSettings, Settings

    settings = Settings(nlp=NlpSettings(max_chars=1_000))
    with make_client(create_app(db_copy, settings=settings)) as c:
        r = c.post("/api/documents", json={"text": ARTICLE * 20})
        assert_error(r, 413, "text", "EV206")


def test_bad_bodies_name_the_field(writable):
    post = lambda body, **kw: writable.post("/api/documents", headers=AUTH, **kw, json=body)  # noqa: E731
    assert_error(post({"title": "nothing else"}), 422, "text")
    assert_error(post({"text": "   "}), 422, "text")
    assert_error(post({"text": ARTICLE, "author": "x"}), 422, "author")
    assert_error(post({"text": ARTICLE, "title": "t" * 1001}), 422, "title")
    assert_error(post({"text": 42}), 422, "text")
    assert_error(post({"text": ARTICLE, "published": "not a date"}), 422, "published")
    assert_error(post({"url": "ftp://example.com/a.txt"}), 422, "url")
    assert_error(post({"url": "/etc/passwd"}), 422, "url")  # never read as a local path
    assert_error(post({"url": "file:///etc/passwd"}), 422, "url")
    assert_error(post({"url": "http://[::1"}), 422, "url")
    r = writable.post("/api/documents", content=b'\xff\xfe{"text": "x"}', headers={
        **AUTH, "Content-Type": "application/json"})
    assert_error(r, 400, "body")
    assert_error(post(["not", "an", "object"]), 422)
    r = writable.post("/api/documents", content=b"{not json", headers={
        **AUTH, "Content-Type": "application/json"})
    assert_error(r, 422)
    r = writable.post("/api/documents", content=ARTICLE.encode(), headers={
        **AUTH, "Content-Type": "text/plain"})
    assert_error(r, 415, "content-type", "EV804")


def test_hostile_text_is_stored_and_returned_as_text(writable):
    r = writable.post("/api/documents", headers=AUTH, json={
        "text": HOSTILE_TEXT, "title": HOSTILE_TITLE, "published": "2019-02-05"})
    assert r.status_code == 201, r.text
    doc_id = r.json()["documents"][0]["doc_id"]
    events = writable.get("/api/events", params={"doc_id": doc_id}).json()["events"]
    sentences = " ".join(e["evidence"] for e in events)
    assert "<script>window.__xss=1;alert(1)</script>" in sentences
    assert '<img src=x onerror="window.__xss=2;alert(1)">' in sentences
    detail = writable.get(f"/api/events/{events[0]['event_id']}")
    assert detail.headers["content-type"] == "application/json"
    assert detail.headers["x-content-type-options"] == "nosniff"
    assert detail.json()["documents"][0]["title"] == HOSTILE_TITLE
    # the dashboard page itself is static: no stored text is ever rendered into HTML
    assert "xss" not in writable.get("/").text


class FakeTransport:
    """Serves fixed pages by URL, as a web server would."""

    def __init__(self, pages: Mapping[str, tuple[int, str, bytes]]):
        self.pages = pages
        self.asked: list[str] = []

    def get(self, url, *, timeout, max_bytes, headers):
        self.asked.append(url)
        status, ctype, body = self.pages.get(url, (404, "text/plain", b"not found"))
        if len(body) > max_bytes:
            raise FetchError("too large", target=url)
        return Response(url=url, status=status, body=body, headers={"content-type": ctype})


def test_url_is_fetched_and_coded(db_copy):
    text = SEED.read_text(encoding="utf-8") if SEED.exists() else ARTICLE
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n") if p.strip())
    page = (f"<html><head><title>Envoy meets Taliban</title></head><body><article>"
            f"<h1>Envoy meets Taliban</h1>{paragraphs}</article></body></html>").encode()
    url = "https://news.example/envoy"
    transport = FakeTransport({url: (200, "text/html; charset=utf-8", page)})
    with make_client(create_app(db_copy, transport=transport)) as c:
        r = c.post("/api/documents", json={"url": url, "outlet": "news.example",
                                           "published": "2019-01-23"})
        assert r.status_code == 201, r.text
        doc = r.json()["documents"][0]
        assert doc["events"] >= 3 and doc["published"] == "2019-01-23"
        stored = c.get("/api/documents", params={"doc_id": doc["doc_id"]}).json()["documents"]
        assert stored[0]["url"] == url and stored[0]["outlet"] == "news.example"
        assert_error(c.post("/api/documents", json={"url": "https://news.example/gone"}),
                     502, "url", "EV208")
    assert transport.asked[0] == url


def test_private_addresses_are_not_fetched(writable):
    for url in ("http://127.0.0.1:9/admin", "http://[::1]:9/", "http://10.0.0.1/",
                "http://169.254.169.254/latest/meta-data/"):
        body = assert_error(writable.post("/api/documents", headers=AUTH, json={"url": url}),
                            502, "url", "EV208")
        assert "private" in body["message"], body
