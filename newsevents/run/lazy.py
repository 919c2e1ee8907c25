"""A runner that starts its workers when the first call comes.

Starting a process pool or a Dask cluster loads the model in every worker: a
few seconds each. An ingest whose documents are all stored already makes no
call at all (run/ingest.py prepares stored items itself), so it should not
pay for workers it never uses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from .work import Finished, Runner, Task


class StartsWhenNeeded:
    """Wraps a runner factory; the runner is made on the first ``submit``."""

    def __init__(self, start: Callable[[], Runner], workers: int) -> None:
        self._start = start
        self._runner: Runner | None = None
        self.workers = workers  # the started runner's own count once there is one

    @property
    def started(self) -> bool:
        return self._runner is not None

    @property
    def in_flight(self) -> int:
        return self._runner.in_flight if self._runner is not None else 0

    def submit(self, task: Task, func: Callable[..., Any], *args: Any) -> Iterator[Finished]:
        if self._runner is None:
            self._runner = self._start()
            self.workers = self._runner.workers
        return self._runner.submit(task, func, *args)

    def wait(self) -> Iterator[Finished]:
        return self._runner.wait() if self._runner is not None else iter(())

    def worker_pids(self) -> Any:
        """The started runner's worker processes (for memory measurements); none before."""
        return getattr(self._runner, "worker_pids", list)()

    def close(self) -> None:
        if self._runner is not None:
            self._runner.close()
