"""Harm that nobody did: deaths and injuries in accidents, disasters and illness.

A violent verb with no named doer ("were killed", "killing 20") is an attack by someone
unnamed only when nothing says how the harm came about. When its cause is an accident, a
disaster or an illness, no one attacked anyone, and ACLED, CAMEO and PLOVER code no
event. The cause is read from the parse:

- the verb's subject, or the subject it shares with the verb it is coordinated with:
  "Floods killed 40 people", "a tsunami killed 40 and injured 80";
- the object of a preposition under the verb: "killed in a landslide", "died of cholera",
  "were killed by an avalanche";
- a when/as/after clause under the verb: "were killed when the roof collapsed";
- the clause the verb hangs from, for a participle: "the bus plunged into a ravine,
  killing 20", "a train derailed, killing 11";
- for a noun, the verb it belongs to: "a gas blast killed 63 workers at a mine".

An explosion is an accident where what blew up is plant, fuel or chemicals ("a boiler
exploded", "a gas cylinder explosion"). A clause with words of attack in it ("crashed
after it was hit by a rocket", "shot down") is no accident. The words are data
(patterns/verbs.yaml: accident_nouns, accident_verbs, attack_words, explosion_words,
industrial_words), which a user's pattern file extends.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from spacy.tokens import Token

from ..codebook.patterns import PatternSet

_CAUSE_PREPS = frozenset({"in", "during", "after", "from", "of", "by", "amid"})
# Subordinators of a clause that says how a harm came about: "was killed when police
# fired", "died after troops opened fire", "were killed when the roof collapsed".
_CLAUSE_MARKS = frozenset({"when", "as", "after"})
_FIRE_PREPS = frozenset({"in", "during"})  # where a fire is an accident's (fire_words)
_RELATIVES = frozenset({"that", "which", "who"})
# a clause whose subject is named as a group, people, a state or a person is no accident
_NAMED_DOERS = frozenset({"ORG", "NORP", "GPE", "PERSON"})


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _noun_cause(token: Token, patterns: PatternSet) -> bool:
    """Whether a noun names an accident, disaster or illness ("crash", "heart attack"),
    not a weapon's work ("sniper fire", "fire from the troops")."""
    lemma = _lemma(token)
    compounds = " ".join(c.lower_ for c in token.lefts if c.dep_ == "compound")
    if compounds and f"{compounds} {lemma}" in patterns.accident_nouns:
        return True
    if lemma not in patterns.accident_nouns and token.lower_ not in patterns.accident_nouns:
        return False
    if any(c.dep_ in ("compound", "amod", "nmod") and _lemma(c) in patterns.attack_words
           for c in token.lefts):
        return False
    return not any(c.dep_ == "prep" and c.lower_ == "from" for c in token.rights)


def _industrial(token: Token, patterns: PatternSet) -> bool:
    """Whether an explosion is of plant, fuel or chemicals: the exploding thing, or the
    words that qualify it ("a gas cylinder", "a tank at the plant", "a boiler blast")."""
    return any(_lemma(t) in patterns.industrial_words for t in token.subtree)


def _explosion(token: Token, patterns: PatternSet) -> bool:
    """An industrial explosion: "a boiler explosion", "a tank at the plant exploded"."""
    if _lemma(token) not in patterns.explosion_words:
        return False
    if token.pos_ in ("NOUN", "PROPN"):
        return any(c.dep_ in ("compound", "amod", "nmod", "prep") and _industrial(c, patterns)
                   for c in token.children)
    return any(c.dep_ in ("nsubj", "nsubjpass") and _industrial(c, patterns)
               for c in token.children)


def cause_clauses(verb: Token) -> Iterator[Token]:
    """The when/as/after clauses under a verb, which say how its harm came about."""
    for child in verb.children:
        if child.dep_ == "advcl" and any(
            m.dep_ in ("mark", "advmod") and m.lower_ in _CLAUSE_MARKS for m in child.children
        ):
            yield child


def _attacked(clause: Token, patterns: PatternSet, leave_out: Collection[int] = ()) -> bool:
    """Whether a clause speaks of an attack, leaving out the tokens ``leave_out`` names."""
    return any(_lemma(t) in patterns.attack_words for t in clause.subtree
               if t.i not in leave_out)


def _accident_clause(verb: Token, patterns: PatternSet, skip: Token | None = None
                     ) -> Token | None:
    """The word that makes a clause an accident: its verb ("collapsed") or its subject
    ("a fire broke out"), unless the clause speaks of an attack (``skip``: the harm
    verb's own words, when the clause holds it)."""
    if _attacked(verb, patterns, {t.i for t in skip.subtree} if skip is not None else ()):
        return None
    named = any(c.dep_ in ("nsubj", "nsubjpass") and c.ent_type_ in _NAMED_DOERS
                for c in verb.children)
    if named:
        return None  # "when the Taliban collapsed": a regime, not a roof
    if _lemma(verb) in patterns.accident_verbs or _explosion(verb, patterns):
        return verb
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and _noun_cause(child, patterns):
            return child
    return None


def accidental_cause(trigger: Token, patterns: PatternSet) -> Token | None:
    """The word that says a harm came from an accident, disaster or illness, or None
    (the trigger itself where it names one: "a helicopter crash", "a heart attack")."""
    if trigger.pos_ in ("NOUN", "PROPN") and _lemma(trigger) not in patterns.fire_words and (
        _noun_cause(trigger, patterns) or _explosion(trigger, patterns)
    ):
        return trigger  # (a "fire" trigger is gunfire: "our units' antiaircraft fire")
    if _attacked(trigger, patterns, {trigger.i}):
        return None  # "killed by fire from rebel positions"
    # a verb of attack ("hit", "struck") is a disaster's only where the disaster does it
    doer_only = _lemma(trigger) in patterns.attack_words
    if trigger.dep_ == "compound" and _noun_cause(trigger.head, patterns):
        return trigger.head  # "helicopter" in "a helicopter crash"
    verb = trigger
    subjects = [c for c in trigger.children if c.dep_ == "nsubj"]
    if not subjects and trigger.dep_ == "conj":
        # coordinated verbs share the first one's subject: "a tsunami killed 40 and injured 80"
        verb = trigger.head
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if verb.dep_ == "relcl" and any(s.lower_ in _RELATIVES for s in subjects):
        subjects = [verb.head]  # "a mine fire that killed one miner": the fire
    for subject in subjects:
        owned = any(c.dep_ == "poss" for c in subject.children)
        if _lemma(subject) in patterns.fire_words and owned:
            continue  # "the troops' fire killed two"
        if _noun_cause(subject, patterns) or _explosion(subject, patterns):
            return subject
    for child in trigger.children:
        if doer_only and child.dep_ != "agent":
            continue  # "the valley hit by the earthquake", but not "struck during a storm"
        if child.dep_ in ("prep", "agent") and child.lower_ in _CAUSE_PREPS:
            for obj in child.children:
                if obj.dep_ != "pobj" or (
                    child.lower_ not in _FIRE_PREPS and _lemma(obj) in patterns.fire_words
                ):
                    continue  # "downed by ground fire" is gunfire
                if _noun_cause(obj, patterns) or _explosion(obj, patterns):
                    return obj
    if doer_only:
        return None
    for clause in cause_clauses(trigger):
        cause = _accident_clause(clause, patterns)
        if cause is not None:
            return cause
    # a participle hanging from the clause that reports what happened: "..., killing 20"
    if trigger.dep_ in ("advcl", "xcomp", "conj") and trigger.tag_ == "VBG":
        return _accident_clause(trigger.head, patterns, skip=trigger)
    if trigger.pos_ in ("NOUN", "PROPN"):
        # a noun in an accident's own clause: the "mine" of "a gas blast killed 63 at a mine"
        verb = trigger.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head  # (Token objects are made anew on each access: compare .i)
        if verb.pos_ == "VERB" and verb.i != trigger.i:
            return accidental_cause(verb, patterns)
    return None
