"""Reading events, actors, places and documents from a store.

Every function takes ``source``: an open DuckDB connection (with the store's
tables or views), a ``Store`` or ``ParquetStore``, or a path to either. A
path or store is opened read-only for the call only, so a writer in another
process is kept out for no longer than one query.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import duckdb

from ..errors import QueryError, StoreError
from .filters import EventFilter, where

MAX_QUOTES = 200
MAX_LIST = 1000


class Readable(Protocol):
    def read(self) -> contextlib.AbstractContextManager[duckdb.DuckDBPyConnection]: ...


Source = duckdb.DuckDBPyConnection | Readable | str | Path


@contextlib.contextmanager
def connection(source: Source) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection for the duration of one query, whatever ``source`` is."""
    if isinstance(source, duckdb.DuckDBPyConnection):
        yield source
        return
    if isinstance(source, str | Path):
        from ..store import reader

        with reader(source) as conn:
            yield conn
        return
    with source.read() as conn:
        yield conn


def _run(conn: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    try:
        cur = conn.execute(sql, params)
        names = [d[0] for d in cur.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
    except duckdb.Error as exc:
        raise StoreError(f"query failed: {exc}") from exc


def _event_out(row: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(row.pop("data"))
    added = row.get("date_added")
    data["date_added"] = added.isoformat() if added is not None else None
    data["source_url"] = row.get("source_url")
    data["day"] = row["day"].isoformat() if row.get("day") is not None else None
    return data


ORDER = "ORDER BY e.day DESC NULLS LAST, e.event_id"


def query_events(source: Source, flt: EventFilter | None = None) -> list[dict[str, Any]]:
    """One page of merged events, newest first, as plain dicts (MergedEvent.to_dict
    plus ``day``, ``date_added`` and ``source_url``)."""
    flt = flt or EventFilter()
    cond, params = where(flt)
    sql = (f"SELECT e.data, e.day, e.date_added, e.source_url FROM events e WHERE {cond} "
           f"{ORDER} LIMIT ? OFFSET ?")
    with connection(source) as conn:
        rows = _run(conn, sql, [*params, flt.limit, flt.offset])
    return [_event_out(r) for r in rows]


def count_events(source: Source, flt: EventFilter | None = None) -> int:
    """How many events match, ignoring paging."""
    cond, params = where(flt or EventFilter())
    with connection(source) as conn:
        rows = _run(conn, f"SELECT count(*) AS n FROM events e WHERE {cond}", params)
    return int(rows[0]["n"]) if rows else 0


def get_event(source: Source, event_id: str) -> dict[str, Any] | None:
    """One merged event with its reports, mentions, quotes and documents; None if absent."""
    if not isinstance(event_id, str) or not 0 < len(event_id) <= 128:
        raise QueryError("must be an event id", target="event_id")
    with connection(source) as conn:
        rows = _run(conn, "SELECT e.data, e.day, e.date_added, e.source_url FROM events e "
                          "WHERE e.event_id = ?", [event_id])
        if not rows:
            return None
        event = _event_out(rows[0])
        reports = _run(
            conn,
            "SELECT r.event_id AS report_id, r.doc_id, r.outlet, r.published, r.cameo, "
            "r.modality, r.mentions, r.evidence, r.data FROM event_reports er "
            "JOIN reports r ON r.event_id = er.report_id WHERE er.event_id = ? "
            "ORDER BY r.published NULLS LAST, r.event_id",
            [event_id],
        )
        mentions = _run(
            conn,
            "SELECT m.report_id, m.idx, m.doc_id, m.evidence, m.char_start, m.char_end, m.rule, "
            "m.outlet, m.published FROM event_reports er JOIN mentions m "
            "ON m.report_id = er.report_id WHERE er.event_id = ? ORDER BY m.report_id, m.idx",
            [event_id],
        )
        doc_ids = sorted({r["doc_id"] for r in reports})
        documents = _run(
            conn,
            "SELECT doc_id, title, outlet, url, published, language, duplicate_of, "
            "content_hash FROM documents WHERE list_contains(?, doc_id) ORDER BY doc_id",
            [doc_ids],
        )
        quotes = _run(
            conn,
            "SELECT doc_id, idx, text, char_start, char_end, speaker_name, speaker_code, "
            "speaker_country, speaker_text, verb, kind FROM quotes "
            "WHERE list_contains(?, doc_id) ORDER BY doc_id, idx LIMIT ?",
            [doc_ids, MAX_QUOTES],
        )
    for r in reports:
        r["report"] = json.loads(r.pop("data"))
    event["reports"] = reports
    event["mentions"] = mentions
    event["evidence_sentences"] = list(dict.fromkeys(
        [event["evidence"], *(m["evidence"] for m in mentions if m["evidence"])]
    ))
    event["documents"] = documents
    event["quotes"] = quotes
    return event


def _paged(flt: EventFilter) -> list[Any]:
    return [min(flt.limit, MAX_LIST), flt.offset]


def list_actors(source: Source, flt: EventFilter | None = None) -> list[dict[str, Any]]:
    """Actors on either side of the matching events, most active first."""
    flt = flt or EventFilter()
    cond, params = where(flt)
    sql = (
        "WITH m AS (SELECT * FROM events e WHERE " + cond + "), sides AS ("
        "SELECT source_key AS key, source_name AS name, source_code AS code, "
        "source_country AS country, source_agent AS agent, source_group AS grp, event_id, "
        "'source' AS side FROM m UNION ALL "
        "SELECT target_key, target_name, target_code, target_country, target_agent, "
        "target_group, event_id, 'target' FROM m) "
        "SELECT key, arg_max(name, name IS NOT NULL) AS name, any_value(code) AS code, "
        "any_value(country) AS country, any_value(agent) AS agent, any_value(grp) AS actor_group,"
        " count(DISTINCT event_id) AS events, count(*) FILTER (WHERE side = 'source') AS as_source,"
        " count(*) FILTER (WHERE side = 'target') AS as_target "
        "FROM sides WHERE key <> '-' GROUP BY key ORDER BY events DESC, key LIMIT ? OFFSET ?"
    )
    with connection(source) as conn:
        return _run(conn, sql, [*params, *_paged(flt)])


def list_places(source: Source, flt: EventFilter | None = None) -> list[dict[str, Any]]:
    """Places of the matching events, with how many events each."""
    flt = flt or EventFilter()
    cond, params = where(flt)
    sql = (
        "SELECT e.location_name AS name, e.location_admin1 AS admin1, "
        "e.location_country AS country, any_value(e.lat) AS lat, any_value(e.lon) AS lon, "
        "e.geonameid, any_value(e.location_feature) AS feature, count(*) AS events, "
        "sum(e.num_mentions) AS mentions "
        f"FROM events e WHERE {cond} AND (e.location_name IS NOT NULL OR "
        "e.location_country IS NOT NULL) GROUP BY e.location_name, e.location_admin1, "
        "e.location_country, e.geonameid ORDER BY events DESC, name NULLS LAST "
        "LIMIT ? OFFSET ?"
    )
    with connection(source) as conn:
        return _run(conn, sql, [*params, *_paged(flt)])


def list_documents(source: Source, flt: EventFilter | None = None) -> list[dict[str, Any]]:
    """Documents, newest first. With event criteria, only those reporting a matching event;
    with none, every stored document (``outlet`` and ``doc_id`` narrow it)."""
    flt = flt or EventFilter()
    base = ("SELECT d.doc_id, d.title, d.outlet, d.url, d.published, d.language, "
            "d.duplicate_of, d.added_at, (SELECT count(*) FROM reports r "
            "WHERE r.doc_id = d.doc_id) AS reports FROM documents d")
    crit = flt.criteria()
    params: list[Any] = []
    conds: list[str] = []
    if set(crit) <= {"outlet", "doc_id"}:
        if flt.outlet:
            conds.append("contains(lower(coalesce(d.outlet, '')), ?)")
            params.append(flt.outlet.lower())
        if flt.doc_id:
            conds.append("d.doc_id = ?")
            params.append(flt.doc_id)
    else:
        cond, eparams = where(flt)
        conds.append(
            "d.doc_id IN (SELECT r.doc_id FROM events e JOIN event_reports er "
            f"ON er.event_id = e.event_id JOIN reports r ON r.event_id = er.report_id "
            f"WHERE {cond})"
        )
        params.extend(eparams)
    sql = (f"{base} WHERE {' AND '.join(conds) or 'TRUE'} "
           "ORDER BY d.published DESC NULLS LAST, d.doc_id LIMIT ? OFFSET ?")
    with connection(source) as conn:
        rows = _run(conn, sql, [*params, *_paged(flt)])
    for r in rows:
        if r.get("added_at") is not None:
            r["added_at"] = r["added_at"].isoformat()
    return rows
