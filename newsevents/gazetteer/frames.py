"""Patterns around place names: datelines, feature words, qualifiers and appositions.

Functions over a ``finder.Finder`` (its tokens, the mentions found so far, the
gazetteer and word lists), split out to keep each module readable:

- ``dateline``: "KABUL (Reuters) -", "SAN SALVADOR, 3 JAN 90 (RADIO VENCEREMOS) --";
- ``feature_patterns``: names next to feature words, known or not ("Aziziyah district");
- ``qualifiers``: the region after a comma ("Glasgow, Ky.");
- ``appositions``: "the Qatari capital Doha", "Abu Dhabi, capital of the UAE".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .context import Query
from .mentions import Mention

if TYPE_CHECKING:
    from .finder import Finder

_POSSESSIVE = {"'s", "’s", "'", "’"}


def dateline(f: Finder) -> None:
    head = f.full[:300]
    for pattern in f.lex.datelines:
        match = pattern.match(head)
        if not match:
            continue
        place = f.char_mention(match.start("place"), match.end("place"), "dateline")
        qual = None
        if match.group("qual"):
            qual = f.char_mention(match.start("qual"), match.end("qual"), "dateline")
        if place is None or not f.gaz.known(place.query.text, qualifier=True):
            return
        place.query.dateline = True
        place.query.qualifier = True
        if qual is not None and f.gaz.known(qual.query.text, qualifier=True):
            qual.query.qualifier = True
            qual.query.dateline = True
            place.query.admin_hint = qual.query.text
            f.add(place)
            f.add(qual)
        else:
            f.add(place)
        return


def feature_patterns(f: Finder) -> None:
    """Names next to a feature word, known or not: "Aziziyah district", "the town of
    Gharz", "the settlements of Maharda and Kornaz", "the Jumla and Diwan villages".

    The recogniser often files such foreign names as people or organisations; the
    feature word outweighs its label.
    """
    doc, lower = f.doc, f.lower
    for i in range(f.n):
        cls = f.feature_of(i)
        if cls is None or f.taken[i]:
            continue
        t = doc[i]
        # "X province", "X and Y villages", "the Balata refugee camp": names right
        # before the feature word or phrase
        phrase = f.phrase_start(t.i)
        start = f.name_start(phrase)
        owner = cls in ("site", "landmark") and f.top(f.text(start, phrase)) in (
            "country", "continent"
        )  # "the Cameroon embassy in Paris" is no place in Cameroon
        if start < phrase and not owner and f.free(start, t.i + 1) and (
            not doc[start].is_sent_start or doc[start].pos_ == "PROPN"
        ):
            f.span(start, t.i + 1, "pattern", require_known=False, hint=cls)
            k = start - 1
            while k > 0 and lower[k] in ("and", ",", "or"):
                s0 = f.name_start(k)
                if s0 == k or not f.free(s0, k):
                    break
                f.span(s0, k, "pattern", require_known=False, hint=cls)
                k = s0 - 1
            continue
        # "the provincial capital, Kandahar"
        if t.i + 2 < len(doc) and f.texts[t.i + 1] == ",":
            end = f.name_end(t.i + 2)
            if end > t.i + 2 and f.free(t.i + 2, end) and (
                end == len(doc) or doc[end].is_punct
            ):
                f.span(t.i + 2, end, "pattern", require_known=False, hint=cls)
                continue
        # "Al-Anad, a top secret base": the name before an appositive's feature word
        k = t.i - 1
        while k > 0 and doc[k].pos_ in ("ADJ", "NOUN", "ADV", "PROPN", "NUM") and t.i - k < 5:
            k -= 1
        if k > 1 and lower[k] in ("a", "an", "the") and f.texts[k - 1] == ",":
            start = f.name_start(k - 1)
            if start < k - 1 and f.free(start, k - 1):
                f.span(start, k - 1, "pattern", require_known=False, hint=cls)
        # "the village of X", "the cities of X and Y"
        if t.i + 2 < len(doc) and lower[t.i + 1] == "of":
            k = t.i + 2
            while k < len(doc):
                end = f.name_end(k, framed=cls in ("city", "admin2", "admin1"))
                if end == k or not f.free(k, end):
                    break
                f.span(k, end, "pattern", require_known=False, hint=cls)
                k = end
                if k < len(doc) and f.texts[k] == ",":
                    k += 1
                if k < len(doc) and lower[k] in ("and", "or"):
                    k += 1
                if k >= len(doc) or k == end:
                    break


def in_list(f: Finder, end: int) -> bool:
    """Whether a name ending at ``end`` is followed by more of a list ("X, Y and Z")."""
    return end < f.n and f.lower[end] in (",", "and", "or", "&")


def qualifiers(f: Finder) -> None:
    """ "Glasgow, Ky.", "Wainwright, Alta.", "Paris, Texas": the region after the comma.

    Not in lists: "Russia, Turkey and Iran", "Alberta, Saskatchewan".
    """
    doc = f.doc
    by_start = {m.start: m for m in f.mentions}
    for m in sorted(f.mentions, key=lambda m: m.start):
        if m.role != "place" or m.end + 1 >= len(doc) or f.texts[m.end] != ",":
            continue
        own = f.top(m.query.text)
        if own in ("country", "continent"):
            continue
        after = by_start.get(m.end + 1)
        if after is not None and after.role == "place":
            kind = f.top(after.query.text, qualifier=True)
            if (kind == "country" or (kind == "admin1" and own != "admin1")) and not (
                in_list(f, after.end) and kind == own
            ):
                m.query.admin_hint = after.query.text
                after.query.qualifier = True
            continue
        for n in (3, 2, 1):
            s, e = m.end + 1, m.end + 1 + n
            if e > len(doc) or not f.free(s, e) or not f.cap[s]:
                continue
            words = f.text(s, e)
            ranked = f.rank(words, qualifier=True)
            # the recogniser files "Ont." and "Alta." as people or bodies; a word that is
            # only a region's abbreviation names nobody
            abbreviation = bool(ranked) and ranked[0].via == "qualifier"
            if not abbreviation and any(
                t.ent_type_ in ("PERSON", "ORG", "NORP") for t in doc[s:e]
            ):
                continue
            if f.lower[s].rstrip(".") in f.lex.person_titles:
                continue  # "Poso, Col. Sutarman said": a rank, not a region
            kind = ranked[0].entry.feature if ranked else None
            if kind == "country" or (kind == "admin1" and own != "admin1"):
                q = Query(words, qualifier=True)
                if f.add(Mention(s, e, q, "qualifier")) is not None:
                    m.query.admin_hint = words
                break


def appositions(f: Finder) -> None:
    """ "the Qatari capital Doha", "Ankara, the Turkish capital", "X, capital of Y"."""
    doc, lower = f.doc, f.lower
    owner = {i: m for m in f.mentions for i in range(m.start, m.end)}
    for m in f.mentions:
        if m.role != "place":
            continue
        # before: [the] <demonym | Country['s]> <capital|city|province...> X
        j = m.start - 1
        if j >= 1 and (lower[j] in f.lex.capital_words or f.feature_of(j)):
            capital = lower[j] in f.lex.capital_words
            cls = "capital" if capital else f.feature_of(j)
            k = j - 1
            if k >= 0 and f.texts[k] in _POSSESSIVE:
                k -= 1
            iso = _country_at(f, owner.get(k))
            if iso:
                m.query.country_hint = iso
                m.query.feature_hint = m.query.feature_hint or cls
        # after: X, [the|a] [demonym] <capital|city...> [of Y]
        k = m.end
        if k < len(doc) and f.texts[k] == ",":
            k += 1
            if k < len(doc) and doc[k].pos_ == "DET":
                k += 1
            iso = None
            if k < len(doc) and owner.get(k) is not None and owner[k].role == "demonym":
                iso = owner[k].query.demonym_of
                k = owner[k].end
            if k < len(doc) and lower[k] in f.lex.capital_words:
                if k + 2 < len(doc) and lower[k + 1] == "of":
                    after = owner.get(k + 2) or owner.get(k + 3)
                    iso = iso or _country_at(f, after)
                if iso:
                    m.query.country_hint = iso
                    m.query.feature_hint = "capital"


def _country_at(f: Finder, m: Mention | None) -> str | None:
    if m is None:
        return None
    if m.role == "demonym":
        return m.query.demonym_of
    ranked = f.rank(m.query.text)
    if ranked and ranked[0].entry.feature == "country":
        return ranked[0].entry.country
    return None


def possessive_frames(f: Finder) -> None:
    """Names owning a part or a fight: "Haritan's eastern perimeter", "Kafr Saghir's
    liberation", "Tulkarm's outskirts" (mixed-case copy only)."""
    if f.caps:
        return
    doc = f.doc
    for i in range(1, len(doc) - 1):
        if f.texts[i] not in _POSSESSIVE:
            continue
        t = doc[i]
        k = t.i + 1
        while k < len(doc) - 1 and doc[k].pos_ == "ADJ":
            k += 1
        word = doc[k].lemma_.lower()
        if not (word in f.lex.part_nouns or word in f.lex.contest_nouns):
            continue
        start = f.name_start(t.i)
        if start < t.i and f.free(start, t.i) and doc[start].ent_type_ not in ("PERSON", "NORP"):
            f.span(start, t.i, "frame", require_known=False)



def possessive_owners(f: Finder) -> None:
    """ "London's Heathrow", "Paris' iconic Champs-Elysees", "Kentucky's Laurel County": a
    place owned by another lies in it (the owner's country or region becomes a hint)."""
    doc = f.doc
    owner = {m.end: m for m in f.mentions if m.role == "place"}
    for m in f.mentions:
        q = m.query
        if m.role != "place" or q.admin_hint or q.country_hint or q.owner:
            continue
        j = m.start - 1
        while j > 0 and m.start - j <= 2 and doc[j].pos_ == "ADJ":
            j -= 1  # "Paris' iconic Champs-Elysees"
        if j < 1 or f.texts[j] not in _POSSESSIVE:
            continue
        o = owner.get(j)
        if o is None or o.supranational:
            continue
        kind = f.top(o.query.text, qualifier=o.query.qualifier)
        if kind == "country":
            q.country_hint = _country_at(f, o)
        elif kind == "admin1":
            q.admin_hint = o.query.text
        elif kind is not None:
            q.owner = o.query.text
