"""The model's entity recogniser with its greedy decoding done in numpy.

spaCy decodes the recogniser's transitions in compiled code, one state at a
time; the wheels for Python 3.11 are built with Cython's profiling hooks, and
every small inline call in that loop (the state's buffer lookups, each move's
validity test) takes and drops the GIL to ask whether a profiler listens. That
made the recogniser the dearest component by far (47% of the coder's time,
bench/README.md), although it has fewer moves to make than the parser.

Here the same network is run through spaCy's own layers (the token vectors and
the precomputed first layer), and the decoding loop advances every document of
a batch at once with array operations: the same sums in the same order, the
same matrix product (thinc's BLIS), the same first-best move among the valid
ones. The entities are the same as spaCy's on every token (tests/nlp/
test_fastner.py compares them over real articles). Anything this decoder does
not model (entities set before it runs, a beam, classes the model never saw,
another network shape) leaves the work to spaCy's own component.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy
from spacy.attrs import ENT_IOB, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from .fastrules import groups, swap

BEGIN, IN, LAST, UNIT, OUT = range(5)
_KINDS = {"B": BEGIN, "I": IN, "L": LAST, "U": UNIT}
_FEATURES = 3  # the recogniser reads the next word, the open entity's first word, the last word


class FastEntityRecognizer:
    """``ner`` with the decoding loop vectorised over the documents of a batch."""

    def __init__(self, nlp: Language, name: str):
        self.vocab = nlp.vocab
        self.name = name
        self.source: Any = None
        self.layers: tuple[Any, Any, Any] | None = None
        self.kind = numpy.zeros(0, dtype=numpy.int64)
        self.label = numpy.zeros(0, dtype=numpy.int64)
        self.label_ids: list[int] = []

    def take_rules(self, ner: Any) -> None:
        """Read the network and the moves of a spaCy EntityRecognizer."""
        self.source = ner
        if not decodable(ner):
            return  # spaCy's own decoding does the work (see __call__)
        tok2vec, lower, upper = ner.model.layers
        self.layers = (tok2vec, lower, upper)
        names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
        labels = sorted({n[2:] for n in names if n[1:2] == "-" and n[2:]})
        self.label_ids = [self.vocab.strings.add(label) for label in labels]
        kind = numpy.full(len(names), -1, dtype=numpy.int64)  # -1: never valid here
        label = numpy.full(len(names), -1, dtype=numpy.int64)
        for i, move in enumerate(names):
            if move == "O":
                kind[i] = OUT
            elif move[1:2] == "-" and move[2:] and move[0] in _KINDS:
                kind[i], label[i] = _KINDS[move[0]], labels.index(move[2:])
        self.kind, self.label = kind, label

    def __call__(self, doc: Doc) -> Doc:
        for _ in self.pipe([doc]):
            pass
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in groups(docs, batch_size):
            if self.layers is None or any(_has_entities(d) for d in batch):
                yield from self.source.pipe(batch, batch_size=batch_size)
                continue
            self._annotate(batch)
            yield from batch

    def _annotate(self, docs: list[Doc]) -> None:
        assert self.layers is not None
        found = decode(self.layers, self.kind, self.label, docs)
        for doc, entities in zip(docs, found, strict=True):
            spans = [Span(doc, s, e, label=self.label_ids[lab]) for s, e, lab in entities]
            # no entity was set before (checked in pipe), so every other token is outside
            doc.set_ents(spans, default="outside")


def decodable(ner: Any) -> bool:
    """Whether the component is the greedy, three-feature recogniser this module decodes."""
    model = ner.model
    try:
        _, lower, upper = model.layers
        shapes_ok = (
            model.attrs.get("has_upper") is True
            and not model.attrs.get("unseen_classes")
            and lower.get_dim("nF") == _FEATURES
            and upper.get_dim("nO") == ner.moves.n_moves
        )
    except (ValueError, KeyError, AttributeError):
        return False
    return bool(
        shapes_ok
        and ner.cfg.get("beam_width", 1) == 1
        and type(ner.moves).__name__ == "BiluoPushDown"
        and getattr(upper.ops, "use_blis", False)  # spaCy's loop multiplies with BLIS too
    )


def _has_entities(doc: Doc) -> bool:
    return bool(len(doc)) and bool(doc.to_array(ENT_IOB).any())


def decode(
    layers: tuple[Any, Any, Any], kind: numpy.ndarray, label: numpy.ndarray, docs: list[Doc]
) -> list[list[tuple[int, int, int]]]:
    """Entities (start, end, label index) of each document, as spaCy's greedy parse finds them.

    Every move reads one word, so each document takes exactly as many steps as it has
    tokens; all documents of the batch step together."""
    found: list[list[tuple[int, int, int]]] = [[] for _ in docs]
    lengths = numpy.array([len(d) for d in docs], dtype=numpy.int64)
    if not lengths.any():
        return found
    tok2vec, lower, upper = layers
    tokvecs = tok2vec.predict(docs)
    cached, _ = lower(tokvecs, is_train=False)  # row 0: padding; row i + 1: token i
    n_hidden, pieces = cached.shape[2], cached.shape[3]
    cached = cached.reshape(cached.shape[0], _FEATURES, n_hidden * pieces)
    bias = lower.get_param("b").reshape(1, n_hidden * pieces)
    weights, out_bias, ops = upper.get_param("W"), upper.get_param("b"), upper.ops
    offsets = numpy.concatenate(([0], numpy.cumsum(lengths)[:-1]))
    # one slot past the end, so "the next word" can be read for the last one too
    space = numpy.concatenate([d.to_array(IS_SPACE).astype(bool) for d in docs] + [[False]])
    starts = numpy.concatenate([d.to_array(SENT_START).astype(numpy.int64) for d in docs] + [[0]])
    is_b, is_i, is_l = kind == BEGIN, kind == IN, kind == LAST
    is_u, is_o = kind == UNIT, kind == OUT
    position = numpy.zeros(len(docs), dtype=numpy.int64)  # the next word of each document
    is_open = numpy.zeros(len(docs), dtype=bool)
    open_start = numpy.zeros(len(docs), dtype=numpy.int64)
    open_label = numpy.full(len(docs), -1, dtype=numpy.int64)
    active = numpy.flatnonzero(lengths)
    while len(active):
        b = position[active]
        word = offsets[active] + b
        opened = is_open[active]
        # the three features' rows, summed from zero in spaCy's order
        hidden = numpy.zeros((len(active), n_hidden * pieces), dtype=numpy.float32)
        hidden += cached[word + 1, 0]
        hidden += cached[numpy.where(opened, offsets[active] + open_start[active] + 1, 0), 1]
        hidden += cached[numpy.where(opened, word, 0), 2]
        hidden += bias
        best = hidden.reshape(len(active), n_hidden, pieces).max(axis=2)
        scores = ops.gemm(best, weights, trans2=True)
        scores += out_bias
        two_left = lengths[active] - b >= 2
        sentence_next = two_left & (starts[word + 1] == 1)
        on_space = space[word]
        same = label[None, :] == open_label[active][:, None]
        valid = (
            (is_b[None, :] & (~opened & two_left & ~sentence_next & ~on_space)[:, None])
            | (is_i[None, :] & (opened & two_left & ~sentence_next)[:, None] & same)
            | (is_l[None, :] & opened[:, None] & same)
            | (is_u[None, :] & (~opened & ~on_space)[:, None])
            | (is_o[None, :] & ~opened[:, None])
        )
        move = numpy.where(valid, scores, -numpy.inf).argmax(axis=1)
        kinds, labels = kind[move], label[move]
        for j in numpy.flatnonzero((kinds == LAST) | (kinds == UNIT)):
            doc = active[j]
            start = open_start[doc] if kinds[j] == LAST else b[j]
            found[doc].append((int(start), int(b[j]) + 1, int(labels[j])))
        begun = active[kinds == BEGIN]
        open_start[begun], open_label[begun] = position[begun], labels[kinds == BEGIN]
        is_open[begun] = True
        is_open[active[kinds == LAST]] = False
        position[active] += 1
        active = active[position[active] < lengths[active]]
    return found


def speed_up(nlp: Language) -> None:
    """Swap the model's entity recogniser for this decoder where it can decode it."""
    if "ner" in nlp.pipe_names and decodable(nlp.get_pipe("ner")):
        swap(nlp, "ner", "newsevents_ner")


@Language.factory("newsevents_ner", assigns=["doc.ents", "token.ent_iob", "token.ent_type"])
def make_entity_recognizer(nlp: Language, name: str) -> FastEntityRecognizer:
    return FastEntityRecognizer(nlp, name)
