"""User files: adding and overriding rows, and the errors bad files raise."""

from __future__ import annotations

import pytest

from newsevents.codebook import CodebookError, clear_cache, load_codebook
from newsevents.codebook.check import ambiguities
from newsevents.codebook.check import main as check_main

ACTORS_HEADER = "name\taliases\tcountry\tagent\tgroup\tcode\tkind\n"
PEOPLE_HEADER = "name\taliases\tcountry\tagent\trole\tstart\tend\tsource\n"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_extra_file_adds_an_actor(tmp_path):
    path = write(
        tmp_path,
        "mine.tsv",
        "# my own groups\n"
        + ACTORS_HEADER
        + "Wardak Shura\tWardak council;WS\tAFG\tREB\tWSH\t\tarmed\n"
        + "Kabul Monitor\t\tAFG\tMED\t\t\tmed\n",
    )
    book = load_codebook([path])
    shura = [g for g in book.groups() if g.name == "Wardak Shura"]
    assert len(shura) == 1
    assert shura[0].code == "AFGREBWSH"  # computed when the code column is empty
    assert shura[0].names == ("Wardak Shura", "Wardak council", "WS")
    assert shura[0].source_file == path
    assert any(o.name == "Kabul Monitor" and o.code == "AFGMED" for o in book.organisations())
    # bundled entries are still there, and the bundled-only codebook is unchanged
    assert any(g.name == "Taliban" for g in book.groups())
    assert not any(g.name == "Wardak Shura" for g in load_codebook().groups())


def test_extra_rows_override_bundled_ones(tmp_path):
    actors = write(tmp_path, "a.tsv", ACTORS_HEADER + "Taliban\tTalibs\tAFG\tREB\tTAL\t\tarmed\n")
    agents = write(tmp_path, "b.tsv", "term\tagent\tnote\nenvoy\tIGO\tmy reading\nwarden\tCOP\t\n")
    book = load_codebook([actors, agents])
    taliban = [g for g in book.groups() if g.id == "afg:taliban"]
    assert len(taliban) == 1
    assert taliban[0].agent == "REB" and taliban[0].code == "AFGREBTAL"
    assert taliban[0].names == ("Taliban", "Talibs")
    assert book.agent_for("envoy") == "IGO"
    assert book.agent_for("warden") == "COP"


def test_extra_people_and_dates(tmp_path):
    path = write(
        tmp_path,
        "people.tsv",
        PEOPLE_HEADER
        + "Ada Example\tA. Example;Example\tFRA\tGOV\thead_of_state\t2001-05-17\t2003-03\tme\n"
        + "Ada Example\t\tFRA\tGOV\tforeign_minister\t2010\t\tme\n",
    )
    book = load_codebook([path])
    assert [r.role for r in book.person_roles("ada example", "2002-01-01")] == ["head_of_state"]
    assert [r.role for r in book.person_roles("Example", "2003-03-31")] == ["head_of_state"]
    assert book.person_roles("Example", "2003-04-01") == ()
    assert [r.role for r in book.person_roles("A. Example", "2024-06-30")] == ["foreign_minister"]
    assert len(book.person_roles("Ada Example", None)) == 2
    with pytest.raises(CodebookError, match="bad date"):
        book.person_roles("Ada Example", "June 2002")


def test_extra_countries_and_mappings(tmp_path):
    countries = write(
        tmp_path,
        "c.tsv",
        "iso3\tiso2\tcameo\tname\tnames\tadjectives\tdemonyms\tcapitals\n"
        "AFG\tAF\tAFG\tAfghanistan\tAfghanistan\tAfghan;Afghani\tAfghans\tKabul\n",
    )
    plover = write(tmp_path, "p.tsv", "cameo\ttype\tmode\tnote\n015\tAGREE\t\tmy choice\n")
    book = load_codebook([countries, plover])
    assert book.country_lookup("Afghani")[0].iso3 == "AFG"
    assert book.plover("015").type == "AGREE"
    assert book.plover("016") is None


def test_yaml_pattern_files_are_left_to_the_pattern_loader(tmp_path):
    path = write(tmp_path, "verbs.yaml", "verbs: []\n")
    assert load_codebook([path]).agent_for("envoy") == "GOV"


@pytest.mark.parametrize(
    ("name", "text", "line", "reason"),
    [
        (
            "cols.tsv",
            ACTORS_HEADER + "Good\t\tAFG\tREB\t\t\tarmed\nBad\tAFG\tREB\tarmed\n",
            3,
            "wrong column count",
        ),
        (
            "iso.tsv",
            "# c\n" + ACTORS_HEADER + "Bad\t\tXYZ\tREB\t\t\tarmed\n",
            3,
            "unknown ISO3 code 'XYZ'",
        ),
        ("agent.tsv", "term\tagent\nenvoy\tGOV\nwizard\tWIZ\n", 3, "unknown agent code 'WIZ'"),
        ("chain.tsv", "term\tagent\nwizard\tGOVWIZ\n", 2, "unknown agent code 'WIZ'"),
        ("date.tsv", PEOPLE_HEADER + "A B\t\tUSA\tGOV\tx\t2019-02-30\t\ts\n", 2, "bad date"),
        ("order.tsv", PEOPLE_HEADER + "A B\t\tUSA\tGOV\tx\t2019\t2018\ts\n", 2, "before start"),
        ("head.tsv", "# comment\nfoo\tbar\n", 2, "unrecognised header"),
        ("kind.tsv", ACTORS_HEADER + "X\t\tAFG\tREB\t\t\tmystery\n", 2, "unknown kind"),
        ("case.tsv", "term\tagent\nPolice\tCOP\n", 2, "must be lower case"),
        ("cameo.tsv", "cameo\ttype\tmode\n999\tAGREE\t\n", 2, "unknown CAMEO code"),
        ("mode.tsv", "cameo\ttype\tmode\n190\tASSAULT\tlaser\n", 2, "unknown PLOVER type/mode"),
        (
            "ccode.tsv",
            "iso3\tiso2\tcameo\tname\tnames\tadjectives\tdemonyms\tcapitals\n"
            "QQQ\tQQ\tQQQ\tQ\t\t\t\t\n",
            2,
            "unknown ISO3 code 'QQQ'",
        ),
    ],
)
def test_malformed_extra_file_names_file_and_line(tmp_path, name, text, line, reason):
    path = write(tmp_path, name, text)
    with pytest.raises(CodebookError) as info:
        load_codebook([path])
    err = info.value
    assert err.target == f"{path}:{line}"
    assert reason in err.message
    assert str(err).startswith(f"[EV400] {path}:{line}: ")


def test_unreadable_extra_files(tmp_path):
    with pytest.raises(CodebookError, match="cannot read"):
        load_codebook([str(tmp_path / "missing.tsv")])
    binary = tmp_path / "bin.tsv"
    binary.write_bytes(b"term\tagent\n\xff\xfe\tGOV\n")
    with pytest.raises(CodebookError, match="not UTF-8"):
        load_codebook([str(binary)])
    with pytest.raises(CodebookError, match="no header"):
        load_codebook([write(tmp_path, "empty.tsv", "# only a comment\n")])


def test_cache_returns_the_same_object_until_cleared(tmp_path):
    first = load_codebook()
    assert load_codebook() is first
    assert load_codebook([]) is first
    clear_cache()
    assert load_codebook() is not first


def test_check_command(tmp_path, capsys):
    assert check_main([]) == 0
    out = capsys.readouterr().out
    assert "cameo.tsv" in out and "316 rows" in out
    bad = write(tmp_path, "bad.tsv", "term\tagent\nwizard\tWIZ\n")
    assert check_main([bad]) == 1
    assert f"{bad}:2" in capsys.readouterr().err


def test_check_reports_shared_aliases(tmp_path):
    assert ambiguities(load_codebook()) == []
    path = write(
        tmp_path,
        "cia.tsv",
        ACTORS_HEADER + "Culinary Institute of America\tCIA\tUSA\tEDU\t\t\tedu\n",
    )
    warnings = ambiguities(load_codebook([path]))
    assert warnings == [
        "alias 'cia' is used by usa:central-intelligence-agency, usa:culinary-institute-of-america"
    ]
