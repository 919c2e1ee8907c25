"""Actor names that are no names: pronouns, determiners and bare titles.

An actor's ``name`` says who it is ("Tony Blair", "Hamas"). A pronoun ("We",
"Their"), a determiner ("The", "This") or a title alone ("President", "Prime
Minister") says nothing of who: an unresolved mention leaves the slot empty
instead. ``bad_name`` says why a name is no name; bench/actor_names.py runs it
over whole corpora and a test over a sample.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from ..model import Actor, CodedDocument
from ..nlp.actor_dict import actor_words

DETERMINERS = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "which", "who", "whom", "whose",
    "what", "some", "any", "each", "every", "all", "both", "either", "neither", "another",
    "other", "such", "no",
})  # fmt: skip


@lru_cache(maxsize=1)
def _pronouns() -> frozenset[str]:
    w = actor_words()
    return w.person_pronouns | w.thing_pronouns | w.plural_pronouns | w.speaker_pronouns | {
        "i", "me", "my", "mine", "myself", "you", "your", "yours", "yourself", "one",
    }  # fmt: skip


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    """Words of office and rank (and their plurals), and honorifics."""
    w = actor_words()
    words = w.person_titles | w.honorifics
    return frozenset(words | {t + "s" for t in words})


def bad_name(name: str | None) -> str | None:
    """Why ``name`` is no actor name ("pronoun", "determiner", "title"), or None."""
    if name is None:
        return None
    words = re.findall(r"[a-z0-9]+", name.lower())
    if not words:
        return "empty"
    if len(words) == 1 and words[0] in _pronouns():
        return "pronoun"
    if all(w in DETERMINERS for w in words):
        return "determiner"
    titles = _titles()
    if all(w in titles or w in DETERMINERS or w == "of" for w in words) and any(
        w in titles for w in words
    ):
        return "title"  # "President", "the Prime Minister", "Secretary of State"
    return None


def named_actors(coded: CodedDocument) -> Iterator[tuple[str, Actor]]:
    """Every actor a coded document names: event sources and targets, quote speakers
    and the document's actor list, with where each was found."""
    for e in coded.events:
        for role, actor in (("source", e.source), ("target", e.target)):
            if actor is not None:
                yield f"event {e.event_id} {role}", actor
    for q in coded.quotes:
        if q.speaker is not None:
            yield "quote speaker", q.speaker
    for actor in coded.actors:
        yield "actor list", actor


def bad_names(docs: Iterable[CodedDocument]) -> list[dict[str, str]]:
    """Each actor whose name is no name, with its document, place and reason."""
    out = []
    for coded in docs:
        for where, actor in named_actors(coded):
            why = bad_name(actor.name)
            if why is not None:
                out.append(
                    {
                        "doc_id": coded.document.id,
                        "where": where,
                        "name": str(actor.name),
                        "text": actor.text,
                        "why": why,
                    }
                )
    return out
