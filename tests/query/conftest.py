"""A small store of known events that the query tests filter and export."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsevents.model import Actor, Location
from newsevents.store import Store
from tests.store.factories import (
    CHN_GOV,
    DOHA,
    KABUL,
    TALIBAN,
    US_ENVOY,
    US_GOV,
    coded,
    make_doc,
    make_event,
    wardak_reports,
)

PROTESTERS = Actor(name="protesters", text="Hundreds of protesters", country="AFG", agent="CVL",
                   kind="group")
AFG_GOV = Actor(name="Afghan government", text="the government", country="AFG", agent="GOV",
                code="AFGGOV", kind="organisation")
AFG_POLICE = Actor(name="Afghan police", text="police", country="AFG", agent="COP",
                   code="AFGCOP", kind="organisation")
HOSTILE = "Protesters\x1b[31m marched\u202e in Kabul\x07 chanting \"no more\"\tslogans."
NEW_YORK = Location(name="New York", admin1="NY", country="USA", lat=40.71, lon=-74.0,
                    geonameid=5128581, feature="city")


def _docs():
    docs = wardak_reports()  # label "wardak": 3 reports, 65/70/65 killed
    for doc_id, outlet, src, tgt, n in (("doha-1", "reuters.com", US_ENVOY, TALIBAN, 3),
                                        ("doha-2", "nypost.com", TALIBAN, US_ENVOY, 2)):
        doc = make_doc(doc_id, outlet=outlet, published="2019-01-23")
        docs.append(coded(doc, [make_event(
            doc_id, source=src, target=tgt, cameo="04", location=DOHA, day="2019-01-22",
            evidence="Khalilzad met Taliban representatives in Doha.", mentions=n)]))
    doc = make_doc("protest", outlet="tolonews.com", published="2019-02-11")
    docs.append(coded(doc, [make_event(
        "protest", source=PROTESTERS, target=AFG_GOV, cameo="145", location=KABUL,
        day="2019-02-10", evidence=HOSTILE)]))
    doc = make_doc("trade", outlet="deccanherald.com", published="2019-03-06")
    docs.append(coded(doc, [make_event(
        "trade", source=US_GOV, target=CHN_GOV, cameo="057", location=None, day="2019-03",
        precision="month", modality="intended",
        evidence="Washington intends to sign a trade deal with Beijing.")]))
    doc = make_doc("arrest", outlet="tolonews.com", published="2019-01-26")
    arrest = make_event("arrest", source=AFG_POLICE, target=TALIBAN, cameo="173", location=KABUL,
                        day="2019-01-25", evidence="Police arrested three Taliban fighters.")
    docs.append(coded(doc, [arrest]))
    doc = make_doc("ny", outlet="nytimes.com", published="2019-01-30", url="https://nyt.example/x")
    docs.append(coded(doc, [replace(make_event(
        "ny", source=US_GOV, target=TALIBAN, cameo="042", location=NEW_YORK, day="2019-01-29",
        evidence="The envoy hosted Taliban delegates in New York."), char_span=(900, 950))]))
    return docs


# label of each merged event -> the documents that report it
LABELS = {
    "wardak": {"d-aj", "d-rt", "d-bbc"},
    "doha": {"doha-1", "doha-2"},
    "protest": {"protest"},
    "trade": {"trade"},
    "arrest": {"arrest"},
    "ny": {"ny"},
}


@pytest.fixture(scope="session")
def qstore(tmp_path_factory):
    path = tmp_path_factory.mktemp("query") / "q.duckdb"
    with Store.open(path) as store:
        store.write(_docs())
    return path


def label(event: dict) -> str:
    docs = set(event["doc_ids"])
    for name, expected in LABELS.items():
        if docs == expected:
            return name
    raise AssertionError(f"unexpected event from {sorted(docs)}")
