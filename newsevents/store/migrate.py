"""Numbered schema migrations: ``migrations/NNN_name.sql``, applied in order.

Each migration runs in its own transaction together with the row that
records it in ``schema_version``, so a failed migration leaves the file at
the previous version.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ..errors import StoreError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_NAME = re.compile(r"^(\d{3})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path

    def statements(self) -> list[str]:
        text = self.path.read_text(encoding="utf-8")
        lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith("--")]
        return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def available() -> list[Migration]:
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        m = _NAME.match(path.name)
        if m is None:
            raise StoreError("migration file name must be NNN_name.sql", target=str(path))
        found.append(Migration(int(m.group(1)), m.group(2), path))
    if not found:
        raise StoreError("no schema migrations found", target=str(MIGRATIONS_DIR),
                         hint="the installed package lacks its .sql files")
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise StoreError(f"migrations must be numbered 1..n without gaps, found {versions}")
    return found


def latest_version() -> int:
    return len(available())


def current_version(conn: duckdb.DuckDBPyConnection) -> int:
    exists = conn.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()
    if not exists or not exists[0]:
        return 0
    row = conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
    return int(row[0]) if row else 0


def migrate(conn: duckdb.DuckDBPyConnection) -> list[int]:
    """Apply the migrations this file lacks; return the versions applied."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        "version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)"
    )
    have = current_version(conn)
    todo = [m for m in available() if m.version > have]
    if have > latest_version():
        raise StoreError(
            f"the store has schema version {have}, newer than this newsevents knows "
            f"({latest_version()})",
            hint="upgrade newsevents",
        )
    applied = []
    for m in todo:
        conn.execute("BEGIN TRANSACTION")
        try:
            for statement in m.statements():
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version VALUES (?, ?, current_timestamp)", [m.version, m.name]
            )
            conn.execute("COMMIT")
        except duckdb.Error as exc:
            conn.execute("ROLLBACK")
            raise StoreError(
                f"migration {m.version:03d}_{m.name} failed: {exc}", target=str(m.path)
            ) from exc
        log.info("applied store migration %03d_%s", m.version, m.name)
        applied.append(m.version)
    return applied
