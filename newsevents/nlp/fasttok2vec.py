"""The model's token-vector networks, computed with less work and the same numbers.

Each of the model's tok2vec networks (the shared one and the entity recogniser's
own) is an embedding of every token followed by four convolutions over windows
of three tokens; together they were half of the coder's time. Two things make
them cheaper here, each giving the same numbers bit for bit
(tests/nlp/test_fasttok2vec.py compares them over real articles):

- **Embeddings kept per distinct token.** The embedding looks up four hashed
  features of a token (its norm, prefix, suffix and shape), concatenates them
  and mixes them by a maxout layer with layer normalisation: every step works
  on one token's row alone, so the same four features always give the same row.
  In news a few thousand words make up most of the text (about 10,000 distinct
  rows among the 92,000 tokens of 300 Reuters articles), so the rows of
  features a batch has not met before are computed, through the network's own
  layers, and the others copied from what was kept.
- **Windows and maxout as plain array operations.** thinc's compiled window
  and maxout loops also write what training needs (the winning piece of each
  unit) and test bounds per element; here the window is three shifted copies
  and the maxout an elementwise maximum over the pieces, after the same BLIS
  product with the same bias.

Where the process has a second core to itself, vectorthreads.py also shares the
maxouts' products between two threads and starts the recogniser's vectors early.

Training goes through the layers as they were; a network of another shape
(static vectors, character embeddings) is left as it is.
"""

from __future__ import annotations

import threading
from typing import Any, cast

import numpy
from spacy.language import Language
from thinc.api import Model

from . import vectorthreads
from .vectorthreads import REMEMBERED, Net, prediction_only, remembers

_ROWS = 100_000  # rows kept per network before the store starts again (about 38 MB)
_PER_ROW = ("maxout", "layernorm", "dropout")


def speed_up(nlp: Language) -> int:
    """Make the pipeline's token-vector networks cheaper; how many embeddings keep rows."""
    networks: list[Net] = [
        component.model for _, component in nlp.pipeline  # type: ignore[attr-defined]
        if isinstance(getattr(component, "model", None), Model)
    ]
    found: list[tuple[Net, int]] = []
    for model in networks:
        found.extend(
            (node, i)
            for node in model.walk()
            if node.name != REMEMBERED
            for i, layer in enumerate(node.layers)
            if _plain_embedding(layer)
        )
    wrapped: dict[int, Net] = {}  # a network two components share is wrapped once
    for node, i in found:
        layer = node.layers[i]
        if id(layer) not in wrapped:
            wrapped[id(layer)] = _remembering(layer)
        node.layers[i] = wrapped[id(layer)]
    for model in networks:
        _array_steps(model)
    return len(wrapped)


def _array_steps(model: Net) -> None:
    """Swap the windows and maxouts of a network with a remembered embedding."""
    if not remembers(model):
        return
    for node in list(model.walk()):
        for i, layer in enumerate(node.layers):
            if layer.name == "expand_window" and not layer.layers:
                node.layers[i] = Model("expand_window", _window, layers=[layer])
            elif layer.name == "maxout" and not layer.layers and layer.has_param("W"):
                node.layers[i] = Model("maxout", _maxout, layers=[layer],
                                       dims={"nO": layer.get_dim("nO")})


def _window(model: Net, X: Any, is_train: bool) -> tuple[Any, Any]:
    """Each row beside the ``n`` rows before and after it, zeros past the ends."""
    if is_train or not isinstance(X, numpy.ndarray) or X.ndim != 2:
        return cast(tuple[Any, Any], model.layers[0](X, is_train))
    n = model.layers[0].attrs["window_size"]
    rows, width = X.shape
    out = numpy.zeros((rows, 2 * n + 1, width), dtype=X.dtype)
    for k in range(-n, n + 1):  # column block k + n holds row i + k
        if k < 0:
            out[-k:, k + n] = X[:k]
        elif k == 0:
            out[:, n] = X
        else:
            out[:-k, k + n] = X[k:]
    return out.reshape(rows, (2 * n + 1) * width), prediction_only


def _maxout(model: Net, X: Any, is_train: bool) -> tuple[Any, Any]:
    """thinc's maxout for prediction: the same product and bias, then the best piece."""
    layer = model.layers[0]
    if is_train or not isinstance(X, numpy.ndarray):
        return cast(tuple[Any, Any], layer(X, is_train))
    n_out, pieces, n_in = layer.get_dim("nO"), layer.get_dim("nP"), layer.get_dim("nI")
    weights = numpy.asarray(layer.get_param("W")).reshape(n_out * pieces, n_in)
    if getattr(layer.ops, "use_blis", False) and X.dtype == weights.dtype == numpy.float32:
        scores = vectorthreads.product(X, weights)
    else:
        scores = numpy.asarray(layer.ops.gemm(cast(Any, X), cast(Any, weights), trans2=True))
    scores += numpy.asarray(layer.get_param("b")).reshape(n_out * pieces)
    units = scores.reshape(len(scores), n_out, pieces)
    best = units[:, :, 0]
    for piece in range(1, pieces):  # elementwise on views: no winning index kept
        best = numpy.maximum(best, units[:, :, piece])
    return numpy.ascontiguousarray(best), prediction_only


def _plain_embedding(layer: Net) -> bool:
    """extract_features >> list2ragged >> with_array(hashembeds) >> with_array(per row)
    >> ragged2list: spaCy's MultiHashEmbed without static vectors."""
    parts = layer.layers
    if len(parts) != 5 or [p.name for p in (parts[0], parts[1], parts[4])] != [
        "extract_features", "list2ragged", "ragged2list"
    ]:
        return False
    lookup, mix = parts[2], parts[3]
    if not (lookup.name.startswith("with_array(") and mix.name.startswith("with_array(")):
        return False
    tables = lookup.layers[0].layers if lookup.layers else []
    if not tables or lookup.layers[0].name.count("hashembed") != len(tables):
        return False
    if any(t.name != "ints-getitem>>hashembed" for t in tables):
        return False
    names = {node.name for node in mix.layers[0].walk() if not node.layers}
    return bool(names) and names <= set(_PER_ROW)  # no step reads another row


def _remembering(embed: Net) -> Net:
    store = _Rows(embed)
    return Model(
        REMEMBERED,
        _forward,
        layers=[embed],
        attrs={"rows": store},
        dims={"nO": embed.get_dim("nO") if embed.has_dim("nO") else None},
    )


def _forward(model: Net, docs: Any, is_train: bool) -> tuple[Any, Any]:
    if is_train:
        return cast(tuple[Any, Any], model.layers[0](docs, is_train))
    return model.attrs["rows"](docs), prediction_only


class _Rows:
    """The embedded rows met so far, by the four feature values that decide them."""

    def __init__(self, embed: Net):
        self.extract = embed.layers[0]
        self.lookup = embed.layers[2].layers[0]
        self.mix = embed.layers[3].layers[0]
        self.where: dict[bytes, int] = {}
        self.rows: numpy.ndarray | None = None
        self.used = 0
        self.lock = threading.Lock()

    def __call__(self, docs: Any) -> list[Any]:
        features = self.extract.predict(docs)
        lengths = [len(f) for f in features]
        if not sum(lengths):
            return [self.mix.predict(self.lookup.predict(f)) for f in features]
        table = numpy.ascontiguousarray(numpy.concatenate(features), dtype=numpy.uint64)
        keys = table.view(numpy.dtype((numpy.void, 8 * table.shape[1]))).ravel()
        distinct, first, inverse = numpy.unique(keys, return_index=True, return_inverse=True)
        with self.lock:
            rows = self._rows_of(distinct.tolist(), table[first])
            out = rows[inverse.ravel()]
        return numpy.split(out, numpy.cumsum(lengths)[:-1])

    def _rows_of(self, distinct: list[bytes], table: numpy.ndarray) -> numpy.ndarray:
        """The rows of these distinct feature rows, computing those not met."""
        where = self.where
        found = [where.get(key, -1) for key in distinct]
        new = [i for i, at in enumerate(found) if at < 0]
        if new:
            if self.used + len(new) > _ROWS:  # the store is full: start again
                where.clear()
                self.used = 0
                found = [-1] * len(distinct)
                new = list(range(len(distinct)))
            computed = self.mix.predict(self.lookup.predict(table[new]))
            rows = self._room(self.used + len(new), computed)
            rows[self.used : self.used + len(new)] = computed
            for n, i in enumerate(new, self.used):
                where[distinct[i]] = n
                found[i] = n
            self.used += len(new)
        assert self.rows is not None
        return self.rows[numpy.asarray(found, dtype=numpy.int64)]

    def _room(self, needed: int, like: numpy.ndarray) -> numpy.ndarray:
        """The store, grown (by doubling, up to its cap) to hold ``needed`` rows."""
        if self.rows is not None and len(self.rows) >= needed:
            return self.rows
        size = max(needed, min(_ROWS, 2 * len(self.rows) if self.rows is not None else 4096))
        rows = numpy.empty((size, like.shape[1]), dtype=like.dtype)
        if self.rows is not None and self.used:
            rows[: self.used] = self.rows[: self.used]
        self.rows = rows
        return rows
