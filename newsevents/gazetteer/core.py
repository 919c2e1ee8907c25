"""The gazetteer: dictionary lookups over the cached index, and context-aware ranking.

A name's candidates come from one dict lookup; ranking them is a sum of
priors and context bonuses, each a plain number so a reader can follow why
"Glasgow" in a Kentucky story is Glasgow, Kentucky:

    log10(population)                   bigger places are mentioned more
    + feature prior                     a country name is nearly always the country
    + name prior                        alternate names count less than primary ones
    + countries the story is about      weighted by how much it is about them
    + regions the story names           "Paris" in a story about Texas
    + explicit hints                    "X, Ky."; "X province"; "the Qatari capital X"
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from ..config import GazetteerSettings
from .build import (
    ADMIN1,
    ADMIN2,
    ALIAS,
    ALTERNATE,
    CAPITAL,
    CITY,
    CONTINENT,
    COUNTRY,
    FEATURES,
    PRIMARY,
    QUALIFIER,
    Index,
)
from .cache import cache_dir, load_or_build
from .names import norm

log = logging.getLogger(__name__)

# A capital is named in the news far more than its size suggests (it stands for its
# government too): "Washington" is the US capital before it is the state.
_FEATURE_PRIOR = {COUNTRY: 4.0, ADMIN1: 1.0, ADMIN2: -0.5, CITY: 0.0, CAPITAL: 2.5, CONTINENT: 6.0}
_VIA = {PRIMARY: "name", ALIAS: "alias", ALTERNATE: "alternate", QUALIFIER: "qualifier"}
_NAME_PRIOR = {PRIMARY: 0.0, ALIAS: 0.0, ALTERNATE: -1.5, QUALIFIER: 0.0}
_ALT_BEHIND = 1.5
# Which entry features a hint word's class asks for, and how strongly.
_HINTS: dict[str, dict[int, float]] = {
    "country": {COUNTRY: 3.0},
    "admin1": {ADMIN1: 3.0, ADMIN2: 1.0},
    "admin2": {ADMIN2: 3.0, ADMIN1: 1.5, CITY: 0.5},
    "city": {CITY: 2.0, CAPITAL: 2.0, ADMIN2: 0.5},
    "capital": {CAPITAL: 5.0, CITY: 1.0},
    "site": {CITY: 0.5, CAPITAL: 0.5},  # "Kabul airport": the town it serves or stands in
}
_COUNTRY_BONUS = 3.0
# A region's name that is also its main city's (see build._shadow_regions) yields to the city.
_SHADOWED = 2.0
_REGION_BONUS = 2.0
_ADMIN_HINT = 6.0
_COUNTRY_HINT = 6.0


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One gazetteer entry: a country, region, city or continent."""

    geonameid: int | None
    name: str
    country: str  # ISO3; "" for a continent
    admin1: str | None  # first-order region's name (a region's own name for a region)
    lat: float
    lon: float
    feature: str  # country | admin1 | admin2 | city | capital | continent
    population: int
    point: str = "geonames"  # "derived" where the point is ours (see build.py), not GeoNames'

    @property
    def region_key(self) -> str | None:
        """"ISO3/region" for the region this entry lies in, for context counting."""
        return f"{self.country}/{self.admin1}" if self.admin1 else None


@dataclass(frozen=True, slots=True)
class Scored:
    score: float
    entry: GazEntry
    via: str  # how the name matched: name | alias | alternate | qualifier

    @property
    def alternate(self) -> bool:
        return self.via == "alternate"


class Gazetteer:
    """Offline place lookups over GeoNames data from installed packages.

    Build one with ``Gazetteer.load(settings)``: the first call in a machine
    builds the index (well under a minute) and caches it; later processes load
    it in about half a second; later calls in a process return the same object.
    """

    _loaded: ClassVar[dict[tuple[str, int], Gazetteer]] = {}
    _lock = threading.Lock()

    def __init__(self, index: Index):
        self._ix = index
        self._entries: dict[int, GazEntry] = {}

    @classmethod
    def load(cls, settings: GazetteerSettings | None = None) -> Gazetteer:
        settings = settings or GazetteerSettings()
        key = (str(cache_dir(settings).resolve()), settings.min_population)
        with cls._lock:
            got = cls._loaded.get(key)
            if got is None:
                got = cls(load_or_build(settings))
                cls._loaded[key] = got
        return got

    @classmethod
    def from_path(cls, path: Path) -> Gazetteer:
        """A gazetteer from an index file written by ``cache.write_index`` (for tests, tools)."""
        from .cache import read_index

        index = read_index(path)
        if index is None:
            raise FileNotFoundError(path)
        return cls(index)

    def __len__(self) -> int:
        return len(self._ix.names)

    # --- entries ---------------------------------------------------------

    def _entry(self, e: int) -> GazEntry:
        got = self._entries.get(e)
        if got is None:
            ix = self._ix
            a1 = ix.admin1[e]
            got = GazEntry(
                geonameid=ix.gid[e] or None,
                name=ix.names[e],
                country=ix.iso3s[ix.country[e]],
                admin1=ix.names[a1] if a1 >= 0 else None,
                lat=ix.lat[e],
                lon=ix.lon[e],
                feature=FEATURES[ix.feature[e]],
                population=ix.pop[e],
                point="derived" if ix.derived[e] else "geonames",
            )
            if len(self._entries) < 200_000:
                self._entries[e] = got
        return got

    def _codes(self, key: str) -> tuple[int, ...]:
        codes = self._ix.keys.get(key)
        if codes is None:
            return ()
        return (codes,) if isinstance(codes, int) else codes

    def __contains__(self, name: str) -> bool:
        return norm(name) in self._ix.keys

    def known(self, name: str, *, qualifier: bool = False) -> bool:
        """Whether a name has any entry (qualifier-only abbreviations when ``qualifier``)."""
        return any(qualifier or c % 4 != QUALIFIER for c in self._codes(norm(name)))

    def country(self, iso3: str) -> GazEntry | None:
        e = self._ix.countries.get(iso3.upper())
        return self._entry(e) if e is not None else None

    def capital(self, iso3: str) -> GazEntry | None:
        e = self._ix.countries.get(iso3.upper())
        cap = self._ix.capitals.get(e) if e is not None else None
        return self._entry(cap) if cap is not None else None

    def iso3(self, iso2: str) -> str | None:
        return self._ix.iso2.get(iso2.upper())

    def candidates(self, name: str) -> list[GazEntry]:
        """Every entry the name may mean, most likely first without context."""
        return [s.entry for s in self.rank(name)]

    # --- ranking -----------------------------------------------------------

    def _hint_targets(self, hint: str) -> set[int]:
        """Entry ids of the countries and regions a qualifier ("Ky.", "Texas", "Iraq") names."""
        out = set()
        for c in self._codes(norm(hint)):
            e = c // 4
            if self._ix.feature[e] in (COUNTRY, ADMIN1):
                out.add(e)
        return out

    def rank(
        self,
        name: str,
        *,
        countries: Mapping[str, float] | Sequence[str] = (),
        regions: Mapping[str, float] | None = None,
        admin_hint: str | None = None,
        feature_hint: str | None = None,
        country_hint: str | None = None,
        qualifier: bool = False,
        extra: Callable[[GazEntry], float] | None = None,
    ) -> list[Scored]:
        """Candidates for ``name`` with their scores, best first.

        ``countries``: ISO3 codes the text is about, in order of weight, or a
        mapping to weights in [0, 1]; ``regions``: "ISO3/region" keys with
        weights; ``admin_hint``: a region or country written next to the name
        ("Glasgow, Ky."); ``feature_hint``: country | admin1 | admin2 | city |
        capital; ``country_hint``: an ISO3 code stated for this very mention
        ("the Qatari capital Doha"); ``qualifier``: allow abbreviations that
        only name a region after a comma ("Man.", "IN"); ``extra``: a further
        score for an entry (the document's own evidence, see ``context``).
        """
        codes = self._codes(norm(name))
        if not codes:
            return []
        ix = self._ix
        if isinstance(countries, Mapping):
            cweights = dict(countries)
        else:
            cweights = {iso: max(0.4, 1.0 - 0.2 * n) for n, iso in enumerate(countries)}
        hint_targets = self._hint_targets(admin_hint) if admin_hint else set()
        hint_weights = _HINTS.get(feature_hint or "", {})
        # an alternate name counts for less when another place bears the name as its own
        # ("Dili" is Timor-Leste's capital before it is a spelling of Delhi)
        alt_prior = _NAME_PRIOR[ALTERNATE] - (
            _ALT_BEHIND if any(c % 4 != ALTERNATE for c in codes) else 0.0
        )
        out = []
        for code in codes:
            e, kind = divmod(code, 4)
            if kind == QUALIFIER and not qualifier:
                continue
            feat = ix.feature[e]
            iso3 = ix.iso3s[ix.country[e]]
            name_prior = alt_prior if kind == ALTERNATE else _NAME_PRIOR[kind]
            score = math.log10(ix.pop[e] + 10) + _FEATURE_PRIOR[feat] + name_prior
            if feat == ADMIN1 and kind == ALTERNATE:
                score -= _SHADOWED  # "Donetsk" alone is the city; "Donetsk region" the region
            score += _COUNTRY_BONUS * cweights.get(iso3, 0.0)
            if regions and feat != COUNTRY:
                a1 = ix.admin1[e]
                if a1 >= 0:
                    score += _REGION_BONUS * regions.get(f"{iso3}/{ix.names[a1]}", 0.0)
            if hint_targets:
                country_e = ix.countries.get(iso3, -1)
                inside = ix.admin1[e] in hint_targets and e not in hint_targets
                score += _ADMIN_HINT if inside or country_e in hint_targets else -1.5
            if hint_weights:
                score += hint_weights.get(feat, -1.5)
            if country_hint:
                score += _COUNTRY_HINT if iso3 == country_hint else -3.0
            entry = self._entry(e)
            if extra is not None:
                score += extra(entry)
            out.append(Scored(score, entry, _VIA[kind]))
        out.sort(key=lambda s: (-s.score, -s.entry.population))
        return out

    def resolve(
        self,
        name: str,
        *,
        countries: Sequence[str] = (),
        admin_hint: str | None = None,
        feature_hint: str | None = None,
    ) -> GazEntry | None:
        """The most likely entry for ``name`` in this context, or None when unknown."""
        ranked = self.rank(
            name, countries=countries, admin_hint=admin_hint, feature_hint=feature_hint
        )
        return ranked[0].entry if ranked else None
