"""Events nobody is named as doing, found with the learned classifier beside the patterns,
one event per act, and the sentences the classifier reads. Sentences written for these tests."""

import pytest

from newsevents.config import Settings
from newsevents.model import Document


@pytest.fixture(scope="module")
def coder():
    from newsevents.run import Coder

    return Coder(Settings())


def events(coder, text, published="2021-03-08"):
    return coder.code_one(Document(id="t", text=text, published=published)).events


def test_a_strike_with_no_named_doer_is_one_event_with_its_victims(coder):
    found = events(coder, "Three civilians were killed in an air strike on a market in Idlib on Saturday.")
    violent = [e for e in found if e.cameo_root in ("18", "19", "20")]
    assert len(violent) == 1, [e.cameo for e in found]
    e = violent[0]
    assert e.cameo.startswith("195")
    # nobody named: an unidentified armed group of the country where it acts, as ACLED
    # writes "Unidentified Armed Group (Syria)"
    assert e.source is not None and e.source.agent == "UAF" and e.source.country == "SYR"
    assert e.target is not None and e.target.agent == "CVL"
    assert e.counts["killed"].min == 3
    assert e.acled and e.acled["sub_event_type"] == "Air/drone strike"
    assert e.date is not None and e.date.value == "2021-03-06"


def test_defused_explosives_are_disrupted_weapons_use(coder):
    found = events(
        coder,
        "Police said two explosive devices were found near a school in Quetta and defused "
        "by a bomb disposal squad on Monday.",
    )
    assert any(e.acled and e.acled.get("sub_event_type") == "Disrupted weapons use" for e in found)


def test_looting_with_nobody_named(coder):
    found = events(coder, "About twenty shops were looted and set on fire in the town of Jos overnight.")
    assert any(
        e.acled and e.acled.get("sub_event_type") == "Looting/property destruction" for e in found
    ), [(e.cameo, e.acled) for e in found]


def test_an_arrest_with_nobody_named_is_the_polices(coder):
    found = events(coder, "Forty protesters were arrested outside parliament in Kampala on Tuesday.")
    arrests = [e for e in found if e.cameo.startswith("173")]
    assert arrests and arrests[0].source is not None and arrests[0].source.agent == "COP"


def test_a_pause_in_the_bombing_is_no_bombing(coder):
    found = events(coder, "Residents said there was a pause in the bombing of Aleppo on Friday.")
    assert not [e for e in found if e.cameo_root in ("18", "19", "20")]


def test_no_event_where_none_is_reported(coder):
    found = events(
        coder,
        "The finance minister said the budget would be presented to parliament next month "
        "and that growth had slowed.",
    )
    assert not [e for e in found if e.rule.startswith(("verb:learned", "noun:learned"))]


def test_the_gate_reads_few_sentences_of_ordinary_news(coder):
    from newsevents.events.coder import find_candidates
    from newsevents.events.detect import gated
    from newsevents.nlp import pipeline
    from newsevents.nlp.extensions import sentences

    text = (
        "The central bank kept interest rates on hold on Thursday. Analysts had expected "
        "the decision. Inflation eased to 2.1 percent in March, the statistics office said. "
        "Meanwhile, police fired tear gas at protesters outside the bank's headquarters."
    )
    doc = next(iter(pipeline.annotate(coder.nlp, [("g", text, "2021-04-01", None)], 4)))[1]
    cands = find_candidates(doc, doc._.resolver, coder.patterns, coder.codebook)
    read = gated(doc, cands, coder.acled)
    assert any(s.text.startswith("Meanwhile") for s in read)
    assert not any(s.text.startswith(("The central bank", "Analysts")) for s in read)
    assert len(list(sentences(doc))) == 4
