"""Records to table rows, shared by the DuckDB and Parquet backends.

Article text is hostile: strings are made encodable (lone surrogates
replaced) and capped, so one bad document cannot fail a batch at insert
time.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from ..events.merge import MergedEvent, actor_key, block_key, date_range, report_range
from ..model import Actor, CodedDocument, Document, Event, Place, Quote, Rejection

log = logging.getLogger(__name__)

Row = dict[str, Any]

MAX_TEXT = 2_000_000  # characters of article text kept per document
MAX_FIELD = 20_000  # characters of any other text field (evidence, titles, quotes)
MAX_META = 65_536  # characters of a document's JSON metadata


def clean(value: str | None, cap: int = MAX_FIELD) -> str | None:
    """A string DuckDB and Arrow accept: valid UTF-8, at most ``cap`` characters."""
    if value is None:
        return None
    text = str(value)
    if len(text) > cap:
        text = text[:cap]
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def dumps(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    return clean(text, cap=10 * MAX_TEXT) or ""


def document_row(doc: Document, run_id: str | None, now: datetime) -> Row:
    text = doc.text
    if len(text) > MAX_TEXT:
        log.warning("document %s: text of %d characters cut to %d", doc.id, len(text), MAX_TEXT)
    meta = dumps(dict(doc.meta))
    if len(meta) > MAX_META:
        log.warning("document %s: metadata over %d characters dropped", doc.id, MAX_META)
        meta = "{}"
    return {
        "doc_id": clean(doc.id, 512),
        "content_hash": clean(doc.content_hash, 512) or None,
        "duplicate_of": clean(doc.duplicate_of, 512),
        "outlet": clean(doc.outlet, 512),
        "url": clean(doc.url, 4096),
        "title": clean(doc.title),
        "published": clean(doc.published, 64),
        "author": clean(doc.author, 1024),
        "language": clean(doc.language, 32),
        "extraction": clean(doc.extraction, 64),
        "origin": clean(doc.origin, 4096),
        "text": clean(text, MAX_TEXT),
        "meta": meta,
        "run_id": run_id,
        "added_at": now,
    }


def report_rows(event: Event, doc: Document) -> tuple[Row, list[Row]]:
    """A document-level event as a report row, and its sentence mentions."""
    rng = report_range(event, doc.published)
    src = actor_key(event.source)
    tgt = actor_key(event.target)
    report = {
        "event_id": clean(event.event_id, 512),
        "doc_id": clean(doc.id, 512),
        "outlet": clean(doc.outlet, 512),
        "published": clean(doc.published, 64),
        "block_key": clean(block_key(event), 1024),
        "date_start": rng[0] if rng else None,
        "date_end": rng[1] if rng else None,
        "cameo": clean(event.cameo, 16),
        "cameo_root": clean(event.cameo_root, 8),
        "source_key": clean(src, 256),
        "target_key": clean(tgt, 256),
        "modality": clean(event.modality, 32),
        "mentions": max(event.mentions, len(event.mention_list), 1),
        "evidence": clean(event.evidence),
        "data": dumps(event.to_dict()),
    }
    mentions = [
        {
            "report_id": report["event_id"],
            "idx": i,
            "doc_id": clean(m.doc_id or doc.id, 512),
            "evidence": clean(m.evidence),
            "char_start": m.char_span[0],
            "char_end": m.char_span[1],
            "rule": clean(m.rule, 256),
            "outlet": clean(m.outlet or doc.outlet, 512),
            "published": clean(m.published or doc.published, 64),
        }
        for i, m in enumerate(event.mention_list)
    ]
    return report, mentions


def actor_row(doc_id: str, idx: int, a: Actor) -> Row:
    return {
        "doc_id": doc_id,
        "idx": idx,
        "name": clean(a.name, 1024),
        "text": clean(a.text, 1024),
        "country": clean(a.country, 16),
        "agent": clean(a.agent, 16),
        "actor_group": clean(a.group, 64),
        "code": clean(a.code, 64),
        "kind": clean(a.kind, 32),
        "span_start": a.span[0] if a.span else None,
        "span_end": a.span[1] if a.span else None,
        "entry": clean(a.entry, 1024),
    }


def place_row(doc_id: str, idx: int, p: Place) -> Row:
    return {
        "doc_id": doc_id,
        "idx": idx,
        "text": clean(p.text, 1024),
        "name": clean(p.name, 1024),
        "geonameid": p.geonameid,
        "lat": p.lat,
        "lon": p.lon,
        "country": clean(p.country, 16),
        "admin1": clean(p.admin1, 64),
        "feature": clean(p.feature, 64),
        "role": clean(p.role, 32),
        "confidence": p.confidence,
        "char_start": p.char_span[0],
        "char_end": p.char_span[1],
    }


def quote_row(doc_id: str, idx: int, q: Quote) -> Row:
    sp = q.speaker
    return {
        "doc_id": doc_id,
        "idx": idx,
        "text": clean(q.text),
        "char_start": q.char_span[0],
        "char_end": q.char_span[1],
        "speaker_name": clean(sp.name if sp else None, 1024),
        "speaker_code": clean(sp.code if sp else None, 64),
        "speaker_country": clean(sp.country if sp else None, 16),
        "speaker_text": clean(q.speaker_text, 1024),
        "verb": clean(q.verb, 128),
        "kind": clean(q.kind, 32),
    }


def rejection_row(r: Rejection, run_id: str | None, now: datetime) -> Row:
    raw = f"{r.origin}\x1f{r.code}\x1f{r.reason}\x1f{run_id or ''}"
    return {
        "rejection_id": "rj-" + hashlib.sha1(raw.encode("utf-8", "replace")).hexdigest()[:20],
        "origin": clean(r.origin, 4096),
        "reason": clean(r.reason),
        "code": clean(r.code, 16),
        "run_id": run_id,
        "added_at": now,
    }


class DocumentRows:
    """All rows one batch contributes, table by table."""

    def __init__(self) -> None:
        self.tables: dict[str, list[Row]] = {
            "documents": [], "reports": [], "mentions": [],
            "actors": [], "places": [], "quotes": [], "rejections": [],
        }
        self.report_ids: set[str] = set()

    def add(self, coded: CodedDocument, run_id: str | None, now: datetime) -> None:
        doc = coded.document
        self.tables["documents"].append(document_row(doc, run_id, now))
        for event in coded.events:
            if event.event_id in self.report_ids:
                log.warning("report id %s given twice in one batch: kept the first",
                            event.event_id)
                continue
            self.report_ids.add(event.event_id)
            report, mentions = report_rows(event, doc)
            self.tables["reports"].append(report)
            self.tables["mentions"].extend(mentions)
        self.tables["actors"].extend(actor_row(doc.id, i, a) for i, a in enumerate(coded.actors))
        self.tables["places"].extend(place_row(doc.id, i, p) for i, p in enumerate(coded.places))
        self.tables["quotes"].extend(quote_row(doc.id, i, q) for i, q in enumerate(coded.quotes))


def batch_rows(
    batch: Sequence[CodedDocument],
    rejections: Sequence[Rejection],
    run_id: str | None,
    now: datetime,
) -> dict[str, list[Row]]:
    """Rows of a batch; a document id given twice keeps its last version."""
    latest: dict[str, CodedDocument] = {}
    for coded in batch:
        latest[coded.document.id] = coded
    rows = DocumentRows()
    for coded in latest.values():
        rows.add(coded, run_id, now)
    seen: set[str] = set()
    for r in rejections:
        row = rejection_row(r, run_id, now)
        if row["rejection_id"] not in seen:
            seen.add(row["rejection_id"])
            rows.tables["rejections"].append(row)
    return rows.tables


def _actor_cols(prefix: str, a: Actor | None) -> Row:
    return {
        f"{prefix}_name": clean((a.name or a.text) if a else None, 1024),
        f"{prefix}_code": clean(a.code if a else None, 64),
        f"{prefix}_country": clean(a.country if a else None, 16),
        f"{prefix}_agent": clean(a.agent if a else None, 16),
        f"{prefix}_group": clean(a.group if a else None, 64),
        f"{prefix}_key": actor_key(a),
    }


def _figure(m: MergedEvent, kind: str) -> float | None:
    c = m.counts.get(kind)
    if c is None:
        return None
    return c.min if c.min is not None else c.max


def event_rows(
    merged: Sequence[MergedEvent],
    docs: Mapping[str, Mapping[str, Any]],
) -> tuple[list[Row], list[Row]]:
    """Rows for the events and event_reports tables.

    ``docs`` maps a document id to its ``url``, ``published`` and
    ``added_at``: the event's SOURCEURL is the first-published document's
    url, its date_added the earliest time one of its documents was stored.
    """
    events: list[Row] = []
    links: list[Row] = []
    for m in merged:
        known = [docs[d] for d in m.doc_ids if d in docs]
        by_time = sorted(
            (d.get("published") or "9999", d.get("url") or "") for d in known
        )
        url = next((u for _, u in by_time if u), None)
        added = [d["added_at"] for d in known if d.get("added_at") is not None]
        date = m.date
        rng = date_range(date.value, date.precision) if date is not None else None
        loc = m.location
        row: Row = {
            "event_id": m.event_id,
            "block_key": clean(m.block_key, 1024),
            "day": rng[0] if rng else None,
            "date_value": date.value if date else None,
            "date_precision": date.precision if date else None,
            **_actor_cols("source", m.source),
            **_actor_cols("target", m.target),
            "dyad": f"{actor_key(m.source)}-{actor_key(m.target)}",
            "cameo": m.cameo,
            "cameo_root": m.cameo_root,
            "quad_class": m.quad_class,
            "goldstein": m.goldstein,
            "plover_type": m.plover.get("type"),
            "plover_mode": m.plover.get("mode"),
            "acled_event_type": m.acled.get("event_type") if m.acled else None,
            "acled_sub_event_type": (m.acled.get("sub_event_type") or None) if m.acled else None,
            "location_name": clean(loc.name or loc.text, 1024) if loc else None,
            "location_admin1": clean(loc.admin1, 64) if loc else None,
            "location_country": clean(loc.country, 16) if loc else None,
            "lat": loc.lat if loc else None,
            "lon": loc.lon if loc else None,
            "geonameid": loc.geonameid if loc else None,
            "location_feature": clean(loc.feature, 64) if loc else None,
            "modality": m.modality,
            "claimed_by": clean(m.claimed_by, 1024),
            "num_mentions": m.num_mentions,
            "num_sources": m.num_sources,
            "num_articles": m.num_articles,
            "num_reports": len(m.reports),
            "fatalities": _figure(m, "killed"),
            "injured": _figure(m, "injured"),
            "evidence": clean(m.evidence),
            "doc_id": m.doc_id,
            "source_url": clean(url, 4096),
            "outlets": clean("; ".join(m.outlets), 4096) or None,
            "confidence": m.confidence,
            "first_published": m.first_published,
            "date_added": min(added) if added else None,
            "data": dumps(m.to_dict()),
        }
        events.append(row)
        links.extend({"report_id": r, "event_id": m.event_id} for r in m.reports)
    return events, links
