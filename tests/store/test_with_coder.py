"""The real coder's output through the store: a syndicated copy merges with its original."""

from __future__ import annotations

import hashlib

from newsevents.model import Document
from newsevents.query import EventFilter, export, get_event, query_events
from newsevents.store import Store
from tests.conftest import shared_path


def test_seed_article_and_its_copy(coder, tmp_path):
    text = shared_path("examples", "seed", "article.txt").read_text(encoding="utf-8")
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
    docs = [
        Document(id=f"seed-{outlet}", text=text, published="2019-01-23", outlet=outlet,
                 content_hash=digest)
        for outlet in ("wire.example", "reprint.example")
    ]
    coded = list(coder.code(docs))
    per_doc = [len(c.events) for c in coded]
    assert per_doc[0] > 0 and per_doc[0] == per_doc[1]
    path = tmp_path / "seed.duckdb"
    with Store.open(path) as store:
        result = store.write(coded)
        counts = store.counts()
    assert result.duplicates == 1
    assert counts["reports"] == sum(per_doc)
    # every event of the copy merged with the original's: two articles, two sources
    events = query_events(path, EventFilter(limit=1000))
    assert 0 < len(events) <= per_doc[0]
    assert all(e["doc_ids"] == ["seed-reprint.example", "seed-wire.example"] for e in events)
    assert all((e["num_articles"], e["num_sources"]) == (2, 2) for e in events)
    assert sum(len(e["reports"]) for e in events) == sum(per_doc)
    detail = get_event(path, events[0]["event_id"])
    assert detail is not None and len(detail["documents"]) == 2
    assert export(path, None, "gdelt", tmp_path / "seed.tsv") == len(events)
