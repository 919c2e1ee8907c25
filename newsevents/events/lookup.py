"""What the parse says around a trigger, read once, and the converted patterns it fits.

The converted PETRARCH patterns number in the thousands, so they are not tried one
by one: the words around a verb (its object or complement, its subject, the objects
of its prepositions) are read once into an ``Around``, and only the patterns filed
under the verb's lemma and one of those words (``PatternPool.keyed``), or needing no
word (``PatternPool.open``), are checked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from ..codebook.patterns import Pattern, VerbEntry
from ..nlp.actors import DocActors
from .slots import direct_object, subject_of

# children that complete a verb as its object would: "set them FREE", "looked UNCERTAIN"
_COMPLEMENTS = ("acomp", "oprd", "attr", "advmod", "npadvmod")
# children that carry a phrasal verb's particle or a required adverb or preposition
_PARTICLES = ("prt", "acomp", "oprd", "advmod", "prep", "agent")


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def object_words(obj: Token, actors: DocActors, carriers: frozenset[str] = frozenset()) -> set[str]:
    """Ways to name an object: its lemma, with its compounds, with its "of" complement,
    and through a measuring head ("700 kg of medicine" is medicine)."""
    inner = actors.counted(obj)
    if inner is not None:
        obj = inner
    lemma = _lemma(obj)
    compounds = [_lemma(c) for c in obj.lefts if c.dep_ in ("compound", "amod")]
    # coordinated objects count too: "aerial photographs and other military intelligence"
    words = {lemma, *compounds, *(_lemma(c) for c in obj.conjuncts)}
    if compounds:
        words.add(f"{' '.join(compounds)} {lemma}")
        words.add(f"{compounds[-1]} {lemma}")
    of = [c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"]
    if of:
        pobj = [c for c in of[0].children if c.dep_ == "pobj"]
        if pobj:
            words.add(f"{lemma} of {_lemma(pobj[0])}")
            words.add(f"{lemma} of {' '.join(t.lower_ for t in pobj[0].subtree)}")
            if lemma in carriers:
                words |= object_words(pobj[0], actors)
    return words


@dataclass(frozen=True)
class Around:
    """The words around one trigger that converted patterns may ask for."""

    objects: frozenset[str]  # the object's words, and the complements' lemmas
    subject: frozenset[str]  # the subject's words (the "by" agent in the passive)
    particles: frozenset[str]
    preps: Mapping[str, tuple[frozenset[str], ...]]  # each preposition: its objects' words

    def keys(self) -> set[str]:
        out = set(self.objects) | self.subject
        for found in self.preps.values():
            for words in found:
                out |= words
        return out


def subject_words(trigger: Token, actors: DocActors) -> frozenset[str]:
    subj = subject_of(trigger)
    return frozenset(object_words(subj, actors)) if subj is not None else frozenset()


def prep_words(
    trigger: Token, obj: Token | None, actors: DocActors
) -> dict[str, tuple[frozenset[str], ...]]:
    """Prepositions under the verb or its object, and one level down ("placed on a
    state of alert"), each with the words of its objects (none for "rushed to")."""
    found: dict[str, list[frozenset[str]]] = {}
    hosts = [trigger] if obj is None else [trigger, obj]
    seen = 0
    while seen < len(hosts):
        host = hosts[seen]
        seen += 1
        for child in host.children:
            if child.dep_ not in ("prep", "agent"):
                continue
            pobjs = [c for c in child.children if c.dep_ == "pobj"]
            entry = found.setdefault(child.lower_, [])
            if not pobjs:
                entry.append(frozenset())
            for pobj in pobjs:
                entry.append(frozenset(object_words(pobj, actors)))
                if host is trigger or host is obj:
                    hosts.append(pobj)
    return {k: tuple(v) for k, v in found.items()}


def read_around(trigger: Token, actors: DocActors, carriers: frozenset[str]) -> Around:
    obj = direct_object(trigger)
    words = object_words(obj, actors, carriers) if obj is not None else set()
    words |= {
        _lemma(c)
        for c in trigger.children
        if c.dep_ in _COMPLEMENTS or (c.dep_ == "advcl" and c.pos_ == "ADJ")  # "set X free"
    }
    return Around(
        objects=frozenset(words),
        subject=subject_words(trigger, actors),
        particles=frozenset(c.lower_ for c in trigger.children if c.dep_ in _PARTICLES),
        preps=prep_words(trigger, obj, actors),
    )


def holds(p: Pattern, around: Around) -> bool:
    """Whether a converted pattern's conditions hold around its trigger."""
    if p.object and not (around.objects & p.object):
        return False
    if p.subject and not (around.subject & p.subject):
        return False
    if p.particles_all and not (p.particles_all <= around.particles):
        return False
    for prep, words in p.prep_objects:
        found = around.preps.get(prep)
        if not found or (words and not any(words & w for w in found)):
            return False
    return True


def best(
    entries: Sequence[VerbEntry], around: Around, *, nulls_only: bool = False
) -> Pattern | None:
    """The most specific converted pattern that holds (a null one if ``nulls_only``),
    counting the words a multi-word verb needs beside it."""
    keys = around.keys()
    top: tuple[int, int] | None = None
    found = None
    for entry in entries:
        if entry.particles and not entry.particles <= around.particles:
            continue
        if entry.object and not (entry.object & around.objects):
            continue
        pool = entry.pool
        seen: dict[str, Pattern] = {p.id: p for p in pool.open}
        for word in keys:
            for p in pool.keyed.get(word, ()):
                seen[p.id] = p
        for p in seen.values():
            if nulls_only and not p.is_null:
                continue
            if entry.object and p.object:
                continue  # "take leave": the verb's own object is the object
            if not holds(p, around):
                continue
            score = (p.specificity + entry.specificity, pool.rank.get(p.id, 0))
            if top is None or score > top:
                top, found = score, p
    return found
