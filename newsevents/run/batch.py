"""A batch in process: inputs -> documents -> coded documents, rejections reported.

Bad inputs become ``Rejection`` records in the stream, in their place; the
batch goes on past them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from ..config import Settings
from ..documents import make_document
from ..errors import InputError
from ..model import CodedDocument, Document, Rejection
from ..sources import iter_items
from . import ALL_OUTPUTS, coder_for


@dataclass
class Summary:
    documents: int = 0
    coded: int = 0
    events: int = 0
    quotes: int = 0
    skipped: int = 0
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 all done, 1 some inputs rejected, 2 nothing usable."""
        if not self.rejected:
            return 0
        return 1 if self.documents else 2

    def add(self, coded: CodedDocument) -> None:
        self.documents += 1
        if coded.notes and not coded.events and any(n.startswith("skipped") for n in coded.notes):
            self.skipped += 1
        else:
            self.coded += 1
        self.events += len(coded.events)
        self.quotes += len(coded.quotes)


def read_documents(
    inputs: Sequence[str], settings: Settings, *, published: str | None = None
) -> Iterator[Document | Rejection]:
    for item in iter_items(inputs, settings):
        if isinstance(item, Rejection):
            yield item
            continue
        try:
            yield make_document(item, settings, published=published)
        except InputError as exc:
            yield Rejection(item.origin, exc.message, exc.code)


def code_stream(
    stream: Iterable[Document | Rejection],
    settings: Settings,
    *,
    outputs: frozenset[str] = ALL_OUTPUTS,
) -> Iterator[CodedDocument | Rejection]:
    """Code the documents of a stream, passing rejections through in order."""
    coder = coder_for(settings)
    # one call to the coder for the whole stream, so that its batches overlap (the
    # parse of one with the classifier's reading of the one before); a rejection waits
    # for the document before it and comes out in its place
    held: deque[tuple[int, Rejection]] = deque()  # (documents before it, the rejection)
    seen = 0

    def documents() -> Iterator[Document]:
        nonlocal seen
        for entry in stream:
            if isinstance(entry, Rejection):
                held.append((seen, entry))
            else:
                seen += 1
                yield entry

    for done, coded in enumerate(coder.code(documents(), outputs=outputs)):
        while held and held[0][0] <= done:
            yield held.popleft()[1]
        yield coded
    while held:
        yield held.popleft()[1]


def code_inputs(
    inputs: Sequence[str],
    settings: Settings,
    *,
    published: str | None = None,
    outputs: frozenset[str] = ALL_OUTPUTS,
) -> Iterator[CodedDocument | Rejection]:
    stream = read_documents(inputs, settings, published=published)
    return code_stream(stream, settings, outputs=outputs)
