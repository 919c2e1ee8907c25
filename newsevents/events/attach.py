"""Attach dates, places and counts to event mentions.

A date or place belongs to an event when the parse hangs it on the trigger,
on a verb that carries the trigger (a light verb, a frame, a coordinated
verb), or on the event's subject ("Khalilzad, ..., on Tuesday, met"). A
reporting verb's date == the report's, not the event's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Span, Token

from ..codebook.patterns import PatternSet
from ..model import Place
from ..nlp.extensions import doc_text, sentence_of
from ..nlp.records import CountMention, DateMention
from .coder import Candidate
from .slots import subject_of

LocationChooser = Callable[[Span, Token, Sequence[Place]], Place | None]

_MODIFIER_DEPS = {"compound", "amod", "nmod", "poss"}
_FEATURE_HEADS = {
    "province",
    "city",
    "district",
    "region",
    "town",
    "village",
    "capital",
    "state",
    "county",
    "governorate",
    "area",
    "prefecture",
    "department",
    "municipality",
}
# Events that happen where their target is: "stops in China", "an attack on Kabul".
_AT_TARGET_ROOTS = {"04", "18", "19", "20"}


def attachment(doc: Doc, start: int, end: int) -> Token:
    """The token a date or place phrase hangs on, through one preposition.

    "central Wardak province" hangs on what "province" hangs on; "on
    Tuesday" on the word "on" attaches to; "last month" on its head.
    """
    cur = doc[start:end].root
    if cur.dep_ in ("compound", "nmod", "appos") and cur.head != cur:
        cur = cur.head
    if cur.dep_ == "pobj" and cur.head.dep_ in ("prep", "agent") and cur.head.head != cur.head:
        return cur.head.head
    if cur.dep_ in ("npadvmod", "tmod", "advmod") and cur.head != cur:
        return cur.head
    return cur


def _anchor_tokens(c: Candidate, patterns: PatternSet) -> list[Token]:
    anchors = [
        t for t in c.anchors if t.lemma_.lower() not in patterns.report_verbs or t == c.trigger
    ]
    # a coordinated verb shares its first conjunct's setting: "In Kabul, X spoke ... and vowed"
    for t in list(anchors):
        if t.dep_ == "conj" and t.head.pos_ in ("VERB", "AUX") and t.head not in anchors:
            anchors.append(t.head)
    subj = subject_of(c.trigger) if c.trigger.pos_ == "VERB" else None
    if subj is not None:
        anchors.append(subj)
    return anchors


def choose_date(
    c: Candidate, dates: Sequence[DateMention], patterns: PatternSet
) -> DateMention | None:
    doc = c.trigger.doc
    sent = sentence_of(c.trigger)
    anchors = _anchor_tokens(c, patterns)
    ids = [a.i for a in anchors]
    best: tuple[int, DateMention] | None = None
    for dm in dates:
        if not (sent.start <= dm.start < sent.end):
            continue
        att = attachment(doc, dm.start, dm.end)
        if att.i in ids:
            rank = ids.index(att.i)
            if best is None or rank < best[0]:
                best = (rank, dm)
    return best[1] if best else None


def _place_attachment(doc: Doc, place: Place) -> Token | None:
    span = doc.char_span(place.char_span[0], place.char_span[1], alignment_mode="expand")
    if span is None:
        return None
    return attachment(doc, span.start, span.end)


def fallback_location(c: Candidate, places: Sequence[Place], patterns: PatternSet) -> Place | None:
    """A place in "in/at/near X" hanging on the trigger, its anchors or its object."""
    doc = c.trigger.doc
    sent = sentence_of(c.trigger)
    anchors = {a.i for a in _anchor_tokens(c, patterns)}
    for child in c.trigger.children:
        if child.dep_ in ("dobj", "pobj"):
            anchors.add(child.i)
    if c.target is not None:
        anchors.add(c.target.head)
    for place in places:
        if place.role != "place" or not (sent.start_char <= place.char_span[0] < sent.end_char):
            continue
        att = _place_attachment(doc, place)
        if att is None:
            continue
        span = doc.char_span(place.char_span[0], place.char_span[1], alignment_mode="expand")
        root = span.root if span is not None else None
        if (
            root is not None
            and root.dep_ in _MODIFIER_DEPS
            and root.head.lemma_.lower() not in _FEATURE_HEADS
        ):
            continue  # "US troops": a place name describing an actor, not a setting
        prep = root.head if root is not None and root.dep_ == "pobj" else None
        if prep is not None and prep.lower_ in ("from", "to", "of", "for", "with", "against"):
            continue
        if att.i in anchors:
            return place
    return None


def choose_location(
    c: Candidate,
    places: Sequence[Place],
    patterns: PatternSet,
    chooser: LocationChooser | None,
) -> Place | None:
    sent = sentence_of(c.trigger)
    text = doc_text(c.trigger.doc)
    in_sentence = [
        p
        for p in places
        if sent.start_char <= p.char_span[0] < sent.end_char
        and p.role == "place"
        # "a UK-based group", "Iran-backed militia": the place describes, it is not a setting
        and not re.match(r"-[A-Za-z]", text[p.char_span[1] : p.char_span[1] + 2])
    ]
    if not in_sentence:
        return None
    if (
        c.target is not None
        and c.root in _AT_TARGET_ROOTS
        and c.target.actor.kind in ("state", "capital")
    ):
        at_target = [p for p in in_sentence if p.char_span == c.target.actor.span]
        if at_target and (c.trigger.pos_ != "VERB" or c.code.startswith("042")):
            return at_target[0]
    if chooser is not None:
        for anchor in [c.trigger, *c.anchors]:
            if anchor.lemma_.lower() in patterns.report_verbs and anchor != c.trigger:
                continue
            found = chooser(sent, anchor, in_sentence)
            if found is not None:
                return found
        return None
    return fallback_location(c, in_sentence, patterns)


def counts_for(c: Candidate, counts: Sequence[CountMention]) -> list[CountMention]:
    sent = sentence_of(c.trigger)
    out = []
    target_ids: set[int] = set()
    if c.target is not None:
        target_ids = set(range(c.target.start, c.target.end)) | {c.target.head}
    for cm in counts:
        if not (sent.start <= cm.start < sent.end):
            continue
        if cm.verb == c.trigger.i or cm.noun in target_ids or cm.noun == c.trigger.i:
            out.append(cm)
            continue
        violent = c.root in ("18", "19", "20")
        if cm.kind in ("killed", "injured") and violent and cm.verb is not None:
            verb = c.trigger.doc[cm.verb]
            if c.trigger in verb.subtree or verb in c.trigger.subtree:
                out.append(cm)
        elif cm.kind == "troops" and c.target is not None and c.target.actor.agent == "MIL":
            noun = c.trigger.doc[cm.noun]
            if noun in c.trigger.subtree:
                out.append(cm)
    return out
