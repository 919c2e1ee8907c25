"""Countries, agent terms, organisations, groups and people."""

from __future__ import annotations

import pycountry
import pytest

from newsevents.codebook import load_codebook
from newsevents.codebook.build import ISO3_EXCEPTIONS


@pytest.fixture(scope="module")
def book():
    return load_codebook()


def test_every_country_code_is_iso_or_a_documented_exception(book):
    countries = book.countries()
    assert len(countries) >= 249
    for c in countries:
        iso = pycountry.countries.get(alpha_3=c.iso3) or pycountry.historic_countries.get(
            alpha_3=c.iso3
        )
        if iso is None:
            assert c.iso3 in ISO3_EXCEPTIONS, c.iso3
            assert c.iso2 == ISO3_EXCEPTIONS[c.iso3]
        else:
            assert c.iso2 == iso.alpha_2, c.iso3
        assert c.name in c.names


def test_every_current_iso_country_is_present(book):
    have = {c.iso3 for c in book.countries()}
    missing = {c.alpha_3 for c in pycountry.countries} - have
    assert not missing
    for iso3 in ("TWN", "XKX", "PSE", "ESH", "HKG", "VAT", "SUN", "YUG", "DDR"):
        assert iso3 in have


def test_kosovo_keeps_its_cameo_code(book):
    kosovo = book.country("XKX")
    assert kosovo is not None and kosovo.cameo == "KSV"
    assert book.actor_code("XKX", "GOV") == "KSVGOV"


@pytest.mark.parametrize(
    ("text", "iso3", "kind"),
    [
        ("Afghan", "AFG", "adjective"),
        ("Qatari", "QAT", "adjective"),
        ("Washington", "USA", "capital"),
        ("Doha", "QAT", "capital"),
        ("Afghanistan", "AFG", "name"),
        ("afghanistan", "AFG", "name"),
        ("U.S.", "USA", "name"),
        ("United States of America", "USA", "name"),
        ("Americans", "USA", "demonym"),
        ("the Netherlands", "NLD", "name"),
        ("Netherlands", "NLD", "name"),
        ("The Hague", "NLD", "capital"),
        ("Côte d’Ivoire", "CIV", "name"),
        ("Kiev", "UKR", "capital"),
        ("Burma", "MMR", "name"),
        ("Soviet", "SUN", "adjective"),
        ("Georgia", "GEO", "name"),
        ("Emirati", "ARE", "adjective"),
        ("Abu Dhabi", "ARE", "capital"),
        ("Islamabad", "PAK", "capital"),
        ("Kabul", "AFG", "capital"),
    ],
)
def test_country_lookup(book, text, iso3, kind):
    found = book.country_lookup(text)
    assert found is not None, text
    assert (found[0].iso3, found[1]) == (iso3, kind)


def test_short_capital_forms_keep_their_case(book):
    assert book.country_lookup("US")[0].iso3 == "USA"
    assert book.country_lookup("us") is None
    assert book.country_lookup("Us") is None
    assert book.country_lookup("UK")[0].iso3 == "GBR"
    assert book.country_lookup("") is None
    assert book.country_lookup("Narnia") is None


def test_country_words_are_unambiguous(book):
    owner = {}
    for c in book.countries():
        for word in (*c.names, *c.adjectives, *c.demonyms, *c.capitals):
            assert owner.setdefault(word.lower(), c.iso3) == c.iso3, word


@pytest.mark.parametrize(
    ("term", "agent"),
    [
        ("envoy", "GOV"),
        ("troop", "MIL"),
        ("soldier", "MIL"),
        ("police officer", "COP"),
        ("special representative", "GOV"),
        ("spokeswoman", "GOV"),
        ("intelligence", "SPY"),
        ("rebel", "REB"),
        ("insurgent", "INS"),
        ("protester", "OPP"),
        ("judge", "JUD"),
        ("parliament", "LEG"),
        ("journalist", "MED"),
        ("refugee", "REF"),
        ("farmer", "AGR"),
        ("worker", "LAB"),
        ("civilian", "CVL"),
        ("cleric", "REL"),
        ("defence minister", "GOVMIL"),
        ("peacekeeper", "IGO"),
    ],
)
def test_agent_for(book, term, agent):
    assert book.agent_for(term) == agent


def test_agent_terms_are_lower_case_and_cover_every_role(book):
    terms = book.agents()
    assert len(terms) >= 500
    assert all(t.term == t.term.lower() for t in terms)
    agents = {t.agent[:3] for t in terms}
    for code in (
        "GOV",
        "MIL",
        "COP",
        "JUD",
        "LEG",
        "OPP",
        "REB",
        "INS",
        "SPY",
        "CVL",
        "MED",
        "BUS",
        "NGO",
        "IGO",
        "REF",
        "LAB",
        "REL",
        "ETH",
        "EDU",
        "HLH",
        "ELI",
        "CRM",
        "AGR",
        "ENV",
        "UAF",
        "SEP",
        "HRI",
    ):
        assert code in agents, code
    assert book.agent_for("no such noun") is None


def _by_name(entries, name):
    found = [e for e in entries if e.name == name]
    assert len(found) == 1, name
    return found[0]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("State Department", "USAGOV"),
        ("Pentagon", "USAMIL"),
        ("Kremlin", "RUSGOV"),
        ("Congress", "USALEG"),
        ("National Directorate of Security", "AFGSPY"),
        ("Central Intelligence Agency", "USASPY"),
        ("United Nations", "IGOUNO"),
        ("North Atlantic Treaty Organization", "IGOWSTNAT"),
        ("Al Jazeera", "QATMED"),
        ("Amnesty International", "NGOHRIAMN"),
        ("Syrian Observatory for Human Rights", "NGOSYRHRI"),
    ],
)
def test_organisation_codes(book, name, code):
    assert _by_name(book.organisations(), name).code == code


def test_organisation_aliases_and_ids(book):
    nds = _by_name(book.organisations(), "National Directorate of Security")
    assert "NDS" in nds.names and nds.names[0] == nds.name
    assert nds.id == "afg:national-directorate-of-security"
    un = _by_name(book.organisations(), "United Nations")
    assert un.country is None and un.agent == "IGO" and un.group == "UNO"
    assert un.source_file == "actors/organisations.tsv"
    assert len(book.organisations()) >= 300


def test_groups(book):
    taliban = _by_name(book.groups(), "Taliban")
    assert (taliban.country, taliban.agent, taliban.group, taliban.code) == (
        "AFG",
        "INS",
        "TAL",
        "AFGINSTAL",
    )
    isis = _by_name(book.groups(), "Islamic State")
    assert {"ISIS", "ISIL", "Daesh"} <= set(isis.names)
    assert isis.code == "IMGMUSISI"
    for name in ("FMLN", "Contras", "Shining Path", "Hezbollah", "Houthis", "PKK"):
        assert any(name in g.names for g in book.groups()), name
    assert len(book.groups()) >= 300
    # no id is both an organisation and a group
    assert not {e.id for e in book.groups()} & {e.id for e in book.organisations()}


def test_actor_code(book):
    assert book.actor_code("USA", "GOV") == "USAGOV"
    assert book.actor_code(None, "IGO", "UNO") == "IGOUNO"
    assert book.actor_code("AFG", "INS", "TAL") == "AFGINSTAL"
    assert book.actor_code("SYR", "NGO", "HRI") == "NGOSYRHRI"
    assert book.actor_code("afg", "mil") == "AFGMIL"


def test_bundled_people_load(book):
    # people.tsv is written by another part of the project; only its shape is pinned here
    # (date logic is tested with a file of our own in test_extra_files.py).
    people = book.people()
    assert people
    for person in people:
        assert book.country(person.country) is not None
        assert person.names[0] == person.name
    trump = book.person_roles("Donald Trump", "2019-01-23")
    assert {r.role for r in trump} & {"head_of_state", "head_of_state_and_government"}
    assert all(r.country == "USA" for r in trump)


def test_bundled_files_have_no_repeated_keys(book):
    assert book.duplicates() == ()
