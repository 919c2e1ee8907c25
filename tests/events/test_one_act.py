"""One act, one event; what an accuser alleges is the accuser's claim; a group saying it
did an attack claims it. Sentences written for these tests."""

import pytest

from newsevents.config import Settings
from newsevents.model import Document


@pytest.fixture(scope="module")
def coder():
    from newsevents.run import Coder

    return Coder(Settings())


def events(coder, text):
    return coder.code_one(Document(id="t", text=text, published="2020-03-01")).events


def test_rejecting_a_demand_to_release_prisoners_is_one_refusal(coder):
    found = events(coder, "The president rejected a rebel demand to release 400 prisoners.")
    rejections = [e for e in found if e.cameo_root == "12"]
    assert [e.cameo for e in rejections] == ["124"], [e.cameo for e in found]


def test_the_accused_act_is_claimed_by_the_accuser_not_asserted(coder):
    found = events(coder, "Russia accused Ukraine of violating the ceasefire on Monday.")
    accusations = [e for e in found if e.cameo_root == "11"]
    assert accusations and accusations[0].modality == "asserted"
    alleged = [e for e in found if e.cameo_root != "11"]
    assert alleged, [e.cameo for e in found]
    for e in alleged:
        assert e.modality == "claimed" and e.claimed_by == "Russia"


def test_saying_one_did_an_attack_is_claiming_it(coder):
    found = events(coder, "The rebels said they shot down an army helicopter near the border.")
    attacks = [e for e in found if e.cameo_root in ("18", "19", "20")]
    assert attacks, [e.cameo for e in found]
    assert all(e.modality == "claimed" and e.claimed_by for e in attacks)
