"""The embedded store: one DuckDB file, one writer at a time, readers alongside.

``Store.write`` puts a batch of coded documents in one transaction: all of
it or nothing. Rows are keyed by content-hash ids, so writing the same
documents again replaces them with themselves. By default the store holds
the file only while a batch is written (see locking.py), so a reader in
another process (``newsevents serve``) gets in between batches; ``hold=True``
keeps it open for bulk loads when nobody reads.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

import duckdb
import pyarrow as pa

from ..config import Settings
from ..errors import StoreError
from ..model import CodedDocument, Rejection
from . import locking
from .migrate import current_version, latest_version, migrate
from .remerge import insert_rows, rebuild, register_ids, remerge
from .rows import Row, batch_rows
from .schema import TABLES

log = logging.getLogger(__name__)

_EXTRA_TABLES = ("schema_version", "store_meta")


@dataclass(frozen=True)
class WriteResult:
    """What one batch changed."""

    documents: int
    new_documents: int
    duplicates: int
    reports: int
    removed_reports: int
    mentions: int
    rejections: int
    events: int
    run_id: str | None
    seconds: float

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _error(exc: duckdb.Error, path: Path) -> StoreError:
    return StoreError(f"store operation failed: {exc}", target=str(path))


class Store:
    """A DuckDB event store. Build with ``Store.open``; use as a context manager."""

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool,
        window_days: int,
        hold: bool,
        busy_timeout: float,
    ) -> None:
        self.path = path
        self.read_only = read_only
        self.window_days = window_days
        self.hold = hold
        self.busy_timeout = busy_timeout
        self._conn: duckdb.DuckDBPyConnection | None = None
        self._closed = False

    # --- opening ---------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        *,
        read_only: bool = False,
        window_days: int | None = None,
        hold: bool = False,
        busy_timeout: float | None = None,
        settings: Settings | None = None,
    ) -> Store:
        """Open (creating and migrating when writable) the store at ``path``."""
        settings = settings or Settings()
        target = Path(path if path is not None else settings.store.path)
        window = window_days if window_days is not None else settings.merge.window_days
        if window < 0:
            raise StoreError("the merge window must be >= 0 days", target="merge.window_days")
        timeout = busy_timeout if busy_timeout is not None else (
            locking.READ_TIMEOUT_S if read_only else locking.WRITE_TIMEOUT_S
        )
        locking.check_store_file(target)
        store = cls(target, read_only=read_only, window_days=window, hold=hold,
                    busy_timeout=timeout)
        if read_only:
            if not target.is_file():
                raise StoreError("no store here", target=str(target),
                                 hint="write to it first, e.g. with newsevents ingest")
            with store.read() as conn:
                have = current_version(conn)
            if have != latest_version():
                raise StoreError(
                    f"the store has schema version {have}, this newsevents expects "
                    f"{latest_version()}", target=str(target),
                    hint="open it once for writing to migrate it",
                )
            return store
        target.parent.mkdir(parents=True, exist_ok=True)
        with store._writer() as conn:
            try:
                migrate(conn)
                stored = conn.execute(
                    "SELECT value FROM store_meta WHERE key = 'window_days'"
                ).fetchone()
                if stored is None or int(stored[0]) != window:
                    store._set_window(conn, stored is not None)
            except duckdb.Error as exc:
                raise _error(exc, target) from exc
        return store

    def _set_window(self, conn: duckdb.DuckDBPyConnection, rebuild_events: bool) -> None:
        conn.execute("BEGIN TRANSACTION")
        try:
            conn.execute(
                "INSERT INTO store_meta VALUES ('window_days', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [str(self.window_days)],
            )
            if rebuild_events:
                log.info("merge window changed to %d days: recomputing events", self.window_days)
                rebuild(conn, self.window_days)
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                conn.execute("ROLLBACK")
            raise

    # --- connections -----------------------------------------------------

    @contextlib.contextmanager
    def _writer(self) -> Iterator[duckdb.DuckDBPyConnection]:
        if self._closed:
            raise StoreError("the store is closed", target=str(self.path))
        if self.read_only:
            raise StoreError("the store was opened read-only", target=str(self.path))
        if self._conn is not None:
            yield self._conn
            return
        with locking.write_intent(self.path):
            conn = locking.connect(self.path, read_only=False, timeout=self.busy_timeout)
        try:
            yield conn
            if not self.hold:
                # fold the WAL into the file before letting go of it
                conn.execute("CHECKPOINT")
        finally:
            if self.hold:
                self._conn = conn
            else:
                conn.close()

    @contextlib.contextmanager
    def read(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection for queries, held only for the ``with`` block."""
        if self._closed:
            raise StoreError("the store is closed", target=str(self.path))
        if self._conn is not None:
            cursor = self._conn.cursor()
            try:
                yield cursor
            finally:
                cursor.close()
            return
        with open_reader(self.path, timeout=self.busy_timeout) as conn:
            yield conn

    # --- writing ---------------------------------------------------------

    def write(
        self,
        batch: Sequence[CodedDocument],
        rejections: Sequence[Rejection] = (),
        run_id: str | None = None,
    ) -> WriteResult:
        """Store a batch in one transaction; idempotent for the same documents."""
        started = time.perf_counter()
        now = _now()
        tables = batch_rows(batch, rejections, run_id, now)
        with self._writer() as conn:
            conn.execute("BEGIN TRANSACTION")
            try:
                result = self._write_tx(conn, tables, run_id, now)
                conn.execute("COMMIT")
            except BaseException as exc:
                with contextlib.suppress(duckdb.Error):
                    conn.execute("ROLLBACK")
                if isinstance(exc, duckdb.Error):
                    raise _error(exc, self.path) from exc
                raise
        seconds = time.perf_counter() - started
        out = WriteResult(**result, run_id=run_id, seconds=round(seconds, 4))
        log.debug("wrote batch: %s", out)
        return out

    def _write_tx(
        self,
        conn: duckdb.DuckDBPyConnection,
        tables: dict[str, list[Row]],
        run_id: str | None,
        now: datetime,
    ) -> dict[str, int]:
        docs = tables["documents"]
        doc_ids = [d["doc_id"] for d in docs]
        conn.register("_batch_docs", pa.table({
            "id": pa.array(doc_ids, pa.string()),
            "content_hash": pa.array([d["content_hash"] for d in docs], pa.string()),
        }))
        try:
            stored = dict(conn.execute(
                "SELECT doc_id, added_at FROM documents "
                "WHERE doc_id IN (SELECT id FROM _batch_docs)"
            ).fetchall())
            earlier = dict(conn.execute(
                "SELECT b.id, min(d.doc_id) FROM _batch_docs b JOIN documents d "
                "ON d.content_hash = b.content_hash AND d.doc_id <> b.id "
                "AND d.duplicate_of IS NULL GROUP BY b.id"
            ).fetchall())
            old_reports = conn.execute(
                "SELECT event_id, block_key FROM reports "
                "WHERE doc_id IN (SELECT id FROM _batch_docs)"
            ).fetchall()
        finally:
            conn.unregister("_batch_docs")
        duplicates = _mark_duplicates(docs, earlier, stored)
        new_reports = tables["reports"]
        register_ids(conn, "_new_reports", (r["event_id"] for r in new_reports))
        try:
            # a report id stored under another document moves to this one
            moved = conn.execute(
                "SELECT event_id, block_key FROM reports "
                "WHERE event_id IN (SELECT id FROM _new_reports)"
            ).fetchall()
        finally:
            conn.unregister("_new_reports")
        replaced = {rid: bkey for rid, bkey in [*old_reports, *moved]}
        register_ids(conn, "_gone", replaced)
        register_ids(conn, "_docs", doc_ids)
        try:
            conn.execute("DELETE FROM mentions WHERE report_id IN (SELECT id FROM _gone)")
            conn.execute("DELETE FROM reports WHERE event_id IN (SELECT id FROM _gone)")
            for table in ("actors", "places", "quotes", "documents"):
                conn.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT id FROM _docs)")
        finally:
            conn.unregister("_gone")
            conn.unregister("_docs")
        for table in ("documents", "reports", "mentions", "actors", "places", "quotes"):
            insert_rows(conn, table, tables[table])
        rejected = self._insert_rejections(conn, tables["rejections"])
        added = {r["event_id"] for r in new_reports}
        removed = set(replaced) - added
        blocks = {r["block_key"] for r in new_reports} | set(replaced.values())
        events = remerge(conn, added=added, removed={r: replaced[r] for r in removed},
                         blocks=blocks, window_days=self.window_days)
        new_docs = sum(1 for d in doc_ids if d not in stored)
        if run_id is not None:
            conn.execute(
                "INSERT INTO runs VALUES (?, ?, ?, 1, ?, ?, ?) ON CONFLICT (run_id) DO UPDATE SET "
                "finished = excluded.finished, batches = runs.batches + 1, "
                "documents = runs.documents + excluded.documents, "
                "reports = runs.reports + excluded.reports, "
                "rejections = runs.rejections + excluded.rejections",
                [run_id, now, now, new_docs, len(added - set(replaced)), rejected],
            )
        return {
            "documents": len(docs),
            "new_documents": new_docs,
            "duplicates": duplicates,
            "reports": len(new_reports),
            "removed_reports": len(removed),
            "mentions": len(tables["mentions"]),
            "rejections": rejected,
            "events": events,
        }

    @staticmethod
    def _insert_rejections(conn: duckdb.DuckDBPyConnection, rows: list[Row]) -> int:
        if not rows:
            return 0
        register_ids(conn, "_rej", (r["rejection_id"] for r in rows))
        try:
            have = {r[0] for r in conn.execute(
                "SELECT rejection_id FROM rejections WHERE rejection_id IN (SELECT id FROM _rej)"
            ).fetchall()}
        finally:
            conn.unregister("_rej")
        fresh = [r for r in rows if r["rejection_id"] not in have]
        insert_rows(conn, "rejections", fresh)
        return len(fresh)

    def start_run(self, run_id: str | None = None) -> str:
        """Record the start of a run; later batches with this id add to its counts."""
        rid = run_id or "run-" + _now().strftime("%Y%m%dT%H%M%S%f")
        with self._writer() as conn:
            conn.execute(
                "INSERT INTO runs VALUES (?, ?, NULL, 0, 0, 0, 0) ON CONFLICT DO NOTHING",
                [rid, _now()],
            )
        return rid

    def rebuild_events(self) -> int:
        """Recompute every merged event (after changing the merge rules)."""
        with self._writer() as conn:
            conn.execute("BEGIN TRANSACTION")
            try:
                n = rebuild(conn, self.window_days)
                conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(duckdb.Error):
                    conn.execute("ROLLBACK")
                raise
        return n

    # --- reading ---------------------------------------------------------

    def has_documents(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are stored already (to skip them when resuming)."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return set()
        with self.read() as conn:
            register_ids(conn, "_wanted", wanted)
            try:
                rows = conn.execute(
                    "SELECT doc_id FROM documents WHERE doc_id IN (SELECT id FROM _wanted)"
                ).fetchall()
            finally:
                conn.unregister("_wanted")
        return {r[0] for r in rows}

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        out = {}
        with self.read() as conn:
            for table in (*TABLES, *_EXTRA_TABLES):
                row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
                out[table] = int(row[0]) if row else 0
        return out

    # --- closing ---------------------------------------------------------

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(duckdb.Error):
                self._conn.execute("CHECKPOINT")
            self._conn.close()
            self._conn = None
        self._closed = True

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _mark_duplicates(
    docs: list[Row], earlier: dict[str, str], stored: dict[str, datetime]
) -> int:
    """Set duplicate_of on rows whose text is stored (or in this batch) under another id."""
    first_in_batch: dict[str, str] = {}
    for d in sorted(docs, key=lambda r: r["doc_id"]):
        h = d["content_hash"]
        if h and h not in first_in_batch and d["doc_id"] not in earlier:
            first_in_batch[h] = d["doc_id"]
    n = 0
    for d in docs:
        if d["doc_id"] in stored:
            d["added_at"] = stored[d["doc_id"]]  # keep when it was first stored
        if d["duplicate_of"]:
            n += 1
            continue
        canonical = earlier.get(d["doc_id"]) or first_in_batch.get(d["content_hash"] or "")
        if canonical and canonical != d["doc_id"]:
            d["duplicate_of"] = canonical
            n += 1
    return n


@contextlib.contextmanager
def open_reader(
    path: str | Path, *, timeout: float = locking.READ_TIMEOUT_S
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to a store file, retried while a writer holds it."""
    target = Path(path)
    locking.check_store_file(target)
    if not target.is_file():
        raise StoreError("no store here", target=str(target),
                         hint="write to it first, e.g. with newsevents ingest")
    conn = locking.connect(target, read_only=True, timeout=timeout)
    try:
        yield conn
    finally:
        conn.close()
