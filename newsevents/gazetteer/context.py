"""Resolving all the place mentions of one document together.

A story is about a few countries and regions; knowing them settles most
ambiguous names. Resolution runs in two passes over the document's distinct
names (a name repeated twenty times counts once, so one misreading cannot
feed itself):

1. Context from what is plain: demonyms ("Afghan"), names whose best reading is
   a country, the dateline's place, and the caller's focus countries.
2. Each distinct name is ranked with that context; the regions and countries of
   its best reading, weighted by how sure it is, join the context; then every
   name is ranked again, so "Glasgow" follows "Metcalfe County" to Kentucky.

A name keeps one reading through a story: a region or country written beside one
mention ("Churchill, Man.") holds for its other mentions. A small place in a
country the story never otherwise touches is more likely a place the gazetteer
lacks than a far-away namesake, so it is left unresolved.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .core import GazEntry, Gazetteer, Scored
from .names import norm

# Context weights: how much each kind of evidence says the story is about a country.
_FOCUS = 4.0
_DATELINE = 3.0
_COUNTRY_NAME = 1.0
_DEMONYM = 1.0
_RESOLVED = 0.5
_OUTLET = 2.0  # the outlet's country-code domain (see outlets.py)
# Below this score a reading is a guess not worth giving.
MIN_SCORE = 3.0
# A city or district smaller than this, in a country the story does not touch, is doubted;
# so is a region or a city met by an alternate name up to the larger size.
_SMALL = 50_000
_MIDSIZE = 500_000
_FOREIGN = 0.1
# Nearness: readings within a one-degree cell of each other (about 100 km) support each other.
_NEIGHBOUR = 2.5
_MAX_NEIGHBOURS = 3
_CANDIDATES = 8
_PLAUSIBLE = 2.0
# A namesake this big, bearing the name as its own, is a contender however far behind the
# best reading ("London", Ontario behind London, England): a story's other names may still
# settle on it. (New York City, which bears "New York" as an alternate name, is not one.)
_BIG_NAMESAKE = 100_000
_POINTS = ("city", "capital", "admin2")
# A reading inside the town or region a mention is said to belong to ("London's Heathrow").
_OWNER = 6.0
# A story is "about" a country once it has this much evidence for it.
_MAIN_MIN = 2.0


_Key = tuple[str, str | None, str | None, str | None, bool]


@dataclass
class Query:
    """One mention to resolve, with what its own words say about it."""

    text: str
    demonym_of: str | None = None  # ISO3 when the mention is a demonym ("Afghan")
    feature_hint: str | None = None
    admin_hint: str | None = None
    country_hint: str | None = None
    qualifier: bool = False  # may be a region abbreviation ("Ky.")
    dateline: bool = False
    weak: bool = False  # found on thin evidence: dropped unless it lands where the story is
    lookup: bool = True  # False for a named landmark the gazetteer lacks ("Silver Street")
    owner: str | None = None  # a town the place is said to belong to ("London's Heathrow")

    def key(self) -> _Key:
        return (norm(self.text), self.feature_hint, self.admin_hint, self.country_hint,
                self.qualifier)


@dataclass(frozen=True)
class Resolution:
    best: Scored | None
    confidence: float
    drop: bool = False  # a weak mention that is not a place after all
    within: GazEntry | None = None  # the region or country a mention is stated to be in


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return (math.floor(lat), math.floor(lon))


def _fits(entry: GazEntry, hint: GazEntry) -> bool:
    if entry.country != hint.country:
        return False
    return hint.feature == "country" or entry.admin1 == hint.admin1


def _weights(counts: Mapping[str, float]) -> dict[str, float]:
    top = max(counts.values(), default=0.0)
    if top <= 0:
        return {}
    return {k: v / top for k, v in counts.items() if v > 0}


def _top(counts: Mapping[str, float], n: int) -> list[tuple[str, float]]:
    return sorted(((k, v) for k, v in counts.items() if k), key=lambda kv: -kv[1])[:n]


def _confidence(ranked: list[Scored]) -> float:
    if not ranked:
        return 0.0
    margin = ranked[0].score - ranked[1].score if len(ranked) > 1 else 4.0
    conf = 1.0 / (1.0 + math.exp(-margin))
    if ranked[0].alternate:
        conf *= 0.8
    return round(conf, 3)


def share_hints(queries: Sequence[Query]) -> None:
    """Give every mention of a name the region, country or town stated beside any one of them."""
    hints: dict[str, tuple[str | None, str | None, str | None]] = {}
    for q in queries:
        if q.admin_hint or q.country_hint or q.owner:
            hints.setdefault(norm(q.text), (q.admin_hint, q.country_hint, q.owner))
    groups: defaultdict[str, list[Query]] = defaultdict(list)
    for q in queries:
        groups[norm(q.text)].append(q)
    for name, (admin, country, owner) in hints.items():
        for q in groups[name]:
            if not (q.admin_hint or q.country_hint or q.owner or q.demonym_of):
                q.admin_hint, q.country_hint, q.owner = admin, country, owner


class DocContext:
    """The countries and regions one document is about, and its mentions' readings."""

    def __init__(
        self, gazetteer: Gazetteer, focus_countries: Sequence[str] = (), outlet: str | None = None
    ):
        self.gaz = gazetteer
        self.support: dict[_Key, dict[tuple[int, int], int]] = {}
        # what each name adds to the context, so that it can be left out when judging itself
        self.own: dict[_Key, tuple[str | None, str, float]] = {}
        self.countries: defaultdict[str, float] = defaultdict(float)
        self.regions: defaultdict[str, float] = defaultdict(float)
        for iso in focus_countries:
            self.countries[iso.upper()] += _FOCUS
        if outlet:
            self.countries[outlet.upper()] += _OUTLET

    def _rank(self, q: Query, regions: bool, owner: GazEntry | None = None) -> list[Scored]:
        key = q.key()
        support = self.support.get(key)
        countries, region_weights = self._others(key)

        def extra(e: GazEntry) -> float:
            near = _NEIGHBOUR * support.get(_cell(e.lat, e.lon), 0) if support else 0.0
            return near + (_OWNER if owner is not None and _fits(e, owner) else 0.0)

        return self.gaz.rank(
            q.text,
            countries=countries,
            regions=region_weights if regions else None,
            admin_hint=q.admin_hint,
            feature_hint=q.feature_hint,
            country_hint=q.country_hint,
            qualifier=q.qualifier,
            extra=extra if support or owner is not None else None,
        )

    def neighbours(self, distinct: Mapping[_Key, Query]) -> None:
        """For each name, how many other names of the story have a reading near each of its own.

        Local stories name places near one another ("London", "St. Thomas", "Middlesex" in
        Ontario; "Edmonton" and "Enfield" in north London); a reading with neighbours
        among the other names' readings is likelier than a far namesake. Only towns and
        districts count (a country's or region's point says nothing about nearness), and
        each other name counts once.
        """
        cells: dict[_Key, set[tuple[int, int]]] = {}
        names: dict[_Key, str] = {}
        for key, q in distinct.items():
            if q.weak or not q.lookup:
                continue
            ranked = self.gaz.rank(q.text, qualifier=q.qualifier)
            if not ranked:
                continue
            floor = ranked[0].score - _PLAUSIBLE
            cells[key] = {
                _cell(r.entry.lat, r.entry.lon) for r in ranked[:_CANDIDATES]
                if (r.score >= floor or (r.entry.population >= _BIG_NAMESAKE and r.via == "name"))
                and r.entry.feature in _POINTS
            }
            names[key] = norm(q.text)
        by_cell: defaultdict[tuple[int, int], set[str]] = defaultdict(set)
        for key, cs in cells.items():
            for c in cs:
                by_cell[c].add(names[key])
        for key, cs in cells.items():
            support: dict[tuple[int, int], int] = {}
            for la, lo in cs:
                near: set[str] = set()
                for dla in (-1, 0, 1):
                    for dlo in (-1, 0, 1):
                        near |= by_cell.get((la + dla, lo + dlo), set())
                near.discard(names[key])
                if near:
                    support[(la, lo)] = min(len(near), _MAX_NEIGHBOURS)
            if support:
                self.support[key] = support

    def seed(self, queries: Sequence[Query]) -> None:
        """Count what the document says plainly about its countries.

        Country names and demonyms first; then the dateline, read in their light
        ("VICTORIA" in a story about Canada) and with its own qualifier ("EDMONTON, Ky.").
        """
        for q in queries:
            if q.demonym_of:
                self.countries[q.demonym_of] += _DEMONYM
            elif not q.weak and not q.dateline and q.lookup:
                ranked = self.gaz.rank(q.text, qualifier=q.qualifier)
                if not ranked:
                    continue
                top = ranked[0].entry
                if top.feature == "country":
                    self.countries[top.country] += _COUNTRY_NAME
                elif top.feature == "admin1" and _confidence(ranked) > 0.9:
                    # a region nothing else is called ("Alberta", "Kentucky")
                    self.countries[top.country] += _RESOLVED
                    if top.region_key:
                        self.regions[top.region_key] += _COUNTRY_NAME
        for q in queries:
            if q.dateline:
                ranked = self._rank(q, regions=False)
                if ranked:
                    top = ranked[0].entry
                    self.countries[top.country] += _DATELINE
                    if top.region_key:
                        self.regions[top.region_key] += _DATELINE

    def resolve(self, queries: Sequence[Query]) -> list[Resolution]:
        share_hints(queries)
        self.seed(queries)
        distinct: dict[_Key, Query] = {}
        for q in queries:
            if not q.demonym_of:
                distinct.setdefault(q.key(), q)
        self.neighbours(distinct)
        for key, q in distinct.items():
            if q.weak or not q.lookup:
                continue
            res = self._judge(q, regions=False)
            if res.best is None or res.best.entry.feature in ("country", "continent"):
                continue  # countries were counted in seed()
            entry = res.best.entry
            if entry.region_key:
                self.regions[entry.region_key] += res.confidence
            self.countries[entry.country] += _RESOLVED * res.confidence
            self.own[key] = (entry.region_key, entry.country, res.confidence)
        final = {k: self._judge(q, regions=True) for k, q in distinct.items() if not q.owner}
        for k, q in distinct.items():
            if q.owner:
                final[k] = self._judge(q, regions=True, owner=self._owner(q.owner, final))
        out = []
        for q in queries:
            if q.demonym_of:
                country = self.gaz.country(q.demonym_of)
                best = Scored(10.0, country, "name") if country is not None else None
                out.append(Resolution(best, 0.95 if best else 0.0))
            else:
                out.append(final[q.key()])
        return out

    def _others(self, key: _Key) -> tuple[dict[str, float], dict[str, float]]:
        """Country and region weights without what this name itself added (no self-support)."""
        own = self.own.get(key)
        if own is None:
            return _weights(self.countries), _weights(self.regions)
        countries, regions = defaultdict(float, self.countries), defaultdict(float, self.regions)
        countries[own[1]] -= _RESOLVED * own[2]
        if own[0]:
            regions[own[0]] -= own[2]
        return _weights(countries), _weights(regions)

    def _owner(self, name: str, final: Mapping[_Key, Resolution]) -> GazEntry | None:
        """The reading given to a place another is said to belong to ("London" in "London's X")."""
        for key, res in final.items():
            if key[0] == norm(name) and res.best is not None:
                return res.best.entry
        return None

    def _judge(self, q: Query, regions: bool, owner: GazEntry | None = None) -> Resolution:
        hints = self._hint_entries(q) or ([owner] if owner is not None else [])
        if not q.lookup:
            return Resolution(None, 0.0, within=hints[0] if owner is not None and hints else None)
        ranked = self._rank(q, regions=regions, owner=owner)
        if hints and ranked and not any(_fits(ranked[0].entry, h) for h in hints):
            # "Churchill, Man." with no Churchill in Manitoba: trust the qualifier
            return Resolution(None, 0.0, within=hints[0])
        if not ranked or ranked[0].score < MIN_SCORE:
            return Resolution(None, 0.0, drop=q.weak, within=hints[0] if hints else None)
        entry = ranked[0].entry
        weight = self._others(q.key())[0].get(entry.country, 0.0)
        if q.weak and weight < 0.3 and sum(self.countries.values()) > 0:
            return Resolution(None, 0.0, drop=True)  # the story is about somewhere else
        if not (hints or q.dateline) and self._foreign(entry, weight, ranked[0].alternate):
            return Resolution(None, 0.0)
        return Resolution(ranked[0], _confidence(ranked))

    def _foreign(self, entry: GazEntry, weight: float, alternate: bool) -> bool:
        """A lesser place in a country nothing else in a story about another country names."""
        if entry.feature not in ("city", "admin2", "admin1") or weight >= _FOREIGN:
            return False
        main = self.main_country()
        if main is None or main == entry.country:
            return False
        return entry.population < _SMALL or (entry.population < _MIDSIZE and (
            alternate or entry.feature != "city"))

    def _hint_entries(self, q: Query) -> list[GazEntry]:
        """The regions or countries a mention is stated to be in ("Georgia": both of them)."""
        if q.admin_hint:
            ranked = self.gaz.rank(q.admin_hint, qualifier=True)
            return [r.entry for r in ranked if r.entry.feature in ("admin1", "country")]
        if q.country_hint:
            entry = self.gaz.country(q.country_hint)
            return [entry] if entry is not None else []
        return []

    def likely_country(self) -> str | None:
        """The country with the most evidence, if it leads at all (for unresolved mentions)."""
        common = _top(self.countries, 2)
        if not common or (len(common) > 1 and common[0][1] <= common[1][1]):
            return None
        return common[0][0]

    def main_country(self) -> str | None:
        """The country the story is mostly about, when one clearly leads."""
        common = _top(self.countries, 2)
        if not common or common[0][1] < _MAIN_MIN:
            return None
        if len(common) == 1 or common[0][1] >= 2 * common[1][1]:
            return common[0][0]
        return None
