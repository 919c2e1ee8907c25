"""The process-pool runner: chunks spread over N local worker processes.

Each worker builds its ``Coder`` once, in the pool's initializer; chunks of
items or documents go out and their results come back, pickled. The parent stays
the single store writer. At most ``2 * workers`` calls are in flight, so a
fast reader cannot queue an unbounded stream in memory.

Workers are started with ``spawn``: the parent may hold DuckDB connections
and threads, which a forked child must not inherit.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor
from concurrent.futures import wait as wait_futures
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .. import workerboot
from ..config import Settings, cores_per_worker, for_workers
from ..errors import NewsEventsError
from .work import Finished, Task, warm

log = logging.getLogger(__name__)


def initialise(settings: Settings) -> None:
    """Load the coder in a worker (after workerboot.start has set its thread pools)."""
    try:
        warm(settings)
    except Exception:
        # the first chunk raises the same error again, and the parent reports it
        log.debug("worker could not load the coder", exc_info=True)


class PoolRunner:
    """Calls run by a pool of local processes."""

    def __init__(self, settings: Settings, workers: int, *, window: int | None = None) -> None:
        if workers < 1:
            raise NewsEventsError("--workers must be at least 1", target="workers")
        settings = for_workers(settings, workers)  # each worker's share of the cores
        self.settings = settings
        self.workers = workers
        self.window = window or 2 * workers
        self._pending: dict[Future[Any], Task] = {}
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=workerboot.start,
            initargs=(settings, cores_per_worker(workers)),
        )

    @property
    def in_flight(self) -> int:
        return len(self._pending)

    def worker_pids(self) -> list[int]:
        """The worker processes started so far (for memory measurements)."""
        procs = getattr(self._pool, "_processes", None) or {}
        return sorted(int(pid) for pid in procs)

    def submit(self, task: Task, func: Callable[..., Any], *args: Any) -> Iterator[Finished]:
        try:
            self._pending[self._pool.submit(func, *args)] = task
        except BrokenProcessPool as exc:
            raise _broken(exc) from exc
        yield from self._collect(block=len(self._pending) >= self.window)

    def wait(self) -> Iterator[Finished]:
        yield from self._collect(block=True)

    def _collect(self, *, block: bool) -> Iterator[Finished]:
        if not self._pending:
            return
        done, _ = wait_futures(self._pending, timeout=None if block else 0,
                               return_when=FIRST_COMPLETED)
        # taken out of _pending before the first yield: the caller may submit more while
        # it handles a result, and that call collects from _pending too
        ready = [(future, self._pending.pop(future)) for future in done]
        for future, task in ready:
            try:
                yield task, future.result()
            except BrokenProcessPool as exc:
                raise _broken(exc) from exc

    def close(self) -> None:
        for future in self._pending:
            future.cancel()
        self._pending.clear()
        self._pool.shutdown(wait=True, cancel_futures=True)


def _broken(exc: BaseException) -> NewsEventsError:
    return NewsEventsError(
        f"a worker process died ({exc})", target="workers",
        hint="often out of memory: try fewer --workers or a smaller nlp.batch_size",
    )
