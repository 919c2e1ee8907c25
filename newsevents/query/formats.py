"""Rows of the standard event-data formats: GDELT 2.0, PLOVER JSON, ACLED CSV.

Each builder takes one row of the ``events`` table (a dict, with its
``data`` JSON already parsed into ``row["event"]``) and returns that event
in the format. What each format gets that we cannot fill, and why, is in
docs/store.md ("Exports").
"""

from __future__ import annotations

import csv
import functools
import re
from datetime import UTC, date, datetime
from importlib import resources
from typing import Any

import pycountry

# GDELT 2.0 Event table, in its documented order (61 columns).
_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
          "Religion2Code", "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS: tuple[str, ...] = (
    "GlobalEventID", "Day", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR),
    *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO),
    *(f"Actor2Geo_{c}" for c in _GEO),
    *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED", "SOURCEURL",
)

# ACLED's export columns (the 2023 layout, with disorder_type).
ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)

# A cell starting with one of these is a formula to a spreadsheet (OWASP "CSV
# injection"): article text such as =HYPERLINK("http://evil.example","x") would
# run when the export is opened, so such cells are written with a leading '.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")

PLOVER_VERSION = "2.0"
MAX_NOTES = 1000


def numeric_id(event_id: str) -> int:
    """A 60-bit integer for formats that need a numeric id (GDELT, ACLED)."""
    digits = "".join(ch for ch in event_id if ch in "0123456789abcdef")[-15:]
    return int(digits or "0", 16)


@functools.lru_cache(maxsize=512)
def _country(iso3: str | None) -> tuple[str, str]:
    """(name, numeric code) for an ISO 3166 alpha-3 code; empty when unknown."""
    if not iso3:
        return "", ""
    found = pycountry.countries.get(alpha_3=iso3.upper())
    if found is None:
        return "", ""
    return str(found.name), str(int(found.numeric))


def _tsv_cell(value: Any) -> str:
    """One GDELT cell: no tabs or line breaks, numbers plainly."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value == value else ""
    return " ".join(str(value).replace("\t", " ").split())


def _day(row: dict[str, Any]) -> date | None:
    value = row.get("day")
    return value if isinstance(value, date) else None


def _actor_code(prefix: str, row: dict[str, Any]) -> str:
    code = row.get(f"{prefix}_code")
    if code:
        return str(code)
    return f"{row.get(f'{prefix}_country') or ''}{row.get(f'{prefix}_agent') or ''}"


def _geo_type(row: dict[str, Any]) -> int | None:
    if not (row.get("location_name") or row.get("location_country")):
        return None
    feature = row.get("location_feature")
    us = row.get("location_country") == "USA"
    if feature == "country" or (row.get("lat") is None and not row.get("location_admin1")):
        return 1
    if feature in ("admin1", "admin2", "region"):
        return 2 if us else 5
    return 3 if us else 4


def gdelt_row(row: dict[str, Any]) -> list[str]:
    """One event as the 61 cells of a GDELT 2.0 event record."""
    day = _day(row)
    added = row.get("date_added")
    cameo = str(row.get("cameo") or "")
    country_name, _ = _country(row.get("location_country"))
    full_name = ", ".join(p for p in (row.get("location_name"), country_name) if p)
    if row.get("location_feature") == "country":
        full_name = country_name or str(row.get("location_name") or "")
    admin1 = row.get("location_admin1")
    geo_country = row.get("location_country") or ""
    action_geo = [
        _geo_type(row), full_name, geo_country,
        f"{geo_country}{admin1}" if admin1 else geo_country, "",
        row.get("lat"), row.get("lon"), row.get("geonameid"),
    ]
    if action_geo[0] is None:
        action_geo = [None] * 8

    def actor(prefix: str) -> list[Any]:
        present = row.get(f"{prefix}_key") not in (None, "-")
        if not present:
            return [None] * 10
        return [
            _actor_code(prefix, row), row.get(f"{prefix}_name"), row.get(f"{prefix}_country"),
            row.get(f"{prefix}_group"), None, None, None, row.get(f"{prefix}_agent"), None, None,
        ]

    cells: list[Any] = [
        numeric_id(str(row["event_id"])),
        day.strftime("%Y%m%d") if day else None,
        day.strftime("%Y%m") if day else None,
        day.year if day else None,
        f"{day.year + (day.month * 30 + day.day) / 365:.4f}" if day else None,
        *actor("source"),
        *actor("target"),
        1 if row["event"].get("in_lead") else 0,
        cameo, cameo[:3], cameo[:2],
        row.get("quad_class"), row.get("goldstein"),
        row.get("num_mentions"), row.get("num_sources"), row.get("num_articles"),
        None,  # AvgTone: no tone model
        *([None] * 8), *([None] * 8),  # Actor1Geo_*, Actor2Geo_*: actors are not located
        *action_geo,
        added.strftime("%Y%m%d%H%M%S") if isinstance(added, datetime) else None,
        row.get("source_url"),
    ]
    assert len(cells) == len(GDELT_COLUMNS)
    return [_tsv_cell(c) for c in cells]


def _entity(actor: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not actor:
        return []
    return [{
        "name": actor.get("name") or actor.get("text"),
        "text": actor.get("text"),
        "country": actor.get("country"),
        "sector": actor.get("agent"),
        "group": actor.get("group"),
        "code": actor.get("code"),
    }]


def plover_record(row: dict[str, Any]) -> dict[str, Any]:
    """One event as a PLOVER 2.0 record (``actor``/``recipient`` lists of entities)."""
    ev = row["event"]
    date_ = ev.get("date") or {}
    loc = ev.get("location")
    return {
        "event_id": row["event_id"],
        "story_date": (ev.get("first_published") or "")[:10] or None,
        "event_date": date_.get("value"),
        "date_precision": date_.get("precision"),
        "actor": _entity(ev.get("source")),
        "recipient": _entity(ev.get("target")),
        "event_type": (ev.get("plover") or {}).get("type"),
        "mode": (ev.get("plover") or {}).get("mode"),
        "context": [],
        "event_text": ev.get("evidence"),
        "event_loc": {
            "name": loc.get("name"), "admin1": loc.get("admin1"),
            "country": loc.get("country"), "lat": loc.get("lat"), "lon": loc.get("lon"),
            "geonameid": loc.get("geonameid"), "feature": loc.get("feature"),
        } if loc else None,
        "modality": ev.get("modality"),
        "claimed_by": ev.get("claimed_by"),
        "cameo": ev.get("cameo"),
        "goldstein": ev.get("goldstein"),
        "quad_class": ev.get("quad_class"),
        "counts": ev.get("counts") or {},
        "count_figures": ev.get("count_figures") or {},
        "num_mentions": ev.get("num_mentions"),
        "num_sources": ev.get("num_sources"),
        "num_articles": ev.get("num_articles"),
        "outlets": ev.get("outlets") or [],
        "doc_ids": ev.get("doc_ids") or [],
        "source_url": row.get("source_url"),
        "comment": None,
        "plover_version": PLOVER_VERSION,
    }


def _rows(name: str) -> list[list[str]]:
    text = resources.files("newsevents.query").joinpath("data", name).read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return [ln.split("\t") for ln in lines[1:]]


@functools.lru_cache(maxsize=1)
def acled_tables() -> tuple[dict[tuple[str, str], str], dict[str, int]]:
    """(disorder type by (event type, sub-event type), inter code by agent)."""
    disorder = {(r[0].lower(), r[1].lower()): r[2] for r in _rows("acled_disorder.tsv")}
    inter = {r[0]: int(r[1]) for r in _rows("acled_inter.tsv")}
    return disorder, inter


def _inter(row: dict[str, Any], prefix: str, event_type: str) -> int | None:
    if row.get(f"{prefix}_key") in (None, "-"):
        return None
    if prefix == "source" and event_type == "protests":
        return 6
    if prefix == "source" and event_type == "riots":
        return 5
    _, inter = acled_tables()
    code = inter.get(str(row.get(f"{prefix}_agent") or "").upper())
    actor_country = row.get(f"{prefix}_country")
    where = row.get("location_country")
    if code == 1 and actor_country and where and actor_country != where:
        return 8  # a state's forces acting abroad
    return code


def acled_row(row: dict[str, Any]) -> dict[str, Any] | None:
    """One event as an ACLED record; None for events with no ACLED type."""
    event_type = row.get("acled_event_type")
    if not event_type:
        return None
    sub = row.get("acled_sub_event_type") or ""
    disorder, _ = acled_tables()
    day = _day(row)
    inter1 = _inter(row, "source", event_type.lower())
    inter2 = _inter(row, "target", event_type.lower())
    if inter1 and inter2:
        interaction: int | None = int(f"{min(inter1, inter2)}{max(inter1, inter2)}")
    else:
        interaction = (inter1 or inter2 or 0) * 10 or None
    country_name, numeric = _country(row.get("location_country"))
    feature = row.get("location_feature")
    precision = {"day": 1, "week": 2}.get(str(row.get("date_precision")), 3)
    geo_precision = {"admin2": 2, "region": 2, "admin1": 3, "country": 3}.get(str(feature), 1)
    added = row.get("date_added")
    notes = " ".join(str(row.get("evidence") or "").split())[:MAX_NOTES]

    def actor_name(prefix: str) -> str:
        name = row.get(f"{prefix}_name") or ""
        country = _country(row.get(f"{prefix}_country"))[0]
        return f"{name} ({country})" if name and country and country not in name else name

    return {
        "event_id_cnty": f"{row.get('location_country') or 'XXX'}{numeric_id(row['event_id'])}",
        "event_date": day.isoformat() if day else "",
        "year": day.year if day else "",
        "time_precision": precision,
        "disorder_type": disorder.get((event_type.lower(), sub.lower()), ""),
        "event_type": event_type,
        "sub_event_type": sub,
        "actor1": actor_name("source"),
        "assoc_actor_1": "",
        "inter1": inter1 or "",
        "actor2": actor_name("target"),
        "assoc_actor_2": "",
        "inter2": inter2 or "",
        "interaction": interaction or "",
        "civilian_targeting": "Civilian targeting" if inter2 == 7 else "",
        "iso": numeric,
        "region": "",
        "country": country_name,
        "admin1": row.get("location_name") if feature == "admin1" else "",
        "admin2": row.get("location_name") if feature == "admin2" else "",
        "admin3": "",
        "location": row.get("location_name") or "",
        "latitude": row.get("lat") if row.get("lat") is not None else "",
        "longitude": row.get("lon") if row.get("lon") is not None else "",
        "geo_precision": geo_precision if row.get("location_name") else "",
        "source": row.get("outlets") or "",
        "source_scale": "",
        "notes": notes,
        "fatalities": int(row.get("fatalities") or 0),
        "tags": "",
        "timestamp": int(added.replace(tzinfo=UTC).timestamp()) if isinstance(added, datetime)
        else "",
    }


def neutralise(value: Any) -> Any:
    """``value`` as a spreadsheet shows it as text: a string that would start a formula
    gets a leading ``'``. Numbers (``-12.5``) and a lone sign (``-``, the store's mark of
    no actor) start none and are left alone, so coordinates stay numbers."""
    if (isinstance(value, str) and len(value) > 1 and value.startswith(FORMULA_STARTS)
            and not _NUMBER.fullmatch(value)):
        return "'" + value
    return value


def csv_writer(handle: Any, columns: tuple[str, ...] | list[str]) -> Any:
    writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    return writer
