"""The word lists and patterns of places.yaml, the aliases of aliases.tsv and the
country points of country_points.tsv.

Loaded once per process; users add their own files of the same shapes.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from ..datafiles import load_yaml
from ..errors import CodebookError
from ..safefiles import read_data_file
from .names import norm

_LIST_KEYS = (
    "place_modifiers",
    "locative_prepositions",
    "non_locative_prepositions",
    "relative_nouns",
    "capital_words",
    "actor_nouns",
    "weak_feature_words",
    "supranational",
    "weak_preposed_words",
    "name_connectors",
    "person_titles",
    "contest_nouns",
    "part_nouns",
    "arrival_verbs",
    "enclave_words",
    "generic_domains",
    "calendar_names",
    "compound_heads",
)


@dataclass(frozen=True)
class Alias:
    """A name the GeoNames data lacks, pointing at a country, region or continent."""

    alias: str
    kind: str  # country | admin1 | continent
    country: str  # ISO3, "" for a continent
    target: str  # region or continent name; "" for a country
    qualifier_only: bool


@dataclass(frozen=True)
class Lexicon:
    feature_words: Mapping[str, str]  # word -> "admin1" | "admin2" | "city"
    prefixes: tuple[str, ...]  # normalised admin-name prefixes, longest first
    suffixes: tuple[str, ...]
    not_names: frozenset[str]  # a region's name is not cut down to end in one of these
    place_modifiers: frozenset[str]
    locative_prepositions: frozenset[str]
    non_locative_prepositions: frozenset[str]
    relative_nouns: frozenset[str]
    capital_words: frozenset[str]
    actor_nouns: frozenset[str]
    weak_feature_words: frozenset[str]
    supranational: frozenset[str]
    weak_preposed_words: frozenset[str]
    name_connectors: frozenset[str]
    person_titles: frozenset[str]
    contest_nouns: frozenset[str]
    part_nouns: frozenset[str]
    arrival_verbs: frozenset[str]
    enclave_words: frozenset[str]
    generic_domains: frozenset[str]  # country-code domains used by outlets anywhere (".tv")
    calendar_names: frozenset[str]  # feasts and seasons: dates, though towns bear some
    compound_heads: frozenset[str]  # "led" in "U.S.-led": the country before it is named
    outlet_domains: Mapping[str, str]  # domain suffix -> ISO3 where it is not the ISO code
    datelines: tuple[re.Pattern[str], ...]
    aliases: tuple[Alias, ...]

    def core(self, name: str) -> str:
        """A region's normalised name without its administrative words ("" if none were there)."""
        key = norm(name)
        out = key
        for p in self.prefixes:
            if out.startswith(p + " "):
                out = out[len(p) + 1 :]
                break
        for s in self.suffixes:
            if out.endswith(" " + s):
                out = out[: -len(s) - 1]
                break
        if not out or out == key or out.split()[-1] in self.not_names:
            return ""
        return out


def _data_text(name: str) -> str:
    return (resources.files("newsevents.gazetteer") / "data" / name).read_text("utf-8")


def _read_yaml(text: str, origin: str) -> dict[str, Any]:
    try:
        data = load_yaml(text)
    except Exception as exc:  # yaml raises many error types; all mean a bad file
        raise CodebookError(f"not valid YAML: {exc}", target=origin) from exc
    if not isinstance(data, dict):
        raise CodebookError("expected a mapping at the top level", target=origin)
    return data


def _words(value: Any, origin: str, key: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CodebookError(f"{key} must be a list of words", target=origin)
    return [v.strip().lower() for v in value if v.strip()]


def _tsv_rows(text: str) -> Iterator[tuple[int, dict[str, str]]]:
    """A tab-separated data file's rows by header, numbered as the rows after the header
    (comment and blank lines left out)."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    yield from enumerate(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE), 2)


def _aliases(text: str, origin: str) -> list[Alias]:
    out = []
    for n, row in _tsv_rows(text):
        alias, target, use = row.get("alias"), row.get("target"), row.get("use") or "any"
        if not alias or not target or use not in ("any", "qualifier"):
            raise CodebookError(
                f"row {n}: needs alias, target and use (any|qualifier)", target=origin
            )
        kind, _, rest = target.partition(":")
        if kind == "country":
            country, name = rest, ""
        elif kind == "admin1":
            country, _, name = rest.partition(":")
        elif kind == "continent":
            country, name = "", rest
        else:
            raise CodebookError(f"row {n}: unknown target kind {kind!r}", target=origin)
        out.append(Alias(alias.strip(), kind, country.strip(), name.strip(), use == "qualifier"))
    return out


def _merge(into: dict[str, Any], data: Mapping[str, Any]) -> None:
    for key, value in data.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            for sub, words in value.items():
                old = into[key].get(sub)
                into[key][sub] = [*old, *(words or [])] if isinstance(old, list) else words
        elif isinstance(value, list) and isinstance(into.get(key), list):
            into[key] = [*into[key], *value]
        else:
            into[key] = value


@lru_cache(maxsize=8)
def load_lexicon(extra: tuple[str, ...] = ()) -> Lexicon:
    """The bundled lists, extended by ``extra`` YAML (places) or TSV (aliases) files."""
    data = _read_yaml(_data_text("places.yaml"), "places.yaml")
    aliases = _aliases(_data_text("aliases.tsv"), "aliases.tsv")
    for path in extra:
        text = read_data_file(path, "place list")
        if path.endswith(".tsv"):
            aliases.extend(_aliases(text, path))
        else:
            _merge(data, _read_yaml(text, path))
    features: dict[str, str] = {}
    for cls, words in (data.get("feature_words") or {}).items():
        for w in _words(words, "places.yaml", f"feature_words.{cls}"):
            features[w] = str(cls)
    affixes = data.get("admin_affixes") or {}
    lists = {k: frozenset(_words(data.get(k), "places.yaml", k)) for k in _LIST_KEYS}
    lists["supranational"] = frozenset(norm(w) for w in lists["supranational"])
    try:
        datelines = tuple(re.compile(p) for p in data.get("dateline_patterns") or ())
    except re.error as exc:
        raise CodebookError(f"bad dateline pattern: {exc}", target="places.yaml") from exc
    return Lexicon(
        feature_words=features,
        prefixes=_longest_first(norm(p) for p in _words(affixes.get("prefixes"), "", "")),
        suffixes=_longest_first(norm(s) for s in _words(affixes.get("suffixes"), "", "")),
        not_names=frozenset(norm(w) for w in _words(affixes.get("not_names"), "", "")),
        datelines=datelines,
        aliases=tuple(aliases),
        outlet_domains=_domains(data.get("outlet_domains")),
        **lists,
    )


def _domains(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise CodebookError("outlet_domains must map domains to ISO3 codes", target="places.yaml")
    return {k.strip().lower().lstrip("."): v.strip().upper() for k, v in value.items()}


def _longest_first(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({i for i in items if i}, key=lambda s: (-len(s), s)))


def data_files() -> list[str]:
    """The bundled data files, for the cache signature."""
    return ["places.yaml", "aliases.tsv", "country_points.tsv"]


def country_points() -> dict[str, tuple[float, float]]:
    """GeoNames' own point for each country listed in country_points.tsv, by ISO2 code."""
    origin = "country_points.tsv"
    out: dict[str, tuple[float, float]] = {}
    for n, row in _tsv_rows(_data_text(origin)):
        iso2 = (row.get("iso2") or "").strip().upper()
        try:
            lat, lon = float(row.get("lat") or ""), float(row.get("lon") or "")
        except ValueError:
            lat = lon = math.nan
        if len(iso2) != 2 or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise CodebookError(f"row {n}: needs iso2 (two letters), lat and lon in range",
                                target=origin)
        out[iso2] = (lat, lon)
    return out


def data_digest_parts() -> list[bytes]:
    return [_data_text(n).encode("utf-8") for n in data_files()]
