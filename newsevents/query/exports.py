"""Exports of the matching events: GDELT, PLOVER, ACLED, CSV, Parquet, JSONL.

An export takes every event the filter matches (its paging is ignored;
``max_rows`` caps it) and writes the file through ``safefiles.output_file``:
a complete file or none at all (a FIFO or device is streamed to instead).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import duckdb
import pyarrow.parquet as pq

from ..errors import OutputError, QueryError, StoreError
from ..safefiles import output_file
from ..store.schema import column_names
from .events import ORDER, Source, connection
from .filters import EventFilter, where
from .formats import (
    ACLED_COLUMNS,
    acled_row,
    csv_writer,
    gdelt_row,
    neutralise,
    plover_record,
)

FORMATS = ("gdelt", "plover", "acled", "csv", "parquet", "jsonl")
_FETCH = 1000
# Flat columns for csv and parquet: the events table without its JSON blob.
FLAT_COLUMNS = tuple(c for c in column_names("events") if c != "data")


def _rows(
    conn: duckdb.DuckDBPyConnection, flt: EventFilter, max_rows: int | None
) -> Iterator[dict[str, Any]]:
    cond, params = where(flt)
    sql = f"SELECT e.* FROM events e WHERE {cond} {ORDER}"
    if max_rows is not None:
        sql += " LIMIT ?"
        params = [*params, max_rows]
    try:
        cur = conn.execute(sql, params)
        names = [d[0] for d in cur.description or ()]
        while batch := cur.fetchmany(_FETCH):
            for values in batch:
                row = dict(zip(names, values, strict=True))
                row["event"] = json.loads(row["data"])
                yield row
    except duckdb.Error as exc:
        raise StoreError(f"export query failed: {exc}") from exc


def _write_text(
    fmt: str, rows: Iterator[dict[str, Any]], handle: IO[str], safe: bool
) -> int:
    cell = neutralise if safe else _same
    n = 0
    if fmt == "gdelt":
        for row in rows:
            # cells carry no tab or line break (gdelt_row folds whitespace), so no quoting
            handle.write("\t".join(cell(c) for c in gdelt_row(row)) + "\n")
            n += 1
    elif fmt == "acled":
        dw = csv_writer(handle, ACLED_COLUMNS)
        for row in rows:
            record = acled_row(row)
            if record is not None:
                dw.writerow({k: cell(v) for k, v in record.items()})
                n += 1
    elif fmt == "csv":
        dw = csv_writer(handle, FLAT_COLUMNS)
        for row in rows:
            dw.writerow({k: cell(_csv_value(row.get(k))) for k in FLAT_COLUMNS})
            n += 1
    elif fmt == "jsonl":
        for row in rows:
            out = dict(row["event"])
            out["day"] = row["day"].isoformat() if row.get("day") else None
            out["date_added"] = row["date_added"].isoformat() if row.get("date_added") else None
            out["source_url"] = row.get("source_url")
            handle.write(json.dumps(out, ensure_ascii=False, sort_keys=True) + "\n")
            n += 1
    elif fmt == "plover":
        handle.write("[")
        for row in rows:
            handle.write(",\n" if n else "\n")
            handle.write(json.dumps(plover_record(row), ensure_ascii=False, sort_keys=True))
            n += 1
        handle.write("\n]\n")
    return n


def _same(value: Any) -> Any:
    return value


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def export(
    source: Source,
    flt: EventFilter | None,
    fmt: str,
    out_path: str | Path,
    *,
    max_rows: int | None = None,
    spreadsheet_safe: bool = True,
) -> int:
    """Write the matching events to ``out_path`` in ``fmt``; return how many rows.

    GDELT is tab-separated with no header (as GDELT publishes it); ACLED and
    csv are comma-separated with a header; plover is one JSON array; jsonl one
    event per line; parquet the csv columns with their types. In the three
    CSV-like formats (gdelt, acled, csv) a text cell that a spreadsheet would
    run as a formula gets a leading ``'`` (``formats.neutralise``) unless
    ``spreadsheet_safe`` is False, for programs that read the cells as they are.
    """
    if fmt not in FORMATS:
        raise QueryError(f"must be one of {', '.join(FORMATS)}", target="format")
    if max_rows is not None and max_rows < 1:
        raise QueryError("must be at least 1", target="max_rows")
    flt = flt or EventFilter()
    target = Path(out_path)
    if target.is_dir():
        raise OutputError("is a folder; give a file name", target=str(target))
    with connection(source) as conn:
        if fmt == "parquet":
            cond, params = where(flt)
            cols = ", ".join(f"e.{c}" for c in FLAT_COLUMNS)
            sql = f"SELECT {cols} FROM events e WHERE {cond} {ORDER}"
            if max_rows is not None:
                sql += " LIMIT ?"
                params = [*params, max_rows]
            try:
                table = conn.sql(sql, params=params).to_arrow_table()
            except duckdb.Error as exc:
                raise StoreError(f"export query failed: {exc}") from exc
            with output_file(target, binary=True) as handle:
                pq.write_table(table, handle)
            return int(table.num_rows)
        with output_file(target, newline="") as handle:
            return _write_text(fmt, _rows(conn, flt, max_rows), handle, spreadsheet_safe)
