"""Whole names: a dictionary name counts only where the text names that whole thing.

"Christian Democrats" is not the US Democratic Party, "Cherie Blair" not Tony
Blair, "Trump Tower" not Donald Trump, and "the labour market" not the Labour
Party: a dictionary form met as a fragment of a longer proper name, or written
in lower case where the dictionary writes a name, is no match. Titles, agent
nouns and other dictionary names may stand beside a name without making it a
fragment ("President Reagan", "the Reagan Administration", "Senate Democrats").

Companies are named by their whole name too ("British Airways", "Dome Petroleum
Ltd"): a business, with the home country the dictionary knows or the country its
name carries, never the country an adjective inside the name would make it.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .actor_dict import ADJECTIVE, CAPITAL, COUNTRY, GROUP, ORG, PERSON, ActorWords, Hit

# A document this much in capitals (monitored broadcasts, old wire copy) shows no
# case: the case tests below say nothing there.
_CAPITALS_SHARE = 0.8


def all_capitals(doc: Doc) -> bool:
    letters = [t for t in doc if t.is_alpha and len(t) > 1]
    if not letters:
        return False
    return sum(t.is_upper for t in letters) / len(letters) >= _CAPITALS_SHARE


def _name_word(token: Token, words: ActorWords, is_agent: bool) -> bool:
    """A capitalised word that is part of a proper name, not a title or agent noun."""
    low = token.lower_.rstrip(".")
    return (
        token.pos_ == "PROPN"
        and token.text[:1].isupper()
        and token.ent_type_ not in ("DATE", "TIME")  # "Assad Tuesday": a day, no name
        and low not in words.person_titles
        and low not in words.honorifics
        and not is_agent
    )


def whole_names(
    doc: Doc,
    hits: dict[int, Hit],
    lower_forms: frozenset[str],
    words: ActorWords,
    is_agent: set[int],
    own_words: dict[str, frozenset[str]],
) -> dict[int, Hit]:
    """The hits that name a whole thing; fragments of longer names are dropped.
    ``own_words`` holds, per person, the words of all their names: "Bashar" before
    "Assad" is his own first name, "Cherie" before "Blair" is someone else's."""
    if all_capitals(doc):
        return hits
    dropped: set[tuple[int, int]] = set()
    for hit in {(h.start, h.end): h for h in hits.values()}.values():
        if hit.kind in (COUNTRY, ADJECTIVE, CAPITAL):
            before = doc[hit.start - 1] if hit.start > 0 else None
            if (
                before is not None
                and before.lower_ in words.place_prefixes
                and before.text[:1].isupper()
                and before.i not in hits
            ):
                dropped.add((hit.start, hit.end))  # "New Jersey", "New Mexico"
            continue
        if hit.kind not in (ORG, GROUP, PERSON):
            continue
        span = doc[hit.start : hit.end]
        if (
            hit.kind != PERSON  # "President obama" is a slip of the keyboard, still Obama
            and span.text[:1].islower()
            and span.text.lower() not in lower_forms
        ):
            dropped.add((hit.start, hit.end))  # "the labour market", "expressed solidarity"
            continue
        if _fragment(doc, hit, hits, words, is_agent, own_words.get(hit.ref, frozenset())):
            dropped.add((hit.start, hit.end))
    return {i: h for i, h in hits.items() if (h.start, h.end) not in dropped}


def _fragment(
    doc: Doc,
    hit: Hit,
    hits: dict[int, Hit],
    words: ActorWords,
    is_agent: set[int],
    own: frozenset[str],
) -> bool:
    inside = set(range(hit.start, hit.end))
    # the capitalised words hung before it: "Christian Democrats", "Cherie Blair", and,
    # before an organisation, past an agent noun to a name word: "Trades Union Congress"
    j = hit.start - 1
    while j >= 0:
        before = doc[j]
        if (
            before.i in hits
            or before.lower_ in own
            or before.dep_ not in ("compound", "amod", "nmod")
            or before.head.i not in inside
        ):
            break
        if _name_word(before, words, before.i in is_agent):
            return True
        if hit.kind == PERSON or before.pos_ != "PROPN" or not before.text[:1].isupper():
            break  # a title before a person ("Senate Majority Leader") is no name
        inside.add(j)
        j -= 1
    after = doc[hit.end] if hit.end < len(doc) else None
    last = doc[hit.end - 1]
    return (
        hit.kind == PERSON
        and after is not None
        and after.i not in hits
        and last.dep_ == "compound"
        and last.head.i == after.i
        and _name_word(after, words, after.i in is_agent)
    )  # "Trump Tower", "the Reagan Library": a thing named after a person


def company_span(token: Token, words: ActorWords) -> Span | None:
    """The company name ``token`` is part of: an organisation name holding a word that
    only company names hold ("Ltd", "Airways", "Petroleum"), else None."""
    doc = token.doc
    ent: Span | None = None
    if token.ent_type_ == "ORG":
        ent = next((e for e in doc.ents if e.start <= token.i < e.end), None)
    if ent is None:
        # the recogniser misses many company names: a run of capitalised proper nouns
        # ending at the token ("Dome Petroleum Ltd") stands for one
        if token.pos_ != "PROPN" or not token.text[:1].isupper():
            return None
        while (
            token.dep_ == "compound"
            and token.head.i == token.i + 1
            and token.head.pos_ == "PROPN"
            and token.head.text[:1].isupper()
        ):
            token = token.head  # the name's last word heads it
        start = token.i
        while (
            start > 0
            and doc[start - 1].pos_ == "PROPN"
            and doc[start - 1].text[:1].isupper()
            and doc[start - 1].dep_ == "compound"
        ):
            start -= 1
        ent = doc[start : token.i + 1]
    lows = [t.lower_.rstrip(".") for t in ent]
    if not any(w in words.company_words for w in lows):
        return None
    if any(w in words.public_bodies for w in lows):
        return None  # "Bank of Japan", "the Central Bank": public bodies, not companies
    start = ent.start + 1 if ent[0].lower_ == "the" else ent.start
    return doc[start : ent.end]


def name_country(span: Span, hits: dict[int, Hit]) -> str | None:
    """The country a name carries: "British Airways", "Shell Canada", "Air Jamaica"."""
    for t in span:
        hit = hits.get(t.i)
        if hit is not None and hit.kind in (COUNTRY, ADJECTIVE, CAPITAL):
            return hit.ref
    return None
