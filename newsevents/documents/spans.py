"""Spans moved onto the text the user gave: applied once, where coded records are written.

The coder annotates a cleaned text (and, under the sentence focus, only some of
its sentences); the user sees their own text: the corpus line or the file as
given, or a page's extracted text. ``to_user_text`` moves every span of a coded
document (events, their mentions, triggers and actors, quotes and speakers,
places, actors) through one composed map (the document's cleaning map after the
focus map), and hands back the document holding the text those spans index.

A record's ``text`` that was the annotated text under its span becomes the
user's text under the new span, so ``text[start:end] == record.text`` holds for
places, quotes and actor mentions; evidence stays the readable sentence.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Actor, CodedDocument, Document, Event, Mention, Place, Quote, Span
from ..offsets import IDENTITY, OffsetMap


def published(document: Document) -> Document:
    """The document as records carry it: its text is the one spans index."""
    if document.original is None and document.offsets is None:
        return document
    return replace(document, text=document.user_text, original=None, offsets=None)


def to_user_text(
    coded: CodedDocument, annotated: str, view: OffsetMap = IDENTITY
) -> CodedDocument:
    """``coded``'s spans (offsets in ``annotated``, which ``view`` maps onto the
    document's text) moved onto the document's user text."""
    document = coded.document
    offsets = (document.offsets or IDENTITY).compose(view)
    if offsets.identity and annotated == document.user_text:
        return replace(coded, document=published(document))
    mover = _Mover(offsets, annotated, document.user_text)
    return replace(
        coded,
        document=published(document),
        events=tuple(mover.event(e) for e in coded.events),
        quotes=tuple(mover.quote(q) for q in coded.quotes),
        places=tuple(mover.place(p) for p in coded.places),
        actors=tuple(mover.actor(a) for a in coded.actors),
    )


class _Mover:
    def __init__(self, offsets: OffsetMap, annotated: str, user: str):
        self.offsets = offsets
        self.annotated = annotated
        self.user = user

    def span(self, span: Span) -> Span:
        return self.offsets.span(span)

    def tight(self, span: Span, text: str) -> Span:
        """The span without the spaces around it where the record's text left them out
        (a quote's text is stripped, its span was not)."""
        words = self.annotated[span[0] : span[1]]
        if words != text and words.strip() == text:
            start = span[0] + len(words) - len(words.lstrip())
            return (start, start + len(text))
        return span

    def text(self, old: Span, new: Span, text: str) -> str:
        """The user's words under the new span, where the record's text was its span's."""
        if self.annotated[old[0] : old[1]] == text:
            return self.user[new[0] : new[1]]
        return text

    def actor(self, a: Actor) -> Actor:
        if a.span is None:
            return a
        span = self.span(a.span)
        return replace(a, span=span, text=self.text(a.span, span, a.text))

    def _maybe(self, a: Actor | None) -> Actor | None:
        return None if a is None else self.actor(a)

    def event(self, e: Event) -> Event:
        return replace(
            e,
            char_span=self.span(e.char_span),
            trigger_span=self.span(e.trigger_span) if e.trigger_span else None,
            source=self._maybe(e.source),
            target=self._maybe(e.target),
            mention_list=tuple(self.mention(m) for m in e.mention_list),
        )

    def mention(self, m: Mention) -> Mention:
        return replace(m, char_span=self.span(m.char_span))

    def quote(self, q: Quote) -> Quote:
        old = self.tight(q.char_span, q.text)
        span = self.span(old)
        return replace(q, char_span=span, text=self.text(old, span, q.text),
                       speaker=self._maybe(q.speaker))

    def place(self, p: Place) -> Place:
        span = self.span(p.char_span)
        return replace(p, char_span=span, text=self.text(p.char_span, span, p.text))
