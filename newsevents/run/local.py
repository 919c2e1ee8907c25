"""The in-process runner: chunks are coded here, one after another."""

from __future__ import annotations

from collections.abc import Iterator

from ..config import Settings
from ..model import Document
from .work import Done, code_chunk


class LocalRunner:
    """Codes each chunk as it is submitted; nothing is ever in flight."""

    workers = 1

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def submit(self, chunk: list[Document]) -> Iterator[Done]:
        yield code_chunk(chunk, self.settings)

    def drain(self) -> Iterator[Done]:
        return iter(())

    def close(self) -> None:
        """Nothing to stop."""
