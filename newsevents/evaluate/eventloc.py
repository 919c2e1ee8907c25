"""Event location, end to end: the location of the coded event nearest the gold verb.

Records (event_location.jsonl) hold a sentence, the gold ``verb`` span and the
``event_locations`` spans where that event happened. The sentence is coded as a corpus
line; the event whose trigger lies nearest the gold verb is taken, and its location is
right when its name or text matches a gold span's text (equal, or one holding the other
as whole words). No event, or an event with no location, is a miss. Sentences whose gold
locations are all empty spans (an artefact of the source's relabelling) are skipped.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..config import Settings
from ..model import Event
from .devsets import read_jsonl
from .endtoend import code_rows, ratio


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def name_matches(got: str, gold: str) -> bool:
    """Equal, or one holds the other as whole words ("Homs" and "Homs province")."""
    a, b = _norm(got), _norm(gold)
    if not a or not b:
        return False
    return a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} "


def nearest(events: list[Event], start: int) -> Event | None:
    best: tuple[int, Event] | None = None
    for e in events:
        if e.trigger_span is None:
            continue
        distance = abs(e.trigger_span[0] - start)
        if best is None or distance < best[0]:
            best = (distance, e)
    return best[1] if best else None


def score_event_location_end_to_end(path: Path, settings: Settings) -> dict[str, Any]:
    rows = [r for r in read_jsonl(path) if r.get("verb")]
    coded, rejected = code_rows(
        [(f"r{n}", str(r["text"]), None) for n, r in enumerate(rows)], settings
    )
    with_n = with_ok = none_n = none_ok = skipped = no_event = 0
    errors: list[dict[str, Any]] = []
    for n, row in enumerate(rows):
        text = str(row["text"])
        golds = [(int(g["start"]), int(g["end"])) for g in row.get("event_locations") or []]
        spans = [g for g in golds if g[1] > g[0]]
        if golds and not spans:
            skipped += 1
            continue
        events = coded.get(f"r{n}", [])
        event = nearest(events, int(row["verb"][0]["start"]))
        location = event.location if event is not None else None
        if spans:
            with_n += 1
            no_event += event is None
            names = [x for x in (location.name, location.text) if x] if location else []
            ok = any(name_matches(x, text[s:e]) for x in names for s, e in spans)
            with_ok += ok
        else:
            none_n += 1
            ok = location is None
            none_ok += ok
        if not ok:
            errors.append({
                "id": row.get("id"),
                "verb": row["verb"][0].get("text"),
                "gold": [text[s:e] for s, e in spans],
                "event": f"{event.cameo} {event.trigger}" if event else None,
                "chosen": (location.text or location.name) if location else None,
            })
    return {
        "set": "event_location",
        "scoring": "end to end (events written by `newsevents code`)",
        "sentences": len(rows),
        "rejected": rejected,
        "with_location": with_n,
        "accuracy_with_location": ratio(with_ok, with_n),
        "no_event_with_location": no_event,
        "no_location": none_n,
        "accuracy_no_location": ratio(none_ok, none_n),
        "skipped_empty_gold": skipped,
        "errors": errors,
    }
