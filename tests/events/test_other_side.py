"""A harm done in a fight "with" someone was done by that side, and one done in an attack
its doer qualifies by that doer; a killing may be told by its cause ("claimed three
lives"); the police's means of breaking up a crowd are force. Sentences written for
these tests."""

import pytest

from newsevents.config import Settings
from newsevents.model import Document


@pytest.fixture(scope="module")
def coder():
    from newsevents.run import coder_for

    return coder_for(Settings())


def events(coder, text):
    return coder.code_one(Document(id="t", text=text, published="2020-03-01")).events


def violent(coder, text):
    return [e for e in events(coder, text) if e.cameo[:2] in ("18", "19", "20")]


@pytest.mark.parametrize(
    ("text", "agent"),
    [
        ("Two protesters were killed in clashes with police in Cairo on Friday.", "COP"),
        ("Five rebels were killed in fighting with the army near Goma.", "MIL"),
        ("A soldier was killed in an exchange of fire with insurgents on Tuesday.", "INS"),
        ("two suspected militants were killed in an encounter with the police.", "COP"),
        ("At least 10 people have been killed in police firing since Thursday.", "COP"),
        ("Five villagers were killed in the army's shelling of the town.", "MIL"),
        ("police firing claimed three lives in the walled city.", "COP"),
    ],
)
def test_the_side_the_victims_fought_did_it(coder, text, agent):
    found = violent(coder, text)
    assert found, text
    assert any(e.source is not None and e.source.agent == agent for e in found), [
        (e.cameo, e.source) for e in found
    ]


def test_between_names_both_sides_and_no_doer(coder):
    text = "Two people were killed in clashes between police and protesters in Cairo."
    found = violent(coder, text)
    assert found
    assert all(e.source is None or e.source.agent != "COP" for e in found)


def test_the_victims_own_side_is_not_their_killer(coder):
    text = "Six Shining Path guerrillas were killed in a clash with the Shining Path."
    for e in violent(coder, text):
        assert e.source is None or e.target is None or e.source.code != e.target.code


@pytest.mark.parametrize(
    "text",
    [
        "Police fired 20 rounds in the air and burst teargas shells to disperse the mob.",
        "The police carried out a baton charge on the demonstrators.",
    ],
)
def test_crowd_control_is_force_by_the_police(coder, text):
    found = [e for e in events(coder, text) if e.cameo == "175"]
    assert found and all(e.source is not None and e.source.agent == "COP" for e in found)


def test_an_attack_nobody_qualifies_names_no_doer(coder):
    found = violent(coder, "Three civilians were killed in an air strike on Saturday.")
    assert found
    assert all(e.source is None or e.source.agent == "UAF" for e in found)


@pytest.mark.parametrize(
    "text",
    [
        "The floods claimed 20 lives in Assam.",
        # a toll over a conflict's course is no one act
        "The unrest has claimed some 2,400 lives in three years.",
    ],
)
def test_lives_claimed_by_no_act(coder, text):
    assert violent(coder, text) == []
