"""Score coded output against a gold file in the ``newsevents-gold/1`` format.

Matching follows the gold's own rules: a produced event matches a gold event
when its CAMEO code starts with one of the gold prefixes and its source and
target agree on country (and on agent where the produced event names one
and the gold lists agents); symmetric gold events may match swapped.
Precision counts each gold event once; further duplicates are unmatched.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from ..errors import GoldError
from ..model import Actor, CodedDocument, Event, Quote


@dataclass(frozen=True)
class GoldDocument:
    id: str
    path: Path
    published: str | None
    events: tuple[Mapping[str, Any], ...]
    quotes: tuple[Mapping[str, Any], ...]
    not_article_text: tuple[str, ...]


def load_gold(path: Path) -> GoldDocument:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise GoldError("gold file not found", target=str(path)) from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise GoldError(f"gold file is not valid JSON: {exc}", target=str(path)) from exc
    if not isinstance(data, dict) or data.get("format") != "newsevents-gold/1":
        raise GoldError("not a newsevents-gold/1 file", target=str(path))
    doc = data.get("document") or {}
    if "path" not in doc:
        raise GoldError("document.path is missing", target=str(path))
    return GoldDocument(
        id=str(doc.get("id") or path.stem),
        path=(path.parent / doc["path"]).resolve(),
        published=doc.get("published"),
        events=tuple(data.get("events", [])),
        quotes=tuple(data.get("quotes", [])),
        not_article_text=tuple(data.get("not_article_text", [])),
    )


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def actor_agrees(actor: Actor | None, gold: Mapping[str, Any]) -> bool:
    countries = _as_list(gold.get("country"))
    agents = _as_list(gold.get("agent"))
    if countries and (actor is None or actor.country not in countries):
        return False
    if agents and actor is not None and actor.agent is not None:
        return actor.agent in agents
    return True


def event_matches(event: Event, gold: Mapping[str, Any]) -> bool:
    if not any(event.cameo.startswith(str(p)) for p in _as_list(gold.get("cameo"))):
        return False
    gs, gt = gold.get("source") or {}, gold.get("target") or {}
    if actor_agrees(event.source, gs) and actor_agrees(event.target, gt):
        return True
    return bool(gold.get("symmetric")) and (
        actor_agrees(event.target, gs) and actor_agrees(event.source, gt)
    )


def _assign(events: Sequence[Event], golds: Sequence[Mapping[str, Any]]) -> dict[int, int]:
    """One-to-one matching of produced events to gold events (event -> gold).

    The most matches first, required gold events before optional ones, then
    the pairing that agrees on the most attributes.
    """
    if not events or not golds:
        return {}
    weight = np.zeros((len(events), len(golds)))
    for i, e in enumerate(events):
        for j, g in enumerate(golds):
            if event_matches(e, g):
                agree = sum(_checks(e, g).values())
                weight[i, j] = 10_000 + 1_000 * bool(g.get("required")) + agree
    rows, cols = linear_sum_assignment(weight, maximize=True)
    return {int(i): int(j) for i, j in zip(rows, cols, strict=True) if weight[i, j] > 0}


def _location_ok(event: Event, gold: Mapping[str, Any]) -> bool:
    loc = event.location
    if loc is None:
        return False
    if gold.get("country") and loc.country != gold["country"]:
        return False
    name = str(gold.get("name", "")).lower()
    got = f"{loc.name or ''} {loc.text or ''}".lower()
    return not name or name in got or (bool(loc.name) and str(loc.name).lower() in name)


def _checks(e: Event, g: Mapping[str, Any]) -> dict[str, bool]:
    """The attribute checks the gold asks for on a matched event."""
    checks: dict[str, bool] = {}
    if g.get("date"):
        checks["date"] = e.date is not None and e.date.value == g["date"]
    if g.get("location"):
        checks["location"] = _location_ok(e, g["location"])
    ga = g.get("attributes") or {}
    if "fatalities_min" in ga:
        killed = e.counts.get("killed")
        checks["fatalities"] = killed is not None and killed.min == float(ga["fatalities_min"])
    if "troops" in ga:
        troops = e.counts.get("troops")
        want = float(ga["troops"])
        checks["troops"] = troops is not None and want in (troops.min, troops.max)
    if "claimed_by" in ga:
        claimant = str(e.claimed_by or "").lower()
        checks["claimed_by"] = bool(claimant) and ga["claimed_by"].lower() in claimant
    if "min_mentions" in g:
        checks["mentions"] = e.mentions >= int(g["min_mentions"])
    return checks


@dataclass
class GoldReport:
    doc_id: str
    produced: int
    required: int
    required_matched: int
    matched: int
    attributes: dict[str, list[bool]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    quotes_found: int = 0
    quotes_total: int = 0
    quote_misses: list[str] = field(default_factory=list)
    boilerplate_leaks: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.required_matched / self.required if self.required else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.produced if self.produced else 0.0

    def attribute_accuracy(self) -> dict[str, float]:
        return {k: sum(v) / len(v) for k, v in self.attributes.items() if v}

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "recall": round(self.recall, 3),
            "precision": round(self.precision, 3),
            "produced": self.produced,
            "required": self.required,
            "required_matched": self.required_matched,
            "matched": self.matched,
            "attributes": {k: round(v, 3) for k, v in self.attribute_accuracy().items()},
            "missing": self.missing,
            "unmatched": self.unmatched,
            "quotes": f"{self.quotes_found}/{self.quotes_total}",
            "quote_misses": self.quote_misses,
            "boilerplate_leaks": self.boilerplate_leaks,
        }


def _speaker_ok(quote: Quote, gold: Mapping[str, Any]) -> bool:
    want = str(gold.get("speaker", "")).lower().split()
    speaker = quote.speaker
    names = " ".join(
        filter(
            None,
            [
                quote.speaker_text,
                speaker.name if speaker else None,
                speaker.text if speaker else None,
            ],
        )
    ).lower()
    # a surname alone is enough for a named person
    surname_ok = (
        len(want) >= 2 and want[-1] in names and speaker is not None and speaker.kind == "person"
    )
    if want and not all(w in names for w in want) and not surname_ok:
        return False
    actor = gold.get("speaker_actor")
    return not actor or actor_agrees(speaker, actor)


def _norm(text: str) -> str:
    return " ".join(text.replace("\u201c", '"').replace("\u201d", '"').split()).strip(' "').lower()


def score(gold: GoldDocument, coded: CodedDocument) -> GoldReport:
    events = list(coded.events)
    golds = list(gold.events)
    assignment = _assign(events, golds)
    matched_golds = set(assignment.values())
    report = GoldReport(
        doc_id=gold.id,
        produced=len(events),
        required=sum(1 for g in golds if g.get("required")),
        required_matched=sum(1 for j in matched_golds if golds[j].get("required")),
        matched=len(assignment),
    )
    attrs: dict[str, list[bool]] = {
        k: [] for k in ("date", "location", "fatalities", "troops", "claimed_by", "mentions")
    }
    for i, j in assignment.items():
        e, g = events[i], golds[j]
        gid = g.get("id", str(j))
        checks = _checks(e, g)
        for k, ok in checks.items():
            attrs[k].append(ok)
        bad = [k for k, ok in checks.items() if not ok]
        report.details.append(
            f"{gid}: {e.cameo} {e.event_id}" + (f" wrong: {', '.join(bad)}" if bad else "")
        )
    report.attributes = {k: v for k, v in attrs.items() if v}
    report.missing = [
        g.get("id", str(j))
        for j, g in enumerate(golds)
        if g.get("required") and j not in matched_golds
    ]
    report.unmatched = [
        f"{e.cameo} {_code(e.source)}->{_code(e.target)}: {e.evidence[:80]}"
        for i, e in enumerate(events)
        if i not in assignment
    ]
    report.quotes_total = len(gold.quotes)
    for gq in gold.quotes:
        start = _norm(str(gq.get("starts", "")))
        found = [q for q in coded.quotes if _norm(q.text).startswith(start)]
        if found and any(_speaker_ok(q, gq) for q in found):
            report.quotes_found += 1
        else:
            who = found[0].speaker_text if found else "no quote"
            report.quote_misses.append(f"{gq.get('starts')} ({gq.get('speaker')}; got {who})")
    # the document's text is the article as given, boilerplate and all; what must not
    # leak is a record drawn from it: evidence, a quote, or any span reaching into it
    text = coded.document.text
    spans = [s for e in events for s in (e.char_span, *(m.char_span for m in e.mention_list))]
    spans += [q.char_span for q in coded.quotes] + [p.char_span for p in coded.places]
    for phrase in gold.not_article_text:
        at = text.find(phrase)
        inside = at >= 0 and any(a < at + len(phrase) and b > at for a, b in spans)
        if inside or any(phrase in e.evidence for e in events) or any(
            phrase in q.text for q in coded.quotes
        ):
            report.boilerplate_leaks.append(phrase)
    return report


def _code(actor: Actor | None) -> str | None:
    return actor.code if actor is not None else None


def format_report(report: GoldReport) -> str:
    r = report
    lines = [
        f"gold {r.doc_id}: {r.produced} events produced",
        f"  recall    {r.recall:.3f} ({r.required_matched}/{r.required} required events)",
        f"  precision {r.precision:.3f} ({r.matched}/{r.produced} produced events match gold)",
    ]
    for k, v in report.attribute_accuracy().items():
        n = len(report.attributes[k])
        lines.append(f"  {k:<10} {v:.3f} ({sum(report.attributes[k])}/{n})")
    lines.append(f"  quotes    {report.quotes_found}/{report.quotes_total} with their speakers")
    lines.append(
        "  boilerplate "
        + (
            "none in text or evidence"
            if not report.boilerplate_leaks
            else "LEAKED: " + ", ".join(report.boilerplate_leaks)
        )
    )
    for d in report.details:
        lines.append(f"  matched  {d}")
    for m in report.missing:
        lines.append(f"  missing  {m}")
    for u in report.unmatched:
        lines.append(f"  extra    {u}")
    for q in report.quote_misses:
        lines.append(f"  quote?   {q}")
    return "\n".join(lines)
