"""The process pool hands back every result once, even when the caller submits more
while it is still handling results (as ingest does)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from typing import Any

from newsevents.config import Settings, apply
from newsevents.run.pool import PoolRunner

TASKS = 40


def test_submitting_while_handling_results_loses_and_repeats_nothing() -> None:
    # a model that cannot load: the workers skip building a coder, which sleep() needs not
    settings = apply(Settings(), {"nlp.model": "no-such-model-for-this-test"})
    runner = PoolRunner(settings, 2, window=8)
    got: dict[int, list[object]] = {}
    submitted = 0

    def submit() -> Iterator[Any]:
        nonlocal submitted
        submitted += 1
        return runner.submit(("code", submitted), time.sleep, 0.01)

    def handle(stream: Iterator[Any]) -> None:
        for (_, n), result in stream:
            got.setdefault(n, []).append(result)
            if submitted < TASKS:
                handle(submit())  # more work while this collection is still being handed out

    try:
        for _ in range(6):
            handle(submit())
        while runner.in_flight:
            time.sleep(0.2)  # let several finish, so that one collection holds many
            handle(runner.wait())
    finally:
        runner.close()
    assert got == {n: [None] for n in range(1, TASKS + 1)}


def test_workers_hold_native_thread_pools_to_their_share_of_cores(monkeypatch) -> None:
    """numpy's OpenBLAS spins a thread per core in each worker unless told otherwise:
    two workers on two cores ran slower than one (bench/README.md)."""
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.setattr("newsevents.config.cores", lambda: 4)
    settings = apply(Settings(), {"nlp.model": "no-such-model-for-this-test"})
    for workers, want in ((2, "2"), (4, "1")):
        runner = PoolRunner(settings, workers)
        try:
            seen = {result for _, result in runner.submit(("x", 1), _native_threads)}
            while runner.in_flight:
                seen |= {result for _, result in runner.wait()}
        finally:
            runner.close()
        assert seen == {want}


def _native_threads() -> str | None:
    return os.environ.get("OPENBLAS_NUM_THREADS")
