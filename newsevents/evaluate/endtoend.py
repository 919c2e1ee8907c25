"""End-to-end scoring: the labelled records coded as `newsevents code` codes a corpus,
and the events it writes scored, as a user would get them.

Every scorer here writes the records as corpus lines (id, text, date) to a temporary
JSONL file, codes it through the same batch path as ``newsevents code --events-out``
(events only), and reads the answer off the events alone; no component is handed the
gold verb. How each set is read (see ../shared/eval/README.md):

- ACLED (CASE 2021 Task 2): the sub-type of the most confident event that carries one;
  no such event is a miss.
- Event location: the location of the event whose trigger lies nearest the gold verb,
  matched by name against the gold place spans; no event is a miss.
- MUC-4: a message is detected when it yields an incident event (muc4.py says which);
  slots are recalled by whole-word containment in the events' actors and places.
- IndiaPoliceEvents: document labels from events whose source is the police (police.py).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..config import Settings
from ..model import Event, Rejection
from ..run.batch import code_inputs

Row = tuple[str, str, str | None]  # id, text, date


def code_rows(rows: Sequence[Row], settings: Settings) -> tuple[dict[str, list[Event]], int]:
    """Events per record id, and how many records were rejected (they have none)."""
    events: dict[str, list[Event]] = {doc_id: [] for doc_id, _, _ in rows}
    rejected = 0
    with tempfile.TemporaryDirectory(prefix="newsevents-eval-") as tmp:
        corpus = Path(tmp) / "records.jsonl"
        with corpus.open("w", encoding="utf-8") as handle:
            for doc_id, text, day in rows:
                handle.write(json.dumps({"id": doc_id, "text": text, "date": day}) + "\n")
        for entry in code_inputs([str(corpus)], settings, outputs=frozenset({"events"})):
            if isinstance(entry, Rejection):
                rejected += 1
                continue
            events.setdefault(entry.document.id, []).extend(entry.events)
    return events, rejected


def is_check(path: Path) -> bool:
    """Records under a folder named ``check`` are measured only: no per-record output."""
    return path.resolve().parent.name == "check"


REDACTED = ("errors", "confusion", "misses", "per_class", "per_class_acled", "confusion_table")


def redact(result: dict[str, Any]) -> dict[str, Any]:
    """Headline figures only: a check set's errors must not be read (eval/README.md)."""
    out = {k: v for k, v in result.items() if k not in REDACTED and k != "text"}
    out["note"] = "check set: aggregate figures only"
    return out


def prf(tp: int, predicted: int, support: int) -> dict[str, float | int]:
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


def ratio(n: int, d: int) -> float:
    return round(n / d, 3) if d else 0.0


def most_confident(events: Iterable[Event]) -> Event | None:
    """The most confident event (ties: the earliest in the text)."""
    best: Event | None = None
    for e in events:
        if best is None or e.confidence > best.confidence:
            best = e
    return best
