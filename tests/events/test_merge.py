"""Merging reports of one event across documents (newsevents.events.merge)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents.events.merge import (
    block_key,
    merge_reports,
    places_compatible,
)
from newsevents.model import Actor, Count, Location
from newsevents.store.remerge import segments
from tests.store.factories import (
    AFG_SPY,
    CHN_GOV,
    DOHA,
    KABUL,
    MAIDAN,
    TALIBAN,
    US_ENVOY,
    US_GOV,
    WARDAK,
    make_event,
)

OUTLETS = {"d-aj": "aljazeera.com", "d-rt": "reuters.com", "d-bbc": "bbc.co.uk"}


def _wardak():
    return [
        make_event(doc, killed=k, reported_by="a provincial official" if doc == "d-rt" else None)
        for doc, k in (("d-aj", 65), ("d-rt", 70), ("d-bbc", 65))
    ]


def test_three_outlets_one_attack_keep_both_tolls():
    merged = merge_reports(_wardak(), window_days=3, outlets=OUTLETS)
    assert len(merged) == 1
    m = merged[0]
    assert (m.num_mentions, m.num_sources, m.num_articles) == (3, 3, 3)
    assert m.doc_ids == ("d-aj", "d-bbc", "d-rt")
    assert m.outlets == ("aljazeera.com", "bbc.co.uk", "reuters.com")
    # the most conservative figure, as ACLED codes fatalities
    assert m.counts["killed"].min == 65
    figures = m.count_figures["killed"]
    by_doc = {f.doc_id: (f.min, f.outlet) for f in figures}
    assert by_doc == {
        "d-aj": (65, "aljazeera.com"),
        "d-bbc": (65, "bbc.co.uk"),
        "d-rt": (70, "reuters.com"),
    }
    seventy = next(f for f in figures if f.min == 70)
    assert seventy.reported_by == "a provincial official"
    assert m.event_id.startswith("me-")
    assert m.source is not None and m.source.group == "TAL"
    assert m.location is not None and m.location.name == "Wardak"
    assert m.to_dict()["count_figures"]["killed"][0]["doc_id"] in OUTLETS


def test_merged_id_is_hash_of_smallest_report_id():
    reports = _wardak()
    merged = merge_reports(reports)
    smallest = min(r.event_id for r in reports)
    assert merged[0].reports[0] == smallest
    alone = merge_reports([next(r for r in reports if r.event_id == smallest)])
    assert alone[0].event_id == merged[0].event_id


def test_symmetric_roots_merge_when_parties_swap():
    a = make_event("d1", source=US_ENVOY, target=TALIBAN, cameo="04", location=DOHA)
    b = make_event("d2", source=TALIBAN, target=US_ENVOY, cameo="040", location=DOHA)
    merged = merge_reports([a, b])
    assert len(merged) == 1
    m = merged[0]
    assert m.cameo == "040"  # the more specific code
    # one orientation: the representative report's, with the best actor of each side
    assert {m.source.name, m.target.name} == {"Zalmay Khalilzad", "Taliban"}
    assert block_key(a) == block_key(b)


def test_asymmetric_codes_do_not_merge_when_swapped():
    a = make_event("d1", source=TALIBAN, target=AFG_SPY)
    b = make_event("d2", source=AFG_SPY, target=TALIBAN)
    assert len(merge_reports([a, b])) == 2


def test_code_compatibility_is_the_root():
    a = make_event("d1", cameo="18")
    b = make_event("d2", cameo="183")
    c = make_event("d3", cameo="190")
    merged = merge_reports([a, b, c])
    assert sorted(len(m.reports) for m in merged) == [1, 2]
    pair = next(m for m in merged if len(m.reports) == 2)
    assert pair.cameo == "183"
    assert pair.plover["mode"] == "bomb"  # taken from the report that carries the code


def test_date_window():
    base = make_event("d1", day="2019-01-22")
    three = make_event("d2", day="2019-01-25")
    four = make_event("d3", day="2019-01-26")
    assert len(merge_reports([base, three], window_days=3)) == 1
    assert len(merge_reports([base, four], window_days=3)) == 2
    assert len(merge_reports([base, three], window_days=0)) == 2


def test_daily_reports_do_not_chain_into_one_event():
    days = ["2019-01-01", "2019-01-03", "2019-01-05", "2019-01-07"]
    reports = [make_event(f"d{i}", day=d) for i, d in enumerate(days)]
    merged = merge_reports(reports, window_days=3)
    spans = sorted(sorted(r.doc_id for r in reports if r.event_id in m.reports) for m in merged)
    assert spans == [["d0", "d1"], ["d2", "d3"]]


def test_reports_without_a_date_use_the_published_date():
    dated = make_event("d1", day="2019-01-22")
    undated = make_event("d2", day=None, published=None)
    far = make_event("d3", day=None, published=None)
    merged = merge_reports(
        [dated, undated, far], published={"d2": "2019-01-23", "d3": "2019-03-01"}
    )
    groups = sorted(sorted(m.doc_ids) for m in merged)
    assert groups == [["d1", "d2"], ["d3"]]


def test_places():
    assert places_compatible(WARDAK, MAIDAN)  # a city in the province
    assert not places_compatible(WARDAK, KABUL)
    assert not places_compatible(KABUL, DOHA)
    assert places_compatible(KABUL, None)
    country = Location(name="Afghanistan", country="AFG", feature="country")
    assert places_compatible(country, KABUL)
    a = make_event("d1", location=KABUL)
    b = make_event("d2", location=WARDAK)
    c = make_event("d3", location=None)
    merged = merge_reports([a, b, c])
    assert len(merged) == 2  # the unlocated report joins one of them, never both
    assert sorted(m.num_articles for m in merged) == [1, 2]


def test_place_must_fit_every_member():
    a = make_event("d1", location=None)
    b = make_event("d2", location=KABUL)
    c = make_event("d3", location=WARDAK)
    merged = merge_reports([a, b, c])
    for m in merged:
        names = {r.location.name for r in (a, b, c) if r.event_id in m.reports and r.location}
        assert len(names) <= 1


def test_modality_classes():
    asserted = make_event("d1")
    claimed = make_event("d2", modality="claimed")
    threatened = make_event("d3", modality="threatened")
    merged = merge_reports([asserted, claimed, threatened])
    assert sorted(len(m.reports) for m in merged) == [1, 2]
    pair = next(m for m in merged if len(m.reports) == 2)
    assert pair.modality == "asserted"


def test_sources_and_articles():
    a = make_event("d1")
    b = make_event("d2")
    c = make_event("d3")
    merged = merge_reports([a, b, c], outlets={"d1": "reuters.com", "d2": "reuters.com"})
    m = merged[0]
    assert m.num_articles == 3
    assert m.num_sources == 2  # reuters.com once, the unknown outlet of d3 on its own
    assert m.outlets == ("reuters.com",)


def test_mentions_sum_sentence_mentions():
    a = make_event("d1", mentions=3)
    b = make_event("d2", mentions=2)
    assert merge_reports([a, b])[0].num_mentions == 5


def test_exact_figures_before_vague_ones():
    a = make_event("d1", killed=65)
    vague = Count(min=12, max=None, text="dozens", doc_id="d2", vague=True)
    b = replace(make_event("d2"), counts={"killed": vague})
    m = merge_reports([a, b])[0]
    assert m.counts["killed"].min == 65
    assert len(m.count_figures["killed"]) == 2


def test_distinct_dyads_stay_apart():
    reports = [
        make_event("d1", source=US_GOV, target=CHN_GOV, cameo="04", location=None),
        make_event("d2", source=US_GOV, target=TALIBAN, cameo="04", location=None),
        make_event("d3", source=Actor(name="Somebody", text="Somebody"), target=CHN_GOV,
                   cameo="04", location=None),
    ]
    assert len(merge_reports(reports)) == 3


def test_segments_split_on_gaps():
    d = date.fromisoformat
    ranges = [
        ("a", d("2019-01-01"), d("2019-01-01")),
        ("b", d("2019-01-04"), d("2019-01-04")),
        ("c", d("2019-01-09"), d("2019-01-09")),
        ("u", None, None),
    ]
    assert segments(ranges, 3) == [{"a", "b"}, {"c"}, {"u"}]
    assert segments(ranges, 5) == [{"a", "b", "c"}, {"u"}]


def _pool():
    out = []
    days = ["2019-01-20", "2019-01-21", "2019-01-22", "2019-01-24", "2019-01-27", None]
    places = [WARDAK, MAIDAN, KABUL, None]
    pairs = [(TALIBAN, AFG_SPY), (US_ENVOY, TALIBAN), (TALIBAN, US_ENVOY)]
    codes = ["18", "183", "04", "042"]
    for i in range(18):
        src, tgt = pairs[i % 3]
        out.append(make_event(
            f"doc{i:02d}", source=src, target=tgt, cameo=codes[i % 4], day=days[i % 6],
            location=places[i % 4], killed=float(60 + i % 5) if i % 2 else None,
            published="2019-01-23",
        ))
    return out


@settings(max_examples=40, deadline=None)
@given(st.permutations(_pool()))
def test_order_does_not_change_merged_events(perm):
    expected = merge_reports(_pool(), window_days=3)
    got = merge_reports(list(perm), window_days=3)
    assert [m.event_id for m in got] == [m.event_id for m in expected]
    assert [m.to_dict() for m in got] == [m.to_dict() for m in expected]


def test_symmetric_orientation_follows_most_reports():
    told = [(US_ENVOY, TALIBAN), (US_ENVOY, TALIBAN), (TALIBAN, US_ENVOY)]
    reports = [make_event(f"d{i}", source=s, target=t, cameo="04", location=DOHA)
               for i, (s, t) in enumerate(told)]
    for perm in (reports, reports[::-1]):
        (m,) = merge_reports(perm)
        assert (m.source.name, m.target.name) == ("Zalmay Khalilzad", "Taliban")
