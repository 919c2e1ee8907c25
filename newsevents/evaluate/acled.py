"""Scoring the ACLED classifier on the CASE 2021 Task 2 snippets (acled_subtypes.jsonl).

Each record is a news snippet of one or more sentences with one label: one of the 25
ACLED sub-event types (``earliest_subtask`` 1) or one of the five CASE classes outside
ACLED (2 or 3). The headline figure follows the shared task: F1 per ACLED class over the
subtask-1 records, averaged with the classes' gold support as weights; on those records a
prediction outside ACLED, or none, is a miss. Figures over all records (30 classes) come
beside it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language

from ..codebook import Codebook
from ..config import Settings
from ..errors import GoldError
from ..events.acled import AcledClassifier
from ..model import Event
from .endtoend import code_rows, most_confident, ratio

NONE = "NONE"
_MAX_TEXT = 20_000  # a snippet is a paragraph or two; longer text is not this data set
_MAX_LINE = 1_000_000


def read_records(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a CASE-style JSONL file: id, text, label, earliest_subtask."""
    try:
        with path.open(encoding="utf-8") as handle:
            for n, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                if len(line) > _MAX_LINE:
                    raise GoldError(f"line {n} is too long", target=str(path))
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise GoldError(f"line {n} is not JSON: {exc}", target=str(path)) from exc
                if not isinstance(row, dict) or "text" not in row or "label" not in row:
                    raise GoldError(f"line {n} lacks text or label", target=str(path))
                yield row
    except FileNotFoundError as exc:
        raise GoldError("dev set not found", target=str(path)) from exc


def _prf(tp: int, predicted: int, support: int) -> dict[str, float | int]:
    precision = tp / predicted if predicted else 0.0
    recall = tp / support if support else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "support": support,
        "predicted": predicted,
    }


def _per_class(pairs: list[tuple[str, str]], classes: set[str]) -> dict[str, dict[str, Any]]:
    gold = Counter(g for g, _ in pairs)
    pred = Counter(p for _, p in pairs)
    hits = Counter(g for g, p in pairs if g == p)
    return {c: _prf(hits[c], pred[c], gold[c]) for c in sorted(classes)}


def _accuracy(pairs: list[tuple[str, str]]) -> float:
    return round(sum(g == p for g, p in pairs) / len(pairs), 3) if pairs else 0.0


def _weighted(per_class: dict[str, dict[str, Any]]) -> float:
    total = sum(int(r["support"]) for r in per_class.values())
    if not total:
        return 0.0
    return round(sum(float(r["f1"]) * int(r["support"]) for r in per_class.values()) / total, 3)


def score_acled(path: Path, nlp: Language, classifier: AcledClassifier) -> dict[str, Any]:
    """Per-class precision/recall/F1, the weighted F1 over the ACLED classes, accuracy and
    the confusion table (gold -> predicted -> count) for a CASE 2021 Task 2 file."""
    rows = list(read_records(path))
    texts = (str(r["text"])[:_MAX_TEXT] for r in rows)
    pairs: list[tuple[str, str]] = []
    acled_pairs: list[tuple[str, str]] = []
    errors: list[dict[str, Any]] = []
    for row, doc in zip(rows, nlp.pipe(texts, batch_size=32), strict=True):
        result = classifier.classify_span(doc)
        got = result.label if result is not None else NONE
        want = str(row["label"]).strip().upper()
        pairs.append((want, got))
        if int(row.get("earliest_subtask", 1)) == 1:
            acled_pairs.append((want, got))
        if got != want:
            errors.append({
                "id": str(row.get("id", "")),
                "gold": want,
                "predicted": got,
                "cues": list(result.cues) if result is not None else [],
            })
    acled_classes = {g for g, _ in acled_pairs}
    acled = _per_class(acled_pairs, acled_classes)
    everything = _per_class(pairs, {g for g, _ in pairs} | {p for _, p in pairs} - {NONE})
    confusion: dict[str, dict[str, int]] = {}
    for (want, got), count in sorted(Counter(pairs).items()):
        confusion.setdefault(want, {})[got] = count
    n, n_acled = len(pairs), len(acled_pairs)
    summary: dict[str, Any] = {
        "records": n,
        "acled_records": n_acled,
        "acled_weighted_f1": _weighted(acled),
        "acled_macro_f1": round(sum(float(r["f1"]) for r in acled.values()) / len(acled), 3)
        if acled
        else 0.0,
        "acled_accuracy": _accuracy(acled_pairs),
        "accuracy": _accuracy(pairs),
        "weighted_f1": _weighted({k: v for k, v in everything.items() if v["support"]}),
        "unlabelled": sum(1 for _, p in pairs if p == NONE),
        "per_class_acled": acled,
        "per_class": everything,
        "confusion": confusion,
        "errors": errors,
    }
    # the eval runner prints "text" when a result has one (and leaves it out of JSON)
    summary["text"] = format_acled(summary)
    return summary


def format_acled(result: dict[str, Any]) -> str:
    """A printable summary: headline figures, per-class table, off-diagonal confusions."""
    lines = [
        f"ACLED sub-event types: {result['records']} records, "
        f"{result['acled_records']} in ACLED classes",
        f"  weighted F1 (ACLED classes)   {result['acled_weighted_f1']:.3f}",
        f"  macro F1 (ACLED classes)      {result['acled_macro_f1']:.3f}",
        f"  accuracy (ACLED classes)      {result['acled_accuracy']:.3f}",
        f"  accuracy (all 30 classes)     {result['accuracy']:.3f}",
        f"  weighted F1 (all classes)     {result['weighted_f1']:.3f}",
        f"  no label given                {result['unlabelled']}",
    ]
    if "no_event_share" in result:
        lines.insert(1, f"  scoring: {result['scoring']}")
        lines.append(f"  records with no event         {result['no_event_share']:.3f}"
                     f" (ACLED classes {result['no_event_share_acled']:.3f})")
    lines.append("  per class                         P      R     F1  support  predicted")
    for label, row in result["per_class"].items():
        lines.append(
            f"    {label:<30} {row['precision']:5.2f}  {row['recall']:5.2f}  {row['f1']:5.2f}"
            f"  {row['support']:7d}  {row['predicted']:9d}"
        )
    off = [
        (count, gold, got)
        for gold, row in result["confusion"].items()
        for got, count in row.items()
        if got != gold
    ]
    if off:
        lines.append("  confusions (gold -> predicted: count)")
        for count, gold, got in sorted(off, key=lambda x: (-x[0], x[1], x[2])):
            lines.append(f"    {gold} -> {got}: {count}")
    return "\n".join(lines)


def event_label(event: Event, codebook: Codebook) -> str | None:
    """The CASE label of an event's ACLED type, None when it carries none."""
    acled = event.acled or {}
    if acled.get("label"):
        return str(acled["label"])
    sub = acled.get("sub_event_type")
    for item in codebook.acled_types():
        if sub and item.sub_event_type == sub:
            return item.label
    return None


def score_acled_end_to_end(path: Path, settings: Settings) -> dict[str, Any]:
    """The CASE 2021 records coded as a corpus; each record's label is the ACLED type of its
    most confident event that carries one (none: a miss)."""
    from ..codebook import load_codebook

    codebook = load_codebook(settings.codebook.extra)
    rows = list(read_records(path))
    coded, rejected = code_rows(
        [(f"r{n}", str(r["text"])[:_MAX_TEXT], None) for n, r in enumerate(rows)], settings
    )
    pairs: list[tuple[str, str]] = []
    acled_pairs: list[tuple[str, str]] = []
    errors: list[dict[str, Any]] = []
    no_event = no_event_acled = 0
    for n, row in enumerate(rows):
        events = coded.get(f"r{n}", [])
        labelled = [(e, event_label(e, codebook)) for e in events]
        carriers = [e for e, label in labelled if label]
        best = most_confident(carriers)
        got = (event_label(best, codebook) if best is not None else None) or NONE
        want = str(row["label"]).strip().upper()
        pairs.append((want, got))
        acled_class = int(row.get("earliest_subtask", 1)) == 1
        no_event += not events
        if acled_class:
            acled_pairs.append((want, got))
            no_event_acled += not events
        if got != want:
            errors.append({
                "id": str(row.get("id", "")),
                "gold": want,
                "predicted": got,
                "events": [f"{e.cameo} {e.rule}" for e in events],
            })
    acled = _per_class(acled_pairs, {g for g, _ in acled_pairs})
    everything = _per_class(pairs, {g for g, _ in pairs} | {p for _, p in pairs} - {NONE})
    confusion: dict[str, dict[str, int]] = {}
    for (want, got), count in sorted(Counter(pairs).items()):
        confusion.setdefault(want, {})[got] = count
    n_all, n_acled = len(pairs), len(acled_pairs)
    summary: dict[str, Any] = {
        "scoring": "end to end (events written by `newsevents code`)",
        "records": n_all,
        "acled_records": n_acled,
        "rejected": rejected,
        "acled_weighted_f1": _weighted(acled),
        "acled_macro_f1": round(sum(float(r["f1"]) for r in acled.values()) / len(acled), 3)
        if acled
        else 0.0,
        "acled_accuracy": _accuracy(acled_pairs),
        "accuracy": _accuracy(pairs),
        "weighted_f1": _weighted({k: v for k, v in everything.items() if v["support"]}),
        "unlabelled": sum(1 for _, p in pairs if p == NONE),
        "no_event_share": ratio(no_event, n_all),
        "no_event_share_acled": ratio(no_event_acled, n_acled),
        "per_class_acled": acled,
        "per_class": everything,
        "confusion": confusion,
        "errors": errors,
    }
    return summary
