"""Every custom attribute the project sets on spaCy objects, registered in one place."""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span, Token

_DOC_ATTRS: dict[str, object] = {
    "doc_id": "",
    "published": None,  # YYYY-MM-DD of the document, or None
    "url": None,  # the document's address, when it has one
    "actors": None,  # list[ActorMention]
    "places": None,  # list[Place]
    "dates": None,  # list[DateMention]
    "counts": None,  # list[CountMention]
    "quotes": None,  # list[QuoteMention]
    "dateline": None,  # documents.dateline.Dateline of "KABUL (Reuters) -", or None
}


def register() -> None:
    """Register the extensions; safe to call many times."""
    for name, default in _DOC_ATTRS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register()


def sentence_of(token: Token) -> Span:
    """The sentence a token is in, from a per-document index built once.

    ``Token.sent`` walks the document on every call; the coder asks often.
    """
    doc = token.doc
    index = doc.user_data.get("newsevents.sentences")
    if index is None:
        sents = list(doc.sents)
        index = (sents, [s.start for s in sents])
        doc.user_data["newsevents.sentences"] = index
    sents, starts = index
    return sents[bisect.bisect_right(starts, token.i) - 1]


def sentences(doc: Doc) -> list[Span]:
    if doc.user_data.get("newsevents.sentences") is None and len(doc):
        sentence_of(doc[0])
    found = doc.user_data.get("newsevents.sentences")
    return list(found[0]) if found else []


def doc_text(doc: Doc) -> str:
    """The document's text, built once: ``Doc.text`` joins every token on each call."""
    text = doc.user_data.get("newsevents.text")
    if text is None:
        text = doc.text
        doc.user_data["newsevents.text"] = text
    return str(text)
