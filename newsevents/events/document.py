"""One annotated document in, its coded record out: events, quotes, places, actors."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from ..codebook import Codebook
from ..codebook.patterns import PatternSet
from ..model import Actor, CodedDocument, Document, Event, Quote
from ..nlp.extensions import sentence_of
from ..nlp.records import QuoteMention
from .acled import AcledClassifier
from .attach import LocationChooser
from .coder import Candidate, Trace, find_candidates
from .detect import fits, gated, learned_candidates, one_act
from .learned import EventClassifier, Prediction
from .within import Draft, attach_all, framed_once, merge, to_event, unusable


def _quote(doc_id: str, q: QuoteMention) -> Quote:
    return Quote(
        doc_id=doc_id,
        text=q.text,
        char_span=(q.start_char, q.end_char),
        speaker=q.speaker.actor if q.speaker is not None else None,
        speaker_text=q.speaker_text,
        verb=q.verb,
        kind=q.kind,
    )


def _actors(doc: Doc) -> tuple[Actor, ...]:
    """Distinct actors met in the text, first mention of each."""
    seen: dict[tuple[str | None, str | None, str | None], Actor] = {}
    for m in doc._.actors or []:
        a = m.actor
        if not (a.code or a.name):
            continue
        key = (a.code, a.name, a.kind if a.name is None else None)
        seen.setdefault(key, a)
    return tuple(seen.values())


def _confirm(
    candidates: list[Candidate],
    predictions: dict[int, Prediction],
    threshold: float,
    codebook: Codebook,
) -> list[Candidate]:
    """A pattern's event in a sentence the classifier reads as an event of the same kind
    is confirmed: it may stand with nobody named."""
    for c in candidates:
        p = predictions.get(sentence_of(c.trigger).start)
        if p is not None and p.event_probability >= threshold and fits(
            p.event_label, c.code, codebook
        ):
            c.learned = p.event_label
    return candidates


@dataclass
class FirstPass:
    """What the patterns find in a document, and the sentences the classifier is to read.

    The classifier's reading of those sentences needs no parse, so a runner may have it
    done in another process while the next documents are parsed (run/__init__.py,
    nlp/reader.py); the rest of the coding waits for it (``code_drafts(first=...,
    readings=...)``)."""

    candidates: list[Candidate] = field(default_factory=list)
    to_read: list[Span] = field(default_factory=list)

    def texts(self) -> list[str]:
        return [s.text.strip() for s in self.to_read]


def first_pass(
    doc: Doc,
    *,
    codebook: Codebook,
    patterns: PatternSet,
    acled: AcledClassifier | None = None,
    learned: EventClassifier | None = None,
    trace: Trace | None = None,
) -> FirstPass:
    actors = doc._.resolver
    if actors is None:
        return FirstPass()
    candidates = find_candidates(doc, actors, patterns, codebook, trace=trace)
    read = gated(doc, candidates, acled) if learned is not None and acled is not None else []
    return FirstPass(candidates, read)


def code_drafts(
    doc: Doc,
    *,
    doc_id: str,
    published: str | None,
    codebook: Codebook,
    patterns: PatternSet,
    chooser: LocationChooser | None,
    window_days: int = 3,
    outlet: str | None = None,
    acled: AcledClassifier | None = None,
    learned: EventClassifier | None = None,
    threshold: float = 0.5,
    trace: Trace | None = None,
    first: FirstPass | None = None,
    readings: list[Prediction] | None = None,
) -> list[tuple[Draft, Event]]:
    """The events of an annotated document, each with the mentions merged into it.
    ``newsevents code`` and ``newsevents explain`` both come here, so that what explain
    shows is what code writes; ``trace`` hears why each pattern hit was or was not kept.
    ``first`` and ``readings`` are the first pass and the classifier's readings of its
    sentences where the caller has them already; they are made here otherwise."""
    if first is None:
        first = first_pass(
            doc, codebook=codebook, patterns=patterns, acled=acled, learned=learned, trace=trace
        )
    actors = doc._.resolver
    candidates = first.candidates
    predictions: dict[int, Prediction] = {}
    if learned is not None and acled is not None and actors is not None:
        if readings is None:
            readings = learned.predict(first.texts())
        predictions = {s.start: p for s, p in zip(first.to_read, readings, strict=True)}
        candidates = _confirm(candidates, predictions, threshold, codebook) + learned_candidates(
            doc, predictions, candidates, actors, patterns, codebook, acled, threshold
        )
        labels = {
            s: p.event_label for s, p in predictions.items() if p.event_probability >= threshold
        }
        candidates = one_act(candidates, labels, codebook)
    candidates = framed_once(candidates, trace)
    if trace is not None:
        for c in candidates:
            why = unusable(c)
            if why is not None:
                trace(c.trigger, f"dropped: {why}")
    mentioned = attach_all(doc, candidates, patterns, chooser, published)
    return [
        (d, to_event(d, doc, codebook, doc_id, published, outlet, acled, predictions))
        for d in merge(mentioned, window_days)
    ]


def code_doc(
    document: Document,
    doc: Doc,
    *,
    codebook: Codebook,
    patterns: PatternSet,
    chooser: LocationChooser | None,
    window_days: int = 3,
    acled: AcledClassifier | None = None,
    learned: EventClassifier | None = None,
    threshold: float = 0.5,
    first: FirstPass | None = None,
    readings: list[Prediction] | None = None,
) -> CodedDocument:
    drafts = code_drafts(
        doc,
        doc_id=document.id,
        published=document.published,
        codebook=codebook,
        patterns=patterns,
        chooser=chooser,
        window_days=window_days,
        outlet=document.outlet,
        acled=acled,
        learned=learned,
        threshold=threshold,
        first=first,
        readings=readings,
    )
    quotes = tuple(_quote(document.id, q) for q in doc._.quotes or [])
    places = tuple(doc._.places or [])
    return CodedDocument(
        document=document,
        events=tuple(e for _, e in drafts),
        quotes=quotes,
        places=places,
        actors=_actors(doc),
    )
