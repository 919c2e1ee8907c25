"""The coder: an annotated document in, events out (a pure function).

For every verb and noun that a pattern names, the coder finds the source and
target through the parse (slots.py), applies the frames around it
(frames.py), attaches date, place and counts (attach.py), and merges the
mentions of one event within the document (within.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ..codebook import Codebook
from ..codebook.patterns import Pattern, PatternSet
from ..nlp.actors import DocActors
from ..nlp.extensions import sentence_of
from ..nlp.quotes import quote_words
from ..nlp.records import ActorMention, CountMention
from ..nlp.storyhead import in_dateline
from . import frames as fr
from .accidents import accidental_cause, cause_clauses
from .lookup import Around, best, object_words, prep_words, read_around, subject_words
from .slots import (
    direct_object,
    expand,
    fired_from,
    governor,
    harm_doers,
    marked_clauses,
    passive_agent,
    phrase_actor,
    reduced_passive,
    slot_token,
    slot_tokens,
    stance_target,
    subject_of,
)

_VIOLENT_ROOTS = {"18", "19", "20"}
_PROTEST = "14"
# ACLED codes political violence, demonstrations and strategic developments; talks,
# appeals and criticism have no ACLED type. An agreement may be 03, 05 or 08.
ACLED_ROOTS = frozenset({"14", "15", "17", "18", "19", "20"})
_AGREEMENT_CODES = ("057", "0841", "0871", "03")


def acled_kind(code: str) -> bool:
    """Whether an event of this code is of a kind the ACLED types describe."""
    return code[:2] in ACLED_ROOTS or code.startswith(_AGREEMENT_CODES)


@dataclass
class Candidate:
    """One mention of an event, before attributes and merging."""

    trigger: Token
    pattern: Pattern
    code: str
    source: ActorMention | None
    target: ActorMention | None
    modality: str = "asserted"
    frame: fr.FrameHit | None = None
    claimed_by: ActorMention | None = None
    reported_by: str | None = None
    counts: list[CountMention] = field(default_factory=list)
    inherited_source: bool = False
    anchors: list[Token] = field(default_factory=list)  # tokens whose dates/places apply
    targetless: bool = False  # may stand with no target
    learned: str | None = None  # the classifier's label, for events it found
    # the events of its own root this refusal verb frames: "rejected a demand to release
    # prisoners" is one act, and this candidate gives way where one of them is usable
    framing: list[Candidate] = field(default_factory=list)

    @property
    def root(self) -> str:
        return self.code[:2]

    @property
    def harms(self) -> bool:
        """Violence (18-20) or destroying property (1712): acts whose harm can be no one's
        doing (an accident's) or an unnamed hand's."""
        return self.root in _VIOLENT_ROOTS or self.code.startswith("1712")


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def _sentence_words(token: Token) -> set[str]:
    """Word forms and lemmas of the trigger's sentence ("warplanes" and "warplane")."""
    sent = sentence_of(token)
    return {t.lower_ for t in sent} | {t.lemma_.lower() for t in sent}


def _conditions_hold(
    p: Pattern, trigger: Token, actors: DocActors, carriers: frozenset[str] = frozenset()
) -> bool:
    obj = direct_object(trigger) if p.pos == "verb" else None
    words = object_words(obj, actors, carriers) if obj is not None else set()
    if p.object and not (words & p.object):
        return False
    if p.object_not and obj is not None and _lemma(obj) in p.object_not:
        return False
    if p.object_any:
        if obj is None:
            return False
        if (
            not (words & p.object_any)
            and obj.ent_type_ not in ("GPE", "LOC", "FAC", "PERSON", "NORP", "ORG")
            and actors.resolve(obj) is None
        ):
            return False
    if p.object_actor_only and (obj is None or not expand(obj, actors)):
        return False
    if p.object_direct and (obj is None or not expand(obj, actors, inside=False)):
        return False
    if p.prep and not (
        any(c.dep_ == "prep" and c.lower_ in p.prep for c in trigger.children)
        or any(marked_clauses(trigger, p.prep))  # "called for X to go"
    ):
        return False
    particles = {
        c.lower_ for c in trigger.children if c.dep_ in ("prt", "acomp", "oprd", "advmod", "prep")
    }
    if p.particle_any and not (particles & p.particle_any):
        return False
    if p.requires_words and not (_sentence_words(trigger) & p.requires_words):
        return False
    if p.xcomp and not any(c.dep_ == "xcomp" and _lemma(c) in p.xcomp for c in trigger.children):
        return False
    if p.requires_xcomp and not any(c.dep_ == "xcomp" for c in trigger.children):
        return False
    if p.particles_all and not p.particles_all <= particles:
        return False
    if p.subject and not (subject_words(trigger, actors) & p.subject):
        return False
    if p.prep_objects:
        around = Around(frozenset(), frozenset(), frozenset(), prep_words(trigger, obj, actors))
        for prep, want in p.prep_objects:
            found = around.preps.get(prep)
            if not found or (want and not any(want & w for w in found)):
                return False
    return True


def _match(trigger: Token, patterns: PatternSet, actors: DocActors) -> Pattern | None:
    """The pattern a trigger fits: the first hand-written one that holds, else the most
    specific converted one. A null pattern that holds ("killed in an accident") is
    returned as it is, and means no event; a converted null overrules a hand-written
    pattern that is no more specific than it."""
    lemma = _lemma(trigger)
    converted = None
    if trigger.pos_ in ("VERB",):
        pool = patterns.verbs.get(lemma, ())
        converted = patterns.converted.get(lemma)
    elif trigger.pos_ in ("NOUN", "PROPN"):
        pool = patterns.nouns.get(lemma, ())
        if not pool and "-" in trigger.text:
            pool = patterns.nouns.get(trigger.lower_, ())
    else:
        return None
    hand = next(
        (p for p in pool if _conditions_hold(p, trigger, actors, patterns.object_carriers)), None
    )
    if converted is None:
        return hand
    around = read_around(trigger, actors, patterns.object_carriers)
    if hand is not None:
        null = best(converted, around, nulls_only=True)
        return null if null is not None and null.specificity >= hand.specificity else hand
    return best(converted, around)


def null_holds(trigger: Token, patterns: PatternSet, actors: DocActors) -> Pattern | None:
    """The null pattern that says a verb is no event here ("killed in an accident"), for
    finders other than the patterns (the learned classifier) to respect."""
    entries = patterns.converted.get(_lemma(trigger)) if trigger.pos_ == "VERB" else None
    if not entries:
        return None
    return best(entries, read_around(trigger, actors, patterns.object_carriers), nulls_only=True)


def _noun_source(
    noun: Token, patterns: PatternSet, actors: DocActors
) -> tuple[list[ActorMention], bool, Token | None]:
    """A noun event's source: its possessor or modifier, "by" agent, or its governor's subject."""
    for child in noun.children:
        if child.dep_ == "poss":
            m = actors.resolve(child) or actors.modifier_actor(child)
            if m is not None:
                return [m], False, None
    for child in noun.lefts:
        if child.dep_ in ("compound", "amod", "nmod"):
            m = actors.modifier_actor(child)
            if m is not None and (m.actor.country or m.actor.group):
                return [m, *actors.coordinated(m)], False, None
    by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"), None)
    if by is not None:
        pobj = next((c for c in by.children if c.dep_ == "pobj"), None)
        if pobj is not None:
            found = expand(pobj, actors, inside=False)
            if found:
                return found, False, None
    for child in noun.children:
        # "the murder committed by FMLN guerrillas", "an attack carried out by the army"
        doer = passive_agent(child) if reduced_passive(child) else None
        if doer is not None:
            found = expand(doer, actors, inside=False)
            if found:
                return found, False, None
    claimant = fr.claim_of(noun, patterns)
    if claimant is not None:
        m = actors.resolve(claimant)
        return ([m] if m is not None else []), False, claimant
    gov = governor(noun)
    if gov is None:
        return [], False, None
    via_prep = noun.dep_ == "pobj" or any(
        t.dep_ == "pobj" for t in [noun, *noun.ancestors][:3] if t.dep_ == "pobj"
    )
    gov_lemma = _lemma(gov)
    allowed = gov_lemma in patterns.light_verbs
    if via_prep:
        prep = (
            noun
            if noun.dep_ != "conj"
            else next((a for a in noun.ancestors if a.dep_ == "pobj"), noun)
        )
        allowed = prep.head.lower_ in patterns.governing_preps or (
            prep.head.lower_ == "in" and gov_lemma in patterns.participation_verbs
        )
    if not allowed:
        return [], False, None
    subj = subject_of(gov)
    if gov_lemma in patterns.participation_verbs:
        # "Serb forces were engaged in ethnic cleansing": the engaged take part
        subj = next((c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass")), subj)
    if subj is None:
        return [], True, None
    return expand(subj, actors, inside=False), True, None


def _prospective(noun: Token, patterns: PatternSet) -> bool:
    """ "a deadline for the pullout", "calls for talks": not an event that happened."""
    cur = noun
    while cur.dep_ == "conj" and cur.head != cur:
        cur = cur.head
    if (
        cur.dep_ == "pobj"
        and cur.head.lower_ in ("for", "of", "on")
        and cur.head.head.lemma_.lower() in patterns.prospective_heads
    ):
        return True
    # "a pause in the bombing", "an end to the shelling": it is not going on
    return (
        cur.dep_ == "pobj"
        and cur.head.lower_ in ("in", "of", "to", "on")
        and cur.head.head.lemma_.lower() in patterns.cessation_heads
    )


def noun_allowed(noun: Token, p: Pattern, patterns: PatternSet) -> bool:
    """Noun events count when governed, owned, or (for most types) on their own."""
    if _prospective(noun, patterns):
        return False
    gov = governor(noun)
    if gov is not None and _lemma(gov) in patterns.cancelling_verbs and noun.dep_ == "dobj":
        return False  # "agreed to postpone the demonstration": there is none
    if p.governor_only:
        return gov is not None and (
            _lemma(gov) in patterns.light_verbs or _lemma(gov) in patterns.claim_verbs
        )
    if p.operation_words and _lemma(noun) in ("operation", "strike"):
        words = {c.lower_ for c in noun.lefts}
        return bool(words & p.operation_words) or _lemma(noun) == "strike"
    return True


def _slot_hosts(trigger: Token, patterns: PatternSet) -> list[Token]:
    """Where a trigger's slots may hang: a noun event also lends its slots to the noun it
    modifies ("mediation mission between X and Y") and to its light verb ("gave a warm
    welcome to X")."""
    hosts = [trigger]
    if trigger.pos_ in ("NOUN", "PROPN"):
        if trigger.dep_ == "compound":
            hosts.append(trigger.head)
        # "the murder committed by X against Y": the participle carries the noun's slots
        hosts += [c for c in trigger.children if reduced_passive(c)]
        gov = governor(trigger)
        if gov is not None and _lemma(gov) in patterns.light_verbs:
            hosts.append(gov)
    return hosts


def _targets(
    trigger: Token, p: Pattern, actors: DocActors, patterns: PatternSet
) -> list[ActorMention]:
    for host in _slot_hosts(trigger, patterns):
        found = _targets_on(host, p, actors)
        if found:
            return found
    return []


def _targets_on(trigger: Token, p: Pattern, actors: DocActors) -> list[ActorMention]:
    obj = direct_object(trigger) if trigger.pos_ in ("VERB", "AUX") else None
    for slot in p.target:
        if slot == "dobj" and p.pos == "noun":
            continue  # a noun event's light verb's object is the event itself
        for tok in slot_tokens(trigger, slot, obj=obj):
            if slot == "prep:of" and p.of_agent and "ANY" not in p.of_agent:
                found = [m for m in expand(tok, actors) if m.actor.agent in p.of_agent]
            else:
                found = expand(tok, actors)
            if found:
                return found
    return []


Trace = Callable[[Token, str], None]


def _pool(token: Token, patterns: PatternSet) -> tuple[Pattern, ...]:
    lemma = _lemma(token)
    if token.pos_ == "VERB":
        return patterns.verbs.get(lemma, ())
    return patterns.nouns.get(lemma, ()) or patterns.nouns.get(token.lower_, ())


def find_candidates(
    doc: Doc,
    actors: DocActors,
    patterns: PatternSet,
    codebook: Codebook,
    trace: Trace | None = None,
) -> list[Candidate]:
    """Every pattern hit in the document with its source and target; ``trace`` hears why not."""
    out: list[Candidate] = []
    silent: set[int] = set()  # words that do no act here: no frame event on them either
    for token in doc:
        if token.pos_ not in ("VERB", "NOUN", "PROPN") or in_dateline(token):
            continue  # a dateline's "March" is the month, not a protest march
        idle = _no_act(token, patterns)
        if idle is not None:
            silent.add(token.i)
            if trace is not None and _pool(token, patterns):
                trace(token, f"no event: {idle}")
            continue
        p = _match(token, patterns, actors)
        if p is None:
            if trace is not None and _pool(token, patterns):
                ids = ", ".join(q.id for q in _pool(token, patterns))
                trace(token, f"no pattern's conditions hold (tried {ids})")
            continue
        if p.is_null:
            silent.add(token.i)
            if trace is not None:
                trace(token, f"{p.id}: a null pattern holds, no event ({p.origin})")
            continue
        if p.pos == "noun" and not noun_allowed(token, p, patterns):
            if trace is not None:
                why = (
                    "prospective (a deadline, call or plan for it)"
                    if _prospective(token, patterns)
                    else "a noun event that needs a governing verb"
                )
                trace(token, f"{p.id}: not coded, {why}")
            continue
        found = code_trigger(token, p, actors, patterns, standalone=_standalone(p, codebook))
        if trace is not None:
            for c in found:
                trace(
                    token,
                    f"{p.id} -> {c.code}: source {_describe(c.source)}, "
                    f"target {_describe(c.target)}, modality {c.modality}",
                )
        out.extend(found)
    out.extend(_frame_events(doc, out, silent, actors, patterns, trace))
    out = _said_already(out, trace)
    _mark_framing(out)
    _caused_by(out, trace)
    out = [c for c in out if not _by_accident(c, patterns, trace)]
    out = [c for c in (_check_violence(c, patterns, trace) for c in out) if c is not None]
    out = [_official_protest(c, patterns, actors, trace) for c in out]
    for c in out:
        c.targetless = c.pattern.no_target or (
            _recipient_optional(c.code, codebook) and c.pattern.code[:2] not in _NEEDS_COUNTERPART
        )
    return out


def _mark_framing(found: list[Candidate]) -> None:
    """A refusal verb that frames an event of its own root says that one act, not a
    second one: "rejected a demand to release prisoners" is one refusal to release them
    (124), not also a rejection (120). The framed events take the actors the frame verb
    found, and the frame verb's own candidate is marked, to give way to them where one is
    usable (within.framed_once, once it is known which are); a demand stays beside what
    it asks for."""
    framed: dict[int, list[Candidate]] = {}
    for c in found:
        if c.frame is not None and c.frame.kind == "refuse" and c.frame.verb.i != c.trigger.i:
            framed.setdefault(c.frame.verb.i, []).append(c)
    for c in found:
        if c.frame is not None:
            continue
        c.framing = [f for f in framed.get(c.trigger.i, ()) if f.root == c.root and f is not c]
        for f in c.framing:
            f.source = f.source or c.source
            f.target = f.target or c.target


def _caused_by(found: list[Candidate], trace: Trace | None) -> None:
    """A harm with no named doer takes the doer of the violent act a when/as/after clause
    under it reports: "a youth was killed when police fired at the mob" is the police's
    killing, as the clause says how the youth died."""
    by_trigger = {c.trigger.i: c for c in found if c.source is not None}
    for c in found:
        if c.source is not None or c.root not in _VIOLENT_ROOTS or c.pattern.pos != "verb":
            continue
        for clause in cause_clauses(c.trigger):
            cause = by_trigger.get(clause.i)
            if cause is not None and cause.root in _VIOLENT_ROOTS:
                c.source = cause.source
                if trace is not None:
                    trace(c.trigger, f"{c.pattern.id}: done by the doer of '{clause.text}'")
                break


def _doers_of_act(token: Token, patterns: PatternSet, actors: DocActors) -> list[ActorMention]:
    """The actors who did a harm, read from the fight or attack it came about in."""
    for word in harm_doers(token, patterns.combat_nouns, patterns.attack_nouns):
        found = expand(word, actors)
        if found:
            return found
    return []


def _by_accident(c: Candidate, patterns: PatternSet, trace: Trace | None) -> bool:
    """A harm with no named doer that an accident, disaster or illness caused is no event."""
    if c.source is not None or not c.harms:
        return False  # ("houses were destroyed by the floods" is no one's act either)
    cause = accidental_cause(c.trigger, patterns)
    if cause is not None and trace is not None:
        trace(c.trigger, f"{c.pattern.id}: no attack, the harm came from '{cause.text}'")
    return cause is not None


def _code_of(m: ActorMention | None) -> str | None:
    return m.actor.code if m is not None else None


# frames that ask for, demand or threaten an act: their code says what the verb does
_ASKING = frozenset({"appeal", "demand", "threaten"})


def _said_already(found: list[Candidate], trace: Trace | None) -> list[Candidate]:
    """A converted pattern's event on a verb that already frames or carries another
    event ("launched an attack", "threatened to strike") is that event said again."""
    held = {
        a.i for c in found if not c.pattern.family for a in c.anchors if a.i != c.trigger.i
    }
    # "declined to comment": a pattern that names its verb's complement has coded it
    held |= {
        x.i
        for c in found
        if c.pattern.xcomp and not c.pattern.family
        for x in c.trigger.children
        if x.dep_ == "xcomp"
    }
    # "called for Franken to step down": the appeal framing the act (025) is the call
    # (020) told more exactly: one event, on the call, with the framing event's code
    framing: dict[tuple[int, str], Candidate] = {}
    for c in found:
        if (
            c.frame is not None and c.frame.verb.i != c.trigger.i
            and c.frame.kind in _ASKING and c.trigger.pos_ == "VERB"
        ):
            framing.setdefault((c.frame.verb.i, c.code[:2]), c)
    told: set[int] = set()
    for c in found:
        f = framing.get((c.trigger.i, c.code[:2]))
        if (
            f is not None and c.frame is None and c.code.endswith("0") and not c.pattern.family
            and (c.target is None or _code_of(c.target) == _code_of(f.target))
        ):
            c.code, c.target = f.code, c.target or f.target
            told.add(id(f))
    out = []
    for c in found:
        if (c.pattern.family and c.trigger.i in held) or id(c) in told:
            if trace is not None:
                trace(c.trigger, f"{c.pattern.id}: the verb carries another event already")
            continue
        out.append(c)
    return out


def _no_act(token: Token, patterns: PatternSet) -> str | None:
    """Why a verb does no act of its own here, or None where it may."""
    if token.pos_ != "VERB":
        return None
    lemma = _lemma(token)
    deps = {c.dep_ for c in token.children}
    if lemma in patterns.naming_verbs and {"dobj", "oprd"} <= deps:
        return "it names something ('called X a Y')"
    if _figures(token, patterns):
        return "it tells of figures ('declined to 104,353 tonnes', 'targets 3 pct growth')"
    speech = quote_words().speech
    if (
        token.tag_ == "VBG"
        and token.dep_ == "advcl"
        and lemma in patterns.framing_participles
        and _lemma(token.head) in speech
    ):
        # "Speaking to Parliament, Mr Clarke said ...": the saying, told twice; what is
        # said is coded from the quote
        return "a participle framing what is said"
    return None


def _figures(verb: Token, patterns: PatternSet) -> bool:
    """A rate as the verb's object, or a measured amount it goes to or by."""
    for child in verb.children:
        if child.dep_ == "dobj" and _measured(child, patterns.rate_nouns):
            return True
        if child.dep_ == "prep" and child.lower_ in ("to", "by", "from") and any(
            o.dep_ == "pobj" and _measured(o, patterns.measure_nouns) for o in child.children
        ):
            return True
    return False


def _measured(noun: Token, units: frozenset[str]) -> bool:
    """ "104,353 tonnes carcass weight", "three pct growth", "3 pct"."""
    near = [noun, *(c for c in noun.children if c.dep_ in ("compound", "amod", "nmod"))]
    return any(t.lower_ in units for t in near) and any(t.like_num for t in noun.subtree)


def _recoded(name: str, lemma: str, code: str, origin: str, pos: str = "verb") -> Pattern:
    """The pattern an event is recoded under when a rule reads it anew."""
    return Pattern(id=name, lemmas=frozenset({lemma}), code=code, pos=pos, origin=origin)


_VERBAL_ATTACK = _recoded(
    "disapprove.verbal-attack", "attack", "111", "patterns/verbs.yaml (verbal_attack_verbs)")
_OFFICIAL_PROTEST = _recoded(
    "disapprove.official-protest", "protest", "114",
    "patterns/verbs.yaml (official_protest_verbs)")


def _official_protest(
    c: Candidate, patterns: PatternSet, actors: DocActors, trace: Trace | None
) -> Candidate:
    """A protest by a state or a government is a formal complaint, not a demonstration;
    what it is about names whom it is against ("protested over Canada's decision")."""
    if (
        c.code[:2] != _PROTEST
        or c.trigger.pos_ != "VERB"
        or _lemma(c.trigger) not in patterns.official_protest_verbs
        or c.source is None
        or not (c.source.actor.kind == "state"
                or c.source.actor.agent in patterns.official_protest_agents)
    ):
        return c
    if trace is not None:
        trace(c.trigger, "a state or government protests formally: a complaint (114)")
    c.pattern, c.code = _OFFICIAL_PROTEST, _OFFICIAL_PROTEST.code
    if c.target is not None and c.target.actor.code == c.source.actor.code:
        c.target = None  # "protested the arrest of its diplomats": not against itself
    if c.target is None:
        found = _phrase_target(c.trigger, actors, [c.source])
        c.target = found[0] if found else None
    return c


def _armed(m: ActorMention | None, patterns: PatternSet) -> bool:
    return m is not None and (m.actor.agent in patterns.armed_agents or m.actor.group is not None)


def _check_violence(c: Candidate, patterns: PatternSet, trace: Trace | None) -> Candidate | None:
    """Violence needs an armed party or words of force in its sentence; otherwise an
    "attack" is verbal (CAMEO 111) and a "battle" a metaphor."""
    if c.code[:2] not in _VIOLENT_ROOTS or c.pattern.pos == "derived":
        return c
    if (
        c.pattern.armed_target_code
        and c.code == c.pattern.code
        and (c.target is not None and c.target.actor.agent in patterns.armed_agents)
    ):
        c.code = c.pattern.armed_target_code  # soldiers killed: combat, not assault
    # converted patterns were written for wire copy full of wars: any of their violent
    # verbs may be a metaphor here ("hammered the plan")
    if _lemma(c.trigger) not in patterns.ambiguous_violence and not c.pattern.family:
        return c
    if _armed(c.source, patterns) or _armed(c.target, patterns):
        return c
    if _sentence_words(c.trigger) & patterns.violence_words:
        return c
    if c.trigger.pos_ == "VERB" and _lemma(c.trigger) in patterns.verbal_attack_verbs:
        if trace is not None:
            trace(c.trigger, "no armed party or weapon in the sentence: a verbal attack (111)")
        c.pattern, c.code, c.modality = _VERBAL_ATTACK, _VERBAL_ATTACK.code, "asserted"
        return c
    if trace is not None:
        trace(c.trigger, "dropped: violence with no armed party, toll or weapon (a metaphor)")
    return None


# Meetings, praise and violence need a counterpart even where PLOVER does not insist on
# one; patterns that code them without one (bombings, air strikes) say so themselves.
_NEEDS_COUNTERPART = {"04", "05", "18", "19", "20"}


def intent_modality(root: str, patterns: PatternSet) -> str:
    """The modality of an act intended: a threat where the act is violence."""
    return patterns.conflict_intent_modality if root in _VIOLENT_ROOTS else "intended"


def _phrase_target(token: Token, actors: DocActors, sources: list[ActorMention]
                   ) -> list[ActorMention]:
    """The actor the verb's phrase names, unless it is the doer itself."""
    doers = {m.actor.code for m in sources}
    return [m for m in phrase_actor(token, actors) if m.actor.code not in doers]


def _standalone(p: Pattern, codebook: Codebook) -> bool:
    """Whether a pattern's event may stand with no target."""
    return p.no_target or _recipient_optional(p.code, codebook)


def _recipient_optional(code: str, codebook: Codebook) -> bool:
    """PLOVER types that need no recipient may be coded without a target."""
    if code[:2] in _NEEDS_COUNTERPART:
        return False
    plover = codebook.plover(code)
    return plover is not None and not plover.requires_recipient


def _complement(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("xcomp", "ccomp") and child.pos_ in ("VERB", "AUX"):
            return child
    return None


def _embedded_targets(clause: Token, actors: DocActors) -> list[ActorMention]:
    """Who the promised, threatened or demanded act is aimed at."""
    obj = direct_object(clause)
    if obj is not None:
        found = expand(obj, actors)
        if found:
            return found
    for prep in ("to", "with", "against", "on", "from", "for"):
        tok = slot_token(clause, f"prep:{prep}", obj=obj)
        if tok is not None:
            found = expand(tok, actors)
            if found:
                return found
    return []


def _mandative(clause: Token, patterns: PatternSet) -> bool:
    """A clause that asks for an act: "insisted that Israel withdraw" (the bare verb) or
    "insisted that Israel must withdraw", not "insisted they did not discuss it" or "will
    boost the economy"."""
    if fr.obligation(clause, patterns):
        return True
    subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)
    auxes = [c for c in clause.children if c.dep_ in ("aux", "auxpass")]
    # the bare verb of a subjunctive: "that Israel withdraw", "that funding be matched"
    bare = clause.tag_ == "VB" if not auxes else all(c.tag_ == "VB" for c in auxes)
    return subject and bare


def _own_side(speaker: ActorMention, asked: ActorMention) -> bool:
    """An obligation a state's own people lay on it is a goal, not a demand on anyone."""
    return asked.actor.kind == "state" and speaker.actor.country == asked.actor.country


def _frame_events(
    doc: Doc,
    coded: list[Candidate],
    silent: set[int],
    actors: DocActors,
    patterns: PatternSet,
    trace: Trace | None,
) -> list[Candidate]:
    """Frame verbs coded as events themselves when nothing inside them was:
    "threatened to cut off electricity to X" is a threat against X. ``silent`` holds the
    words the pattern pass found doing no act ("pleaded guilty", "called X a Y")."""
    covered = {c.frame.verb.i for c in coded if c.frame is not None} | {c.trigger.i for c in coded}
    speech = quote_words().speech
    out: list[Candidate] = []
    for token in doc:
        if token.pos_ not in ("VERB", "ADJ") or token.i in covered or token.i in silent:
            continue
        if reduced_passive(token) and is_passive_participle(token):
            continue  # "the murder committed by X": no one commits themselves to anything
        lemma = _lemma(token)
        kind = next(
            (k for k, f in patterns.frames.items() if lemma in f.generic_verbs and f.generic), None
        )
        clause = _complement(token)
        obliged = (
            kind is None and lemma in speech and clause is not None
            and fr.obligation(clause, patterns)
        )
        obliged_party: ActorMention | None = None
        if obliged:
            kind = "demand"
            asked = slot_token(token, "ccomp_subject")
            found = expand(asked, actors) if asked is not None else []
            if not found:
                continue  # an opinion: nobody is asked to do anything
            obliged_party = found[0]
        if kind is None:
            continue
        frame = patterns.frames[kind]
        if clause is None and direct_object(token) is None and prep_object_any(token) is None:
            continue
        if (
            clause is None
            and lemma in frame.clause_verbs
            and not any(c.dep_ == "prep" and c.lower_ == "to" for c in token.children)
        ):
            continue  # "committed a crime": the act done, no promise
        if (
            clause is not None
            and clause.dep_ == "ccomp"
            and lemma in frame.opinion_verbs
            and not (kind == "demand" and _mandative(clause, patterns))
        ):
            continue
        outer = fr.find_frame(token, frame.generic or "03", patterns)
        if kind == "intend" and outer is not None and outer.kind in ("appeal", "demand"):
            continue  # "called on both sides to agree": the appeal is the event
        subj = subject_of(token)
        sources = expand(subj, actors) if subj is not None else []
        if obliged_party is not None and sources and _own_side(sources[0], obliged_party):
            continue  # "exports can and must double", said the trade minister: a goal
        targets: list[ActorMention] = []
        party = fr.frame_target(fr.FrameHit(kind, token, None))
        if party is not None:
            targets = expand(party, actors)
        if not targets and clause is not None and kind in ("demand", "appeal"):
            asked = slot_token(token, "ccomp_subject")
            if asked is not None:
                targets = expand(asked, actors)
        if not targets and clause is not None:
            targets = _embedded_targets(clause, actors)
        if not targets:
            tok = prep_object_any(token)
            targets = expand(tok, actors) if tok is not None else []
        if not targets:
            # "accepted the law lords' ruling": the one whose act is taken up
            targets = _phrase_target(token, actors, sources)
        if (
            sources
            and targets
            and sources[0].actor.code == targets[0].actor.code
            and len(sources) > 1
        ):
            sources, targets = sources[:1], sources[1:2]
        code = str(frame.generic)
        pattern = Pattern(
            id=f"frame.{kind}",
            lemmas=frozenset({lemma}),
            code=code,
            pos="verb",
            no_target=True,
            origin="patterns/modal.yaml",
        )
        modality = (
            "negated"
            if fr.is_negated(token, patterns)
            else ("threatened" if kind == "threaten" else "asserted")
        )
        if modality == "asserted" and fr.is_hypothetical(token, patterns):
            modality = "hypothetical"  # "if Iran accepts the proposal"
        src_opts: list[ActorMention | None] = [*sources] or [None]
        tgt_opts: list[ActorMention | None] = [*targets] or [None]
        for s in src_opts:
            for t in tgt_opts:
                cand = Candidate(
                    trigger=token,
                    pattern=pattern,
                    code=code,
                    source=s,
                    target=t,
                    modality=modality,
                    anchors=[token],
                )
                out.append(cand)
                if trace is not None:
                    trace(
                        token,
                        f"{pattern.id} -> {code}: source {_describe(s)}, "
                        f"target {_describe(t)} (frame verb with nothing coded inside)",
                    )
    return out


def is_passive_participle(token: Token) -> bool:
    """ "committed by", "carried out by": a participle with a passive agent."""
    return any(c.dep_ == "agent" for c in token.children)


def prep_object_any(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("to", "on", "upon", "with", "against", "for"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def _clause_head_of(token: Token) -> Token:
    """The verb of a noun trigger's clause ("staged a hunger strike ... in protest"), or
    the trigger itself."""
    if token.pos_ in ("NOUN", "PROPN"):
        gov = governor(token)
        if gov is not None:
            return gov
    return token


def _describe(m: ActorMention | None) -> str:
    if m is None:
        return "none"
    a = m.actor
    return f"'{a.text}' = {a.code or '?'} ({m.how}: {a.entry or a.kind})"


def code_trigger(
    token: Token, p: Pattern, actors: DocActors, patterns: PatternSet, *, standalone: bool
) -> list[Candidate]:
    """The candidates a trigger gives under a pattern: its source and target through the
    parse, the frames around it (intent, threat, appeal, refusal), modality, reporter."""
    claimed = None
    alleged: ActorMention | None = None
    inherited = False
    receivers: list[ActorMention] = []
    from_act = False  # the doer read from the act the harm came about in
    if p.pos == "verb" and p.source_slot:
        # "X received assurances from Y": Y gives, X receives
        giver = slot_token(token, p.source_slot, obj=direct_object(token))
        sources = expand(giver, actors) if giver is not None else []
        subj = subject_of(token)
        receivers = expand(subj, actors) if subj is not None else []
    elif p.pos == "verb":
        subj = subject_of(token)
        if subj is None and p.code[:2] in _VIOLENT_ROOTS:
            subj = fired_from(token)
        if subj is not None:
            sources = expand(subj, actors)
        elif p.code[:2] in _VIOLENT_ROOTS:
            sources = _doers_of_act(token, patterns, actors)
            from_act = bool(sources)
        else:
            sources = []
    else:
        noun = token.head if token.dep_ == "compound" and token.head.pos_ == "NOUN" else token
        sources, inherited, claimant = _noun_source(noun, patterns, actors)
        if claimant is not None and sources:
            claimed = sources[0]
    targets = receivers if p.source_slot else _targets(token, p, actors, patterns)
    if from_act and any(t.actor.code == s.actor.code for t in targets for s in sources):
        sources = []  # "guerrillas were killed in a clash with the Shining Path": its own
    if not targets and p.pos == "noun":
        targets = actors.opposed(token)  # "anti-French demonstrations": against France
    if not targets and p.pos == "verb" and standalone and not p.source_slot and not acled_kind(
        p.code
    ):
        # an event that stands without a target takes the actor its phrase names; a
        # pattern that needs one still needs its own slot to name it, and the kinds the
        # ACLED types read (whom violence or a protest was against) keep to their slots
        targets = _phrase_target(token, actors, sources)
    if not targets or p.code[:2] == _PROTEST:
        # "blocked streets in defiance of Chinese authorities": a protest is against the
        # authorities, whatever place it blocks
        targets = stance_target(_clause_head_of(token), actors) or targets
    claimer = fr.claimed_clause(token, patterns) if p.code[:2] in _VIOLENT_ROOTS else None
    if claimer is not None:
        # "the US claimed that they had attacked Iraq": a claim of responsibility
        held = actors.resolve(claimer)
        if held is not None:
            sources, claimed = [held], held
    frame = fr.find_frame(token, p.code[:2], patterns)
    code = p.code
    modality = "asserted"
    anchors = [token]
    if frame is not None and frame.kind != "deny":
        anchors.append(frame.verb)
        if frame.code:
            code = frame.code
        holder = frame.holder_token()
        holders = expand(holder, actors) if holder is not None else []
        held = holders[0] if holders else None
        if frame.kind == "intend":
            modality = intent_modality(p.code[:2], patterns)
            if holders:
                sources = holders
        elif frame.kind in ("threaten", "appeal", "demand"):
            modality = "threatened" if frame.kind == "threaten" else "asserted"
            party = fr.frame_target(frame)
            asked = sources  # the one asked or warned to act, when named as the subject
            if held is not None:
                sources = [held]
            if party is not None and frame.kind == "appeal":
                targets = expand(party, actors) or targets
            elif frame.kind == "demand" and asked and asked != sources:
                targets = asked
        elif frame.kind == "order":
            ordered = sources
            if held is not None:
                sources = [held]
                if not targets:
                    targets = ordered
        elif frame.kind == "refuse":
            # "Israel is opposed to French mediation": Israel refuses France's part
            if holders and not targets:
                targets = [m for m in sources if m.actor.code != holders[0].actor.code]
            if not targets and frame.party is not None:
                targets = expand(frame.party, actors)
            if holders:
                sources = holders
    # "X and Y met", "Hungarian and Romanian officials agreed ... cooperate": the
    # second party is the other side
    if not targets and p.reciprocal and len(sources) >= 2:
        sources, targets = sources[:1], sources[1:2]
    if frame is not None and frame.kind == "intend" and fr.is_negated(token, patterns):
        # "said he would not provide support": a refusal, and the refusal happened
        refusal = patterns.frames["refuse"].codes.get(p.code[:2])
        if refusal:
            code, modality = refusal, "asserted"
    elif fr.is_negated(token, patterns):
        modality = "negated"
    elif fr.denial_of(token, patterns) is not None:
        modality = "denied"
    elif modality == "asserted" and fr.is_hypothetical(token, patterns):
        modality = "hypothetical"
    if claimed is not None:
        modality = "claimed"
    gov = governor(token) if p.pos == "noun" else None
    if gov is not None and _lemma(gov) in patterns.light_verbs:
        anchors.append(gov)
    if token.dep_ == "conj" and token.head.pos_ in ("VERB", "AUX"):
        anchors.append(token.head)
    frame_verbs = {frame.verb.i} if frame is not None else set()
    rep_tok = fr.reporter(token, frame_verbs)
    reported = None
    reporter: ActorMention | None = None
    if rep_tok is not None:
        reporter = actors.resolve(rep_tok)
        reported = _reported_by(rep_tok, reporter, actors)
    if claimed is None:
        # "Pakistan complained that planes from Afghanistan attacked ...": Pakistan
        # alleges the attack; the alleger is not the doer
        alleging = fr.alleger(token, frame_verbs)
        held = actors.resolve(alleging) if alleging is not None else None
        if held is not None and all(s is None or s.head != held.head for s in sources):
            alleged = held
    if not sources:
        sources = [None]  # type: ignore[list-item]
    if not targets:
        targets = [None]  # type: ignore[list-item]
    claimed_by = claimed or alleged
    if alleged is not None and modality == "asserted":
        modality = "claimed"  # "accused B of violating": B's violation is A's claim
    out = []
    for s in sources:
        for t in targets:
            out.append(
                Candidate(
                    trigger=token,
                    pattern=p,
                    code=code,
                    source=s,
                    target=t,
                    modality=modality,
                    frame=frame,
                    claimed_by=claimed_by,
                    reported_by=reported,
                    inherited_source=inherited,
                    anchors=list(anchors),
                )
            )
            if _accuses(reporter, s, code, modality):
                # "Israel said Hamas fired rockets": Israel accuses Hamas (CAMEO 112)
                out.append(
                    Candidate(
                        trigger=token,
                        pattern=_ACCUSE,
                        code=_ACCUSE.code,
                        source=reporter,
                        target=s,
                        reported_by=reported,
                        anchors=list(anchors),
                    )
                )
            if claimed is not None:
                # the claim itself is an event too: CAMEO 015, claim responsibility
                out.append(
                    Candidate(
                        trigger=token,
                        pattern=_CLAIM,
                        code=_CLAIM.code,
                        source=claimed,
                        target=t,
                        reported_by=reported,
                        anchors=list(anchors),
                    )
                )
    return out


def _reported_by(token: Token, reporter: ActorMention | None, actors: DocActors) -> str | None:
    """Who reports an event, as an actor: its name, else the words that describe it ("a
    monitoring group", "Israeli officials"); never a pronoun nothing resolves."""
    if reporter is not None and reporter.actor.name:
        return reporter.actor.name
    if token.pos_ == "PRON" or token.lower_ in actors.words.pronouns:
        return None
    return token.doc[token.left_edge.i : token.i + 1].text


_ACCUSE = _recoded(
    "accuse.reported-violence", "say", "112",
    "coder: a party reporting another's violence accuses it", pos="derived")


def _accuses(
    reporter: ActorMention | None, perpetrator: ActorMention | None, code: str, modality: str
) -> bool:
    """A party (not the news media) that reports another's violence accuses it."""
    if reporter is None or perpetrator is None or code[:2] not in _VIOLENT_ROOTS:
        return False
    if modality not in ("asserted", "claimed") or reporter.actor.agent == "MED":
        return False
    r, p = reporter.actor, perpetrator.actor
    if not (r.country or r.group):
        return False
    return (r.country, r.group) != (p.country, p.group)  # not one's own side


_CLAIM = Pattern(
    id="claim.responsibility",
    lemmas=frozenset({"claim"}),
    code="015",
    pos="derived",
    no_target=True,
    origin="patterns/verbs.yaml (claim_verbs)",
)
