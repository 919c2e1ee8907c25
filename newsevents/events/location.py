"""Where an event happened, among the places its sentence names.

A sentence names more places than events happen in: "US troops", "the Kabul
government", "flew from Doha", "Afghan forces". The event's place is one the
parse puts in the event's setting:

- the object of a locative preposition ("in/at/near/inside X") that hangs on
  the trigger, on a verb the trigger hangs on or that hangs on it, or on one of
  the trigger's arguments ("an attack on a base in X");
- reached through "of" from a spatial noun ("the outskirts of X", "the town of
  X", "the streets of X") or as a modifier of a thing in such a phrase ("in a
  Ramallah house");
- the trigger's object or passive subject when the event is done to a place
  ("captured the Golan Heights", "Gaza was captured");
- the object of a fight ("the battle for Manbij", "an attack on Kabul") and the
  end of a trip ("traveled to Tehran": a visit happens where it ends).

A place that only describes an actor ("US troops", "the Kabul government"), an
origin or other destination ("from X", "sent to X"), a subject that acts
("Turkey shelled"), a landmark's owner ("the US embassy"), or a demonym is never
chosen. Among the rest the score adds how clearly the relation marks a setting,
less the distance in the parse (cheap inside the trigger's own phrase, dearer
across another clause), plus how specific the place is: a village over the
district "of" which it is part, "the West Bank town of Jenin" is Jenin, the town
over a named mosque in it; a place given as a landmark ("X, south of Algiers") or
a scene-setting opener ("In Gaza, ...") counts for less. When the parse ties no
place to the trigger, a place in a locative phrase elsewhere in the sentence is
the last resort. Word lists are in newsevents/gazetteer/data/places.yaml.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from ..gazetteer import Lexicon, load_lexicon
from ..model import Place

_MODIFIER_DEPS = {"compound", "amod", "nmod", "poss", "nummod"}
_OBJECT_DEPS = {"dobj", "obj", "attr", "oprd", "nsubjpass"}
_LOOSE_DEPS = {"npadvmod", "advmod", "appos", "dep", "ROOT", "conj"}
# Further than this many arcs from the trigger is another clause's business.
_MAX_ARCS = 4
# How specific a place is: a village over its province over its country.
_SPECIFIC = {
    None: 1.35, "city": 1.2, "capital": 1.05, "admin2": 0.9, "admin1": 0.45,
    "region": 0.0, "country": 0.0, "continent": 0.0,
}
# An unknown name marked as a village or quarter ("Hazrama village") is more specific still.
_SMALL_FEATURE = 0.3
_SITE = 1.0
# Feature nouns for parts of a town: a city named before one of these holds it.
_WITHIN_TOWN = {
    "neighbourhood", "neighborhood", "neighbourhoods", "neighborhoods", "quarter", "district",
    "suburb", "suburbs", "area", "township", "camp", "refugee", "square", "market",
}
# "the battle for X", "an offensive against X": a contest for a place happens there.
_CONTEST_PREPS = {"for", "on", "against", "of", "over"}
# How well a relation marks a setting: "in X" > "shelled X" > "criticised Iran".
_LOCATIVE = 2.0
_OBJECT = 1.8
_OBJECT_COUNTRY = 0.8
_OBJECT_UNKNOWN = 1.0
_ROUTE = 1.0
# A place given as a landmark for another ("X, southeast of Algiers", "X near Farah").
_REFERENCE = 0.8
_PLACE_ENTS = ("GPE", "LOC", "FAC")
_ACTOR_ENTS = ("NORP", "ORG", "PERSON")
_DIRECTIONS = {
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
    "north-east", "north-west", "south-east", "south-west",
}
# An opening "In X, ..." sets a wider scene than the event's own place.
_FRAMING = 0.6
# A setting hung on the verb the trigger serves ("launched ... in X, targeting Y") is
# that verb's before it is the trigger's.
_OTHER_ANCHOR = 0.8
_SUBCLAUSE = 1.2
_CLAUSE_DEPS = {"advcl", "xcomp", "acl", "relcl", "ccomp", "conj", "pcomp"}
# Below any place the parse ties to the trigger.
_FALLBACK = -3.0


def _path_len(a: Token, b: Token) -> int:
    """Arcs between two tokens of one sentence, through their lowest common ancestor."""
    depth = {t.i: n for n, t in enumerate([a, *a.ancestors])}
    for n, t in enumerate([b, *b.ancestors]):
        if t.i in depth:
            return depth[t.i] + n
    return 99


def _measured(noun: Token) -> bool:
    """ "600 km south", "10 miles north": a direction with a distance before it."""
    return noun.lower_ in _DIRECTIONS and any(
        c.like_num or c.dep_ in ("nummod", "quantmod") for c in noun.subtree if c.i < noun.i
    )


def _has_own_name(noun: Token, other: Token) -> bool:
    """Whether a setting noun is named by something other than ``other``: "the village of
    Abu Allaj", "Hazrama village"."""
    for child in noun.children:
        if child.i == other.i:
            continue
        if child.dep_ == "compound" and child.pos_ == "PROPN":
            return True
        if child.dep_ == "prep" and child.lower_ == "of" and any(
            g.pos_ == "PROPN" and g.i != other.i for g in child.children
        ):
            return True
    return False


class _Scorer:
    def __init__(self, sent: Span, trigger: Token, lex: Lexicon, places: Sequence[Place] = ()):
        self.places = places
        self.sent = sent
        self.trigger = trigger
        self.lex = lex
        self.anchors = self._anchors(trigger)
        self.feature: str | None = None

    @staticmethod
    def _anchors(trigger: Token) -> set[int]:
        """The trigger, the verb a noun or non-finite trigger serves, and its conjuncts."""
        anchors = {trigger.i}
        head = trigger.head
        if trigger.dep_ in ("xcomp", "conj", "advcl", "pcomp", "acl", "relcl") or trigger.pos_ in (
            "NOUN", "PROPN"
        ):
            # "In Kabul, he spoke and vowed": a second conjunct shares the first's setting
            anchors.add(head.i)
            if head.dep_ == "prep":  # "killed in the attack" seen from "attack"
                anchors.add(head.head.i)
        return anchors

    def distance(self, attach: Token) -> float | None:
        """A penalty for how far the place's phrase hangs from the trigger.

        Below the trigger (its own phrase, however deep the parser hung a "in X"
        under a noun) costs little; a clause with its own subject on the way costs
        more. Above or beside it costs more, and past four arcs it is another event's.
        """
        doc = self.sent.doc
        trigger = self.trigger
        if attach.i == trigger.i or trigger in attach.ancestors:
            cost, cur = 0.0, attach
            while cur.i != trigger.i:
                cost += 0.3
                if cur.dep_ in ("relcl", "ccomp", "conj") and any(
                    c.dep_ in ("nsubj", "nsubjpass") for c in cur.children
                ):
                    cost += 0.8  # another clause with its own subject: another event
                elif cur.dep_ in _CLAUSE_DEPS and cur.pos_ in ("VERB", "AUX"):
                    cost += _SUBCLAUSE  # "launched ..., targeting X": the participle's own event
                cur = cur.head
            return cost
        if attach.i in self.anchors:
            return _OTHER_ANCHOR  # the verb a participle or noun trigger serves: its own setting
        arcs = min(_path_len(attach, doc[i]) for i in self.anchors)
        return None if arcs > _MAX_ARCS else 0.6 * arcs

    def _place_at(self, token: Token) -> Place | None:
        for p in self.places:
            if p.char_span[0] <= token.idx < p.char_span[1]:
                return p
        return None

    def _wide(self, place: Place | None, noun: Token) -> bool:
        """Whether a place modifying a feature noun is wider than it: the West Bank for a
        town, Baghdad for a neighbourhood (not Zafaraniyah for its district)."""
        if place is None or place.lat is None:
            return False
        if place.feature in ("country", "admin1", "region", "continent"):
            return True
        return place.feature in ("city", "capital") and noun.lower_ in _WITHIN_TOWN

    def _named_by_other(self, noun: Token, of_object: Token) -> bool:
        """Whether a feature noun reached through "of" already carries its own name."""
        for c in noun.children:
            if c.dep_ in ("compound", "amod") and c.ent_type_ in _PLACE_ENTS and c.i != of_object.i:
                return not self._wide(self._place_at(c), noun)
        return False

    def _container(self, span: Span) -> bool:
        """Whether this mention only qualifies a feature noun that names its own place:
        "the West Bank town of Jenin", "the south Baghdad neighbourhood of Zafaraniya",
        "Yemen's Maarib province"."""
        root = span.root
        noun = root if self._is_setting_noun(root) else root.head
        if not self._is_setting_noun(noun) or not (root.i == noun.i or root.dep_ in (
            "compound", "amod", "poss"
        )):
            return False
        named = any(
            (c.dep_ == "prep" and c.lower_ == "of" and any(g.pos_ == "PROPN" for g in c.children))
            or (c.dep_ == "compound" and c.pos_ == "PROPN" and not span.start <= c.i < span.end)
            for c in noun.children
        )
        return named and self._wide(self._place_at(root), noun)

    def _is_setting_noun(self, tok: Token) -> bool:
        word = tok.lower_
        return word in self.lex.feature_words or word in self.lex.relative_nouns

    def climb(self, root: Token) -> tuple[Token, float] | None:
        """From a place name to the phrase that places it in the sentence, with a penalty.

        None when the name only describes an actor or is an origin or destination.
        """
        tok, penalty = root, 0.0
        for _ in range(8):
            head = tok.head
            if head.i == tok.i:
                return tok, penalty
            dep = tok.dep_
            if dep in _MODIFIER_DEPS or (dep == "appos" and self._is_setting_noun(head)):
                if self._is_setting_noun(head):
                    tok = head  # "Wardak province", "the West Bank town"
                    continue
                if head.lower_ in self.lex.actor_nouns or head.ent_type_ in _ACTOR_ENTS:
                    return None  # "US troops", "the Kabul government"
                # "a Ramallah house", "a Tel Aviv nightclub", "Thailand's main opposition party";
                # a country describing a thing ("a US military base") is a weaker setting
                # and an unknown name on a thing is most likely the thing's own name ("the Rio
                # Rosas bar"), a facility rather than the town the gold would give
                wide = self.feature in ("country", "continent", "region")
                unknown = self.feature is None
                tok, penalty = head, penalty + (1.0 if wide or unknown else 0.5)
                continue
            if dep == "conj" and head.ent_type_ in (*_PLACE_ENTS, "") and head.pos_ in (
                "PROPN", "NOUN"
            ):
                tok = head  # "Palmyra and Quaryatayn": the second shares the first's role
                continue
            if dep == "pobj" and head.dep_ in ("prep", "agent", "dative"):
                word = head.lower_
                if word == "of":
                    noun = head.head
                    if noun.lower_ in self.lex.actor_nouns or noun.ent_type_ in ("ORG", "PERSON"):
                        return None  # "the president of X", "the people of X"
                    if _measured(noun):
                        return None  # "600 km south of Johannesburg": a reference point
                    if noun.lower_ in _DIRECTIONS:
                        penalty += _REFERENCE  # "Baraki, southeast of Algiers"
                    elif self._named_by_other(noun, tok):
                        penalty += _REFERENCE  # "the Zafaraniyah district of Baghdad"
                    elif not self._is_setting_noun(noun):
                        penalty += 0.3
                    tok = noun  # "the outskirts of X", "the town of X"
                    continue
                return tok, penalty
            return tok, penalty
        return tok, penalty

    def attachment(self, tok: Token) -> tuple[Token, float] | None:
        """The token the place's phrase hangs on, and how well the relation marks a setting."""
        dep = tok.dep_
        if tok.lower_ in self.lex.relative_nouns and dep in ("advmod", "npadvmod", "prep"):
            if _measured(tok):
                return None  # "600 km south of Johannesburg": a reference point, not the place
            return tok.head, _LOCATIVE  # "positions northeast of Hazrama village"
        if dep == "pobj" and tok.head.dep_ in ("prep", "agent", "dative"):
            prep = tok.head
            word = prep.lower_
            if word in ("to", "toward", "towards") and prep.head.pos_ in ("NOUN", "PROPN"):
                return prep.head, _ROUTE  # "on the road to Ariel", not "flew to Doha"
            if word in ("to", "into") and prep.head.lemma_.lower() in self.lex.arrival_verbs:
                return prep.head, _ROUTE  # "traveled to Tehran": a visit happens where it ends
            lex = self.lex
            if word in _CONTEST_PREPS and prep.head.lemma_.lower() in lex.contest_nouns:
                return prep.head, _LOCATIVE - 0.3  # "the battle for Manbij", "an attack on Kabul"
            if word in lex.non_locative_prepositions or word not in lex.locative_prepositions:
                return None
            attach = prep.head
            if attach.dep_ == "prep" and attach.lower_ in self.lex.locative_prepositions:
                attach = attach.head  # "near the town in X"
            if self._is_setting_noun(attach) and _has_own_name(attach, tok):
                # "the village of Abu Allaj in western Raqqa": Raqqa only contains the village
                return attach, _LOCATIVE - _REFERENCE
            return attach, _LOCATIVE
        if dep in _OBJECT_DEPS:
            return tok.head, _OBJECT  # "captured the Golan Heights", "Gaza was captured"
        if dep in _LOOSE_DEPS:
            return tok.head, 0.3
        return None

    def score(self, place: Place) -> float | None:
        doc = self.sent.doc
        span = doc.char_span(place.char_span[0], place.char_span[1], alignment_mode="expand")
        if span is None:
            return None
        root = span.root
        if self.trigger.i in range(span.start, span.end):
            return None  # the trigger is part of the name
        self.feature = place.feature
        climbed = self.climb(root)
        if climbed is None:
            return None
        tok, penalty = climbed
        if self._container(span):
            penalty += _REFERENCE  # "the West Bank town of Jenin": the West Bank holds Jenin
        attached = self.attachment(tok)
        if attached is None:
            return self.fallback(tok, place, root)
        attach, quality = attached
        if quality == _OBJECT and place.feature in ("country", "continent"):
            quality = _OBJECT_COUNTRY  # "criticised Iran": a country as object is mostly a party
        elif quality == _OBJECT and place.lat is None and not self.marked(place):
            quality = _OBJECT_UNKNOWN  # "captured Abu Zubaydah": an unknown object may be a person
        if quality == _LOCATIVE and self.framing(tok):
            quality -= _FRAMING
        cost = self.distance(attach)
        if cost is None:
            return self.fallback(tok, place, root)
        return quality - penalty - cost + self.specific(place) - 0.01 * abs(root.i - self.trigger.i)

    def marked(self, place: Place) -> bool:
        """Whether the place's own words say it is a small place ("Sabir area")."""
        words = place.text.lower().split()
        return bool(words) and self.lex.feature_words.get(words[-1]) in ("city", "admin2")

    def specific(self, place: Place) -> float:
        bonus = _SPECIFIC.get(place.feature, 0.5)
        if place.lat is None and place.feature is None:
            words = place.text.lower().split()
            kind = self.lex.feature_words.get(words[-1]) if words else None
            if kind in ("city", "admin2"):
                bonus += _SMALL_FEATURE  # "Hazrama village"
            elif kind in ("site", "landmark"):
                bonus = _SITE  # "the Masjid Bilal mosque in Likoni": the town before the mosque
        return bonus

    def framing(self, tok: Token) -> bool:
        """ "In the Gaza Strip, X was shot near Khan Yunis": a phrase that opens the sentence
        before its subject sets the scene, usually wider than the event's own place."""
        prep = tok.head
        if prep.dep_ != "prep" or prep.i >= self.trigger.i:
            return False
        before = [t for t in self.sent if t.i < prep.i]
        return all(t.is_punct or t.pos_ in ("ADV", "CCONJ", "SCONJ") for t in before)


    def fallback(self, tok: Token, place: Place, root: Token) -> float | None:
        """A place the parse does not tie to the trigger, as a last resort.

        The small parser often hangs "in X" on the wrong word; a place in a locative
        phrase, or the sentence's only setting, is still likelier than none. Never an
        origin, destination, acting subject or actor's attribute (excluded before this).
        """
        if tok.dep_ in ("nsubj", "csubj"):
            return None
        if tok.dep_ == "pobj":
            word = tok.head.lower_
            if word not in self.lex.locative_prepositions:
                return None
        return _FALLBACK + self.specific(place) - 0.01 * abs(root.i - self.trigger.i)


def choose_event_location(sent: Span, trigger: Token, places: Sequence[Place]) -> Place | None:
    """The place in ``sent`` where the event of ``trigger`` happened, or None."""
    scorer = _Scorer(sent, trigger, load_lexicon(), places)
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
