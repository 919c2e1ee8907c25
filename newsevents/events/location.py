"""Where an event happened, among the places its sentence names.

A sentence names more places than events happen in: "US troops", "the Kabul
government", "flew from Doha", "Afghan forces". The event's place is the one
the parse puts in the event's setting:

- a locative phrase ("in/at/near X", "20 km north of X", "the outskirts of X")
  hanging on the trigger, on a verb or noun the trigger hangs on, or on one of
  the trigger's arguments ("an attack on a base in X");
- the trigger's own object when the event is done to a place ("captured the Golan
  Heights") or a noun setting ("a Ramallah house" inside "in a Ramallah house").

A place that only describes an actor ("US troops", "the Kabul government"), an
origin or destination ("from X", "to X"), a subject ("Turkey shelled") or a
demonym is never chosen. Among the rest, the nearest in the parse wins, then
the more specific (a village over the district "of" which it is part), then the
nearest in words. Word lists are in newsevents/gazetteer/data/places.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from ..gazetteer import Lexicon, load_lexicon
from ..model import Place

_MODIFIER_DEPS = {"compound", "amod", "nmod", "poss", "nummod"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
_OBJECT_DEPS = {"dobj", "obj", "attr", "oprd"}
_CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "xcomp", "acl", "conj", "pcomp", "csubj", "parataxis"}
# A setting further than this many arcs from the trigger belongs to another clause.
_MAX_ARCS = 4


def _path_len(a: Token, b: Token) -> int:
    """Arcs between two tokens of one sentence, through their lowest common ancestor."""
    up_a = [a, *a.ancestors]
    depth = {t.i: n for n, t in enumerate(up_a)}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in depth:
            return depth[t.i] + n
    return 99


def _crosses_clause(frm: Token, to: Token) -> bool:
    """Whether going up from ``frm`` to its ancestor ``to`` passes into another clause."""
    cur = frm
    while cur.i != to.i and cur.head.i != cur.i:
        if cur.dep_ in ("ccomp", "relcl", "acl") and cur.pos_ in ("VERB", "AUX"):
            return True
        cur = cur.head
    return False


class _Scorer:
    def __init__(self, sent: Span, trigger: Token, lex: Lexicon):
        self.sent = sent
        self.trigger = trigger
        self.lex = lex
        # the trigger's own arguments may carry the setting: "an attack on a base in X"
        self.anchors = {trigger.i}
        for child in trigger.children:
            if child.dep_ in (*_OBJECT_DEPS, "nsubjpass", "agent", "npadvmod"):
                self.anchors.add(child.i)
        # "was killed" -> the auxiliary chain; a noun trigger ("the attack") -> its verb
        if trigger.dep_ in ("xcomp", "conj", "advcl", "ccomp") or trigger.pos_ == "NOUN":
            self.anchors.add(trigger.head.i)

    def climb(self, root: Token) -> tuple[Token, int]:
        """From the name's root to the phrase that places it, and how many steps out it went.

        "Wardak" in "central Wardak province" -> "province"; "Baghdad" in "the
        Zafaraniyah district of southern Baghdad" -> "district" (one step out, so less specific).
        """
        cur, steps = root, 0
        for _ in range(6):
            head = cur.head
            if head.i == cur.i:
                break
            if (cur.dep_ in ("compound", "amod", "nmod") and (
                head.lower_ in self.lex.feature_words or head.lower_ in self.lex.relative_nouns
            )) or (cur.dep_ == "appos" and head.lower_ in self.lex.feature_words):
                cur = head
            elif cur.dep_ == "pobj" and head.lower_ == "of" and (
                head.head.lower_ in self.lex.feature_words
                or head.head.lower_ in self.lex.relative_nouns
            ):
                cur = head.head
                steps += 1
            elif cur.dep_ == "conj" and head.ent_type_ in ("GPE", "LOC", "FAC"):
                cur = head  # "Palmyra and Quaryatayn": the second shares the first's role
            else:
                break
        return cur, steps

    def score(self, place: Place) -> float | None:
        doc = self.sent.doc
        span = doc.char_span(place.char_span[0], place.char_span[1], alignment_mode="expand")
        if span is None:
            return None
        root = span.root
        if root.i in self.anchors and root.i == self.trigger.i:
            return None  # the trigger is part of the name
        tok, steps = self.climb(root)
        score = 0.0
        # a place naming an actor or describing a thing: "US troops", "the Kabul government"
        if tok.dep_ in _MODIFIER_DEPS and tok.head.i != tok.i:
            head = tok.head
            if head.lower_ in self.lex.actor_nouns or head.ent_type_ in ("NORP", "ORG"):
                return None
            if head.dep_ == "pobj" and head.head.lower_ in self.lex.locative_prepositions:
                tok = head  # "in a Ramallah house"
                score -= 0.5
            else:
                return None
        if tok.dep_ in _SUBJECT_DEPS:
            return None
        attach: Token | None = None
        if tok.dep_ == "pobj" and tok.head.dep_ in ("prep", "agent", "dative"):
            prep = tok.head
            word = prep.lower_
            if word in self.lex.non_locative_prepositions:
                return None
            if word == "of":
                # "north of X" / "the outskirts of X" hang on their noun; other "of"s describe
                if prep.head.lower_ not in self.lex.relative_nouns:
                    return None
                attach = prep.head.head if prep.head.dep_ in ("pobj", "npadvmod", "advmod") else prep.head
                if attach.dep_ == "prep":
                    attach = attach.head
                score -= 0.5
            elif word in self.lex.locative_prepositions:
                attach = prep.head
                if prep.head.dep_ == "prep":  # "from ... in"
                    attach = prep.head.head
            else:
                return None
            score += 2.0
        elif tok.dep_ in _OBJECT_DEPS and tok.head.i == self.trigger.i:
            attach = self.trigger
            score += 1.0
        elif tok.dep_ in ("npadvmod", "advmod", "appos", "dep") and tok.head.i in self.anchors:
            attach = tok.head
            score += 0.5
        else:
            return None
        arcs = min(_path_len(attach, a) for a in (doc[i] for i in self.anchors))
        if arcs > _MAX_ARCS:
            return None
        if attach.i not in self.anchors and self.trigger in list(attach.ancestors):
            pass  # below the trigger: its own phrase
        elif attach.i not in self.anchors and _crosses_clause(self.trigger, attach):
            score -= 1.5  # up into the clause that reports or frames the event
        score -= 0.6 * arcs + 0.4 * steps
        score -= 0.01 * abs(root.i - self.trigger.i)
        return score


def choose_event_location(
    sent: Span, trigger: Token, places: Sequence[Place]
) -> Place | None:
    """The place in ``sent`` where the event of ``trigger`` happened, or None."""
    lex = load_lexicon()
    scorer = _Scorer(sent, trigger, lex)
    best: tuple[float, Place] | None = None
    for place in places:
        if place.role != "place":
            continue
        if not (sent.start_char <= place.char_span[0] < sent.end_char):
            continue
        score = scorer.score(place)
        if score is None:
            continue
        if best is None or score > best[0]:
            best = (score, place)
    return best[1] if best else None
