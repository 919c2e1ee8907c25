"""Records survive their round trips: to_dict/from_dict, JSON, and the store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

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
from newsevents.store import Store

from .conftest import fuzz

# any text a document can hold once the store has made it valid UTF-8 (no lone surrogates)
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
OPT = st.one_of(st.none(), TEXT)
FLOAT = st.floats(allow_nan=False, allow_infinity=False, width=64)
SPAN = st.tuples(st.integers(0, 10**6), st.integers(0, 10**6))

ACTORS = st.builds(Actor, name=OPT, text=TEXT, country=OPT, agent=OPT, group=OPT, code=OPT,
                   kind=TEXT, span=st.one_of(st.none(), SPAN), entry=OPT)
LOCATIONS = st.builds(Location, name=OPT, admin1=OPT, country=OPT,
                      lat=st.one_of(st.none(), st.floats(-90, 90)),
                      lon=st.one_of(st.none(), st.floats(-180, 180)),
                      geonameid=st.one_of(st.none(), st.integers(1, 2**31)), feature=OPT,
                      text=OPT)
DATES = st.builds(EventDate, value=st.dates().map(str),
                  precision=st.sampled_from(["day", "week", "month", "year"]), text=OPT,
                  source=st.sampled_from(["text", "publication"]))
COUNTS = st.builds(Count, min=st.one_of(st.none(), FLOAT), max=st.one_of(st.none(), FLOAT),
                   text=TEXT, reported_by=OPT, doc_id=OPT, vague=st.booleans())
KINDS = st.sampled_from(["killed", "injured", "arrested", "displaced", "troops", "money"])


@st.composite
def events(draw: st.DrawFn, doc_id: str | None = None) -> Event:
    doc = doc_id or draw(TEXT)
    cameo = draw(st.sampled_from(["010", "042", "057", "18", "183", "190", "145"]))
    return Event(
        event_id=draw(st.text(min_size=1, max_size=30)),
        doc_id=doc,
        evidence=draw(TEXT),
        char_span=draw(SPAN),
        source=draw(st.one_of(st.none(), ACTORS)),
        target=draw(st.one_of(st.none(), ACTORS)),
        cameo=cameo,
        cameo_root=cameo[:2],
        goldstein=draw(st.one_of(st.none(), st.floats(-10, 10))),
        quad_class=draw(st.integers(1, 4)),
        plover={"type": draw(OPT), "mode": draw(OPT)},
        acled=draw(st.one_of(st.none(), st.fixed_dictionaries(
            {"event_type": TEXT, "sub_event_type": TEXT}))),
        date=draw(st.one_of(st.none(), DATES)),
        location=draw(st.one_of(st.none(), LOCATIONS)),
        counts=draw(st.dictionaries(KINDS, COUNTS, max_size=3)),
        modality=draw(st.sampled_from(["asserted", "negated", "claimed", "hypothetical"])),
        claimed_by=draw(OPT),
        reported_by=draw(OPT),
        mentions=draw(st.integers(1, 5)),
        mention_list=tuple(draw(st.lists(st.builds(
            Mention, doc_id=st.just(doc), evidence=TEXT, char_span=SPAN, rule=TEXT,
            outlet=OPT, published=OPT), max_size=3))),
        confidence=draw(st.floats(0, 1)),
        rule=draw(TEXT),
        trigger=draw(OPT),
        count_figures=draw(st.dictionaries(KINDS, st.lists(COUNTS, max_size=2).map(tuple),
                                           max_size=2)),
        trigger_span=draw(st.one_of(st.none(), SPAN)),
    )


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**53), 2**53), FLOAT, TEXT),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=10,
)
DOCUMENTS = st.builds(
    Document, id=st.text(min_size=1, max_size=30), text=TEXT, title=OPT, published=OPT,
    outlet=OPT, url=OPT, author=OPT, language=TEXT, extraction=TEXT, origin=TEXT,
    content_hash=TEXT, duplicate_of=OPT, meta=st.dictionaries(TEXT, JSON_VALUES, max_size=3))


def through_json(data: dict[str, object]) -> dict[str, object]:
    # allow_nan=False: what JSON readers other than Python's accept
    return json.loads(json.dumps(data, allow_nan=False, ensure_ascii=False))  # type: ignore[no-any-return]


@fuzz(300)
@given(event=events())
def test_event_round_trips_through_dict_and_json(event):
    assert Event.from_dict(event.to_dict()) == event
    assert Event.from_dict(through_json(event.to_dict())) == event


@fuzz(150)
@given(document=DOCUMENTS, data=st.data())
def test_coded_document_round_trips_through_json(document, data):
    doc_id = document.id
    coded = CodedDocument(
        document=document,
        events=tuple(data.draw(st.lists(events(doc_id), max_size=3))),
        quotes=tuple(data.draw(st.lists(st.builds(
            Quote, doc_id=st.just(doc_id), text=TEXT, char_span=SPAN,
            speaker=st.one_of(st.none(), ACTORS), speaker_text=OPT, verb=OPT,
            kind=st.sampled_from(["direct", "partial"])), max_size=2))),
        places=tuple(data.draw(st.lists(st.builds(
            Place, doc_id=st.just(doc_id), text=TEXT, char_span=SPAN, name=OPT,
            geonameid=st.one_of(st.none(), st.integers(1, 2**31)),
            lat=st.one_of(st.none(), st.floats(-90, 90)),
            lon=st.one_of(st.none(), st.floats(-180, 180)), country=OPT, admin1=OPT,
            feature=OPT, role=st.sampled_from(["place", "demonym"]),
            confidence=st.floats(0, 1)), max_size=2))),
        actors=tuple(data.draw(st.lists(ACTORS, max_size=2))),
        notes=tuple(data.draw(st.lists(TEXT, max_size=2))),
    )
    assert CodedDocument.from_dict(through_json(coded.to_dict())) == coded


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz-records") / "store.duckdb"
    Store.open(path).close()
    return path


@fuzz(60)
@given(data=st.data())
def test_hostile_events_come_back_from_the_store_unchanged(store, data):
    doc_id = data.draw(st.text(min_size=1, max_size=30).map(lambda s: "doc-" + s))
    doc_id = doc_id.encode("utf-8", "replace").decode("utf-8")
    drawn = data.draw(st.lists(events(doc_id), min_size=1, max_size=3))
    # report ids are content hashes upstream: unique within a document
    unique = list({e.event_id: e for e in drawn}.values())
    document = Document(id=doc_id, text=data.draw(TEXT) or "text", content_hash=doc_id)
    with Store.open(store) as opened:
        opened.write([CodedDocument(document=document, events=tuple(unique))])
        with opened.read() as conn:
            rows = conn.execute(
                "SELECT data FROM reports WHERE doc_id = ? ORDER BY event_id", [doc_id]
            ).fetchall()
    back = sorted((Event.from_dict(json.loads(r[0])) for r in rows), key=lambda e: e.event_id)
    assert back == sorted(unique, key=lambda e: e.event_id)
