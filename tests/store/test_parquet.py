"""The Parquet dataset backend: same writes, same reads, same merged events."""

from __future__ import annotations

import json

import pyarrow.parquet as pq

from newsevents.query import EventFilter, count_events, query_events
from newsevents.store import ParquetStore, Store, reader

from .factories import coded, make_doc, make_event, synthetic_batch, wardak_reports


def _merged(conn) -> list[tuple]:
    rows = conn.execute("SELECT event_id, data FROM events ORDER BY event_id").fetchall()
    return [(r[0], tuple(json.loads(r[1])["reports"]), json.loads(r[1])["num_sources"])
            for r in rows]


def test_layout_one_file_per_batch_per_table(tmp_path):
    store = ParquetStore(tmp_path / "ds")
    store.write(wardak_reports())
    store.write(synthetic_batch(0, 5))
    parts = sorted(p.relative_to(tmp_path / "ds").as_posix()
                   for p in (tmp_path / "ds").rglob("*.parquet"))
    assert len([p for p in parts if p.startswith("documents/part-")]) == 2
    assert len([p for p in parts if p.startswith("reports/part-")]) == 2
    assert not list((tmp_path / "ds").rglob("*.tmp"))
    table = pq.read_table(tmp_path / "ds" / parts[0])
    assert "_written" in table.column_names


def test_same_events_as_the_duckdb_store(tmp_path):
    batches = [wardak_reports(), synthetic_batch(0, 12), synthetic_batch(12, 12)]
    pstore = ParquetStore(tmp_path / "ds")
    with Store.open(tmp_path / "s.duckdb") as dstore:
        for b in batches:
            pstore.write(b)
            dstore.write(b)
        with dstore.read() as conn:
            expected = _merged(conn)
        dcounts = dstore.counts()
    with pstore.read() as conn:
        assert _merged(conn) == expected
    pcounts = pstore.counts()
    for table in ("documents", "reports", "mentions", "events", "event_reports", "quotes"):
        assert pcounts[table] == dcounts[table], table


def test_rewrites_are_idempotent_and_latest_document_wins(tmp_path):
    store = ParquetStore(tmp_path / "ds")
    store.write(wardak_reports())
    first = store.counts()
    store.write(wardak_reports())
    assert store.counts() == first
    doc = make_doc("d-rt", outlet="reuters.com")
    store.write([coded(doc, [make_event("d-rt", tag="recoded", cameo="190")])])
    with store.read() as conn:
        rows = conn.execute("SELECT cameo FROM reports WHERE doc_id = 'd-rt'").fetchall()
        quotes = conn.execute("SELECT count(*) FROM quotes WHERE doc_id = 'd-rt'").fetchone()
    assert rows == [("190",)]
    assert quotes == (0,)  # the recoded version has no quotes


def test_uncommitted_batch_is_invisible(tmp_path):
    store = ParquetStore(tmp_path / "ds")
    store.write(wardak_reports())
    before = store.counts()
    store.write(synthetic_batch(0, 4))
    # as if the writer died before its commit file: remove the latest commit
    commits = sorted((tmp_path / "ds" / "_commits").glob("*.json"),
                     key=lambda p: json.loads(p.read_text())["written"])
    commits[-1].unlink()
    assert store.counts() == before
    assert not store.has_documents(["syn-000000"])
    assert store.has_documents(["d-aj"]) == {"d-aj"}


def test_duplicates_are_marked_at_read_time(tmp_path):
    text = "One wire story."
    store = ParquetStore(tmp_path / "ds")
    store.write([coded(make_doc("first", outlet="a.com", text=text), [make_event("first")])])
    store.write([coded(make_doc("second", outlet="b.com", text=text), [make_event("second")])])
    with store.read() as conn:
        dups = dict(conn.execute("SELECT doc_id, duplicate_of FROM documents").fetchall())
        (data,) = conn.execute("SELECT data FROM events").fetchone()
    assert dups == {"first": None, "second": "first"}
    assert json.loads(data)["num_sources"] == 2


def test_finalize_saves_events_until_a_new_batch(tmp_path):
    store = ParquetStore(tmp_path / "ds")
    store.write(wardak_reports())
    assert store.finalize() == 1
    assert list((tmp_path / "ds" / "_merged").glob("events-*.parquet"))
    assert store._saved_events(store.commits()) is not None
    store.write(synthetic_batch(0, 3))
    assert store._saved_events(store.commits()) is None  # stale: recomputed on read
    assert store.counts()["events"] > 1


def test_query_layer_reads_a_dataset_folder(tmp_path):
    folder = tmp_path / "ds"
    ParquetStore(folder).write(wardak_reports())
    assert count_events(folder) == 1
    (event,) = query_events(str(folder), EventFilter(outlet="reuters"))
    assert event["num_articles"] == 3
    with reader(folder) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (3,)
