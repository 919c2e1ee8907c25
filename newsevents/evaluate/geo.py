"""Scorers for place finding, place resolution and event-location choice.

``score_geoparse`` reads TR-News-style records (``text`` and ``toponyms`` with
``start``, ``end``, ``geonameid``, ``lat``, ``lon``, ``country``) and reports:

- ``recall``: gold mentions overlapped by at least one produced place (any role:
  TR-News marks demonyms such as "Turkish" as mentions of the country);
- ``precision``: produced places that overlap a gold mention;
- over the gold mentions found (the produced place with the largest overlap):
  ``country_accuracy`` (same ISO3 country, or none for both, as with continents),
  ``within_161km`` (the same GeoNames id, or points at most 161 km, 100 miles,
  apart), and ``within_161km_points`` (the points alone: our country and region
  points are derived from their cities, so a right country can still lie
  hundreds of km from GeoNames' point for it); ``resolved`` is the share given
  coordinates at all. These figures leave out gold mentions the annotators did
  not resolve (no GeoNames id: streets, buildings): there is nothing to compare with.

``score_event_location`` reads records with a ``verb`` span and
``event_locations`` spans. Sentences whose gold locations are all empty spans
(an artefact of the source's relabelling) are counted in ``skipped`` and not
scored. It reports ``accuracy_with_location``: on sentences with a gold location,
the share whose chosen place overlaps one of the gold spans; and
``accuracy_no_location``: on sentences without one, the share where nothing is
chosen.

Both take any spaCy pipeline with a parser and entity recogniser; a bare model
is enough (places are found here, not read from ``doc._.places``).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language

from ..documents import make_document
from ..errors import GoldError, InputError
from ..events.location import choose_event_location
from ..gazetteer import Gazetteer
from ..model import Document, Item, Place, Rejection
from ..nlp.places import find_places
from ..run import Coder
from ..sources.tables import record_to_item
from .devsets import read_jsonl

MILES_100_KM = 161.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _float(value: Any) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _int(value: Any) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


class _CountryNames:
    """Gold country names ("United States") to ISO3, through the gazetteer."""

    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer
        self.cache: dict[str, str | None] = {}

    def __call__(self, name: str | None) -> str | None:
        if not name:
            return None
        if name not in self.cache:
            iso = None
            for entry in self.gaz.candidates(name):
                if entry.feature == "country":
                    iso = entry.country
                    break
            self.cache[name] = iso
        return self.cache[name]


def _docs(nlp: Language, texts: list[str], batch_size: int) -> Iterator[Any]:
    yield from nlp.pipe(texts, batch_size=batch_size)


def score_geoparse(
    path: Path,
    nlp: Language,
    gazetteer: Gazetteer,
    *,
    demonyms: Mapping[str, str] | None = None,
    limit: int | None = None,
    batch_size: int = 16,
    errors: list[dict[str, Any]] | None = None,
) -> dict[str, float | int]:
    """Place recall, precision and resolution of the place finder alone (the component
    score: a bare pipeline and ``find_places`` on the text as it is, no cleaning).

    ``errors``, when given, receives one dict per missed or wrongly resolved mention.
    """
    rows = list(read_jsonl(path))[:limit]
    started = time.perf_counter()
    found = (
        find_places(doc, gazetteer, doc_id=str(row.get("docid", "")), demonyms=demonyms,
                    url=row.get("url"))
        for row, doc in zip(rows, _docs(nlp, [r["text"] for r in rows], batch_size), strict=True)
    )
    result = score_places(rows, found, gazetteer, errors=errors)
    result["seconds"] = round(time.perf_counter() - started, 2)
    return result


def geoparse_items(rows: Sequence[Mapping[str, Any]], origin: str) -> list[Item]:
    """Each record as the corpus line a user would write: id, text, date and url."""
    items = []
    for n, row in enumerate(rows, 1):
        record = {"id": str(row.get("docid") or n), "text": row["text"],
                  "date": row.get("date"), "url": row.get("url")}
        item = record_to_item(record, f"{origin}:{n}")
        if isinstance(item, Rejection):
            raise GoldError(item.reason, target=item.origin)
        items.append(item)
    return items


def score_geoparse_coded(
    path: Path,
    coder: Coder,
    *,
    limit: int | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> dict[str, float | int]:
    """The end-to-end score: each record coded as ``newsevents code`` codes a corpus line
    (cleaning, the whole pipeline, the places written with ``--places-out``), and the
    places' spans scored against the gold spans in the text as the record gives it.

    ``span_mismatch`` counts written places whose ``char_span`` does not index their
    text in the record's text.
    """
    rows = list(read_jsonl(path))[:limit]
    started = time.perf_counter()
    documents: list[Document | None] = []
    for item in geoparse_items(rows, str(path)):
        try:
            documents.append(make_document(item, coder.settings))
        except InputError:
            documents.append(None)  # a record the coder rejects finds no place
    coded = iter(coder.code([d for d in documents if d is not None],
                            outputs=frozenset({"events", "places"})))
    places = [list(next(coded).places) if d is not None else [] for d in documents]
    gaz = Gazetteer.load(coder.settings.gazetteer)
    result = score_places(rows, places, gaz, errors=errors)
    result["span_mismatch"] = sum(
        row["text"][p.char_span[0] : p.char_span[1]] != p.text
        for row, found in zip(rows, places, strict=True) for p in found
    )
    result["seconds"] = round(time.perf_counter() - started, 2)
    return result


def score_places(
    rows: Sequence[Mapping[str, Any]],
    produced: Iterable[Sequence[Place]],
    gazetteer: Gazetteer,
    *,
    errors: list[dict[str, Any]] | None = None,
) -> dict[str, float | int]:
    """Score the places produced for each record against its gold toponyms."""
    country_of = _CountryNames(gazetteer)
    gold_n = produced_n = produced_ok = found = 0
    country_ok = dist_n = dist_ok = point_ok = resolved = gold_res = 0
    for row, places in zip(rows, produced, strict=True):
        golds = row.get("toponyms") or []
        gold_n += len(golds)
        produced_n += len(places)
        for p in places:
            if any(_overlap(p.char_span, (int(g["start"]), int(g["end"]))) for g in golds):
                produced_ok += 1
        for g in golds:
            span = (int(g["start"]), int(g["end"]))
            hits = [(p, _overlap(p.char_span, span)) for p in places]
            hits = [h for h in hits if h[1] > 0]
            if not hits:
                if errors is not None:
                    errors.append({"doc": row.get("docid"), "kind": "missed", "gold": g})
                continue
            found += 1
            place = max(hits, key=lambda h: h[1])[0]
            if _int(g.get("geonameid")) is None:
                continue  # the annotators left it unresolved: nothing to compare with
            gold_res += 1
            gold_iso = country_of(g.get("country"))
            ok_country = (place.country or None) == gold_iso
            country_ok += ok_country
            resolved += place.lat is not None
            glat, glon = _float(g.get("lat")), _float(g.get("lon"))
            ok_dist = True
            if glat is not None and glon is not None:
                dist_n += 1
                km = (
                    haversine_km(glat, glon, place.lat, place.lon)
                    if place.lat is not None and place.lon is not None
                    else math.inf
                )
                gold_id = _int(g.get("geonameid"))
                same_id = place.geonameid is not None and place.geonameid == gold_id
                ok_dist = same_id or km <= MILES_100_KM
                dist_ok += ok_dist
                point_ok += km <= MILES_100_KM
            if errors is not None and not (ok_country and ok_dist):
                errors.append({"doc": row.get("docid"), "kind": "wrong", "gold": g,
                               "got": place.to_dict()})
    return {
        "documents": len(rows),
        "gold_mentions": gold_n,
        "produced": produced_n,
        "found": found,
        "recall": _ratio(found, gold_n),
        "precision": _ratio(produced_ok, produced_n),
        "gold_resolved_found": gold_res,
        "country_accuracy": _ratio(country_ok, gold_res),
        "within_161km": _ratio(dist_ok, dist_n),
        "within_161km_points": _ratio(point_ok, dist_n),
        "resolved": _ratio(resolved, gold_res),
    }


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def score_event_location(
    path: Path,
    nlp: Language,
    gazetteer: Gazetteer,
    *,
    demonyms: Mapping[str, str] | None = None,
    limit: int | None = None,
    batch_size: int = 64,
    errors: list[dict[str, Any]] | None = None,
) -> dict[str, float | int]:
    """How often the chosen event location is a gold one (and none when gold has none)."""
    rows = [r for r in read_jsonl(path) if r.get("verb")][:limit]
    with_n = with_ok = none_n = none_ok = skipped = candidates_hit = 0
    started = time.perf_counter()
    for row, doc in zip(rows, _docs(nlp, [r["text"] for r in rows], batch_size), strict=True):
        golds = [(int(g["start"]), int(g["end"])) for g in row.get("event_locations") or []]
        spans = [g for g in golds if g[1] > g[0]]
        if golds and not spans:
            skipped += 1
            continue
        verb = row["verb"][0]
        trigger_span = doc.char_span(int(verb["start"]), int(verb["end"]), alignment_mode="expand")
        places: list[Place] = find_places(doc, gazetteer, doc_id=str(row.get("id", "")),
                                          demonyms=demonyms)
        chosen = None
        if trigger_span is not None:
            trigger = trigger_span.root
            chosen = choose_event_location(trigger.sent, trigger, places)
        if spans:
            with_n += 1
            ok = chosen is not None and any(_overlap(chosen.char_span, g) for g in spans)
            with_ok += ok
            candidates_hit += any(_overlap(p.char_span, g) for p in places for g in spans)
        else:
            none_n += 1
            ok = chosen is None
            none_ok += ok
        if errors is not None and not ok:
            errors.append({
                "id": row.get("id"), "text": row["text"], "verb": verb["text"],
                "gold": [row["text"][s:e] for s, e in spans],
                "chosen": chosen.text if chosen else None,
                "places": [p.text for p in places if p.role == "place"],
            })
    return {
        "sentences": len(rows),
        "with_location": with_n,
        "accuracy_with_location": _ratio(with_ok, with_n),
        "gold_place_found": _ratio(candidates_hit, with_n),
        "no_location": none_n,
        "accuracy_no_location": _ratio(none_ok, none_n),
        "skipped_empty_gold": skipped,
        "seconds": round(time.perf_counter() - started, 2),
    }
