"""Harm that nobody did is no attack: accidents, disasters, industrial explosions and
illness; the same verbs with a weapon or an attacker in the clause stay attacks.
Sentences written for these tests."""

import pytest

from newsevents.config import Settings
from newsevents.errors import CodebookError
from newsevents.model import Document

_VIOLENT = ("18", "19", "20")


@pytest.fixture(scope="module")
def coder():
    from newsevents.run import Coder

    return Coder(Settings())


def violent(coder, text):
    found = coder.code_one(Document(id="t", text=text, published="2020-03-01")).events
    return [e.cameo for e in found if e.cameo_root in _VIOLENT]


@pytest.mark.parametrize(
    "text",
    [
        # the subject is a disaster, or shared with a coordinated verb
        "Floods killed 40 people and displaced thousands in the south, officials said.",
        "A tsunami killed at least 40 people and injured hundreds on the islands.",
        "Aid reached the valley hit by the earthquake which killed 300 people and injured 900.",
        # the object of a preposition under the harm verb
        "Five soldiers were killed in a helicopter crash in the north on Tuesday.",
        "Twelve people were killed in a landslide after days of heavy rain.",
        "The former minister died of a heart attack at his home.",
        "Six people died in a fire at a hotel on Sunday.",
        # a when-clause, and the clause a participle hangs from
        "Three workers were killed when the roof of a factory collapsed on Monday.",
        "The bus plunged into a ravine in the hills, killing 20 passengers.",
        "A train derailed near the capital on Wednesday, killing 11 people.",
        # what exploded is plant, fuel or chemicals
        "Four workers were hurt when a boiler at the sugar mill exploded on Thursday.",
        "A gas cylinder explosion killed three people in a restaurant.",
        "A methane blast killed 30 miners at a coal mine in the east.",
    ],
)
def test_harm_from_an_accident_or_disaster_is_no_attack(coder, text):
    assert violent(coder, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen killed three villagers in the north on Monday, police said.",
        "Two men were killed when gunmen opened fire on a bus in the city.",
        "A general was killed by sniper fire in the city last month.",
        "Five soldiers were killed by fire from rebel positions.",
        "An army helicopter was downed by ground fire near the airbase.",
        "The helicopter crashed after it was hit by a rocket, killing all nine soldiers.",
        "A car exploded outside the police station, killing four officers.",
        "Two officers were killed when the rebels collapsed under heavy shelling by the army.",
        "Three soldiers were killed and five wounded in a roadside bombing.",
    ],
)
def test_a_weapon_or_an_attacker_keeps_the_attack(coder, text):
    assert violent(coder, text), text


def test_the_words_are_data_users_can_extend(tmp_path):
    from newsevents.codebook.patterns import load_patterns

    patterns = load_patterns()
    assert {"landslide", "heart attack"} <= patterns.accident_nouns
    assert "sinkhole" not in patterns.accident_nouns
    extra = tmp_path / "mine.yaml"
    extra.write_text("accident_nouns: [sinkhole]\nindustrial_words: [Kiln]\n", encoding="utf-8")
    extended = load_patterns((str(extra),))
    assert {"sinkhole", "landslide"} <= extended.accident_nouns
    assert "kiln" in extended.industrial_words
    bad = tmp_path / "bad.yaml"
    bad.write_text("accident_nouns: {a: 1}\n", encoding="utf-8")
    with pytest.raises(CodebookError, match="accident_nouns"):
        load_patterns((str(bad),))
