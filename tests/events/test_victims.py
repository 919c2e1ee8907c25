"""Whom a harm befell is its target even where no actor names them, in the text's own
words; never a pronoun, a place or a word outside a harm. Sentences written for these
tests."""

import pytest

from newsevents.config import Settings
from newsevents.model import Document


@pytest.fixture(scope="module")
def coder():
    from newsevents.run import coder_for

    return coder_for(Settings())


def harms(coder, text):
    found = coder.code_one(Document(id="t", text=text, published="2020-03-01")).events
    return [e for e in found if e.cameo[:2] in ("18", "20")]


@pytest.mark.parametrize(
    ("text", "victims"),
    [
        ("Urban guerrillas shot and killed the operator of a transmission tower.",
         "the operator of a transmission tower"),
        ("The caretaker of the chapel was murdered on Sunday.", "The caretaker of the chapel"),
    ],
)
def test_victims_no_actor_names_are_described(coder, text, victims):
    found = harms(coder, text)
    assert found, text
    target = found[0].target
    assert target is not None and target.kind == "described"
    assert target.text == victims and target.code is None and target.country is None
    start, end = target.span
    assert text[start:end] == victims  # the span is the user's own words


def test_a_named_victim_stays_the_actor_it_names(coder):
    found = harms(coder, "Gunmen killed Hector Oqueli Colindres in Guatemala City on Friday.")
    assert found and found[0].target is not None and found[0].target.kind == "person"


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed him outside his house on Friday.",  # a pronoun is no description
        "Rebels shelled Aleppo overnight.",  # a place is where, not whom
        "Two grenades were hurled at the party's headquarters in August.",  # the weapon
    ],
)
def test_no_pronoun_or_place_is_described(coder, text):
    for e in harms(coder, text):
        assert e.target is None or e.target.kind != "described", (e.cameo, e.target)


def test_only_harms_have_described_victims(coder):
    found = coder.code_one(
        Document(id="t", text="The minister praised the new bridge on Monday.", published=None)
    ).events
    assert all(e.target is None or e.target.kind != "described" for e in found)
