"""A writer process for the crash tests: synthetic batches into a store, one transaction each.

    python -m tests.crash.writer DB BATCHES SIZE [--die STAGE]

Writes batches 0..BATCHES-1 of SIZE synthetic documents (3 reports each),
skipping batches already stored, so a killed writer started again resumes.
It prints ``begin N`` before and ``committed N`` after each ``Store.write``
(flushed), so the parent knows where a kill landed. ``--die STAGE`` makes it
SIGKILL itself inside the first batch it writes: after the rows are inserted
but before the merged events (``insert``), after the merged events but before
COMMIT (``remerge``), or after COMMIT but before the CHECKPOINT that folds the
write-ahead log into the file (``checkpoint``).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from typing import Any

from newsevents.store import Store, duck
from tests.store.factories import synthetic_batch

RUN_ID = "crash-run"
EVENTS_PER_DOC = 3


def batch(number: int, size: int) -> list[Any]:
    return synthetic_batch(number * size, size, EVENTS_PER_DOC)


def _die() -> None:
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)


class _DieAtCheckpoint:
    """A connection that dies when asked to CHECKPOINT (so after COMMIT)."""

    def __init__(self, conn: Any) -> None:
        self._conn = conn

    def execute(self, sql: str, *args: Any) -> Any:
        if sql.strip().upper() == "CHECKPOINT":
            _die()
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def arm(stage: str) -> None:
    """Make this process die at ``stage`` of the next Store.write."""
    if stage == "insert":
        real_remerge = duck.remerge
        duck.remerge = lambda *a, **k: _die()  # type: ignore[assignment]
        del real_remerge
    elif stage == "remerge":
        real = duck.remerge

        def remerge_then_die(*args: Any, **kwargs: Any) -> int:
            real(*args, **kwargs)
            _die()
            return 0

        duck.remerge = remerge_then_die  # type: ignore[assignment]
    elif stage == "checkpoint":
        real_connect = duck.locking.connect

        def connect(*args: Any, **kwargs: Any) -> Any:
            conn = real_connect(*args, **kwargs)
            return _DieAtCheckpoint(conn) if not kwargs.get("read_only") else conn

        duck.locking.connect = connect  # type: ignore[assignment]
    else:
        raise SystemExit(f"unknown stage {stage!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("batches", type=int)
    parser.add_argument("size", type=int)
    parser.add_argument("--die", default=None)
    args = parser.parse_args(argv)
    path = Path(args.db)
    store = Store.open(path)
    try:
        for number in range(args.batches):
            docs = batch(number, args.size)
            if store.has_documents([docs[0].document.id]):
                continue  # written before this process was started: resume after it
            if args.die:
                arm(args.die)
            print(f"begin {number}", flush=True)
            store.write(docs, run_id=RUN_ID)
            print(f"committed {number}", flush=True)
    finally:
        store.close()
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
