"""The Codebook: lookups over the bundled tables plus any user files, loaded once per process."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from .. import compiled
from ..errors import CodebookError
from .build import Data, actor_code, build, date_bounds
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
from .tables import Table, read_table

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"

# Bundled files, relative to DATA_DIR, in load order (agent codes and countries first:
# the others are checked against them).
BUNDLED: tuple[str, ...] = (
    "agent_codes.tsv",
    "actors/countries.tsv",
    "cameo.tsv",
    "plover.tsv",
    "acled.tsv",
    "acled_extra.tsv",
    "cameo_plover.tsv",
    "plover_legacy.tsv",
    "cameo_acled.tsv",
    "acled_events.tsv",
    "actors/agents.tsv",
    "actors/organisations.tsv",
    "actors/groups.tsv",
    "actors/people.tsv",
    "actors/politicians.tsv",
)


def _norm(text: str) -> str:
    # News text mixes typographic and plain apostrophes; lookups treat them alike.
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split())


def _is_acronym(word: str) -> bool:
    """Short all-capital forms (US, U.S., UK, DRC) are matched with their case only,
    so that the pronoun "us" is not the United States."""
    letters = word.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 4


class Codebook:
    """Read-only lookups over CAMEO, PLOVER, ACLED and the actor dictionaries."""

    def __init__(self, data: Data) -> None:
        self._d = data
        self._types = tuple(data.plover.values())
        self._acled_types = tuple(data.acled.values()) + tuple(data.acled_extra.values())
        self._country_ci: dict[str, tuple[Country, str]] = {}
        self._country_cs: dict[str, tuple[Country, str]] = {}
        # Precedence by kind, then file order: "Georgia" the name beats any adjective.
        for kind in ("name", "adjective", "demonym", "capital"):
            for country in data.countries.values():
                words = {
                    "name": country.names,
                    "adjective": country.adjectives,
                    "demonym": country.demonyms,
                    "capital": country.capitals,
                }[kind]
                for word in words:
                    key = _norm(word)
                    if _is_acronym(key):
                        self._country_cs.setdefault(key, (country, kind))
                    else:
                        self._country_ci.setdefault(key.lower(), (country, kind))
        # Rows with the same canonical name are one person: an alias written on any of
        # their rows finds all of them. A shared alias ("Bush") finds every bearer; the
        # date then tells them apart.
        by_person: dict[str, list[PersonRole]] = {}
        for role in data.people.values():
            by_person.setdefault(_norm(role.name).lower(), []).append(role)
        self._people_by_name: dict[str, list[PersonRole]] = {}
        for roles in by_person.values():
            keys = {_norm(name).lower() for role in roles for name in role.names}
            for key in keys:
                self._people_by_name.setdefault(key, []).extend(roles)

    # ---- CAMEO
    def cameo(self, code: str) -> CameoCode:
        try:
            return self._d.cameo[code]
        except KeyError:
            raise CodebookError(f"unknown CAMEO code {code!r}", target="cameo") from None

    def cameo_codes(self) -> tuple[CameoCode, ...]:
        return tuple(self._d.cameo.values())

    # ---- PLOVER
    def plover(self, cameo_code: str) -> PloverType | None:
        """PLOVER type (and mode) for a CAMEO code, by longest listed prefix:
        0431 falls back to 043, then 04. None when the code has no PLOVER equivalent."""
        for n in range(len(cameo_code), 1, -1):
            prefix = cameo_code[:n]
            if prefix in self._d.cameo_plover:
                return self._d.cameo_plover[prefix]
        return None

    def plover_types(self) -> tuple[PloverType, ...]:
        return self._types

    def plover_from_legacy(self, name: str) -> str | None:
        """PLOVER 2.0 type for a draft-0.5 category name (DEMAND -> REQUEST)."""
        found = self._d.plover_legacy.get((name.strip().upper(), None))
        return found[0] if found else None

    def plover_mode_from_legacy(self, name: str, mode: str | None) -> tuple[str, str | None] | None:
        """PLOVER 2.0 (type, mode) for a draft-0.5 category and mode (FIGHT/firearms ->
        ASSAULT/firearms); an unknown mode falls back to the category with no mode."""
        key = name.strip().upper()
        if mode and (key, mode) in self._d.plover_legacy:
            return self._d.plover_legacy[(key, mode)]
        found = self._d.plover_legacy.get((key, None))
        return (found[0], None) if found else None

    # ---- ACLED
    def acled(self, cameo_code: str) -> AcledType | None:
        """ACLED type for a CAMEO code by longest listed prefix; None when no mapping is
        defensible. The coder must still check the actors (see cameo_acled.tsv)."""
        for n in range(len(cameo_code), 1, -1):
            prefix = cameo_code[:n]
            if prefix in self._d.cameo_acled:
                return self._d.cameo_acled[prefix]
        return None

    def acled_types(self) -> tuple[AcledType, ...]:
        """The 25 ACLED sub-event types, then the 5 CASE 2021 labels outside ACLED."""
        return self._acled_types

    def acled_event(self, label: str) -> AcledEvent | None:
        """How to code an event of this CASE label when no rule codes it (acled_events.tsv)."""
        return self._d.acled_events.get(label.strip().upper())

    def acled_by_label(self, label: str) -> AcledType | None:
        key = label.strip().upper()
        for item in self._acled_types:
            if item.label == key:
                return item
        return None

    # ---- countries
    def countries(self) -> tuple[Country, ...]:
        return tuple(self._d.countries.values())

    def country(self, iso3: str) -> Country | None:
        return self._d.countries.get(iso3.upper())

    def country_lookup(self, text: str) -> tuple[Country, str] | None:
        """The country a word names, and how: "name", "adjective", "demonym" or "capital".

        Case-insensitive, except short all-capital forms (US, UK, DRC), which must match
        their case. A leading "the" is ignored when the rest is known.
        """
        key = _norm(text)
        if not key:
            return None
        if key in self._country_cs:
            return self._country_cs[key]
        found = self._country_ci.get(key.lower())
        if found is None and key.lower().startswith("the "):
            found = self._country_ci.get(key.lower()[4:])
        return found

    # ---- agents
    def agents(self) -> tuple[AgentTerm, ...]:
        return tuple(self._d.agents.values())

    def agent_for(self, term: str) -> str | None:
        """Agent code for a lower-case lemma phrase ("police officer" -> "COP")."""
        found = self._d.agents.get(" ".join(term.lower().split()))
        return found.agent if found else None

    def agent_codes(self) -> dict[str, str]:
        """Known agent blocks and their names (agent_codes.tsv)."""
        return dict(self._d.agent_codes)

    # ---- organisations, groups, people
    def organisations(self) -> tuple[ActorEntry, ...]:
        return tuple(self._d.organisations.values())

    def groups(self) -> tuple[ActorEntry, ...]:
        return tuple(self._d.groups.values())

    def people(self) -> tuple[PersonRole, ...]:
        return tuple(self._d.people.values())

    def person_roles(self, name: str, on: str | None) -> tuple[PersonRole, ...]:
        """Roles held by the person with this name or alias (case-insensitive) on a date.

        ``on`` is YYYY-MM-DD (YYYY-MM and YYYY select any overlap with that month or
        year); None returns every role. A role with no end is still held.
        """
        roles = self._people_by_name.get(_norm(name).lower(), [])
        if on is None:
            return tuple(roles)
        window = date_bounds(on)
        if window is None:
            raise CodebookError(f"bad date {on!r}: expected YYYY-MM-DD", target="person_roles")
        held = []
        for role in roles:
            start = date_bounds(role.start) if role.start else None
            end = date_bounds(role.end) if role.end else None
            if start is not None and window[1] < start[0]:
                continue
            if end is not None and window[0] > end[1]:
                continue
            held.append(role)
        return tuple(held)

    def actor_code(self, country: str | None, agent: str | None, group: str | None = None) -> str:
        """A CAMEO actor code from its parts: ("USA", "GOV") -> "USAGOV",
        (None, "IGO", "UNO") -> "IGOUNO", ("SYR", "NGO", "HRI") -> "NGOSYRHRI".
        The country may be an ISO3 code; it is written as its CAMEO code (XKX -> KSV)."""
        cameo_country = ""
        if country:
            known = self._d.countries.get(country.upper())
            cameo_country = known.cameo if known else country.upper()
        return actor_code(cameo_country, (agent or "").upper(), (group or "").upper())

    def duplicates(self) -> tuple[str, ...]:
        """Keys repeated inside one file (the last row won), as "file:line: ..." lines."""
        return tuple(self._d.duplicates)

    def counts(self) -> dict[str, int]:
        """Rows read per file, for reporting."""
        return dict(self._d.counts)


def bundled_tables() -> list[Table]:
    return [read_table(DATA_DIR / rel, label=rel) for rel in BUNDLED]


# The codebook.extra setting also lists YAML verb-pattern files: those belong to the
# pattern loader (patterns.py), not to these tables.
_NOT_TABLES = (".yaml", ".yml")


def _load(extra: tuple[str, ...]) -> Codebook:
    started = time.perf_counter()
    tables = bundled_tables() + [
        read_table(Path(p)) for p in extra if not p.lower().endswith(_NOT_TABLES)
    ]
    book = Codebook(build(tables))
    logger.debug("codebook loaded: %d files in %.3f s", len(tables), time.perf_counter() - started)
    return book


_lock = threading.Lock()


@compiled.loader("codebook")
def _cached(extra: tuple[str, ...]) -> Codebook:
    return _load(extra)


def load_codebook(extra: Sequence[str] = ()) -> Codebook:
    """The codebook with the bundled files and ``extra`` user files.

    User files have the bundled formats; each file's kind is recognised from its header
    (YAML pattern files in ``extra`` are skipped: patterns.py reads those). User rows add
    to the bundled ones and replace those with the same key (code, term, id). Cached per
    process for each tuple of paths."""
    if isinstance(extra, str):
        raise CodebookError(
            "extra must be a sequence of paths, not one string", target="load_codebook"
        )
    key = tuple(str(p) for p in extra)
    with _lock:
        return _cached(key)


def clear_cache() -> None:
    """Forget loaded codebooks (after editing a file in a long-running process)."""
    with _lock:
        _cached.cache_clear()
        compiled.package_digest.cache_clear()  # a bundled file may have changed too
