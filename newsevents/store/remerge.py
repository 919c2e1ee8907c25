"""Recomputing merged events after a batch, only where the batch can matter.

Merging is per block (root, dyad, modality class) and, within a block, per
*segment*: a run of reports whose day ranges, widened by the merge window,
overlap (``segments``). No cluster crosses a segment, so the events
of untouched segments are already what a full recomputation would give.
After a batch the store recomputes the segments that hold a new report or a
report of an old event that lost a member, deleting the old events there
first. The result equals one big batch; a test holds that.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import duckdb
import pyarrow as pa

from ..events.merge import FINE_DAYS, is_fine, merge_reports, merge_resumed, sort_key
from ..model import Event
from .rows import Row, event_rows
from .schema import arrow_schema, column_names

log = logging.getLogger(__name__)


def segments(
    ranges: Iterable[tuple[str, date | None, date | None]], window_days: int
) -> list[set[str]]:
    """Groups of report ids of one block that no merge can cross.

    Two reports whose day ranges (each widened by the window) do not
    overlap, directly or through others, never share a cluster, so the
    store recomputes only the segments a batch touches. Undated reports
    form one segment of their own.
    """
    window = timedelta(days=window_days)
    dated = sorted(
        ((s, e, rid) for rid, s, e in ranges if s is not None and e is not None),
        key=lambda x: (x[0], x[1], x[2]),
    )
    undated = {rid for rid, s, e in ranges if s is None or e is None}
    out: list[set[str]] = []
    reach: date | None = None
    for start, end, rid in dated:
        if reach is None or start > reach:
            out.append(set())
            reach = end + window
        out[-1].add(rid)
        reach = max(reach, end + window)
    if undated:
        out.append(undated)
    return out


def register_ids(conn: duckdb.DuckDBPyConnection, name: str, ids: Iterable[str]) -> None:
    """Make a one-column relation ``name(id)`` of the given strings."""
    conn.register(name, pa.table({"id": pa.array(sorted(set(ids)), pa.string())}))


def insert_rows(conn: duckdb.DuckDBPyConnection, table: str, rows: list[Row]) -> None:
    """Insert rows through Arrow: one statement however many rows."""
    if not rows:
        return
    data = pa.Table.from_pylist(rows, schema=arrow_schema(table))
    view = f"_incoming_{table}"
    conn.register(view, data)
    try:
        cols = ", ".join(column_names(table))
        conn.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {view}")
    finally:
        conn.unregister(view)


def _load(
    conn: duckdb.DuckDBPyConnection, ids_view: str
) -> list[tuple[Event, str | None, str | None]]:
    rows = conn.execute(
        f"SELECT r.data, r.outlet, r.published FROM reports r "
        f"WHERE r.event_id IN (SELECT id FROM {ids_view})"
    ).fetchall()
    return [(Event.from_dict(json.loads(data)), outlet, pub) for data, outlet, pub in rows]


def _doc_info(conn: duckdb.DuckDBPyConnection, ids_view: str) -> dict[str, dict[str, Any]]:
    rows = conn.execute(
        f"SELECT d.doc_id, d.url, d.published, d.added_at FROM documents d "
        f"WHERE d.doc_id IN (SELECT DISTINCT r.doc_id FROM reports r "
        f"WHERE r.event_id IN (SELECT id FROM {ids_view}))"
    ).fetchall()
    return {r[0]: {"url": r[1], "published": r[2], "added_at": r[3]} for r in rows}


def merged_rows(
    conn: duckdb.DuckDBPyConnection, ids_view: str, window_days: int
) -> tuple[list[Row], list[Row]]:
    """Merge the reports named in ``ids_view`` into event and link rows."""
    loaded = _load(conn, ids_view)
    outlets = {e.doc_id: o for e, o, _ in loaded}
    published = {e.doc_id: p for e, _, p in loaded}
    merged = merge_reports(
        [e for e, _, _ in loaded], window_days=window_days, outlets=outlets, published=published
    )
    return event_rows(merged, _doc_info(conn, ids_view))


@dataclass
class _Resume:
    """Where a segment's sweep restarts: its open clusters and the reports after."""

    active: list[list[str]]
    tail: list[str]


def _plan(
    rows: list[tuple[str, Any, Any, str | None]], new: set[str], window_days: int
) -> _Resume | None:
    """A resume plan for a segment that only gained fine reports; None: recompute it all.

    ``rows`` are (report id, start, end, stored event id) of the segment.
    """
    fresh = [r for r in rows if r[0] in new]
    if not fresh:
        return None  # the segment only holds reports whose event changed: recompute it
    if any(r[3] is not None or not is_fine(r[1], r[2]) for r in fresh):
        return None  # a rewritten or coarse report: recompute the whole segment
    k0 = min(sort_key(r[1], r[2], r[0]) for r in fresh)
    # a month or year report near the restart could move between clusters
    margin = timedelta(days=2 * window_days + FINE_DAYS + 1)
    if any(not is_fine(r[1], r[2]) and r[2] >= k0[0] - margin for r in rows):
        return None
    groups: dict[str, list[tuple[Any, str]]] = {}
    tail = []
    for rid, start, end, eid in rows:
        if not is_fine(start, end):
            continue
        key = sort_key(start, end, rid)
        if key >= k0:
            tail.append(rid)
        elif eid is None:
            return None  # a stored report without its event: recompute
        else:
            groups.setdefault(eid, []).append((key, rid))
    window = timedelta(days=window_days)
    active = []
    for members in groups.values():
        leader = min(members)[0]
        if k0[0] <= leader[1] + window:
            active.append([rid for _, rid in sorted(members)])
    return _Resume(active, tail)


def _load_map(
    conn: duckdb.DuckDBPyConnection, ids_view: str
) -> dict[str, tuple[Event, str | None, str | None]]:
    return {e.event_id: (e, o, p) for e, o, p in _load(conn, ids_view)}


def remerge(
    conn: duckdb.DuckDBPyConnection,
    *,
    added: set[str],
    removed: dict[str, str],
    blocks: set[str],
    window_days: int,
) -> int:
    """Recompute the events the batch can change; return how many were written.

    ``removed`` maps report ids the batch deleted to their block.
    """
    if not blocks:
        return 0
    register_ids(conn, "_changed", added | set(removed))
    register_ids(conn, "_blocks", blocks)
    try:
        # members of old events that gained or lost a report
        olds = conn.execute(
            "SELECT report_id FROM event_reports WHERE event_id IN "
            "(SELECT event_id FROM event_reports WHERE report_id IN (SELECT id FROM _changed))"
        ).fetchall()
        seed = set(added) | {r[0] for r in olds}
        ranges = conn.execute(
            "SELECT r.block_key, r.event_id, r.date_start, r.date_end, er.event_id "
            "FROM reports r LEFT JOIN event_reports er ON er.report_id = r.event_id "
            "WHERE r.block_key IN (SELECT id FROM _blocks)"
        ).fetchall()
    finally:
        conn.unregister("_changed")
        conn.unregister("_blocks")
    by_block: dict[str, list[tuple[str, Any, Any, str | None]]] = {}
    for bkey, rid, start, end, eid in ranges:
        by_block.setdefault(bkey, []).append((rid, start, end, eid))
    shrunk = set(removed.values())
    affected: set[str] = set()
    plans: list[_Resume] = []
    for bkey, rows in by_block.items():
        stored = {r[0]: r for r in rows}
        for seg in segments([(r[0], r[1], r[2]) for r in rows], window_days):
            if not seg & seed:
                continue
            plan = None if bkey in shrunk else _plan([stored[i] for i in seg], added, window_days)
            if plan is None:
                affected |= seg
            else:
                plans.append(plan)
    resumed = {rid for p in plans for ids in (*p.active, p.tail) for rid in ids}
    register_ids(conn, "_affected", affected | resumed | set(removed))
    try:
        conn.execute(
            "DELETE FROM events WHERE event_id IN (SELECT event_id FROM event_reports "
            "WHERE report_id IN (SELECT id FROM _affected))"
        )
        conn.execute("DELETE FROM event_reports WHERE report_id IN (SELECT id FROM _affected)")
        loaded = _load_map(conn, "_affected")
        docs = _doc_info(conn, "_affected")
    finally:
        conn.unregister("_affected")
    outlets = {e.doc_id: o for e, o, _ in loaded.values()}
    published = {e.doc_id: p for e, _, p in loaded.values()}
    opts: dict[str, Any] = {"window_days": window_days, "outlets": outlets,
                            "published": published}
    merged = merge_reports([loaded[r][0] for r in sorted(affected) if r in loaded], **opts)
    for plan in plans:
        merged += merge_resumed(
            [[loaded[r][0] for r in ids] for ids in plan.active],
            [loaded[r][0] for r in plan.tail],
            **opts,
        )
    events, links = event_rows(merged, docs)
    insert_rows(conn, "events", events)
    insert_rows(conn, "event_reports", links)
    log.debug("remerged %d report(s) in full and %d resumed into %d event(s)",
              len(affected), len(resumed), len(events))
    return len(events)


def rebuild(conn: duckdb.DuckDBPyConnection, window_days: int) -> int:
    """Recompute every merged event from the reports."""
    conn.execute("DELETE FROM event_reports")
    conn.execute("DELETE FROM events")
    conn.execute("CREATE OR REPLACE TEMP VIEW _all_reports AS SELECT event_id AS id FROM reports")
    try:
        events, links = merged_rows(conn, "_all_reports", window_days)
    finally:
        conn.execute("DROP VIEW IF EXISTS _all_reports")
    insert_rows(conn, "events", events)
    insert_rows(conn, "event_reports", links)
    return len(events)
