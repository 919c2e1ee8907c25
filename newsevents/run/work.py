"""The per-chunk work every runner does, and the interface runners share.

Two functions run where the work happens (in this process, in a pool
worker, on a Dask worker); their arguments and results pickle:

- ``prepare_chunk``: raw items -> documents (HTML extraction, cleaning, ids,
  language), a ``Rejection`` in place of each unusable item;
- ``code_chunk``: documents -> coded documents, with the process's ``Coder``
  (built once per process by ``coder_for``); a document the coder fails on
  becomes a ``Rejection``, so one bad article never loses its chunk.

Between the two, the process running the ingest decides what to code
(stored already? a copy?), in input order.

A ``Runner`` runs such calls, possibly out of order, with a bounded number
in flight. ``submit`` returns the calls finished so far and blocks only
while the window is full; ``wait`` blocks until at least one has finished.
Each call carries a ``Task`` tag, handed back with its result.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol

from ..config import Settings
from ..documents import make_document
from ..errors import InputError
from ..model import CodedDocument, Document, Item, Rejection
from . import coder_for

log = logging.getLogger(__name__)

Result = CodedDocument | Rejection
Done = list[tuple[str, Result]]  # (document id, its result), in the chunk's order
Task = tuple[str, int]  # ("prepare" | "code", sequence number)
Finished = tuple[Task, Any]
CODING_FAILED = InputError.code  # a document the coder could not handle is a bad input


def prepare_chunk(
    entries: Sequence[Item | Document | Rejection],
    settings: Settings,
    published: str | None = None,
) -> list[Document | Rejection]:
    """Documents from items, in order; rejections (the source's, or ours) in their place.

    Documents and rejections pass through as they are.
    """
    out: list[Document | Rejection] = []
    for entry in entries:
        if isinstance(entry, Document | Rejection):
            out.append(entry)
            continue
        try:
            out.append(make_document(entry, settings, published=published))
        except InputError as exc:
            out.append(Rejection(entry.origin, exc.message, exc.code))
    return out


def code_chunk(documents: Sequence[Document], settings: Settings) -> Done:
    """Code documents in this process: (document id, result) per document, in order.

    Errors loading the model or the codebook propagate (nothing can be coded);
    an error on one document is retried document by document so only that
    document becomes a Rejection.
    """
    coder = coder_for(settings)
    ids = [d.id for d in documents]
    try:
        return list(zip(ids, coder.code(documents), strict=True))
    except Exception as exc:
        if len(documents) == 1:
            return [(ids[0], _failed(documents[0], exc))]
        log.warning("coding a chunk of %d documents failed (%s): coding them one by one",
                    len(documents), type(exc).__name__)
    out: Done = []
    for document in documents:
        try:
            out.append((document.id, coder.code_one(document)))
        except Exception as exc:
            out.append((document.id, _failed(document, exc)))
    return out


def _failed(document: Document, exc: Exception) -> Rejection:
    origin = document.origin or document.id
    log.error("coding failed for %s", origin, exc_info=exc)
    detail = (f"{type(exc).__name__}: {exc}".splitlines() or ["error"])[0][:300]
    return Rejection(origin, f"coding failed: {detail}", CODING_FAILED)


def warm(settings: Settings) -> int:
    """Load this process's Coder now (a pool initializer, or ``client.run`` on Dask)."""
    coder_for(settings)
    return os.getpid()


class Runner(Protocol):
    """Where chunks are prepared and coded."""

    workers: int

    @property
    def in_flight(self) -> int:
        """Calls submitted and not yet handed back."""
        ...

    def submit(self, task: Task, func: Callable[..., Any], *args: Any) -> Iterator[Finished]:
        """Run ``func(*args)``; yield calls finished so far, waiting while the window is full."""
        ...

    def wait(self) -> Iterator[Finished]:
        """Yield finished calls, waiting for one if none has finished (none if none in flight)."""
        ...

    def close(self) -> None:
        """Stop the workers (idempotent)."""
        ...
