"""The read side shared by every view: filters, events, series, exports.

Functions take a DuckDB connection, a ``Store``/``ParquetStore`` or a path
(see ``events.connection``) and an ``EventFilter``.
"""

from __future__ import annotations

from .events import (
    connection,
    count_events,
    get_event,
    list_actors,
    list_documents,
    list_places,
    query_events,
)
from .exports import FORMATS, export
from .filters import MAX_LIMIT, EventFilter, where
from .formats import ACLED_COLUMNS, GDELT_COLUMNS
from .series import GROUPS, PERIODS, series

__all__ = [
    "ACLED_COLUMNS",
    "FORMATS",
    "GDELT_COLUMNS",
    "GROUPS",
    "MAX_LIMIT",
    "PERIODS",
    "EventFilter",
    "connection",
    "count_events",
    "export",
    "get_event",
    "list_actors",
    "list_documents",
    "list_places",
    "query_events",
    "series",
    "where",
]
