"""Every filter, on a store of known events; validation names the bad parameter."""

from __future__ import annotations

import pytest

from newsevents.errors import QueryError
from newsevents.query import (
    EventFilter,
    count_events,
    get_event,
    list_actors,
    list_documents,
    list_places,
    query_events,
    series,
)

from .conftest import LABELS, label


def _labels(qstore, **criteria) -> set[str]:
    return {label(e) for e in query_events(qstore, EventFilter(**criteria))}


ALL = set(LABELS)

CASES = [
    ({}, ALL),
    ({"actor": "taliban"}, {"wardak", "doha", "arrest", "ny"}),
    ({"actor": "AFGCOP"}, {"arrest"}),
    ({"source_country": "afg"}, {"wardak", "protest", "arrest"}),
    ({"target_country": "CHN"}, {"trade"}),
    ({"country": "USA"}, {"doha", "trade", "ny"}),
    ({"dyad": ("USA", "TAL")}, {"doha", "ny"}),
    ({"dyad": ("TAL", "AFGSPY")}, {"wardak"}),
    ({"dyad": ("AFGSPY", "TAL")}, {"wardak"}),
    ({"dyad": ("AFGSPY", "TAL"), "dyad_ordered": True}, set()),
    ({"cameo": "04"}, {"doha", "ny"}),
    ({"cameo": "042"}, {"ny"}),
    ({"cameo_root": "18"}, {"wardak"}),
    ({"plover": "consult"}, {"doha", "ny"}),
    ({"acled_event_type": "protests"}, {"protest"}),
    ({"acled_sub_event_type": "Arrests"}, {"arrest"}),
    ({"quad_class": 4}, {"wardak", "arrest"}),
    ({"date_from": "2019-01-25"}, {"protest", "trade", "arrest", "ny"}),
    ({"date_to": "2019-01-22"}, {"wardak", "doha"}),
    ({"date_from": "2019-02", "date_to": "2019-02"}, {"protest"}),
    ({"date_from": "2019-03-01", "date_to": "2019"}, {"trade"}),
    ({"place": "kabul"}, {"protest", "arrest"}),
    ({"near": (34.5, 69.2, 50)}, {"protest", "arrest"}),
    ({"near": (34.5, 69.2, 200)}, {"protest", "arrest", "wardak"}),
    ({"outlet": "tolo"}, {"protest", "arrest"}),
    ({"outlet": "reuters"}, {"wardak", "doha"}),
    ({"modality": "intended"}, {"trade"}),
    ({"doc_id": "doha-2"}, {"doha"}),
    ({"text": "TRADE DEAL"}, {"trade"}),
    ({"text": "Doha", "outlet": "nypost"}, {"doha"}),
]


@pytest.mark.parametrize(("criteria", "expected"), CASES, ids=[str(c[0]) for c in CASES])
def test_filter(qstore, criteria, expected):
    assert _labels(qstore, **criteria) == expected
    assert count_events(qstore, EventFilter(**criteria)) == len(expected)


def test_paging_is_stable(qstore):
    full = [e["event_id"] for e in query_events(qstore, EventFilter(limit=100))]
    pages = [e["event_id"] for off in range(0, 6, 2)
             for e in query_events(qstore, EventFilter(limit=2, offset=off))]
    assert pages == full
    days = [e["day"] for e in query_events(qstore)]
    assert days == sorted(days, reverse=True)


BAD = [
    ({"limit": 0}, "limit"),
    ({"limit": 1001}, "limit"),
    ({"offset": -1}, "offset"),
    ({"country": "Afghanistan"}, "country"),
    ({"source_country": "A1"}, "source_country"),
    ({"cameo": "1a"}, "cameo"),
    ({"cameo_root": "21"}, "cameo_root"),
    ({"plover": "no such!"}, "plover"),
    ({"quad_class": 5}, "quad_class"),
    ({"quad_class": "x"}, "quad_class"),
    ({"date_from": "yesterday"}, "date_from"),
    ({"date_from": "2019-02-01", "date_to": "2019-01-01"}, "date_from"),
    ({"near": (91, 0, 10)}, "near"),
    ({"near": (0, 0, 0)}, "near"),
    ({"near": (0, 0)}, "near"),
    ({"modality": "rumoured"}, "modality"),
    ({"dyad": ("USA",)}, "dyad"),
    ({"dyad": "USA"}, "dyad"),
    ({"text": "x" * 501}, "text"),
    ({"actor": 5}, "actor"),
]


@pytest.mark.parametrize(("criteria", "param"), BAD, ids=[b[1] + str(i) for i, b in enumerate(BAD)])
def test_invalid_filters_name_the_parameter(criteria, param):
    with pytest.raises(QueryError) as info:
        EventFilter(**criteria)
    assert info.value.target == param
    assert info.value.code == "EV600"


def test_from_params_parses_strings():
    flt = EventFilter.from_params({"dyad": "usa,tal", "near": "34.5, 69.2, 50", "limit": "5",
                                   "quad_class": "4", "dyad_ordered": "true", "place": ""})
    assert flt.dyad == ("USA", "TAL")
    assert flt.near == (34.5, 69.2, 50.0)
    assert (flt.limit, flt.quad_class, flt.dyad_ordered, flt.place) == (5, 4, True, None)
    with pytest.raises(QueryError) as info:
        EventFilter.from_params({"colour": "red"})
    assert info.value.target == "colour"


def test_get_event_has_reports_mentions_quotes_documents(qstore):
    (wardak,) = query_events(qstore, EventFilter(cameo_root="18"))
    event = get_event(qstore, wardak["event_id"])
    assert event is not None
    assert {r["doc_id"] for r in event["reports"]} == LABELS["wardak"]
    assert len(event["mentions"]) == 3
    assert {d["outlet"] for d in event["documents"]} == {"aljazeera.com", "reuters.com",
                                                          "bbc.co.uk"}
    assert len(event["quotes"]) == 3 and event["quotes"][0]["speaker_name"] == "Taliban"
    assert event["evidence_sentences"][0] == event["evidence"]
    assert event["counts"]["killed"]["min"] == 65
    figures = sorted((f["min"], f["outlet"]) for f in event["count_figures"]["killed"])
    assert figures == [(65, "aljazeera.com"), (65, "bbc.co.uk"), (70, "reuters.com")]
    assert get_event(qstore, "me-doesnotexist") is None
    with pytest.raises(QueryError):
        get_event(qstore, "")


def test_series(qstore):
    rows = series(qstore, EventFilter(), by="month", group="none")
    assert [(r["period"], r["events"]) for r in rows] == [
        ("2019-01-01", 4), ("2019-02-01", 1), ("2019-03-01", 1)]
    jan = rows[0]
    assert jan["goldstein_sum"] == pytest.approx(-9.0 + 1.0 + -5.0 + 1.9)
    assert jan["mentions"] == 3 + 5 + 1 + 1
    weekly = series(qstore, EventFilter(country="AFG"), by="week", group="dyad")
    assert ("2019-01-21", "TAL-AFGSPY") in {(r["period"], r["group"]) for r in weekly}
    assert all(r["period"] >= "2019-01-21" for r in weekly)
    by_country = series(qstore, EventFilter(), by="day", group="country")
    assert {r["group"] for r in by_country} == {"AFG", "QAT", "USA"}
    with pytest.raises(QueryError) as info:
        series(qstore, EventFilter(), by="fortnight")
    assert info.value.target == "by"
    with pytest.raises(QueryError) as info:
        series(qstore, EventFilter(), group="planet")
    assert info.value.target == "group"


def test_lists(qstore):
    actors = {a["key"]: a for a in list_actors(qstore)}
    assert actors["TAL"]["events"] == 4
    assert actors["TAL"]["name"] == "Taliban"
    places = {p["name"]: p["events"] for p in list_places(qstore)}
    assert places == {"Kabul": 2, "Wardak": 1, "Doha": 1, "New York": 1}
    docs = list_documents(qstore)
    assert len(docs) == 9
    assert {d["doc_id"] for d in list_documents(qstore, EventFilter(outlet="tolo"))} == {
        "protest", "arrest"}
    assert {d["doc_id"] for d in list_documents(qstore, EventFilter(cameo="04"))} == {
        "doha-1", "doha-2", "ny"}
    assert len(list_documents(qstore, EventFilter(limit=2))) == 2
