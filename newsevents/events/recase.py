"""Records of a recased document quote the user's own text again.

A story in capitals or lower case is parsed recased (nlp/truecase.py): the letters
change case and nothing moves, so each record's span still points at the same
characters of the user's text. ``restore`` puts the user's characters back into every
text field that has a span: evidence, mentions, actor and speaker words, quotes, places.
"""

from __future__ import annotations

from dataclasses import replace

from ..model import Actor, CodedDocument, Event, Location, Mention, Place, Quote


def _slice(original: str, span: tuple[int, int] | None, fallback: str) -> str:
    if span is None:
        return fallback
    start, end = span
    piece = original[start:end]
    # only a true recasing is undone: the same letters, another case
    return piece if piece.lower() == fallback.lower() else fallback


def _actor(original: str, actor: Actor | None) -> Actor | None:
    if actor is None or actor.span is None:
        return actor
    return replace(actor, text=_slice(original, actor.span, actor.text))


def _mention(original: str, m: Mention) -> Mention:
    return replace(m, evidence=_slice(original, m.char_span, m.evidence))


def _location(original: str, loc: Location | None, places: dict[str, str]) -> Location | None:
    if loc is None or not loc.text:
        return loc
    return replace(loc, text=places.get(loc.text, loc.text))


def _event(original: str, e: Event, places: dict[str, str]) -> Event:
    return replace(
        e,
        evidence=_slice(original, e.char_span, e.evidence),
        source=_actor(original, e.source),
        target=_actor(original, e.target),
        mention_list=tuple(_mention(original, m) for m in e.mention_list),
        location=_location(original, e.location, places),
        trigger=_slice(original, e.trigger_span, e.trigger) if e.trigger else e.trigger,
    )


def _quote(original: str, q: Quote) -> Quote:
    text = _slice(original, q.char_span, q.text)
    return replace(q, text=text, speaker=_actor(original, q.speaker))


def _place(original: str, p: Place) -> Place:
    return replace(p, text=_slice(original, p.char_span, p.text))


def restore(coded: CodedDocument, original: str) -> CodedDocument:
    """``coded`` with the user's characters in every text field that has a span."""
    places = tuple(_place(original, p) for p in coded.places)
    by_text = {old.text: new.text for old, new in zip(coded.places, places, strict=True)}
    return replace(
        coded,
        events=tuple(_event(original, e, by_text) for e in coded.events),
        quotes=tuple(_quote(original, q) for q in coded.quotes),
        places=places,
        actors=tuple(a for a in (_actor(original, a) for a in coded.actors) if a is not None),
    )
