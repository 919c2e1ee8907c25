"""The classifier's reader process (nlp/reader.py): the same vectors and the same events
as reading in the coder's own process, a failed child read around, rejections kept in
their place in a stream coded in one call."""

from __future__ import annotations

import json
import logging

import numpy as np
import pytest

from newsevents.config import Settings, apply
from newsevents.model import Document, Rejection
from newsevents.nlp.encoder import HIDDEN, load_encoder
from newsevents.nlp.reader import EncoderProcess, ReaderGone
from newsevents.run import Coder
from newsevents.run.batch import code_stream
from tests.conftest import corpus_lines

SENTENCES = [
    "Gunmen opened fire on a police checkpoint in Peshawar on Monday, killing two officers.",
    "Protesters marched to parliament.",
    "The two sides signed a ceasefire agreement in Doha after weeks of talks between "
    "negotiators, officials said, adding that prisoners would be exchanged.",
]


@pytest.fixture()
def child():
    process = EncoderProcess("", 6, 128, HIDDEN)
    yield process
    process.close()


def test_the_child_computes_what_the_parent_computes(child):
    mine = load_encoder("", 6, 128).encode(SENTENCES)
    theirs = child.submit(SENTENCES).result(timeout=120)
    assert theirs.shape == (3, HIDDEN)
    assert np.array_equal(mine, theirs)  # bit for bit: the events cannot differ
    # answers come back in the order asked, and an empty request needs no child
    futures = [child.submit(SENTENCES[i : i + 1]) for i in range(3)]
    for i, future in enumerate(futures):
        alone = load_encoder("", 6, 128).encode(SENTENCES[i : i + 1])
        assert np.array_equal(future.result(timeout=120), alone)
    assert child.submit([]).result().shape == (0, HIDDEN)


def test_a_dead_child_fails_its_requests_and_says_so(child, caplog):
    child.submit(SENTENCES[:1]).result(timeout=120)
    child._child.kill()
    child._child.wait()
    with caplog.at_level(logging.WARNING), pytest.raises(ReaderGone):
        child.submit(SENTENCES).result(timeout=60)
    assert not child.alive
    assert "reads in this process instead" in caplog.text
    with pytest.raises(ReaderGone):  # and every later request at once
        child.submit(SENTENCES).result(timeout=1)


def _documents(n: int) -> list[Document]:
    out = []
    for line in corpus_lines("reuters_politics_2017_isot_subset.jsonl", n):
        record = json.loads(line)
        out.append(Document(id=record["id"], text=record["text"]))
    return out


def _events(coder: Coder, documents: list[Document]) -> list[str]:
    return [
        json.dumps(e.to_dict(), sort_keys=True)
        for coded in coder.code(documents, outputs=frozenset({"events"}))
        for e in coded.events
    ]


def test_events_are_the_same_read_in_either_process():
    documents = _documents(14)
    small = {"nlp.batch_size": 3}  # several chunks from a few articles
    inline = Coder(apply(Settings(), {**small, "learned.own_process": False}))
    apart = Coder(apply(Settings(), small))
    expected = _events(inline, documents)
    assert inline._process is None
    assert len(expected) >= 10, "the sample should hold events"
    try:
        assert _events(apart, documents) == expected
        assert apart._process is not None and apart._process.alive
        # a child that dies mid-stream: the rest is read in the coder's own process
        apart._process._child.kill()
        assert _events(apart, documents) == expected
        assert not apart._process.alive
    finally:
        if apart._process is not None:
            apart._process.close()


def test_one_batch_starts_no_child():
    coder = Coder(apply(Settings(), {"nlp.batch_size": 4}))
    _events(coder, _documents(4))
    assert coder._process is None


def test_a_stream_keeps_rejections_in_their_place():
    docs = _documents(3)
    rejected = [Rejection(f"bad-{i}", "unreadable") for i in range(3)]
    stream = [rejected[0], docs[0], rejected[1], docs[1], docs[2], rejected[2]]
    settings = apply(Settings(), {"nlp.batch_size": 2})
    out = list(code_stream(stream, settings, outputs=frozenset({"events"})))
    order = [x.origin if isinstance(x, Rejection) else x.document.id for x in out]
    assert order == [rejected[0].origin, docs[0].id, rejected[1].origin, docs[1].id,
                     docs[2].id, rejected[2].origin]
