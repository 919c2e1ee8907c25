"""The records that pass between the steps of the data flow.

sources -> documents -> annotations -> events -> store -> query -> views

Every record is a frozen dataclass with ``to_dict`` (plain JSON types) and
``from_dict``. Nothing here does I/O; this module imports nothing from the
package but the offset map (itself a leaf), so every step can import it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, Literal, TypeVar

from .offsets import OffsetMap

Span = tuple[int, int]

ItemKind = Literal["text", "html"]
Precision = Literal["day", "week", "month", "year"]
Modality = Literal[
    "asserted", "negated", "intended", "threatened", "hypothetical", "claimed", "denied"
]
MODALITIES: tuple[str, ...] = (
    "asserted",
    "negated",
    "intended",
    "threatened",
    "hypothetical",
    "claimed",
    "denied",
)

T = TypeVar("T")


def _span(value: Any) -> Span | None:
    if value is None:
        return None
    start, end = value
    return (int(start), int(end))


@dataclass(frozen=True, slots=True)
class Item:
    """A raw item as a source yields it, before any cleaning.

    ``origin`` names where it came from precisely enough for an error
    message: a path, ``path:line``, a URL, a WARC record.
    """

    origin: str
    content: str
    kind: ItemKind = "text"
    id: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    language: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Rejection:
    """An input that could not be used, and why. Batches report these and go on."""

    origin: str
    reason: str
    code: str = "EV200"

    def to_dict(self) -> dict[str, Any]:
        return {"origin": self.origin, "reason": self.reason, "code": self.code}

    def __str__(self) -> str:
        return f"[{self.code}] {self.origin}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Document:
    """Clean article text with its metadata; ``id`` is stable for the same content.

    ``text`` is the text to annotate. Where cleaning changed the text a user gave
    (a text file, a corpus line), ``original`` keeps that text and ``offsets`` maps
    positions in ``text`` back onto it; the coder moves every span it writes there,
    and the coded record's document holds the text its spans index (``user_text``).
    For pages, feeds and archives the extracted text is what the user gets
    (``--documents-out``, the store), so it is ``text`` itself.
    """

    id: str
    text: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    language: str = "en"
    extraction: str = "text"
    origin: str = ""
    content_hash: str = ""
    duplicate_of: str | None = None
    meta: Mapping[str, Any] = field(default_factory=dict)
    original: str | None = None
    offsets: OffsetMap | None = None

    @property
    def user_text(self) -> str:
        """The text as the user gave it (or as extracted from a page): what spans index."""
        return self.original if self.original is not None else self.text

    def to_dict(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["meta"] = dict(self.meta)
        # a coded record's document has neither (its text is the user's): leave them out
        if self.original is None:
            del out["original"]
        if self.offsets is None:
            del out["offsets"]
        else:
            out["offsets"] = [list(r) for r in self.offsets.runs]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Document:
        data = dict(data)
        runs = data.get("offsets")
        data["offsets"] = (
            OffsetMap((int(a), int(b), int(c), int(d), bool(e)) for a, b, c, d, e in runs)
            if runs else None
        )
        return _build(cls, data)


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor as coded: who it is, and the words that named it."""

    name: str | None = None
    text: str = ""
    country: str | None = None
    agent: str | None = None
    group: str | None = None
    code: str | None = None
    kind: str = "unknown"
    span: Span | None = None
    entry: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "text": self.text,
            "country": self.country,
            "agent": self.agent,
            "group": self.group,
            "code": self.code,
            "kind": self.kind,
            "span": list(self.span) if self.span else None,
            "entry": self.entry,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Actor:
        data = dict(data)
        data["span"] = _span(data.get("span"))
        return _build(cls, data)


@dataclass(frozen=True, slots=True)
class Place:
    """A place mention in a document, resolved to a GeoNames entry where possible.

    ``role`` is ``"place"`` for a location and ``"demonym"`` for adjectives
    such as "Afghan" that name a country but are not where anything happened.
    ``name`` and ``geonameid`` are GeoNames' own; ``point`` says whose ``lat`` and
    ``lon`` are: ``geonames`` (GeoNames' point for that id) or ``derived`` (the
    installed data has none: ours, from the towns of a country or region, or the
    town a landmark stands in).
    """

    doc_id: str
    text: str
    char_span: Span
    name: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None
    feature: str | None = None
    role: str = "place"
    confidence: float = 0.0
    point: str | None = None  # geonames | derived; None without a point

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["char_span"] = list(self.char_span)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Place:
        data = dict(data)
        data["char_span"] = _span(data["char_span"])
        return _build(cls, data)


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event happened."""

    name: str | None = None
    admin1: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature: str | None = None
    text: str | None = None
    point: str | None = None  # geonames | derived, as for Place

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Location:
        return _build(cls, data)

    @classmethod
    def from_place(cls, place: Place) -> Location:
        return cls(
            name=place.name,
            admin1=place.admin1,
            country=place.country,
            lat=place.lat,
            lon=place.lon,
            geonameid=place.geonameid,
            feature=place.feature,
            text=place.text,
            point=place.point,
        )


@dataclass(frozen=True, slots=True)
class EventDate:
    """A date with its precision; ``source`` says whether the text gave it."""

    value: str
    precision: Precision = "day"
    text: str | None = None
    source: str = "text"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EventDate:
        return _build(cls, data)


@dataclass(frozen=True, slots=True)
class Count:
    """A reported figure (killed, injured, troops...), with who gave it."""

    min: float | None
    max: float | None
    text: str
    reported_by: str | None = None
    doc_id: str | None = None
    vague: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Count:
        return _build(cls, data)


@dataclass(frozen=True, slots=True)
class Quote:
    """Direct speech with its speaker."""

    doc_id: str
    text: str
    char_span: Span
    speaker: Actor | None = None
    speaker_text: str | None = None
    verb: str | None = None
    kind: str = "direct"  # direct | partial

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "text": self.text,
            "char_span": list(self.char_span),
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "speaker_text": self.speaker_text,
            "verb": self.verb,
            "kind": self.kind,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Quote:
        data = dict(data)
        data["char_span"] = _span(data["char_span"])
        if data.get("speaker"):
            data["speaker"] = Actor.from_dict(data["speaker"])
        return _build(cls, data)


@dataclass(frozen=True, slots=True)
class Mention:
    """One report of an event: the sentence that says so, in one document."""

    doc_id: str
    evidence: str
    char_span: Span
    rule: str = ""
    outlet: str | None = None
    published: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["char_span"] = list(self.char_span)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Mention:
        data = dict(data)
        data["char_span"] = _span(data["char_span"])
        return _build(cls, data)


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event: who did what to whom, when, where, how many, who says so."""

    event_id: str
    doc_id: str
    evidence: str
    char_span: Span
    source: Actor | None
    target: Actor | None
    cameo: str
    cameo_root: str
    goldstein: float | None
    quad_class: int
    plover: Mapping[str, str | None]
    acled: Mapping[str, str] | None = None
    date: EventDate | None = None
    location: Location | None = None
    counts: Mapping[str, Count] = field(default_factory=dict)
    modality: str = "asserted"
    claimed_by: str | None = None
    reported_by: str | None = None
    mentions: int = 1
    mention_list: tuple[Mention, ...] = ()
    confidence: float = 0.5
    rule: str = ""
    trigger: str | None = None
    count_figures: Mapping[str, tuple[Count, ...]] = field(default_factory=dict)
    trigger_span: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "evidence": self.evidence,
            "char_span": list(self.char_span),
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "cameo": self.cameo,
            "cameo_root": self.cameo_root,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "plover": dict(self.plover),
            "acled": dict(self.acled) if self.acled else None,
            "date": self.date.to_dict() if self.date else None,
            "location": self.location.to_dict() if self.location else None,
            "counts": {k: v.to_dict() for k, v in self.counts.items()},
            "modality": self.modality,
            "claimed_by": self.claimed_by,
            "reported_by": self.reported_by,
            "mentions": self.mentions,
            "mention_list": [m.to_dict() for m in self.mention_list],
            "confidence": self.confidence,
            "rule": self.rule,
            "trigger": self.trigger,
            "count_figures": {k: [c.to_dict() for c in v] for k, v in self.count_figures.items()},
            "trigger_span": list(self.trigger_span) if self.trigger_span else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Event:
        d = dict(data)
        d["char_span"] = _span(d["char_span"])
        d["source"] = Actor.from_dict(d["source"]) if d.get("source") else None
        d["target"] = Actor.from_dict(d["target"]) if d.get("target") else None
        d["date"] = EventDate.from_dict(d["date"]) if d.get("date") else None
        d["location"] = Location.from_dict(d["location"]) if d.get("location") else None
        d["counts"] = {k: Count.from_dict(v) for k, v in (d.get("counts") or {}).items()}
        d["mention_list"] = tuple(Mention.from_dict(m) for m in d.get("mention_list") or ())
        d["trigger_span"] = _span(d.get("trigger_span"))
        d["count_figures"] = {
            k: tuple(Count.from_dict(c) for c in v)
            for k, v in (d.get("count_figures") or {}).items()
        }
        return _build(cls, d)

    def evolve(self, **changes: Any) -> Event:
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class CodedDocument:
    """Everything the per-document work produces for one document."""

    document: Document
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    places: tuple[Place, ...] = ()
    actors: tuple[Actor, ...] = ()
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document.to_dict(),
            "events": [e.to_dict() for e in self.events],
            "quotes": [q.to_dict() for q in self.quotes],
            "places": [p.to_dict() for p in self.places],
            "actors": [a.to_dict() for a in self.actors],
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CodedDocument:
        return cls(
            document=Document.from_dict(data["document"]),
            events=tuple(Event.from_dict(e) for e in data.get("events", ())),
            quotes=tuple(Quote.from_dict(q) for q in data.get("quotes", ())),
            places=tuple(Place.from_dict(p) for p in data.get("places", ())),
            actors=tuple(Actor.from_dict(a) for a in data.get("actors", ())),
            notes=tuple(data.get("notes", ())),
        )


def _build(cls: type[T], data: Mapping[str, Any]) -> T:
    """Build a record from a mapping, ignoring keys the record does not have.

    Unknown keys are ignored so that files written by a newer version still load.
    """
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in data.items() if k in names})
