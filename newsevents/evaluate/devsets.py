"""Scorers for the sentence-level dev sets: PLOVER GSR and CAMEO sentences.

Each record is one sentence with one (PLOVER) or several (CAMEO) gold
events. The coder's "main" event for a sentence is the one whose trigger
stands highest in the parse, as a human coder reads the main clause.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from ..errors import GoldError
from ..model import Actor, CodedDocument, Document, Event
from ..nlp import pipeline
from ..run import Coder

# Old CAMEO country codes some gold files still use.
_LEGACY_COUNTRY = {
    "JAP": "JPN",
    "ROM": "ROU",
    "ZAR": "COD",
    "TMP": "TLS",
    "YUG": "SRB",
    "ITL": "ITA",
    "VTN": "VNM",
}


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    try:
        with path.open(encoding="utf-8") as handle:
            for n, line in enumerate(handle, 1):
                if line.strip():
                    try:
                        yield json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise GoldError(f"line {n} is not JSON: {exc}", target=str(path)) from exc
    except FileNotFoundError as exc:
        raise GoldError("dev set not found", target=str(path)) from exc


def code_sentences(
    coder: Coder, rows: Sequence[tuple[str, str, str | None]]
) -> Iterator[tuple[CodedDocument, Doc]]:
    """Code (id, text, published) rows, keeping the parsed Doc for each."""
    docs = {doc_id: (text, published) for doc_id, text, published in rows}
    for doc_id, doc in pipeline.annotate(coder.nlp, rows, coder.settings.nlp.batch_size):
        text, published = docs[doc_id]
        document = Document(id=doc_id, text=text, published=published)
        yield coder.code_parsed(document, doc), doc


def main_event(coded: CodedDocument, doc: Doc) -> Event | None:
    """The event whose trigger is highest in the parse; asserted before others."""
    best: tuple[tuple[bool, int, int, float], Event] | None = None
    for e in coded.events:
        depth = 99
        if e.trigger_span is not None:
            span = doc.char_span(e.trigger_span[0], e.trigger_span[1], alignment_mode="expand")
            if span is not None:
                depth = sum(1 for _ in span.root.ancestors)
        derived = e.rule.startswith("derived:")  # an accusation or claim beside the act
        key = (derived, depth, 0 if e.modality == "asserted" else 1, -e.confidence)
        if best is None or key < best[0]:
            best = (key, e)
    return best[1] if best else None


def _norm_country(code: str | None) -> str | None:
    if not code:
        return None
    return _LEGACY_COUNTRY.get(code[:3], code[:3])


def actor_matches(actor: Actor | None, gold_code: str) -> bool:
    """A produced actor against a CAMEO-style gold code ("USA", "USAGOV", "---REB", "IGO")."""
    if actor is None:
        return False
    gold_code = gold_code.strip().upper()
    country, rest = gold_code[:3], gold_code[3:]
    if country in ("IGO", "NGO", "IMG", "MNC"):
        # the PLOVER gold files code international NGOs (Amnesty, the Red Cross) as IGO too
        kinds = {"IGO", "NGO"} if country in ("IGO", "NGO") else {country}
        return any((actor.code or "").startswith(k) or actor.agent == k for k in kinds)
    if country != "---" and _norm_country(country) != actor.country:
        return False
    if rest and actor.agent is not None:
        # as the seed gold's own rule has it: agents are compared where the coder names one
        agent = rest[:3]
        if (actor.code or "").startswith(gold_code) or actor.agent == agent:
            return True
        # coders use rebel and insurgent for the same armed opposition
        return agent in _ARMED and (actor.agent in _ARMED or actor.group is not None)
    return True


_ARMED = {"REB", "INS"}


def score_plover(path: Path, coder: Coder) -> dict[str, Any]:
    rows = list(read_jsonl(path))
    by_id = {str(r["id"]): r for r in rows}
    typed = source_ok = target_ok = with_target = produced = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for coded, doc in code_sentences(coder, [(str(r["id"]), r["text"], None) for r in rows]):
        gold = by_id[coded.document.id]
        want = coder.codebook.plover_from_legacy(gold["event"]) or gold["event"]
        event = main_event(coded, doc)
        got = (event.plover.get("type") if event else None) or "NONE"
        produced += event is not None
        confusion[(want, got)] += 1
        typed += got == want
        sources = [s.get("code", "") for s in gold.get("source") or []]
        if event is not None and any(actor_matches(event.source, c) for c in sources):
            source_ok += 1
        targets = [t.get("code", "") for t in gold.get("target") or []]
        if targets:
            # scored only where the gold names a target (some event types need none)
            with_target += 1
            target_ok += event is not None and any(actor_matches(event.target, c) for c in targets)
    n = len(rows)
    return {
        "set": "plover_gsr",
        "records": n,
        "with_event": produced,
        "plover_type_accuracy": round(typed / n, 3) if n else 0.0,
        "source_country_accuracy": round(source_ok / n, 3) if n else 0.0,
        "records_with_target": with_target,
        "target_country_accuracy": round(target_ok / with_target, 3) if with_target else 0.0,
        "confusion": {f"{g} -> {p}": c for (g, p), c in sorted(confusion.items()) if g != p},
    }


def _story_date(raw: Any) -> str | None:
    text = str(raw or "")
    if len(text) == 8 and text.isdigit():
        return f"{text[:4]}-{text[4:6]}-{text[6:]}"
    return None


def _event_ok(e: Event, gold: Mapping[str, str]) -> bool:
    if e.cameo_root != str(gold["code"])[:2]:
        return False
    return actor_matches(e.source, gold["source"]) and actor_matches(e.target, gold["target"])


def _code(actor: Actor | None) -> str:
    return (actor.code or "-") if actor is not None else "-"


def score_cameo(path: Path, coder: Coder) -> dict[str, Any]:
    rows = [r for r in read_jsonl(path) if r.get("evaluate", True) and r.get("text", "").strip()]
    by_id = {str(r["id"]): r for r in rows}
    right = root_right = 0
    misses = []
    for coded, _doc in code_sentences(
        coder, [(str(r["id"]), r["text"], _story_date(r.get("date"))) for r in rows]
    ):
        gold = by_id[coded.document.id]
        expected = gold.get("expected") or []
        events = list(coded.events)
        if not expected:
            ok = not events
            root_ok = ok
        else:
            ok = any(_event_ok(e, g) for g in expected for e in events)
            root_ok = any(e.cameo_root == str(g["code"])[:2] for g in expected for e in events)
        right += ok
        root_right += root_ok
        if not ok:
            got = [f"{e.cameo} {_code(e.source)}->{_code(e.target)}" for e in events]
            want = [(g["code"], g["source"], g["target"]) for g in expected]
            misses.append(f"{gold['id']}: want {want} got {got}")
    n = len(rows)
    return {
        "set": "cameo_sentences",
        "records": n,
        "root_accuracy_with_actors": round(right / n, 3) if n else 0.0,
        "root_accuracy": round(root_right / n, 3) if n else 0.0,
        "misses": misses,
    }
