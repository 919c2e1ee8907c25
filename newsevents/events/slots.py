"""Where the parse puts an event's source and target.

Subjects (with control, coordination, participles and relative clauses),
passive agents, objects and prepositional slots, and the expansion of a slot
into its actors: appositions ("key regional players China, India and
Pakistan") and coordinations ("Hungarian and Romanian officials") give one
actor each.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

from ..nlp.actors import DocActors
from ..nlp.records import ActorMention

_RELATIVE = {"who", "which", "that", "whom"}
# verbs whose object, not subject, does what their infinitive says
_OBJECT_CONTROL = {
    "urge",
    "ask",
    "call",
    "invite",
    "press",
    "order",
    "encourage",
    "allow",
    "force",
    "persuade",
    "tell",
    "instruct",
    "authorize",
    "authorise",
    "help",
    "enable",
    "prompt",
    "cause",
    "compel",
    "oblige",
    "require",
    "advise",
    "remind",
}


# Participles that with "to" name a stance their subject holds, not a thing done to it:
# "Israel is opposed to French mediation" is Israel opposing it.
_STATIVE_TO = {"oppose"}


def is_passive(verb: Token) -> bool:
    passive = any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in verb.children)
    return passive and not stative(verb)


def stative(verb: Token) -> bool:
    """"is opposed to X": an adjectival passive with "to" and no "by" agent, whose
    subject holds the stance and whose "to" object is what it is held against."""
    return (
        verb.lemma_.lower() in _STATIVE_TO
        and verb.tag_ == "VBN"
        and any(c.dep_ == "prep" and c.lower_ == "to" for c in verb.children)
        and not any(c.dep_ == "agent" for c in verb.children)
    )


def reduced_passive(verb: Token) -> bool:
    """A past participle hung on a noun: "soldiers killed in Ukraine"."""
    return verb.dep_ == "acl" and verb.tag_ == "VBN"


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The token that does what ``verb`` says, following control and coordination."""
    if depth > 6:
        return None
    passive = is_passive(verb)
    for child in verb.children:
        if child.dep_ == "nsubjpass" and stative(verb):
            return child
        if child.dep_ == "nsubj" and not passive:
            if child.lower_ in _RELATIVE and verb.dep_ == "relcl":
                return verb.head
            return child
    if passive:
        return passive_agent(verb)
    head = verb.head
    if head == verb:
        return None
    if verb.dep_ == "xcomp":
        # "urged X to meet": X does the meeting; "seeks to negotiate": the seeker;
        # "X is known to have met": X.
        objects = [c for c in head.children if c.dep_ == "dobj"]
        if head.lemma_.lower() in _OBJECT_CONTROL:
            if objects:
                return objects[0]
            asked = prep_object(head, {"on", "upon"})  # "called on both sides to agree"
            if asked is not None:
                return asked
        raised = [c for c in head.children if c.dep_ == "nsubjpass"]
        if raised:
            return raised[0]
        return subject_of(head, depth + 1)
    if verb.dep_ == "conj":
        return subject_of(head, depth + 1)
    if verb.dep_ == "advcl" and (
        verb.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    ):
        # "..., saying": the sayer; "converged on Lagos to protest": the protesters
        return subject_of(head, depth + 1)
    if reduced_passive(verb):
        return passive_agent(verb)  # "soldiers killed in Ukraine": the soldiers are the victims
    if verb.dep_ in ("acl", "relcl") and head.pos_ in ("NOUN", "PROPN"):
        return head
    if verb.dep_ == "acomp" or head.pos_ == "ADJ":
        return subject_of(head, depth + 1)
    if verb.dep_ == "pcomp":
        # "accused Armenia of violating": Armenia violated; "are guilty of violating":
        # the subject of what holds the phrase
        for anc in verb.ancestors:
            if anc.pos_ in ("VERB", "AUX", "ADJ"):
                accused = [c for c in anc.children if c.dep_ == "dobj"]
                if accused and anc.pos_ == "VERB":
                    return accused[0]
                return subject_of(anc, depth + 1)
        return None
    return None


def passive_agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def fired_from(verb: Token) -> Token | None:
    """ "A mortar bomb was fired at Israel from the Gaza Strip": where the fire came from."""
    if not is_passive(verb):
        return None
    return prep_object(verb, {"from"})


def harm_doers(
    verb: Token, combat_nouns: frozenset[str], attack_nouns: frozenset[str]
) -> list[Token]:
    """Who did a harm whose victims are its subject, read from the act it came about in:
    the words to try, in order, for an actor.

    - A fight "with" someone: "two protesters were killed in clashes with police"; the
      victims were one side and the other did it ("an exchange of fire with insurgents":
      the noun and its "of" complement).
    - An attack its doer qualifies: "killed in a rebel attack", "in Israeli air strikes",
      "in the army's shelling"; and "in police firing", which the parser reads as the
      police with "firing" hung on them.
    Only a passive harm or its participle ("soldiers killed in fighting with rebels")."""
    if not (is_passive(verb) or reduced_passive(verb)):
        return []
    act = prep_object(verb, {"in", "during"})
    if act is None:
        return []
    lemma = act.lemma_.lower()
    words = {lemma, act.lower_}
    of = prep_object(act, {"of"})
    if of is not None:
        words |= {f"{w} of {of.lemma_.lower()}" for w in (lemma, act.lower_)}
    if words & combat_nouns:
        side = prep_object(act, {"with"})
        if side is None and of is not None:
            side = prep_object(of, {"with"})  # the parse may hang "with" on "fire"
        return [side] if side is not None else []
    if any(c.dep_ == "acl" and c.lemma_.lower() in attack_nouns for c in act.children):
        return [act]
    compounds = " ".join(c.lemma_.lower() for c in act.lefts if c.dep_ == "compound")
    if words & attack_nouns or f"{compounds} {lemma}" in attack_nouns:
        return [c for c in act.lefts if c.dep_ in ("poss", "compound", "amod")]
    return []


_VICTIM_TAGS = ("NOUN", "PROPN")
_PLACE_ENTITIES = ("GPE", "LOC", "FAC")
_MAX_VICTIM_WORDS = 12


def victim_words(trigger: Token) -> tuple[int, int] | None:
    """The words that describe whom a harm befell, where no actor names them: "the
    operator of a transmission tower" in "guerrillas killed the operator of a transmission
    tower", "two peasants" in "two peasants were shot". The noun phrase from its first
    word to its head, with an "of" complement; no clause, pronoun or place."""
    victim: Token | None = None
    if trigger.pos_ == "VERB":
        if is_passive(trigger):
            victim = next((c for c in trigger.children if c.dep_ == "nsubjpass"), None)
        elif reduced_passive(trigger):
            victim = trigger.head  # "the peasants killed in the raid"
        else:
            victim = direct_object(trigger)
    else:
        victim = prep_object(trigger, {"of"})  # "the killing of six priests"
    if victim is None or victim.pos_ not in _VICTIM_TAGS or victim.ent_type_ in _PLACE_ENTITIES:
        return None
    start, end = victim.left_edge.i, victim.i + 1
    of = next((c for c in victim.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None and of.right_edge.i + 1 - start <= _MAX_VICTIM_WORDS:
        end = of.right_edge.i + 1
    while start < end and trigger.doc[start].pos_ in ("PUNCT", "CCONJ"):
        start += 1
    if end - start > _MAX_VICTIM_WORDS or start >= end:
        return None
    return start, end


# dependencies that lead out of a verb's phrase: its subject, another clause, apposition
_OUTSIDE_PHRASE = frozenset({"advcl", "relcl", "ccomp", "csubj", "parataxis", "conj", "acl",
                             "appos", "nsubj", "nsubjpass", "agent", "mark", "cc", "punct",
                             "npadvmod"})
_MAX_REACH = 3  # dependency steps from the verb
_TIME_PREPS = frozenset({"after", "before", "since", "until", "till", "following", "during"})
_COUNTERPART_PREPS = frozenset({"with", "between", "against"})


def _dates_only(token: Token, verb: Token) -> bool:
    """Whether a token only dates the act: a time adjunct ("after Trump's inauguration as
    president") names no party to it, unless through its own counterpart ("after talks
    with the government")."""
    counterpart = any(
        c.dep_ == "prep" and c.lower_ in _COUNTERPART_PREPS for c in token.children
    )
    while token.i != verb.i and token.head.i != token.i:
        if token.dep_ == "prep" and token.lower_ in _COUNTERPART_PREPS:
            counterpart = True
        if token.dep_ == "prep" and token.lower_ in _TIME_PREPS:
            return not counterpart
        token = token.head
    return False


_PLACE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "across", "throughout", "around",
                          "within", "into"})


def _where(token: Token, found: list[ActorMention]) -> bool:
    """A place said to be where something is ("pledged assets in New York City")."""
    while token.dep_ == "compound" and token.head.i != token.i:
        token = token.head
    return (
        token.dep_ == "pobj"
        and token.head.lower_ in _PLACE_PREPS
        and found[0].actor.kind in ("state", "capital", "place")
    )


def phrase_actor(verb: Token, actors: DocActors) -> list[ActorMention]:
    """The first actor in the verb's own phrase, in the order of the text: its objects,
    their complements and its prepositional phrases, never its subject or another clause
    ("agreed to lift embargoes on sales to Iran": Iran; "called off a strike after
    deliberations with the government": the government), but not the one whose milestone
    dates it ("pressed for a rollback after Trump's inauguration"). The dictionary coders'
    reading of a target where no pattern slot names one."""
    reach: list[Token] = []
    frontier = [verb]
    for _ in range(_MAX_REACH):
        frontier = [c for t in frontier for c in t.children if c.dep_ not in _OUTSIDE_PHRASE]
        reach.extend(frontier)
    for token in sorted(reach, key=lambda t: t.i):
        if token.pos_ in ("NOUN", "PROPN") and not _dates_only(token, verb):
            found = expand(token, actors)
            if found and not _where(token, found):
                return found[:1]  # a reading, not a slot: one actor, not its conjuncts
    return []


def marked_clauses(verb: Token, marks: frozenset[str]) -> Iterator[Token]:
    """The clauses under a verb that one of these words opens: "called for X to go"."""
    for child in verb.children:
        if child.dep_ in ("advcl", "ccomp", "xcomp") and any(
            m.dep_ == "mark" and m.lower_ in marks for m in child.children
        ):
            yield child


def prep_object(token: Token, preps: set[str] | frozenset[str]) -> Token | None:
    for child in token.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def direct_object(verb: Token) -> Token | None:
    if reduced_passive(verb) and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head  # "civilians imprisoned for ...": the civilians
    if stative(verb):
        return prep_object(verb, {"to"})
    if is_passive(verb):
        # the nearest: "Trouble flared after nine peacekeepers were killed" may come out
        # of the parser with two passive subjects, and the one beside the verb is it
        passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
        if passive:
            return passive[-1]
        if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            # "X were arrested and later were released": coordinated verbs share a subject
            shared = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            return shared[0] if shared else None
        return None
    for child in verb.children:
        if child.dep_ in ("dobj", "obj"):
            return child
    # "kidnapped up to 16 advisers", "killed more than 20 people": the parser hangs a
    # counted object under the quantity words
    for child in verb.children:
        if child.dep_ in ("prt", "prep") and child.lower_ in _QUANTIFYING:
            for t in child.subtree:
                if t.dep_ == "pobj" and any(c.pos_ == "NUM" for c in t.children):
                    return t
    return None


_QUANTIFYING = {"up", "over", "about", "around", "nearly", "some", "more", "at"}


def slot_token(token: Token, slot: str, *, obj: Token | None = None) -> Token | None:
    """The token filling a pattern slot, looking on the trigger and on its object."""
    if slot == "dobj":
        return direct_object(token) if token.pos_ in ("VERB", "AUX") else None
    if slot in ("iobj", "dative"):
        for child in token.children:
            if child.dep_ == "dative":
                inner = [c for c in child.children if c.dep_ == "pobj"]
                return inner[0] if inner else child
        return None
    if slot == "ccomp_subject":
        # "demanded that the government end curbs": the one asked to act
        for child in token.children:
            if child.dep_ in ("ccomp", "xcomp") and child.pos_ in ("VERB", "AUX"):
                subj = [c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")]
                if subj:
                    return subj[0]
        return None
    if slot == "for_subject":
        # "called for Trump to resign": the subject of the for-to clause is asked
        for clause in marked_clauses(token, frozenset({"for"})):
            subj = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj:
                return subj[0]
        return None
    if slot.startswith("prep:"):
        found = slot_tokens(token, slot, obj=obj)
        return found[0] if found else None
    return None


def slot_tokens(token: Token, slot: str, *, obj: Token | None = None) -> list[Token]:
    """Every token that may fill a slot: "imposed sanctions on Venezuela on Wednesday"
    has two "on" phrases, and only one names an actor."""
    if not slot.startswith("prep:"):
        one = slot_token(token, slot, obj=obj)
        return [one] if one is not None else []
    prep = slot.split(":", 1)[1]
    out: list[Token] = []
    for host in (token, obj):
        if host is None:
            continue
        for child in host.children:
            if child.dep_ in ("prep", "agent") and child.lower_ == prep:
                out.extend(c for c in child.children if c.dep_ == "pobj")
    return out


_INSIDE_PREPS = ("from", "by", "of", "with", "against", "in", "to")


def _inside(token: Token, actors: DocActors, depth: int = 0) -> ActorMention | None:
    """The actor inside a noun phrase that is not itself one: "North Korea's demand",
    "an Indian proposal", "calls by Belarus's rulers", "an offer from Afghanistan",
    "the demonstration staged by students", "assistance to the US-led war"."""
    for child in token.children:
        # "Turkey's efforts" names Turkey; "its partners" names the partners, not "it"
        if child.dep_ == "poss" and child.pos_ != "PRON":
            m = actors.resolve(child) or actors.modifier_actor(child)
            if m is not None:
                return m
    for child in token.lefts:
        if child.dep_ in ("amod", "compound", "nmod"):
            m = actors.modifier_actor(child)
            if m is not None:
                return m
    for prep in _INSIDE_PREPS:
        pobj = prep_object(token, {prep})
        if pobj is not None:
            m = actors.resolve(pobj)
            if m is None and depth == 0 and pobj.pos_ == "NOUN":
                m = _inside(pobj, actors, depth + 1)  # "assistance to the US-led war"
            if m is not None:
                return m
    for child in token.children:
        if reduced_passive(child):
            doer = passive_agent(child)  # "the demonstration staged by students"
            m = actors.resolve(doer) if doer is not None else None
            if m is not None:
                return m
    return None


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def stance_target(verb: Token, actors: DocActors) -> list[ActorMention]:
    """Whom an act is against when a phrase says so: "in defiance of Chinese authorities",
    "in protest against violations by the security forces", "in retaliation for X's
    raid"."""
    for child in verb.children:
        if child.dep_ != "prep" or child.lower_ != "in":
            continue
        for pobj in child.children:
            if pobj.dep_ == "pobj" and _lemma(pobj) in actors.words.stance_nouns:
                for inner in pobj.children:
                    if inner.dep_ == "prep" and inner.lower_ in ("of", "against", "to", "for"):
                        obj = next((c for c in inner.children if c.dep_ == "pobj"), None)
                        if obj is not None:
                            found = expand(obj, actors)
                            if found:
                                return found
    return []


def expand(token: Token, actors: DocActors, *, inside: bool = True) -> list[ActorMention]:
    """The actors a slot names, one per coordinated or apposed actor."""
    out: list[ActorMention] = []
    if token.lower_ in _RELATIVE and token.head.dep_ == "relcl":
        token = token.head.head  # "refugees, whom authorities blame": the refugees
    counted = actors.counted(token)
    if counted is not None:
        token = counted  # "scores of refugees": the refugees, and whoever is coordinated
    base = actors.resolve(token)
    anchor = token
    if base is None or (base.how == "np" and base.actor.name is None):
        # "the main rebel group, Forces for Defence of Democracy (FDD)": the name says
        # who the description is
        for child in token.children:
            if child.dep_ == "appos":
                named = actors.resolve(child)
                if named is not None and (base is None or named.actor.name is not None):
                    base, anchor = named, child
                    break
    if base is None and inside and token.pos_ in ("NOUN", "PROPN"):
        base = _inside(token, actors)
    if base is not None:
        out.append(base)
        out.extend(actors.coordinated(base))
        # "they" for "West Germany and Japan": both
        out.extend(actors.coordinated_refs.get(anchor.i, ()))
    # the parser may hang the next conjunct from any word of a name it split
    # ("Barack" nsubj, "Obama" under it, "and Vladimir Putin" under "Obama")
    words = [anchor]
    if base is not None:
        words += [t for t in anchor.doc[base.start : base.end] if t.i != anchor.i]
    conjuncts = {c.i: c for w in words for c in w.conjuncts if c.i not in (t.i for t in words)}
    for conj in sorted(conjuncts.values(), key=lambda t: t.i):
        if conj.i < anchor.i and anchor.dep_ == "conj":
            continue
        m = actors.resolve(conj)
        if m is not None and all(m.head != o.head for o in out):
            out.append(m)
    return out


def governor(noun: Token) -> Token | None:
    """The verb a noun hangs from: as object, through a preposition, or via coordination."""
    cur = noun
    for _ in range(4):
        if cur.dep_ == "conj" and cur.head != cur:
            cur = cur.head
            continue
        if cur.dep_ in ("dobj", "nsubjpass", "attr", "nsubj") and cur.head.pos_ in ("VERB", "AUX"):
            return cur.head
        if cur.dep_ == "pobj" and cur.head.dep_ in ("prep", "agent"):
            return cur.head.head if cur.head.head != cur.head else None
        return None
    return None
