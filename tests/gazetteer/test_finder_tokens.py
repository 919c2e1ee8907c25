"""The place finder's per-token lists agree with spaCy's own Token and Span attributes.

``Finder`` reads texts, lower-case forms, offsets and capitalisation once per document
(see its docstring); these must be exactly what ``doc[i]`` and ``doc[i:j].text`` give.
"""

from __future__ import annotations

import unicodedata

import pytest

from newsevents.gazetteer.finder import Finder
from newsevents.gazetteer.lexicon import load_lexicon
from newsevents.gazetteer.names import _LETTERS, fold, norm

TEXTS = [
    "KABUL (Reuters) - The Taliban attacked an Afghan base in central Wardak province.\n\n"
    "Officials in Glasgow, Ky., and St. John's said U.S.-backed forces  left.",
    "SAN SALVADOR, 12 MAR 89 (RADIO CADENA) -- [TEXT] GUERRILLAS ATTACKED A MILITARY POST "
    "IN USULUTAN DEPARTMENT AND KILLED TWO SOLDIERS NEAR SAN MIGUEL, THE ARMY REPORTED.",
    "Kābul’s mayor met São Paulo officials in Al-Raqqa; “Łódź” was next.",
    "",
    "Iraq",
]


def _old_caps(doc) -> bool:  # the definition the finder's lists replace
    letters = [t for t in doc[:400] if t.is_alpha and len(t) > 1]
    return len(letters) >= 5 and sum(t.is_upper for t in letters) / len(letters) > 0.7


@pytest.mark.parametrize("text", TEXTS)
def test_token_lists_match_spacy(bare_nlp, gaz, text: str) -> None:
    doc = bare_nlp(text)
    f = Finder(doc, gaz, load_lexicon(), {})
    assert f.caps == _old_caps(doc)
    assert f.texts == [t.text for t in doc]
    assert f.lower == [t.lower_ for t in doc]
    for t in doc:
        if f.caps:
            expected = t.is_alpha and t.is_upper and not t.is_stop
        else:
            expected = t.text[:1].isupper() and (t.is_alpha or "." in t.text or "-" in t.text)
        assert f.cap[t.i] == expected, t.text
    n = len(doc)
    for start in range(-2, n + 2):
        for end in range(-2, n + 2):
            assert f.text(start, end) == doc[start:end].text, (start, end)


def _slow_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.lower().translate(_LETTERS)


def test_fold_shortcut_for_ascii() -> None:
    for text in ["", "Kabul", "AL-RAQQA", "St. John's", "U.S.", "".join(map(chr, range(128)))]:
        assert fold(text) == _slow_fold(text)
    assert fold("Kābul") == "kabul" and fold("ŁÓDŹ") == "lodz"
    assert norm("The Saint-Denis") == norm("Saint Denis") == "st denis"
