"""Property destroyed by an unnamed hand is still an event; a disaster's damage is not.
Sentences written for these tests."""

import pytest

from newsevents.config import Settings
from newsevents.model import Document


@pytest.fixture(scope="module")
def coder():
    from newsevents.run import Coder

    return Coder(Settings())


def codes(coder, text):
    found = coder.code_one(Document(id="t", text=text, published="2020-03-01")).events
    return [e.cameo for e in found]


@pytest.mark.parametrize(
    "text",
    [
        "About 20 shops were looted in the market overnight.",
        "Several houses were torched in the village on Sunday.",
    ],
)
def test_property_destroyed_by_nobody_named_is_an_event(coder, text):
    assert "1712" in codes(coder, text)


@pytest.mark.parametrize(
    "text",
    [
        "Hundreds of houses were destroyed by the floods.",
        "The earthquake destroyed 300 houses in the valley.",
        "Several shops were destroyed in a fire at the market.",
    ],
)
def test_a_disasters_damage_is_no_ones_act(coder, text):
    assert codes(coder, text) == []


def test_a_declared_emergency_still_needs_someone_to_declare_it(coder):
    found = codes(coder, "Should the situation worsen, the harsher measure would be a curfew.")
    assert not any(c.startswith("172") for c in found)
