"""Case restoration: copy in capitals or lower case is parsed recased, offsets unmoved."""

import pytest

from newsevents.config import Settings
from newsevents.model import Document
from newsevents.nlp.truecase import text_case


def test_which_texts_are_recased():
    assert text_case("THE ARMY SAID TODAY THAT GUERRILLAS ATTACKED A POWER STATION.") == "upper"
    assert text_case("police lobbed tear gas shells to disperse the mob near the old city.") == (
        "lower"
    )
    assert text_case("The army said today that guerrillas attacked a power station.") is None
    assert text_case("SHORT LINE") is None  # a headline says too little


@pytest.fixture(scope="module")
def coder():
    from newsevents.run import Coder

    return Coder(Settings())


def test_capitals_are_recased_letter_for_letter(coder):
    text = (
        "SAN SALVADOR, 3 JAN 90 -- [TEXT] TERRORISTS OF THE FARABUNDO MARTI NATIONAL LIBERATION "
        "FRONT [FMLN] ATTACKED A POWER STATION IN SAN MIGUEL DEPARTMENT. THE SALVADORAN ARMY "
        "SAID THE ATTACK WAS REPELLED AFTER TWO HOURS."
    )
    cased = coder.recased(text)
    assert cased is not None and len(cased) == len(text) and cased.lower() == text.lower()
    assert "Farabundo Marti National Liberation Front [FMLN]" in cased
    assert "in San Miguel" in cased
    assert "The Salvadoran army said the attack" in cased  # a sentence start, a country word
    assert "power station" in cased  # ordinary words stay lower case


def test_lower_case_names_are_capitalised(coder):
    text = (
        "ahmedabad: police opened fire on a mob in the old city on monday after clashes spread "
        "from godhra, officials in gujarat said."
    )
    cased = coder.recased(text)
    assert cased is not None
    assert "Monday" in cased and "Gujarat" in cased and cased.startswith("Ahmedabad")
    assert "police opened fire on a mob" in cased


def test_records_quote_the_users_letters(coder):
    text = (
        "LIMA, 12 MAY 89 -- [TEXT] GUERRILLAS OF THE SHINING PATH KIDNAPPED TWO ENGINEERS IN "
        "AYACUCHO DEPARTMENT YESTERDAY, THE PERUVIAN ARMY REPORTED."
    )
    coded = coder.code_one(Document(id="muc-like", text=text, published="1989-05-12"))
    assert coded.events
    for e in coded.events:
        for actor in (e.source, e.target):
            if actor is not None and actor.span is not None:
                assert text[actor.span[0] : actor.span[1]] == actor.text
    assert any(e.cameo.startswith("181") for e in coded.events)
