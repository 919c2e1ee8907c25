"""Who says so: reporters, claims, denials and quotes, on sentences written for the tests."""

from __future__ import annotations

import pytest

from newsevents.model import Document

REPORTED = [
    ("Syrian troops shelled the town of Douma, a monitoring group said.", "monitoring group"),
    ("Turkish jets struck Kurdish positions in Iraq, according to the Iraqi defence ministry.",
     "defence ministry"),
    ("The Pentagon said Iranian boats harassed a US warship in the Gulf.", "Pentagon"),
]


@pytest.fixture(scope="module")
def code(coder):
    def run(text: str):
        return coder.code_one(Document(id="a", text=text, published="2024-05-06"))

    return run


@pytest.mark.parametrize(("text", "reporter"), REPORTED)
def test_reported_by(code, text, reporter):
    events = code(text).events
    assert events, text
    assert any(reporter.lower() in (e.reported_by or "").lower() for e in events), [
        e.reported_by for e in events
    ]


def test_claimed_by_and_claim_event(code):
    events = code("The Islamic State group claimed responsibility for the bombing of a church in Cairo.").events
    violent = [e for e in events if e.cameo_root == "18"]
    assert violent and violent[0].modality == "claimed"
    assert "Islamic State" in (violent[0].claimed_by or "")
    assert any(e.cameo == "015" for e in events)


def test_denial_is_its_own_modality(code):
    events = code("Hezbollah denied attacking Israeli troops near the border on Sunday.").events
    assert events and all(e.modality == "denied" for e in events if e.cameo_root == "19")


QUOTES = [
    # text, quote start, speaker name fragment
    ('"We will not negotiate under fire," Ukrainian President Volodymyr Zelensky said on Monday.',
     "We will not negotiate", "Zelensky"),
    ('The minister said: "Our borders are closed to smugglers."', "Our borders", "minister"),
    ('Angela Merkel spoke in Berlin. "Europe must stand together," she said.', "Europe must",
     "Merkel"),
]


@pytest.mark.parametrize(("text", "start", "speaker"), QUOTES)
def test_quote_speakers(code, text, start, speaker):
    quotes = code(text).quotes
    found = [q for q in quotes if q.text.startswith(start)]
    assert found, [q.text for q in quotes]
    q = found[0]
    who = " ".join(filter(None, [q.speaker_text, q.speaker.name if q.speaker else None]))
    assert speaker.lower() in who.lower(), (q.speaker_text, q.speaker)


def test_quote_across_sentences_keeps_its_speaker(code):
    text = (
        'The envoy Martin Griffiths arrived in Aden on Sunday. "The fighting must stop. '
        'Civilians are paying the price," he told reporters.'
    )
    quotes = code(text).quotes
    assert quotes and quotes[0].speaker is not None
    assert quotes[0].speaker.name == "Martin Griffiths"
    assert "Civilians are paying" in quotes[0].text


def test_partial_quotes_are_marked(code):
    quotes = code('Officials called the raid "a serious violation" of the truce.').quotes
    assert quotes and quotes[0].kind == "partial"
