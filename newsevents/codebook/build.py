"""Turning read tables into validated records, in dependency order.

Tables of one kind are merged in the order given (bundled files first, then the user's),
so a later row with the same key replaces an earlier one. Rows are checked against the
merged tables they refer to (agent codes, countries, CAMEO codes, PLOVER types, ACLED
types), so a user file may use a code that another user file adds.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

import pycountry

from .records import (
    AcledEvent,
    AcledType,
    ActorEntry,
    AgentTerm,
    CameoCode,
    Country,
    PersonRole,
    PloverType,
)
from .tables import Row, Table, split_list

# Codes accepted as ISO3 though ISO 3166 lacks them: Kosovo's user-assigned code.
ISO3_EXCEPTIONS = {"XKX": "XK"}
# Transnational agent blocks come before the country in a CAMEO actor code (NGO + SYR + HRI).
TRANSNATIONAL = frozenset({"IGO", "NGO", "IMG", "MNC", "NGM", "INT"})
ORG_KINDS = frozenset(
    {"igo", "ngo", "gov", "leg", "jud", "mil", "cop", "spy", "party", "edu", "med", "bus", "rel"}
)
GROUP_KINDS = frozenset({"armed", "political", "criminal"})

K = TypeVar("K")
V = TypeVar("V")

_CAMEO_CODE = re.compile(r"\d{2,4}")
_BLOCKS = re.compile(r"(?:[A-Z]{3})+")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def slug(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", text.lower()).strip("-")


def iso_codes() -> dict[str, str]:
    """ISO 3166-1 and dissolved (3166-3) alpha-3 -> alpha-2, plus the exceptions."""
    codes = {c.alpha_3: c.alpha_2 for c in pycountry.countries}
    for c in pycountry.historic_countries:
        codes.setdefault(c.alpha_3, c.alpha_2)
    codes.update(ISO3_EXCEPTIONS)
    return codes


def actor_code(cameo_country: str, agent: str, group: str) -> str:
    """Join code parts the CAMEO way: transnational agents first, else country first."""
    if agent[:3] in TRANSNATIONAL:
        return agent[:3] + cameo_country + agent[3:] + group
    return cameo_country + agent + group


def date_bounds(value: str) -> tuple[date, date] | None:
    """First and last day a YYYY, YYYY-MM or YYYY-MM-DD date covers; None if malformed."""
    m = _DATE.fullmatch(value)
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if day is not None:
            d = date(year, int(month or 0), int(day))
            return d, d
        if month is not None:
            first = date(year, int(month), 1)
            nxt = date(year + 1, 1, 1) if first.month == 12 else date(year, first.month + 1, 1)
            return first, date.fromordinal(nxt.toordinal() - 1)
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


@dataclass
class Data:
    """Everything a Codebook holds, keyed for overriding."""

    agent_codes: dict[str, str] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)
    cameo: dict[str, CameoCode] = field(default_factory=dict)
    plover: dict[tuple[str, str | None], PloverType] = field(default_factory=dict)
    acled: dict[str, AcledType] = field(default_factory=dict)  # by sub-event type
    acled_extra: dict[str, AcledType] = field(default_factory=dict)  # by label
    cameo_plover: dict[str, PloverType | None] = field(default_factory=dict)
    plover_legacy: dict[tuple[str, str | None], tuple[str, str | None]] = field(
        default_factory=dict
    )
    cameo_acled: dict[str, AcledType | None] = field(default_factory=dict)
    acled_events: dict[str, AcledEvent] = field(default_factory=dict)  # by CASE label
    agents: dict[str, AgentTerm] = field(default_factory=dict)
    organisations: dict[str, ActorEntry] = field(default_factory=dict)
    groups: dict[str, ActorEntry] = field(default_factory=dict)
    people: dict[str, PersonRole] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)  # rows read per file
    # A key repeated inside one file is almost always a slip; it loads (the last row
    # wins) and `check` reports it.
    duplicates: list[str] = field(default_factory=list)
    origin: dict[tuple[str, object], tuple[str, int]] = field(default_factory=dict)

    def put(self, store: dict[K, V], what: str, key: K, value: V, row: Row) -> None:
        prev = self.origin.get((what, key))
        if prev is not None and prev[0] == row.path:
            self.duplicates.append(f"{row.where()}: {what} {key!r} repeats line {prev[1]}")
        self.origin[(what, key)] = (row.path, row.line)
        store[key] = value


def _rows(tables: Iterable[Table], kind: str) -> Iterator[Row]:
    for table in tables:
        if table.spec.kind == kind:
            yield from table.rows


def _need(row: Row, column: str) -> str:
    value = row.cells[column]
    if not value:
        raise row.error(f"empty {column}")
    return value


def _int(row: Row, column: str, allowed: range) -> int:
    value = _need(row, column)
    if not value.isdigit() or int(value) not in allowed:
        raise row.error(
            f"bad {column} {value!r}: expected a whole number in {allowed.start}-{allowed.stop - 1}"
        )
    return int(value)


def _float(row: Row, column: str) -> float | None:
    value = row.cells[column]
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise row.error(f"bad {column} {value!r}: expected a number") from None
    if not -10.0 <= number <= 10.0:
        raise row.error(f"bad {column} {value!r}: outside -10..10")
    return number


def _agent(data: Data, row: Row, column: str, *, required: bool) -> str | None:
    value = row.cells[column]
    if not value:
        if required:
            raise row.error(f"empty {column}")
        return None
    if not _BLOCKS.fullmatch(value):
        raise row.error(f"bad {column} {value!r}: expected three-letter capital blocks")
    for i in range(0, len(value), 3):
        if value[i : i + 3] not in data.agent_codes:
            raise row.error(f"unknown agent code {value[i : i + 3]!r} in {value!r}")
    return value


def _country(data: Data, row: Row, column: str, *, required: bool) -> str | None:
    value = row.cells[column]
    if not value:
        if required:
            raise row.error(f"empty {column}")
        return None
    if value not in data.countries:
        raise row.error(f"unknown ISO3 code {value!r}")
    return value


def build(tables: list[Table]) -> Data:
    data = Data()
    for table in tables:
        data.counts[table.path] += len(table.rows)
    _agent_codes(data, tables)
    _countries(data, tables)
    _cameo(data, tables)
    _plover(data, tables)
    _acled(data, tables)
    _mappings(data, tables)
    _agents(data, tables)
    _actors(data, tables)
    _people(data, tables)
    return data


def _agent_codes(data: Data, tables: list[Table]) -> None:
    for row in _rows(tables, "agent_codes"):
        code = _need(row, "code")
        if not re.fullmatch(r"[A-Z]{3}", code):
            raise row.error(f"bad agent code {code!r}: expected three capital letters")
        data.agent_codes[code] = row.cells["name"]


def _countries(data: Data, tables: list[Table]) -> None:
    known = iso_codes()
    for row in _rows(tables, "countries"):
        iso3, iso2, cameo = _need(row, "iso3"), _need(row, "iso2"), _need(row, "cameo")
        if iso3 not in known:
            raise row.error(f"unknown ISO3 code {iso3!r}")
        if iso2 != known[iso3]:
            raise row.error(f"iso2 {iso2!r} does not match {iso3} (ISO gives {known[iso3]!r})")
        if not re.fullmatch(r"[A-Z]{3}", cameo):
            raise row.error(f"bad cameo country code {cameo!r}")
        name = _need(row, "name")
        names = split_list(row.cells["names"])
        data.put(
            data.countries,
            "country",
            iso3,
            Country(
                iso3=iso3,
                iso2=iso2,
                cameo=cameo,
                name=name,
                names=names if name in names else (name, *names),
                adjectives=split_list(row.cells["adjectives"]),
                demonyms=split_list(row.cells["demonyms"]),
                capitals=split_list(row.cells["capitals"]),
            ),
            row,
        )


def _cameo(data: Data, tables: list[Table]) -> None:
    for row in _rows(tables, "cameo"):
        code = _need(row, "code")
        if not _CAMEO_CODE.fullmatch(code):
            raise row.error(f"bad CAMEO code {code!r}: expected 2 to 4 digits")
        root = _need(row, "root")
        if root != code[:2]:
            raise row.error(f"root {root!r} is not the first two digits of {code!r}")
        level = _int(row, "level", range(1, 4))
        if level != len(code) - 1:
            raise row.error(f"level {level} does not fit code {code!r}")
        data.put(
            data.cameo,
            "CAMEO code",
            code,
            CameoCode(
                code=code,
                name=_need(row, "name"),
                goldstein=_float(row, "goldstein"),
                quad_class=_int(row, "quad_class", range(1, 5)),
                root=root,
                level=level,
            ),
            row,
        )


def _plover(data: Data, tables: list[Table]) -> None:
    for row in _rows(tables, "plover"):
        ptype = _need(row, "type")
        mode = row.cells["mode"] or None
        if row.cells["requires_recipient"] not in {"yes", "no"}:
            raise row.error("requires_recipient must be yes or no")
        _float(row, "score")
        quad = _int(row, "quad_class", range(1, 5))
        if mode is not None and (ptype, None) not in data.plover:
            raise row.error(f"mode {mode!r} given before its type {ptype!r}")
        data.plover[(ptype, mode)] = PloverType(
            type=ptype,
            mode=mode,
            quad_class=quad,
            requires_recipient=row.cells["requires_recipient"] == "yes",
        )


def _acled(data: Data, tables: list[Table]) -> None:
    for row in _rows(tables, "acled"):
        sub = _need(row, "sub_event_type")
        data.acled[sub] = AcledType(
            event_type=_need(row, "event_type"),
            sub_event_type=sub,
            label=row.cells["case2021_label"] or None,
            disorder=row.cells["disorder_type"] or None,
        )
    for row in _rows(tables, "acled_extra"):
        label = _need(row, "label")
        data.acled_extra[label] = AcledType(
            event_type=_need(row, "name"), sub_event_type=None, label=label, disorder=None
        )


def event_type_disorder(data: Data, event_type: str) -> str | None:
    """The disorder type most of an event type's sub-event types share."""
    found = Counter(a.disorder for a in data.acled.values() if a.event_type == event_type)
    return found.most_common(1)[0][0] if found else None


def _cameo_key(data: Data, row: Row) -> str:
    code = _need(row, "cameo")
    if code not in data.cameo:
        raise row.error(f"unknown CAMEO code {code!r}")
    return code


def _mappings(data: Data, tables: list[Table]) -> None:
    for row in _rows(tables, "cameo_plover"):
        code = _cameo_key(data, row)
        ptype, mode = row.cells["type"], row.cells["mode"] or None
        if not ptype:
            if mode:
                raise row.error("mode given without a type")
            data.put(data.cameo_plover, "cameo_plover code", code, None, row)
            continue
        if (ptype, mode) not in data.plover:
            raise row.error(f"unknown PLOVER type/mode {ptype}/{mode or ''}")
        data.put(data.cameo_plover, "cameo_plover code", code, data.plover[(ptype, mode)], row)
    for row in _rows(tables, "plover_legacy"):
        ptype, mode = _need(row, "type"), row.cells["mode"] or None
        if (ptype, mode) not in data.plover:
            raise row.error(f"unknown PLOVER type/mode {ptype}/{mode or ''}")
        key = (_need(row, "legacy_type").upper(), row.cells["legacy_mode"] or None)
        data.plover_legacy[key] = (ptype, mode)
    event_types = {a.event_type for a in data.acled.values()}
    for row in _rows(tables, "cameo_acled"):
        code = _cameo_key(data, row)
        etype, sub = row.cells["event_type"], row.cells["sub_event_type"] or None
        if not etype:
            if sub:
                raise row.error("sub_event_type given without an event_type")
            data.cameo_acled[code] = None
        elif etype in data.acled_extra:
            if sub:
                raise row.error(f"{etype} is a CASE label: it has no sub-event types")
            data.cameo_acled[code] = data.acled_extra[etype]
        elif etype not in event_types:
            raise row.error(f"unknown ACLED event type {etype!r}")
        elif sub is None:
            data.cameo_acled[code] = AcledType(etype, None, None, event_type_disorder(data, etype))
        elif sub not in data.acled or data.acled[sub].event_type != etype:
            raise row.error(f"unknown ACLED sub-event type {sub!r} under {etype!r}")
        else:
            data.cameo_acled[code] = data.acled[sub]
    labels = {a.label for a in data.acled.values()} | set(data.acled_extra)
    for row in _rows(tables, "acled_events"):
        label = _need(row, "label").upper()
        if label not in labels:
            raise row.error(f"unknown CASE 2021 label {label!r}")
        agent = row.cells["source_agent"] or None
        if agent is not None and agent not in data.agent_codes:
            raise row.error(f"unknown agent code {agent!r}")
        event = AcledEvent(label, _cameo_key(data, row), agent, row.cells["source_name"] or None)
        data.put(data.acled_events, "acled_events label", label, event, row)


def _agents(data: Data, tables: list[Table]) -> None:
    for row in _rows(tables, "agents"):
        term = " ".join(_need(row, "term").split())
        if term != term.lower():
            raise row.error(f"term {term!r} must be lower case (a spaCy lemma phrase)")
        agent = _agent(data, row, "agent", required=True)
        assert agent is not None
        data.put(
            data.agents,
            "term",
            term,
            AgentTerm(term=term, agent=agent, note=row.cells.get("note", "")),
            row,
        )


def _actors(data: Data, tables: list[Table]) -> None:
    for row in _rows(tables, "actors"):
        name = _need(row, "name")
        kind = _need(row, "kind")
        if kind not in ORG_KINDS | GROUP_KINDS:
            raise row.error(
                f"unknown kind {kind!r}: expected one of "
                f"{', '.join(sorted(ORG_KINDS | GROUP_KINDS))}"
            )
        country = _country(data, row, "country", required=False)
        agent = _agent(data, row, "agent", required=False)
        group = row.cells["group"] or None
        if group is not None and not _BLOCKS.fullmatch(group):
            raise row.error(f"bad group {group!r}: expected three-letter capital blocks")
        code = row.cells["code"] or None
        if code is None and agent is not None:
            cameo_country = data.countries[country].cameo if country else ""
            code = actor_code(cameo_country, agent, group or "")
        if code is not None and not _BLOCKS.fullmatch(code):
            raise row.error(f"bad code {code!r}: expected three-letter capital blocks")
        owner = (country or (agent or "xxx")[:3]).lower()
        entry = ActorEntry(
            id=f"{owner}:{slug(name)}",
            name=name,
            names=tuple(dict.fromkeys((name, *split_list(row.cells["aliases"])))),
            country=country,
            agent=agent,
            group=group,
            code=code,
            kind=kind,
            source_file=row.path,
        )
        target = data.groups if kind in GROUP_KINDS else data.organisations
        # an id moves between tables when a user re-kinds a bundled entry
        (data.organisations if target is data.groups else data.groups).pop(entry.id, None)
        data.put(target, "actor id", entry.id, entry, row)


def _people(data: Data, tables: list[Table]) -> None:
    for row in _rows(tables, "people"):
        name = _need(row, "name")
        country = _country(data, row, "country", required=True)
        agent = _agent(data, row, "agent", required=True)
        role = _need(row, "role")
        bounds = {}
        for column in ("start", "end"):
            value = row.cells[column]
            if value:
                got = date_bounds(value)
                if got is None:
                    raise row.error(
                        f"bad date {value!r} in {column}: expected YYYY-MM-DD, YYYY-MM or YYYY"
                    )
                bounds[column] = got
        if "start" in bounds and "end" in bounds and bounds["end"][1] < bounds["start"][0]:
            raise row.error(f"end {row.cells['end']} is before start {row.cells['start']}")
        assert country is not None and agent is not None
        start, end = row.cells["start"] or None, row.cells["end"] or None
        person = PersonRole(
            id=f"{slug(name)}:{role}:{start or ''}",
            name=name,
            names=tuple(dict.fromkeys((name, *split_list(row.cells["aliases"])))),
            country=country,
            agent=agent,
            role=role,
            start=start,
            end=end,
        )
        data.put(data.people, "person-role id", person.id, person, row)
