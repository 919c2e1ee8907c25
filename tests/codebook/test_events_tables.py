"""CAMEO, PLOVER and ACLED tables as the bundled codebook loads them."""

from __future__ import annotations

import json

import pytest

from newsevents.codebook import CodebookError, load_codebook
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def book():
    return load_codebook()


def test_all_316_cameo_codes_with_quad_class_and_levels(book):
    codes = book.cameo_codes()
    assert len(codes) == 316
    assert len({c.code for c in codes}) == 316
    assert sum(c.level == 1 for c in codes) == 20
    assert sum(c.level == 2 for c in codes) == 149
    assert sum(c.level == 3 for c in codes) == 147
    # GDELT QuadClass follows the root: 01-05, 06-08, 09-13, 14-20
    for c in codes:
        root = int(c.root)
        expected = 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4
        assert c.quad_class == expected, c.code
    # 38 codes have no published Goldstein score; the rest are within the scale
    scored = [c for c in codes if c.goldstein is not None]
    assert len(scored) == 316 - 38
    assert all(-10.0 <= c.goldstein <= 10.0 for c in scored)


def test_cameo_lookup_values(book):
    assert book.cameo("190").goldstein == -10.0
    assert book.cameo("190").quad_class == 4
    assert book.cameo("043").name == "Host a visit"
    assert book.cameo("043").goldstein == 2.8
    assert book.cameo("0212").root == "02"
    assert book.cameo("19").level == 1


def test_unknown_cameo_code_raises(book):
    with pytest.raises(CodebookError, match="unknown CAMEO code '999'"):
        book.cameo("999")


@pytest.mark.parametrize(
    ("code", "ptype", "mode"),
    [
        ("043", "CONSULT", "visit"),
        ("0431", "CONSULT", "visit"),  # not a CAMEO code: falls back to 043
        ("041", "CONSULT", "phone"),
        ("046", "CONSULT", None),
        ("190", "ASSAULT", None),
        ("193", "ASSAULT", "firearms"),
        ("195", "ASSAULT", "aerial"),
        ("1952", "ASSAULT", "drone"),
        ("173", "COERCE", "arrest"),
        ("1712", "ASSAULT", "destroy"),
        ("163", "SANCTION", "discontinue"),
        ("116", "SANCTION", "convict"),
        ("112", "ACCUSE", "allege"),
        ("0841", "RETREAT", "release"),
        ("0813", "CONCEDE", None),
        ("10", "REQUEST", None),
        ("2041", "ASSAULT", "unconventional"),
    ],
)
def test_plover_mapping(book, code, ptype, mode):
    found = book.plover(code)
    assert found is not None
    assert (found.type, found.mode) == (ptype, mode)


def test_statements_have_no_plover_type_and_appeals_are_requests(book):
    for code in book.cameo_codes():
        found = book.plover(code.code)
        if code.root == "01":
            assert found is None, code.code
        elif code.root == "02":
            assert found is not None and found.type == "REQUEST", code.code
        else:
            assert found is not None, code.code


def test_plover_quad_class_and_types(book):
    types = book.plover_types()
    assert len({t.type for t in types}) == 16
    assert len([t for t in types if t.mode is None]) == 16
    assert book.plover("141").quad_class == 4
    assert book.plover("057").quad_class == 1
    assert book.plover("073").quad_class == 2


def test_legacy_plover_names(book):
    assert book.plover_from_legacy("DEMAND") == "REQUEST"
    assert book.plover_from_legacy("disapprove") == "ACCUSE"
    assert book.plover_from_legacy("FIGHT") == "ASSAULT"
    assert book.plover_from_legacy("AGREE") == "AGREE"
    assert book.plover_from_legacy("NOT-A-TYPE") is None
    assert book.plover_mode_from_legacy("COERCE", "detain") == ("COERCE", "arrest")
    assert book.plover_mode_from_legacy("FIGHT", "no-such-mode") == ("ASSAULT", None)


def test_every_legacy_event_in_the_plover_gold_maps():
    path = shared_path("eval", "dev", "plover_gsr.jsonl")
    book = load_codebook()
    names = {json.loads(line)["event"] for line in path.read_text().splitlines() if line}
    assert names, "no events read"
    known = {t.type for t in book.plover_types()}
    for name in names:
        assert book.plover_from_legacy(name) in known, name


@pytest.mark.parametrize(
    ("code", "event_type", "sub_event_type", "label"),
    [
        ("145", "Riots", "Violent demonstration", "VIOL_DEMONSTR"),
        ("1452", "Riots", "Violent demonstration", "VIOL_DEMONSTR"),
        ("141", "Protests", "Peaceful protest", "PEACE_PROTEST"),
        ("195", "Explosions/Remote violence", "Air/drone strike", "AIR_STRIKE"),
        ("173", "Strategic developments", "Arrests", "ARREST"),
        ("190", "Battles", "Armed clash", "ARMED_CLASH"),
        ("193", "Battles", "Armed clash", "ARMED_CLASH"),
        ("1831", "Explosions/Remote violence", "Suicide bomb", "SUIC_BOMB"),
        ("181", "Violence against civilians", "Abduction/forced disappearance", "ABDUCT_DISSAP"),
    ],
)
def test_acled_mapping(book, code, event_type, sub_event_type, label):
    found = book.acled(code)
    assert found is not None
    assert (found.event_type, found.sub_event_type, found.label) == (
        event_type,
        sub_event_type,
        label,
    )


def test_acled_event_type_only_and_explicit_gaps(book):
    battles = book.acled("19")
    assert battles is not None and battles.sub_event_type is None
    assert battles.event_type == "Battles"
    assert battles.disorder == "Political violence"
    # 144 (blockades) stops the fallback to root 14: the code does not decide the type
    assert book.acled("14") is not None
    assert book.acled("144") is None
    assert book.acled("1441") is None
    assert book.acled("042") is None


def test_acled_types_and_case_labels(book):
    types = book.acled_types()
    assert len(types) == 30
    assert len({t.label for t in types}) == 30
    assert book.acled_by_label("PEACE_PROTEST").sub_event_type == "Peaceful protest"
    assert book.acled_by_label("force_against_protest").disorder == (
        "Political violence; Demonstrations"
    )
    diplo = book.acled_by_label("DIPLO")
    assert diplo is not None and diplo.sub_event_type is None and diplo.disorder is None
    assert book.acled("163") == diplo
    assert book.acled("015").label == "ATTRIB"
    assert book.acled_by_label("NOPE") is None


def test_case_dev_labels_are_all_known():
    path = shared_path("eval", "dev", "acled_subtypes.jsonl")
    book = load_codebook()
    labels = {json.loads(line)["label"] for line in path.read_text().splitlines() if line}
    assert labels
    for label in labels:
        assert book.acled_by_label(label) is not None, label
