"""EventFilter: what every view (CLI, HTTP API, dashboard) may ask for.

A filter is validated when it is built, so an invalid one cannot exist;
the error names the parameter. ``where`` turns it into a SQL condition over
the ``events`` table (alias ``e``) with every user value passed as a
parameter, never written into the SQL text.
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

from ..errors import QueryError
from ..model import MODALITIES

MAX_LIMIT = 1000
DEFAULT_LIMIT = 100
MAX_OFFSET = 10_000_000
MAX_TEXT = 500
EARTH_RADIUS_KM = 6371.0088
MAX_RADIUS_KM = 20_038.0

_COUNTRY = re.compile(r"^[A-Z]{3}$")
_CAMEO = re.compile(r"^\d{2,4}$")
_ROOT = re.compile(r"^\d{2}$")
_PLOVER = re.compile(r"^[A-Z_]{2,24}$")
_ACTOR_CODE = re.compile(r"^[A-Z0-9~_\- ]{1,64}$")

# Filter fields that do not narrow which events match.
_PAGING = ("limit", "offset")


def _text(name: str, value: Any, cap: int = 200) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise QueryError("must be text", target=name)
    text: str = " ".join(value.split())
    if not text:
        return None
    if len(text) > cap:
        raise QueryError(f"longer than {cap} characters", target=name)
    return text


def _parse_date(name: str, value: Any, *, end: bool) -> str | None:
    """YYYY-MM-DD, YYYY-MM or YYYY; a month or year means its first (or last) day."""
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            d = date(int(text), 12 if end else 1, 31 if end else 1)
        elif re.fullmatch(r"\d{4}-\d{2}", text):
            y, m = int(text[:4]), int(text[5:])
            # the month's last day from its length: the day after it may be in year 10000
            d = date(y, m, calendar.monthrange(y, m)[1] if end else 1)
        else:
            d = date.fromisoformat(text)
    except ValueError as exc:
        shown = text if len(text) <= 40 else text[:39] + "\u2026"
        raise QueryError(f"{shown!r} is not a date (YYYY-MM-DD)", target=name) from exc
    return d.isoformat()


@dataclass(frozen=True)
class EventFilter:
    """Which merged events to return. All criteria combine with AND."""

    actor: str | None = None  # substring of a name or code, either side
    source_country: str | None = None  # ISO 3166 alpha-3
    target_country: str | None = None
    country: str | None = None  # source or target
    dyad: tuple[str, str] | None = None  # actor codes, groups or countries
    dyad_ordered: bool = False  # False: (A, B) also matches B acting on A
    cameo: str | None = None  # code prefix: "19" matches 190-196
    cameo_root: str | None = None
    plover: str | None = None  # PLOVER event type
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    quad_class: int | None = None
    date_from: str | None = None
    date_to: str | None = None
    place: str | None = None  # substring of the place name
    near: tuple[float, float, float] | None = None  # (lat, lon, radius_km)
    outlet: str | None = None  # substring of a reporting outlet
    modality: str | None = None
    doc_id: str | None = None  # events reported by this document
    text: str | None = None  # substring of an evidence sentence
    limit: int = DEFAULT_LIMIT
    offset: int = 0

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "actor", _text("actor", self.actor))
        for name in ("source_country", "target_country", "country"):
            value = _text(name, getattr(self, name), 3)
            if value is not None:
                value = value.upper()
                if not _COUNTRY.match(value):
                    raise QueryError("must be an ISO 3166 alpha-3 code such as AFG", target=name)
            set_(self, name, value)
        if self.dyad is not None:
            if isinstance(self.dyad, str) or len(self.dyad) != 2:
                raise QueryError("must be a pair of actor codes or countries", target="dyad")
            pair = tuple((_text("dyad", v, 64) or "").upper() for v in self.dyad)
            if not all(_ACTOR_CODE.match(v) for v in pair):
                raise QueryError("must be a pair of actor codes or countries", target="dyad")
            set_(self, "dyad", pair)
        cameo = _text("cameo", self.cameo, 4)
        if cameo is not None and not _CAMEO.match(cameo):
            raise QueryError("must be a CAMEO code prefix of 2 to 4 digits", target="cameo")
        set_(self, "cameo", cameo)
        root = _text("cameo_root", self.cameo_root, 2)
        if root is not None and not (_ROOT.match(root) and 1 <= int(root) <= 20):
            raise QueryError("must be a CAMEO root from 01 to 20", target="cameo_root")
        set_(self, "cameo_root", root)
        plover = _text("plover", self.plover, 24)
        if plover is not None:
            plover = plover.upper()
            if not _PLOVER.match(plover):
                raise QueryError("must be a PLOVER event type such as ASSAULT", target="plover")
        set_(self, "plover", plover)
        for name in ("acled_event_type", "acled_sub_event_type", "place", "outlet"):
            set_(self, name, _text(name, getattr(self, name)))
        set_(self, "doc_id", _text("doc_id", self.doc_id, 512))
        set_(self, "text", _text("text", self.text, MAX_TEXT))
        if self.quad_class is not None:
            q = _int("quad_class", self.quad_class)
            if not 1 <= q <= 4:
                raise QueryError("must be 1, 2, 3 or 4", target="quad_class")
            set_(self, "quad_class", q)
        set_(self, "date_from", _parse_date("date_from", self.date_from, end=False))
        set_(self, "date_to", _parse_date("date_to", self.date_to, end=True))
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise QueryError("is after date_to", target="date_from")
        if self.near is not None:
            set_(self, "near", _near(self.near))
        modality = _text("modality", self.modality, 32)
        if modality is not None and modality not in MODALITIES:
            raise QueryError(f"must be one of {', '.join(MODALITIES)}", target="modality")
        set_(self, "modality", modality)
        limit = _int("limit", self.limit)
        if not 1 <= limit <= MAX_LIMIT:
            raise QueryError(f"must be between 1 and {MAX_LIMIT}", target="limit")
        set_(self, "limit", limit)
        offset = _int("offset", self.offset)
        if not 0 <= offset <= MAX_OFFSET:
            raise QueryError(f"must be between 0 and {MAX_OFFSET}", target="offset")
        set_(self, "offset", offset)

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> EventFilter:
        """Build from string parameters (a query string, CLI options).

        ``dyad`` may be "A,B"; ``near`` "lat,lon,km"; unknown names are errors.
        """
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {}
        for name, raw in params.items():
            if name not in known:
                raise QueryError("unknown filter", target=name)
            if raw is None or raw == "":
                continue
            if name == "dyad" and isinstance(raw, str):
                raw = tuple(p.strip() for p in re.split(r"[,;]", raw))
            elif name == "near" and isinstance(raw, str):
                raw = tuple(p.strip() for p in raw.split(","))
            elif name == "dyad_ordered" and isinstance(raw, str):
                raw = raw.strip().lower() in ("1", "true", "yes", "on")
            values[name] = raw
        return cls(**values)

    def criteria(self) -> dict[str, Any]:
        """The criteria that are set (paging left out)."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name not in _PAGING and f.name != "dyad_ordered"
            and getattr(self, f.name) is not None
        }

    def page(self, limit: int, offset: int = 0) -> EventFilter:
        return replace(self, limit=limit, offset=offset)


def _int(name: str, value: Any) -> int:
    if isinstance(value, bool):
        raise QueryError("must be a whole number", target=name)
    try:
        out = int(value)
    except (TypeError, ValueError) as exc:
        raise QueryError("must be a whole number", target=name) from exc
    if isinstance(value, float) and value != out:
        raise QueryError("must be a whole number", target=name)
    return out


def _near(value: Any) -> tuple[float, float, float]:
    try:
        lat, lon, radius = (float(v) for v in value)
    except (TypeError, ValueError) as exc:
        raise QueryError("must be (lat, lon, radius_km)", target="near") from exc
    if not all(math.isfinite(v) for v in (lat, lon, radius)):
        raise QueryError("must be finite numbers", target="near")
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise QueryError("latitude must be in -90..90 and longitude in -180..180", target="near")
    if not 0 < radius <= MAX_RADIUS_KM:
        raise QueryError(f"radius must be in (0, {MAX_RADIUS_KM:.0f}] km", target="near")
    return (lat, lon, radius)


def _side(prefix: str) -> str:
    # prefix comes from the fixed pair ("source", "target"), never from input
    return (f"(e.{prefix}_code = ? OR e.{prefix}_country = ? OR e.{prefix}_group = ? "
            f"OR e.{prefix}_key = ?)")


def _reports_exist(condition: str) -> str:
    return ("EXISTS (SELECT 1 FROM event_reports er JOIN reports r ON r.event_id = er.report_id "
            f"WHERE er.event_id = e.event_id AND {condition})")


def where(flt: EventFilter) -> tuple[str, list[Any]]:
    """The SQL condition over ``events e`` for a filter, and its parameters."""
    parts: list[str] = []
    params: list[Any] = []

    def add(sql: str, *values: Any) -> None:
        parts.append(sql)
        params.extend(values)

    if flt.actor:
        needle = flt.actor.lower()
        cols = ("source_name", "source_code", "source_key", "target_name", "target_code",
                "target_key")
        add("(" + " OR ".join(f"contains(lower(coalesce(e.{c}, '')), ?)" for c in cols) + ")",
            *([needle] * len(cols)))
    if flt.source_country:
        add("e.source_country = ?", flt.source_country)
    if flt.target_country:
        add("e.target_country = ?", flt.target_country)
    if flt.country:
        add("(e.source_country = ? OR e.target_country = ?)", flt.country, flt.country)
    if flt.dyad:
        a, b = flt.dyad
        forward = f"({_side('source')} AND {_side('target')})"
        values = [a] * 4 + [b] * 4
        if flt.dyad_ordered:
            add(forward, *values)
        else:
            add(f"({forward} OR ({_side('source')} AND {_side('target')}))",
                *values, *([b] * 4 + [a] * 4))
    if flt.cameo:
        add("starts_with(e.cameo, ?)", flt.cameo)
    if flt.cameo_root:
        add("e.cameo_root = ?", flt.cameo_root)
    if flt.plover:
        add("upper(e.plover_type) = ?", flt.plover)
    if flt.acled_event_type:
        add("lower(e.acled_event_type) = ?", flt.acled_event_type.lower())
    if flt.acled_sub_event_type:
        add("lower(e.acled_sub_event_type) = ?", flt.acled_sub_event_type.lower())
    if flt.quad_class is not None:
        add("e.quad_class = ?", flt.quad_class)
    if flt.date_from:
        add("e.day >= CAST(? AS DATE)", flt.date_from)
    if flt.date_to:
        add("e.day <= CAST(? AS DATE)", flt.date_to)
    if flt.place:
        add("(contains(lower(coalesce(e.location_name, '')), ?) "
            "OR contains(lower(coalesce(e.location_admin1, '')), ?))",
            flt.place.lower(), flt.place.lower())
    if flt.near:
        lat, lon, radius = flt.near
        add("(e.lat IS NOT NULL AND e.lon IS NOT NULL AND 2 * ? * asin(sqrt("
            "pow(sin(radians(e.lat - ?) / 2), 2) + cos(radians(?)) * cos(radians(e.lat)) "
            "* pow(sin(radians(e.lon - ?) / 2), 2))) <= ?)",
            EARTH_RADIUS_KM, lat, lat, lon, radius)
    if flt.outlet:
        add(_reports_exist("contains(lower(coalesce(r.outlet, '')), ?)"), flt.outlet.lower())
    if flt.modality:
        add("e.modality = ?", flt.modality)
    if flt.doc_id:
        add(_reports_exist("r.doc_id = ?"), flt.doc_id)
    if flt.text:
        needle = flt.text.lower()
        add("(contains(lower(coalesce(e.evidence, '')), ?) OR EXISTS (SELECT 1 FROM "
            "event_reports er JOIN mentions m ON m.report_id = er.report_id "
            "WHERE er.event_id = e.event_id AND contains(lower(coalesce(m.evidence, '')), ?)))",
            needle, needle)
    return (" AND ".join(parts) if parts else "TRUE"), params
