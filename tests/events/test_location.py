"""Choosing where an event happened among the places of its sentence."""

from __future__ import annotations

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from newsevents.config import GazetteerSettings
from newsevents.events.location import choose_event_location
from newsevents.gazetteer import Gazetteer
from newsevents.model import Place
from newsevents.nlp.places import find_places

# English lexeme attributes (lower case, stop words), no model
VOCAB = English().vocab


def _place(doc: Doc, start: int, end: int, **kw: object) -> Place:
    span = doc[start:end]
    return Place(doc_id="t", text=span.text, char_span=(span.start_char, span.end_char), **kw)


def test_hand_built_parse_locative_over_actor_modifier() -> None:
    # "US troops killed five people in Homs ." with the parse written out
    words = ["US", "troops", "killed", "five", "people", "in", "Homs", "."]
    heads = [1, 2, 2, 4, 2, 2, 5, 2]
    deps = ["compound", "nsubj", "ROOT", "nummod", "dobj", "prep", "pobj", "punct"]
    pos = ["PROPN", "NOUN", "VERB", "NUM", "NOUN", "ADP", "PROPN", "PUNCT"]
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps, pos=pos)
    us = _place(doc, 0, 1, country="USA", feature="country")
    homs = _place(doc, 6, 7, country="SYR", feature="city")
    chosen = choose_event_location(doc[:], doc[2], [us, homs])
    assert chosen is homs
    assert choose_event_location(doc[:], doc[2], [us]) is None, "US only describes the troops"


def test_hand_built_parse_origin_is_not_the_place() -> None:
    # "He flew from Doha ."
    words = ["He", "flew", "from", "Doha", "."]
    doc = Doc(
        VOCAB, words=words, heads=[1, 1, 1, 2, 1],
        deps=["nsubj", "ROOT", "prep", "pobj", "punct"],
        pos=["PRON", "VERB", "ADP", "PROPN", "PUNCT"],
    )
    doha = _place(doc, 3, 4, country="QAT", feature="capital")
    assert choose_event_location(doc[:], doc[1], [doha]) is None


def test_demonyms_are_never_chosen() -> None:
    words = ["Afghan", "forces", "attacked", "."]
    doc = Doc(
        VOCAB, words=words, heads=[1, 2, 2, 2], deps=["amod", "nsubj", "ROOT", "punct"],
        pos=["ADJ", "NOUN", "VERB", "PUNCT"],
    )
    afghan = _place(doc, 0, 1, country="AFG", feature="country", role="demonym")
    assert choose_event_location(doc[:], doc[2], [afghan]) is None


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load(GazetteerSettings())


@pytest.fixture()
def where(bare_nlp, gaz):
    def run(text: str, trigger: str) -> str | None:
        doc = bare_nlp(text)
        places = find_places(doc, gaz, doc_id="t", demonyms={"afghan": "AFG", "qatari": "QAT"})
        token = next(t for t in doc if t.text == trigger)
        chosen = choose_event_location(token.sent, token, places)
        return chosen.text if chosen else None

    return run


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("Khalilzad met Taliban representatives in the Qatari capital Doha.", "met", "Doha"),
        ("US troops killed 12 people in central Wardak province on Tuesday.", "killed",
         "Wardak province"),
        ("Afghan forces attacked Taliban positions near Kandahar.", "attacked", "Kandahar"),
        ("The Kabul government condemned the attack.", "condemned", None),
        ("The envoy flew from Doha to Kabul on Monday.", "flew", "Kabul"),  # the visit's place
        ("The envoy sent a message from Doha to the Taliban.", "sent", None),
        ("A bomb exploded in the town of Gharz, killing three people.", "exploded", "Gharz"),
        ("Rebels captured the village of Abu Allaj in western Raqqa.", "captured", "Abu Allaj"),
        ("In the Gaza Strip, a teenager was shot near the town of Khan Yunis.", "shot",
         "Khan Yunis"),
        ("Police arrested a man who had come from Beirut.", "arrested", None),
    ],
)
def test_real_parses(where, text: str, trigger: str, expected: str | None) -> None:
    assert where(text, trigger) == expected
