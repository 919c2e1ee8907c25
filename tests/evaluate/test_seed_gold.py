"""The reference article against its gold: the first slice's acceptance test."""

from __future__ import annotations

import pytest

from newsevents.config import Settings
from newsevents.evaluate.seed import code_gold_document
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def seed():
    return code_gold_document(shared_path("examples", "seed", "gold.json"), Settings())


def test_all_required_events_and_precision(seed):
    _, report = seed
    assert report.required == 9
    assert report.recall == 1.0, report.missing
    assert report.precision >= 0.8, report.unmatched


REQUIRED = {
    "doha-talks", "wardak-attack", "troop-halving", "kabul-ghani-talks",
    "security-support-pledge", "visit-china", "visit-india", "visit-pakistan", "abu-dhabi-talks",
}


def test_every_gold_attribute_of_the_required_events_is_right(seed):
    _, report = seed
    required = [d for d in report.details if d.split(":")[0] in REQUIRED]
    assert len(required) == 9
    assert not [d for d in required if "wrong" in d], required
    assert {"date", "location", "fatalities", "troops", "claimed_by", "mentions"} <= set(
        report.attributes
    )


def test_doha_talks_merge_three_mentions(seed):
    coded, _ = seed
    doha = [e for e in coded.events if e.location and e.location.name == "Doha"]
    assert doha and doha[0].mentions >= 3
    assert doha[0].date.value == "2019-01-22"
    assert doha[0].source.name == "Zalmay Khalilzad"


def test_quotes_have_their_speakers(seed):
    _, report = seed
    assert report.quotes_found == report.quotes_total == 5, report.quote_misses


def test_nothing_from_the_boilerplate(seed):
    coded, report = seed
    assert report.boilerplate_leaks == []
    # the text as given ends with the blog's footer; cleaning removed it, so no span reaches it
    footer = coded.document.text.index("Post a Comment")
    spans = [e.char_span for e in coded.events] + [q.char_span for q in coded.quotes]
    spans += [p.char_span for p in coded.places]
    assert spans and all(end <= footer for _, end in spans)


def test_wardak_attack_carries_its_toll_and_claimant(seed):
    coded, _ = seed
    attack = [e for e in coded.events if e.cameo_root in ("18", "19")]
    assert attack
    e = attack[0]
    assert e.counts["killed"].min == 65
    assert e.claimed_by == "Taliban"
    assert e.location.country == "AFG" and e.location.feature == "admin1"
    assert "Wardak" in (e.location.text or "")
