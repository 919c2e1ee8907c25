"""Every span written indexes the text as the user gave it (issue 14).

TR-News articles come with hard line breaks and indented paragraphs, which
cleaning unwraps and trims: the coder reads the clean text, and the records
must still point into the corpus line as written. HTML pages: into the
extracted text that ``code --documents-out`` writes. The store and the API
hand back the same spans.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsevents.cli import cli
from newsevents.config import Settings
from newsevents.documents import make_document
from newsevents.evaluate.geo import geoparse_items
from newsevents.model import CodedDocument
from newsevents.query import get_event
from newsevents.store import Store
from newsevents.store.duck import open_reader
from tests.conftest import covers_evidence, shared_path

with warnings.catch_warnings():
    warnings.simplefilter("ignore", UserWarning)  # starlette's note about httpx2
    from fastapi.testclient import TestClient

ARTICLES = 12


@pytest.fixture(scope="module")
def tr_news(coder) -> list[tuple[str, CodedDocument]]:
    """The first TR-News dev articles, coded as corpus lines, with their texts as given."""
    path = shared_path("eval", "dev", "geoparse_tr_news.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rows = rows[:ARTICLES]
    settings = Settings()
    docs = [make_document(item, settings) for item in geoparse_items(rows, str(path))]
    # the test means something only where cleaning changed the text
    assert sum(d.original is not None for d in docs) >= ARTICLES // 3
    coded = list(coder.code(docs))
    return [(row["text"], c) for row, c in zip(rows, coded, strict=True)]


def _check(text: str, coded: CodedDocument) -> dict[str, int]:
    seen = {"places": 0, "quotes": 0, "actors": 0, "events": 0}
    assert coded.document.text == text
    for p in coded.places:
        assert text[p.char_span[0] : p.char_span[1]] == p.text, p
        seen["places"] += 1
    for q in coded.quotes:
        assert text[q.char_span[0] : q.char_span[1]] == q.text, q
        seen["quotes"] += 1
    actors = [a for a in coded.actors if a.span]
    for e in coded.events:
        actors += [a for a in (e.source, e.target) if a is not None and a.span]
    for a in actors:
        assert text[a.span[0] : a.span[1]] == a.text, a
        seen["actors"] += 1
    for e in coded.events:
        assert covers_evidence(text, e.char_span, e.evidence), (e.evidence, e.char_span)
        for m in e.mention_list:
            assert covers_evidence(text, m.char_span, m.evidence), m
        if e.trigger_span and e.trigger:
            assert text[e.trigger_span[0] : e.trigger_span[1]] == e.trigger
        seen["events"] += 1
    return seen


def test_tr_news_spans_index_the_corpus_line_as_given(tr_news) -> None:
    totals = {"places": 0, "quotes": 0, "actors": 0, "events": 0}
    for text, coded in tr_news:
        for kind, n in _check(text, coded).items():
            totals[kind] += n
    assert totals["places"] >= 100 and totals["quotes"] >= 20
    assert totals["actors"] >= 100 and totals["events"] >= 10


def test_a_page_s_spans_index_the_text_documents_out_writes(tmp_path: Path) -> None:
    pages = shared_path("corpus", "html")
    page = pages / "aljazeera-service-members-killed-afghanistan-helicopter-crash-19112007.html"
    out = {k: tmp_path / f"{k}.jsonl" for k in ("events", "places", "quotes", "documents")}
    result = CliRunner().invoke(cli, [
        "code", str(page), "--published", "2007-11-19",
        *(arg for k, path in out.items() for arg in (f"--{k}-out", str(path))),
    ])
    assert result.exit_code == 0, result.output
    [document] = [json.loads(x) for x in out["documents"].read_text().splitlines()]
    text = document["text"]
    assert document["extraction"] != "text" and "offsets" not in document
    places = [json.loads(x) for x in out["places"].read_text().splitlines()]
    events = [json.loads(x) for x in out["events"].read_text().splitlines()]
    quotes = [json.loads(x) for x in out["quotes"].read_text().splitlines()]
    assert places and events
    for p in places:
        assert text[p["char_span"][0] : p["char_span"][1]] == p["text"]
    for q in quotes:
        assert text[q["char_span"][0] : q["char_span"][1]] == q["text"]
    for e in events:
        assert covers_evidence(text, tuple(e["char_span"]), e["evidence"])


def test_the_store_and_the_api_return_the_same_spans(tr_news, tmp_path: Path) -> None:
    from newsevents.api import create_app

    db = tmp_path / "spans.duckdb"
    coded = [c for _, c in tr_news]
    with Store.open(db) as store:
        store.write(coded)
    texts = {c.document.id: text for text, c in tr_news}
    with open_reader(db) as conn:
        stored = dict(conn.execute("SELECT doc_id, text FROM documents").fetchall())
    assert stored == texts  # the store keeps the text the spans index
    events = {e.event_id: e for c in coded for e in c.events}
    checked = 0
    with TestClient(create_app(db)) as client:
        for listed in client.get("/api/events", params={"limit": 500}).json()["events"]:
            detail = client.get(f"/api/events/{listed['event_id']}").json()
            assert detail == json.loads(json.dumps(get_event(db, listed["event_id"]), default=str))
            for report in detail["reports"]:
                original = events[report["report_id"]]
                assert report["report"]["char_span"] == list(original.char_span)
                assert report["report"]["trigger_span"] == (
                    list(original.trigger_span) if original.trigger_span else None)
                text = texts[report["doc_id"]]
                assert covers_evidence(text, tuple(report["report"]["char_span"]),
                                       report["evidence"])
                checked += 1
            for m in detail["mentions"]:
                text = texts[m["doc_id"]]
                assert covers_evidence(text, (m["char_start"], m["char_end"]), m["evidence"])
            for q in detail["quotes"]:
                assert texts[q["doc_id"]][q["char_start"] : q["char_end"]] == q["text"]
    assert checked >= 10
