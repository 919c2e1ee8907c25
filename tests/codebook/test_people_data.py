"""The office-holders dictionary (people.tsv), read as plain TSV.

These tests check the data itself, independently of the codebook loader: every row is
well formed, every state has a head on fixed dates, and a few well-known terms are right.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import itertools
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import pycountry
import pytest

REPO = Path(__file__).resolve().parents[2]
PEOPLE = REPO / "newsevents" / "codebook" / "data" / "actors" / "people.tsv"
HEADER = ["name", "aliases", "country", "agent", "role", "start", "end", "source"]
ROLES = {
    "head_of_state",
    "head_of_government",
    "head_of_state_and_government",
    "foreign_minister",
    "defence_minister",
    "vice_president",
    "deputy_prime_minister",
}
HEADS_OF_STATE = {"head_of_state", "head_of_state_and_government"}
HEADS_OF_GOVERNMENT = {"head_of_government", "head_of_state_and_government"}

# Kosovo has no ISO 3166-1 code; XKX is the user-assigned code countries.tsv also uses.
EXTRA_CODES = {"XKX"}

# ISO 3166-1 entries that are not sovereign states (dependencies, overseas parts,
# uninhabited territories, states in free association): no head of state is expected.
TERRITORIES = frozenset({
    "ABW", "AIA", "ALA", "ASM", "ATA", "ATF", "BES", "BLM", "BMU", "BVT", "CCK", "COK", "CUW",
    "CXR", "CYM", "ESH", "FLK", "FRO", "GGY", "GIB", "GLP", "GRL", "GUF", "GUM", "HKG", "HMD",
    "IMN", "IOT", "JEY", "MAC", "MAF", "MNP", "MSR", "MTQ", "MYT", "NCL", "NFK", "NIU", "PCN",
    "PRI", "PYF", "REU", "SGS", "SHN", "SJM", "SPM", "SXM", "TCA", "TKL", "UMI", "VGB", "VIR",
    "WLF",
})  # fmt: skip

# Commonwealth realms: the British monarch is their head of state but is listed under GBR
# only, so that "King Charles" codes as British; the realm must have a head of government.
# Barbados became a republic on 2021-11-30.
REALMS: dict[str, dt.date | None] = {
    "ATG": None, "AUS": None, "BHS": None, "BLZ": None, "CAN": None, "GRD": None,
    "JAM": None, "KNA": None, "LCA": None, "NZL": None, "PNG": None, "SLB": None,
    "TUV": None, "VCT": None, "BRB": dt.date(2021, 11, 30),
}  # fmt: skip

# Head-of-state offices that were vacant on a checked date (a head of government acted).
VACANT = {("LBN", dt.date(2024, 6, 1))}  # presidency vacant 2022-10-31 to 2025-01-09

CHECK_DAYS = (dt.date(2019, 1, 23), dt.date(2024, 6, 1))

# Surnames too common to stand alone as an alias: they would tag strangers.
COMMON_SURNAMES = {
    "lee", "kim", "park", "khan", "ali", "ahmed", "hassan", "hussein", "mohamed", "mohammed",
    "johnson", "brown", "smith", "jones", "williams", "wang", "li", "zhang", "singh", "sharif",
    "rahman", "garcia", "fernandez", "fernández", "rodriguez", "rodríguez", "martin", "nguyen",
    "clinton", "bush", "rasmussen", "kaczynski", "kaczyński", "aliyev", "kirchner", "castro",
    "hariri", "aoun", "salam", "koizumi", "kono", "fischer", "gandhi", "rajapaksa", "sargsyan",
    "shinawatra", "jugnauth", "mutharika", "bongo", "deby", "déby", "izetbegovic",
    "izetbegović", "mitchell", "koirala", "sharon", "barak", "may", "key", "hunt",
}  # fmt: skip

DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@lru_cache(maxsize=1)
def _lines() -> tuple[list[str], ...]:
    if not PEOPLE.exists():
        pytest.fail(f"{PEOPLE} is missing")
    with PEOPLE.open(encoding="utf-8", newline="") as fh:
        data = [line for line in fh if not line.startswith("#")]
    return tuple(csv.reader(data, delimiter="\t", quoting=csv.QUOTE_NONE))


def _rows() -> list[dict[str, str]]:
    header, *body = _lines()
    return [dict(zip(header, cells, strict=True)) for cells in body]


def _bounds(value: str, *, end: bool) -> dt.date:
    """First day (start) or last day (end) of a YYYY, YYYY-MM or YYYY-MM-DD date."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    year = parts[0]
    month = parts[1] if len(parts) == 2 else (12 if end else 1)
    day = calendar.monthrange(year, month)[1] if end else 1
    return dt.date(year, month, day)


def _holds(row: dict[str, str], day: dt.date) -> bool:
    start = _bounds(row["start"], end=False)
    stop = _bounds(row["end"], end=True) if row["end"] else dt.date.max
    return start <= day <= stop


def _sovereign() -> list[str]:
    return sorted(c.alpha_3 for c in pycountry.countries if c.alpha_3 not in TERRITORIES)


def test_header_and_column_count() -> None:
    header, *body = _lines()
    assert header == HEADER
    bad = [i for i, cells in enumerate(body, 2) if len(cells) != len(HEADER)]
    assert not bad, f"rows with a wrong column count (data line numbers): {bad[:10]}"
    assert len(body) > 1500


def test_required_cells_and_vocabularies() -> None:
    for row in _rows():
        assert row["name"].strip() == row["name"] and row["name"], row
        assert row["role"] in ROLES, row
        assert row["agent"] in {"GOV", "MIL"}, row
        assert row["start"], row
        assert row["source"], row


# States dissolved since the 1980s keep their ISO 3166-3 codes for their office-holders
# (countries.tsv lists them): the Soviet Union, East Germany, Czechoslovakia, Yugoslavia.
HISTORIC_CODES = {"SUN", "DDR", "CSK", "YUG", "SCG", "YMD"}


def test_countries_are_iso3() -> None:
    known = {c.alpha_3 for c in pycountry.countries} | EXTRA_CODES | HISTORIC_CODES
    unknown = sorted({row["country"] for row in _rows()} - known)
    assert not unknown, f"not ISO 3166 alpha-3: {unknown}"


def test_dates_parse_and_are_ordered() -> None:
    for row in _rows():
        for column in ("start", "end"):
            value = row[column]
            if value:
                assert DATE.match(value), (column, row)
                _bounds(value, end=False)  # raises on an impossible date
        if row["end"]:
            assert _bounds(row["start"], end=False) <= _bounds(row["end"], end=True), row


def test_one_row_per_person_role_and_start() -> None:
    seen: set[tuple[str, str, str]] = set()
    for row in _rows():
        key = (row["name"], row["role"], row["start"])
        assert key not in seen, f"duplicate person-role term {key}"
        seen.add(key)


def test_terms_of_one_person_in_one_role_do_not_overlap() -> None:
    terms: dict[tuple[str, str, str], list[tuple[dt.date, dt.date]]] = defaultdict(list)
    for row in _rows():
        start = _bounds(row["start"], end=False)
        stop = _bounds(row["end"], end=True) if row["end"] else dt.date.max
        terms[(row["name"], row["country"], row["role"])].append((start, stop))
    for key, spans in terms.items():
        spans.sort()
        for (_, first_end), (second_start, _) in itertools.pairwise(spans):
            assert first_end <= second_start, f"overlapping terms for {key}"


def test_aliases_belong_to_one_person() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for row in _rows():
        for form in (row["name"], *filter(None, row["aliases"].split(";"))):
            owners[form.casefold()].add(row["name"])
    shared = {form: names for form, names in owners.items() if len(names) > 1}
    assert not shared, f"forms naming more than one person: {shared}"


def test_a_person_keeps_the_same_aliases_on_every_row() -> None:
    aliases: dict[str, set[str]] = defaultdict(set)
    for row in _rows():
        aliases[row["name"]].add(row["aliases"])
    differing = {name: forms for name, forms in aliases.items() if len(forms) > 1}
    assert not differing


def test_no_common_surname_alone_as_alias() -> None:
    for row in _rows():
        for alias in filter(None, row["aliases"].split(";")):
            assert alias.strip() == alias, row
            assert alias.casefold() not in COMMON_SURNAMES, (alias, row["name"])


def _head_roles(iso: str, day: dt.date) -> set[str]:
    """The roles that count as the country's head on ``day``."""
    if iso in REALMS:
        republic_from = REALMS[iso]
        if republic_from is None or day < republic_from:
            return HEADS_OF_GOVERNMENT
    if (iso, day) in VACANT:
        return HEADS_OF_GOVERNMENT
    return HEADS_OF_STATE


@pytest.mark.parametrize("day", CHECK_DAYS, ids=str)
def test_every_state_has_a_head_of_state(day: dt.date) -> None:
    rows = _rows()
    missing = []
    for iso in [*_sovereign(), *sorted(EXTRA_CODES)]:
        mine = [r for r in rows if r["country"] == iso and _holds(r, day)]
        wanted = _head_roles(iso, day)
        if not any(r["role"] in wanted for r in mine):
            missing.append(iso)
    assert not missing, f"no head on {day}: {missing}"


def test_every_state_has_rows() -> None:
    present = {row["country"] for row in _rows()}
    assert not [iso for iso in _sovereign() if iso not in present]
    assert "XKX" in present


def _find(name: str, role: str | None = None) -> list[dict[str, str]]:
    found = [r for r in _rows() if r["name"] == name and (role is None or r["role"] == role)]
    assert found, f"{name} ({role}) not in people.tsv"
    return found


def test_trump_is_us_head_in_2019() -> None:
    rows = [r for r in _find("Donald Trump") if _holds(r, dt.date(2019, 1, 23))]
    assert [(r["country"], r["agent"]) for r in rows] == [("USA", "GOV")]
    assert rows[0]["role"] in HEADS_OF_STATE
    assert "Trump" in rows[0]["aliases"].split(";")


def test_trump_second_term_is_open() -> None:
    terms = sorted(r["start"] for r in _find("Donald Trump", "head_of_state_and_government"))
    assert terms == ["2017-01-20", "2025-01-20"]
    assert [r["end"] for r in _find("Donald Trump") if r["start"] == "2025-01-20"] == [""]


def test_george_w_bush_term_ends_in_2009() -> None:
    (row,) = _find("George W. Bush")
    assert (row["country"], row["start"], row["end"]) == ("USA", "2001-01-20", "2009-01-20")
    assert not _holds(row, dt.date(2019, 1, 23))


def test_ghani_is_afghan_head_in_2019() -> None:
    (row,) = _find("Ashraf Ghani")
    assert row["country"] == "AFG" and row["role"] in HEADS_OF_STATE
    assert _holds(row, dt.date(2019, 6, 1))
    assert "Ghani" in row["aliases"].split(";")


def test_merkel_chancellorship() -> None:
    (row,) = _find("Angela Merkel", "head_of_government")
    assert (row["country"], row["start"], row["end"]) == ("DEU", "2005-11-22", "2021-12-08")


def test_transliteration_variants_are_listed() -> None:
    assert {"Erdogan", "Erdoğan"} <= set(_find("Recep Tayyip Erdoğan")[0]["aliases"].split(";"))
    assert {"Gaddafi", "Qaddafi", "Kadhafi"} <= set(
        _find("Muammar Gaddafi")[0]["aliases"].split(";")
    )


def test_ministers_of_conflict_states_are_present() -> None:
    day = dt.date(2024, 6, 1)
    for iso in ("USA", "RUS", "UKR", "ISR", "IRN", "CHN", "TUR", "SAU"):
        held = {r["role"] for r in _rows() if r["country"] == iso and _holds(r, day)}
        assert {"foreign_minister", "defence_minister"} <= held, iso
