"""Case restoration for copy written all in capitals or all in lower case.

spaCy's small English model parses "THE FMLN ATTACKED THE 3D BRIGADE" badly: every
word looks like a proper name. Wire services (MUC-style telex copy) and some archives
(lower-cased corpora) write whole stories that way. Such a text is recased before
parsing: lower case throughout, then a capital where English writes one (the start
of a sentence, "I"), and the casing the dictionaries give for the names they know
(countries and their adjectives, organisations and armed groups, people, places in the
gazetteer; acronyms such as FMLN stay in capitals). Only letters change case and every
letter keeps its place, so every character offset into the recased text is an offset
into the user's text too; records quote the user's own text (``recase``).

A word is capitalised as a place only when the gazetteer knows it and English does not
use it as an ordinary verb, adjective or adverb ("march", "nice" and "reading" stay
lower case), unless it opens a name of several words ("San Miguel").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language

from ..codebook import Codebook

PROPER_WORDS = Path(__file__).resolve().parent / "data" / "proper_words.txt"

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(
    r"(?:[.!?]['\"”’)\]]*|\n\s*\n|--|\[(?:TEXT|REPORT|EXCERPTS?|CONTINUED)\])\s+$", re.IGNORECASE
)
_MAX_NAME_WORDS = 5
MIN_LETTERS = 40  # shorter texts (a headline, a snippet) say too little about their case


def text_case(text: str) -> str | None:
    """"upper" for copy in capitals, "lower" for copy in lower case, else None."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < MIN_LETTERS:
        return None
    upper = sum(1 for c in letters if c.isupper()) / len(letters)
    if upper > 0.85:
        return "upper"
    if upper < 0.005:
        return "lower"
    return None


@dataclass(frozen=True)
class CaseLexicon:
    """Lower-case name -> its written form, single words and phrases of several."""

    names: dict[str, str]
    longest: int
    ordinary: frozenset[str]  # words English uses as verbs, adjectives, adverbs, function words
    nouns: frozenset[str]  # common nouns (WordNet's list holds some place names too)
    place: Callable[[str], bool]  # whether the gazetteer knows a name
    big_place: Callable[[str], bool]  # a country, a first-level region or a sizeable town

    def form(self, words: list[str]) -> str | None:
        key = " ".join(words)
        found = self.names.get(key)
        if found is not None:
            return found
        if len(words) == 1:
            if key in self.ordinary or len(key) < 3:
                return None
            # "planes" and "week" name hamlets somewhere; "kabul" is a noun in WordNet
            known = self.big_place(key) if self._noun(key) else self.place(key)
        elif words[0] in self.ordinary or words[-1] in self.ordinary:
            return None  # "the same", "the air": a place called Same is no reason
        else:
            known = self.place(key)
        return " ".join(w[:1].upper() + w[1:] for w in words) if known else None


    def _noun(self, word: str) -> bool:
        stems = {word}
        if word.endswith("s"):
            stems |= {word[:-1], word[:-2]}  # "planes", "churches"
        return any(stem in self.nouns for stem in stems)


_ARTICLES = ("the ", "a ", "an ")


def _add(names: dict[str, str], written: str, ordinary: frozenset[str], keep: bool) -> None:
    """Add a name's written form. A single word that is also an ordinary word is left
    out unless ``keep`` (country words: "Salvadoran" is an adjective too), and so is an
    acronym that spells a function word ("US" and "us", "WHO" and "who")."""
    written = " ".join(written.split())
    for article in _ARTICLES:  # "the United States": the article stays as written
        if written.lower().startswith(article):
            written = written[len(article) :]
    key = written.lower()
    if not key or not any(c.isupper() for c in written):
        return
    if " " not in key and key in ordinary and not (keep and not written.isupper()):
        return
    # the first spelling with capitals wins; all-caps acronyms beat title case
    if key not in names or (written.isupper() and len(written) <= 6):
        names[key] = written


def build_lexicon(
    codebook: Codebook,
    words: tuple[frozenset[str], frozenset[str]],
    place: Callable[[str], bool],
    big_place: Callable[[str], bool],
) -> CaseLexicon:
    """``words`` are the ordinary words and the common nouns (``english_words``)."""
    ordinary, nouns = words
    names: dict[str, str] = {}
    for country in codebook.countries():
        for written in (*country.names, *country.adjectives, *country.demonyms, *country.capitals):
            _add(names, written, ordinary, keep=True)
    for entry in (*codebook.organisations(), *codebook.groups()):
        for written in entry.names:
            _add(names, written, ordinary, keep=False)
    for person in codebook.people():
        for written in person.names:
            if " " in written.strip():  # a surname alone is too often a word ("Bush")
                _add(names, written, ordinary, keep=False)
    for line in PROPER_WORDS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            _add(names, line.strip(), ordinary, keep=True)
    longest = max((k.count(" ") + 1 for k in names), default=1)
    return CaseLexicon(
        names, min(longest, _MAX_NAME_WORDS), ordinary, nouns, place, big_place
    )


def _apply(chars: list[str], start: int, written: str) -> None:
    for offset, ch in enumerate(written):
        i = start + offset
        if i < len(chars) and chars[i].lower() == ch.lower() and len(ch) == len(chars[i]):
            chars[i] = ch


def truecase(text: str, lexicon: CaseLexicon) -> str:
    """The text recased as English writes it; same length, same letters."""
    lowered = text.lower()
    if len(lowered) != len(text):
        return text  # a letter whose lower case is longer (rare): leave the text as it is
    chars = list(lowered)
    words = [(m.start(), m.group()) for m in _WORD.finditer(lowered)]
    i = 0
    while i < len(words):
        start, word = words[i]
        if i == 0 or _SENTENCE_END.search(lowered[: start][-12:] or " "):
            chars[start] = chars[start].upper()
        if word == "i":
            chars[start] = "I"
        matched = 0
        for n in range(min(lexicon.longest, len(words) - i), 0, -1):
            span = words[i : i + n]
            # a name's words are separated by spaces or hyphens only
            gaps = (lowered[a + len(w) : b] for (a, w), (b, _) in itertools.pairwise(span))
            if any(gap.strip(" -") for gap in gaps):
                continue
            written = lexicon.form([w for _, w in span])
            if written is None:
                continue
            _apply(chars, start, _spread(lowered, span, written))
            matched = n
            break
        i += max(matched, 1)
    return "".join(chars)


def _spread(lowered: str, span: list[tuple[int, str]], written: str) -> str:
    """The written form laid over the original characters between the span's words."""
    parts = written.split(" ")
    if len(parts) != len(span):
        return lowered[span[0][0] : span[-1][0] + len(span[-1][1])]
    out = []
    for n, ((start, word), part) in enumerate(zip(span, parts, strict=True)):
        out.append(part if len(part) == len(word) else word)
        if n + 1 < len(span):
            out.append(lowered[start + len(word) : span[n + 1][0]])
    return "".join(out)


def english_words(nlp: Language) -> tuple[frozenset[str], frozenset[str]]:
    """Words English uses as verbs, adjectives, adverbs or function words, and its common
    nouns, from the model's lemmatizer word lists (WordNet's: the noun list holds some
    place names too, such as "kabul", so it only raises the bar for a place)."""
    words: set[str] = set(STOP_WORDS)
    nouns: set[str] = set()
    component: Any = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    lookups = getattr(getattr(component, "source", None) or component, "lookups", None)
    if lookups is not None and lookups.has_table("lemma_index"):
        table = lookups.get_table("lemma_index")
        for pos in ("verb", "adj", "adv"):
            words.update(table.get(pos) or ())
        nouns.update(table.get("noun") or ())
    return frozenset(words), frozenset(nouns)
