"""Place mentions found in real parses and resolved with the offline gazetteer."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from newsevents.config import GazetteerSettings
from newsevents.gazetteer import Gazetteer
from newsevents.model import Place
from newsevents.nlp.places import find_places


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load(GazetteerSettings())


@pytest.fixture(scope="module")
def demonyms() -> Mapping[str, str]:
    from newsevents.codebook import load_codebook

    table: dict[str, str] = {}
    for c in load_codebook().countries():
        for form in (*c.adjectives, *c.demonyms):
            table.setdefault(form.lower(), c.iso3)
    return table


@pytest.fixture()
def places(bare_nlp, gaz, demonyms):
    def run(text: str, **kwargs: object) -> list[Place]:
        return find_places(bare_nlp(text), gaz, doc_id="t", demonyms=demonyms, **kwargs)

    return run


def _by_text(found: list[Place]) -> dict[str, Place]:
    return {p.text: p for p in found}


def test_the_qatari_capital_doha(places) -> None:
    found = _by_text(places("Khalilzad met Taliban representatives in the Qatari capital Doha."))
    doha = found["Doha"]
    assert (doha.country, doha.name, doha.feature, doha.role) == ("QAT", "Doha", "capital", "place")
    assert doha.geonameid is not None and 25 < doha.lat < 26 and 51 < doha.lon < 52
    qatari = found["Qatari"]
    assert (qatari.role, qatari.country) == ("demonym", "QAT")


def test_central_wardak_province(places) -> None:
    found = places("The Taliban attacked an Afghan intelligence base in central Wardak province.")
    wardak = [p for p in found if "Wardak" in p.text]
    assert len(wardak) == 1
    assert wardak[0].text == "Wardak province", "the direction word is not part of the name"
    assert (wardak[0].country, wardak[0].feature, wardak[0].role) == ("AFG", "admin1", "place")
    afghan = _by_text(found)["Afghan"]
    assert (afghan.role, afghan.country, afghan.feature) == ("demonym", "AFG", "country")


def test_abu_dhabi_capital_of_the_uae(places) -> None:
    found = _by_text(
        places("He met the Taliban last month in Abu Dhabi, capital of the United Arab Emirates.")
    )
    assert (found["Abu Dhabi"].country, found["Abu Dhabi"].feature) == ("ARE", "capital")
    assert found["United Arab Emirates"].country == "ARE"
    assert found["United Arab Emirates"].feature == "country"


def test_demonyms_are_never_places(places) -> None:
    found = places("Afghan and American officials met Pakistani diplomats.")
    assert {p.text: (p.role, p.country) for p in found} == {
        "Afghan": ("demonym", "AFG"),
        "American": ("demonym", "USA"),
        "Pakistani": ("demonym", "PAK"),
    }


def test_country_names_resolve_to_the_country(places, gaz) -> None:
    found = _by_text(places("The United States and Britain urged Iran to talk."))
    for text, iso3 in [("United States", "USA"), ("Britain", "GBR"), ("Iran", "IRN")]:
        country = gaz.country(iso3)
        assert country is not None
        assert (found[text].country, found[text].geonameid) == (iso3, country.geonameid)


def test_all_caps_wire_copy(places) -> None:
    text = (
        "SAN SALVADOR, 12 MAR 89 (RADIO CADENA) -- [TEXT] GUERRILLAS ATTACKED A MILITARY POST "
        "IN USULUTAN DEPARTMENT AND KILLED TWO SOLDIERS NEAR SAN MIGUEL, THE ARMY REPORTED."
    )
    found = _by_text(places(text))
    assert found["SAN SALVADOR"].country == "SLV"
    assert found["SAN SALVADOR"].feature == "capital"
    assert found["USULUTAN DEPARTMENT"].country == "SLV"
    assert found["USULUTAN DEPARTMENT"].feature == "admin1"
    assert found["SAN MIGUEL"].country == "SLV", "the dateline's country settles namesakes"
    assert not {"GUERRILLAS", "TEXT", "ARMY", "MILITARY POST"} & set(found)


def test_dateline_and_qualifier(places) -> None:
    found = _by_text(places("GLASGOW, Ky. (AP) — A man was hurt in a crash, police said."))
    assert (found["GLASGOW"].country, found["GLASGOW"].admin1) == ("USA", "Kentucky")
    assert found["Ky."].name == "Kentucky"
    found = _by_text(places("KABUL (Reuters) - Officials said talks would resume."))
    assert (found["KABUL"].country, found["KABUL"].feature) == ("AFG", "capital")


def test_unknown_village_keeps_its_mention(places) -> None:
    found = _by_text(
        places("Gunmen stormed the village of Qaryat Zafran in Homs province, Syria, on Monday.")
    )
    village = found["Qaryat Zafran"]
    assert village.lat is None and village.geonameid is None and village.role == "place"
    assert village.country == "SYR", "the story's country, where nothing better is known"
    assert (found["Homs province"].country, found["Homs province"].feature) == ("SYR", "admin1")


def test_a_persons_name_is_not_a_place(places) -> None:
    found = places("Nine-year-old Georgia Stevens won the race. Georgia said she trained daily.")
    assert all(p.text != "Georgia" for p in found)


def test_regions_spanning_countries_have_no_country(places) -> None:
    found = _by_text(places("Tensions rose in the Middle East and the South China Sea."))
    assert found["Middle East"].country is None and found["Middle East"].feature == "region"
    assert found["South China Sea"].country is None


def test_focus_countries_steer_namesakes(places) -> None:
    text = "Officials in Victoria announced new rules."
    plain = _by_text(places(text))
    steered = _by_text(places(text, focus_countries=["CAN"]))
    assert plain["Victoria"].country != "CAN"
    assert steered["Victoria"].country == "CAN"


def test_offsets_point_at_the_text(places) -> None:
    text = "Clashes in Aleppo and Idlib killed 12, the Syrian Observatory said."
    for p in places(text):
        assert text[p.char_span[0] : p.char_span[1]] == p.text
        assert p.doc_id == "t"


def test_an_outlets_country_domain_settles_a_local_name(places) -> None:
    text = "Pupils from a school in Edmonton have planted a garden beside the library."
    plain = _by_text(places(text))["Edmonton"]
    local = _by_text(places(text, url="http://www.example-news.co.uk/article?id=7"))["Edmonton"]
    assert plain.country == "CAN", "alone, the largest Edmonton wins"
    assert local.country == "GBR", "a .co.uk paper's Edmonton is the London district"
    generic = _by_text(places(text, url="https://example.tv/a"))["Edmonton"]
    assert generic.country == "CAN", ".tv is sold to outlets anywhere and says nothing"


@pytest.mark.parametrize(
    ("url", "iso3"),
    [
        ("http://www.nlhnews.co.uk/article.cfm?id=1", "GBR"),
        ("https://www.abc.net.au/news/x", "AUS"),
        ("www.lemonde.fr/a", "FRA"),
        ("https://lfpress.com/2016/12/17/x", None),
        ("https://example.io/", None),
        ("http://localhost:8000/", None),
        ("http://[::1]:80/", None),
        ("not a url at all", None),
        (None, None),
    ],
)
def test_outlet_country_reads_country_code_domains(url: str | None, iso3: str | None) -> None:
    from newsevents.gazetteer import load_lexicon
    from newsevents.gazetteer.outlets import outlet_country

    assert outlet_country(url, load_lexicon()) == iso3


def test_a_big_namesake_near_the_storys_other_towns_wins(places) -> None:
    # London, Ontario is far behind London, England on its own, but St. Thomas lies beside it
    local = ("London police charged a St. Thomas man on Friday after a break-in at a pharmacy. "
             "The man was taken to hospital in London and later released, police said.")
    found = places(local)
    assert {p.country for p in found if p.text in ("London", "St. Thomas")} == {"CAN"}
    alone = _by_text(places("A London police spokesman said officers were called to a flat."))
    assert alone["London"].country == "GBR"


def test_a_region_abbreviation_filed_as_a_person_is_still_the_region(places) -> None:
    found = _by_text(places("The family bought a brick house in Barrie, Ont., last spring."))
    assert (found["Barrie"].country, found["Barrie"].admin1) == ("CAN", "Ontario")
    assert found["Ont."].name == "Ontario" and found["Ont."].feature == "admin1"


def test_a_place_the_recogniser_calls_a_date_is_a_place(places) -> None:
    found = _by_text(places("The police chief said the crime continues regularly in Winnipeg."))
    assert found["Winnipeg"].country == "CAN"
    dated = places("The festival returns at Christmas and again in March and May.")
    assert not any(p.text in ("Christmas", "March", "May") for p in dated)


def test_the_place_before_an_office_is_a_place_not_the_persons_name(places) -> None:
    found = _by_text(places("Calgary MLA Sandra Smith received a standing ovation on Tuesday."))
    assert found["Calgary"].country == "CAN"
    assert "Sandra Smith" not in found and "Smith" not in found


def test_a_country_in_a_hyphenated_modifier_is_named_as_a_demonym(places) -> None:
    text = "Turkey, a partner in the U.S.-led campaign against the group, has suffered attacks."
    us = _by_text(places(text))["U.S."]
    assert (us.country, us.role) == ("USA", "demonym")
    assert text[us.char_span[0] : us.char_span[1]] == "U.S."
