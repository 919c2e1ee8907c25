"""Hand-built records for store, merge and query tests (no model needed)."""

from __future__ import annotations

import hashlib
from typing import Any

from newsevents.model import (
    Actor,
    CodedDocument,
    Count,
    Document,
    Event,
    EventDate,
    Location,
    Mention,
    Place,
    Quote,
)

TALIBAN = Actor(name="Taliban", text="the Taliban", country="AFG", agent="INS", group="TAL",
                code="AFGINSTAL", kind="group")
AFG_SPY = Actor(name="Afghan intelligence", text="an Afghan intelligence base", country="AFG",
                agent="SPY", code="AFGSPY", kind="organisation")
US_ENVOY = Actor(name="Zalmay Khalilzad", text="Khalilzad", country="USA", agent="GOV",
                 code="USAGOV", kind="person")
US_GOV = Actor(name=None, text="Washington", country="USA", agent="GOV", code="USAGOV",
               kind="country")
CHN_GOV = Actor(name=None, text="Beijing", country="CHN", agent="GOV", code="CHNGOV",
                kind="country")
WARDAK = Location(name="Wardak", admin1="40", country="AFG", lat=34.25, lon=68.0,
                  geonameid=1120985, feature="admin1", text="Wardak province")
MAIDAN = Location(name="Maidan Shahr", admin1="40", country="AFG", lat=34.39, lon=68.87,
                  geonameid=1138957, feature="city", text="Maidan Shahr")
KABUL = Location(name="Kabul", admin1="13", country="AFG", lat=34.53, lon=69.17,
                 geonameid=1138958, feature="city", text="Kabul")
DOHA = Location(name="Doha", admin1="01", country="QAT", lat=25.29, lon=51.53,
                geonameid=290030, feature="city", text="Doha")

CAMEO = {
    "04": (1.0, 1, "CONSULT", None, None),
    "040": (1.0, 1, "CONSULT", None, None),
    "042": (1.9, 1, "CONSULT", "visit", None),
    "043": (2.8, 1, "CONSULT", "visit", None),
    "057": (8.0, 1, "AGREE", None, None),
    "06": (6.0, 2, "COOPERATE", None, None),
    "18": (-9.0, 4, "ASSAULT", None, ("Violence against civilians", "Attack")),
    "180": (-9.0, 4, "ASSAULT", None, ("Violence against civilians", "Attack")),
    "183": (-10.0, 4, "ASSAULT", "bomb",
            ("Explosions/Remote violence", "Suicide bomb")),
    "190": (-10.0, 4, "ASSAULT", None, ("Battles", "Armed clash")),
    "145": (-7.5, 3, "PROTEST", "demonstrate", ("Protests", "Peaceful protest")),
    "173": (-5.0, 4, "COERCE", "arrest", ("Strategic developments", "Arrests")),
}


def event_id(doc_id: str, tag: str) -> str:
    return "ev-" + hashlib.sha1(f"{doc_id}|{tag}".encode()).hexdigest()[:16]


def make_event(
    doc_id: str,
    *,
    tag: str = "e",
    source: Actor | None = TALIBAN,
    target: Actor | None = AFG_SPY,
    cameo: str = "18",
    day: str | None = "2019-01-22",
    precision: str = "day",
    location: Location | None = WARDAK,
    killed: float | None = None,
    evidence: str = "The Taliban attacked an Afghan intelligence base in Wardak province.",
    mentions: int = 1,
    outlet: str | None = None,
    published: str | None = "2019-01-23",
    modality: str = "asserted",
    reported_by: str | None = None,
    confidence: float = 0.7,
) -> Event:
    goldstein, quad, ptype, pmode, acled = CAMEO.get(cameo, (None, 1, None, None, None))
    counts: dict[str, Count] = {}
    if killed is not None:
        counts["killed"] = Count(min=killed, max=None, text=f"at least {int(killed)}",
                                 reported_by=reported_by, doc_id=doc_id)
    mention_list = tuple(
        Mention(doc_id=doc_id, evidence=evidence if i == 0 else f"{evidence} ({i})",
                char_span=(100 * i, 100 * i + len(evidence)), rule="verb:test",
                outlet=outlet, published=published)
        for i in range(mentions)
    )
    return Event(
        event_id=event_id(doc_id, tag),
        doc_id=doc_id,
        evidence=evidence,
        char_span=(0, len(evidence)),
        source=source,
        target=target,
        cameo=cameo,
        cameo_root=cameo[:2],
        goldstein=goldstein,
        quad_class=quad,
        plover={"type": ptype, "mode": pmode},
        acled={"event_type": acled[0], "sub_event_type": acled[1]} if acled else None,
        date=EventDate(day, precision, "on Tuesday", "text") if day else None,  # type: ignore[arg-type]
        location=location,
        counts=counts,
        modality=modality,
        reported_by=reported_by,
        mentions=mentions,
        mention_list=mention_list,
        confidence=confidence,
        rule="verb:test",
        trigger="attacked",
    )


def make_doc(
    doc_id: str,
    *,
    outlet: str | None = "example.com",
    published: str | None = "2019-01-23",
    text: str | None = None,
    content_hash: str | None = None,
    url: str | None = None,
    title: str | None = None,
) -> Document:
    body = text if text is not None else f"Body of {doc_id}. The Taliban attacked a base."
    return Document(
        id=doc_id,
        text=body,
        title=title or f"Title {doc_id}",
        published=published,
        outlet=outlet,
        url=url or f"https://{outlet or 'unknown.invalid'}/{doc_id}",
        content_hash=content_hash or hashlib.sha1(body.encode("utf-8", "replace")).hexdigest(),
    )


def coded(
    doc: Document, events: list[Event] | tuple[Event, ...] = (), **extra: Any
) -> CodedDocument:
    quotes = extra.pop("quotes", ())
    places = extra.pop("places", ())
    actors = extra.pop("actors", ())
    return CodedDocument(document=doc, events=tuple(events), quotes=tuple(quotes),
                         places=tuple(places), actors=tuple(actors))


def wardak_reports() -> list[CodedDocument]:
    """Three outlets report one attack; two say 65 killed, one says 70."""
    out = []
    for doc_id, outlet, killed in (("d-aj", "aljazeera.com", 65), ("d-rt", "reuters.com", 70),
                                   ("d-bbc", "bbc.co.uk", 65)):
        doc = make_doc(doc_id, outlet=outlet, text=f"{outlet} report: {killed} killed in Wardak.")
        ev = make_event(doc_id, killed=killed, outlet=outlet, reported_by="a local official")
        quote = Quote(doc_id=doc_id, text="We will continue", char_span=(5, 21),
                      speaker=TALIBAN, speaker_text="a Taliban spokesman", verb="said")
        place = Place(doc_id=doc_id, text="Wardak", char_span=(30, 36), name="Wardak",
                      geonameid=1120985, country="AFG", admin1="40", feature="admin1")
        out.append(coded(doc, [ev], quotes=[quote], places=[place], actors=[TALIBAN, AFG_SPY]))
    return out


def synthetic_batch(start: int, n_docs: int, events_per_doc: int = 3) -> list[CodedDocument]:
    """Many small documents with events spread over dyads, days and places."""
    actors = [TALIBAN, AFG_SPY, US_GOV, CHN_GOV, US_ENVOY]
    places = [WARDAK, KABUL, DOHA, MAIDAN, None]
    codes = ["18", "190", "04", "042", "145", "173", "057"]
    out = []
    for i in range(start, start + n_docs):
        doc_id = f"syn-{i:06d}"
        day = f"2019-01-{1 + i % 28:02d}"
        doc = make_doc(doc_id, outlet=f"outlet{i % 7}.example", published=day)
        events = []
        for j in range(events_per_doc):
            k = i * events_per_doc + j
            src = actors[k % len(actors)]
            tgt = actors[(k // 2 + 1) % len(actors)]
            if tgt is src:
                tgt = actors[(k + 2) % len(actors)]
            events.append(make_event(
                doc_id, tag=f"t{j}", source=src, target=tgt, cameo=codes[k % len(codes)],
                day=f"2019-01-{1 + (i + j) % 28:02d}", location=places[k % len(places)],
                killed=float(k % 40) if k % 3 == 0 else None, outlet=doc.outlet,
                published=day,
            ))
        out.append(coded(doc, events))
    return out
