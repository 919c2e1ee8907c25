"""The per-chunk work every runner does, and the interface runners share.

``code_chunk`` is the one function that runs where the work happens: in
this process, in a pool worker or on a Dask worker. It takes a list of
documents and the settings (both pickle), codes them with the process's
``Coder`` (built once per process by ``coder_for``) and returns one result
per document: a ``CodedDocument``, or a ``Rejection`` for a document the
coder failed on, so one bad article never loses its chunk.

A ``Runner`` takes chunks and hands back finished chunks, possibly out of
order, keeping a bounded number in flight: ``submit`` returns what has
finished so far and blocks only while the window is full.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import Protocol

from ..config import Settings
from ..errors import InputError
from ..model import CodedDocument, Document, Rejection
from . import coder_for

log = logging.getLogger(__name__)

Result = CodedDocument | Rejection
Done = list[tuple[str, Result]]  # (document id, its result), in the chunk's order
CODING_FAILED = InputError.code  # a document the coder could not handle is a bad input


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
    import os

    coder_for(settings)
    return os.getpid()


class Runner(Protocol):
    """Where chunks of documents are coded."""

    workers: int

    def submit(self, chunk: list[Document]) -> Iterator[Done]:
        """Queue a chunk; yield chunks finished so far, waiting while the window is full."""
        ...

    def drain(self) -> Iterator[Done]:
        """Yield every chunk still in flight as it finishes."""
        ...

    def close(self) -> None:
        """Stop the workers (idempotent)."""
        ...
