"""An event that stands without a target takes the first actor of its own phrase, as the
dictionary coders read one; violence, protest and agreements keep to their patterns'
slots. Sentences written for these tests."""

import pytest

from newsevents.config import Settings
from newsevents.model import Document


@pytest.fixture(scope="module")
def coder():
    from newsevents.run import coder_for

    return coder_for(Settings())


def events(coder, text):
    return coder.code_one(Document(id="t", text=text, published="2020-03-01")).events


@pytest.mark.parametrize(
    ("text", "code", "target"),
    [
        ("Two senators are seeking more help for farmers in the drought-hit states.",
         "023", "AGR"),
        ("The minister declined to discuss the matter with Pakistani officials on Friday.",
         "011", "PAKGOV"),
    ],
)
def test_the_phrase_names_the_target(coder, text, code, target):
    found = [e for e in events(coder, text) if e.cameo == code]
    assert found and found[0].target is not None and found[0].target.code == target


def test_the_subject_is_never_its_own_target(coder):
    for e in events(coder, "The ministers declined to discuss the matter with ministers."):
        assert e.target is None or e.source is None or e.target.code != e.source.code


def test_violence_keeps_to_its_slots(coder):
    # "near the French embassy" is where the firing was, not at whom
    for e in events(coder, "Rebels opened fire near the French embassy in Bangui."):
        assert e.target is None or e.target.country != "FRA"
