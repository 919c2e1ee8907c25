"""An event that stands without a target takes the first actor of its own phrase, as the
dictionary coders read one; violence, protest and agreements keep to their patterns'
slots. Sentences written for these tests."""

import pytest


@pytest.mark.parametrize(
    ("text", "code", "target"),
    [
        ("Two senators are seeking more help for farmers in the drought-hit states.",
         "023", "AGR"),
        ("The minister declined to discuss the matter with Pakistani officials on Friday.",
         "011", "PAKGOV"),
        # a pattern whose own slot may stay empty reads the phrase too
        ("The governor refused to heed the Kenyan government's calls to resign.",
         "12", "KENGOV"),
        ("The Turkish foreign minister called Russian President Vladimir Putin on Monday.",
         "02", "RUSGOV"),
    ],
)
def test_the_phrase_names_the_target(code_sentence, text, code, target):
    found = [e for e in code_sentence(text) if e.cameo.startswith(code)]
    assert found and found[0].target is not None and found[0].target.code == target


def test_the_subject_is_never_its_own_target(code_sentence):
    for e in code_sentence("The ministers declined to discuss the matter with ministers."):
        assert e.target is None or e.source is None or e.target.code != e.source.code


def test_violence_keeps_to_its_slots(code_sentence):
    # "near the French embassy" is where the firing was, not at whom
    for e in code_sentence("Rebels opened fire near the French embassy in Bangui."):
        assert e.target is None or e.target.country != "FRA"


def test_a_time_adjunct_names_no_party(code_sentence):
    # "after the president's inauguration" dates the call; it does not say whom it was to
    text = "Senate Democrats began pressing for new subsidies shortly after President Obama's inauguration."
    found = [e for e in code_sentence(text) if e.cameo.startswith("02")]
    assert found and all(e.target is None for e in found)


def test_a_time_adjunct_may_name_the_counterpart(code_sentence):
    text = "The teachers' union called off its strike after talks with the Ghanaian government."
    found = [e for e in code_sentence(text) if e.cameo.startswith("08")]
    assert found and found[0].target is not None and found[0].target.code == "GHAGOV"


def test_a_frame_verb_takes_the_actor_whose_act_it_takes_up(code_sentence):
    text = "The Kenyan president accepted the Supreme Court's ruling on Monday."
    found = [e for e in code_sentence(text) if e.cameo.startswith("03")]
    assert found and found[0].target is not None and found[0].target.code == "KENJUD"


def test_a_place_said_to_be_where_is_no_target(code_sentence):
    text = "The Russian minister pledged about $8 million in assets in Cyprus as security."
    for e in code_sentence(text):
        assert e.target is None or e.target.country != "CYP"
