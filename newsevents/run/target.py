"""Where a run writes: the DuckDB store or a Parquet dataset, behind one interface.

``Target.known(ids)`` says which documents are stored already (a rerun
skips them before coding: that is what makes a run resumable), and
``Target.events_of(ids)`` gives the stored events of documents, for a
syndicated copy whose original was written earlier.

The DuckDB store is asked per chunk (each question opens the file
read-only for a moment, so readers and the per-batch writer take turns).
A Parquet dataset is read once when the run starts: reading it builds a
view over every committed file, too slow to repeat per chunk, and the run
itself knows what it has written since.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterable, Sequence

import duckdb

from ..config import Settings
from ..errors import StoreError
from ..model import CodedDocument, Event, Rejection
from ..store import ParquetStore, Store, WriteResult

log = logging.getLogger(__name__)

_KNOWN_SQL = "SELECT doc_id FROM documents WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))"
_EVENTS_SQL = (
    "SELECT doc_id, data FROM reports WHERE doc_id IN (SELECT unnest(?::VARCHAR[])) "
    "ORDER BY doc_id, event_id"
)


def _events(conn: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, tuple[Event, ...]]:
    found: dict[str, list[Event]] = {}
    for doc_id, data in conn.execute(_EVENTS_SQL, [ids]).fetchall():
        found.setdefault(str(doc_id), []).append(Event.from_dict(json.loads(data)))
    return {k: tuple(v) for k, v in found.items()}


class Target:
    """The store a run writes to."""

    def __init__(self, store: Store | ParquetStore) -> None:
        self.store = store
        self._stack = contextlib.ExitStack()
        self._snapshot: duckdb.DuckDBPyConnection | None = None

    @classmethod
    def open(cls, settings: Settings, *, db: str | None = None,
             parquet: str | None = None) -> Target:
        """The Parquet dataset at ``parquet``, else the DuckDB store at ``db`` (or store.path)."""
        if parquet is not None:
            return cls(ParquetStore(parquet, settings=settings))
        return cls(Store.open(db, settings=settings))

    @property
    def location(self) -> str:
        return str(self.store.root if isinstance(self.store, ParquetStore) else self.store.path)

    def start(self, run_id: str) -> None:
        """Record the run's start (DuckDB) or take the dataset's snapshot (Parquet)."""
        if isinstance(self.store, Store):
            self.store.start_run(run_id)
            return
        if self.store.root.is_dir() and self.store.commits():
            self._snapshot = self._stack.enter_context(self.store.read())

    def known(self, ids: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return set()
        if isinstance(self.store, Store):
            return self.store.has_documents(wanted)
        if self._snapshot is None:
            return set()
        return {str(r[0]) for r in self._snapshot.execute(_KNOWN_SQL, [wanted]).fetchall()}

    def events_of(self, ids: Iterable[str]) -> dict[str, tuple[Event, ...]]:
        """Stored events of these documents (documents with none are absent)."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        try:
            if isinstance(self.store, Store):
                with self.store.read() as conn:
                    return _events(conn, wanted)
            found = _events(self._snapshot, wanted) if self._snapshot is not None else {}
            missing = [i for i in wanted if i not in found]
            if missing and self.store.root.is_dir() and self.store.commits():
                # written by this run after the snapshot: read the dataset again (rare)
                with self.store.read() as conn:
                    found.update(_events(conn, missing))
            return found
        except duckdb.Error as exc:
            raise StoreError(f"cannot read stored events: {exc}", target=self.location) from exc

    def write(
        self, batch: Sequence[CodedDocument], rejections: Sequence[Rejection], run_id: str
    ) -> WriteResult:
        return self.store.write(batch, rejections, run_id=run_id)

    def close(self) -> None:
        self._stack.close()
        self._snapshot = None
        self.store.close()

    def __enter__(self) -> Target:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

