"""An opinion is no demand: "should" with nobody asked asserts something; a demand asks
an actor. Sentences written for these tests. ("insisted that" with a plain statement is
still coded a demand: telling it apart from a mandative "insisted that they leave" cost
police actions on the IndiaPoliceEvents check set, so it was taken back.)"""

import pytest

from newsevents.config import Settings
from newsevents.model import Document


@pytest.fixture(scope="module")
def coder():
    from newsevents.run import Coder

    return Coder(Settings())


def demands(coder, text):
    found = coder.code_one(Document(id="t", text=text, published="2005-03-01")).events
    return [e for e in found if e.cameo_root == "10"]


@pytest.mark.parametrize("text", [
    "The home secretary said the matter should now be left to lie.",
    "The senator said there should be a debate about the budget.",
])
def test_an_opinion_or_a_statement_is_no_demand(coder, text):
    assert demands(coder, text) == []


def test_an_obligation_put_on_an_actor_is_a_demand_on_it(coder):
    found = coder.code_one(Document(
        id="t", text="Pakistan said India must withdraw its troops from Kashmir.",
        published="2005-03-01")).events
    assert [(e.cameo, e.source.country, e.target.country) for e in found] == [
        ("105", "PAK", "IND")]


def test_insisting_on_something_is_a_demand(coder):
    [e] = demands(coder, "Iran insisted on the withdrawal of US troops from the Gulf.")
    assert e.source is not None and e.source.country == "IRN"
