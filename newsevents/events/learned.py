"""The learned event classifier: which kind of event a sentence reports, if any.

A multinomial logistic regression over frozen all-MiniLM-L6-v2 sentence embeddings
(nlp/encoder.py) gives each sentence a probability for each label: the 25 ACLED
sub-event types (CASE 2021 spellings), the five CASE classes outside ACLED, and NONE.
It sits beside the rules: the dictionary and the parse still find actors, roles,
modality and attributes, while the classifier decides what kind of violence, protest
or development a sentence reports, and finds the events nobody is named as doing.

The weights live in ``data/event_classifier.npz`` with a card (``.json``) saying what
they were trained on; ``newsevents.events.training`` rebuilds both from ``training/``
(docs/labelling.md).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..errors import CodebookError
from ..nlp.encoder import SentenceEncoder, load_encoder

DATA = Path(__file__).resolve().parent / "data"
MODEL_PATH = DATA / "event_classifier.npz"
NONE = "NONE"


@dataclass(frozen=True)
class Prediction:
    """A sentence's reading: its likeliest label, and apart from that how likely it reports
    an event of the kinds coded at all (the probabilities of those labels summed) and
    which of them it is."""

    label: str
    probability: float
    event_label: str
    event_probability: float
    event_label_probability: float = 0.0


@dataclass(frozen=True)
class LinearModel:
    """Softmax regression: ``probabilities(x) = softmax(x @ weights + bias)``."""

    labels: tuple[str, ...]
    weights: np.ndarray  # (features, labels)
    bias: np.ndarray  # (labels,)

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        logits = x @ self.weights + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        out: np.ndarray = e / e.sum(axis=1, keepdims=True)
        return out

    def save(self, path: Path, card: dict[str, object]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp.npz")
        np.savez_compressed(
            tmp,
            labels=np.array(self.labels),
            weights=self.weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
        )
        tmp.replace(path)
        path.with_suffix(".json").write_text(
            json.dumps(card, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        try:
            with np.load(path, allow_pickle=False) as data:
                labels = tuple(str(x) for x in data["labels"])
                weights = np.asarray(data["weights"], dtype=np.float32)
                bias = np.asarray(data["bias"], dtype=np.float32)
        except (OSError, KeyError, ValueError) as exc:
            raise CodebookError(
                f"cannot read the classifier weights: {exc}", target=str(path)
            ) from exc
        if weights.shape != (weights.shape[0], len(labels)) or bias.shape != (len(labels),):
            raise CodebookError("classifier weights and labels do not agree", target=str(path))
        return cls(labels, weights, bias)


def fit_softmax(
    x: np.ndarray,
    y: np.ndarray,
    n_labels: int,
    *,
    l2: float = 1e-3,
    sample_weight: np.ndarray | None = None,
    steps: int = 600,
    rate: float = 0.5,
) -> tuple[np.ndarray, np.ndarray]:
    """Weights and bias of an L2-regularised softmax regression, by full-batch gradient
    descent with Nesterov momentum (the problem is small and convex)."""
    n, d = x.shape
    w = np.zeros((d, n_labels), dtype=np.float64)
    b = np.zeros(n_labels, dtype=np.float64)
    vw, vb = np.zeros_like(w), np.zeros_like(b)
    onehot = np.zeros((n, n_labels))
    onehot[np.arange(n), y] = 1.0
    sw = np.ones(n) if sample_weight is None else sample_weight.astype(np.float64)
    sw = sw / sw.sum()
    x64 = x.astype(np.float64)
    momentum = 0.9
    for _ in range(steps):
        lw, lb = w + momentum * vw, b + momentum * vb
        logits = x64 @ lw + lb
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        err = (p - onehot) * sw[:, None]
        gw = x64.T @ err + l2 * lw
        gb = err.sum(axis=0)
        vw = momentum * vw - rate * gw
        vb = momentum * vb - rate * gb
        w += vw
        b += vb
    return w.astype(np.float32), b.astype(np.float32)


class EventClassifier:
    """Sentences in, a label and its probability out.

    ``event_labels`` are the labels that are events of the kinds the coder codes (the
    ACLED sub-event types); NONE and the classes outside ACLED are not."""

    def __init__(
        self,
        model: LinearModel,
        event_labels: frozenset[str],
        encoder_dir: str = "",
        layers: int = 6,
    ):
        self.model = model
        self.encoder_dir = encoder_dir
        self.layers = layers
        self.max_tokens = 128  # word pieces a sentence is cut at
        self.events = np.array([label in event_labels for label in model.labels])

    @property
    def encoder(self) -> SentenceEncoder:
        # loaded on first use: a coder whose reading is done by a child process
        # (nlp/reader.py) never needs the weights itself
        return load_encoder(self.encoder_dir, self.layers, self.max_tokens)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return self.encoder.encode(texts)

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        return self.read(self.embed(texts)) if texts else []

    def read(self, vectors: np.ndarray) -> list[Prediction]:
        """The predictions for sentences' unit vectors (``embed``), in their order."""
        if not len(vectors):
            return []
        probs = self.model.probabilities(vectors)
        out = []
        for row in probs:
            first = int(np.argmax(row))
            events = np.where(self.events, row, -1.0)
            best = int(np.argmax(events))
            out.append(
                Prediction(
                    self.model.labels[first],
                    float(row[first]),
                    self.model.labels[best] if self.events.any() else NONE,
                    float(row[self.events].sum()),
                    float(row[best]) if self.events.any() else 0.0,
                )
            )
        return out


@lru_cache(maxsize=2)
def load_classifier(
    event_labels: frozenset[str], path: str = "", encoder_dir: str = "", layers: int = 6
) -> EventClassifier:
    model = LinearModel.load(Path(path) if path else MODEL_PATH)
    return EventClassifier(model, event_labels, encoder_dir, layers)
