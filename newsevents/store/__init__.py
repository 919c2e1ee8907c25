"""The event store: a DuckDB file by default, a Parquet dataset for cluster runs.

Both write the same tables (schema.py) and both read through DuckDB, so the
query layer works on either. See docs/store.md for the design.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import duckdb

from .duck import Store, WriteResult, open_reader
from .parquet import ParquetStore
from .schema import COLUMNS, KEYS, TABLES

__all__ = [
    "COLUMNS",
    "KEYS",
    "TABLES",
    "ParquetStore",
    "Store",
    "WriteResult",
    "open_any",
    "open_reader",
    "reader",
]


def open_any(path: str | Path, **kwargs: object) -> Store | ParquetStore:
    """A folder is a Parquet store; anything else a DuckDB file."""
    target = Path(path)
    if target.is_dir():
        return ParquetStore(target)
    return Store.open(target, **kwargs)  # type: ignore[arg-type]


@contextlib.contextmanager
def reader(path: str | Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read connection to whichever store is at ``path``."""
    target = Path(path)
    if target.is_dir():
        with ParquetStore(target).read() as conn:
            yield conn
    else:
        with open_reader(target) as conn:
            yield conn
