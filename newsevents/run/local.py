"""The in-process runner: each call runs as it is submitted."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..config import Settings
from .work import Finished, Task


class LocalRunner:
    """Runs every call at once, in this process; nothing is ever in flight."""

    workers = 1
    in_flight = 0

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def submit(self, task: Task, func: Callable[..., Any], *args: Any) -> Iterator[Finished]:
        yield task, func(*args)

    def wait(self) -> Iterator[Finished]:
        return iter(())

    def close(self) -> None:
        """Nothing to stop."""
