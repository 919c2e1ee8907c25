"""The sentence encoder: the published weights, BERT's own word pieces, and embeddings
that place like sentences together."""

import hashlib

import numpy as np
import pytest

from newsevents.nlp.encoder import WEIGHTS_SHA256, load_encoder, model_dir


@pytest.fixture(scope="module")
def encoder():
    return load_encoder()


def test_weights_are_the_published_ones():
    digest = hashlib.sha256()
    with (model_dir() / "model.safetensors").open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    assert digest.hexdigest() == WEIGHTS_SHA256


# Ids the model's own tokenizer (tokenizer.json through the `tokenizers` library) gives
@pytest.mark.parametrize(
    ("text", "ids"),
    [
        (
            "Gunmen abducted 12 villagers in Zamfara on Tuesday.",
            [101, 28932, 20361, 2260, 11904, 1999, 23564, 2213, 14971, 2050, 2006, 9857, 1012, 102],
        ),
        ("THE FMLN ATTACKED SAN MIGUEL.", [101, 1996, 4718, 19666, 4457, 2624, 8374, 1012, 102]),
        (
            "Café owners protested; police fired tear-gas!",
            [101, 7668, 5608, 11456, 1025, 2610, 5045, 7697, 1011, 3806, 999, 102],
        ),
    ],
)
def test_word_pieces_match_the_models_tokenizer(encoder, text, ids):
    assert encoder.tokenizer.encode(text, 128) == ids


def test_long_text_is_cut_and_closed(encoder):
    ids = encoder.tokenizer.encode("word " * 500, 64)
    assert len(ids) == 64 and ids[0] == 101 and ids[-1] == 102


def test_embeddings_are_unit_vectors_that_keep_meaning(encoder):
    texts = [
        "Rebels attacked an army base near the border, killing four soldiers.",
        "Insurgents stormed a military post close to the frontier and killed four troops.",
        "The central bank left interest rates unchanged on Thursday.",
    ]
    vectors = encoder.encode(texts)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    similar, unrelated = vectors[0] @ vectors[1], vectors[0] @ vectors[2]
    assert similar > 0.6 > unrelated + 0.3
    # order of the input does not change a text's vector (batches are sorted by length)
    again = encoder.encode(texts[::-1])[::-1]
    assert np.allclose(vectors, again, atol=1e-5)
