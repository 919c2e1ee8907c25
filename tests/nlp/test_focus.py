"""Sentence focus: which sentences are annotated when only events are wanted."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from newsevents.config import Settings
from newsevents.documents import make_document
from newsevents.model import Rejection
from newsevents.nlp import focus
from newsevents.sources import record_to_item
from tests.conftest import corpus_lines, covers_evidence

EVENTS = frozenset({"events"})
EVERYTHING = frozenset({"events", "quotes", "places", "actors"})


@pytest.fixture(scope="module")
def vocab(coder):
    return coder.vocabulary()


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in focus.sentence_spans(text)]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = (
        "Corker met H.R. McMaster at the U.S. Capitol on Jan. 5 with Mr. Cardin. "
        "The U.S. Supreme Court ruled.\n\nA new paragraph"
    )
    assert _sentences(text) == [
        "Corker met H.R. McMaster at the U.S. Capitol on Jan. 5 with Mr. Cardin.",
        "The U.S. Supreme Court ruled.",
        "A new paragraph",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The two sides had talks in Doha on Saturday.",  # "have" beside one of its objects
        "Officials said Iran must halt enrichment.",  # an obligation beside a speech verb
        "Futerfas also declined comment.",  # a name as the first word
        "He refused to answer further questions.",  # a pronoun stands for an actor
        "THREE SUBVERSIVES WERE KILLED DURING CLASHES.",  # capitals: no telling names
    ],
)
def test_sentences_that_may_hold_events_are_kept(vocab, sentence: str) -> None:
    assert focus.eventful(sentence, vocab)


@pytest.mark.parametrize(
    "sentence",
    [
        "The company had a good year, its chairman Joe Bloggs said.",  # "have" alone
        "The weather in Kenya must improve before the harvest.",  # "must", no speech verb
        "It was, according to Joe Bloggs, a quiet Monday.",  # "accord" is a noun: no "-ing"
        "Fog covered the valley before dawn.",
    ],
)
def test_sentences_without_an_event_word_are_skipped(vocab, sentence: str) -> None:
    assert not focus.eventful(sentence, vocab)


def test_a_sentence_opening_on_a_pronoun_keeps_the_one_before(vocab) -> None:
    text = ("Officials met on Monday. The weather was fine. Rain fell in the hills. "
            "They said the talks had failed.")
    kept = focus.focus(text, vocab).text
    assert "Rain fell in the hills." in kept and "The weather was fine." not in kept


def test_a_text_with_nothing_to_skip_is_annotated_as_it_is(vocab) -> None:
    text = "Taliban fighters attacked a base.  The army said it fought back.\nTwo soldiers were killed."
    view = focus.focus(text, vocab)
    assert view.text == text and view.kept == view.total


def _documents(n: int) -> list:
    # not the benchmark's sample (its first 200 Reuters records): a sample from further on
    lines = corpus_lines("reuters_politics_2017_isot_subset.jsonl", 400)[360:360 + n]
    lines += corpus_lines("muc34_latin_america_conflict_1988_1990.jsonl", 80)[60:60 + n // 2]
    settings = Settings()
    docs = []
    for i, line in enumerate(lines):
        item = record_to_item(json.loads(line), f"focus:{i}")
        assert not isinstance(item, Rejection)
        docs.append(make_document(item, settings))
    return docs


def test_focused_events_point_into_the_original_text_and_match_full_coding(coder) -> None:
    docs = _documents(40)
    focused = list(coder.code(docs, outputs=EVENTS))
    full = list(coder.code(docs, outputs=EVERYTHING))
    skipped = sum("focus: annotated" in " ".join(c.notes) for c in focused)
    assert skipped >= len(docs) // 2, "most stories have sentences with no event word"

    def keys(coded: list) -> Counter:
        out: Counter = Counter()
        for c in coded:
            text = c.document.text
            for e in c.events:
                a, b = e.char_span
                # the user's text: the evidence's words, with whatever cleaning took out
                assert covers_evidence(text, (a, b), e.evidence)
                trigger = text[e.trigger_span[0]:e.trigger_span[1]]
                assert trigger and trigger in text[a:b]
                out[(c.document.id, e.trigger_span, e.cameo)] += 1
        return out

    mine, reference = keys(focused), keys(full)
    assert sum(reference.values()) >= 60
    agreed = sum((mine & reference).values())
    # the same sentences parse a little differently beside other neighbours: close, not equal
    assert agreed >= 0.9 * sum(reference.values())
    assert agreed >= 0.9 * sum(mine.values())
