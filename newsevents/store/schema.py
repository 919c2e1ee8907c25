"""The tables of the store, named once for both backends.

The DuckDB file gets its tables from the numbered migrations; the Parquet
dataset writes the same columns with the Arrow types below; a test checks the
two agree. Table and column names are the only identifiers ever placed in
SQL text, and only from here.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyarrow as pa

_ARROW = {
    "VARCHAR": pa.string(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
}


def _cols(spec: str) -> tuple[tuple[str, str], ...]:
    out = []
    for part in spec.split(","):
        name, typ = part.split()
        out.append((name, typ))
    return tuple(out)


# table -> ((column, DuckDB type), ...), in the order of the migration
COLUMNS: Mapping[str, tuple[tuple[str, str], ...]] = {
    "documents": _cols(
        "doc_id VARCHAR, content_hash VARCHAR, duplicate_of VARCHAR, outlet VARCHAR,"
        " url VARCHAR, title VARCHAR, published VARCHAR, author VARCHAR, language VARCHAR,"
        " extraction VARCHAR, origin VARCHAR, text VARCHAR, meta VARCHAR, run_id VARCHAR,"
        " added_at TIMESTAMP"
    ),
    "reports": _cols(
        "event_id VARCHAR, doc_id VARCHAR, outlet VARCHAR, published VARCHAR,"
        " block_key VARCHAR, date_start DATE, date_end DATE, cameo VARCHAR,"
        " cameo_root VARCHAR, source_key VARCHAR, target_key VARCHAR, modality VARCHAR,"
        " mentions INTEGER, evidence VARCHAR, data VARCHAR"
    ),
    "mentions": _cols(
        "report_id VARCHAR, idx INTEGER, doc_id VARCHAR, evidence VARCHAR,"
        " char_start INTEGER, char_end INTEGER, rule VARCHAR, outlet VARCHAR,"
        " published VARCHAR"
    ),
    "events": _cols(
        "event_id VARCHAR, block_key VARCHAR, day DATE, date_value VARCHAR,"
        " date_precision VARCHAR, source_name VARCHAR, source_code VARCHAR,"
        " source_country VARCHAR, source_agent VARCHAR, source_group VARCHAR,"
        " source_key VARCHAR, target_name VARCHAR, target_code VARCHAR,"
        " target_country VARCHAR, target_agent VARCHAR, target_group VARCHAR,"
        " target_key VARCHAR, dyad VARCHAR, cameo VARCHAR, cameo_root VARCHAR,"
        " quad_class INTEGER, goldstein DOUBLE, plover_type VARCHAR, plover_mode VARCHAR,"
        " acled_event_type VARCHAR, acled_sub_event_type VARCHAR, location_name VARCHAR,"
        " location_admin1 VARCHAR, location_country VARCHAR, lat DOUBLE, lon DOUBLE,"
        " geonameid BIGINT, location_feature VARCHAR, modality VARCHAR, claimed_by VARCHAR,"
        " num_mentions INTEGER, num_sources INTEGER, num_articles INTEGER,"
        " num_reports INTEGER, fatalities DOUBLE, injured DOUBLE, evidence VARCHAR,"
        " doc_id VARCHAR, source_url VARCHAR, outlets VARCHAR, confidence DOUBLE,"
        " first_published VARCHAR, date_added TIMESTAMP, data VARCHAR"
    ),
    "event_reports": _cols("report_id VARCHAR, event_id VARCHAR"),
    "actors": _cols(
        "doc_id VARCHAR, idx INTEGER, name VARCHAR, text VARCHAR, country VARCHAR,"
        " agent VARCHAR, actor_group VARCHAR, code VARCHAR, kind VARCHAR,"
        " span_start INTEGER, span_end INTEGER, entry VARCHAR"
    ),
    "places": _cols(
        "doc_id VARCHAR, idx INTEGER, text VARCHAR, name VARCHAR, geonameid BIGINT,"
        " lat DOUBLE, lon DOUBLE, country VARCHAR, admin1 VARCHAR, feature VARCHAR,"
        " role VARCHAR, confidence DOUBLE, char_start INTEGER, char_end INTEGER"
    ),
    "quotes": _cols(
        "doc_id VARCHAR, idx INTEGER, text VARCHAR, char_start INTEGER, char_end INTEGER,"
        " speaker_name VARCHAR, speaker_code VARCHAR, speaker_country VARCHAR,"
        " speaker_text VARCHAR, verb VARCHAR, kind VARCHAR"
    ),
    "rejections": _cols(
        "rejection_id VARCHAR, origin VARCHAR, reason VARCHAR, code VARCHAR,"
        " run_id VARCHAR, added_at TIMESTAMP"
    ),
    "runs": _cols(
        "run_id VARCHAR, started TIMESTAMP, finished TIMESTAMP, batches INTEGER,"
        " documents INTEGER, reports INTEGER, rejections INTEGER"
    ),
}

# Each table's key: what an upsert replaces, and what the Parquet reader
# deduplicates on (the latest batch wins).
KEYS: Mapping[str, tuple[str, ...]] = {
    "documents": ("doc_id",),
    "reports": ("event_id",),
    "mentions": ("report_id", "idx"),
    "events": ("event_id",),
    "event_reports": ("report_id",),
    "actors": ("doc_id", "idx"),
    "places": ("doc_id", "idx"),
    "quotes": ("doc_id", "idx"),
    "rejections": ("rejection_id",),
    "runs": ("run_id",),
}

# Tables whose rows belong to one document and are replaced with it.
PER_DOCUMENT = ("reports", "mentions", "actors", "places", "quotes")

TABLES: tuple[str, ...] = tuple(COLUMNS)


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([(name, _ARROW[typ]) for name, typ in COLUMNS[table]])


def column_names(table: str) -> list[str]:
    return [name for name, _ in COLUMNS[table]]
