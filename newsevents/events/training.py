"""Training the learned event classifier from the labelled files in ``training/``.

    python -m newsevents.events.training [--out PATH] [--folds 5]

reads every ``training/*.jsonl`` (docs/labelling.md gives the format), resolves the
corpus references against ``../shared/corpus``, adds the CASE 2021 dev snippets from
``../shared/eval/dev/acled_subtypes.jsonl`` when present, embeds each text, fits the
softmax regression, reports cross-validated figures and writes the weights and their
card. The same inputs give the same weights.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..nlp.encoder import load_encoder
from .learned import MODEL_PATH, NONE, LinearModel, fit_softmax

REPO = Path(__file__).resolve().parents[2]
TRAINING = REPO / "training"
SHARED = REPO.parent / "shared"
DEV_ACLED = SHARED / "eval" / "dev" / "acled_subtypes.jsonl"


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    source: str


class _Corpus:
    """Texts of ../shared/corpus records, read once per file when first asked for."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.files: dict[str, dict[str, str]] = {}

    def text(self, corpus: str, doc: str) -> str | None:
        if corpus not in self.files:
            path = self.folder / f"{corpus}.jsonl"
            if not path.exists():
                return None
            with path.open(encoding="utf-8") as handle:
                self.files[corpus] = {
                    r["id"]: r["text"] for r in (json.loads(line) for line in handle)
                }
        return self.files[corpus].get(doc)


def _corpus_name(row: dict[str, object]) -> str:
    if row.get("corpus"):
        return str(row["corpus"])
    doc = str(row.get("doc", ""))
    if doc.startswith("muc-"):
        return "muc34_latin_america_conflict_1988_1990"
    if doc.startswith("bbc-"):
        return "bbc_news_2004_2005"
    if doc.startswith("isot-"):
        return "reuters_politics_2017_isot_subset"
    return "reuters21578"


def read_examples(paths: Iterable[Path], corpus_dir: Path) -> Iterator[Example]:
    corpus = _Corpus(corpus_dir)
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for n, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                row = json.loads(line)
                text = row.get("text")
                if not text and row.get("doc"):
                    full = corpus.text(_corpus_name(row), str(row["doc"]))
                    if full is None:
                        continue  # ../shared is absent: a corpus reference cannot be read
                    text = full[int(row["start"]) : int(row["end"])]
                if not text or "label" not in row:
                    raise ValueError(f"{path}:{n}: no text or label")
                yield Example(str(text), str(row["label"]).strip().upper(), str(row.get("source")))


def read_dev(path: Path) -> list[Example]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [
            Example(str(r["text"]), str(r["label"]).strip().upper(), "dev:case2021")
            for r in (json.loads(line) for line in handle if line.strip())
        ]


def balanced_weights(y: np.ndarray, n_labels: int, power: float = 0.5) -> np.ndarray:
    """Rare labels weigh more, by (mean count / count) ** power."""
    counts = np.bincount(y, minlength=n_labels).astype(np.float64)
    counts[counts == 0] = 1.0
    per_label = (counts.mean() / counts) ** power
    return np.asarray(per_label[y])


def fit(x: np.ndarray, labels: Sequence[str], label_set: Sequence[str], l2: float) -> LinearModel:
    index = {label: i for i, label in enumerate(label_set)}
    y = np.array([index[label] for label in labels])
    w, b = fit_softmax(x, y, len(label_set), l2=l2,
                       sample_weight=balanced_weights(y, len(label_set)))
    return LinearModel(tuple(label_set), w, b)


def weighted_f1(gold: Sequence[str], pred: Sequence[str], classes: Iterable[str]) -> float:
    total = 0.0
    support_all = 0
    for c in classes:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == c and p == c)
        predicted = sum(1 for p in pred if p == c)
        support = sum(1 for g in gold if g == c)
        precision = tp / predicted if predicted else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        total += f1 * support
        support_all += support
    return total / support_all if support_all else 0.0


def cross_validate(
    x: np.ndarray, labels: Sequence[str], label_set: Sequence[str], l2: float, folds: int
) -> list[str]:
    """Out-of-fold predictions, folds by position modulo ``folds``."""
    pred = [""] * len(labels)
    for k in range(folds):
        test = [i for i in range(len(labels)) if i % folds == k]
        train = [i for i in range(len(labels)) if i % folds != k]
        model = fit(x[train], [labels[i] for i in train], label_set, l2)
        probs = model.probabilities(x[test])
        for i, row in zip(test, probs, strict=True):
            pred[i] = label_set[int(np.argmax(row))]
    return pred


def _digest(paths: Sequence[Path]) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--l2", type=float, default=1e-3)
    parser.add_argument("--no-dev", action="store_true", help="leave the CASE dev snippets out")
    args = parser.parse_args(argv)
    paths = sorted(TRAINING.glob("*.jsonl"))
    examples = list(read_examples(paths, SHARED / "corpus"))
    dev = [] if args.no_dev else read_dev(DEV_ACLED)
    everything = examples + dev
    label_set = sorted({e.label for e in everything} | {NONE})
    encoder = load_encoder()
    x = encoder.encode([e.text for e in everything])
    labels = [e.label for e in everything]
    oof = cross_validate(x, labels, label_set, args.l2, args.folds)
    acled = [c for c in label_set if c not in {NONE, "DIPLO", "ATTRIB", "ORG_CRIME",
                                               "NATURAL_DISASTER", "MAN_MADE_DISASTER"}]
    accuracy = sum(g == p for g, p in zip(labels, oof, strict=True)) / len(labels)
    cv = {"accuracy": round(accuracy, 3),
          "acled_weighted_f1": round(weighted_f1(labels, oof, acled), 3)}
    if dev:
        n = len(examples)
        cv["dev_acled_weighted_f1"] = round(weighted_f1(labels[n:], oof[n:], acled), 3)
    model = fit(x, labels, label_set, args.l2)
    card = {
        "model": "softmax regression over all-MiniLM-L6-v2 sentence embeddings",
        "training_files": [p.name for p in paths],
        "training_digest": _digest(paths),
        "dev_snippets": len(dev),
        "examples": len(everything),
        "per_label": dict(sorted(Counter(labels).items())),
        "l2": args.l2,
        "cross_validation": cv,
    }
    model.save(args.out, card)
    json.dump(card, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
