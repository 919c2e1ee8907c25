"""What a run has seen: ids, near-duplicate signatures, recent originals' events.

A stream has no end, so nothing here grows with it: ids and MinHash
signatures are kept for the last ``window`` documents in two generations
(the current one, and the one before it, dropped when the current one
fills), so a syndicated copy is recognised when it arrives within one to
two windows of its original; an older exact copy is still marked by the
store, which compares content hashes. The events of recently coded
documents are kept in a small LRU so that a copy can reuse them without a
store lookup.

A copy is not coded again: its events are the original's, re-identified
for the copy (their own ids, the copy's document id, outlet and
publication date), so the store counts the copy as one more article from
its outlet, as it does any reprint (docs/store.md, "Duplicates").
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from ..documents import DuplicateIndex
from ..documents.spans import published
from ..model import CodedDocument, Count, Document, Event, Mention

DEFAULT_WINDOW = 10_000  # documents per generation
RECENT_EVENTS = 2_048  # originals whose events stay in memory


@dataclass
class _Generation:
    index: DuplicateIndex = field(default_factory=DuplicateIndex)
    ids: set[str] = field(default_factory=set)


class Seen:
    """Ids and near-duplicate signatures of the last one to two windows of documents."""

    def __init__(self, window: int = DEFAULT_WINDOW, recent_events: int = RECENT_EVENTS) -> None:
        if window < 1:
            raise ValueError("window must be at least 1")
        self.window = window
        self._old: _Generation | None = None
        self._new = _Generation()
        self._events: OrderedDict[str, tuple[Event, ...]] = OrderedDict()
        self._events_cap = recent_events
        self._later: list[tuple[_Generation, Document]] = []  # signatures not yet computed

    def _generations(self) -> list[_Generation]:
        return [g for g in (self._old, self._new) if g is not None]

    def has_id(self, doc_id: str) -> bool:
        return any(doc_id in g.ids for g in self._generations())

    def duplicate_of(self, doc: Document) -> str | None:
        """The earliest remembered document this one repeats, if any."""
        self._index_later_ones()
        for generation in self._generations():  # oldest first: the earliest original wins
            earlier = generation.index.check(doc)
            if earlier is not None:
                return earlier
        return None

    def add(self, doc: Document, *, index_now: bool = True) -> None:
        """Remember a document; ``index_now=False`` puts off computing its signature
        until a later document is compared (an ingest of stored documents never is)."""
        if index_now:
            self._index_later_ones()
            self._new.index.add(doc)
        else:
            self._later.append((self._new, doc))
        self._new.ids.add(doc.id)
        if len(self._new.ids) >= self.window:
            self._old, self._new = self._new, _Generation()
            # signatures put off for the generation just dropped are never needed
            self._later = [(g, d) for g, d in self._later if g is self._old]

    def _index_later_ones(self) -> None:
        later, self._later = self._later, []
        for generation, doc in later:  # in the order they came, as add would have
            generation.index.add(doc)

    def remember(self, doc_id: str, events: Sequence[Event]) -> None:
        self._events[doc_id] = tuple(events)
        self._events.move_to_end(doc_id)
        while len(self._events) > self._events_cap:
            self._events.popitem(last=False)

    def events_of(self, doc_id: str) -> tuple[Event, ...] | None:
        return self._events.get(doc_id)


def copy_id(copy_doc_id: str, event_id: str) -> str:
    raw = f"{copy_doc_id}|copy|{event_id}"
    return "ev-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def _shift(span: tuple[int, int] | None, delta: int) -> tuple[int, int] | None:
    return None if span is None else (span[0] + delta, span[1] + delta)


def _count(c: Count, doc_id: str) -> Count:
    return replace(c, doc_id=doc_id) if c.doc_id is not None else c


def _find(copy: Document, sentence: str) -> int:
    """Where the sentence starts in the copy's user text (spans index that text; the
    sentence is found in the clean text it was read from), or -1."""
    at = copy.text.find(sentence) if sentence else -1
    if at < 0 or copy.offsets is None:
        return at
    return copy.offsets.start(at)


def copy_event(event: Event, copy: Document) -> Event:
    """The original's event as reported by the copy.

    Offsets are moved to where the evidence sentence sits in the copy's text
    (a near copy may have gained or lost a sentence before it); when the
    copy does not contain the sentence they are kept as they were.
    """
    start = _find(copy, event.evidence)
    delta = start - event.char_span[0] if start >= 0 else 0
    mentions = []
    for m in event.mention_list:
        at = _find(copy, m.evidence)
        m_delta = at - m.char_span[0] if at >= 0 else 0
        mentions.append(Mention(
            doc_id=copy.id, evidence=m.evidence, char_span=_shift(m.char_span, m_delta)
            or m.char_span, rule=m.rule, outlet=copy.outlet, published=copy.published,
        ))
    return replace(
        event,
        event_id=copy_id(copy.id, event.event_id),
        doc_id=copy.id,
        char_span=_shift(event.char_span, delta) or event.char_span,
        trigger_span=_shift(event.trigger_span, delta),
        mention_list=tuple(mentions),
        counts={k: _count(c, copy.id) for k, c in event.counts.items()},
        count_figures={k: tuple(_count(c, copy.id) for c in v)
                       for k, v in event.count_figures.items()},
    )


def coded_copy(copy: Document, original_id: str, events: Iterable[Event]) -> CodedDocument:
    """A copy's record: the document (``duplicate_of`` set) and the original's events."""
    doc = copy if copy.duplicate_of == original_id else replace(copy, duplicate_of=original_id)
    return CodedDocument(
        document=published(doc),
        events=tuple(copy_event(e, doc) for e in events),
        notes=(f"duplicate of {original_id}: events taken from it, not coded again",),
    )
