"""The process-pool runner: chunks spread over N local worker processes.

Each worker builds its ``Coder`` once, in the pool's initializer; chunks of
documents go out and lists of results come back, pickled. The parent stays
the single store writer. At most ``2 * workers`` chunks are in flight, so a
fast reader cannot queue an unbounded stream in memory.

Workers are started with ``spawn``: the parent may hold DuckDB connections
and threads, which a forked child must not inherit.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from ..config import Settings
from ..errors import NewsEventsError
from ..model import Document
from .work import Done, code_chunk, warm

log = logging.getLogger(__name__)


def _initialise(settings: Settings) -> None:
    try:
        warm(settings)
    except Exception:
        # the first chunk raises the same error again, and the parent reports it
        log.debug("worker could not load the coder", exc_info=True)


class PoolRunner:
    """Chunks coded by a pool of local processes."""

    def __init__(self, settings: Settings, workers: int, *, window: int | None = None) -> None:
        if workers < 1:
            raise NewsEventsError("--workers must be at least 1", target="workers")
        self.settings = settings
        self.workers = workers
        self.window = window or 2 * workers
        self._pending: set[Future[Done]] = set()
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_initialise,
            initargs=(settings,),
        )

    def worker_pids(self) -> list[int]:
        """The worker processes started so far (for memory measurements)."""
        procs = getattr(self._pool, "_processes", None) or {}
        return sorted(int(pid) for pid in procs)

    def submit(self, chunk: list[Document]) -> Iterator[Done]:
        try:
            self._pending.add(self._pool.submit(code_chunk, chunk, self.settings))
        except BrokenProcessPool as exc:
            raise _broken(exc) from exc
        yield from self._collect(block=len(self._pending) >= self.window)

    def drain(self) -> Iterator[Done]:
        while self._pending:
            yield from self._collect(block=True)

    def _collect(self, *, block: bool) -> Iterator[Done]:
        if not self._pending:
            return
        done, pending = wait(self._pending, timeout=None if block else 0,
                             return_when=FIRST_COMPLETED)
        self._pending = set(pending)
        for future in done:
            try:
                yield future.result()
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
