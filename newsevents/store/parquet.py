"""A partitioned Parquet dataset: the store for runs spread over a cluster.

Layout under the dataset folder::

    <table>/part-<batch>.parquet   one file per batch per table
    _commits/<batch>.json          written last: the batch is visible from then on
    _merged/...                    merged events saved by ``finalize``

Workers may write batches at the same time (each file is written to a
temporary name and renamed). A batch becomes visible only when its commit
file exists, so a reader never sees half a batch. The batch id is a hash of
the batch's content: writing the same batch again rewrites the same files.

Readers get an in-memory DuckDB connection whose views carry the same
table names and columns as the DuckDB store, so the query layer runs
unchanged. Rows of a document written twice come from its latest batch.
Merged events are computed at read time, unless ``finalize`` saved them for
exactly the committed batches.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from ..config import Settings
from ..errors import StoreError
from ..model import CodedDocument, Rejection
from .duck import WriteResult
from .remerge import merged_rows, register_ids
from .rows import batch_rows
from .schema import KEYS, PER_DOCUMENT, TABLES, arrow_schema, column_names

log = logging.getLogger(__name__)

_WRITTEN = "_written"
_BATCH_TABLES = tuple(t for t in TABLES if t not in ("events", "event_reports", "runs"))


def _atomic_write_table(table: pa.Table, target: Path) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        pq.write_table(table, tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _atomic_write_text(text: str, target: Path) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _with_written(table: str) -> pa.Schema:
    return arrow_schema(table).append(pa.field(_WRITTEN, pa.int64()))


class ParquetStore:
    """Batches as Parquet files; same ``write`` as ``Store``."""

    def __init__(self, root: str | Path, *, window_days: int | None = None,
                 settings: Settings | None = None) -> None:
        self.root = Path(root)
        settings = settings or Settings()
        self.window_days = window_days if window_days is not None else settings.merge.window_days
        if self.root.exists() and not self.root.is_dir():
            raise StoreError("a Parquet store must be a folder", target=str(self.root))

    # --- writing ---------------------------------------------------------

    def write(
        self,
        batch: Sequence[CodedDocument],
        rejections: Sequence[Rejection] = (),
        run_id: str | None = None,
    ) -> WriteResult:
        started = time.perf_counter()
        now = datetime.now(UTC).replace(tzinfo=None)
        tables = batch_rows(batch, rejections, run_id, now)
        digest = hashlib.sha1()
        for d in tables["documents"]:
            key = [d["doc_id"], d["content_hash"], len(d["text"] or "")]
            digest.update(json.dumps(key).encode())
        for table in ("reports", "rejections"):
            for r in tables[table]:
                digest.update(str(r.get("event_id") or r.get("rejection_id")).encode())
        batch_id = digest.hexdigest()[:20]
        written = time.time_ns()
        files: dict[str, str] = {}
        for table in _BATCH_TABLES:
            rows = tables.get(table) or []
            if not rows:
                continue
            data = pa.Table.from_pylist(
                [{**r, _WRITTEN: written} for r in rows], schema=_with_written(table)
            )
            folder = self.root / table
            folder.mkdir(parents=True, exist_ok=True)
            name = f"part-{batch_id}.parquet"
            _atomic_write_table(data, folder / name)
            files[table] = f"{table}/{name}"
        commits = self.root / "_commits"
        commits.mkdir(parents=True, exist_ok=True)
        _atomic_write_text(
            json.dumps({"batch": batch_id, "written": written, "run_id": run_id, "files": files},
                       sort_keys=True),
            commits / f"{batch_id}.json",
        )
        return WriteResult(
            documents=len(tables["documents"]), new_documents=len(tables["documents"]),
            duplicates=sum(1 for d in tables["documents"] if d["duplicate_of"]),
            reports=len(tables["reports"]), removed_reports=0,
            mentions=len(tables["mentions"]), rejections=len(tables["rejections"]),
            events=0, run_id=run_id, seconds=round(time.perf_counter() - started, 4),
        )

    def commits(self) -> list[dict[str, object]]:
        """The committed batches, oldest first."""
        folder = self.root / "_commits"
        out = []
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            try:
                out.append(json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError) as exc:
                raise StoreError(f"unreadable commit file: {exc}", target=str(path)) from exc
        return sorted(out, key=lambda c: (int(str(c["written"])), str(c["batch"])))

    def finalize(self) -> int:
        """Compute merged events over every committed batch and save them."""
        commits = self.commits()
        stamp = hashlib.sha1(
            "\n".join(sorted(str(c["batch"]) for c in commits)).encode()
        ).hexdigest()[:20]
        with self.read(use_saved=False) as conn:
            events: pa.Table = conn.sql("SELECT * FROM events").to_arrow_table()
            links: pa.Table = conn.sql("SELECT * FROM event_reports").to_arrow_table()
        folder = self.root / "_merged"
        folder.mkdir(parents=True, exist_ok=True)
        _atomic_write_table(events, folder / f"events-{stamp}.parquet")
        _atomic_write_table(links, folder / f"event_reports-{stamp}.parquet")
        _atomic_write_text(
            json.dumps({"stamp": stamp, "batches": sorted(str(c["batch"]) for c in commits),
                        "window_days": self.window_days}),
            folder / "manifest.json",
        )
        for old in folder.glob("*.parquet"):
            if stamp not in old.name:
                old.unlink(missing_ok=True)
        return int(events.num_rows)

    # --- reading ---------------------------------------------------------

    def _saved_events(self, commits: list[dict[str, object]]) -> tuple[Path, Path] | None:
        manifest = self.root / "_merged" / "manifest.json"
        try:
            saved = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if saved.get("batches") != sorted(str(c["batch"]) for c in commits):
            return None
        if saved.get("window_days") != self.window_days:
            return None
        stamp = saved["stamp"]
        ev = self.root / "_merged" / f"events-{stamp}.parquet"
        links = self.root / "_merged" / f"event_reports-{stamp}.parquet"
        return (ev, links) if ev.is_file() and links.is_file() else None

    @contextlib.contextmanager
    def read(self, *, use_saved: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
        """An in-memory connection with the store's tables as views."""
        if not self.root.is_dir():
            raise StoreError("no Parquet store here", target=str(self.root))
        commits = self.commits()
        conn = duckdb.connect()
        try:
            for table in _BATCH_TABLES:
                paths = [str(self.root / str(f[table])) for c in commits
                         if table in (f := dict(c["files"]))]  # type: ignore[call-overload]
                schema = _with_written(table)
                source = (pads.dataset(paths, format="parquet", schema=schema) if paths
                          else schema.empty_table())
                conn.register(f"_{table}_parts", source)
            _create_views(conn)
            runs = pa.Table.from_pylist([], schema=arrow_schema("runs"))
            conn.register("runs", runs)
            saved = self._saved_events(commits) if use_saved else None
            if saved is not None:
                conn.register("events", pads.dataset(str(saved[0]), format="parquet"))
                conn.register("event_reports", pads.dataset(str(saved[1]), format="parquet"))
            else:
                conn.execute("CREATE TEMP VIEW _all_reports AS SELECT event_id AS id FROM reports")
                events, links = merged_rows(conn, "_all_reports", self.window_days)
                conn.register("events", pa.Table.from_pylist(events, schema=arrow_schema("events")))
                conn.register("event_reports", pa.Table.from_pylist(
                    links, schema=arrow_schema("event_reports")))
            yield conn
        finally:
            conn.close()

    def has_documents(self, ids: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(ids))
        if not wanted or not self.root.is_dir():
            return set()
        with self.read() as conn:
            register_ids(conn, "_wanted", wanted)
            rows = conn.execute(
                "SELECT doc_id FROM documents WHERE doc_id IN (SELECT id FROM _wanted)"
            ).fetchall()
        return {r[0] for r in rows}

    def counts(self) -> dict[str, int]:
        out = {}
        with self.read() as conn:
            for table in TABLES:
                row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
                out[table] = int(row[0]) if row else 0
        return out

    def close(self) -> None:
        """Nothing is held between calls; here for symmetry with ``Store``."""

    def __enter__(self) -> ParquetStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _create_views(conn: duckdb.DuckDBPyConnection) -> None:
    """Latest version of each row; per-document rows only from the latest document."""
    doc_cols = ", ".join(c for c in column_names("documents") if c != "duplicate_of")
    conn.execute(
        "CREATE TEMP VIEW _documents_latest AS SELECT * FROM _documents_parts "
        "QUALIFY row_number() OVER (PARTITION BY doc_id ORDER BY _written DESC) = 1"
    )
    # the first document stored with a text is the original; later ones are duplicates
    conn.execute(
        f"CREATE TEMP VIEW _documents_current AS SELECT {doc_cols}, coalesce(duplicate_of, "
        "CASE WHEN content_hash IS NOT NULL AND first_value(doc_id) OVER w <> doc_id "
        "THEN first_value(doc_id) OVER w END) AS duplicate_of, _written "
        "FROM _documents_latest WINDOW w AS (PARTITION BY content_hash ORDER BY added_at, doc_id)"
    )
    _public_view(conn, "documents", "_documents_current")
    for table in PER_DOCUMENT:
        cols = ", ".join(f"p.{c}" for c in column_names(table))
        if table == "mentions":
            join = "JOIN _reports_current r ON p.report_id = r.event_id AND p._written = r._written"
        else:
            join = "JOIN _documents_current d ON p.doc_id = d.doc_id AND p._written = d._written"
        keys = ", ".join(f"p.{k}" for k in KEYS[table])
        conn.execute(
            f"CREATE TEMP VIEW _{table}_current AS SELECT {cols}, p._written "
            f"FROM _{table}_parts p {join} "
            f"QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY p._written DESC) = 1"
        )
        _public_view(conn, table, f"_{table}_current")
    conn.execute(
        "CREATE TEMP VIEW _rejections_current AS SELECT * FROM _rejections_parts "
        "QUALIFY row_number() OVER (PARTITION BY rejection_id ORDER BY _written DESC) = 1"
    )
    _public_view(conn, "rejections", "_rejections_current")


def _public_view(conn: duckdb.DuckDBPyConnection, table: str, source: str) -> None:
    """The view under the store's table name: its columns, in the store's order."""
    if table not in TABLES:
        raise StoreError("unknown table", target=table)
    cols = ", ".join(column_names(table))
    conn.execute(f"CREATE TEMP VIEW {table} AS SELECT {cols} FROM {source}")
