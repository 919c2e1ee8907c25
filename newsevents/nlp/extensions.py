"""Every custom attribute the project sets on spaCy objects, registered in one place."""

from __future__ import annotations

from spacy.tokens import Doc

_DOC_ATTRS: dict[str, object] = {
    "doc_id": "",
    "published": None,  # YYYY-MM-DD of the document, or None
    "actors": None,  # list[ActorMention]
    "places": None,  # list[Place]
    "dates": None,  # list[DateMention]
    "counts": None,  # list[CountMention]
    "quotes": None,  # list[QuoteMention]
    "dateline": None,  # (place text, char end) of a "KABUL (Reuters) -" dateline
}


def register() -> None:
    """Register the extensions; safe to call many times."""
    for name, default in _DOC_ATTRS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register()
