"""Sharing one DuckDB file between a writer process and reader processes.

DuckDB lets one process open a file read-write, or any number open it
read-only, never both at once. So nobody holds the file for long: the
writer opens it for one batch transaction (open, write, commit, checkpoint,
close) and readers open it read-only for one request. Whoever finds it held
retries with a short, growing, jittered backoff until a deadline.

Readers come often and could keep the writer out indefinitely, so a writer
that wants the file first leaves a marker (``<db>.write-intent``, holding
its pid); new readers wait while a live marker is there, and the writer gets
the next gap. A marker whose process is gone, or older than
``STALE_INTENT_S``, is ignored.
"""

from __future__ import annotations

import contextlib
import logging
import os
import random
import time
from collections.abc import Iterator
from pathlib import Path
from stat import S_ISDIR, S_ISREG

import duckdb

from ..errors import InputError, StoreError
from ..safefiles import kind_of, read_capped

log = logging.getLogger(__name__)

STALE_INTENT_S = 120.0
READ_TIMEOUT_S = 10.0
WRITE_TIMEOUT_S = 60.0
_FIRST_DELAY = 0.005
_MARKER_BYTES = 64
_MAX_DELAY = 0.25

# Fragments of DuckDB's messages when another connection holds the file.
_LOCK_FRAGMENTS = (
    "could not set lock",
    "conflicting lock",
    "different configuration",
    "database is locked",
)


def is_lock_error(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, duckdb.Error) and any(f in text for f in _LOCK_FRAGMENTS)


def intent_path(db: Path) -> Path:
    return db.with_name(db.name + ".write-intent")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def writer_waiting(db: Path) -> bool:
    """Whether a live writer has said it wants the file."""
    marker = intent_path(db)
    try:
        stat = marker.stat()
        pid = int(read_capped(marker, _MARKER_BYTES).decode("ascii").strip() or "0")
    except (OSError, ValueError, InputError):  # InputError: a FIFO or device is no marker
        return False
    if pid == os.getpid():
        return False
    if time.time() - stat.st_mtime > STALE_INTENT_S:
        return False
    return pid > 0 and _pid_alive(pid)


@contextlib.contextmanager
def write_intent(db: Path) -> Iterator[None]:
    marker = intent_path(db)
    try:
        _write_marker(marker)
    except OSError as exc:  # a read-only folder, or a FIFO put there: go on without the courtesy
        log.debug("cannot leave a write-intent marker at %s: %s", marker, exc)
    try:
        yield
    finally:
        with contextlib.suppress(OSError, InputError):
            if read_capped(marker, _MARKER_BYTES).decode("ascii").strip() == str(os.getpid()):
                marker.unlink()


def _write_marker(marker: Path) -> None:
    # non-blocking and not through a link: a FIFO or link left at the marker's name
    # must not hang the writer or make it write elsewhere
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NONBLOCK | os.O_NOFOLLOW
    fd = os.open(marker, flags, 0o644)
    try:
        if not S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{marker} is not a regular file")
        os.write(fd, str(os.getpid()).encode("ascii"))
    finally:
        os.close(fd)


def check_store_file(db: Path) -> None:
    """StoreError unless ``db`` is absent or a regular file: DuckDB opening a FIFO
    waits forever, and a device is no place for a store."""
    try:
        mode = os.stat(db).st_mode
    except OSError:
        return  # absent (a new store), or DuckDB says what is wrong
    if not S_ISREG(mode) and not S_ISDIR(mode):
        raise StoreError(f"is {kind_of(mode)}, not a store file", target=str(db))


def connect(db: Path, *, read_only: bool, timeout: float) -> duckdb.DuckDBPyConnection:
    """Open the file, waiting out other holders until ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    delay = _FIRST_DELAY
    attempts = 0
    while True:
        if read_only and writer_waiting(db) and time.monotonic() < deadline - delay:
            time.sleep(delay)
            delay = min(_MAX_DELAY, delay * 2)
            continue
        attempts += 1
        check_store_file(db)
        try:
            return duckdb.connect(str(db), read_only=read_only)
        except duckdb.Error as exc:
            if not is_lock_error(exc):
                raise StoreError(
                    f"cannot open the store: {exc}", target=str(db)
                ) from exc
            if time.monotonic() + delay > deadline:
                mode = "read" if read_only else "write"
                raise StoreError(
                    f"the store stayed busy for {timeout:.0f}s ({attempts} tries to {mode})",
                    target=str(db),
                    hint="another process holds it; retry, or stop the other writer",
                ) from exc
        time.sleep(delay * (0.5 + random.random()))
        delay = min(_MAX_DELAY, delay * 2)
