"""Finding place mentions in a parsed spaCy Doc (for ``newsevents.nlp.places``).

Mentions come from, in order of trust (an earlier find keeps its tokens):

1. the dateline ("KABUL (Reuters) -", "SAN SALVADOR, 3 JAN 90 (RADIO VENCEREMOS) --");
2. spaCy's GPE, LOC and FAC entities, and NORP entities that are country names;
3. a name before or after a feature word ("Homs province", "the village of Diraz"),
   whether or not the gazetteer knows it;
4. demonyms and adjectives ("Afghan", "Qatari"), kept as ``role="demonym"``;
5. capitalised names the entity recogniser missed or filed as a person or an
   organisation ("Abu Dhabi" as ORG, "Kentucky State Police"), when the gazetteer knows
   them well: a country, region or large city, a name this story already uses for a
   place, or one after "in", "at" or "near";
6. a region abbreviation after a comma ("Glasgow, Ky.").

Words around a mention give hints: "X, Ky." and "X, Texas" (the region), "X
province" (the kind of place), "the Qatari capital X" and "X, capital of Y" (the
country, and that it is a capital); those patterns are in ``frames``. The mentions
are then resolved together (``context``). ALL-CAPS copy (the MUC wires) has no
case to go on, so there a name must be one the gazetteer knows well, or follow a
locative preposition, or carry a feature word.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache

from spacy.attrs import IDX, IS_ALPHA, IS_STOP, IS_UPPER, LENGTH, LOWER
from spacy.tokens import Doc, Span

from ..nlp.dates import words as _date_words
from ..nlp.extensions import doc_text
from . import frames
from .context import Query
from .core import Gazetteer, Scored
from .lexicon import Lexicon
from .mentions import Mention
from .names import norm

PLACE_LABELS = {"GPE", "LOC", "FAC"}
_SKIP_LABELS = {"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
POSSESSIVE = {"'s", "’s", "'", "’"}
MAX_NAME_TOKENS = 6
# A city this big is a place whatever the entity recogniser said ("Abu Dhabi" as ORG).
_BIG_CITY = 100_000
# A name the recogniser took for a name, of a place this size or more, is a place.
_TOWN = 10_000
_STRONG = {"country", "admin1", "capital", "continent"}
# Entity labels that are never part of a place name.
# (Words the recogniser calls nationalities stay out, though some are foreign places.)
_NOT_NAMES = {
    "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "LANGUAGE",
}


def _all_caps(alpha: Sequence[int], length: Sequence[int], upper: Sequence[int]) -> bool:
    """Whether the copy is in capitals throughout (the MUC wires): no case to go on.

    Read from the tokens' IS_ALPHA, LENGTH and IS_UPPER; the first 400 count."""
    letters = [k for k in range(min(400, len(alpha))) if alpha[k] and length[k] > 1]
    return len(letters) >= 5 and sum(upper[k] for k in letters) / len(letters) > 0.7


def _columns(doc: Doc, *attrs: int) -> list[list[int]]:
    """One list per attribute, one value per token (a flag is 0 or 1): ``to_array`` reads
    them without making a Token object for each token, as ``doc[i]`` and iterating do."""
    if not len(doc):
        return [[] for _ in attrs]
    columns: list[list[int]] = doc.to_array(list(attrs)).T.tolist()
    return columns


class Finder:
    """Finds the place and demonym mentions of one parsed document (see the module doc).

    The passes below look at every token several times, and ``doc[i]`` builds a new
    Token object on each call, ``doc[i:j].text`` a Span and a join: so the tokens' texts,
    lower-case forms, character offsets and capitalisation are read once, here, into
    lists that the passes index (``text()`` slices the document's text); ``doc[i]`` is
    left for the rarer attributes (part of speech, entity type).
    """

    def __init__(
        self, doc: Doc, gaz: Gazetteer, lex: Lexicon, demonyms: Mapping[str, str]
    ) -> None:
        self.doc = doc
        self.gaz = gaz
        self.lex = lex
        self.demonyms = demonyms
        self.n = len(doc)
        self.full = doc_text(doc)
        starts, lengths, lowers, alpha, upper, stop = _columns(
            doc, IDX, LENGTH, LOWER, IS_ALPHA, IS_UPPER, IS_STOP
        )
        strings = doc.vocab.strings
        self.lower = [strings[h] for h in lowers]  # Token.lower_
        # token i is full[starts[i]:ends[i]]; a span's text runs from its first start
        # to its last end (Span.text drops only the last token's trailing space)
        self.starts = starts
        self.ends = [i + k for i, k in zip(starts, lengths, strict=True)]
        self.texts = [self.full[i:j] for i, j in zip(starts, self.ends, strict=True)]  # Token.text
        self.caps = _all_caps(alpha, lengths, upper)
        # whether each token is capitalised (in capitals: a word that is no stop word)
        if self.caps:
            flags = zip(alpha, upper, stop, strict=True)
            self.cap = [a == 1 and u == 1 and s == 0 for a, u, s in flags]
        else:
            self.cap = [w[:1].isupper() and (a == 1 or "." in w or "-" in w)
                        for w, a in zip(self.texts, alpha, strict=True)]
        self.taken = [False] * len(doc)
        # gazetteer look-ups without context, asked again and again of the same names
        self._ranked: dict[tuple[str, bool], list[Scored]] = {}
        self.mentions: list[Mention] = []
        self.place_names: set[str] = set()  # names this story uses for places
        self.in_entity = [False] * len(doc)
        # words of people's names in this story: "Georgia Stevens" makes "Georgia" hers
        self.person_words: set[str] = set()
        self.ent_bounds: dict[int, int] = {}
        slips = [e for e in doc.ents if self.date_slip(e)]
        self.slipped = {k for e in slips for k in range(e.start, e.end)}
        self.ents = tuple(e for e in doc.ents if e.start not in self.slipped)
        for ent in self.ents:
            self.ent_bounds[ent.start] = ent.end
            for i in range(ent.start, ent.end):
                self.in_entity[i] = True
            if ent.label_ == "PERSON" and len(ent) > 1:
                # the name is what follows the last title ("Calgary MLA Jane Doe": Jane Doe)
                first = max((k + 1 for k in range(ent.start, ent.end)
                             if self.lower[k].rstrip(".") in lex.person_titles),
                            default=ent.start)
                self.person_words.update(self.lower[k] for k in range(first, ent.end)
                                         if alpha[k] and lengths[k] > 2)

    # --- helpers -------------------------------------------------------------

    def date_slip(self, ent: Span) -> bool:
        """A "date" with no number and no calendar word, that the gazetteer knows: the
        recogniser's slip on a place ("in Winnipeg" as DATE), read as unlabelled words."""
        if ent.label_ not in ("DATE", "TIME"):
            return False
        for k in range(ent.start, ent.end):
            if not self.cap[k] or self.doc[k].like_num or self.calendar(self.lower[k].rstrip(".")):
                return False
        return self.gaz.known(self.text(ent.start, ent.end))

    def calendar(self, word: str) -> bool:
        """Whether a lower-case word is a date's: a month, weekday, feast or season."""
        return word in self.lex.calendar_names or word in date_words()

    def free(self, start: int, end: int) -> bool:
        return 0 <= start < end <= self.n and not any(self.taken[start:end])

    def text(self, start: int, end: int) -> str:
        if 0 <= start < end <= self.n:
            return self.full[self.starts[start] : self.ends[end - 1]]
        return self.doc[start:end].text  # empty or out of range: spaCy's slicing rules

    def rank(self, name: str, qualifier: bool = False) -> list[Scored]:
        """``gaz.rank`` without context, remembered for the document (read, never changed)."""
        key = (name, qualifier)
        ranked = self._ranked.get(key)
        if ranked is None:
            ranked = self._ranked[key] = self.gaz.rank(name, qualifier=qualifier)
        return ranked

    def top(self, name: str, qualifier: bool = False) -> str | None:
        """The feature of a name's best reading without context, or None when unknown."""
        ranked = self.rank(name, qualifier=qualifier)
        return ranked[0].entry.feature if ranked else None

    def add(self, m: Mention) -> Mention | None:
        if not self.free(m.start, m.end):
            return None
        for i in range(m.start, m.end):
            self.taken[i] = True
        self.mentions.append(m)
        if m.role == "place" and self.gaz.known(m.query.text):
            self.place_names.add(norm(m.query.text))
        return m

    def trim(self, start: int, end: int) -> tuple[int, int]:
        """Drop determiners, punctuation, a possessive, and modifiers not part of the name.

        "central Wardak province" -> "Wardak province", but "West Virginia" and
        "South Africa" stay whole because the gazetteer knows them whole.
        """
        doc, lower = self.doc, self.lower
        while start < end and (doc[start].is_punct or doc[start].pos_ == "DET"
                               or lower[start] == "the"):
            start += 1
        while end > start and (self.texts[end - 1] in POSSESSIVE or doc[end - 1].is_punct):
            end -= 1
        while (
            start < end - 1
            and lower[start] in self.lex.place_modifiers
            and not self.gaz.known(self.text(start, end))
            and norm(self.text(start, end)) not in self.lex.supranational
        ):
            start += 1
        return start, end

    def acronym_ok(self, name: str) -> bool:
        """In mixed-case copy, "EU" or "GTA" is a place only through an alias ("US", "UAE")."""
        if self.caps or not (name.replace(".", "").isupper() and len(name.replace(".", "")) <= 4):
            return True
        ranked = self.rank(name, qualifier=True)
        return bool(ranked) and ranked[0].via in ("alias", "qualifier")

    def person_name(self, start: int, end: int) -> bool:
        """A lone word of a name this story gives a person, with nothing making it a place."""
        if end - start != 1 or self.lower[start] not in self.person_words:
            return False
        prev = self.lower[start - 1] if start > 0 else ""
        return prev not in self.lex.locative_prepositions

    def feature_of(self, i: int) -> str | None:
        """The kind of place that token ``i`` names as a feature word ("province"), if any."""
        return self.lex.feature_words.get(self.lower[i])

    def char_mention(self, start: int, end: int, source: str) -> Mention | None:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        text = self.full[start:end].strip().rstrip(",")
        return Mention(span.start, span.end, Query(text), source, chars=(start, start + len(text)))

    def entities(self) -> list[Span]:
        """Add place and demonym entities; return the others for a second look."""
        others = []
        for ent in self.ents:
            if ent.label_ in PLACE_LABELS:
                self.span(ent.start, ent.end, "ner", require_known=self.caps)
            elif ent.label_ == "NORP":
                start, end = self.trim(ent.start, ent.end)
                if start >= end:
                    continue
                iso = self.demonyms.get(self.text(start, end).lower())
                if iso:
                    self.add(Mention(start, end, Query(self.text(start, end), demonym_of=iso),
                                      "ner", role="demonym"))
                elif self.top(self.text(start, end)) == "country":
                    self.span(start, end, "ner", require_known=True)
                else:
                    others.append(ent)
            elif ent.label_ not in _SKIP_LABELS:
                others.append(ent)
        return others

    def span(self, start: int, end: int, source: str, *, require_known: bool,
             hint: str | None = None) -> Mention | None:
        """A place name over tokens [start, end): trimmed, split at commas, feature words read."""
        doc, lower = self.doc, self.lower
        commas = [i for i in range(start, end) if self.texts[i] == ","]
        if commas:
            parts = [(start, commas[0])] + [
                (c + 1, e) for c, e in zip(commas, [*commas[1:], end], strict=True)
            ]
            for s, e in parts:
                self.span(s, e, source, require_known=True)
            return None
        start, end = self.trim(start, end)
        if start >= end or end - start > MAX_NAME_TOKENS + 1:
            return None
        name_start, name_end = start, end
        feature = hint
        named_site = False  # "St. Michael's Hospital": named for a saint, not for a town
        if self.enclave(start, end):
            start = name_start = start - 1  # "Little Portugal": a neighbourhood, no country
            feature, named_site = "landmark", True
        if end - start > 2 and lower[start + 1] == "of" and self.preposed(start) and (
            self.top(self.text(start + 2, end)) not in ("country", "continent")
        ):
            # "the County of Brant", "the City of Turkey": the name after the feature words
            feature, name_start = self.feature_of(start), start + 2
        # "Homs province": a feature word right after the entity belongs to the mention
        # (but "the US embassy" is not in the US: a country keeps its own mention)
        if end < len(doc) and self.feature_of(end) and not self.feature_of(end - 1):
            if self.free(end, end + 1) and self.follows_name(end) and not (
                self.feature_of(end) in ("site", "landmark", "city", "admin2")
                and self.top(self.text(start, end)) in ("country", "continent")
            ):
                feature = self.feature_of(end)
                end += 1
        elif end - start > 1 and self.feature_of(end - 1):
            feature = self.feature_of(end - 1)
            phrase = self.phrase_start(end - 1)
            if feature == "site" and self.texts[phrase - 1] in POSSESSIVE:
                feature, named_site = "landmark", True
            if not self.gaz.known(self.text(start, end)) and feature != "landmark":
                name_end = max(start + 1, phrase)
        # "the province of X", "the village of X"
        if feature is None and start >= 2 and lower[start - 1] == "of":
            feature = self.feature_of(start - 2)
        name = self.text(name_start, name_end)
        if name.lower() in self.lex.place_modifiers:
            return None  # "the South", "the West"
        if norm(name) in self.lex.supranational:
            return self.add(Mention(start, end, Query(name), source, supranational=True))
        iso = self.demonyms.get(name.lower())
        if iso and not self.gaz.known(name):
            return self.add(Mention(start, end, Query(name, demonym_of=iso), source,
                                     role="demonym"))
        known = self.gaz.known(name)
        if not known and source == "ner" and name_end - name_start > 1 and feature != "landmark":
            # "Metcalfe County Sheriff's Office" filed as a place: the place it starts with
            # (but "Little Portugal" is no part of Portugal)
            for j in range(name_end - 1, name_start, -1):
                if self.gaz.known(self.text(name_start, j)):
                    if self.plausible(name_start, j, "ORG"):
                        return self.span(name_start, j, "gazetteer", require_known=True)
                    break
        strong_feature = feature is not None and not self.weak_feature(start, end)
        if not known and (require_known or feature is not None) and not strong_feature and not (
            named_site and source == "ner"
        ):
            return None
        if not known and not (name[:1].isupper() or name[:1].isdigit()):
            return None  # "marijuana", "n't": the recogniser's slips
        if not any(ch.isalpha() for ch in name) or not self.acronym_ok(name):
            return None
        if self.person_name(name_start, name_end) and feature is None:
            return None
        if feature is None and self.aged(name_end):
            return None  # "Millan, 41, was shot": a person with an age
        query = Query(name, feature_hint=feature if feature != "landmark" else None)
        query.lookup = known or feature != "landmark"
        return self.add(Mention(start, end, query, source, name_tokens=(name_start, name_end)))

    def enclave(self, start: int, end: int) -> bool:
        """Whether a known name follows a word that makes it a neighbourhood ("Little Italy")."""
        if start < 1 or not self.free(start - 1, start):
            return False
        word = self.doc[start - 1]
        return (word.lower_ in self.lex.enclave_words and word.text[:1].isupper()
                and not self.gaz.known(self.text(start - 1, end)))

    def preposed(self, i: int) -> bool:
        """Whether token ``i`` is a feature word that names a place's kind before "of" ("the
        County of Brant"), not another body ("the Department of Defense")."""
        word = self.lower[i]
        return (self.feature_of(i) in ("admin1", "admin2", "city")
                and word not in self.lex.weak_preposed_words)

    def aged(self, end: int) -> bool:
        """Whether a name is followed by ", <number>," as people are given their ages."""
        doc, texts = self.doc, self.texts
        return (
            end + 2 < len(doc) and texts[end] == "," and doc[end + 1].like_num
            and texts[end + 2] == ","
        )

    def follows_name(self, i: int) -> bool:
        """Whether feature word ``i`` closes the name before it: "Homs province", but not
        "the Kentucky Department of Fish" or "Kentucky State Police"."""
        if self.lower[i] not in self.lex.weak_feature_words:
            return True
        if i + 1 >= self.n:
            return True
        return not (self.lower[i + 1] == "of" or (self.cap[i + 1] and not self.caps))

    def weak_feature(self, start: int, end: int) -> bool:
        """Whether the feature words around [start, end) are ones that also name other things."""
        if start >= 2 and self.lower[start - 1] == "of":
            # "the city of X", "the village of X": reliable, but "the Department of X" is not
            word = self.lower[start - 2]
            if word in self.lex.feature_words and word not in self.lex.weak_preposed_words:
                return False
        word = self.lower[end - 1]
        return word in self.lex.weak_feature_words or word not in self.lex.feature_words

    def phrase_start(self, i: int) -> int:
        """Where the longest feature phrase ending at token ``i`` starts ("refugee camp")."""
        best = i
        for n in (2, 3, 4):
            if i - n + 1 < 0:
                break
            words = " ".join(self.lower[i - n + 1 : i + 1])
            if words in self.lex.feature_words:
                best = i - n + 1
        return best

    def name_end(self, i: int, framed: bool = False) -> int:
        """Where a name starting at token ``i`` ends ("Bustan al-Qasr", "Hawsh Al-Farah")."""
        j, n = i, self.n
        while j < n and j - i < MAX_NAME_TOKENS:
            if self.name_word(j, framed) or (
                j > i and j + 1 < n and self.name_word(j + 1, framed)
                and (self.texts[j] in ("-", "'", "’") or self.lower[j] in self.lex.name_connectors)
            ):
                j += 1
            else:
                break
        return j

    def name_start(self, i: int, framed: bool = False) -> int:
        """Where a name ending just before token ``i`` starts."""
        j = i
        while j > 0 and i - j < MAX_NAME_TOKENS:
            if self.name_word(j - 1, framed) or (
                j < i and j - 2 >= 0 and self.name_word(j - 2, framed)
                and (self.texts[j - 1] in ("-", "'", "’")
                     or self.lower[j - 1] in self.lex.name_connectors)
            ):
                j -= 1
            else:
                break
        while j < i and not self.name_word(j, framed):
            j += 1
        return j

    def name_word(self, i: int, framed: bool = False) -> bool:
        """Whether token ``i`` may be part of a place name next to a feature word.

        ``framed``: the word sits in a frame that says "place" ("the town of X"), where a
        word the recogniser took for a nationality ("Jezzine") is still a name.
        """
        word = self.lower[i]
        if not self.cap[i] or word in self.demonyms or self.feature_of(i):
            return False
        t = self.doc[i]
        if t.ent_type_ in _NOT_NAMES and i not in self.slipped and not (
            framed and t.ent_type_ == "NORP"
        ):
            return False
        return self.caps or t.pos_ == "PROPN" or (t.pos_ in ("NOUN", "ADJ") and not t.is_sent_start)

    def demonym_tokens(self) -> None:
        starts = [i for i, c in enumerate(self.cap) if c]  # a demonym starts with a capital
        for n in (3, 2, 1):
            for i in starts:
                if i + n > self.n:
                    break
                words = self.text(i, i + n)
                iso = self.demonyms.get(words.lower())
                if iso and self.free(i, i + n) and not (
                    self.caps and n == 1 and self.doc[i].is_stop
                ):
                    self.add(Mention(i, i + n, Query(words, demonym_of=iso), "demonym",
                                      role="demonym"))

    def compounds(self) -> None:
        """A country named in a hyphenated modifier ("U.S.-led", "Iran-backed"): a mention
        of the country in the role of a demonym, as it says whose, not where."""
        for i, word in enumerate(self.texts):
            head, dash, tail = word.rpartition("-")
            if not dash or not head or tail.lower() not in self.lex.compound_heads:
                continue
            if not self.free(i, i + 1) or not head[:1].isupper():
                continue
            ranked = self.rank(head)
            iso = self.demonyms.get(head.lower())
            if ranked and ranked[0].entry.feature == "country" and ranked[0].via != "alternate":
                iso = ranked[0].entry.country
            if iso:
                start = self.starts[i]
                self.add(Mention(i, i + 1, Query(head, demonym_of=iso), "compound",
                                 role="demonym", chars=(start, start + len(head))))

    def runs(self, start: int, end: int, outside: bool) -> Iterator[tuple[int, int]]:
        """Maximal capitalised runs within [start, end) (outside entities when ``outside``)."""
        i, cap = start, self.cap

        def usable(k: int) -> bool:
            return not self.taken[k] and not (outside and self.in_entity[k])

        while i < end:
            if cap[i] and usable(i):
                j = i
                while j < end and usable(j) and (
                    cap[j] or self.lower[j] in ("of", "de", "al")
                ):
                    j += 1
                while j > i and not cap[j - 1]:
                    j -= 1
                yield i, j
                i = max(j, i + 1)
            else:
                i += 1

    def plausible(self, start: int, end: int, label: str) -> str | None:
        """Whether a known name outside a place entity is a place here: "yes", "weak" or None.

        A "weak" find is kept only if it resolves into a country the story is about.
        """
        doc = self.doc
        name = self.text(start, end)
        ranked = self.rank(name)
        if norm(name) in self.lex.supranational and not single_lower(doc, start, end):
            return "yes"
        # alternate spellings count only for large places ("Misrata" for Misratah)
        ranked = [
            r for r in ranked if r.via in ("name", "alias") or r.entry.population >= _BIG_CITY
        ]
        if not ranked or not self.acronym_ok(name) or self.person_name(start, end):
            return None
        entry = ranked[0].entry
        prev = self.lower[start - 1] if start > 0 else ""
        locative = prev in self.lex.locative_prepositions
        single = end - start == 1
        if label == "PERSON":
            if norm(name) in self.place_names or (locative and single):
                return "yes"
            titled = end < self.n and self.lower[end].rstrip(".") in self.lex.person_titles
            if titled and (entry.feature in _STRONG or entry.population >= _TOWN):
                return "yes"  # "Calgary MLA Jane Doe", "Ohio Gov. John Kasich": the office's place
            # "Goma" filed as a person: a well-known place, if the story is about its country
            strong = entry.feature in _STRONG or entry.population >= _BIG_CITY
            return "weak" if single and strong and self.ent_bounds.get(start) == end else None
        if norm(name) in self.place_names:
            return "yes"
        whole = label and self.ent_bounds.get(start) == end
        if label == "ORG" and not whole and entry.feature not in ("country", "continent"):
            # "Kentucky State Police" counts where the story is about Kentucky;
            # "St. Mark's Cathedral" is no parish of Grenada
            return "weak" if entry.feature in _STRONG or entry.population >= _BIG_CITY else None
        if self.caps and single and (doc[start].is_stop or len(doc[start]) < 4):
            return None
        if not self.caps and single and doc[start].pos_ != "PROPN" and not whole:
            return None
        strong = entry.feature in _STRONG or entry.population >= _BIG_CITY
        if whole and label != "ORG" and entry.population >= _TOWN:
            # a name the recogniser filed as a product or nationality ("Manbij", "Aleppo")
            return "yes" if strong else "weak"
        if strong and not (self.caps and single and entry.feature == "city"):
            return "yes"
        if entry.feature == "admin2" and not single:
            return "yes"
        if locative or strong:
            return "weak"
        return None

    def known_names(self, start: int, end: int, label: str) -> None:
        """Longest known names inside capitalised runs of tokens [start, end)."""
        for run_start, run_end in list(self.runs(start, end, outside=not label)):
            i = run_start
            while i < run_end:
                for j in range(min(run_end, i + MAX_NAME_TOKENS), i, -1):
                    name = self.text(i, j)
                    # "Little Portugal", "Air Berlin" (in capitals every run is long: no telling)
                    inner = not label and not self.caps and i > run_start
                    if inner and norm(name) not in self.place_names:
                        continue
                    verdict = self.gaz.known(name) and self.plausible(i, j, label)
                    if verdict:
                        m = self.span(i, j, "gazetteer", require_known=True)
                        if m is not None and verdict == "weak":
                            m.query.weak = True
                        i = j
                        break
                    iso = self.demonyms.get(name.lower())
                    if iso and label == "ORG":
                        self.add(Mention(i, j, Query(name, demonym_of=iso),
                                          "gazetteer", role="demonym"))
                        i = j
                        break
                else:
                    i += 1

    def locative_frames(self) -> None:
        """Unknown names where only a place fits: "inside Kafr Sousah", "at Gamba police station".

        A capitalised name (unlabelled, or filed as a person) right after a locative
        preposition, not followed by a possessive. Mixed-case copy only: in capitals
        every word looks like a name.
        """
        if self.caps:
            return
        doc, lower = self.doc, self.lower
        for k in range(len(doc) - 1):
            if lower[k] not in self.lex.locative_prepositions or doc[k].pos_ != "ADP":
                continue
            start = k + 1
            if start < len(doc) and lower[start] == "the":
                continue  # "in the Gulf": names with an article are the recogniser's to find
            while start < len(doc) - 1 and lower[start] in self.lex.place_modifiers:
                start += 1  # "in downtown Calais", "in northern Ayn Issa"
            end = self.name_end(start)
            if end == start or not self.free(start, end):
                continue
            if end < len(doc) and self.texts[end] in POSSESSIVE:
                continue  # "at Obama's request"
            if any(lower[i] in self.person_words and doc[i].ent_type_ == "PERSON"
                   and self.ent_bounds.get(i, 0) - i == 1 for i in range(start, end)):
                continue  # a lone surname of someone named in full elsewhere
            if lower[k] in ("between", "among") and doc[start].ent_type_ == "PERSON":
                continue  # "talks between Prodi and Putin"
            if lower[start].rstrip(".") in self.lex.person_titles:
                continue  # "under General Chai", "with President Ghani"
            if end - start == 1 and self.calendar(lower[start]):
                continue  # "in Lent", "at Christmas": times, though towns bear the names
            m = self.span(start, end, "frame", require_known=False)
            if m is not None and not self.gaz.known(m.query.text):
                m.query.weak = False

    def run(self) -> list[Mention]:
        frames.dateline(self)
        others = self.entities()
        frames.feature_patterns(self)
        self.demonym_tokens()
        self.compounds()
        for ent in others:
            self.known_names(ent.start, ent.end, ent.label_)
        self.known_names(0, len(self.doc), "")
        self.locative_frames()
        frames.possessive_frames(self)
        frames.qualifiers(self)
        frames.appositions(self)
        frames.possessive_owners(self)
        return sorted(self.mentions, key=lambda m: m.start)


@lru_cache(maxsize=1)
def date_words() -> frozenset[str]:
    """Months, weekdays and the other words a date is made of (nlp/data/dates.yaml)."""
    w = _date_words()
    return frozenset([*w.months, *w.weekdays, *w.day_words, *w.units, *w.modifiers])


def single_lower(doc: Doc, start: int, end: int) -> bool:
    return end - start == 1 and not doc[start].text[:1].isupper()
