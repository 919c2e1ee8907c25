"""What a store must look like after any crash: whole batches, each row once, nothing dangling."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb

from newsevents.store import Store

REPO = Path(__file__).resolve().parents[2]


def spawn_writer(db: Path, batches: int, size: int, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.crash.writer", str(db), str(batches), str(size), *extra],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def rows(
    conn: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None
) -> list[tuple[Any, ...]]:
    return conn.execute(sql, params or []).fetchall()


def whole_batches(path: Path, size: int, events_per_doc: int, run_id: str) -> set[int]:
    """The batches the store holds; fails unless each is whole and consistent.

    The store is opened writable (a copy may need its write-ahead log replayed);
    the merged events are then recomputed from the reports and must not change,
    so no batch is half-merged either.
    """
    with Store.open(path) as store, store.read() as conn:
        ids = [r[0] for r in rows(conn, "SELECT doc_id FROM documents ORDER BY doc_id")]
        assert len(ids) == len(set(ids)), "a document stored twice"
        numbers = [int(i.split("-")[1]) for i in ids]
        present: dict[int, int] = {}
        for n in numbers:
            present[n // size] = present.get(n // size, 0) + 1
        partial = {b: c for b, c in present.items() if c != size}
        assert not partial, f"partial batches (batch: documents): {partial}"
        per_doc = rows(conn, "SELECT d.doc_id, count(r.event_id) FROM documents d "
                             "LEFT JOIN reports r USING (doc_id) GROUP BY d.doc_id")
        assert all(n == events_per_doc for _, n in per_doc), "a document lost or doubled reports"
        [(reports, mentions, linked, orphans, empty, dup_reports)] = rows(conn, """
            SELECT (SELECT count(*) FROM reports),
                   (SELECT count(*) FROM mentions),
                   (SELECT count(*) FROM event_reports),
                   (SELECT count(*) FROM mentions m WHERE NOT EXISTS
                        (SELECT 1 FROM reports r WHERE r.event_id = m.report_id)),
                   (SELECT count(*) FROM events e WHERE NOT EXISTS
                        (SELECT 1 FROM event_reports er WHERE er.event_id = e.event_id)),
                   (SELECT count(*) - count(DISTINCT event_id) FROM reports)""")
        assert reports == len(ids) * events_per_doc
        assert mentions == reports, "mentions do not match their reports"
        assert linked == reports, "a report outside the merged events"
        assert orphans == 0 and empty == 0 and dup_reports == 0
        run = rows(conn, "SELECT batches, documents, reports FROM runs WHERE run_id = ?",
                   [run_id])
        if present:
            # the run's counters are updated in the same transaction as its rows
            assert run == [(len(present), len(ids), reports)], run
        before = rows(conn, "SELECT event_id, num_mentions, num_articles FROM events "
                            "ORDER BY event_id")
    with Store.open(path) as store:
        store.rebuild_events()
        with store.read() as conn:
            after = rows(conn, "SELECT event_id, num_mentions, num_articles FROM events "
                               "ORDER BY event_id")
    assert before == after, "merged events differ from a rebuild from the reports"
    return set(present)


def copy_store(path: Path, into: Path) -> Path:
    """Copy the store file and its write-ahead log (when there is one) into ``into``."""
    into.mkdir(parents=True, exist_ok=True)
    for suffix in ("", ".wal"):
        source = path.with_name(path.name + suffix)
        if source.exists():
            shutil.copyfile(source, into / source.name)
    return into / path.name


def table_contents(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row that matters for comparing two stores, in a stable order."""
    with Store.open(path, read_only=True) as store, store.read() as conn:
        return {
            "documents": rows(conn, "SELECT doc_id, content_hash, duplicate_of FROM documents "
                                    "ORDER BY doc_id"),
            "reports": rows(conn, "SELECT event_id, doc_id, cameo, evidence FROM reports "
                                  "ORDER BY event_id"),
            "mentions": rows(conn, "SELECT report_id, idx, evidence FROM mentions "
                                   "ORDER BY report_id, idx"),
            "events": rows(conn, "SELECT event_id, cameo, num_mentions, num_articles, "
                                 "num_sources FROM events ORDER BY event_id"),
            "event_reports": rows(conn, "SELECT report_id, event_id FROM event_reports "
                                        "ORDER BY report_id"),
            "actors": rows(conn, "SELECT doc_id, count(*) FROM actors GROUP BY doc_id "
                                 "ORDER BY doc_id"),
            "places": rows(conn, "SELECT doc_id, count(*) FROM places GROUP BY doc_id "
                                 "ORDER BY doc_id"),
            "quotes": rows(conn, "SELECT doc_id, count(*) FROM quotes GROUP BY doc_id "
                                 "ORDER BY doc_id"),
            "rejections": rows(conn, "SELECT origin, code FROM rejections ORDER BY origin"),
        }
