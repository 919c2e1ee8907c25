"""Name normalisation shared by the index builder and every lookup.

Two spellings of a place should meet on one key: "Kābul" and "Kabul",
"Al-Raqqa" and "Al Raqqa", "St. John's" and "Saint John's", "U.S." and "US".
The key is lower-case, without accents, dots or apostrophes, with dashes as
spaces, a leading "the" dropped and "saint" written "st".
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Letters that Unicode decomposition leaves alone but an English writer drops to ASCII.
_LETTERS = str.maketrans(
    {
        "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe",
        "þ": "th", "ð": "d", "ħ": "h", "ŀ": "l",
    }
)
# Punctuation that varies between spellings of one name.
_PUNCT = str.maketrans(
    {
        "-": " ", "‐": " ", "‑": " ", "–": " ", "—": " ", "/": " ", "_": " ",
        ".": "", "'": "", "’": "", "‘": "", "`": "", "ʼ": "", "ʻ": "", "ʿ": "", "ʾ": "",
        "‚": "", "´": "",
    }
)
_WORDS = {"saint": "st", "sainte": "ste"}


def fold(text: str) -> str:
    """Lower case without accents: "Kābul" -> "kabul" (punctuation kept)."""
    if text.isascii():
        return text.lower()  # nothing to decompose or replace: the common case, made quick
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.lower().translate(_LETTERS)


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """The index key for a name (remembered: the place finder asks of one name many times)."""
    words = fold(text).translate(_PUNCT).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(_WORDS.get(w, w) for w in words)


def is_latin(text: str) -> bool:
    """True when every letter is Latin script (alternate names in other scripts are skipped)."""
    return all(ord(ch) < 0x250 or not ch.isalpha() for ch in text)
