"""The Dask runner: chunks prepared and coded on a ``dask.distributed`` cluster.

With a scheduler address the calls go to that cluster; without one, a
``LocalCluster`` of ``workers`` processes (one thread each: spaCy is not
faster with threads, and one Coder per process keeps memory predictable)
is started and stopped with the runner. Workers run the same
``prepare_chunk`` and ``code_chunk`` as every other runner and build their
Coder once (``coder_for`` caches it per process); the model and data files
are installed packages, so workers need no network. Results come back to
the client, which is the only writer.

Back-pressure: at most ``window`` calls are submitted and not yet
collected (``as_completed`` with a window), so memory stays flat on an
unbounded stream however fast the input is read.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterator
from typing import Any

from ..config import Settings, for_workers
from ..errors import NewsEventsError
from .work import Finished, Task, warm

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 30


class DaskRunner:
    """Chunks coded by Dask workers, collected by this process."""

    def __init__(
        self,
        settings: Settings,
        workers: int = 1,
        *,
        scheduler: str | None = None,
        window: int | None = None,
    ) -> None:
        try:
            # typed as Any: distributed's API carries no annotations mypy can use
            distributed: Any = importlib.import_module("distributed")
        except ImportError as exc:  # dask is a dependency, but a trimmed install may lack it
            raise NewsEventsError("dask.distributed is not installed", target="engine",
                                  hint="pip install 'dask[distributed]'") from exc
        # a remote scheduler's workers may share their machines: what they have is unknown
        settings = for_workers(settings, workers, cores_known=not scheduler)
        self.settings = settings
        self._cluster: Any = None
        try:
            if scheduler:
                self._client: Any = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT_S)
            else:
                self._cluster = distributed.LocalCluster(
                    n_workers=workers, threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.ERROR,
                )
                self._client = distributed.Client(self._cluster)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise NewsEventsError(f"cannot reach the Dask scheduler: {exc}",
                                  target=scheduler or "LocalCluster") from exc
        try:
            # load the model on every worker now: a missing model fails here, once
            pids = self._client.run(warm, settings)
        except NewsEventsError:
            self.close()
            raise
        except Exception as exc:
            self.close()
            raise NewsEventsError(
                f"the Dask workers cannot load the coder: {type(exc).__name__}: {exc}",
                target=scheduler or "LocalCluster",
                hint="install newsevents and its spaCy model in every worker's environment",
            ) from exc
        threads = sum(self._client.nthreads().values()) or workers
        self.workers = len(pids) or workers
        self.window = window or max(2, 2 * threads)
        self._ready: Any = distributed.as_completed()
        self._tasks: dict[str, Task] = {}
        log.info("dask: %d workers, %d threads, window %d chunks",
                 self.workers, threads, self.window)

    @property
    def scheduler_address(self) -> str:
        return str(self._client.scheduler.address)

    def worker_pids(self) -> dict[str, int]:
        """Worker address -> process id (for memory measurements)."""
        import os

        return dict(self._client.run(os.getpid))

    @property
    def in_flight(self) -> int:
        return len(self._tasks)

    def submit(self, task: Task, func: Callable[..., Any], *args: Any) -> Iterator[Finished]:
        future = self._client.submit(func, *args, pure=False)
        self._tasks[future.key] = task
        self._ready.add(future)
        if len(self._tasks) >= self.window:
            yield self._take(next(self._ready))
        while self._ready.has_ready():
            yield self._take(next(self._ready))

    def wait(self) -> Iterator[Finished]:
        if not self._tasks:
            return
        yield self._take(next(self._ready))
        while self._ready.has_ready():
            yield self._take(next(self._ready))

    def _take(self, future: Any) -> Finished:
        task = self._tasks.pop(future.key)
        try:
            result = future.result()
        except NewsEventsError:
            raise
        except Exception as exc:
            if type(exc).__name__ == "KilledWorker":
                raise NewsEventsError(
                    f"Dask workers kept dying on a chunk ({exc})", target="engine",
                    hint="often out of memory: fewer workers or a smaller nlp.batch_size",
                ) from exc
            raise
        finally:
            future.release()
        return task, result

    def close(self) -> None:
        client, cluster = getattr(self, "_client", None), self._cluster
        self._client = None
        self._cluster = None
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
