"""Frames around a trigger: intention, threat, appeal, demand, refusal, denial,
negation, hypotheticals, claims of responsibility, and who reports it.

Each frame can change the code ("vowed to maintain support" is CAMEO 033,
"threatened to attack" 138, "urged X to talk" 026 with X as target), the
modality, and the source (the one who vows is the source).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..codebook.patterns import PatternSet
from ..nlp.extensions import sentence_of
from ..nlp.quotes import quote_words
from .slots import direct_object, governor, prep_object, slot_token, subject_of


@dataclass(frozen=True)
class FrameHit:
    kind: str  # intend | threaten | appeal | demand | refuse | order
    verb: Token  # the frame's own verb, adjective or speech noun
    code: str | None  # the new CAMEO code, or None when the frame does not map it
    holder: Token | None = None  # who vows, demands, orders (default: the verb's subject)
    party: Token | None = None  # whose demand or offer is refused ("rejected a rebel demand")

    def holder_token(self) -> Token | None:
        return self.holder if self.holder is not None else subject_of(self.verb)


def _clause_head(trigger: Token) -> Token:
    """The verb whose clause holds a noun trigger ("maintain" for "support")."""
    cur = trigger
    for _ in range(4):
        if cur.pos_ in ("VERB", "AUX"):
            return cur
        if cur.head == cur:
            return cur
        cur = cur.head
    return cur


_CONFLICT_FROM = "10"  # CAMEO roots from 10 on are conflictual
_UNWELCOME_FROM = "08"  # yielding ground, withdrawing, and everything conflictual


def _frame_at(head: Token, patterns: PatternSet, root_code: str, via: str) -> FrameHit | None:
    lemma = head.lemma_.lower()
    for kind, frame in patterns.frames.items():
        if lemma in frame.verbs or (head.pos_ == "ADJ" and lemma in frame.adjectives):
            if via == "conj" and kind != "intend":
                continue
            code = frame.codes.get(root_code) if frame.codes else None
            if lemma in frame.weak_verbs and root_code < _CONFLICT_FROM:
                code = None  # "prepared to attend": still a visit, only intended
            return FrameHit(kind, head, code)
    return None


def obligation(clause: Token, patterns: PatternSet) -> bool:
    """A clause under "must" or "should": "Iran must stop". With the perfect the modal
    looks back and lays no duty ("should have acted sooner" reproaches, "must have known"
    infers)."""
    if _looks_back(clause, patterns):
        return False
    return any(c.dep_ == "aux" and c.lower_ in patterns.obligation_modals for c in clause.children)


def _looks_back(clause: Token, patterns: PatternSet) -> bool:
    """ "should have acted", "must have known": a modal with the perfect."""
    auxes = {c.lower_ for c in clause.children if c.dep_ == "aux"}
    return clause.tag_ == "VBN" and "have" in auxes and bool(auxes & patterns.obligation_modals)


def find_frame(trigger: Token, root_code: str, patterns: PatternSet) -> FrameHit | None:
    """The frame above a trigger's clause, and the code it gives; a demand or appeal
    over another frame wins ("demanded that its partners refuse to recognize")."""
    inner = _find_frame(trigger, root_code, patterns)
    if inner is None or inner.kind in ("demand", "appeal") or inner.verb == trigger:
        return inner
    outer = _find_frame(inner.verb, root_code, patterns)
    if outer is not None and outer.kind in ("demand", "appeal"):
        frame = patterns.frames[outer.kind]
        return FrameHit(outer.kind, outer.verb, frame.generic, outer.holder)
    return inner


def _find_frame(trigger: Token, root_code: str, patterns: PatternSet) -> FrameHit | None:
    """The nearest frame above a trigger's clause, and the code it gives."""
    speech = quote_words().speech
    if trigger.pos_ in ("NOUN", "PROPN"):
        # "agreed to a ceasefire", "demanded the release", "rejected talks"
        gov = governor(trigger)
        if gov is not None:
            hit = _frame_at(gov, patterns, root_code, trigger.dep_)
            if hit is not None:
                return hit
    verb = _clause_head(trigger)
    cur = verb
    for _ in range(3):
        head = cur.head
        if head == cur or cur.dep_ not in (
            "xcomp",
            "ccomp",
            "conj",
            "acomp",
            "pcomp",
            "advcl",
            "acl",
        ):
            break
        if head.pos_ == "NOUN" and head.lemma_.lower() in patterns.speech_nouns:
            # "issued a reminder that Iraq must cooperate", "its demand that Israel ease"
            kind = patterns.speech_nouns[head.lemma_.lower()]
            frame = patterns.frames[kind]
            owner = next((c for c in head.children if c.dep_ == "poss"), None)
            gov = governor(head)
            refuse = patterns.frames["refuse"]
            if gov is not None and gov.lemma_.lower() in refuse.verbs:
                # "rejected a rebel demand to release prisoners": one act, the refusal to
                # release them, refused to the one who asked
                asker = owner or next(
                    (c for c in head.children if c.dep_ in ("compound", "amod", "nmod")), None
                )
                return FrameHit(
                    "refuse", gov, refuse.codes.get(root_code) or refuse.generic, party=asker
                )
            holder = owner if owner is not None else (subject_of(gov) if gov is not None else None)
            return FrameHit(kind, head, frame.codes.get(root_code) or frame.generic, holder)
        if cur.dep_ == "acl":
            break
        hit = _frame_at(head, patterns, root_code, cur.dep_)
        if hit is not None:
            return hit
        said = next(
            (
                c
                for c in head.children
                if c.dep_ == "dobj" and c.lemma_.lower() in patterns.speech_nouns
            ),
            None,
        )
        if cur.dep_ == "ccomp" and said is not None:
            # "reiterated its demand that Israel ease ...": the noun says what kind
            kind = patterns.speech_nouns[said.lemma_.lower()]
            frame = patterns.frames[kind]
            owner = next((c for c in said.children if c.dep_ == "poss"), None)
            holder = owner if owner is not None else subject_of(head)
            return FrameHit(kind, said, frame.codes.get(root_code) or frame.generic, holder)
        if cur.dep_ == "ccomp" and head.lemma_.lower() in speech and obligation(cur, patterns):
            # "X said Y must hand over ...": X demands it of Y
            frame = patterns.frames["demand"]
            return FrameHit("demand", head, frame.codes.get(root_code) or frame.generic)
        if cur.dep_ == "xcomp" and head.lemma_.lower() in patterns.order_verbs:
            return FrameHit("order", head, None)
        if cur.dep_ in ("conj",) or head.pos_ == "ADJ":
            cur = head
            continue
        break
    # "will withdraw ... unless": a condition makes a promise a threat
    if root_code >= _UNWELCOME_FROM and _conditional(verb, patterns):
        frame = patterns.frames["threaten"]
        return FrameHit("threaten", verb, frame.codes.get(root_code) or frame.generic)
    # "will meet", or reported "would boycott": a stated intention
    auxes = [c for c in verb.children if c.dep_ == "aux"]
    reported = verb.dep_ == "ccomp" and verb.head.lemma_.lower() in speech
    if any(
        c.lemma_.lower() in patterns.future_aux
        or c.lower_ in patterns.future_aux
        or (c.lower_ == "would" and reported)
        for c in auxes
    ):
        code = patterns.frames["intend"].codes.get(root_code)
        return FrameHit("intend", verb, code)
    return None


def _conditional(verb: Token, patterns: PatternSet) -> bool:
    future = any(
        c.dep_ == "aux"
        and (
            c.lower_ in patterns.future_aux
            or c.lower_ == "would"
            or c.lower_ in patterns.hypothetical_modals
        )
        for c in verb.children
    )
    if not future:
        return False
    for child in verb.children:
        if child.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in patterns.threat_conditions for m in child.children
        ):
            return True
    return False


def is_negated(trigger: Token, patterns: PatternSet) -> bool:
    verb = _clause_head(trigger)
    for tok in {trigger, verb}:
        if any(
            c.dep_ == "neg" or c.lower_ in patterns.negations
            for c in tok.children
            if c.dep_ in ("neg", "det", "advmod")
        ):
            return True
    return _kept_from(verb, patterns)


def _kept_from(verb: Token, patterns: PatternSet) -> bool:
    """An act someone is kept from or unable to do: "prevent citizens from travelling",
    "unable to agree", "it was impossible for ministers to agree"."""
    cur, via_from = verb, False
    for _ in range(3):
        if cur.head == cur or cur.dep_ not in _EMBEDDING:
            return False
        if cur.dep_ == "prep" and cur.lower_ == "from":
            via_from = True
        cur = cur.head
        lemma = cur.lemma_.lower()
        if via_from and lemma in patterns.preventing_verbs:
            return True
        if lemma in patterns.negating_adjectives:
            return True
        if cur.pos_ in ("VERB", "AUX"):
            return any(
                c.dep_ == "acomp" and c.lemma_.lower() in patterns.negating_adjectives
                for c in cur.children
            )
    return False


def is_hypothetical(trigger: Token, patterns: PatternSet) -> bool:
    """Under "if", "could", "might", or a fear: "feared ... could lead to X taking control"."""
    cur = _clause_head(trigger)
    for _ in range(5):
        for c in cur.children:
            if c.dep_ == "mark" and c.lower_ in patterns.hypothetical_markers:
                return True
            if c.dep_ == "aux" and c.lower_ in patterns.hypothetical_modals:
                return True
        if _looks_back(cur, patterns):
            return True  # "should have stepped down": what ought to have been, and was not
        if cur.lemma_.lower() in patterns.hypothetical_verbs and cur != trigger:
            return True
        if cur.head == cur or cur.dep_ not in _EMBEDDING:
            return False
        cur = cur.head
    return False


# dependencies through which a clause or phrase sits inside another
_EMBEDDING = {"acl", "pcomp", "pobj", "prep", "xcomp", "ccomp", "advcl", "relcl", "dobj", "conj"}


def frame_target(frame: FrameHit) -> Token | None:
    """The appealed or threatened party: "urged X to", "called on X to", "threatened X"."""
    obj = direct_object(frame.verb)
    if obj is not None and obj.pos_ in ("NOUN", "PROPN", "PRON"):
        return obj
    found = prep_object(frame.verb, {"on", "upon", "to"})
    if found is not None and found.ent_type_ in ("DATE", "TIME"):
        found = None  # "called on Wednesday for ...": a date, nobody called upon
    if found is not None or frame.kind != "appeal":
        return found
    return slot_token(frame.verb, "for_subject")  # "called for Franken to step down"


def claim_of(trigger: Token, patterns: PatternSet) -> Token | None:
    """The claimant when a trigger sits in "X claimed responsibility for <trigger>"."""
    if trigger.dep_ != "pobj" or trigger.head.lower_ != "for":
        return None
    owner = trigger.head.head
    if owner.lemma_.lower() not in patterns.claim_objects:
        return None
    verb = owner.head
    if verb.lemma_.lower() in patterns.claim_verbs and owner.dep_ == "dobj":
        return subject_of(verb)
    return None


_NOT_COMPLEMENT = frozenset({"conj", "advcl", "parataxis", "relcl", "cc", "npadvmod"})


def denial_of(trigger: Token, patterns: PatternSet) -> Token | None:
    """ "X denied involvement in <trigger>" / "denied attacking"."""
    verb = _clause_head(trigger)
    cur = verb if verb != trigger else trigger
    for _ in range(3):
        head = cur.head
        if head == cur or cur.dep_ in _NOT_COMPLEMENT:
            # what is denied is the verb's complement; a clause beside the denial or
            # joined to it ("X denied it, but Y backed him") is told as it is
            return None
        if head.lemma_.lower() in patterns.denial_verbs:
            return subject_of(head)
        cur = head
    return None


def reporter(trigger: Token, frame_verbs: set[int]) -> Token | None:
    """The subject of the speech verb that reports the trigger's clause."""
    return report_of(trigger, frame_verbs)[0]


def alleger(trigger: Token, frame_verbs: set[int]) -> Token | None:
    """Who alleges the trigger's event: the subject of an allegation verb reporting it
    ("Pakistan complained that planes from Afghanistan attacked ...") or accusing
    someone of it ("Iran accused Iraq of bombing ...")."""
    allegation = quote_words().allegation
    who, verb = report_of(trigger, frame_verbs)
    if verb is not None and verb.lemma_.lower() in allegation:
        return who
    cur = _clause_head(trigger)
    if cur.dep_ == "pcomp" and cur.head.dep_ == "prep" and cur.head.lower_ in ("of", "for"):
        verb = cur.head.head
        if verb.pos_ == "VERB" and verb.lemma_.lower() in allegation:
            return subject_of(verb)
    return None


def report_of(trigger: Token, frame_verbs: set[int]) -> tuple[Token | None, Token | None]:
    """Who reports the trigger's clause, and the speech verb (None for "according to")."""
    speech = quote_words().speech
    cur = _clause_head(trigger)
    for _ in range(4):
        head = cur.head
        if head == cur:
            break
        if (
            head.lemma_.lower() in speech
            and head.i not in frame_verbs
            and cur.dep_ in ("ccomp", "parataxis", "conj", "advcl", "xcomp")
        ):
            return subject_of(head), head
        cur = head
    sent = sentence_of(trigger)
    for tok in sent:
        if (
            tok.lower_ == "according"
            and tok.i + 1 < len(sent.doc)
            and sent.doc[tok.i + 1].lower_ == "to"
        ):
            obj = prep_object(sent.doc[tok.i + 1], {"to"}) or next(
                (c for c in sent.doc[tok.i + 1].children if c.dep_ == "pobj"), None
            )
            if obj is not None:
                return obj, None
    return None, None


def claimed_clause(trigger: Token, patterns: PatternSet) -> Token | None:
    """The claimant when a violent act is what someone claims they did:
    "the US claimed that they had attacked Iraq"."""
    verb = _clause_head(trigger)
    head = verb.head
    said = head.lemma_.lower()
    if verb.dep_ != "ccomp" or (
        said not in patterns.claim_verbs and said not in patterns.claim_speech_verbs
    ):
        return None
    claimer = subject_of(head)
    doer = subject_of(verb)
    if claimer is None or doer is None:
        return None
    same = doer.lower_ in ("they", "we", "it", "he", "she") or doer.lemma_ == claimer.lemma_
    return claimer if same else None
