"""A writer process ingesting batches while this process reads: no errors, no half batch."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

from newsevents.query import EventFilter, count_events, query_events
from newsevents.store import Store, open_reader

REPO = Path(__file__).resolve().parents[2]
BATCHES = 12
DOCS_PER_BATCH = 8
EVENTS_PER_DOC = 3


def test_read_while_another_process_writes(tmp_path):
    path = tmp_path / "shared.duckdb"
    Store.open(path).close()  # create and migrate before either side starts
    script = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(REPO)!r})
        from newsevents.store import Store
        from tests.store.factories import synthetic_batch
        store = Store.open({str(path)!r})
        for b in range({BATCHES}):
            store.write(synthetic_batch(b * {DOCS_PER_BATCH}, {DOCS_PER_BATCH},
                                        {EVENTS_PER_DOC}))
            time.sleep(0.05)  # a gap between batches, as a coder would leave
        store.close()
        print("writer done", flush=True)
    """)
    writer = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    seen: list[int] = []
    errors: list[str] = []
    deadline = time.monotonic() + 180
    try:
        while writer.poll() is None and time.monotonic() < deadline:
            try:
                with open_reader(path, timeout=30) as conn:
                    docs, reports, mentions, links = conn.execute(
                        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM reports),"
                        " (SELECT count(*) FROM mentions), (SELECT count(*) FROM event_reports)"
                    ).fetchone()
                    page = query_events(conn, EventFilter(limit=5))
                    total = count_events(conn)
            except Exception as exc:  # any error at all fails the test below
                errors.append(repr(exc))
                continue
            # whole batches only: every document with all its reports, all merged
            if docs % DOCS_PER_BATCH or reports != EVENTS_PER_DOC * docs:
                errors.append(f"partial batch visible: {docs} docs, {reports} reports")
            if mentions != reports or links != reports:
                errors.append(f"{reports} reports but {mentions} mentions, {links} links")
            if docs and not (page and total):
                errors.append("documents but no events")
            seen.append(docs)
            time.sleep(0.005)
        out, err = writer.communicate(timeout=120)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert writer.returncode == 0, err
    assert "writer done" in out
    assert errors == []
    print(f"reads: {len(seen)}, distinct states: {len(set(seen))}")
    assert len(seen) >= 3, "the reader never got in"
    assert len(set(seen)) >= 2, "the reader saw no progress"
    with open_reader(path) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (
            BATCHES * DOCS_PER_BATCH,)
