"""Offset maps: built by each change to a text, composed, applied to spans."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents.documents.clean import clean_text_mapped
from newsevents.nlp.focus import Focus
from newsevents.offsets import IDENTITY, Builder, OffsetMap, Tracked, align_whitespace, substitute

WRAPPED = (
    "KABUL, Afghanistan (AP) - Taliban fighters attacked a checkpoint in\n"
    "Wardak province on Monday, killing four police officers, an official\n"
    "said.\n"
    "     The attack came a day after talks in the Qatari capital Doha\n"
    "ended without an agreement, officials said on Tuesday afternoon.\n"
)


def test_identity_maps_every_offset_to_itself() -> None:
    assert IDENTITY.identity and IDENTITY.span((3, 9)) == (3, 9)
    assert IDENTITY.compose(IDENTITY).identity


def test_a_substitution_maps_words_back_and_replacements_to_what_they_replaced() -> None:
    text = "a  b\t\tc"
    new, offsets, n = substitute(re.compile(r"\s+"), " ", text)
    assert (new, n) == ("a b c", 2)
    assert offsets.span((2, 3)) == (3, 4)  # "b"
    assert offsets.span((4, 5)) == (6, 7)  # "c"
    assert offsets.span((1, 2)) == (1, 3)  # the space stands for both spaces


def test_removed_text_is_never_pointed_into() -> None:
    builder = Builder("keep DROPPED keep")
    builder.copy(0, 5)
    builder.copy(13, 17)
    text, offsets = builder.result()
    assert text == "keep keep"
    assert offsets.span((5, 9)) == (13, 17) and offsets.span((0, 4)) == (0, 4)
    assert offsets.span((3, 6)) == (3, 14)  # a span across the cut covers it


def test_maps_compose_inner_first() -> None:
    source = "x  y  z"
    mid, outer, _ = substitute(re.compile(r" +"), " ", source)  # "x y z"
    builder = Builder(mid)
    builder.copy(4, 5)  # keep "z" only
    derived, inner = builder.result()
    both = outer.compose(inner)
    assert derived == "z" and both.span((0, 1)) == (6, 7)


def test_align_whitespace_refuses_a_change_of_words() -> None:
    assert align_whitespace("a b", "a  b") is not None
    assert align_whitespace("a b", "a c") is None


def test_tracked_text_keeps_lines_and_maps_them() -> None:
    t = Tracked("one\nBOILERPLATE\ntwo")
    t.keep([(0, 3), (16, 19)], "\n")
    assert t.text == "one\ntwo" and t.map.span((4, 7)) == (16, 19)


def test_clean_text_spans_index_the_wrapped_text() -> None:
    clean, offsets = clean_text_mapped(WRAPPED)
    assert "checkpoint in Wardak province" in clean and "\n" in WRAPPED[:150]
    for word in ("Wardak", "Doha", "Tuesday", "officials"):
        start = clean.index(word)
        a, b = offsets.span((start, start + len(word)))
        assert WRAPPED[a:b] == word
    sentence = "The attack came a day after talks in the Qatari capital Doha ended"
    start = clean.index(sentence)
    a, b = offsets.span((start, start + len(sentence)))
    assert " ".join(WRAPPED[a:b].split()) == sentence


def test_decomposed_accents_and_mojibake_map_back() -> None:
    text = "Que\u0301bec and its mayor"  # "Québec" with a combining accent
    clean, offsets = clean_text_mapped(text)
    assert clean == "Qu\u00e9bec and its mayor"
    a, b = offsets.span((0, 6))
    assert unicodedata.normalize("NFC", text[a:b]) == "Qu\u00e9bec"
    start = clean.index("mayor")
    assert text[slice(*offsets.span((start, start + 5)))] == "mayor"
    text = "the city\u00e2\u20ac\u2122s mayor"  # "city’s" read as windows-1252
    clean, offsets = clean_text_mapped(text)
    assert clean == "the city\u2019s mayor"
    assert text[slice(*offsets.span((8, 9)))] == "\u00e2\u20ac\u2122"
    assert text[slice(*offsets.span((11, 16)))] == "mayor"


def test_the_focus_map_composes_with_the_cleaning_map() -> None:
    clean, cleaning = clean_text_mapped(WRAPPED)
    start = clean.index("The attack")
    builder = Builder(clean)
    builder.copy(start, len(clean))
    focused, view = builder.result()
    f = Focus(focused, view, 1, 2)
    both = cleaning.compose(f.offsets)
    at = focused.index("Doha")
    assert WRAPPED[slice(*both.span((at, at + 4)))] == "Doha"


def test_an_offset_map_pickles_and_compares() -> None:
    import pickle

    m = OffsetMap([(0, 3, 5, 8, True)])
    assert pickle.loads(pickle.dumps(m)) == m and m.span((1, 2)) == (6, 7)


_TEXTS = st.text(
    alphabet=st.sampled_from(list("ab cd.\n\t\u00a0\u00adXY  \u200b,;Reuters")), max_size=120
)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_every_word_of_clean_text_maps_onto_the_same_word(text: str) -> None:
    clean, offsets = clean_text_mapped(text)
    invisible = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
    for word in re.finditer(r"\w+", clean):
        a, b = offsets.span((word.start(), word.end()))
        assert 0 <= a <= b <= len(text)
        assert invisible.sub("", text[a:b]) == word.group()
