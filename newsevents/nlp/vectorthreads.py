"""Where a process has a second core to itself, the token-vector networks use it.

Two ways, each giving the same numbers as one thread (tests/nlp/test_vectorthreads.py):

- **Products shared by rows.** BLIS computes each row of a product from that row
  alone and lets go of the interpreter lock, so a second thread takes half of the
  rows of each maxout's product (fasttok2vec.py): the same numbers in about half
  the time.
- **The recogniser's vectors started early** (EarlyVectors): its network reads only
  the words, so a thread computes them while this one computes the shared vectors,
  tags and parses.

How many threads is the setting ``nlp.threads`` (config.threads_for: 2 where the
process has a second core to itself, else 1, which leaves everything as before).
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, cast

import blis.py
import numpy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Model

from .fastrules import GROUP_TOKENS, Grouper

Net = Model[Any, Any]
REMEMBERED = "remembered_embed"  # fasttok2vec.py's embedding: the networks it made cheaper
_SHARED_ROWS = 2048  # products with fewer rows stay on one thread: handing over costs more


class _Threads:
    """The threads that share a product's rows: this one, and helpers started on demand."""

    def __init__(self) -> None:
        self.count = 1
        self.pool: ThreadPoolExecutor | None = None
        self.lock = threading.Lock()

    def use(self, count: int) -> None:
        with self.lock:
            if max(1, count) == self.count:
                return  # every coder of the process asks again: the helpers stay
            self.count = max(1, count)
            if self.pool is not None:  # started again at the size asked, when needed
                self.pool.shutdown(wait=False)
                self.pool = None

    def product(self, X: numpy.ndarray, weights: numpy.ndarray) -> numpy.ndarray:
        """``X @ weights.T`` by BLIS, as thinc computes it (beta 0), rows split among threads."""
        X = numpy.ascontiguousarray(X)
        weights = numpy.ascontiguousarray(weights)
        out = numpy.empty((len(X), len(weights)), dtype=numpy.float32)
        # the thread computing vectors early has its core; the other one is busy
        alone = getattr(_early_thread, "busy", False)  # this core is the early thread's
        count = 1 if alone else min(self.count, len(X) // _SHARED_ROWS)
        if count < 2:
            blis.py.gemm(X, weights, out=out, trans2=True, beta=0.0)
            return out
        with self.lock:
            if self.pool is None:
                self.pool = ThreadPoolExecutor(self.count - 1, thread_name_prefix="newsevents-gemm")
            pool = self.pool
        bounds = [len(X) * k // count for k in range(count + 1)]
        helpers = [
            pool.submit(blis.py.gemm, X[a:b], weights, out=out[a:b], trans2=True, beta=0.0)
            for a, b in itertools.pairwise(bounds[1:])
        ]
        blis.py.gemm(X[: bounds[1]], weights, out=out[: bounds[1]], trans2=True, beta=0.0)
        for helper in helpers:
            helper.result()
        return out


_threads = _Threads()
_early_thread = threading.local()


def use_threads(count: int) -> None:
    """How many threads share each large product (1: this thread alone)."""
    _threads.use(count)


def product(X: numpy.ndarray, weights: numpy.ndarray) -> numpy.ndarray:
    """``X @ weights.T`` by BLIS as thinc computes it, its rows shared among the threads."""
    return _threads.product(X, weights)


def prediction_only(_: Any) -> Any:
    """The backward pass of the layers fasttok2vec.py and this module put in a network."""
    raise NotImplementedError("this layer is for prediction only")


def speed_up(nlp: Language) -> None:
    """Let a component first in the pipeline start the recogniser's vectors (EarlyVectors)."""
    if "ner" not in nlp.pipe_names:
        return
    model = getattr(nlp.get_pipe("ner"), "model", None)
    if isinstance(model, Model) and model.layers and remembers(model.layers[0]):
        model.layers[0] = _early_network(model.layers[0])
        early = nlp.add_pipe("newsevents_early_vectors", first=True)
        assert isinstance(early, EarlyVectors)
        early.early = model.layers[0].attrs["early"]


def remembers(network: Net) -> bool:
    """Whether fasttok2vec.py made the network's embedding one that keeps its rows."""
    return any(node.name == REMEMBERED for node in network.walk())


def _early_network(network: Net) -> Net:
    return Model("early_vectors", _early_forward, layers=[network],
                 attrs={"early": _Early(network)},
                 dims={"nO": network.get_dim("nO") if network.has_dim("nO") else None})


def _early_forward(model: Net, docs: Any, is_train: bool) -> tuple[Any, Any]:
    if not is_train and isinstance(docs, list):
        started = model.attrs["early"].take(docs)
        if started is not None:
            return started.result(), prediction_only
    return cast(tuple[Any, Any], model.layers[0](docs, is_train))


class _Early:
    """A network's vectors started for batches of documents, until the network is asked."""

    _HELD = 16  # batches started and never asked for (their component is off) are let go

    def __init__(self, network: Net):
        self.network = network
        self.started: dict[tuple[int, ...], tuple[list[Any], Future[Any]]] = {}
        self.lock = threading.Lock()
        self.taken = 0  # batches whose vectors were ready or under way when asked for

    def start(self, pool: ThreadPoolExecutor, batch: list[Any]) -> None:
        if not any(len(doc) for doc in batch):
            return  # the network's own empty-batch path, on the recogniser's thread
        future = pool.submit(self._compute, batch)
        with self.lock:
            while len(self.started) >= self._HELD:
                self.started.pop(next(iter(self.started)))
            self.started[tuple(id(doc) for doc in batch)] = (batch, future)

    def _compute(self, batch: list[Any]) -> Any:
        _early_thread.busy = True
        return self.network.predict(batch)

    def take(self, batch: list[Any]) -> Future[Any] | None:
        """The vectors started for exactly this batch, if they were."""
        with self.lock:
            held = self.started.pop(tuple(id(doc) for doc in batch), None)
        if held is None or any(a is not b for a, b in zip(held[0], batch, strict=True)):
            return None
        self.taken += 1
        return held[1]


_AHEAD = 2 * GROUP_TOKENS  # tokens read past a document before it goes on


class EarlyVectors:
    """Starts the recogniser's token vectors on a thread of their own as soon as a batch's
    words are known, while this thread computes the shared vectors, tags and parses.

    The recogniser's network reads only the words (norm, prefix, suffix and shape),
    nothing the tagger or the parser sets, and its products let go of the interpreter
    lock: on a second core it costs the recogniser only a wait for what is not done
    yet. Its batches are those the recogniser will ask for (the same stream cut by the
    same rule, ``groups``), so the numbers are the ones it would compute itself, and a
    batch asked for that was not started is computed as before. Documents go on when
    two batches' worth of words behind them have been read, so that the thread works
    on the next batch while this one parses the last. (The shared network could start
    early too, but then the two threads contend for the interpreter lock and the pair
    is no quicker than the recogniser's alone: bench/README.md.) It works where the
    process gives products two threads (setting ``nlp.threads``); otherwise it passes
    the words on untouched."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.early: _Early | None = None
        self.pool: ThreadPoolExecutor | None = None

    def __call__(self, doc: Doc) -> Doc:
        return doc  # one document: the recogniser computes its vectors when it comes

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        early = self.early
        if early is None or _threads.count < 2:
            yield from docs
            return
        if self.pool is None:
            self.pool = ThreadPoolExecutor(1, thread_name_prefix="newsevents-vectors")
        pool, cutter = self.pool, Grouper(batch_size)
        held: deque[Doc] = deque()
        ahead = 0
        for doc in docs:
            if (batch := cutter.add(doc)) is not None:
                early.start(pool, batch)
            held.append(doc)
            ahead += len(doc)
            while held and ahead - len(held[0]) >= _AHEAD:
                ahead -= len(held[0])
                yield held.popleft()
        if (batch := cutter.finish()) is not None:
            early.start(pool, batch)
        yield from held


@Language.factory("newsevents_early_vectors")
def make_early_vectors(nlp: Language, name: str) -> EarlyVectors:
    return EarlyVectors(nlp, name)
