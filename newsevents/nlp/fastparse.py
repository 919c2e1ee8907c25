"""The model's dependency parser, its greedy loop driven from Python with numpy scores.

spaCy's parser runs its transition loop in compiled code without the GIL; the
Python 3.11 wheels carry Cython's profiling hooks, so each small inline call in
that loop (the state's stack and buffer lookups, each move's validity test, the
maxout of every hidden unit) takes and drops the GIL: most of the parser's time
(fastner.py explains the same for the entity recogniser).

Here the loop runs step by step from Python, holding the GIL, which makes those
hooks cheap: the features of every unfinished state come from spaCy's own code
(``get_token_ids``), the scores from the same network with the same sums in the
same order and the same BLIS product, and the move from spaCy's own validity
tests and transitions (``transition_states``); the parse is written by the
parser's own ``set_annotations`` (sentence starts, projectivity). The parse is
the same as spaCy's on every token (tests/nlp/test_fastparse.py). A parser this
does not model (a beam, classes the model never saw, another network) keeps
spaCy's own loop.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy
from spacy.language import Language
from spacy.ml.parser_model import ParserStepModel
from spacy.tokens import Doc

from .fastrules import groups, swap


class _Features:
    """What ParserStepModel.get_token_ids reads of its model: the number of features."""

    def __init__(self, n: int) -> None:
        self.state2vec = self
        self.nF = n


class FastParser:
    """``parser`` with its loop stepped from Python and its scores from numpy."""

    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.source: Any = None
        self.layers: tuple[Any, Any, Any] | None = None

    def take_rules(self, parser: Any) -> None:
        self.source = parser
        if decodable(parser):
            tok2vec, lower, upper = parser.model.layers
            self.layers = (tok2vec, lower, upper)

    def __call__(self, doc: Doc) -> Doc:
        for _ in self.pipe([doc]):
            pass
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in groups(docs, batch_size):
            if self.layers is None:
                yield from self.source.pipe(batch, batch_size=batch_size)
                continue
            self.source.set_annotations(batch, self._parse(batch))
            yield from batch

    def _parse(self, docs: list[Doc]) -> list[Any]:
        """The final states of spaCy's greedy parse of ``docs``."""
        assert self.layers is not None
        parser = self.source
        batch = parser.moves.init_batch(docs)
        if not any(len(doc) for doc in docs):
            return list(batch)
        parser._ensure_labels_are_added(docs)
        tok2vec, lower, upper = self.layers
        cached, _ = lower(tok2vec.predict(docs), is_train=False)  # row 0: padding
        features, n_hidden, pieces = cached.shape[1], cached.shape[2], cached.shape[3]
        cached = cached.reshape(cached.shape[0], features, n_hidden * pieces)
        bias = lower.get_param("b").reshape(1, n_hidden * pieces)
        weights, out_bias, ops = upper.get_param("W"), upper.get_param("b"), upper.ops
        model = _Features(features)
        states = [s for s in batch if not s.is_final()]
        while states:
            rows = ParserStepModel.get_token_ids(model, states) + 1
            # each state's features summed from zero, in order, as spaCy adds them
            hidden = numpy.zeros((len(states), n_hidden * pieces), dtype=numpy.float32)
            for f in range(features):
                hidden += cached[rows[:, f], f]
            hidden += bias
            scores = ops.gemm(maxout(hidden.reshape(len(states), n_hidden, pieces)), weights,
                              trans2=True)
            scores += out_bias
            states = parser.transition_states(states, scores)
        return list(batch)


def maxout(units: numpy.ndarray) -> numpy.ndarray:
    """The largest piece of each hidden unit (pieces on the last axis)."""
    best = units[:, :, 0]
    for piece in range(1, units.shape[2]):  # elementwise on views: quicker than max(axis=2)
        best = numpy.maximum(best, units[:, :, piece])
    return numpy.ascontiguousarray(best)


def decodable(parser: Any) -> bool:
    """Whether the component is the greedy arc-eager parser this module steps."""
    model = parser.model
    try:
        _, lower, upper = model.layers
        shapes_ok = (
            model.attrs.get("has_upper") is True
            and not model.attrs.get("unseen_classes")
            and upper.get_dim("nO") == parser.moves.n_moves
            and lower.get_dim("nP") >= 1
        )
    except (ValueError, KeyError, AttributeError):
        return False
    return bool(
        shapes_ok
        and parser.cfg.get("beam_width", 1) == 1
        and type(parser.moves).__name__ == "ArcEager"
        and getattr(upper.ops, "use_blis", False)  # spaCy's loop multiplies with BLIS too
    )


def speed_up(nlp: Language) -> None:
    """Swap the model's parser for this one where it can step it."""
    if "parser" in nlp.pipe_names and decodable(nlp.get_pipe("parser")):
        swap(nlp, "parser", "newsevents_parser")


@Language.factory(
    "newsevents_parser",
    assigns=["token.dep", "token.head", "token.is_sent_start", "doc.sents"],
)
def make_parser(nlp: Language, name: str) -> FastParser:
    return FastParser(nlp, name)
